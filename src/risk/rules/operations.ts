import { type Rule, type RuleContext, type RuleHit, existing, stringList, tableOf } from '../context.js'
import { qualifiedName, blocks } from '../classify.js'
import { type PgNode, type TableRef, showTable, tableKey } from '../types.js'

/**
 * Locks and rewrites of maintenance and other commands from PostgreSQL's "Explicit Locking" page:
 * VACUUM FULL, CLUSTER, SET LOGGED/UNLOGGED, SET TABLESPACE, SET ACCESS METHOD, REINDEX, LOCK TABLE,
 * REFRESH MATERIALIZED VIEW, DROP INDEX, ALTER DOMAIN … ADD CONSTRAINT; and a general rule for any
 * other statement that holds a blocking lock while it reads, indexes or rewrites a table.
 */

const END = 'until the end of the migration (the file is one transaction)'
const REPACK = 'Rebuild the table online with pg_repack (or pg_squeeze) outside the schema migration, or run it in a maintenance window.'

/** The live table (not created earlier in the batch) a statement names, with what to call it. */
function live(ctx: RuleContext, ref: TableRef | undefined): TableRef | undefined {
  return ref && ref.name && existing(ctx, ref) ? ref : undefined
}

export const tableRewrite: Rule = {
  name: 'table-rewrite',
  level: 'high',
  why: 'VACUUM FULL, CLUSTER, ALTER TABLE … SET LOGGED / SET UNLOGGED / SET TABLESPACE / SET ACCESS METHOD / ALTER COLUMN … SET EXPRESSION write a new copy of the whole table (and its indexes) under ACCESS EXCLUSIVE: reads and writes wait for the whole copy.',
  saferWay: REPACK,
  empty: 'lock',
  check(ctx) {
    const n = ctx.stmt.node
    const hits: RuleHit[] = []
    const general = this.saferWay
    const hit = (ref: TableRef | undefined, what: string, saferWay = general): void => {
      if (ref === undefined) return
      hits.push({ table: ref, message: `${what} under ACCESS EXCLUSIVE on ${showTable(ref)}: reads and writes wait for the whole copy, ${END}.`, saferWay })
    }
    switch (ctx.stmt.kind) {
      case 'VacuumStmt': {
        const full = ctx.cls.work === 'rewrite'
        if (!full) break
        const rels = ((n.rels ?? []) as PgNode[]).map(r => tableOf(r.VacuumRelation?.relation, ctx.schema))
        if (rels.length === 0) {
          hits.push({
            message: `VACUUM FULL without a table rewrites every table of the database, each under ACCESS EXCLUSIVE.`,
            saferWay: `Name the tables, and rebuild them online with pg_repack instead; plain VACUUM does not lock out reads or writes.`
          })
        }
        for (const r of rels) hit(live(ctx, r), 'VACUUM FULL rewrites the table and its indexes', `${REPACK} Plain VACUUM (without FULL) does not lock out reads or writes.`)
        break
      }
      case 'ClusterStmt':
        if (!n.relation)
          hits.push({
            message: 'CLUSTER without a table rewrites every table clustered before, each under ACCESS EXCLUSIVE.',
            saferWay: 'Use pg_repack --order-by to reorder a table online, outside the schema migration.'
          })
        else
          hit(
            live(ctx, tableOf(n.relation, ctx.schema)),
            'CLUSTER rewrites the table in index order, with its indexes',
            'Use pg_repack --order-by to reorder the table online, outside the schema migration.'
          )
        break
      case 'AlterTableMoveAllStmt':
        hits.push({
          message: `ALTER TABLE ALL IN TABLESPACE ${String(n.orig_tablespacename)} SET TABLESPACE ${String(n.new_tablespacename)} copies every table of the tablespace, each under ACCESS EXCLUSIVE, ${END}.`,
          saferWay: 'Move tables one at a time online with pg_repack --tablespace, outside the schema migration.'
        })
        break
      case 'AlterTableStmt': {
        const objtype = n.objtype ?? 'OBJECT_TABLE'
        const target = tableOf(n.relation, ctx.schema)
        for (const cmd of (n.cmds ?? []) as PgNode[]) {
          const c = cmd.AlterTableCmd ?? {}
          if (objtype === 'OBJECT_INDEX') {
            if (c.subtype === 'AT_SetTableSpace') {
              const table = live(ctx, ctx.facts.indexes.get(tableKey(target)))
              if (table)
                hits.push({
                  table,
                  message: `ALTER INDEX ${showTable(target)} SET TABLESPACE copies the index under ACCESS EXCLUSIVE on it: every query that plans on ${showTable(table)} waits for the copy, ${END}.`,
                  saferWay: 'Rebuild the index in the new tablespace with CREATE INDEX CONCURRENTLY … TABLESPACE, alone in its own migration, then drop the old one CONCURRENTLY.'
                })
            }
            continue
          }
          if (objtype !== 'OBJECT_TABLE' && objtype !== 'OBJECT_MATVIEW') continue
          const ref = live(ctx, target)
          switch (c.subtype) {
            case 'AT_SetLogged':
              hit(
                ref,
                'SET LOGGED writes the whole table to the write-ahead log (a rewrite)',
                'There is no online way: create a logged copy and backfill it in batches, or run it in a maintenance window.'
              )
              break
            case 'AT_SetUnLogged':
              hit(ref, 'SET UNLOGGED rewrites the table', 'There is no online way: run it in a maintenance window (an unlogged table is emptied after a crash and not replicated).')
              break
            case 'AT_SetTableSpace':
              hit(ref, `SET TABLESPACE ${String(c.name)} copies the table's files`, 'Move it online with pg_repack --tablespace, outside the schema migration.')
              break
            case 'AT_SetAccessMethod':
              hit(ref, `SET ACCESS METHOD ${String(c.name ?? '')} rewrites the table`, REPACK)
              break
            case 'AT_SetExpression':
              hit(
                ref,
                `ALTER COLUMN ${String(c.name)} SET EXPRESSION recomputes the generated column for every row (a rewrite)`,
                'Add a new generated column, switch the application to it, then drop the old one, in separate migrations.'
              )
              break
          }
        }
        break
      }
    }
    return hits
  }
}

export const reindex: Rule = {
  name: 'reindex',
  level: 'medium',
  why: 'REINDEX without CONCURRENTLY takes SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index it rebuilds (every query that plans on the table waits), for the whole rebuild.',
  saferWay: 'Use `REINDEX … CONCURRENTLY` (PostgreSQL 12+), alone in its own migration (a one-statement file runs outside a transaction).',
  empty: 'lock',
  check(ctx) {
    if (ctx.stmt.kind !== 'ReindexStmt' || ctx.cls.noTransaction === 'REINDEX CONCURRENTLY') return []
    const n = ctx.stmt.node
    const kind = String(n.kind)
    if (kind === 'REINDEX_OBJECT_INDEX' || kind === 'REINDEX_OBJECT_TABLE') {
      const named = tableOf(n.relation, ctx.schema)
      const table = live(ctx, kind === 'REINDEX_OBJECT_INDEX' ? ctx.facts.indexes.get(tableKey(named)) : named)
      if (!table) return []
      return [
        {
          table,
          message: `REINDEX ${kind === 'REINDEX_OBJECT_INDEX' ? `INDEX ${showTable(named)}` : 'TABLE'} takes SHARE on ${showTable(table)} (writes wait) and ACCESS EXCLUSIVE on ${kind === 'REINDEX_OBJECT_INDEX' ? 'the index' : 'each index'} (queries that plan on the table wait) for the whole rebuild, ${END}.`,
          saferWay: this.saferWay
        }
      ]
    }
    return [
      {
        message: `REINDEX ${kind.replace('REINDEX_OBJECT_', '')} ${String(n.name ?? '')} rebuilds the indexes of every table in it, each table under SHARE and its indexes under ACCESS EXCLUSIVE.`,
        saferWay: this.saferWay
      }
    ]
  }
}

export const lockTable: Rule = {
  name: 'lock-table',
  level: 'medium',
  why: 'LOCK TABLE holds the lock to the end of the migration (the file is one transaction): in a mode of SHARE or stronger, writes (and in ACCESS EXCLUSIVE, the default, reads too) wait for everything after it in the file.',
  saferWay: 'Drop the explicit lock (each statement takes the lock it needs), or keep the rest of the file short and set `lock_timeout` first.',
  empty: 'lock',
  check(ctx) {
    if (ctx.stmt.kind !== 'LockStmt') return []
    const hits: RuleHit[] = []
    for (const l of ctx.cls.locks) {
      if (!live(ctx, l.table)) continue
      const blocked = blocks(l.mode)
      hits.push({
        table: l.table,
        level: blocked ? 'medium' : 'low',
        message: blocked
          ? `LOCK TABLE ${showTable(l.table)} IN ${l.mode} MODE: ${blocked} on it wait from here ${END}.`
          : `LOCK TABLE ${showTable(l.table)} IN ${l.mode} MODE ${END}: it conflicts only with schema changes and maintenance, not with reads or writes.`,
        saferWay: this.saferWay
      })
    }
    return hits
  }
}

export const refreshMaterializedView: Rule = {
  name: 'refresh-materialized-view',
  level: 'medium',
  why: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY takes ACCESS EXCLUSIVE on the view: every read of it waits while its query runs.',
  saferWay: '`REFRESH MATERIALIZED VIEW CONCURRENTLY` (needs a unique index on the view; reads go on), outside the schema migration.',
  empty: 'lock',
  check(ctx) {
    const n = ctx.stmt.node
    if (ctx.stmt.kind !== 'RefreshMatViewStmt' || n.concurrent || n.skipData) return []
    const ref = live(ctx, tableOf(n.relation, ctx.schema))
    if (!ref) return []
    return [{ table: ref, message: `REFRESH MATERIALIZED VIEW ${showTable(ref)} takes ACCESS EXCLUSIVE on it: reads of the view wait while its query runs, ${END}.`, saferWay: this.saferWay }]
  }
}

export const dropIndexNotConcurrent: Rule = {
  name: 'drop-index-not-concurrent',
  level: 'medium',
  why: "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the index's table: it queues behind any long transaction on the table, and every query on it queues behind it, to the end of the migration.",
  saferWay: '`DROP INDEX CONCURRENTLY`, alone in its own migration (a one-statement file runs outside a transaction).',
  empty: 'lock',
  check(ctx) {
    const n = ctx.stmt.node
    if (ctx.stmt.kind !== 'DropStmt' || n.removeType !== 'OBJECT_INDEX' || n.concurrent) return []
    const hits: RuleHit[] = []
    for (const o of (n.objects ?? []) as PgNode[]) {
      const index = qualifiedName(stringList(o.List?.items), ctx.schema)
      if (ctx.batch.createdIndexes.has(tableKey(index))) continue
      const table = live(ctx, ctx.facts.indexes.get(tableKey(index)))
      if (!table) continue
      hits.push({ table, message: `DROP INDEX ${showTable(index)} takes ACCESS EXCLUSIVE on ${showTable(table)}: reads and writes wait ${END}.`, saferWay: this.saferWay })
    }
    return hits
  }
}

export const domainConstraint: Rule = {
  name: 'domain-constraint',
  level: 'medium',
  why: 'ALTER DOMAIN … ADD CONSTRAINT (validated), SET NOT NULL and VALIDATE CONSTRAINT check every column of the domain in every table, each table under SHARE (writes wait) while its rows are read.',
  saferWay:
    'Add the constraint with `NOT VALID` (new values are checked at once) and validate it in a quiet moment in a later migration (VALIDATE still takes SHARE on each table); or put a CHECK constraint on each table instead: `NOT VALID`, then `VALIDATE CONSTRAINT` takes only SHARE UPDATE EXCLUSIVE.',
  empty: 'lock',
  check(ctx) {
    if (ctx.stmt.kind !== 'AlterDomainStmt' || ctx.cls.work !== 'scan') return []
    const n = ctx.stmt.node
    const domain = qualifiedName(stringList(n.typeName), ctx.schema)
    if (ctx.batch.createdTypes.has(tableKey(domain))) return []
    const what = n.subtype === 'O' ? 'SET NOT NULL' : n.subtype === 'V' ? `VALIDATE CONSTRAINT ${String(n.name)}` : `ADD CONSTRAINT ${String(n.def?.Constraint?.conname ?? '')}`.trim()
    const byTable = new Map<string, { table: TableRef; columns: string[] }>()
    for (const c of ctx.facts.domains.get(tableKey(domain)) ?? []) {
      if (!existing(ctx, c.table)) continue
      const entry = byTable.get(tableKey(c.table)) ?? { table: c.table, columns: [] }
      entry.columns.push(c.column)
      byTable.set(tableKey(c.table), entry)
    }
    return [...byTable.values()].map(({ table, columns }) => ({
      table,
      message: `ALTER DOMAIN ${showTable(domain)} ${what} checks every value of ${columns.join(', ')} in ${showTable(table)} under SHARE: writes to the table wait while it is read, ${END}.`,
      saferWay: this.saferWay
    }))
  }
}

/** Statement kinds and ALTER TABLE subcommands a rule of their own judges. */
const OWNED_KINDS = new Set(['IndexStmt', 'VacuumStmt', 'ClusterStmt', 'ReindexStmt', 'RefreshMatViewStmt', 'AlterDomainStmt', 'LockStmt', 'AlterTableMoveAllStmt'])
const OWNED_SUBCOMMANDS = new Set([
  'AT_AddConstraint',
  'AT_ValidateConstraint',
  'AT_SetNotNull',
  'AT_AlterColumnType',
  'AT_AddColumn',
  'AT_SetLogged',
  'AT_SetUnLogged',
  'AT_SetTableSpace',
  'AT_SetAccessMethod',
  'AT_SetExpression'
])

export const longLock: Rule = {
  name: 'long-lock',
  level: 'medium',
  why: 'Any other statement that holds a lock blocking writes (or reads) while it reads every row, builds an index or rewrites a table (e.g. ALTER TABLE … ATTACH PARTITION, which checks every row of the partition under ACCESS EXCLUSIVE).',
  saferWay:
    'Find the form of the command that does not need the strong lock (e.g. a CHECK constraint matching the partition bound, validated beforehand, lets ATTACH PARTITION skip its scan), or run it in a maintenance window.',
  empty: 'lock',
  check(ctx) {
    const work = ctx.cls.work
    if (work !== 'scan' && work !== 'index build' && work !== 'rewrite') return []
    if (ctx.found.some(r => r !== 'missing-lock-timeout') || OWNED_KINDS.has(ctx.stmt.kind)) return []
    if (ctx.stmt.kind === 'AlterTableStmt' && ((ctx.stmt.node.cmds ?? []) as PgNode[]).some(c => OWNED_SUBCOMMANDS.has(c.AlterTableCmd?.subtype))) return []
    const doing = work === 'scan' ? 'reads every row' : work === 'index build' ? 'builds an index' : 'rewrites the table'
    const what = ctx.stmt.kind === 'AlterTableStmt' ? 'ALTER TABLE' : ctx.stmt.kind.replace(/Stmt$/, '')
    return ctx.cls.locks
      .filter(l => blocks(l.mode) !== undefined && live(ctx, l.table))
      .map((l): RuleHit => ({
        table: l.table,
        level: work === 'rewrite' ? 'high' : 'medium',
        message: `${what} takes ${l.mode} on ${showTable(l.table)} (${blocks(l.mode)} wait) while it ${doing}, ${END}.`,
        saferWay: this.saferWay
      }))
  }
}
