import type { DatabaseTarget } from '../postgres/target.js'
import type { ResolveHow } from '../prisma/cli.js'

/** What a migrator reports. */
export interface AppliedMigration {
  name: string
  durationMs: number
}

export interface MigratorRun {
  /** What the migrator ran, with durations, for the log. */
  applied: AppliedMigration[]
  /**
   * The migrations this run applied as the books record them: the rows that count as
   * applied after the run and did not before, read on the migrator's session under the advisory lock.
   */
  appliedFromBooks: string[]
}

export interface MigrationFailure {
  name: string
  message: string
  code: string | undefined
  lockTimeout: boolean
  attempts: number
  /** Part of the file may stay applied: it committed some of its own work, or ran outside a transaction. */
  partial: boolean
  /** What of the file stays applied, from what the server reported (statements completed, COMMITs). */
  whatStayed: string
  /** Why the failed row could not be written, when it could not; the books are read back to be sure. */
  recordError?: string
  /** The constraint (or index) the server named in its error, if any. */
  constraint?: string
  /** The table the server named in its error (schema-qualified when it said so), if any. */
  table?: string
  /** The server's DETAIL line (e.g. the duplicated key), scrubbed. */
  detail?: string
}

/**
 * The rows the builtin migrator inserted into the books (by id), so that after any failure
 * the books can be read back on a fresh session and asked what this run really applied or left failed.
 */
export interface BooksJournal {
  /** Row id → migration name, in the order the rows were written. */
  rows: Map<string, string>
}

/** What the builtin migrator (builtin.ts) is given. */
export interface BuiltinOptions {
  target: DatabaseTarget
  migrationsDir: string
  /** The repository checkout: every migration file read must be inside it. */
  workspace: string
  connectTimeoutMs: number
  lockTimeoutMs: number
  /** Attempts per migration when it hits `lock_timeout` (all-or-nothing files only). */
  lockAttempts?: number
  /** Backoff before the second attempt; doubles each time. */
  retryBackoffMs?: number
  /** The `prisma migrate resolve` command to print for a migration (see resolveCommand in prisma/cli.ts). */
  resolveCommand: (how: ResolveHow, name: string | undefined) => string
  /** Set while running: a signal asks the migrator to stop (see `cancel`). */
  signal?: AbortSignal
  /** Filled with the ids of the rows this run writes, for reading the books back after a failure. */
  journal?: BooksJournal
}
