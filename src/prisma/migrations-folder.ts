import { createHash } from 'node:crypto'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'
import { isWithin, realpathOfExisting } from '../paths.js'

/**
 * The local `migrations/` folder as Prisma Migrate sees it (reference/prisma-bookkeeping.md):
 * each direct child directory is one migration, ordered by `localeCompare` of the names; files
 * and symbolic links are skipped; a directory without `migration.sql` is an error.
 */
export interface LocalMigration {
  name: string
  /** Absolute path of its `migration.sql`. */
  sqlPath: string
  /** The file's bytes, as Prisma hashes and runs them. */
  sql: Buffer
  /** sha256 of the bytes as they are, lowercase hex. */
  checksum: string
}

export interface MigrationsFolder {
  dir: string
  migrations: LocalMigration[]
  /** The provider line of `migration_lock.toml`, when the file exists. */
  lockProvider: string | undefined
  hasLockFile: boolean
}

export const MIGRATION_LOCK_FILE = 'migration_lock.toml'
export const EXPECTED_PROVIDER_LINE = 'provider = "postgresql"'

/** C0 and C1 control characters (newline, carriage return, escape, ...) and the Unicode line separators. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * Reads the folder. `workspace` is the repository checkout: the folder, each migration folder and
 * each file read must be inside it once symbolic links are followed (a link must not lead the
 * action to read files outside the repository), checked here, at
 * the time of reading, not only when the inputs were parsed. A migration folder whose name holds a
 * control character is refused: the name is printed, and a newline in it could forge log lines.
 */
export async function readMigrationsFolder(dir: string, workspace: string): Promise<MigrationsFolder> {
  const realWorkspace = realpathOfExisting(workspace)
  const assertInside = (p: string, what: string): string => {
    const real = realpathOfExisting(p)
    if (!isWithin(realWorkspace, real)) {
      throw new ActionError(
        `${what} ${JSON.stringify(path.relative(workspace, p))} resolves through a symbolic link to ${JSON.stringify(real)}, outside the workspace; the action reads migrations only from the repository checkout.`,
        'Replace the symbolic link with the real folder or file, committed in the repository.'
      )
    }
    return real
  }
  assertInside(dir, 'The migrations folder')

  let entries: import('node:fs').Dirent[]
  try {
    entries = await fs.readdir(dir, { withFileTypes: true })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new ActionError(
        `The migrations folder ${dir} does not exist.`,
        "Set 'working-directory', 'schema' or 'migrations-dir' so that they point at the folder Prisma writes migrations to (by default `migrations` beside schema.prisma), and check out the repository before this step."
      )
    }
    if (code === 'ENOTDIR') {
      throw new ActionError(`The migrations path ${dir} is a file, not a folder.`, "Point 'migrations-dir' at the folder that holds one sub-folder per migration.")
    }
    throw err
  }

  const names = entries
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort((a, b) => a.localeCompare(b))

  const unprintable = names.filter(name => CONTROL_CHARACTER.test(name))
  if (unprintable.length > 0) {
    throw new ActionError(
      `The migrations folder ${JSON.stringify(path.relative(workspace, dir))} holds ${unprintable.length === 1 ? 'a migration folder whose name contains' : 'migration folders whose names contain'} a control character (shown escaped): ${unprintable.map(n => JSON.stringify(n)).join(', ')}.`,
      'Rename the folder to the form Prisma writes (`<timestamp>_<name>`, letters, digits and underscores); a migration name is printed in logs and stored in _prisma_migrations.'
    )
  }

  const read = await mapWithLimit(names, 32, async name => {
    const sqlPath = path.join(dir, name, 'migration.sql')
    try {
      // Read through the checked real path, so a link swapped in between cannot lead elsewhere.
      const sql = await fs.readFile(assertInside(sqlPath, 'The migration file'))
      return { name, sqlPath, sql, checksum: sha256Hex(sql) }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'EISDIR') return name
      throw err
    }
  })
  const missing = read.filter((r): r is string => typeof r === 'string')
  if (missing.length > 0) {
    throw new ActionError(
      missing.length === 1
        ? `The migration folder '${missing[0]}' has no migration.sql (Prisma: P3015).`
        : `The migration folders ${missing.map(n => `'${n}'`).join(', ')} have no migration.sql (Prisma: P3015).`,
      `Restore migration.sql from git history, or delete the empty folder${missing.length === 1 ? '' : 's'} if never applied.`
    )
  }
  const migrations = read as LocalMigration[]

  let lockText: string | undefined
  try {
    lockText = await fs.readFile(assertInside(path.join(dir, MIGRATION_LOCK_FILE), 'The lock file'), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const lockProvider = lockText
    ?.split(/\r?\n/)
    .map(line => line.trim())
    .find(line => line.startsWith('provider'))

  return { dir, migrations, lockProvider, hasLockFile: lockText !== undefined }
}

/** Throws when `migration_lock.toml` names another provider (Prisma: P3019). */
export function assertPostgresProvider(folder: MigrationsFolder): void {
  if (!folder.hasLockFile) return
  if (folder.lockProvider !== EXPECTED_PROVIDER_LINE) {
    const found = folder.lockProvider ?? 'no provider line'
    throw new ActionError(
      `${MIGRATION_LOCK_FILE} in ${folder.dir} says '${found}', but this database is PostgreSQL (Prisma: P3019).`,
      'These migrations were written for another database. Generate them for PostgreSQL (`provider = "postgresql"` in the datasource, then `npx prisma migrate dev`), or point the action at the right project.'
    )
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Whether a checksum stored in the books matches the file: the bytes as they are, or
 * with CRLF turned into LF, or LF into CRLF (a Windows checkout is not an edit); very old rows hold
 * an unpadded hex form, compared in that form.
 */
export function checksumMatches(stored: string, migration: Pick<LocalMigration, 'sql' | 'checksum'>): boolean {
  if (stored === migration.checksum) return true
  const legacy = stored.length !== 64
  const lf = replaceBytes(migration.sql, CRLF, LF)
  const crlf = replaceBytes(lf, LF, CRLF)
  for (const variant of [migration.sql, lf, crlf]) {
    const digest = createHash('sha256').update(variant).digest()
    const form = legacy ? unpaddedHex(digest) : digest.toString('hex')
    if (form === stored) return true
  }
  return false
}

const CRLF = Buffer.from('\r\n')
const LF = Buffer.from('\n')

function replaceBytes(input: Buffer, from: Buffer, to: Buffer): Buffer {
  const parts: Buffer[] = []
  let start = 0
  for (;;) {
    const at = input.indexOf(from, start)
    if (at === -1) break
    parts.push(input.subarray(start, at), to)
    start = at + from.length
  }
  if (start === 0) return input
  parts.push(input.subarray(start))
  return Buffer.concat(parts)
}

/** Each byte as hex without zero padding, as very old Prisma versions stored checksums. */
function unpaddedHex(digest: Buffer): string {
  return [...digest].map(b => b.toString(16)).join('')
}

async function mapWithLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i])
    }
  })
  await Promise.all(workers)
  return results
}
