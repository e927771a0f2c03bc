import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { BackupManifest } from './manifest.js'
import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupFormat } from '../inputs.js'
import { sha256File, sha256Directory } from './files.js'
import { decryptBackup } from '../crypto/age-file.js'
import { runChild, envWithoutSecrets, type DeathSignal } from '../process/children.js'
import { ActionError, errorMessage } from '../errors.js'
import { scrub } from '../secrets.js'

/**
 * Reading a backup back: the manifest beside it, the proof that the archive is the one the
 * manifest describes (sha256 of the plaintext, or of the ciphertext and then of the decrypted
 * plaintext), the version rules of a restore, and pg_restore runs. Shared by every phase that
 * restores an archive (restore, rehearse); nothing here connects to the target database.
 */

/** The manifest the backup phase writes beside `backupPath` (`<name>.manifest.json`). */
export function manifestPathFor(backupPath: string): string {
  const base = path.basename(backupPath).replace(/(\.dump\.age|\.dir\.tar\.age|\.dump|\.dir)$/, '')
  return path.join(path.dirname(backupPath), `${base}.manifest.json`)
}

/** Reads and checks the shape of a manifest; every field the restore relies on must be present. */
export async function readManifest(file: string): Promise<BackupManifest> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (err) {
    throw new ActionError(
      `The backup's manifest ${file} cannot be read: ${scrub(errorMessage(err))}.`,
      'Put the manifest (<name>.manifest.json, written by the backup phase and uploaded with the .age file) beside the backup, under its own name.'
    )
  }
  let m: Partial<BackupManifest>
  try {
    m = JSON.parse(text) as Partial<BackupManifest>
  } catch {
    throw new ActionError(`The backup's manifest ${file} is not valid JSON.`, 'Use the manifest the backup phase wrote with this backup.')
  }
  const missing = (['database', 'serverVersion', 'pgDumpVersion', 'format', 'file', 'sha256', 'tables', 'migrationsApplied'] as const).filter(
    k => m[k] === undefined || m[k] === null
  )
  if (missing.length > 0 || !Array.isArray(m.migrationsApplied) || (m.format !== 'custom' && m.format !== 'directory')) {
    throw new ActionError(
      `The backup's manifest ${file} is incomplete or malformed${missing.length ? ` (missing: ${missing.join(', ')})` : ''}.`,
      'Use the manifest the backup phase wrote with this backup.'
    )
  }
  return m as BackupManifest
}

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

export interface OpenedArchive {
  /** The plaintext archive to restore: the given file, or the decrypted copy in `workDir`. */
  archive: string
  format: BackupFormat
  encrypted: boolean
  /** The plaintext's sha256 (the manifest's, checked). */
  sha256: string
}

/**
 * Proves that `backupPath` is the archive its manifest describes and returns the plaintext to
 * restore. A `.age` file is checked (ciphertext sha256), decrypted with `identity` into `workDir`
 * (which the caller removes) and checked again (plaintext sha256); a plaintext archive is hashed.
 */
export async function openArchive(o: { backupPath: string; manifest: BackupManifest; identity: string | undefined; workDir: string }): Promise<OpenedArchive> {
  const { backupPath, manifest } = o
  const name = path.basename(backupPath)
  const fix = 'Give the backup file and the manifest written with it (both are in the backup artifact).'
  if (name.endsWith('.age')) {
    if (!manifest.encrypted) {
      throw new ActionError(`${name} is an age file, but its manifest records no encrypted copy.`, fix)
    }
    if (manifest.encrypted.file !== name) {
      throw new ActionError(`${name} is not the encrypted backup its manifest describes (${manifest.encrypted.file}).`, fix)
    }
    if (!o.identity) {
      throw new ActionError(
        `${name} is encrypted, and no 'backup-identity' was given.`,
        "Pass the age identity (the AGE-SECRET-KEY-1… line of the key file whose public key the backup was encrypted to) from a secret as 'backup-identity'."
      )
    }
    const kind = manifest.format === 'custom' ? 'file' : 'directory'
    const out = path.join(o.workDir, manifest.file)
    await decryptBackup({
      encrypted: backupPath,
      identity: o.identity,
      encryptedSha256: manifest.encrypted.sha256,
      plaintextSha256: manifest.sha256,
      kind,
      out
    })
    return { archive: out, format: manifest.format, encrypted: true, sha256: manifest.sha256 }
  }
  if (manifest.file !== name) {
    throw new ActionError(`${name} is not the backup its manifest describes (${manifest.file}).`, fix)
  }
  const stat = await fs.stat(backupPath).catch(err => {
    throw new ActionError(`The backup ${backupPath} cannot be read: ${scrub(errorMessage(err))}.`, 'Check the path (download the workflow artifact first).')
  })
  const digest = stat.isDirectory() ? await sha256Directory(backupPath) : await sha256File(backupPath)
  if (digest !== manifest.sha256) {
    throw new ActionError(
      `The backup ${name} does not match its manifest: sha256 ${digest.slice(0, 16)}…, the manifest says ${manifest.sha256.slice(0, 16)}…. It was altered or truncated; nothing was restored.`,
      'Use another backup whose manifest matches, or take a new one.'
    )
  }
  return { archive: backupPath, format: manifest.format, encrypted: false, sha256: digest }
}

export interface PgRestoreOptions {
  tools: PgTools
  /** libpq environment naming the database to restore into (PGDATABASE) and the passfile. */
  env: NodeJS.ProcessEnv
  archive: string
  format: BackupFormat
  /** Extra arguments, e.g. `--no-owner`. */
  args?: string[]
  dieWithParent?: DeathSignal
  onStderrLine?: (line: string) => void
}

/**
 * pg_restore into the database named by `env` (PGDATABASE), stopping at the first error
 * (`--exit-on-error`): owners and privileges as in the archive unless `args` say otherwise.
 */
export async function runPgRestore(o: PgRestoreOptions): Promise<void> {
  const args = ['--exit-on-error', '--no-password', `--format=${o.format}`, `--dbname=${o.env.PGDATABASE ?? ''}`, ...(o.args ?? []), o.archive]
  const result = await runChild(o.tools.pgRestore, args, { env: o.env, dieWithParent: o.dieWithParent, onStderrLine: o.onStderrLine }).done
  if (result.code !== 0) {
    const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`
    throw new ActionError(
      `pg_restore ${how}.\n${scrub(result.stderrTail.slice(-6).join('\n'))}`,
      'Fix the cause above (a role the archive names that does not exist here, privileges, disk), then run the restore again.'
    )
  }
}

/** The schema (DDL, owners, privileges) an archive holds, as pg_restore prints it, normalized. */
export async function archiveSchema(tools: PgTools, archive: string, format: BackupFormat, dieWithParent?: DeathSignal): Promise<string> {
  const result = await runChild(tools.pgRestore, ['--schema-only', '--file=-', `--format=${format}`, archive], {
    env: envWithoutSecrets(),
    captureStdout: true,
    dieWithParent
  }).done
  if (result.code !== 0) throw new ActionError(`pg_restore could not print the schema of ${path.basename(archive)}.\n${scrub(result.stderrTail.slice(-5).join('\n'))}`, 'Use a backup written by the backup phase.')
  return normalizeSchemaScript(result.stdout)
}

/** The schema of the database named by `env` (PGDATABASE), printed by pg_dump, normalized. */
export async function databaseSchema(tools: PgTools, env: NodeJS.ProcessEnv, dieWithParent?: DeathSignal): Promise<string> {
  const result = await runChild(tools.pgDump, ['--schema-only', '--no-password', '--file=-'], { env, captureStdout: true, dieWithParent }).done
  if (result.code !== 0) throw new ActionError(`pg_dump could not print the schema of database '${env.PGDATABASE ?? ''}'.\n${scrub(result.stderrTail.slice(-5).join('\n'))}`, 'Check the server, then run the restore again.')
  return normalizeSchemaScript(result.stdout)
}

/**
 * A schema script without what differs between two prints of the same schema: comments (they
 * name the versions), blank lines, and the random key of `\restrict` / `\unrestrict` lines.
 */
export function normalizeSchemaScript(sql: string): string {
  return sql
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith('--') && !/^\\(un)?restrict\b/.test(line))
    .join('\n')
}

/** The first line where two schema scripts differ, for a message. */
export function firstDifference(a: string, b: string): string {
  const la = a.split('\n')
  const lb = b.split('\n')
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: backup has '${(la[i] ?? '(end)').slice(0, 120)}', restored copy has '${(lb[i] ?? '(end)').slice(0, 120)}'`
  }
  return 'none'
}
