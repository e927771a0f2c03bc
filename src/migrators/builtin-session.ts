import type { Session } from '../postgres/session.js'
import type { BooksJournal, BuiltinOptions } from './types.js'

/**
 * The builtin migrator's session: what the server reports about it (transaction status and
 * completed statements, read from the protocol), and the statements around a migration's own SQL.
 */

export const QUERY_CANCELED = '57014'

/** One run of the migrator: its session, what the server reports about it, and the rows it wrote. */
export interface Run {
  session: Session
  watch: SessionWatch
  o: BuiltinOptions
  journal: BooksJournal
  /** True while a migration's own SQL is being run (the only statement a signal cancels). */
  scriptRunning: boolean
}

/**
 * What the server reports about the session, from the protocol itself: the transaction status of
 * each ReadyForQuery ('I' idle, 'T' in a transaction block, 'E' in a failed transaction block) and
 * the command tag of each completed statement.
 */
export interface SessionWatch {
  /** Status of the last ReadyForQuery; set to undefined before a query, so a lost connection reads as unknown. */
  status: string | undefined
  tags: string[]
}

export function watchSession(session: Session): SessionWatch {
  const watch: SessionWatch = { status: 'I', tags: [] }
  session.connection.on('readyForQuery', (msg: { status?: string }) => {
    watch.status = msg.status
  })
  session.connection.on('commandComplete', (msg: { text?: string }) => {
    watch.tags.push(msg.text ?? '')
  })
  return watch
}

/**
 * A query whose aftermath (transaction status, completed statements) is read from `watch`. pg rejects
 * a failed query on the ErrorResponse, before the server's ReadyForQuery: that is awaited too, so
 * the status is the one after the query, or unknown when the connection is gone.
 */
export async function watchedQuery(run: Run, sql: string): Promise<void> {
  run.watch.status = undefined
  run.watch.tags = []
  try {
    await run.session.query(sql)
  } catch (err) {
    await readyForQuery(run)
    throw err
  }
}

export async function readyForQuery(run: Run, timeoutMs = 10_000): Promise<void> {
  if (run.watch.status !== undefined) return
  const con = run.session.connection
  if ((con as unknown as { stream?: { destroyed?: boolean } }).stream?.destroyed) return
  await new Promise<void>(resolve => {
    const done = (): void => {
      clearTimeout(timer)
      con.off('readyForQuery', done)
      con.off('end', done)
      resolve()
    }
    const timer = setTimeout(done, timeoutMs)
    con.on('readyForQuery', done)
    con.on('end', done)
  })
}

/**
 * A bookkeeping statement. A cancel meant for the migration script can land on it when the script
 * finished just before the signal (cancel requests are one-shot): then it is run again.
 */
export async function bookkeeping(run: Run, sql: string, params?: unknown[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run.session.query(sql, params)
      return
    } catch (err) {
      if ((err as { code?: string }).code !== QUERY_CANCELED || attempt >= 3) throw err
    }
  }
}

/**
 * Ends a transaction block the file left open (or aborted) with ROLLBACK. Returns the status the
 * server reports afterwards: 'I' when the session is idle again, otherwise it is not usable.
 */
export async function rollBackOpenTransaction(run: Run): Promise<string | undefined> {
  const { watch } = run
  if (watch.status === 'T' || watch.status === 'E') {
    watch.status = undefined
    await run.session.query('ROLLBACK').catch(() => readyForQuery(run))
  }
  return watch.status
}
