import type { Node } from 'libpg-query'
import type { LiveFacts } from './live-facts.js'
import type { ParsedStatement } from './parse.js'
import { constraintsOf, dropTargets, stringList, tableOf } from './context.js'
import { isConstantTrue } from './constant.js'
import { type LockMode, type PgNode, type TableRef, type StatementClass, type Work, tableKey } from './types.js'

export type { StatementClass, Work }

/** Every statement node kind of libpg-query's parse tree (the `…Stmt` members of its Node union). */
type NodeKey = Node extends infer N ? (N extends unknown ? keyof N : never) : never
export type StatementKind = Extract<NodeKey, `${string}Stmt`>

const ORDER: LockMode[] = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']
const WORK: Work[] = ['none', 'catalog', 'rows', 'scan', 'index build', 'rewrite']

export function strongest(a: LockMode, b: LockMode): LockMode {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b
}

/** Whether a lock mode makes writers wait (SHARE and stronger), and readers (ACCESS EXCLUSIVE). */
export function blocks(mode: LockMode): 'reads and writes' | 'writes' | undefined {
  if (mode === 'ACCESS EXCLUSIVE') return 'reads and writes'
  return ORDER.indexOf(mode) >= ORDER.indexOf('SHARE') ? 'writes' : undefined
}

/** The statement being judged, and what judging needs. */
interface Judging {
  n: PgNode
  stmt: ParsedStatement
  schema: string
  facts: LiveFacts
  rewrites: (cmd: PgNode) => boolean
  lock(table: TableRef, mode: LockMode): void
  does(w: Work): void
  destroys(): void
  unclassified(what: string): void
  noTransaction(why: string): void
  allRows(why: string): void
}

type Judge = (j: Judging) => void

const none: Judge = () => {}
const catalog: Judge = j => j.does('catalog')
const never: Judge = j => j.unclassified(`${j.stmt.kind} (the parser yields it only inside another statement, never as a statement of a migration)`)

/** A name list (`schema.name` or `name`) as a table reference in the target schema. */
export function qualifiedName(names: string[], schema: string): TableRef {
  return names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { schema, name: names[0] ?? '' }
}

/** Every table a query reads (FROM, JOIN, subqueries), ACCESS SHARE. */
function reads(j: Judging, node: PgNode, except?: string): void {
  const seen: TableRef[] = []
  collectRangeVars(node, j.schema, seen)
  for (const t of seen) if (tableKey(t) !== except) j.lock(t, 'ACCESS SHARE')
}

function collectRangeVars(node: PgNode, schema: string, out: TableRef[]): void {
  if (Array.isArray(node)) {
    for (const x of node) collectRangeVars(x, schema, out)
    return
  }
  if (node === null || typeof node !== 'object') return
  if (node.RangeVar) out.push(tableOf(node.RangeVar, schema))
  for (const [k, v] of Object.entries(node)) if (k !== 'RangeVar' && v !== null && typeof v === 'object') collectRangeVars(v, schema, out)
}

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

const defNames = (list: PgNode): string[] => ((list ?? []) as PgNode[]).map(o => String(o?.DefElem?.defname ?? ''))
/** A `DefElem` option given without `false`/`off`/`0`. */
const optionOn = (list: PgNode, name: string): boolean =>
  ((list ?? []) as PgNode[]).some(o => o?.DefElem?.defname === name && !['false', 'off', '0'].includes(String(o.DefElem.arg?.String?.sval ?? o.DefElem.arg?.Boolean?.boolval ?? o.DefElem.arg?.Integer?.ival ?? 'true').toLowerCase()))

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

function alterTable(j: Judging): void {
  const n = j.n
  const objtype = n.objtype ?? 'OBJECT_TABLE'
  const target = tableOf(n.relation, j.schema)
  const cmds = ((n.cmds ?? []) as PgNode[]).map(c => c.AlterTableCmd ?? {})
  if (objtype === 'OBJECT_INDEX') {
    // ALTER INDEX: the lock is on the index (the planner opens every index of a table it plans for,
    // so ACCESS EXCLUSIVE on one holds up the table's queries too); SET TABLESPACE copies it.
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
  for (const cmd of cmds) {
    const kind = AT[cmd.subtype as AlterTableType]
    if (kind === undefined || kind === 'internal') {
      j.unclassified(`ALTER TABLE subcommand ${String(cmd.subtype)}`)
      continue
    }
    if (kind !== 'special') {
      j.lock(target, kind.mode)
      j.does(kind.work)
      continue
    }
    const c = cmd.def?.Constraint
    switch (cmd.subtype as AlterTableType) {
      case 'AT_AddConstraint':
        if (c?.contype === 'CONSTR_FOREIGN') {
          j.lock(target, 'SHARE ROW EXCLUSIVE')
          j.lock(tableOf(c.pktable, j.schema), 'SHARE ROW EXCLUSIVE')
          j.does(c.skip_validation ? 'catalog' : 'scan')
        } else {
          j.lock(target, 'ACCESS EXCLUSIVE')
          j.does(c?.contype === 'CONSTR_UNIQUE' || c?.contype === 'CONSTR_PRIMARY' || c?.contype === 'CONSTR_EXCLUSION' ? (c.indexname ? 'catalog' : 'index build') : c?.skip_validation ? 'catalog' : 'scan')
        }
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
      case 'AT_AttachPartition': {
        // The parent: SHARE UPDATE EXCLUSIVE; the partition: ACCESS EXCLUSIVE while every row is
        // checked against the partition bound (unless a CHECK constraint proves it).
        const part = tableOf(cmd.def?.PartitionCmd?.name, j.schema)
        j.lock(target, 'SHARE UPDATE EXCLUSIVE')
        j.lock(part, 'ACCESS EXCLUSIVE')
        j.does('scan')
        break
      }
      case 'AT_DetachPartition': {
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
        break
      }
      case 'AT_SetNotNull':
        j.lock(target, 'ACCESS EXCLUSIVE')
        j.does('scan')
        break
      default:
        j.unclassified(`ALTER TABLE subcommand ${String(cmd.subtype)}`)
    }
  }
}

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

/**
 * How each statement kind is judged. The record's type lists every statement kind of the parser,
 * so a kind a newer parser adds fails the build until it is classified here (and at run time a kind
 * missing from the record is an unclassified-statement finding).
 */
const KINDS: Record<StatementKind, Judge> = {
  // Reading and writing rows.
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
  },
  // Tables, indexes, constraints.
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
  },
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
  CallStmt: none,
  // Types, domains, functions and other catalog objects.
  CreateSchemaStmt: catalog,
  CreateEnumStmt: catalog,
  CreateRangeStmt: catalog,
  CompositeTypeStmt: catalog,
  AlterEnumStmt: catalog,
  AlterTypeStmt: catalog,
  CreateDomainStmt: catalog,
  AlterDomainStmt: j => {
    // ADD CONSTRAINT (validated), SET NOT NULL and VALIDATE CONSTRAINT check every column of the
    // domain (and of domains over it) under SHARE on each table; the rest change the catalog.
    const checks = (j.n.subtype === 'C' && !j.n.def?.Constraint?.skip_validation) || j.n.subtype === 'O' || j.n.subtype === 'V'
    if (checks) {
      const domain = qualifiedName(stringList(j.n.typeName), j.schema)
      for (const c of j.facts.domains.get(tableKey(domain)) ?? []) j.lock(c.table, 'SHARE')
    }
    j.does(checks ? 'scan' : 'catalog')
  },
  DefineStmt: catalog,
  CreateFunctionStmt: catalog,
  AlterFunctionStmt: catalog,
  AlterObjectDependsStmt: catalog,
  AlterOwnerStmt: catalog,
  AlterOperatorStmt: catalog,
  CreateSeqStmt: catalog,
  AlterSeqStmt: catalog,
  AlterCollationStmt: catalog,
  CreateCastStmt: catalog,
  CreateConversionStmt: catalog,
  CreateTransformStmt: catalog,
  CreateOpClassStmt: catalog,
  CreateOpFamilyStmt: catalog,
  AlterOpFamilyStmt: catalog,
  CreateAmStmt: catalog,
  CreatePLangStmt: catalog,
  AlterTSDictionaryStmt: catalog,
  AlterTSConfigurationStmt: catalog,
  CreateExtensionStmt: catalog,
  AlterExtensionStmt: catalog,
  AlterExtensionContentsStmt: catalog,
  CreateEventTrigStmt: catalog,
  AlterEventTrigStmt: catalog,
  // Foreign data.
  CreateFdwStmt: catalog,
  AlterFdwStmt: catalog,
  CreateForeignServerStmt: catalog,
  AlterForeignServerStmt: catalog,
  CreateForeignTableStmt: catalog,
  CreateUserMappingStmt: catalog,
  AlterUserMappingStmt: catalog,
  DropUserMappingStmt: catalog,
  ImportForeignSchemaStmt: catalog,
  // Roles and privileges (no table lock: GRANT and REVOKE update pg_class.relacl only).
  CreateRoleStmt: none,
  AlterRoleStmt: none,
  AlterRoleSetStmt: none,
  DropRoleStmt: none,
  GrantStmt: none,
  GrantRoleStmt: none,
  AlterDefaultPrivilegesStmt: none,
  DropOwnedStmt: j => {
    for (const t of dropTargets(j.stmt, j.schema)) {
      const c = j.facts.casualties.get(t.key)
      for (const x of [...(c?.tables ?? []), ...(c?.columns ?? []).map(y => y.table), ...(c?.foreignKeys ?? []).map(y => y.table)]) j.lock(x, 'ACCESS EXCLUSIVE')
    }
    j.does('catalog')
    j.destroys()
  },
  ReassignOwnedStmt: catalog,
  // Databases, tablespaces, server settings.
  CreatedbStmt: j => j.noTransaction('CREATE DATABASE'),
  DropdbStmt: j => {
    j.noTransaction('DROP DATABASE')
    j.destroys()
  },
  AlterDatabaseStmt: j => {
    if (defNames(j.n.options).includes('tablespace')) j.noTransaction('ALTER DATABASE … SET TABLESPACE')
    j.does('catalog')
  },
  AlterDatabaseSetStmt: catalog,
  AlterDatabaseRefreshCollStmt: catalog,
  AlterSystemStmt: j => j.noTransaction('ALTER SYSTEM'),
  CreateTableSpaceStmt: j => j.noTransaction('CREATE TABLESPACE'),
  DropTableSpaceStmt: j => j.noTransaction('DROP TABLESPACE'),
  AlterTableSpaceOptionsStmt: catalog,
  AlterTableMoveAllStmt: j => {
    // ALTER TABLE ALL IN TABLESPACE … SET TABLESPACE: copies every table of the tablespace under ACCESS EXCLUSIVE.
    j.does('rewrite')
  },
  // Logical replication (the publication's tables: SHARE UPDATE EXCLUSIVE).
  CreatePublicationStmt: publication,
  AlterPublicationStmt: publication,
  CreateSubscriptionStmt: j => j.noTransaction('CREATE SUBSCRIPTION'),
  AlterSubscriptionStmt: catalog,
  DropSubscriptionStmt: j => j.noTransaction('DROP SUBSCRIPTION'),
  // Only ever inside another statement.
  RawStmt: never,
  SetOperationStmt: never,
  ReturnStmt: never,
  PLAssignStmt: never,
  ReplicaIdentityStmt: never
}

/** The statement kinds with a classification (for the test that enumerates the parser's kinds). */
export const CLASSIFIED_KINDS: readonly string[] = Object.keys(KINDS)

function commentOn(j: Judging): void {
  const items = stringList(j.n.object?.List?.items)
  if (j.n.objtype === 'OBJECT_TABLE') j.lock(qualifiedName(items, j.schema), 'SHARE UPDATE EXCLUSIVE')
  else if (j.n.objtype === 'OBJECT_COLUMN') j.lock(qualifiedName(items.slice(0, -1), j.schema), 'SHARE UPDATE EXCLUSIVE')
  j.does('catalog')
}

function publication(j: Judging): void {
  for (const o of (j.n.pubobjects ?? []) as PgNode[]) {
    const rel = o.PublicationObjSpec?.pubtable?.relation
    if (rel) j.lock(tableOf(rel, j.schema), 'SHARE UPDATE EXCLUSIVE')
  }
  j.does('catalog')
}

/** Why an UPDATE or DELETE touches every row: no WHERE, or a WHERE that is always true. */
function wholeTable(j: Judging, target: TableRef): string | undefined {
  if (j.n.whereClause === undefined) return 'no WHERE'
  if (j.n.usingClause || j.n.fromClause) return undefined
  const columns = j.facts.tables.get(tableKey(target))?.columns
  return isConstantTrue(j.n.whereClause, name => columns?.get(name)?.notNull === true) ? 'a WHERE that is always true' : undefined
}

export function classify(stmt: ParsedStatement, schema: string, facts: LiveFacts, rewrites: (cmd: PgNode) => boolean = () => true): StatementClass {
  const locks = new Map<string, { table: TableRef; mode: LockMode }>()
  const cls: StatementClass = { locks: [], work: 'none', destroysData: false }
  const j: Judging = {
    n: stmt.node,
    stmt,
    schema,
    facts,
    rewrites,
    lock(table, mode) {
      if (!table.name) return
      const held = locks.get(tableKey(table))
      locks.set(tableKey(table), { table, mode: held ? strongest(held.mode, mode) : mode })
    },
    does(w) {
      if (WORK.indexOf(w) > WORK.indexOf(cls.work)) cls.work = w
    },
    destroys() {
      cls.destroysData = true
    },
    unclassified(what) {
      cls.unclassified ??= what
    },
    noTransaction(why) {
      cls.noTransaction ??= why
    },
    allRows(why) {
      cls.allRows = why
    }
  }
  const judge = (KINDS as Record<string, Judge | undefined>)[stmt.kind]
  if (judge) judge(j)
  else j.unclassified(`statement kind ${stmt.kind}`)
  cls.locks = [...locks.values()]
  return cls
}

export function showLocks(c: StatementClass, show: (t: TableRef) => string): string {
  return c.locks.map(l => `${l.mode} on ${show(l.table)}`).join('; ')
}

