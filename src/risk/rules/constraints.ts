import { type Rule, type RuleHit, alterCommands, existing, tableOf, stringList } from '../context.js'
import { showTable, tableKey } from '../types.js'

const LATER = 'in a later, separate migration (Prisma runs each file in one transaction: a lock taken in a file is held to its end)'

export const addForeignKey: Rule = {
  name: 'add-foreign-key',
  level: 'medium',
  why: 'Adding a validated foreign key takes SHARE ROW EXCLUSIVE on the table and on the referenced table (writes to both wait) while every row is checked.',
  saferWay: `Add it with \`NOT VALID\`, then \`ALTER TABLE … VALIDATE CONSTRAINT …\` ${LATER}.`,
  empty: 'lock',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const hits: RuleHit[] = []
    for (const cmd of alterCommands(ctx.stmt)) {
      const c = cmd.def?.Constraint
      if (cmd.subtype !== 'AT_AddConstraint' || c?.contype !== 'CONSTR_FOREIGN' || c.skip_validation) continue
      if (!existing(ctx, ref)) continue
      const target = tableOf(c.pktable, ctx.schema)
      hits.push({
        table: ref,
        message: `ADD FOREIGN KEY ${c.conname ?? ''} takes SHARE ROW EXCLUSIVE on ${showTable(ref)} and on the referenced ${showTable(target)}: writes to both wait while every row of ${showTable(ref)} is checked, until the end of the migration.`,
        saferWay: this.saferWay
      })
    }
    return hits
  }
}

export const addCheckConstraint: Rule = {
  name: 'add-check-constraint',
  level: 'medium',
  why: 'Adding a validated CHECK constraint takes ACCESS EXCLUSIVE (reads and writes wait) while every row is checked.',
  saferWay: `Add it with \`NOT VALID\`, then \`VALIDATE CONSTRAINT\` ${LATER}.`,
  empty: 'lock',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    if (!existing(ctx, ref)) return []
    return alterCommands(ctx.stmt)
      .filter(cmd => cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_CHECK' && !cmd.def.Constraint.skip_validation)
      .map(cmd => ({
        table: ref,
        message: `ADD CONSTRAINT ${cmd.def.Constraint.conname ?? ''} CHECK takes ACCESS EXCLUSIVE on the table: reads and writes wait while every row is checked, until the end of the migration.`,
        saferWay: this.saferWay
      }))
  }
}

export const addUniqueConstraint: Rule = {
  name: 'add-unique-constraint',
  level: 'medium',
  why: 'Adding a UNIQUE, PRIMARY KEY or EXCLUDE constraint builds its index under ACCESS EXCLUSIVE: reads and writes wait for the whole build.',
  saferWay: `Build the index with \`CREATE UNIQUE INDEX CONCURRENTLY\` alone in one migration, then \`ADD CONSTRAINT … UNIQUE USING INDEX …\` ${LATER}.`,
  empty: 'lock',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    if (!existing(ctx, ref)) return []
    return alterCommands(ctx.stmt)
      .filter(cmd => cmd.subtype === 'AT_AddConstraint' && ['CONSTR_UNIQUE', 'CONSTR_PRIMARY', 'CONSTR_EXCLUSION'].includes(cmd.def?.Constraint?.contype) && !cmd.def.Constraint.indexname)
      .map(cmd => ({
        table: ref,
        message: `ADD ${{ CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_EXCLUSION: 'EXCLUDE' }[cmd.def.Constraint.contype as string] ?? 'UNIQUE'} builds an index under ACCESS EXCLUSIVE: reads and writes on the table wait for the whole build, until the end of the migration.`,
        saferWay: this.saferWay
      }))
  }
}

export const setNotNull: Rule = {
  name: 'set-not-null',
  level: 'medium',
  why: 'SET NOT NULL takes ACCESS EXCLUSIVE and reads the whole table to check for NULLs, unless a validated CHECK (col IS NOT NULL) proves it (PostgreSQL 12+).',
  saferWay:
    'PostgreSQL 18+: `ADD CONSTRAINT … NOT NULL col NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration. 12–17: `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` in a later migration, then `SET NOT NULL` (no scan) and drop the check.',
  empty: 'lock',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live) return []
    const hits: RuleHit[] = []
    for (const cmd of alterCommands(ctx.stmt)) {
      const isSet = cmd.subtype === 'AT_SetNotNull'
      const isConstraint = cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_NOTNULL' && !cmd.def.Constraint.skip_validation
      if (!isSet && !isConstraint) continue
      const column: string = isSet ? cmd.name : (stringList(cmd.def.Constraint.keys)[0] ?? '')
      if (ctx.batch.addedColumns.has(`${tableKey(ref)}.${column}`)) continue
      const col = live.columns.get(column)
      if (col?.notNull) continue
      if (ctx.facts.versionNum >= 120000 && live.notNullChecked.has(column)) continue
      const v18 = ctx.facts.versionNum >= 180000
      hits.push({
        table: ref,
        message: `SET NOT NULL on ${column} takes ACCESS EXCLUSIVE on the table (reads and writes wait) while every row is read to check for NULLs, until the end of the migration.`,
        saferWay: v18
          ? 'On this server (PostgreSQL 18+): `ALTER TABLE … ADD CONSTRAINT … NOT NULL col NOT VALID` in one migration, `ALTER TABLE … VALIDATE CONSTRAINT …` in a later one (no ACCESS EXCLUSIVE for the scan).'
          : 'On this server (PostgreSQL 12–17): `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`; `VALIDATE CONSTRAINT` in a later migration; then `SET NOT NULL` (no scan, the check proves it) and drop the check.'
      })
    }
    return hits
  }
}

export const validateInSameFile: Rule = {
  name: 'validate-in-same-file',
  level: 'medium',
  why: 'A NOT VALID constraint validated in the same file gains nothing: the file is one transaction, so the strong lock of the ADD is held through the validation scan.',
  saferWay: 'Move `VALIDATE CONSTRAINT` into a later, separate migration.',
  empty: 'lock',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    return alterCommands(ctx.stmt)
      .filter(cmd => cmd.subtype === 'AT_ValidateConstraint' && ctx.file.notValidHere.has(`${tableKey(ref)}.${cmd.name}`) && existing(ctx, ref))
      .map(cmd => ({
        table: ref,
        message: `VALIDATE CONSTRAINT ${cmd.name} runs in the same file (one transaction) as the ADD … NOT VALID: the lock taken by the ADD is held while every row is checked.`,
        saferWay: this.saferWay
      }))
  }
}
