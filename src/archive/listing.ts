import type { BackupFormat } from './format.js'
import type { PgTools } from '../postgres/pg-tools.js'
import type { Session } from '../postgres/session.js'
import { runChild, envWithoutSecrets, type DeathSignal } from '../process/children.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'

/**
 * What an archive holds, from its table of contents (`pg_restore --list`), and what of it a server
 * lacks: the extensions it cannot create, the tables a restore did not bring.
 */

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

/** The listing's entries: its lines but the comments (`;`) and blank ones. */
export function listingEntries(listing: string): string[] {
  return listing.split('\n').filter(line => line.trim() !== '' && !/^\s*;/.test(line))
}

export function parseArchiveListing(listing: string): ArchiveContents {
  const contents: ArchiveContents = { extensions: [], tables: [], tableData: 0 }
  for (const line of listingEntries(listing)) {
    const ext = /^\d+;\s*\d+\s+\d+\s+EXTENSION\s+-\s+(\S+)/.exec(line)
    if (ext?.[1]) contents.extensions.push(ext[1])
    // TABLE DATA and TABLE ATTACH (a partition attached to its parent) entries are not tables of their own.
    const table = /^\d+;\s*\d+\s+\d+\s+TABLE\s+(?!(?:DATA|ATTACH)\s)(\S+)\s+(.+?)\s+\S+\s*$/.exec(line)
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
