import * as fs from 'node:fs/promises'
import { ActionError } from '../errors.js'
import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupManifest } from '../backup/manifest.js'
import { readManifestBeside } from '../archive/manifest-file.js'
import { checkArchiveDigest } from '../archive/open.js'
import { majorOf } from '../archive/versions.js'
import { runnerTempDir } from '../process/temp-dir.js'
import { formatBytes } from '../format.js'
import type { ServerBinaries } from './throwaway-server.js'

/**
 * The rehearsal's checks before its server starts: the backup is its manifest's, the runner has the
 * disk for a copy, and a pg_restore can read the archive. Each returns its value and its step's line.
 */

/** Headroom on top of the database's size: the cluster itself, WAL, the reference database. */
const DISK_MARGIN_BYTES = 128 * 1024 * 1024

/** The pg_restore chosen for the backup, and whether it can also dump the throwaway server (for the drift check). */
export interface RehearsalTools {
  chosen: PgTools
  canDump: boolean
}

/** The manifest beside the archive, and the archive's sha256 equal to it. */
export async function checkBackup(archive: string): Promise<[{ manifest: BackupManifest; manifestPath: string }, string]> {
  const read = await readManifestBeside(archive, "Give 'backup-path' the archive the backup phase of this job wrote (its 'backup-path' output); the manifest sits beside it as <name>.manifest.json.")
  const digest = await checkArchiveDigest(archive, read.manifest)
  const m = read.manifest
  return [
    read,
    `${m.file} (${m.format}, ${formatBytes(m.size)}, from PostgreSQL ${m.serverVersion}, ${m.migrationsApplied.length} migrations applied); sha256 ${digest.slice(0, 16)}… matches the manifest`
  ]
}

/** Enough free disk under RUNNER_TEMP for the copy: the database's size (or four times the archive's), a quarter more, and a margin. */
export async function checkDisk(env: NodeJS.ProcessEnv, manifest: BackupManifest): Promise<[undefined, string]> {
  const where = runnerTempDir(env)
  const stats = await fs.statfs(where)
  const free = stats.bavail * stats.bsize
  const estimate = manifest.databaseBytes ?? manifest.size * 4
  const needed = Math.ceil(estimate * 1.25) + DISK_MARGIN_BYTES
  const basis =
    manifest.databaseBytes !== undefined
      ? `the database's size at backup time (${formatBytes(estimate)})`
      : `four times the archive's size (${formatBytes(estimate)}; the manifest records no database size)`
  if (free < needed) {
    throw new ActionError(
      `Not enough free disk space for the rehearsal under ${where}: ${formatBytes(free)} free, about ${formatBytes(needed)} needed (${basis}, plus a quarter and ${formatBytes(DISK_MARGIN_BYTES)} for the server). Nothing was started.`,
      "Free disk space on the runner (or use a larger runner), or turn the rehearsal off for this database (the reusable workflow's input `rehearse: false`)."
    )
  }
  return [undefined, `${formatBytes(free)} free under ${where}; about ${formatBytes(needed)} needed (${basis})`]
}

/** The pg_restore for the backup: preferably one that can also dump the throwaway server. */
export function chooseTools(found: PgTools[], binaries: ServerBinaries, manifest: BackupManifest): [RehearsalTools, string] {
  const pgDumpMajor = majorOf(manifest.pgDumpVersion)
  // Preferred: a client that can also dump the throwaway server (for the drift check).
  const full = found.find(t => t.major >= binaries.major)
  const restoreOnly = found.find(t => t.major >= pgDumpMajor)
  const chosen = full ?? restoreOnly
  if (!chosen) {
    throw new ActionError(
      `No pg_restore of version ${pgDumpMajor} or newer was found to restore the backup (written by pg_dump ${manifest.pgDumpVersion}); found ${found.length === 0 ? 'none' : found.map(t => `${t.version} (${t.dir})`).join(', ')}.`,
      `Install the PostgreSQL ${binaries.major} client tools (\`sudo apt-get install -y postgresql-client-${binaries.major}\`), or set 'pg-bin-dir'.`
    )
  }
  return [{ chosen, canDump: full !== undefined }, `pg_restore ${chosen.version} (${chosen.dir})`]
}
