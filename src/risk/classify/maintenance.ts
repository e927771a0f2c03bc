/** Maintenance (VACUUM, CLUSTER, REINDEX, LOCK…) and session or transaction statements. */
import { tableOf } from '../context.js'
import { type LockMode, type PgNode, tableKey } from '../types.js'
import { type Judge, type StatementKind, defNames, none, optionOn } from './judging.js'

const LOCK_MODES: Record<number, LockMode> = {
  1: 'ACCESS SHARE',
  2: 'ROW SHARE',
  3: 'ROW EXCLUSIVE',
  4: 'SHARE UPDATE EXCLUSIVE',
  5: 'SHARE',
  6: 'SHARE ROW EXCLUSIVE',
  7: 'EXCLUSIVE',
  8: 'ACCESS EXCLUSIVE'
}

export const MAINTENANCE_STATEMENTS = {
  // Maintenance.
  VacuumStmt: j => {
    const full = j.n.is_vacuumcmd && defNames(j.n.options).includes('full') && optionOn(j.n.options, 'full')
    const rels = ((j.n.rels ?? []) as PgNode[]).map(r => tableOf(r.VacuumRelation?.relation, j.schema))
    for (const t of rels) j.lock(t, full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE')
    j.does(full ? 'rewrite' : 'scan')
    if (j.n.is_vacuumcmd) j.noTransaction('VACUUM')
  },
  ClusterStmt: j => {
    if (j.n.relation) j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE')
    else j.noTransaction('CLUSTER without a table')
    j.does('rewrite')
  },
  ReindexStmt: j => {
    const concurrently = optionOn(j.n.params, 'concurrently')
    const kind = j.n.kind as string
    if (kind === 'REINDEX_OBJECT_INDEX' || kind === 'REINDEX_OBJECT_TABLE') {
      const named = tableOf(j.n.relation, j.schema)
      const table = kind === 'REINDEX_OBJECT_INDEX' ? j.facts.indexes.get(tableKey(named)) : named
      if (table) j.lock(table, concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE')
    } else {
      j.noTransaction(`REINDEX ${kind.replace('REINDEX_OBJECT_', '')}`)
    }
    if (concurrently) j.noTransaction('REINDEX CONCURRENTLY')
    j.does('index build')
  },
  LockStmt: j => {
    const mode = LOCK_MODES[Number(j.n.mode ?? 8)] ?? 'ACCESS EXCLUSIVE'
    for (const r of (j.n.relations ?? []) as PgNode[]) j.lock(tableOf(r.RangeVar, j.schema), mode)
  },
  CheckPointStmt: none,
  DiscardStmt: none,
  LoadStmt: none,
  // Session and transaction.
  VariableSetStmt: none,
  VariableShowStmt: none,
  TransactionStmt: none,
  ConstraintsSetStmt: none,
  NotifyStmt: none,
  ListenStmt: none,
  UnlistenStmt: none,
  PrepareStmt: none,
  ExecuteStmt: none,
  DeallocateStmt: none,
  DoStmt: none,
  CallStmt: none
} satisfies Partial<Record<StatementKind, Judge>>
