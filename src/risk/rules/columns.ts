import { type Rule, type RuleContext, type RuleHit, alterCommands, existing, tableOf, constraintsOf, calledFunctions } from '../context.js'
import { type PgNode, type TableRef, tableKey } from '../types.js'
import { targetType, typeChangeRewrites } from '../type-change.js'

export const typeChangeRewrite: Rule = {
  name: 'type-change-rewrite',
  level: 'high',
  why: 'A column type change that is not binary-compatible rewrites the whole table and its indexes under ACCESS EXCLUSIVE (reads and writes wait).',
  saferWay:
    'Expand and contract: add a new column of the new type, backfill it in batches, switch the application, then drop the old column, each in its own migration. A longer varchar, text, or a larger timestamp precision changes only the catalog.',
  empty: 'lock',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live) return []
    const hits: RuleHit[] = []
    for (const cmd of alterCommands(ctx.stmt)) {
      if (cmd.subtype !== 'AT_AlterColumnType') continue
      if (ctx.batch.addedColumns.has(`${tableKey(ref)}.${cmd.name}`)) continue
      const from = live.columns.get(cmd.name)
      if (!from) continue
      const to = targetType(cmd.def?.ColumnDef?.typeName)
      const verdict = typeChangeRewrites(from, to, { using: cmd.def?.ColumnDef?.raw_default !== undefined, versionNum: ctx.facts.versionNum, timeZone: ctx.facts.timeZone })
      if (!verdict.rewrites) continue
      hits.push({
        table: ref,
        message: `ALTER COLUMN ${cmd.name} TYPE ${to.shown} (now ${from.shown}) rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE: ${verdict.why}; reads and writes wait until the end of the migration.`,
        saferWay: this.saferWay
      })
    }
    return hits
  }
}

export const addRequiredColumn: Rule = {
  name: 'add-required-column',
  level: 'high',
  why: 'ADD COLUMN … NOT NULL without a default fails on a table that has rows: the migration stops half-way through the batch.',
  saferWay: 'Add the column with a default (instant on PostgreSQL 11+ for a non-volatile default), or add it nullable, backfill, then SET NOT NULL safely in a later migration.',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live || live.hasRows === false) return []
    const hits: RuleHit[] = []
    for (const cmd of alterCommands(ctx.stmt)) {
      if (cmd.subtype !== 'AT_AddColumn') continue
      const def = cmd.def?.ColumnDef
      const cons = constraintsOf(def)
      const type = targetType(def?.typeName)
      const bareType = String((def?.typeName?.names ?? []).at(-1)?.String?.sval ?? '')
      const filled = cons.some(c => ['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'].includes(c.contype)) || /serial$/.test(bareType)
      const required = cons.some(c => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY')
      if (!required || filled) continue
      hits.push({
        table: ref,
        level: live.hasRows === undefined ? 'medium' : 'high',
        message:
          live.hasRows === undefined
            ? `ADD COLUMN ${def.colname} ${type.shown} NOT NULL without a default: the role may not read the table, so whether it has rows is unknown; on a table with rows the migration fails.`
            : `ADD COLUMN ${def.colname} ${type.shown} NOT NULL without a default on a table that has rows: PostgreSQL refuses it (the column would hold NULLs) and the migration fails.`,
        saferWay: this.saferWay
      })
    }
    return hits
  }
}

export const volatileDefault: Rule = {
  name: 'volatile-default',
  level: 'high',
  why: 'ADD COLUMN with a volatile default (gen_random_uuid(), clock_timestamp(), a serial or identity, a stored generated column) rewrites the whole table under ACCESS EXCLUSIVE; before PostgreSQL 11 any default did.',
  saferWay: 'Add the column without a default (or with a constant one), backfill it in batches, then SET DEFAULT for new rows, in separate migrations.',
  empty: 'lock',
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    if (!existing(ctx, ref)) return []
    const hits: RuleHit[] = []
    for (const cmd of alterCommands(ctx.stmt)) {
      if (cmd.subtype !== 'AT_AddColumn') continue
      const def = cmd.def?.ColumnDef
      const why = addColumnRewrite(ctx, cmd)
      if (why === undefined) continue
      hits.push({
        table: ref,
        message: `ADD COLUMN ${def.colname} rewrites the whole table under ACCESS EXCLUSIVE (reads and writes wait until the end of the migration): ${why}.`,
        saferWay: this.saferWay
      })
    }
    return hits
  }
}

export const needsNewerServer: Rule = {
  name: 'needs-newer-server',
  level: 'high',
  why: 'The statement uses a feature the target server does not have (the parser knows PostgreSQL 18); the migration fails there.',
  saferWay: 'Write it in the form the server supports, or upgrade the server first.',
  check(ctx) {
    const v = ctx.facts.versionNum
    const major = Math.floor(v / 10000)
    const hits: RuleHit[] = []
    for (const cmd of alterCommands(ctx.stmt)) {
      const c = cmd.def?.Constraint
      if (v < 180000 && cmd.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_NOTNULL') {
        hits.push({ message: `ADD CONSTRAINT … NOT NULL needs PostgreSQL 18; this server is ${major}.`, saferWay: 'Use `ALTER COLUMN … SET NOT NULL` (see set-not-null for the safe way).' })
      }
      if (v < 180000 && cmd.subtype === 'AT_AddColumn' && constraintsOf(cmd.def?.ColumnDef).some(k => k.contype === 'CONSTR_GENERATED' && k.generated_kind === 'v')) {
        hits.push({ message: `A virtual generated column needs PostgreSQL 18; this server is ${major} (write GENERATED ALWAYS AS (…) STORED).`, saferWay: this.saferWay })
      }
    }
    if (v < 120000 && ctx.stmt.kind === 'AlterEnumStmt' && ctx.stmt.node.newVal !== undefined && ctx.file.parsed.statements.length > 1) {
      hits.push({ message: `ALTER TYPE … ADD VALUE inside a transaction needs PostgreSQL 12; this server is ${major}.`, saferWay: 'Put ADD VALUE alone in its own migration file.' })
    }
    return hits
  }
}

/** Why ADD COLUMN rewrites the table, or undefined when it changes only the catalog. */
export function addColumnRewrite(ctx: Pick<RuleContext, 'facts' | 'batch'>, cmd: PgNode): string | undefined {
  const def = cmd.def?.ColumnDef
  const cons = constraintsOf(def)
  const bareType = String((def?.typeName?.names ?? []).at(-1)?.String?.sval ?? '')
  const dflt = cons.find(c => c.contype === 'CONSTR_DEFAULT')
  if (/serial$/.test(bareType)) return `the ${bareType} type takes its default from nextval(), which is volatile`
  if (cons.some(c => c.contype === 'CONSTR_IDENTITY')) return 'an identity column fills every row from its sequence'
  if (cons.some(c => c.contype === 'CONSTR_GENERATED' && c.generated_kind !== 'v')) return 'a stored generated column is computed for every row'
  if (!dflt) return undefined
  if (ctx.facts.versionNum < 110000) return `before PostgreSQL 11 (this server: ${ctx.facts.versionNum}) any default is written into every row`
  for (const fn of calledFunctions(dflt.raw_expr)) {
    const created = ctx.batch.createdFunctions.get(fn)
    const vols = created !== undefined ? new Set([created]) : ctx.facts.volatility.get(fn)
    if (vols === undefined) return `${fn}() is not a function in pg_catalog or the database, so it is taken as volatile`
    if (vols.has('v')) return `${fn}() is volatile (pg_proc.provolatile = 'v'): each row gets its own value`
  }
  return undefined
}

/** Whether ALTER COLUMN TYPE rewrites, judged from the live column (unknown columns: assumed). */
export function alterTypeRewrites(ctx: Pick<RuleContext, 'facts'>, table: TableRef, cmd: PgNode): boolean {
  const from = ctx.facts.tables.get(tableKey(table))?.columns.get(cmd.name)
  if (!from) return true
  const to = targetType(cmd.def?.ColumnDef?.typeName)
  return typeChangeRewrites(from, to, { using: cmd.def?.ColumnDef?.raw_default !== undefined, versionNum: ctx.facts.versionNum, timeZone: ctx.facts.timeZone }).rewrites
}
