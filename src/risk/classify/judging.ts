/** What every statement judge shares: the lock and work orders, the judging context, common readers. */
import type { Node } from 'libpg-query'
import type { LiveFacts } from '../live-facts.js'
import type { ParsedStatement } from '../parse.js'
import { tableOf } from '../context.js'
import { type LockMode, type PgNode, type TableRef, type Work, tableKey } from '../types.js'

/** Every statement node kind of libpg-query's parse tree (the `…Stmt` members of its Node union). */
type NodeKey = Node extends infer N ? (N extends unknown ? keyof N : never) : never
export type StatementKind = Extract<NodeKey, `${string}Stmt`>

const ORDER: LockMode[] = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']
export const WORK: Work[] = ['none', 'catalog', 'rows', 'scan', 'index build', 'rewrite']

export function strongest(a: LockMode, b: LockMode): LockMode {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b
}

/** Whether a lock mode makes writers wait (SHARE and stronger), and readers (ACCESS EXCLUSIVE). */
export function blocks(mode: LockMode): 'reads and writes' | 'writes' | undefined {
  if (mode === 'ACCESS EXCLUSIVE') return 'reads and writes'
  return ORDER.indexOf(mode) >= ORDER.indexOf('SHARE') ? 'writes' : undefined
}

/** The statement being judged, and what judging needs. */
export interface Judging {
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

export type Judge = (j: Judging) => void

export const none: Judge = () => {}
export const catalog: Judge = j => j.does('catalog')
export const never: Judge = j => j.unclassified(`${j.stmt.kind} (the parser yields it only inside another statement, never as a statement of a migration)`)

/** A name list (`schema.name` or `name`) as a table reference in the target schema. */
export function qualifiedName(names: string[], schema: string): TableRef {
  return names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { schema, name: names[0] ?? '' }
}

/** Every table a query reads (FROM, JOIN, subqueries), ACCESS SHARE. */
export function reads(j: Judging, node: PgNode, except?: string): void {
  const seen: TableRef[] = []
  collectRangeVars(node, j.schema, seen)
  for (const t of seen) if (tableKey(t) !== except) j.lock(t, 'ACCESS SHARE')
}

export function collectRangeVars(node: PgNode, schema: string, out: TableRef[]): void {
  if (Array.isArray(node)) {
    for (const x of node) collectRangeVars(x, schema, out)
    return
  }
  if (node === null || typeof node !== 'object') return
  if (node.RangeVar) out.push(tableOf(node.RangeVar, schema))
  for (const [k, v] of Object.entries(node)) if (k !== 'RangeVar' && v !== null && typeof v === 'object') collectRangeVars(v, schema, out)
}

export const defNames = (list: PgNode): string[] => ((list ?? []) as PgNode[]).map(o => String(o?.DefElem?.defname ?? ''))
/** A `DefElem` option given without `false`/`off`/`0`. */
export const optionOn = (list: PgNode, name: string): boolean =>
  ((list ?? []) as PgNode[]).some(
    o => o?.DefElem?.defname === name && !['false', 'off', '0'].includes(String(o.DefElem.arg?.String?.sval ?? o.DefElem.arg?.Boolean?.boolval ?? o.DefElem.arg?.Integer?.ival ?? 'true').toLowerCase())
  )
