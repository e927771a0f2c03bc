import * as exec from '@actions/exec'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'
import { envWithoutSecrets, stringEnv } from '../process/children.js'

/**
 * Finding a `pg_dump`/`pg_restore` pair that can dump the server: its major version must be at
 * least the server's (pg_dump refuses a newer server). Searched in `pg-bin-dir`, then `PATH`, then
 * `/usr/lib/postgresql/<major>/bin`; the newest version wins. An explicit `pg-bin-dir` is not a
 * search: it is used as given, or refused when it cannot dump the server.
 */
export interface PgTools {
  dir: string
  pgDump: string
  pgRestore: string
  /** As printed by `pg_dump --version`, e.g. `16.4`. */
  version: string
  major: number
}

export interface DiscoveryOptions {
  pgBinDir?: string | undefined
  pathEnv?: string | undefined
  /** Folders holding one `<major>/bin` each; default `/usr/lib/postgresql`. */
  systemRoots?: string[]
}

export const SYSTEM_ROOTS = ['/usr/lib/postgresql']

/** Every usable pair found, newest first (ties keep search order; Debian's pg_wrapper last). */
export async function discoverPgTools(options: DiscoveryOptions = {}): Promise<PgTools[]> {
  const dirs: string[] = []
  if (options.pgBinDir) dirs.push(options.pgBinDir)
  for (const entry of (options.pathEnv ?? process.env.PATH ?? '').split(path.delimiter)) {
    if (entry) dirs.push(entry)
  }
  for (const root of options.systemRoots ?? SYSTEM_ROOTS) {
    const versions = await fs.readdir(root).catch(() => [] as string[])
    versions
      .filter(v => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .forEach(v => dirs.push(path.join(root, v, 'bin')))
  }

  interface Candidate {
    dir: string
    pgDump: string
    pgRestore: string
    order: number
    wrapper: boolean
  }
  const seen = new Set<string>()
  const candidates: Candidate[] = []
  for (const [order, dir] of dirs.entries()) {
    const pgDump = path.join(dir, 'pg_dump')
    const pgRestore = path.join(dir, 'pg_restore')
    const real = await executableRealpath(pgDump)
    if (!real || !(await executableRealpath(pgRestore))) continue
    if (seen.has(real)) continue
    seen.add(real)
    candidates.push({ dir, pgDump, pgRestore, order, wrapper: path.basename(real) === 'pg_wrapper' })
  }
  // Debian's pg_wrapper picks a version by its own rules at run time; ask it only when nothing else
  // exists — except in an explicit pg-bin-dir, which is always asked (it is used as given).
  const explicit = (c: Candidate): boolean => options.pgBinDir !== undefined && c.dir === options.pgBinDir
  const anyDirect = candidates.some(c => !c.wrapper)
  const toProbe = candidates.filter(c => !anyDirect || !c.wrapper || explicit(c))

  const probed = await Promise.all(
    toProbe.map(async c => {
      const version = await toolVersion(c.pgDump)
      return version ? { ...c, ...version } : undefined
    })
  )
  return probed
    .filter((c): c is NonNullable<typeof c> => c !== undefined)
    .sort((a, b) => b.major - a.major || compareVersions(b.version, a.version) || a.order - b.order)
    .map(({ dir, pgDump, pgRestore, version, major }) => ({ dir, pgDump, pgRestore, version, major }))
}

/** The newest pair whose major version is at least the server's, or undefined. */
export function choosePgTools(found: readonly PgTools[], serverMajor: number): PgTools | undefined {
  return found.find(t => t.major >= serverMajor)
}

/**
 * The pair to use for a server, or an ActionError. An explicit `pgBinDir` is used as given: never
 * replaced by a newer pg_dump found elsewhere, and refused (naming why) when it holds no working
 * pair or one older than the server. Without it, the newest pair that can dump the server.
 */
export function requirePgTools(found: readonly PgTools[], serverVersion: string, serverMajor: number, pgBinDir?: string): PgTools {
  if (pgBinDir) {
    const given = found.find(t => t.dir === pgBinDir)
    if (!given) {
      throw new ActionError(
        `'pg-bin-dir' is set to ${pgBinDir}, but that folder holds no working pg_dump and pg_restore.`,
        `Point 'pg-bin-dir' at the bin folder of a PostgreSQL ${serverMajor}+ client installation (e.g. /usr/lib/postgresql/${serverMajor}/bin), or leave it empty to search PATH and /usr/lib/postgresql.`
      )
    }
    if (given.major < serverMajor) {
      throw new ActionError(
        `'pg-bin-dir' (${pgBinDir}) holds pg_dump ${given.version}, which cannot dump the server: it runs PostgreSQL ${serverVersion}, and pg_dump must be version ${serverMajor} or newer. The folder is used as given, not replaced by another pg_dump.`,
        `Point 'pg-bin-dir' at PostgreSQL ${serverMajor}+ client tools (e.g. /usr/lib/postgresql/${serverMajor}/bin after \`sudo apt-get install -y postgresql-client-${serverMajor}\`), or leave 'pg-bin-dir' empty to search PATH and /usr/lib/postgresql.`
      )
    }
    return given
  }
  const chosen = choosePgTools(found, serverMajor)
  if (!chosen) throw noFittingPgToolsError(found, serverVersion, serverMajor)
  return chosen
}

/** The error when no pair fits: names the server version, what was found, and the package to install. */
export function noFittingPgToolsError(found: readonly PgTools[], serverVersion: string, serverMajor: number): ActionError {
  const seen = found.length === 0 ? 'no pg_dump/pg_restore was found' : `found only ${found.map(t => `pg_dump ${t.version} (${t.dir})`).join(', ')}`
  return new ActionError(
    `The server runs PostgreSQL ${serverVersion}, and pg_dump must be version ${serverMajor} or newer to back it up; ${seen}.`,
    `Install the client tools before this step (Debian/Ubuntu: \`sudo apt-get install -y postgresql-client-${serverMajor}\` from the PostgreSQL apt repository, apt.postgresql.org), or set 'pg-bin-dir' to a folder holding pg_dump and pg_restore ${serverMajor} or newer.`
  )
}

async function executableRealpath(file: string): Promise<string | undefined> {
  try {
    await fs.access(file, fs.constants.X_OK)
    const real = await fs.realpath(file)
    const stat = await fs.stat(real)
    return stat.isFile() ? real : undefined
  } catch {
    return undefined
  }
}

/** How long a `--version` probe may take before the tool counts as unusable. */
export const VERSION_PROBE_TIMEOUT_MS = 10_000

/**
 * Runs `<tool> --version` (argument list, no shell, through @actions/exec) and parses
 * `pg_dump (PostgreSQL) 16.4 ...`. @actions/exec has no timeout and gives no handle to stop the
 * child: a probe that does not answer in time counts as no tool (it is left to end on its own).
 */
export async function toolVersion(file: string): Promise<{ version: string; major: number } | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>(resolve => {
    timer = setTimeout(() => resolve(undefined), VERSION_PROBE_TIMEOUT_MS)
    timer.unref()
  })
  const probe = exec
    .getExecOutput(file, ['--version'], { silent: true, ignoreReturnCode: true, env: stringEnv(envWithoutSecrets()) })
    .then(r => (r.exitCode === 0 ? r.stdout : undefined))
    .catch(() => undefined)
  const out = await Promise.race([probe, timeout])
  clearTimeout(timer)
  const match = out && /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(out)
  if (!match) return undefined
  const version = [match[1], match[2], match[3]].filter(p => p !== undefined).join('.')
  return { version, major: Number(match[1]) }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
