import { type FactsWanted, type DropTarget } from './live-facts.js'
import { alterCommands, calledFunctions, constraintsOf, dropTargets, stringList, tableOf } from './context.js'
import { qualifiedName } from './classify.js'
import type { Unit } from './expand.js'
import type { PgNode, TableRef } from './types.js'

/**
 * What the analysis reads from the database for these statements (each file's, nested code
 * included): the tables they name, the functions their new columns' defaults call, the enums they
 * rename, the indexes and domains whose tables they lock, and what their CASCADEs take along.
 */
export function factsWanted(expanded: Unit[][], schema: string): FactsWanted {
  const tables: TableRef[] = []
  const functions: string[] = []
  const enums: TableRef[] = []
  const indexes: TableRef[] = []
  const domains: TableRef[] = []
  const drops: DropTarget[] = []
  const truncateCascade: TableRef[] = []
  for (const units of expanded) {
    for (const { stmt: s } of units) {
      const n = s.node
      collectTables(n, schema, tables)
      if (s.kind === 'DropStmt' && (n.removeType === 'OBJECT_TABLE' || n.removeType === 'OBJECT_VIEW' || n.removeType === 'OBJECT_MATVIEW')) {
        for (const o of n.objects ?? []) tables.push(qualifiedName(stringList(o.List?.items), schema))
      }
      if (s.kind === 'DropStmt' && n.removeType === 'OBJECT_INDEX') for (const o of n.objects ?? []) indexes.push(qualifiedName(stringList(o.List?.items), schema))
      if (s.kind === 'ReindexStmt' && n.kind === 'REINDEX_OBJECT_INDEX') indexes.push(tableOf(n.relation, schema))
      if (s.kind === 'AlterTableStmt' && n.objtype === 'OBJECT_INDEX') indexes.push(tableOf(n.relation, schema))
      if (s.kind === 'AlterDomainStmt') domains.push(qualifiedName(stringList(n.typeName), schema))
      if (s.kind === 'TruncateStmt' && n.behavior === 'DROP_CASCADE') for (const r of n.relations ?? []) truncateCascade.push(tableOf(r.RangeVar, schema))
      if (s.kind === 'CommentStmt' || s.kind === 'SecLabelStmt') {
        const items = stringList(n.object?.List?.items)
        if (n.objtype === 'OBJECT_TABLE') tables.push(qualifiedName(items, schema))
        if (n.objtype === 'OBJECT_COLUMN') tables.push(qualifiedName(items.slice(0, -1), schema))
      }
      if (s.kind === 'DropStmt' || s.kind === 'DropOwnedStmt') drops.push(...dropTargets(s, schema))
      for (const cmd of alterCommands(s)) {
        if (cmd.subtype === 'AT_AddColumn') for (const c of constraintsOf(cmd.def?.ColumnDef)) if (c.contype === 'CONSTR_DEFAULT') calledFunctions(c.raw_expr, functions)
      }
      if (s.kind === 'RenameStmt' && n.renameType === 'OBJECT_TYPE') {
        enums.push({ schema: qualifiedName(stringList(n.object?.List?.items), schema).schema, name: String(n.newname) })
      }
    }
  }
  return { tables, functions, enums, indexes, domains, drops, truncateCascade }
}

/** Every table named by a RangeVar anywhere in the statement. */
function collectTables(node: PgNode, schema: string, out: TableRef[]): void {
  if (Array.isArray(node)) {
    for (const x of node) collectTables(x, schema, out)
    return
  }
  if (node === null || typeof node !== 'object') return
  if (typeof node.relname === 'string') out.push(tableOf(node, schema))
  for (const v of Object.values(node)) if (v !== null && typeof v === 'object') collectTables(v, schema, out)
}
