import { type Rule, type RuleHit, alterCommands, existing, tableOf, stringList } from '../context.js'
import { showTable, tableKey } from '../types.js'

const BACKUP = 'Expand and contract: stop using it in a deployed release first, keep a verified backup, then drop it in a later migration (accept it here with an allow comment once reviewed).'

export const dropTable: Rule = {
  name: 'drop-table',
  level: 'high',
  why: 'DROP TABLE destroys the data; it takes ACCESS EXCLUSIVE on the table and on the tables its foreign keys reference.',
  saferWay: BACKUP,
  check(ctx) {
    if (ctx.stmt.kind !== 'DropStmt' || ctx.stmt.node.removeType !== 'OBJECT_TABLE') return []
    const hits: RuleHit[] = []
    for (const obj of ctx.stmt.node.objects ?? []) {
      const names = stringList(obj.List?.items)
      const ref = names.length > 1 ? { schema: names[0] as string, name: names[1] as string } : { schema: ctx.schema, name: names[0] as string }
      const live = existing(ctx, ref)
      if (!live) continue
      const also = live.references.filter(r => tableKey(r) !== tableKey(ref)).map(showTable)
      hits.push({
        table: ref,
        message: `DROP TABLE destroys its data and takes ACCESS EXCLUSIVE on it${also.length ? ` and on the referenced ${also.join(', ')} (its foreign keys' triggers are removed there)` : ''}.`,
        saferWay: this.saferWay
      })
    }
    return hits
  }
}

export const dropColumn: Rule = {
  name: 'drop-column',
  level: 'high',
  why: "DROP COLUMN destroys the column's data, and a running release that still reads or writes it fails.",
  saferWay: BACKUP,
  check(ctx) {
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live) return []
    return alterCommands(ctx.stmt)
      .filter(cmd => cmd.subtype === 'AT_DropColumn' && !ctx.batch.addedColumns.has(`${tableKey(ref)}.${cmd.name}`) && live.columns.has(cmd.name))
      .map(cmd => ({
        table: ref,
        message: `DROP COLUMN ${cmd.name} destroys its data (catalog-only, under ACCESS EXCLUSIVE); a running release that still uses the column fails.`,
        saferWay: this.saferWay
      }))
  }
}

export const dropEnumValue: Rule = {
  name: 'drop-enum-value',
  level: 'high',
  why: 'Replacing an enum by one without some values (Prisma writes CREATE TYPE …_new, ALTER COLUMN … TYPE, RENAME, DROP TYPE) fails on rows that hold a removed value and rewrites every table that uses it.',
  saferWay: 'First move the rows off the removed values (UPDATE in batches, released and run on its own), then remove the values in a later migration.',
  check(ctx) {
    if (ctx.stmt.kind !== 'RenameStmt' || ctx.stmt.node.renameType !== 'OBJECT_TYPE') return []
    const from = stringList(ctx.stmt.node.object?.List?.items)
    const newName = String(ctx.stmt.node.newname)
    const fromRef = from.length > 1 ? { schema: from[0] as string, name: from[1] as string } : { schema: ctx.schema, name: from[0] as string }
    const created = ctx.batch.createdEnums.get(tableKey(fromRef))
    const live = ctx.facts.enums.get(tableKey({ schema: fromRef.schema, name: newName }))
    if (!created || !live) return []
    const removed = live.filter(v => !created.includes(v))
    if (removed.length === 0) return []
    return [
      {
        message: `The enum ${showTable({ schema: fromRef.schema, name: newName })} is replaced by one without ${removed.map(v => `'${v}'`).join(', ')}: rows holding them make the migration fail, and every column of the type is rewritten.`,
        saferWay: this.saferWay
      }
    ]
  }
}

export const truncateTable: Rule = {
  name: 'truncate',
  level: 'high',
  why: 'TRUNCATE destroys every row, under ACCESS EXCLUSIVE.',
  saferWay: BACKUP,
  check(ctx) {
    if (ctx.stmt.kind !== 'TruncateStmt') return []
    return ((ctx.stmt.node.relations ?? []) as unknown[])
      .map(r => tableOf((r as { RangeVar?: unknown }).RangeVar, ctx.schema))
      .filter(ref => existing(ctx, ref))
      .map(ref => ({ table: ref, message: 'TRUNCATE destroys every row of the table, under ACCESS EXCLUSIVE.', saferWay: this.saferWay }))
  }
}

export const deleteAllRows: Rule = {
  name: 'delete-all-rows',
  level: 'high',
  why: "DELETE without WHERE destroys every row and holds every row's lock to the end of the migration's transaction.",
  saferWay: 'Delete in batches, outside the schema migration (or accept it with an allow comment once reviewed).',
  check(ctx) {
    if (ctx.stmt.kind !== 'DeleteStmt' || ctx.stmt.node.whereClause) return []
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live || live.hasRows === false) return []
    return [{ table: ref, message: "DELETE without WHERE destroys every row; each row stays locked until the end of the migration's transaction.", saferWay: this.saferWay }]
  }
}

export const updateAllRows: Rule = {
  name: 'update-all-rows',
  level: 'medium',
  why: "UPDATE without WHERE writes a new version of every row in the migration's transaction: every row stays locked to its end, and the table doubles in size until vacuumed.",
  saferWay: 'Backfill in batches (e.g. by primary key ranges) outside the schema migration, or in a data migration of its own.',
  check(ctx) {
    if (ctx.stmt.kind !== 'UpdateStmt' || ctx.stmt.node.whereClause) return []
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live || live.hasRows === false) return []
    return [{ table: ref, message: "UPDATE without WHERE rewrites every row in the migration's transaction; writers to those rows wait until its end.", saferWay: this.saferWay }]
  }
}
