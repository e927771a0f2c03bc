/**
 * Statement classification: for each statement of a migration, the locks it takes, the work it
 * does (catalog only, rows, a scan, an index build, a rewrite), whether it destroys data and what
 * keeps it out of a transaction. The judges live in ./classify/ by statement family; this module
 * assembles them into the one table of every statement kind.
 */
import type { LiveFacts } from './live-facts.js'
import type { ParsedStatement } from './parse.js'
import { type LockMode, type PgNode, type TableRef, type StatementClass, type Work, tableKey } from './types.js'
import { type Judge, type Judging, type StatementKind, WORK, strongest } from './classify/judging.js'
import { ROW_STATEMENTS } from './classify/rows.js'
import { TABLE_STATEMENTS } from './classify/table-ddl.js'
import { MAINTENANCE_STATEMENTS } from './classify/maintenance.js'
import { CATALOG_STATEMENTS } from './classify/catalog.js'

export type { StatementClass, Work, StatementKind }
export { blocks, qualifiedName, strongest } from './classify/judging.js'
export { ALTER_TABLE_SUBCOMMANDS } from './classify/alter-table.js'

/**
 * How each statement kind is judged. The record's type lists every statement kind of the parser,
 * so a kind a newer parser adds fails the build until it is classified in one of the families
 * (and at run time a kind missing from the record is an unclassified-statement finding).
 */
const KINDS: Record<StatementKind, Judge> = {
  ...ROW_STATEMENTS,
  ...TABLE_STATEMENTS,
  ...MAINTENANCE_STATEMENTS,
  ...CATALOG_STATEMENTS
}

/** The statement kinds with a classification (for the test that enumerates the parser's kinds). */
export const CLASSIFIED_KINDS: readonly string[] = Object.keys(KINDS)

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
