import type { LocalMigration } from './migrations-folder.js'
import { checksumMatches } from './migrations-folder.js'
import type { MigrationRow } from './books.js'
import { isApplied, isFailed } from './books.js'

/**
 * Local folder against the books. Pending follows Prisma exactly (a local migration with no row
 * whose `rolled_back_at` is NULL); the rest is what verify refuses, stricter than Prisma.
 */
export interface MigrationComparison {
  pending: LocalMigration[]
  applied: LocalMigration[]
  /** Rows with neither `finished_at` nor `rolled_back_at`: Prisma's P3009. */
  failed: MigrationRow[]
  /** Applied migrations whose file no longer matches the stored checksum. */
  edited: { migration: LocalMigration; row: MigrationRow }[]
  /** Applied rows with no local folder of that name. */
  missingLocally: MigrationRow[]
  /** Applied migrations whose latest applied row holds no checksum (NULL or empty): cannot be compared. */
  noChecksum: { migration: LocalMigration; row: MigrationRow }[]
}

export function compareMigrations(local: readonly LocalMigration[], rows: readonly MigrationRow[]): MigrationComparison {
  const rowsByName = new Map<string, MigrationRow[]>()
  for (const row of rows) {
    const list = rowsByName.get(row.migration_name)
    if (list) list.push(row)
    else rowsByName.set(row.migration_name, [row])
  }
  const localNames = new Set(local.map(m => m.name))

  const pending: LocalMigration[] = []
  const applied: LocalMigration[] = []
  const edited: MigrationComparison['edited'] = []
  const noChecksum: MigrationComparison['noChecksum'] = []
  for (const migration of local) {
    const own = rowsByName.get(migration.name) ?? []
    if (!own.some(r => r.rolled_back_at === null)) {
      pending.push(migration)
      continue
    }
    const appliedRows = own.filter(isApplied)
    if (appliedRows.length === 0) continue // only a failed row: reported below
    applied.push(migration)
    const latest = appliedRows[appliedRows.length - 1]
    if (typeof latest.checksum !== 'string' || latest.checksum === '') noChecksum.push({ migration, row: latest })
    else if (!checksumMatches(latest.checksum, migration)) edited.push({ migration, row: latest })
  }

  const failed = rows.filter(isFailed)
  const missingNames = new Set<string>()
  const missingLocally = rows.filter(r => {
    if (!isApplied(r) || localNames.has(r.migration_name) || missingNames.has(r.migration_name)) return false
    missingNames.add(r.migration_name)
    return true
  })
  return { pending, applied, failed, edited, missingLocally, noChecksum }
}
