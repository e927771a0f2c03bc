import * as fs from 'node:fs/promises'
import type { BackupFormat } from '../archive/format.js'
import type { TwinFacts } from './twin-facts.js'

/**
 * The JSON manifest written beside every verified backup: what the backup is (file, size, sha256,
 * versions, tables, the books at backup time) and where it came from (database, run, commit).
 */
export interface BackupManifest {
  database: string
  host: string
  schema: string
  serverVersion: string
  pgDumpVersion: string
  format: BackupFormat
  /** The dump's file (custom) or folder (directory), by name, beside the manifest. */
  file: string
  size: number
  sha256: string
  /** For the directory format: how `sha256` was computed, and of what. */
  sha256Of: 'file' | 'directory-manifest'
  /** Ordinary and partitioned tables in the database (system schemas excluded) at backup time. */
  tables: number
  /** TABLE DATA entries in the archive's table of contents. */
  tablesWithData: number
  /** pg_database_size of the database at backup time (absent in manifests of older versions). */
  databaseBytes?: number
  /** Migrations the books recorded as applied at backup time, in order. */
  migrationsApplied: string[]
  /**
   * What a faithful copy needs (absent in manifests of older versions): the database's encoding,
   * collation, ctype, locale provider and ICU locale, its tablespace and owner, the deploy role's
   * attributes and memberships, and the roles the database names.
   */
  twin?: TwinFacts
  createdAt: string
  /** How long pg_dump ran. */
  durationMs: number
  /**
   * How long the verification took: pg_restore's full read, and the sha256 unless the encryption's
   * read took it. The encryption runs at the same time (`encrypted.durationMs`).
   */
  verificationMs: number
  gitSha: string | null
  runId: string | null
  runAttempt: string | null
  repository: string | null
  /** The encrypted copy beside the archive (`backup-recipients`), or null when none was made. */
  encrypted: EncryptedCopy | null
}

/** The age file made from the verified archive: the only form of the backup that may leave the runner. */
export interface EncryptedCopy {
  /** By name, beside the manifest: `<name>.dump.age`, or `<name>.dir.tar.age` (the folder as one tar stream). */
  file: string
  size: number
  sha256: string
  format: 'age'
  /** The age public keys it was encrypted to (public keys are not secret). */
  recipients: string[]
  /** How long the encryption (reading, hashing, sealing, writing and flushing the file) took. */
  durationMs: number
}

/**
 * Writes the manifest to a new file (created exclusively: an existing file is never replaced) and
 * flushes it to disk; a manifest that could not be written whole is removed.
 */
export async function writeManifest(file: string, manifest: BackupManifest): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600)
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`)
    await handle.sync()
    await handle.chmod(0o600)
  } catch (err) {
    await handle.close().catch(() => {})
    await fs.rm(file, { force: true }).catch(() => {})
    throw err
  }
  await handle.close()
}
