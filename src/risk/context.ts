import type { ParsedFile, ParsedStatement } from './parse.js'
import type { DropTarget, LiveFacts, TableFacts } from './live-facts.js'
import { type PgNode, type RiskLevel, type StatementClass, type TableRef, tableKey } from './types.js'

/** What the rules know while they walk the pending batch, statement by statement, in order. */
export interface BatchState {
  /** Tables created earlier in the pending batch (keys `schema.name`): new, empty, no findings. */
  createdTables: Set<string>
  /** Columns added earlier in the batch (`schema.table.column`). */
  addedColumns: Set<string>
  /** Enums created earlier in the batch, with their values. */
  createdEnums: Map<string, string[]>
  /** Functions created in the batch, with their volatility (`i`, `s`, `v`). */
  createdFunctions: Map<string, string>
  /** Indexes created earlier in the batch (`schema.name`). */
  createdIndexes: Set<string>
  /** Types and domains created earlier in the batch (`schema.name`). */
  createdTypes: Set<string>
}

export interface FileState {
  migration: string
  file: string
  parsed: ParsedFile
  /** Statements so far in this file that set lock_timeout. */
  lockTimeoutSet: boolean
  /** Constraints added NOT VALID earlier in this file (`schema.table.constraint`). */
  notValidHere: Set<string>
  /** Tables already given a missing-lock-timeout finding in this file. */
  lockTimeoutReported: boolean
}

export interface RuleContext {
  stmt: ParsedStatement
  file: FileState
  batch: BatchState
  facts: LiveFacts
  schema: string
  /** The statement's locks and work (classify.ts). */
  cls: StatementClass
  /** The deploy's migrator: the builtin one sets lock_timeout itself. */
  migrator: 'prisma' | 'builtin'
  /** Set when the statement runs inside another one (a DO block, a called function…): where. */
  via?: string
  /** The rules that already found something in this statement. */
  found: string[]
}

export interface RuleHit {
  table?: TableRef
  message: string
  saferWay: string
  level?: RiskLevel
}

export interface Rule {
  name: string
  level: RiskLevel
  /** For the README and the summary: why the rule exists, and the safer way. */
  why: string
  saferWay: string
  /**
   * How a finding on an empty live table is judged (it is then `low`, saying why): `lock` when the
   * risk is a lock held while the table is read, copied or indexed (empty: no rows and no page
   * beyond the first), `data` when it is data destroyed (no rows: nothing is lost).
   */
  empty?: 'lock' | 'data'
  /** The one fix for many findings of this rule, when it differs from the safer way of each. */
  groupFix?(count: number, facts: LiveFacts, migrator: 'prisma' | 'builtin'): string
  check(ctx: RuleContext): RuleHit[]
}

export function tableOf(range: PgNode, schema: string): TableRef {
  return { schema: range?.schemaname ?? schema, name: String(range?.relname ?? '') }
}

/** The live table, or undefined when it is created earlier in the batch or does not exist. */
export function existing(ctx: RuleContext, ref: TableRef): TableFacts | undefined {
  const key = tableKey(ref)
  if (ctx.batch.createdTables.has(key)) return undefined
  return ctx.facts.tables.get(key)
}

export function stringList(nodes: PgNode): string[] {
  return ((nodes ?? []) as PgNode[]).map(n => String(n?.String?.sval ?? ''))
}

/** Function names called anywhere in an expression (for default volatility). */
export function calledFunctions(expr: PgNode, out: string[] = []): string[] {
  if (Array.isArray(expr)) {
    for (const e of expr) calledFunctions(e, out)
  } else if (expr !== null && typeof expr === 'object') {
    if (expr.FuncCall) {
      const names = stringList(expr.FuncCall.funcname)
      out.push(names[names.length - 1])
    }
    for (const v of Object.values(expr)) calledFunctions(v, out)
  }
  return out
}

export function alterCommands(stmt: ParsedStatement): PgNode[] {
  if (stmt.kind !== 'AlterTableStmt' || (stmt.node.objtype ?? 'OBJECT_TABLE') !== 'OBJECT_TABLE') return []
  return ((stmt.node.cmds ?? []) as PgNode[]).map(c => c.AlterTableCmd ?? {})
}

export function constraintsOf(columnDef: PgNode): PgNode[] {
  return ((columnDef?.constraints ?? []) as PgNode[]).map(c => c.Constraint ?? {})
}

const ADDRESS_TYPES: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_INDEX: 'index',
  OBJECT_FOREIGN_TABLE: 'foreign table',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_COLLATION: 'collation',
  OBJECT_CONVERSION: 'conversion',
  OBJECT_STATISTIC_EXT: 'statistics object',
  OBJECT_FOREIGN_SERVER: 'server',
  OBJECT_FDW: 'foreign-data wrapper',
  OBJECT_LANGUAGE: 'language',
  OBJECT_EVENT_TRIGGER: 'event trigger',
  OBJECT_ACCESS_METHOD: 'access method',
  OBJECT_PUBLICATION: 'publication',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_RULE: 'rule',
  OBJECT_POLICY: 'policy',
  OBJECT_TSCONFIGURATION: 'text search configuration',
  OBJECT_TSDICTIONARY: 'text search dictionary',
  OBJECT_TSPARSER: 'text search parser',
  OBJECT_TSTEMPLATE: 'text search template',
  OBJECT_OPERATOR: 'operator',
  OBJECT_OPCLASS: 'operator class',
  OBJECT_OPFAMILY: 'operator family',
  OBJECT_TRANSFORM: 'transform',
  OBJECT_CAST: 'cast'
}
const IN_SCHEMA = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_INDEX',
  'OBJECT_FOREIGN_TABLE',
  'OBJECT_COLLATION',
  'OBJECT_CONVERSION',
  'OBJECT_STATISTIC_EXT',
  'OBJECT_TSCONFIGURATION',
  'OBJECT_TSDICTIONARY',
  'OBJECT_TSPARSER',
  'OBJECT_TSTEMPLATE'
])
const ROUTINES = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE'])

const quoteName = (s: string): string => `"${s.replace(/"/g, '""')}"`

/** A parsed type name as text the server's type-name parser reads: `"schema"."name"[]`. */
export function typeNameText(t: PgNode, schema?: string): string {
  const names = stringList(t?.names)
  const qualified = names.length === 1 && schema !== undefined ? [schema, ...names] : names
  return `${qualified.map(quoteName).join('.')}${t?.arrayBounds ? '[]' : ''}`
}

/**
 * The objects a `DROP … CASCADE` or `DROP OWNED` names, as the live catalog resolves them (the
 * cascade-drop rule reads what goes with each from pg_depend). Unqualified names are in the
 * target schema.
 */
export function dropTargets(stmt: ParsedStatement, schema: string): DropTarget[] {
  const n = stmt.node
  const out: DropTarget[] = []
  const add = (t: Omit<DropTarget, 'key'>): void => {
    out.push({ ...t, key: JSON.stringify([t.type, t.names, t.args, t.routine?.text ?? '']) })
  }
  if (stmt.kind === 'DropOwnedStmt') {
    for (const r of (n.roles ?? []) as PgNode[]) {
      const spec = r.RoleSpec ?? {}
      add({ type: 'role', names: [spec.roletype === 'ROLESPEC_CSTRING' ? String(spec.rolename) : ':current_user'], args: [] })
    }
    return out
  }
  if (stmt.kind !== 'DropStmt' || n.behavior !== 'DROP_CASCADE') return out
  const removeType = String(n.removeType)
  for (const o of (n.objects ?? []) as PgNode[]) {
    if (ROUTINES.has(removeType)) {
      const owa = o.ObjectWithArgs ?? {}
      const name = typeNameText({ names: owa.objname }, stringList(owa.objname).length === 1 ? schema : undefined)
      const args = ((owa.objargs ?? []) as PgNode[]).map(a => typeNameText(a.TypeName ?? a))
      add({ type: 'function', names: [name], args, routine: owa.args_unspecified ? { text: name, argsGiven: false } : { text: `${name}(${args.join(', ')})`, argsGiven: true } })
      continue
    }
    const type = ADDRESS_TYPES[removeType]
    if (type === undefined) continue
    if (o.TypeName) {
      add({ type, names: [typeNameText(o.TypeName, schema)], args: [] })
    } else if (o.String) {
      add({ type, names: [String(o.String.sval)], args: [] })
    } else if (removeType === 'OBJECT_CAST') {
      const [from, to] = ((o.List?.items ?? []) as PgNode[]).map(x => typeNameText(x.TypeName))
      add({ type, names: [from ?? ''], args: [to ?? ''] })
    } else {
      const names = stringList(o.List?.items)
      // Trigger, rule, policy: the table's name, then the object's.
      const onTable = removeType === 'OBJECT_TRIGGER' || removeType === 'OBJECT_RULE' || removeType === 'OBJECT_POLICY'
      const qualify = (IN_SCHEMA.has(removeType) && names.length === 1) || (onTable && names.length === 2)
      add({ type, names: qualify ? [schema, ...names] : names, args: [] })
    }
  }
  return out
}
