/** ALTER TABLE (and ALTER INDEX, VIEW, SEQUENCE, TYPE through the same statement): locks and work per subcommand. */
import { constraintsOf, tableOf } from '../context.js'
import { type LockMode, type PgNode, type TableRef, type Work, tableKey } from '../types.js'
import type { Judging } from './judging.js'

/**
 * ALTER TABLE subcommands: the lock each takes (PostgreSQL's AlterTableGetLockLevel) and its work.
 * `special` ones are judged from their arguments below; `internal` ones are made by the server
 * itself, never parsed from SQL.
 */
type AlterTableType = NonNullable<import('libpg-query').AlterTableCmd['subtype']>
const AT: Record<AlterTableType, { mode: LockMode; work: Work } | 'special' | 'internal'> = {
  AT_AddColumn: 'special',
  AT_AddColumnToView: 'internal',
  AT_ColumnDefault: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_CookedColumnDefault: 'internal',
  AT_DropNotNull: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_SetNotNull: { mode: 'ACCESS EXCLUSIVE', work: 'scan' },
  AT_SetExpression: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
  AT_DropExpression: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_SetStatistics: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_SetOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_ResetOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_SetStorage: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_SetCompression: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_DropColumn: 'special',
  AT_AddIndex: 'internal',
  AT_ReAddIndex: 'internal',
  AT_AddConstraint: 'special',
  AT_ReAddConstraint: 'internal',
  AT_ReAddDomainConstraint: 'internal',
  AT_AlterConstraint: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_ValidateConstraint: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'scan' },
  AT_AddIndexConstraint: 'internal',
  AT_DropConstraint: 'special',
  AT_ReAddComment: 'internal',
  AT_AlterColumnType: 'special',
  AT_AlterColumnGenericOptions: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_ChangeOwner: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_ClusterOn: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_DropCluster: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_SetLogged: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
  AT_SetUnLogged: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
  AT_DropOids: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_SetAccessMethod: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
  AT_SetTableSpace: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
  AT_SetRelOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_ResetRelOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_ReplaceRelOptions: 'internal',
  AT_EnableTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_EnableAlwaysTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_EnableReplicaTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_DisableTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_EnableTrigAll: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_DisableTrigAll: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_EnableTrigUser: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_DisableTrigUser: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
  AT_EnableRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_EnableAlwaysRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_EnableReplicaRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_DisableRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_AddInherit: 'special',
  AT_DropInherit: 'special',
  AT_AddOf: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_DropOf: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_ReplicaIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_EnableRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_DisableRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_ForceRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_NoForceRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_GenericOptions: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_AttachPartition: 'special',
  AT_DetachPartition: 'special',
  AT_DetachPartitionFinalize: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
  AT_AddIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_SetIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_DropIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
  AT_ReAddStatistics: 'internal'
}
export const ALTER_TABLE_SUBCOMMANDS = AT

/** ALTER TABLE and the ALTER INDEX/VIEW/SEQUENCE/TYPE forms parsed as the same statement. */
export function alterTable(j: Judging): void {
  const n = j.n
  const objtype = n.objtype ?? 'OBJECT_TABLE'
  const target = tableOf(n.relation, j.schema)
  const cmds = ((n.cmds ?? []) as PgNode[]).map(c => c.AlterTableCmd ?? {})
  if (objtype === 'OBJECT_INDEX') {
    alterIndex(j, target, cmds)
    return
  }
  if (objtype === 'OBJECT_SEQUENCE' || objtype === 'OBJECT_TYPE') {
    // ALTER SEQUENCE … OWNER/SET, ALTER TYPE … ADD ATTRIBUTE (a composite type: no table rows).
    j.does('catalog')
    return
  }
  if (objtype === 'OBJECT_VIEW' || objtype === 'OBJECT_MATVIEW') {
    j.lock(target, 'ACCESS EXCLUSIVE')
    j.does(cmds.some(c => c.subtype === 'AT_SetTableSpace' || c.subtype === 'AT_SetAccessMethod') ? 'rewrite' : 'catalog')
    return
  }
  for (const cmd of cmds) alterTableCommand(j, target, cmd)
}

/**
 * ALTER INDEX: the lock is on the index (the planner opens every index of a table it plans for,
 * so ACCESS EXCLUSIVE on one holds up the table's queries too); SET TABLESPACE copies it.
 */
function alterIndex(j: Judging, target: TableRef, cmds: PgNode[]): void {
  for (const cmd of cmds) {
    if (cmd.subtype === 'AT_SetTableSpace') {
      j.lock(j.facts.indexes.get(tableKey(target)) ?? target, 'ACCESS EXCLUSIVE')
      j.does('rewrite')
    } else if (['AT_SetRelOptions', 'AT_ResetRelOptions', 'AT_SetStatistics', 'AT_AttachPartition'].includes(cmd.subtype)) {
      j.lock(target, 'SHARE UPDATE EXCLUSIVE')
      j.does('catalog')
    } else {
      j.lock(target, 'ACCESS EXCLUSIVE')
      j.does('catalog')
    }
  }
}

/** One ALTER TABLE subcommand: from the table above, or judged from its arguments when `special`. */
function alterTableCommand(j: Judging, target: TableRef, cmd: PgNode): void {
  const kind = AT[cmd.subtype as AlterTableType]
  if (kind === undefined || kind === 'internal') {
    j.unclassified(`ALTER TABLE subcommand ${String(cmd.subtype)}`)
    return
  }
  if (kind !== 'special') {
    j.lock(target, kind.mode)
    j.does(kind.work)
    return
  }
  switch (cmd.subtype as AlterTableType) {
    case 'AT_AddConstraint':
      addConstraint(j, target, cmd.def?.Constraint)
      break
    case 'AT_DropConstraint': {
      j.lock(target, 'ACCESS EXCLUSIVE')
      const referenced = j.facts.tables.get(tableKey(target))?.foreignKeys.get(String(cmd.name))
      if (referenced) j.lock(referenced, 'ACCESS EXCLUSIVE')
      j.does('catalog')
      break
    }
    case 'AT_AlterColumnType':
      j.lock(target, 'ACCESS EXCLUSIVE')
      j.does(j.rewrites(cmd) ? 'rewrite' : 'catalog')
      break
    case 'AT_DropColumn':
      j.lock(target, 'ACCESS EXCLUSIVE')
      j.does('catalog')
      j.destroys()
      break
    case 'AT_AddColumn':
      j.lock(target, 'ACCESS EXCLUSIVE')
      j.does(j.rewrites(cmd) ? 'rewrite' : 'catalog')
      for (const k of constraintsOf(cmd.def?.ColumnDef)) if (k.contype === 'CONSTR_FOREIGN') j.lock(tableOf(k.pktable, j.schema), 'SHARE ROW EXCLUSIVE')
      break
    case 'AT_AddInherit':
    case 'AT_DropInherit':
      j.lock(target, 'ACCESS EXCLUSIVE')
      j.lock(tableOf(cmd.def?.RangeVar, j.schema), 'SHARE UPDATE EXCLUSIVE')
      j.does('catalog')
      break
    case 'AT_AttachPartition':
      attachPartition(j, target, cmd)
      break
    case 'AT_DetachPartition':
      detachPartition(j, target, cmd)
      break
    default:
      j.unclassified(`ALTER TABLE subcommand ${String(cmd.subtype)}`)
  }
}

/** ADD CONSTRAINT: a foreign key locks both tables; unique, primary and exclusion keys build an index. */
function addConstraint(j: Judging, target: TableRef, c: PgNode): void {
  if (c?.contype === 'CONSTR_FOREIGN') {
    j.lock(target, 'SHARE ROW EXCLUSIVE')
    j.lock(tableOf(c.pktable, j.schema), 'SHARE ROW EXCLUSIVE')
    j.does(c.skip_validation ? 'catalog' : 'scan')
  } else {
    j.lock(target, 'ACCESS EXCLUSIVE')
    j.does(c?.contype === 'CONSTR_UNIQUE' || c?.contype === 'CONSTR_PRIMARY' || c?.contype === 'CONSTR_EXCLUSION' ? (c.indexname ? 'catalog' : 'index build') : c?.skip_validation ? 'catalog' : 'scan')
  }
}

/**
 * ATTACH PARTITION: the parent SHARE UPDATE EXCLUSIVE; the partition ACCESS EXCLUSIVE while every
 * row is checked against the partition bound (unless a CHECK constraint proves it).
 */
function attachPartition(j: Judging, target: TableRef, cmd: PgNode): void {
  const part = tableOf(cmd.def?.PartitionCmd?.name, j.schema)
  j.lock(target, 'SHARE UPDATE EXCLUSIVE')
  j.lock(part, 'ACCESS EXCLUSIVE')
  j.does('scan')
}

/** DETACH PARTITION: ACCESS EXCLUSIVE on both, or SHARE UPDATE EXCLUSIVE CONCURRENTLY (outside a transaction). */
function detachPartition(j: Judging, target: TableRef, cmd: PgNode): void {
  const part = tableOf(cmd.def?.PartitionCmd?.name, j.schema)
  if (cmd.def?.PartitionCmd?.concurrent) {
    j.lock(target, 'SHARE UPDATE EXCLUSIVE')
    j.lock(part, 'SHARE UPDATE EXCLUSIVE')
    j.noTransaction('ALTER TABLE … DETACH PARTITION … CONCURRENTLY')
  } else {
    j.lock(target, 'ACCESS EXCLUSIVE')
    j.lock(part, 'ACCESS EXCLUSIVE')
  }
  j.does('catalog')
}
