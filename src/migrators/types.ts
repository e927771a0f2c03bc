/** What a migrator reports; the deploy phase reads the applied list from the books, not from this. */
export interface AppliedMigration {
  name: string
  durationMs: number
}

export interface MigratorRun {
  applied: AppliedMigration[]
  pendingBefore: string[]
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
