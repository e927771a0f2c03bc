/** Statements on tables, indexes, constraints, triggers, rules, policies, statistics, views. */
import { constraintsOf, dropTargets, stringList, tableOf } from '../context.js'
import { type PgNode, tableKey } from '../types.js'
import { alterTable } from './alter-table.js'
import { type Judge, type Judging, type StatementKind, catalog, qualifiedName, reads } from './judging.js'

export const TABLE_STATEMENTS = {
  CreateStmt: j => {
    j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE')
    j.does('catalog')
    for (const elt of (j.n.tableElts ?? []) as PgNode[]) {
      const cons = elt.ColumnDef ? constraintsOf(elt.ColumnDef) : elt.Constraint ? [elt.Constraint] : []
      for (const c of cons) if (c.contype === 'CONSTR_FOREIGN') j.lock(tableOf(c.pktable, j.schema), 'SHARE ROW EXCLUSIVE')
    }
    // CREATE TABLE … PARTITION OF: ACCESS EXCLUSIVE on the parent; INHERITS: SHARE UPDATE EXCLUSIVE on each parent.
    for (const p of (j.n.inhRelations ?? []) as PgNode[]) j.lock(tableOf(p.RangeVar, j.schema), j.n.partbound ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE')
  },
  IndexStmt: j => {
    j.lock(tableOf(j.n.relation, j.schema), j.n.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE')
    if (j.n.concurrent) j.noTransaction('CREATE INDEX CONCURRENTLY')
    j.does('index build')
  },
  AlterTableStmt: alterTable,
  RenameStmt: j => {
    if (j.n.relation) {
      const target = tableOf(j.n.relation, j.schema)
      // ALTER INDEX … RENAME takes SHARE UPDATE EXCLUSIVE on the index; the rest ACCESS EXCLUSIVE on the relation.
      j.lock(target, j.n.renameType === 'OBJECT_INDEX' ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE')
    }
    j.does('catalog')
  },
  AlterObjectSchemaStmt: j => {
    if (j.n.relation) j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE')
    j.does('catalog')
  },
  DropStmt: drop,
  TruncateStmt: j => {
    for (const r of (j.n.relations ?? []) as PgNode[]) {
      const table = tableOf(r.RangeVar, j.schema)
      j.lock(table, 'ACCESS EXCLUSIVE')
      if (j.n.behavior === 'DROP_CASCADE') for (const t of j.facts.truncatedWith.get(tableKey(table)) ?? []) j.lock(t, 'ACCESS EXCLUSIVE')
    }
    j.does('catalog')
    j.destroys()
  },
  CreateTrigStmt: j => {
    j.lock(tableOf(j.n.relation, j.schema), 'SHARE ROW EXCLUSIVE')
    j.does('catalog')
  },
  RuleStmt: j => {
    j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE')
    j.does('catalog')
  },
  CreatePolicyStmt: j => {
    j.lock(tableOf(j.n.table, j.schema), 'ACCESS EXCLUSIVE')
    j.does('catalog')
  },
  AlterPolicyStmt: j => {
    j.lock(tableOf(j.n.table, j.schema), 'ACCESS EXCLUSIVE')
    j.does('catalog')
  },
  CreateStatsStmt: j => {
    for (const r of (j.n.relations ?? []) as PgNode[]) if (r.RangeVar) j.lock(tableOf(r.RangeVar, j.schema), 'SHARE UPDATE EXCLUSIVE')
    j.does('catalog')
  },
  AlterStatsStmt: catalog,
  CommentStmt: commentOn,
  SecLabelStmt: commentOn,
  ViewStmt: j => {
    reads(j, j.n.query)
    j.does('catalog')
  },
  RefreshMatViewStmt: j => {
    j.lock(tableOf(j.n.relation, j.schema), j.n.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE')
    j.does('rewrite')
  }
} satisfies Partial<Record<StatementKind, Judge>>

/** DROP: the lock on the dropped relation (or the table of the dropped index, trigger, rule, policy). */
function drop(j: Judging): void {
  const n = j.n
  const objects = (n.objects ?? []) as PgNode[]
  const names = (o: PgNode): string[] => stringList(o.List?.items)
  switch (n.removeType) {
    case 'OBJECT_TABLE':
      for (const o of objects) {
        const table = qualifiedName(names(o), j.schema)
        j.lock(table, 'ACCESS EXCLUSIVE')
        for (const r of j.facts.tables.get(tableKey(table))?.references ?? []) j.lock(r, 'ACCESS EXCLUSIVE')
      }
      j.does('catalog')
      j.destroys()
      break
    case 'OBJECT_INDEX':
      for (const o of objects) {
        const index = qualifiedName(names(o), j.schema)
        const table = j.facts.indexes.get(tableKey(index))
        if (table) j.lock(table, n.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE')
      }
      if (n.concurrent) j.noTransaction('DROP INDEX CONCURRENTLY')
      j.does('catalog')
      break
    case 'OBJECT_TRIGGER':
    case 'OBJECT_RULE':
    case 'OBJECT_POLICY':
      // The name list is the table's, then the object's: ACCESS EXCLUSIVE on the table.
      for (const o of objects) j.lock(qualifiedName(names(o).slice(0, -1), j.schema), 'ACCESS EXCLUSIVE')
      j.does('catalog')
      break
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_FOREIGN_TABLE':
      for (const o of objects) j.lock(qualifiedName(names(o), j.schema), 'ACCESS EXCLUSIVE')
      j.does('catalog')
      break
    default:
      // Schemas, types, domains, functions, extensions…: catalog only, unless CASCADE takes tables
      // or columns with it (named from pg_depend by the cascade-drop rule).
      j.does('catalog')
  }
  if (n.behavior === 'DROP_CASCADE') {
    // What goes with it (pg_depend): its tables are dropped, the tables that lose a column or a
    // foreign key are altered, each under ACCESS EXCLUSIVE.
    for (const t of dropTargets(j.stmt, j.schema)) {
      const c = j.facts.casualties.get(t.key)
      if (!c?.found) continue
      for (const x of [...c.tables, ...c.columns.map(y => y.table), ...c.foreignKeys.map(y => y.table)]) j.lock(x, 'ACCESS EXCLUSIVE')
    }
    j.destroys()
  }
}

function commentOn(j: Judging): void {
  const items = stringList(j.n.object?.List?.items)
  if (j.n.objtype === 'OBJECT_TABLE') j.lock(qualifiedName(items, j.schema), 'SHARE UPDATE EXCLUSIVE')
  else if (j.n.objtype === 'OBJECT_COLUMN') j.lock(qualifiedName(items.slice(0, -1), j.schema), 'SHARE UPDATE EXCLUSIVE')
  j.does('catalog')
}
