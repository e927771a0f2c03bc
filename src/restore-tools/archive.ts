import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { BackupManifest } from '../backup/manifest.js'
import type { BackupFormat } from '../inputs.js'
import type { PgTools } from '../postgres/pg-tools.js'
import type { Session } from '../postgres/session.js'
import { sha256File, sha256Directory, formatBytes } from '../backup/files.js'
import { runChild, envWithoutSecrets, type DeathSignal } from '../process/children.js'
import { ActionError, errorMessage } from '../errors.js'
import { scrub } from '../secrets.js'

/**
 * Restoring a verified backup archive into a server: the generic pieces any phase that restores
 * uses (the rehearsal, a restore). Reading the manifest beside the archive, checking the archive
 * against it, reading what the archive holds, checking the server has the extensions it needs, and
 * running pg_restore.
 */

/** The manifest beside an archive: `<base>.dump` or `<base>.dir` → `<base>.manifest.json` (as the backup names it). */
export function manifestPathFor(archive: string): string {
  const base = archive.replace(/\/+$/, '').replace(/\.(dump|dir)$/, '')
  return `${base}.manifest.json`
}

/** Reads and checks the shape of the manifest beside `archive`; names the file when it cannot. */
export async function readManifestBeside(archive: string): Promise<{ manifest: BackupManifest; manifestPath: string }> {
  const manifestPath = manifestPathFor(archive)
  let raw: string
  try {
    raw = await fs.readFile(manifestPath, 'utf8')
  } catch (err) {
    throw new ActionError(
      `The backup's manifest ${manifestPath} cannot be read (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}): without it the archive cannot be checked (sha256, server version, migrations applied).`,
      "Give 'backup-path' the archive the backup phase of this job wrote (its 'backup-path' output); the manifest sits beside it as <name>.manifest.json."
    )
  }
  let manifest: BackupManifest
  try {
    manifest = JSON.parse(raw) as BackupManifest
  } catch {
    throw new ActionError(`The backup's manifest ${manifestPath} is not valid JSON.`, 'Use the manifest the backup phase wrote, unchanged; run the backup again if it was damaged.')
  }
  const missing = (['sha256', 'format', 'serverVersion', 'file'] as const).filter(k => typeof manifest[k] !== 'string')
  if (missing.length > 0 || !Array.isArray(manifest.migrationsApplied)) {
    throw new ActionError(
      `The backup's manifest ${manifestPath} lacks ${[...missing, ...(Array.isArray(manifest.migrationsApplied) ? [] : ['migrationsApplied'])].join(', ')}.`,
      'Use the manifest the backup phase wrote, unchanged; run the backup again if it was damaged.'
    )
  }
  if (path.basename(archive.replace(/\/+$/, '')) !== manifest.file) {
    throw new ActionError(
      `The manifest ${manifestPath} describes ${manifest.file}, not ${path.basename(archive)}.`,
      "Give 'backup-path' the archive the manifest beside it describes (the backup phase's 'backup-path' output)."
    )
  }
  return { manifest, manifestPath }
}

/** The archive's sha256, computed as the backup did (the file, or the directory's manifest), checked against the manifest. */
export async function checkArchiveDigest(archive: string, manifest: BackupManifest): Promise<string> {
  let digest: string
  try {
    digest = manifest.format === 'directory' ? await sha256Directory(archive) : await sha256File(archive)
  } catch (err) {
    throw new ActionError(
      `The backup archive ${archive} cannot be read (${(err as NodeJS.ErrnoException).code ?? scrub(errorMessage(err))}).`,
      "Give 'backup-path' the archive the backup phase of this job wrote (its 'backup-path' output)."
    )
  }
  if (digest !== manifest.sha256) {
    throw new ActionError(
      `The backup archive ${archive} is not the archive the backup verified: its sha256 is ${digest}, the manifest records ${manifest.sha256}. It was changed or replaced after the backup; it is not restored.`,
      'Run the backup again and use its archive unchanged; find out what wrote to the backup folder.'
    )
  }
  return digest
}

/** What an archive's table of contents (`pg_restore --list`) holds. */
export interface ArchiveContents {
  /** Extensions the archive creates (CREATE EXTENSION), by name. */
  extensions: string[]
  /** Tables the archive creates, as `schema.table`. */
  tables: { schema: string; name: string }[]
  /** TABLE DATA entries. */
  tableData: number
}

export async function listArchive(tools: PgTools, archive: string, format: BackupFormat, dieWithParent?: DeathSignal): Promise<ArchiveContents> {
  const listed = await runChild(tools.pgRestore, ['--list', `--format=${format}`, archive], { env: envWithoutSecrets(), captureStdout: true, dieWithParent }).done
  if (listed.code !== 0) {
    throw new ActionError(
      `pg_restore could not list the archive ${archive}:\n${scrub(listed.stderrTail.slice(-5).join('\n'))}`,
      'The archive is damaged or was written by a newer pg_dump than this pg_restore: run the backup again, or give pg-bin-dir a newer PostgreSQL client.'
    )
  }
  return parseArchiveListing(listed.stdout)
}

export function parseArchiveListing(listing: string): ArchiveContents {
  const contents: ArchiveContents = { extensions: [], tables: [], tableData: 0 }
  for (const line of listing.split('\n')) {
    if (/^\s*;/.test(line) || line.trim() === '') continue
    const ext = /^\d+;\s*\d+\s+\d+\s+EXTENSION\s+-\s+(\S+)/.exec(line)
    if (ext?.[1]) contents.extensions.push(ext[1])
    const table = /^\d+;\s*\d+\s+\d+\s+TABLE\s+(?!DATA\s)(\S+)\s+(.+?)\s+\S+\s*$/.exec(line)
    if (table?.[1] && table[2]) contents.tables.push({ schema: table[1], name: table[2] })
    if (/^\d+;\s*\d+\s+\d+\s+TABLE DATA\s/.test(line)) contents.tableData++
  }
  return contents
}

/** The archive's extensions the server cannot create (absent from pg_available_extensions). */
export async function missingExtensions(session: Session, needed: readonly string[]): Promise<string[]> {
  if (needed.length === 0) return []
  const res = await session.query<{ name: string }>('SELECT name FROM pg_available_extensions WHERE name = ANY($1::text[])', [needed])
  const available = new Set(res.rows.map(r => r.name))
  return needed.filter(n => !available.has(n))
}

/** Tables of the archive that do not exist in the restored database. */
export async function missingTables(session: Session, tables: ArchiveContents['tables']): Promise<string[]> {
  if (tables.length === 0) return []
  const res = await session.query<{ schema: string; name: string }>(
    `SELECT t.schema, t.name FROM unnest($1::text[], $2::text[]) AS t(schema, name)
      WHERE NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = t.schema AND c.relname = t.name AND c.relkind IN ('r', 'p'))`,
    [tables.map(t => t.schema), tables.map(t => t.name)]
  )
  return res.rows.map(r => `${r.schema}.${r.name}`)
}

export interface PgRestoreOptions {
  tools: PgTools
  archive: string
  format: BackupFormat
  /** The database to restore into; the connection comes from `env` (PGHOST, PGPORT, PGUSER, ...). */
  database: string
  env: NodeJS.ProcessEnv
  /** Parallel jobs; used for the seekable formats (custom file, directory). */
  jobs: number
  /** TABLE DATA entries in the archive, for the progress lines. */
  tableData: number
  dieWithParent?: DeathSignal
  onProgress?: (done: number, total: number, table: string) => void
}

/**
 * `pg_restore --no-owner --no-acl --exit-on-error`, parallel: the archive's objects owned by the
 * restoring user, no grants to roles the server may not have, and the first error stops it.
 */
export async function runPgRestore(o: PgRestoreOptions): Promise<void> {
  const args = ['--no-owner', '--no-acl', '--exit-on-error', '--verbose', `--format=${o.format}`, `--dbname=${o.database}`]
  if (o.jobs > 1) args.push(`--jobs=${o.jobs}`)
  args.push(o.archive)
  let done = 0
  const { done: finished } = runChild(o.tools.pgRestore, args, {
    env: o.env,
    dieWithParent: o.dieWithParent,
    keepLines: 20,
    onStderrLine: line => {
      const m = /processing data for table "(.+)"/.exec(line)
      if (m?.[1]) o.onProgress?.(++done, o.tableData, m[1])
    }
  })
  const result = await finished
  if (result.code !== 0) {
    const errors = result.stderrTail.filter(l => !/^pg_restore: (processing|creating|launching|finished|connecting|executing)/.test(l))
    throw new ActionError(
      `pg_restore stopped at the first error (exit ${result.code ?? result.signal}):\n${scrub(errors.slice(-6).join('\n'))}`,
      'The archive does not restore into this server: read the error above (a missing role, extension or setting on the server, or a damaged archive).'
    )
  }
}

/** One line of progress for the log. */
export function progressLine(done: number, total: number, table: string, elapsedMs: number, bytes?: number): string {
  const rate = bytes !== undefined ? `, ${formatBytes((bytes * 1000) / Math.max(elapsedMs, 1))}/s` : ''
  return `  … restoring data ${done}/${total}: ${table}${rate}`
}
