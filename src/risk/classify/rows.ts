/** Statements that read and write rows: SELECT, INSERT, UPDATE, DELETE, MERGE, COPY, cursors, EXPLAIN. */
import { tableOf } from '../context.js'
import { isConstantTrue } from '../constant.js'
import { type PgNode, type TableRef, tableKey } from '../types.js'
import { type Judge, type Judging, type StatementKind, collectRangeVars, none, reads } from './judging.js'

export const ROW_STATEMENTS = {
  SelectStmt: j => {
    const locking = ((j.n.lockingClause ?? []) as PgNode[]).length > 0
    reads(j, { from: j.n.fromClause, where: j.n.whereClause, targets: j.n.targetList, with: j.n.withClause, larg: j.n.larg, rarg: j.n.rarg, values: j.n.valuesLists })
    if (locking) {
      const seen: TableRef[] = []
      collectRangeVars(j.n.fromClause, j.schema, seen)
      for (const t of seen) j.lock(t, 'ROW SHARE')
      j.does('rows')
    }
  },
  InsertStmt: j => {
    const target = tableOf(j.n.relation, j.schema)
    j.lock(target, 'ROW EXCLUSIVE')
    reads(j, { select: j.n.selectStmt, with: j.n.withClause }, tableKey(target))
    j.does('rows')
  },
  UpdateStmt: j => {
    const target = tableOf(j.n.relation, j.schema)
    j.lock(target, 'ROW EXCLUSIVE')
    reads(j, { from: j.n.fromClause, where: j.n.whereClause, with: j.n.withClause }, tableKey(target))
    j.does('rows')
    const all = wholeTable(j, target)
    if (all) j.allRows(all)
  },
  DeleteStmt: j => {
    const target = tableOf(j.n.relation, j.schema)
    j.lock(target, 'ROW EXCLUSIVE')
    reads(j, { using: j.n.usingClause, where: j.n.whereClause, with: j.n.withClause }, tableKey(target))
    j.does('rows')
    const all = wholeTable(j, target)
    if (all) {
      j.allRows(all)
      j.destroys()
    }
  },
  MergeStmt: j => {
    const target = tableOf(j.n.relation, j.schema)
    j.lock(target, 'ROW EXCLUSIVE')
    reads(j, { source: j.n.sourceRelation, with: j.n.withClause }, tableKey(target))
    j.does('rows')
  },
  CopyStmt: j => {
    if (j.n.relation) j.lock(tableOf(j.n.relation, j.schema), j.n.is_from ? 'ROW EXCLUSIVE' : 'ACCESS SHARE')
    if (j.n.query) reads(j, j.n.query)
    j.does(j.n.is_from ? 'rows' : 'none')
  },
  DeclareCursorStmt: j => reads(j, j.n.query),
  FetchStmt: none,
  ClosePortalStmt: none,
  ExplainStmt: j => reads(j, j.n.query),
  CreateTableAsStmt: j => {
    reads(j, j.n.query)
    j.does('catalog')
  }
} satisfies Partial<Record<StatementKind, Judge>>

/** Why an UPDATE or DELETE touches every row: no WHERE, or a WHERE that is always true. */
function wholeTable(j: Judging, target: TableRef): string | undefined {
  if (j.n.whereClause === undefined) return 'no WHERE'
  if (j.n.usingClause || j.n.fromClause) return undefined
  const columns = j.facts.tables.get(tableKey(target))?.columns
  return isConstantTrue(j.n.whereClause, name => columns?.get(name)?.notNull === true) ? 'a WHERE that is always true' : undefined
}
