/** Migration risk analysis: the shapes the parser, the rules and the report share. */

export const RISK_LEVELS = ['high', 'medium', 'low'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]
export const RISK_FAIL_LEVELS = ['high', 'medium', 'low', 'none'] as const
export type RiskFailLevel = (typeof RISK_FAIL_LEVELS)[number]

const RANK: Record<RiskLevel, number> = { high: 3, medium: 2, low: 1 }

export function levelRank(level: RiskLevel | 'none'): number {
  return level === 'none' ? 0 : RANK[level]
}

/** Whether a finding of `level` fails verify under `failLevel` (`none` never fails). */
export function failsAt(level: RiskLevel, failLevel: RiskFailLevel): boolean {
  return failLevel !== 'none' && RANK[level] >= RANK[failLevel]
}

/** PostgreSQL's table lock levels, weakest first. */
export type LockMode = 'ACCESS SHARE' | 'ROW SHARE' | 'ROW EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE' | 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'EXCLUSIVE' | 'ACCESS EXCLUSIVE'

/** A parse-tree node as libpg-query returns it (JSON of PostgreSQL's nodes; zero values omitted). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PgNode = any

/** A table as the analysis names it: schema (unquoted, as stored) and name. */
export interface TableRef {
  schema: string
  name: string
}

export function tableKey(t: TableRef): string {
  return `${t.schema}.${t.name}`
}

export function showTable(t: TableRef): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`
}

export interface Finding {
  rule: string
  level: RiskLevel
  /** Path of the migration.sql relative to the workspace, with `/` separators. */
  file: string
  migration: string
  /** 1-based line of the statement's first token. */
  line: number
  /** The table the finding is about, with its live size, when there is one. */
  table?: string
  tableSize?: string
  tableRows?: string
  /** The locks the statement takes, e.g. `ACCESS EXCLUSIVE on public."User"`. */
  locks?: string
  /** What drives the lock's duration: catalog, scan, index build, rewrite, rows. */
  work?: string
  /** What happens: the lock, what drives its duration, what is lost. */
  message: string
  /** The safer way to write it. */
  saferWay: string
  /** The reason given in a `-- db-deploy: allow` comment that accepted this finding. */
  allowed?: string
}

/**
 * What a statement does to tables, from PostgreSQL's lock table for each command ("Explicit
 * Locking" in its manual): the lock it takes on which tables (the referenced table of a foreign
 * key, the tables a dropped table's foreign keys reference, the table of a named index, every table
 * with a column of an altered domain included), and whether it changes only the catalog, reads
 * every row, builds an index, rewrites the table, or touches rows. The test suite compares the
 * locks with pg_locks on a real server.
 *
 * Nothing is safe by default: every statement kind of the parser has an entry in classify.ts, and a kind
 * (or an ALTER TABLE subcommand) without a classification is reported as unclassified, never as
 * harmless.
 */
export type Work = 'catalog' | 'scan' | 'index build' | 'rewrite' | 'rows' | 'none'

export interface StatementClass {
  locks: { table: TableRef; mode: LockMode }[]
  work: Work
  destroysData: boolean
  /** UPDATE or DELETE with no WHERE, or one that is always true: every row is touched. */
  allRows?: string
  /** What no classification covers (a statement kind, an ALTER TABLE subcommand): nothing was judged. */
  unclassified?: string
  /** Why PostgreSQL refuses the statement inside a transaction block. */
  noTransaction?: string
}
