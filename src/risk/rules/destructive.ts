import { type Rule, type RuleHit, alterCommands, dropTargets, existing, tableOf, stringList } from '../context.js'
import { qualifiedName } from '../classify.js'
import { formatRows, holdsNoRows } from '../live-facts.js'
import { formatBytes } from '../../format.js'
import { type PgNode, type TableRef, quoteIdent, showTable, tableKey } from '../types.js'

const BACKUP = 'Expand and contract: stop using it in a deployed release first, keep a verified backup, then drop it in a later migration (accept it here with an allow comment once reviewed).'

export const dropTable: Rule = {
  name: 'drop-table',
  level: 'high',
  why: 'DROP TABLE destroys the data; it takes ACCESS EXCLUSIVE on the table and on the tables its foreign keys reference.',
  saferWay: BACKUP,
  empty: 'data',
  check(ctx) {
    if (ctx.stmt.kind !== 'DropStmt' || ctx.stmt.node.removeType !== 'OBJECT_TABLE') return []
    const hits: RuleHit[] = []
    for (const obj of ctx.stmt.node.objects ?? []) {
      const names = stringList(obj.List?.items)
      const ref = names.length > 1 ? { schema: names[0], name: names[1] } : { schema: ctx.schema, name: names[0] }
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
  empty: 'data',
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
    const fromRef = from.length > 1 ? { schema: from[0], name: from[1] } : { schema: ctx.schema, name: from[0] }
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
  why: 'TRUNCATE destroys every row, under ACCESS EXCLUSIVE; with CASCADE, every row of the tables that reference it through foreign keys too (read from the live catalog).',
  saferWay: BACKUP,
  check(ctx) {
    if (ctx.stmt.kind !== 'TruncateStmt') return []
    const hits: RuleHit[] = []
    const seen = new Set<string>()
    for (const r of (ctx.stmt.node.relations ?? []) as PgNode[]) {
      const ref = tableOf(r.RangeVar, ctx.schema)
      seen.add(tableKey(ref))
      const live = existing(ctx, ref)
      if (live && !holdsNoRows(live)) hits.push({ table: ref, message: 'TRUNCATE destroys every row of the table, under ACCESS EXCLUSIVE.', saferWay: this.saferWay })
    }
    if (ctx.stmt.node.behavior !== 'DROP_CASCADE') return hits
    for (const r of (ctx.stmt.node.relations ?? []) as PgNode[]) {
      const ref = tableOf(r.RangeVar, ctx.schema)
      for (const other of ctx.facts.truncatedWith.get(tableKey(ref)) ?? []) {
        if (seen.has(tableKey(other))) continue
        seen.add(tableKey(other))
        const live = existing(ctx, other)
        if (live && !holdsNoRows(live)) {
          hits.push({
            table: other,
            message: `TRUNCATE … CASCADE destroys every row of ${showTable(other)} too: it references ${showTable(ref)} through foreign keys, directly or through other tables (read from the live catalog).`,
            saferWay: this.saferWay
          })
        }
      }
    }
    return hits
  }
}

function allRowsMessage(verb: 'DELETE' | 'UPDATE', why: string, rest: string): string {
  return `${verb} with ${why === 'no WHERE' ? 'no WHERE' : 'a WHERE that is true for every row'} ${rest}`
}

export const deleteAllRows: Rule = {
  name: 'delete-all-rows',
  level: 'high',
  why: "DELETE without WHERE (or with a WHERE that is always true, such as `1 = 1`) destroys every row and holds every row's lock to the end of the migration's transaction.",
  saferWay: 'Delete in batches, outside the schema migration (or accept it with an allow comment once reviewed).',
  check(ctx) {
    if (ctx.stmt.kind !== 'DeleteStmt' || ctx.cls.allRows === undefined) return []
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live || holdsNoRows(live)) return []
    return [{ table: ref, message: allRowsMessage('DELETE', ctx.cls.allRows, "destroys every row; each row stays locked until the end of the migration's transaction."), saferWay: this.saferWay }]
  }
}

export const updateAllRows: Rule = {
  name: 'update-all-rows',
  level: 'medium',
  why: "UPDATE without WHERE (or with a WHERE that is always true) writes a new version of every row in the migration's transaction: every row stays locked to its end, and the table doubles in size until vacuumed.",
  saferWay: 'Backfill in batches (e.g. by primary key ranges) outside the schema migration, or in a data migration of its own.',
  check(ctx) {
    if (ctx.stmt.kind !== 'UpdateStmt' || ctx.cls.allRows === undefined) return []
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    const live = existing(ctx, ref)
    if (!live || holdsNoRows(live)) return []
    return [{ table: ref, message: allRowsMessage('UPDATE', ctx.cls.allRows, "rewrites every row in the migration's transaction; writers to those rows wait until its end."), saferWay: this.saferWay }]
  }
}

const SHOW_AT_MOST = 20
const list = (items: string[]): string => (items.length > SHOW_AT_MOST ? `${items.slice(0, SHOW_AT_MOST).join(', ')} and ${items.length - SHOW_AT_MOST} more` : items.join(', '))

export const cascadeDrop: Rule = {
  name: 'cascade-drop',
  level: 'high',
  why: '`DROP … CASCADE` (a schema, a type, a domain, a function, an extension, a table…) and `DROP OWNED` take with them every object that depends on what they drop: the tables and columns that go are named from the live catalog (pg_depend), with their sizes.',
  saferWay: 'Drop the dependent tables and columns explicitly first (each is then judged on its own), and drop the object without CASCADE: it then fails instead of taking more than intended.',
  check(ctx) {
    const targets = dropTargets(ctx.stmt, ctx.schema)
    if (targets.length === 0) return []
    const what = ctx.stmt.kind === 'DropOwnedStmt' ? 'DROP OWNED' : `DROP ${String(ctx.stmt.node.removeType).replace('OBJECT_', '').replace(/_/g, ' ')} … CASCADE`
    // The tables this statement names itself are drop-table's; the rest is what goes with them.
    const named = new Set(
      ctx.stmt.kind === 'DropStmt' && ctx.stmt.node.removeType === 'OBJECT_TABLE'
        ? ((ctx.stmt.node.objects ?? []) as PgNode[]).map(o => tableKey(qualifiedName(stringList(o.List?.items), ctx.schema)))
        : []
    )
    const tables = new Map<string, TableRef>()
    const columns = new Map<string, { table: TableRef; column: string }>()
    const views = new Set<string>()
    const foreignKeys = new Map<string, { table: TableRef; name: string }>()
    for (const t of targets) {
      const c = ctx.facts.casualties.get(t.key)
      if (!c?.found) continue
      for (const x of c.tables) if (!named.has(tableKey(x)) && existing(ctx, x)) tables.set(tableKey(x), x)
      for (const x of c.columns) if (existing(ctx, x.table)) columns.set(`${tableKey(x.table)}.${x.column}`, x)
      for (const v of c.views) views.add(v)
      for (const f of c.foreignKeys) if (!named.has(tableKey(f.table))) foreignKeys.set(`${tableKey(f.table)}.${f.name}`, f)
    }
    if (tables.size + columns.size + views.size + foreignKeys.size === 0) return []
    const rowsOf = (ref: TableRef): string => {
      const live = ctx.facts.tables.get(tableKey(ref))
      return live ? ` (${formatBytes(live.totalBytes)}, ${formatRows(live)})` : ''
    }
    const withData = [...tables.values(), ...[...columns.values()].map(c => c.table)].some(ref => {
      const live = ctx.facts.tables.get(tableKey(ref))
      return live === undefined || !holdsNoRows(live)
    })
    const parts: string[] = []
    if (tables.size > 0) parts.push(`the table${tables.size === 1 ? '' : 's'} ${list([...tables.values()].map(t => `${showTable(t)}${rowsOf(t)}`))}`)
    if (columns.size > 0) parts.push(`the column${columns.size === 1 ? '' : 's'} ${list([...columns.values()].map(c => `${showTable(c.table)}.${quoteIdent(c.column)}${rowsOf(c.table)}`))}`)
    if (views.size > 0) parts.push(list([...views]))
    if (foreignKeys.size > 0) parts.push(`the foreign key${foreignKeys.size === 1 ? '' : 's'} ${list([...foreignKeys.values()].map(f => `${quoteIdent(f.name)} of ${showTable(f.table)}`))}`)
    const first = [...tables.values()][0] ?? [...columns.values()][0]?.table
    return [
      {
        ...(first ? { table: first } : {}),
        level: withData ? 'high' : 'low',
        message: `${what} takes with it (read from the live catalog, pg_depend): ${parts.join('; ')}.${withData ? ' Their data is destroyed.' : ' None of them holds a row: no data is lost, but a running release that uses them fails.'}`,
        saferWay: this.saferWay
      }
    ]
  }
}

export const dropDatabase: Rule = {
  name: 'drop-database',
  level: 'high',
  why: 'DROP DATABASE destroys a whole database.',
  saferWay: 'Do not drop databases in a schema migration: do it by hand, after a verified backup.',
  check(ctx) {
    if (ctx.stmt.kind !== 'DropdbStmt') return []
    return [{ message: `DROP DATABASE ${quoteIdent(String(ctx.stmt.node.dbname))} destroys the whole database and everything in it.`, saferWay: this.saferWay }]
  }
}
