import type { ParsedFile, ParsedStatement } from './parse.js'
import type { LiveFacts, TableFacts } from './live-facts.js'
import type { StatementClass } from './classify.js'
import { type PgNode, type RiskLevel, type TableRef, tableKey } from './types.js'

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
      out.push(names[names.length - 1] as string)
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
