import type { BackupManifest } from '../backup/manifest.js'
import type { PgTools } from '../postgres/pg-tools.js'
import { ActionError } from '../errors.js'

/** The first number of a version string (`15.4` → 15), or NaN. */
export function majorOf(version: string): number {
  return Number(/^(\d+)/.exec(version.trim())?.[1] ?? NaN)
}

/**
 * The version rules of a restore: the server's major version at least the one the dump was taken
 * from (objects and syntax of a newer server may not exist on an older one), and pg_restore at
 * least the pg_dump that wrote the archive (an older pg_restore cannot read a newer archive format).
 */
export function versionProblem(manifest: Pick<BackupManifest, 'serverVersion' | 'pgDumpVersion'>, serverVersion: string, tools?: Pick<PgTools, 'version' | 'major' | 'dir'>): ActionError | undefined {
  const dumpServer = majorOf(manifest.serverVersion)
  const serverMajor = majorOf(serverVersion)
  if (!(serverMajor >= dumpServer)) {
    return new ActionError(
      `The backup was taken from PostgreSQL ${manifest.serverVersion}, and the target server runs PostgreSQL ${serverVersion}: a dump cannot be restored into an older major version. Nothing was changed.`,
      `Restore into a server of PostgreSQL ${dumpServer} or newer (or upgrade this one first).`
    )
  }
  if (tools && !(tools.major >= majorOf(manifest.pgDumpVersion))) {
    return new ActionError(
      `The backup was written by pg_dump ${manifest.pgDumpVersion}, and the pg_restore found is ${tools.version} (${tools.dir}): an older pg_restore cannot read a newer archive. Nothing was changed.`,
      `Install PostgreSQL ${majorOf(manifest.pgDumpVersion)}+ client tools before this step, or set 'pg-bin-dir' to them.`
    )
  }
  return undefined
}
