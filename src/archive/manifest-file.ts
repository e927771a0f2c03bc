import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { BackupManifest } from '../backup/manifest.js'
import { ActionError, errorMessage } from '../errors.js'
import { scrub } from '../secrets.js'

/**
 * The manifest the backup phase writes beside every archive: where it is, and reading it back with
 * every field a restore relies on checked. Nothing here looks at the archive itself (see open.ts).
 */

/**
 * The manifest beside a backup: `<name>.dump`, `<name>.dir` (with or without a trailing slash),
 * `<name>.dump.age` or `<name>.dir.tar.age` → `<name>.manifest.json` (as the backup names it).
 */
export function manifestPathFor(backupPath: string): string {
  const trimmed = backupPath.replace(/(.)\/+$/, '$1')
  const base = path.basename(trimmed).replace(/(\.dump\.age|\.dir\.tar\.age|\.dump|\.dir)$/, '')
  return path.join(path.dirname(trimmed), `${base}.manifest.json`)
}

const DAMAGED_FIX = 'Use the manifest the backup phase wrote with this backup, unchanged; run the backup again if it was damaged.'

/**
 * Reads a manifest and checks its shape: every field a restore relies on present, the text fields
 * text, `migrationsApplied` a list, `format` one the backup writes. `notFoundFix` says where the
 * phase that reads it expects the manifest to come from.
 */
export async function readManifest(file: string, notFoundFix: string): Promise<BackupManifest> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (err) {
    throw new ActionError(
      `The backup's manifest ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? scrub(errorMessage(err))}): without it the archive cannot be checked (sha256, server version, migrations applied).`,
      notFoundFix
    )
  }
  let m: Partial<Record<keyof BackupManifest, unknown>>
  try {
    m = JSON.parse(text) as Partial<Record<keyof BackupManifest, unknown>>
  } catch {
    throw new ActionError(`The backup's manifest ${file} is not valid JSON.`, DAMAGED_FIX)
  }
  if (typeof m !== 'object' || m === null) throw new ActionError(`The backup's manifest ${file} is not a JSON object.`, DAMAGED_FIX)
  const missing = (['database', 'serverVersion', 'pgDumpVersion', 'format', 'file', 'sha256', 'tables', 'migrationsApplied'] as const).filter(k => m[k] === undefined || m[k] === null)
  const notText = (['database', 'serverVersion', 'pgDumpVersion', 'format', 'file', 'sha256'] as const).filter(k => !missing.includes(k) && typeof m[k] !== 'string')
  const problems = [
    missing.length > 0 ? `missing: ${missing.join(', ')}` : '',
    notText.length > 0 ? `not text: ${notText.join(', ')}` : '',
    m.migrationsApplied !== undefined && m.migrationsApplied !== null && !Array.isArray(m.migrationsApplied) ? 'migrationsApplied is not a list' : '',
    typeof m.format === 'string' && m.format !== 'custom' && m.format !== 'directory' ? `format '${m.format}' is neither custom nor directory` : ''
  ].filter(Boolean)
  if (problems.length > 0) {
    throw new ActionError(`The backup's manifest ${file} is incomplete or malformed (${problems.join('; ')}).`, DAMAGED_FIX)
  }
  return m as unknown as BackupManifest
}

/** The manifest beside `backupPath` (see manifestPathFor), read and checked. */
export async function readManifestBeside(backupPath: string, notFoundFix: string): Promise<{ manifest: BackupManifest; manifestPath: string }> {
  const manifestPath = manifestPathFor(backupPath)
  return { manifest: await readManifest(manifestPath, notFoundFix), manifestPath }
}
