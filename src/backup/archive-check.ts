import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupFormat } from '../archive/format.js'
import { runChild, envWithoutSecrets, type DeathSignal } from '../process/children.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'
import { sizeOf } from './files.js'
import { parseArchiveListing } from '../archive/listing.js'

/**
 * Proof that a dump is restorable before the phase reports success: it is not empty, pg_restore
 * lists its table of contents, and pg_restore reads the whole archive (to /dev/null) — a listing
 * alone accepts a truncated custom-format file.
 */
export interface ArchiveFacts {
  size: number
  /** Tables in the table of contents (a partition's TABLE ATTACH entry is not another). */
  tables: number
  /** TOC entries of type TABLE DATA. */
  tableData: number
  tocEntries: number
}

export async function checkArchive(tools: PgTools, archive: string, format: BackupFormat, dieWithParent?: DeathSignal): Promise<ArchiveFacts> {
  const size = await sizeOf(archive)
  if (size === 0) {
    throw new ActionError(`The backup at ${archive} is empty (0 bytes); it was removed.`, 'Check the disk and pg_dump output above, then run the backup again.')
  }
  const env = envWithoutSecrets()
  const listed = await runChild(tools.pgRestore, ['--list', `--format=${format}`, archive], { env, captureStdout: true, dieWithParent }).done
  if (listed.code !== 0) throw unreadable(archive, listed.stderrTail)
  const full = await runChild(tools.pgRestore, ['--file=/dev/null', `--format=${format}`, archive], { env, dieWithParent }).done
  if (full.code !== 0) throw unreadable(archive, full.stderrTail)
  const contents = parseArchiveListing(listed.stdout)
  const tocEntries = listed.stdout.split('\n').filter(line => !/^\s*;/.test(line) && line.trim() !== '').length
  return { size, tables: contents.tables.length, tableData: contents.tableData, tocEntries }
}

function unreadable(archive: string, tail: string[]): ActionError {
  return new ActionError(
    `The backup at ${archive} failed verification: pg_restore could not read it end to end; it was removed.\n${scrub(tail.slice(-5).join('\n'))}`,
    'The dump is truncated or corrupt (disk full, interrupted write). Run the backup again; do not deploy without a verified backup.'
  )
}
