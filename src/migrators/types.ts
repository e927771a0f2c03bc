/** What a migrator reports. */
export interface AppliedMigration {
  name: string
  durationMs: number
}

export interface MigratorRun {
  /** What the migrator ran, with durations, for the log. */
  applied: AppliedMigration[]
  /**
   * The migrations this run applied as `_prisma_migrations` records them: the rows that count as
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
  /** The file did not run as one transaction, so part of it may have been applied. */
  partial: boolean
}
