import { ActionError, errorMessage } from '../errors.js'
import type { Session } from '../postgres/session.js'
import type { LocalMigration } from '../prisma/migrations-folder.js'
import { writeFailedRow, prismaStyleLogs } from '../prisma/books-writer.js'
import { scrub } from '../secrets.js'
import { QUERY_CANCELED, type Run } from './builtin-session.js'
import type { AppliedMigration, MigrationFailure } from './types.js'

/** How a migration of the builtin migrator failed: what of it stays applied, and the error that says so. */

/**
 * What of a failed file stays applied, from what the server reported: a statement run outside a
 * transaction cannot be rolled back; otherwise what the file's own completed COMMITs committed stays,
 * and everything after the last one was rolled back (by the server on the error, or by the migrator).
 */
export function whatStayed(standalone: string | undefined, atomic: boolean, tags: string[], preparedNote: string): { partial: boolean; text: string } {
  if (tags.includes('PREPARE TRANSACTION')) {
    return {
      partial: true,
      text: `The prepared work is neither committed nor rolled back, and holds its locks until someone runs COMMIT PREPARED or ROLLBACK PREPARED with its name. ${preparedNote}`.trim()
    }
  }
  if (standalone !== undefined) {
    return {
      partial: true,
      text: `It ran outside a transaction (${standalone}), so PostgreSQL could not roll it back: check what it left behind (a CREATE INDEX CONCURRENTLY that fails or is cancelled leaves an INVALID index; drop it before retrying).`
    }
  }
  const last = tags.lastIndexOf('COMMIT')
  if (last < 0) {
    return {
      partial: false,
      text: atomic
        ? 'It ran as one transaction, which was rolled back: nothing of it stays applied.'
        : `None of its own COMMITs completed, so nothing of it stays applied (${tags.length} statement(s) completed, all rolled back).`
    }
  }
  const committed = tags.slice(0, last + 1)
  const shown = committed.length > 8 ? `${committed.slice(0, 3).join(', ')}, …, ${committed.slice(-3).join(', ')}` : committed.join(', ')
  return {
    partial: true,
    text: `It committed part of its own work before it stopped: the first ${committed.length} statement(s) it completed (${shown}) stay applied; what ran after its last COMMIT was rolled back.`
  }
}

/** The prepared transactions of the migration role in this database, read from pg_prepared_xacts. */
export async function describePrepared(session: Session): Promise<string> {
  try {
    const res = await session.query<{ gid: string; prepared: Date }>(
      'SELECT gid, prepared FROM pg_prepared_xacts WHERE database = current_database() AND owner = current_user ORDER BY prepared DESC LIMIT 5'
    )
    if (res.rows.length === 0) return 'No prepared transaction of this role is open in the database now.'
    return `Prepared transactions of this role open in the database now: ${res.rows.map(r => `'${r.gid}' (prepared ${r.prepared.toISOString()})`).join(', ')}.`
  } catch (err) {
    return `The prepared transactions could not be listed (${scrub(errorMessage(err))}): SELECT gid FROM pg_prepared_xacts shows them.`
  }
}

/** A migration failed; carries what was applied before it. */
export class MigrationFailedError extends ActionError {
  constructor(
    readonly failure: MigrationFailure,
    readonly appliedBefore: AppliedMigration[]
  ) {
    super(
      `Migration '${failure.name}' failed${failure.code ? ` (SQLSTATE ${failure.code})` : ''}: ${failure.message.replace(/[.\s]*$/, '')}.` +
        (failure.lockTimeout ? ` — gave up waiting for a lock after ${failure.attempts} attempt(s); a long transaction holds a conflicting lock.` : '') +
        ` ${failure.whatStayed}` +
        (failure.partial ? ' This file is not all-or-nothing: check what it left behind.' : '')
    )
    this.name = 'MigrationFailedError'
  }
}

/** What the last attempt at a file left, as the server reported it. */
export interface AttemptOutcome {
  /** The id of the file's row in the books. */
  id: string
  /** The file ran as one transaction with its row. */
  atomic: boolean
  attempt: number
  /** The file's error; undefined when it ended without error but did not leave the session idle. */
  err: unknown
  failed: boolean
  /** The command tags of the file's completed statements. */
  tags: string[]
  /** The transaction status the server reported after the file ('I', 'T', 'E'), or undefined. */
  statusAfter: string | undefined
  prepared: boolean
  /** The session is idle again (what the file left open was rolled back). */
  idle: boolean
  code: string | undefined
  lockTimeout: boolean
}

/**
 * The failure of a file, in words from what the server reported, recorded in the books as Prisma
 * records a failed migration (when the session is still usable).
 */
export async function recordFailedFile(run: Run, migration: LocalMigration, standalone: string | undefined, a: AttemptOutcome): Promise<MigrationFailure> {
  const { session, o } = run
  const schema = o.target.schema
  const { err, statusAfter, idle, code } = a
  const leftOpen = !a.failed
  const preparedNote = a.prepared && idle ? await describePrepared(session) : ''
  const stayed = whatStayed(standalone, a.atomic, a.tags, preparedNote)
  const openNote =
    statusAfter === 'T'
      ? 'The file left a transaction open: it ended inside a transaction block (a BEGIN without its COMMIT), so its work after that BEGIN was never committed.'
      : statusAfter === 'E'
        ? "The error left the file's own transaction block (BEGIN) open and aborted."
        : statusAfter === undefined
          ? 'The server did not report the state of the session afterwards (the connection may be lost).'
          : ''
  const rollbackNote =
    statusAfter === 'T' || statusAfter === 'E' ? (idle ? ' The migrator rolled that transaction back and stopped.' : ' Rolling that transaction back failed; closing the session rolls it back.') : ''
  let logs: string
  let message: string
  if (leftOpen && statusAfter === 'I' && a.prepared) {
    const note = 'The file prepared its transaction (PREPARE TRANSACTION) instead of committing it.'
    logs = [`Migration name: ${migration.name}`, '', note].join('\n')
    message = 'the file prepared its transaction (PREPARE TRANSACTION) instead of committing it'
  } else if (leftOpen) {
    logs = [`Migration name: ${migration.name}`, '', `${openNote}${rollbackNote}`].join('\n')
    message = statusAfter === 'T' ? 'the file left a transaction open (BEGIN without COMMIT); that transaction was rolled back' : openNote
  } else {
    logs = prismaStyleLogs(migration.name, err)
    if (openNote) logs += `\n\n${openNote}${rollbackNote}`
    message = scrub(errorMessage(err))
    if (code === QUERY_CANCELED && o.signal?.aborted) logs += '\n\nThe deployment was cancelled (signal) while this migration ran.'
    if (a.lockTimeout) logs += `\n\nGave up after ${a.attempt} attempt(s) of lock_timeout ${o.lockTimeoutMs} ms each.`
  }
  logs += `\n\n${stayed.text}`
  // The failed row as Prisma leaves it: finished_at and rolled_back_at NULL, logs set. In atomic
  // mode the transaction took the started row with it, so the row is written now.
  let recordError: string | undefined
  if (!idle) recordError = 'the session was not usable after the file'
  else {
    run.journal.rows.set(a.id, migration.name)
    await writeFailedRow(session, schema, a.id, migration.name, migration.checksum, logs).catch((e: unknown) => {
      recordError = scrub(errorMessage(e))
    })
  }
  const fields = err as { constraint?: string; table?: string; schema?: string; detail?: string }
  return {
    name: migration.name,
    message,
    code,
    lockTimeout: a.lockTimeout,
    attempts: a.attempt,
    partial: stayed.partial,
    whatStayed: stayed.text,
    recordError,
    constraint: fields?.constraint || undefined,
    table: fields?.table ? (fields.schema ? `${fields.schema}.${fields.table}` : fields.table) : undefined,
    detail: fields?.detail ? scrub(fields.detail) : undefined
  }
}
