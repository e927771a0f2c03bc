import type { LiveFacts } from './live-facts.js'
import type { ParsedStatement } from './parse.js'
import { alterCommands, constraintsOf, stringList, tableOf } from './context.js'
import { type LockMode, type PgNode, type TableRef, tableKey } from './types.js'

/**
 * What a statement does to tables, from PostgreSQL's lock table for each command: the lock it
 * takes on which tables (the referenced table of a foreign key and the tables a dropped table's
 * foreign keys reference included), and whether it changes only the catalog, reads every row,
 * builds an index, rewrites the table, or touches rows. The test suite compares the locks with
 * pg_locks on a real server.
 */
export type Work = 'catalog' | 'scan' | 'index build' | 'rewrite' | 'rows' | 'none'

export interface StatementClass {
  locks: { table: TableRef; mode: LockMode }[]
  work: Work
  destroysData: boolean
}

const ORDER: LockMode[] = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']
const WORK: Work[] = ['none', 'catalog', 'rows', 'scan', 'index build', 'rewrite']

export function strongest(a: LockMode, b: LockMode): LockMode {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b
}

export function classify(stmt: ParsedStatement, schema: string, facts: LiveFacts, rewrites: (cmd: PgNode) => boolean = () => true): StatementClass {
  const locks = new Map<string, { table: TableRef; mode: LockMode }>()
  let work: Work = 'none'
  let destroysData = false
  const lock = (table: TableRef, mode: LockMode): void => {
    const held = locks.get(tableKey(table))
    locks.set(tableKey(table), { table, mode: held ? strongest(held.mode, mode) : mode })
  }
  const does = (w: Work): void => {
    if (WORK.indexOf(w) > WORK.indexOf(work)) work = w
  }
  const n = stmt.node
  switch (stmt.kind) {
    case 'CreateStmt': {
      lock(tableOf(n.relation, schema), 'ACCESS EXCLUSIVE')
      does('catalog')
      for (const elt of (n.tableElts ?? []) as PgNode[]) {
        const cons = elt.ColumnDef ? constraintsOf(elt.ColumnDef) : elt.Constraint ? [elt.Constraint] : []
        for (const c of cons) if (c.contype === 'CONSTR_FOREIGN') lock(tableOf(c.pktable, schema), 'SHARE ROW EXCLUSIVE')
      }
      break
    }
    case 'IndexStmt':
      lock(tableOf(n.relation, schema), n.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE')
      does('index build')
      break
    case 'AlterTableStmt': {
      const table = tableOf(n.relation, schema)
      for (const cmd of alterCommands(stmt)) {
        const c = cmd.def?.Constraint
        switch (cmd.subtype) {
          case 'AT_AddConstraint':
            if (c?.contype === 'CONSTR_FOREIGN') {
              lock(table, 'SHARE ROW EXCLUSIVE')
              lock(tableOf(c.pktable, schema), 'SHARE ROW EXCLUSIVE')
              does(c.skip_validation ? 'catalog' : 'scan')
            } else {
              lock(table, 'ACCESS EXCLUSIVE')
              does(c?.contype === 'CONSTR_UNIQUE' || c?.contype === 'CONSTR_PRIMARY' ? (c.indexname ? 'catalog' : 'index build') : c?.skip_validation ? 'catalog' : 'scan')
            }
            break
          case 'AT_ValidateConstraint':
            lock(table, 'SHARE UPDATE EXCLUSIVE')
            does('scan')
            break
          case 'AT_DropConstraint': {
            lock(table, 'ACCESS EXCLUSIVE')
            const referenced = facts.tables.get(tableKey(table))?.foreignKeys.get(String(cmd.name))
            if (referenced) lock(referenced, 'ACCESS EXCLUSIVE')
            does('catalog')
            break
          }
          case 'AT_AlterColumnType':
            lock(table, 'ACCESS EXCLUSIVE')
            does(rewrites(cmd) ? 'rewrite' : 'catalog')
            break
          case 'AT_SetNotNull':
            lock(table, 'ACCESS EXCLUSIVE')
            does('scan')
            break
          case 'AT_DropColumn':
            lock(table, 'ACCESS EXCLUSIVE')
            does('catalog')
            destroysData = true
            break
          case 'AT_AddColumn': {
            lock(table, 'ACCESS EXCLUSIVE')
            does(rewrites(cmd) ? 'rewrite' : 'catalog')
            for (const k of constraintsOf(cmd.def?.ColumnDef)) if (k.contype === 'CONSTR_FOREIGN') lock(tableOf(k.pktable, schema), 'SHARE ROW EXCLUSIVE')
            break
          }
          case 'AT_SetStatistics':
          case 'AT_SetRelOptions':
          case 'AT_ResetRelOptions':
          case 'AT_ClusterOn':
          case 'AT_DropCluster':
            lock(table, 'SHARE UPDATE EXCLUSIVE')
            does('catalog')
            break
          default:
            lock(table, 'ACCESS EXCLUSIVE')
            does('catalog')
        }
      }
      break
    }
    case 'RenameStmt':
      if (n.relation && (n.renameType === 'OBJECT_TABLE' || n.renameType === 'OBJECT_COLUMN')) {
        lock(tableOf(n.relation, schema), 'ACCESS EXCLUSIVE')
        does('catalog')
      }
      break
    case 'DropStmt':
      if (n.removeType === 'OBJECT_TABLE') {
        for (const o of (n.objects ?? []) as PgNode[]) {
          const names = stringList(o.List?.items)
          const table = names.length > 1 ? { schema: names[0] as string, name: names[1] as string } : { schema, name: names[0] as string }
          lock(table, 'ACCESS EXCLUSIVE')
          for (const r of facts.tables.get(tableKey(table))?.references ?? []) lock(r, 'ACCESS EXCLUSIVE')
        }
        does('catalog')
        destroysData = true
      }
      break
    case 'TruncateStmt':
      for (const r of (n.relations ?? []) as PgNode[]) lock(tableOf(r.RangeVar, schema), 'ACCESS EXCLUSIVE')
      does('catalog')
      destroysData = true
      break
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'InsertStmt':
      lock(tableOf(n.relation, schema), 'ROW EXCLUSIVE')
      does('rows')
      destroysData = stmt.kind === 'DeleteStmt' && !n.whereClause
      break
  }
  return { locks: [...locks.values()], work, destroysData }
}

export function showLocks(c: StatementClass, show: (t: TableRef) => string): string {
  return c.locks.map(l => `${l.mode} on ${show(l.table)}`).join('; ')
}
