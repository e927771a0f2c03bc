import * as fs from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupFormat } from '../archive/format.js'
import { runChild, envWithoutSecrets, type DeathSignal } from '../process/children.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'
import { sizeOf } from './files.js'
import { parseArchiveListing, listingEntries } from '../archive/listing.js'

/**
 * Proof that a dump is restorable before the phase reports success: it is not empty, pg_restore
 * lists its table of contents, and pg_restore reads the whole archive (to /dev/null) — a listing
 * alone accepts a truncated custom-format file.
 *
 * With the tables' sizes (the backup phase reads them from the database it dumps), the full read is
 * shared out: the table of contents is split into lists (pg_restore --use-list) that together hold
 * every entry exactly once, the tables' data balanced across them by size, and one pg_restore reads
 * each list at the same time. Every entry, and every data block, is still read by a pg_restore.
 */
export interface ArchiveFacts {
  size: number
  /** Tables in the table of contents (a partition's TABLE ATTACH entry is not another). */
  tables: number
  /** TOC entries of type TABLE DATA. */
  tableData: number
  tocEntries: number
  /** How many pg_restore processes read the archive, each its share of the entries. */
  readers: number
}

export interface CheckArchiveOptions {
  dieWithParent?: DeathSignal
  /** The size in bytes of each table, by its oid: the full read is then shared by up to `readers` processes. */
  tableBytes?: ReadonlyMap<string, number>
  readers?: number
}

export async function checkArchive(tools: PgTools, archive: string, format: BackupFormat, options: CheckArchiveOptions = {}): Promise<ArchiveFacts> {
  const { dieWithParent } = options
  const size = await sizeOf(archive)
  if (size === 0) {
    throw new ActionError(`The backup at ${archive} is empty (0 bytes); it was removed.`, 'Check the disk and pg_dump output above, then run the backup again.')
  }
  const env = envWithoutSecrets()
  const listed = await runChild(tools.pgRestore, ['--list', `--format=${format}`, archive], { env, captureStdout: true, dieWithParent }).done
  if (listed.code !== 0) throw unreadable(archive, listed.stderrTail)
  const lists = options.tableBytes ? splitListing(listed.stdout, options.tableBytes, options.readers ?? Math.min(4, os.availableParallelism())) : [undefined]
  // The lists sit beside the archive (the backup's private staging folder, removed with the partial files on failure or cancellation).
  const folder = lists.length > 1 ? await fs.mkdtemp(path.join(path.dirname(archive), '.verify-lists-')) : undefined
  try {
    // Every list is written before any reader starts: a failed write (a full disk) leaves no reader running.
    const listArgs: string[][] = []
    for (const [i, list] of lists.entries()) {
      if (list === undefined || !folder) {
        listArgs.push([])
        continue
      }
      const file = path.join(folder, `list-${i + 1}.txt`)
      await fs.writeFile(file, list, { mode: 0o600 })
      listArgs.push([`--use-list=${file}`])
    }
    const reads = await Promise.all(listArgs.map(args => runChild(tools.pgRestore, ['--file=/dev/null', `--format=${format}`, ...args, archive], { env, dieWithParent }).done))
    const failed = reads.find(r => r.code !== 0)
    if (failed) throw unreadable(archive, failed.stderrTail)
  } finally {
    if (folder) await fs.rm(folder, { recursive: true, force: true }).catch(() => {})
  }
  const contents = parseArchiveListing(listed.stdout)
  const tocEntries = listingEntries(listed.stdout).length
  return { size, tables: contents.tables.length, tableData: contents.tableData, tocEntries, readers: lists.length }
}

/**
 * A TABLE DATA entry of the listing, `<dump id>; 0 <table oid> TABLE DATA <schema> <name> <owner>`:
 * the entry names its table by oid, as the sizes do. Its names are no key: a schema, table or owner
 * name may hold spaces, and the listing shows a newline in one as a space; and the table's own entry
 * in a schema named DATA reads `<dump id>; 1259 <oid> TABLE DATA <name> <owner>`.
 */
const TABLE_DATA = /^\d+;\s*0\s+(\d+)\s+TABLE DATA\s/

/**
 * The listing split into at most `readers` lists for pg_restore --use-list: every entry in exactly
 * one list; the first list holds every entry that is not TABLE DATA; the TABLE DATA entries are
 * placed largest first, each on the list with the fewest bytes so far. A table of unknown size
 * counts as empty. One list (the whole listing) when there is nothing worth sharing.
 */
export function splitListing(listing: string, tableBytes: ReadonlyMap<string, number>, readers: number): string[] {
  const lines = listingEntries(listing)
  const data = lines.flatMap(line => {
    const m = TABLE_DATA.exec(line)
    return m ? [{ line, bytes: tableBytes.get(m[1]) ?? 0 }] : []
  })
  const n = Math.min(Math.max(1, Math.floor(readers)), data.filter(d => d.bytes > 0).length)
  if (n < 2) return [listing]
  const lists = Array.from({ length: n }, () => ({ bytes: 0, lines: [] as string[] }))
  lists[0].lines.push(...lines.filter(line => !TABLE_DATA.test(line)))
  for (const d of [...data].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = lists.reduce((min, l) => (l.bytes < min.bytes ? l : min))
    lightest.lines.push(d.line)
    lightest.bytes += d.bytes
  }
  return lists.map(l => `${l.lines.join('\n')}\n`)
}

function unreadable(archive: string, tail: string[]): ActionError {
  return new ActionError(
    `The backup at ${archive} failed verification: pg_restore could not read it end to end; it was removed.\n${scrub(tail.slice(-5).join('\n'))}`,
    'The dump is truncated or corrupt (disk full, interrupted write). Run the backup again; do not deploy without a verified backup.'
  )
}
