import { randomUUID } from 'node:crypto'
import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError, errorMessage } from '../errors.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { readMigrationsFolder, assertPostgresProvider, type LocalMigration } from '../prisma/migrations-folder.js'
import { migrationsTableExists, readMigrationRows, userTables, schemaExists, isFailed, isApplied, MIGRATIONS_TABLE } from '../prisma/books.js'
import {
  PRISMA_ADVISORY_LOCK_KEY,
  CREATE_MIGRATIONS_TABLE,
  startedRowSql,
  finishRowSql,
  recordFailure,
  writeFailedRow,
  prismaStyleLogs,
  qualifiedTable
} from '../prisma/books-writer.js'
import { splitStatements, nonTransactional, hasTransactionControl } from './sql-statements.js'
import { schemaCreatedMeanwhile } from './schema-race.js'
import { info } from '../log.js'
import { formatDuration } from '../format.js'
import { scrub } from '../secrets.js'
import type { ResolveHow } from '../prisma/cli.js'
import type { MigrationFailure, MigratorRun, AppliedMigration, BooksJournal } from './types.js'

/**
 * The builtin migrator: applies the `migrations/` folder with Prisma's bookkeeping, so that a later
 * `prisma migrate deploy` or `status` sees exactly what Prisma would have written. Beyond Prisma:
 * a bounded advisory-lock wait that names the holder, `lock_timeout` on every statement with
 * retries for all-or-nothing files, and each file's bookkeeping committed with the file itself.
 */
export interface BuiltinOptions {
  target: DatabaseTarget
  migrationsDir: string
  /** The repository checkout: every migration file read must be inside it. */
  workspace: string
  connectTimeoutMs: number
  lockTimeoutMs: number
  /** Attempts per migration when it hits `lock_timeout` (all-or-nothing files only). */
  lockAttempts?: number
  /** Backoff before the second attempt; doubles each time. */
  retryBackoffMs?: number
  /** The `prisma migrate resolve` command to print for a migration (see resolveCommand in prisma/cli.ts). */
  resolveCommand: (how: ResolveHow, name: string | undefined) => string
  /** Set while running: a signal asks the migrator to stop (see `cancel`). */
  signal?: AbortSignal
  /** Filled with the ids of the rows this run writes, for reading the books back after a failure. */
  journal?: BooksJournal
}

export const APPLICATION_NAME = 'db-deploy-action deploy (builtin migrator)'
const LOCK_NOT_AVAILABLE = '55P03'
const QUERY_CANCELED = '57014'

export async function runBuiltinMigrator(o: BuiltinOptions): Promise<MigratorRun> {
  const folder = await readMigrationsFolder(o.migrationsDir, o.workspace)
  assertPostgresProvider(folder)
  const schema = o.target.schema

  const session = await openSession(o.target, {
    readOnly: false,
    connectTimeoutMs: o.connectTimeoutMs,
    statementTimeoutMs: 0,
    lockTimeoutMs: o.lockTimeoutMs,
    applicationName: APPLICATION_NAME
  })
  const run: Run = { session, watch: watchSession(session), o, journal: o.journal ?? { rows: new Map() }, scriptRunning: false }
  const pid = (await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
  // A signal cancels the running migration script only; bookkeeping statements are left to finish.
  const onAbort = (): void => {
    if (pid !== undefined && run.scriptRunning) void cancelBackend(o, pid)
  }
  o.signal?.addEventListener('abort', onAbort)
  try {
    // The lock first, so that concurrent deploys into a schema that does not exist yet do not race
    // to create it: the existence is checked (and the schema created) by the lock holder only.
    await acquireAdvisoryLock(session, o)
    try {
      // As Prisma does, create a missing schema; checked first, since CREATE SCHEMA IF NOT EXISTS needs
      // CREATE on the database even when the schema exists, which an application role often lacks.
      if (!(await schemaExists(session, schema))) await createSchema(session, o)
      await session.query(`SET search_path TO ${session.escapeIdentifier(schema)}`)
      return await applyPending(run, folder.migrations)
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {})
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
    await closeSession(session)
  }
}

async function createSchema(session: Session, o: BuiltinOptions): Promise<void> {
  const schema = o.target.schema
  try {
    await session.query(`CREATE SCHEMA ${session.escapeIdentifier(schema)}`)
  } catch (err) {
    // Created by another session meanwhile: see schema-race.ts.
    if (await schemaCreatedMeanwhile(session, schema, err, o.lockTimeoutMs)) return
    if ((err as { code?: string }).code !== '42501') throw err
    throw new ActionError(
      `Schema '${schema}' does not exist and role '${o.target.user}' may not create it (${scrub(errorMessage(err))}); nothing was applied.`,
      `Create the schema once as its owner (CREATE SCHEMA ${session.escapeIdentifier(schema)} AUTHORIZATION ${session.escapeIdentifier(o.target.user)};), or check the ?schema= value of the URL.`
    )
  }
}

/** One run of the migrator: its session, what the server reports about it, and the rows it wrote. */
interface Run {
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
interface SessionWatch {
  /** Status of the last ReadyForQuery; set to undefined before a query, so a lost connection reads as unknown. */
  status: string | undefined
  tags: string[]
}

function watchSession(session: Session): SessionWatch {
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
async function watchedQuery(run: Run, sql: string): Promise<void> {
  run.watch.status = undefined
  run.watch.tags = []
  try {
    await run.session.query(sql)
  } catch (err) {
    await readyForQuery(run)
    throw err
  }
}

async function readyForQuery(run: Run, timeoutMs = 10_000): Promise<void> {
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
async function bookkeeping(run: Run, sql: string, params?: unknown[]): Promise<void> {
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
async function rollBackOpenTransaction(run: Run): Promise<string | undefined> {
  const { watch } = run
  if (watch.status === 'T' || watch.status === 'E') {
    watch.status = undefined
    await run.session.query('ROLLBACK').catch(() => readyForQuery(run))
  }
  return watch.status
}

async function applyPending(run: Run, local: LocalMigration[]): Promise<MigratorRun> {
  const { session, o } = run
  const schema = o.target.schema
  const hasTable = await migrationsTableExists(session, schema)
  if (!hasTable) {
    const tables = await userTables(session, schema)
    if (tables.length > 0) {
      throw new ActionError(
        `Schema '${schema}' already has tables (${tables.join(', ')}) but no ${MIGRATIONS_TABLE} table (Prisma: P3005); nothing was applied.`,
        `Baseline the database first: mark the migrations that already match the database as applied, e.g. \`${o.resolveCommand('applied', local[0]?.name)}\`.`
      )
    }
  }
  const rows = hasTable ? await readMigrationRows(session, schema) : []
  const failed = rows.filter(isFailed)
  if (failed.length > 0) {
    const names = [...new Set(failed.map(r => r.migration_name))]
    throw new ActionError(
      `Failed migrations are recorded in the database (Prisma: P3009): ${names.join(', ')}; nothing was applied.`,
      names
        .map(n => `Repair the database, then \`${o.resolveCommand('rolled-back', n)}\` (to retry it) or \`${o.resolveCommand('applied', n)}\` (if completed by hand).`)
        .join('\n')
    )
  }
  const live = new Set(rows.filter(r => r.rolled_back_at === null).map(r => r.migration_name))
  const pending = local.filter(m => !live.has(m.name))

  // Refuse, before changing anything, a file that cannot run as one all-or-nothing query.
  const plans = pending.map(m => planMigration(m))
  const blocked = plans.find(p => p.problem)
  if (blocked) {
    throw new ActionError(
      `Migration '${blocked.migration.name}' mixes ${blocked.problem} with other statements; PostgreSQL cannot run that statement inside the transaction that makes the file all-or-nothing. Nothing was applied.`,
      `Move the ${blocked.problem} statement into a migration of its own (one statement in the file), then deploy again.`
    )
  }

  if (!hasTable) await session.query(CREATE_MIGRATIONS_TABLE)

  info(`${pending.length} pending migration${pending.length === 1 ? '' : 's'} of ${local.length}.`)
  const applied: AppliedMigration[] = []
  for (const plan of plans) {
    if (o.signal?.aborted) {
      throw new ActionError(`Deployment cancelled before '${plan.migration.name}': it and the migrations after it were not run.`, 'Run verify, then deploy again to apply the rest.')
    }
    const started = performance.now()
    const failure = await applyOne(run, plan)
    if (failure) {
      throw new MigrationFailedError(failure, applied)
    }
    const durationMs = performance.now() - started
    applied.push({ name: plan.migration.name, durationMs })
    info(`  ✓ ${plan.migration.name} (${formatDuration(durationMs)})`)
  }
  // Every file left the session idle (applyOne fails a file that does not), so this read is outside
  // any transaction a migration opened: it sees what is committed.
  const beforeIds = new Set(rows.filter(isApplied).map(r => r.id))
  const after = await readMigrationRows(session, schema)
  const appliedFromBooks = after.filter(r => isApplied(r) && !beforeIds.has(r.id)).map(r => r.migration_name)
  return { applied, appliedFromBooks }
}

interface Plan {
  migration: LocalMigration
  /** One statement that must run outside a transaction block (e.g. CREATE INDEX CONCURRENTLY). */
  standalone?: string
  /** The file manages its own transactions: not safely retried, bookkeeping runs after it. */
  ownTransactions: boolean
  problem?: string
}

function planMigration(migration: LocalMigration): Plan {
  const statements = splitStatements(migration.sql.toString('utf8'))
  const special = statements.map(nonTransactional).filter((r): r is string => r !== undefined)
  if (special.length > 0 && statements.length > 1) return { migration, ownTransactions: false, problem: special[0] as string }
  return { migration, standalone: special[0], ownTransactions: hasTransactionControl(statements) }
}

/** Applies one migration; returns the failure (recorded as Prisma records it, when it could be) or undefined. */
async function applyOne(run: Run, plan: Plan): Promise<MigrationFailure | undefined> {
  const { session, o, watch } = run
  const schema = o.target.schema
  const { migration } = plan
  const script = migration.sql.toString('utf8')
  const id = randomUUID()
  const atomic = plan.standalone === undefined && !plan.ownTransactions
  if (!atomic) {
    // Prisma's order: the row first (committed), then the script, then the row marked finished.
    run.journal.rows.set(id, migration.name)
    await bookkeeping(run, startedRowSql(session, schema, id, migration.name, migration.checksum))
    if (o.signal?.aborted) {
      // Cancelled between the bookkeeping row and the script: nothing ran, so the books go back to as they were.
      await bookkeeping(run, `DELETE FROM ${qualifiedTable(session, schema)} WHERE id = $1`, [id]).catch(() =>
        recordFailure(session, schema, id, `Migration name: ${migration.name}\n\nThe deployment was cancelled before this migration's SQL ran: nothing of it was applied.`).catch(() => {})
      )
      throw new ActionError(`Deployment cancelled before '${migration.name}' ran; it was not applied.`, 'Run verify, then deploy again to apply the rest.')
    }
  }
  const attempts = atomic ? Math.max(1, o.lockAttempts ?? 3) : 1
  let backoff = o.retryBackoffMs ?? 1000
  for (let attempt = 1; ; attempt++) {
    let err: unknown
    let failed = false
    run.scriptRunning = true
    try {
      if (atomic) {
        // Row, script and finish in one implicit transaction: applied and recorded, or neither.
        run.journal.rows.set(id, migration.name)
        await watchedQuery(run, `${startedRowSql(session, schema, id, migration.name, migration.checksum)};\n${script}\n;\n${finishRowSql(session, schema, id)}`)
      } else {
        await watchedQuery(run, script)
      }
    } catch (e) {
      err = e
      failed = true
    } finally {
      run.scriptRunning = false
    }
    const tags = watch.tags.slice(atomic ? 1 : 0)
    const statusAfter = watch.status
    // PREPARE TRANSACTION leaves the session idle but commits nothing: the work waits, holding its
    // locks, for a COMMIT PREPARED or ROLLBACK PREPARED that the file did not run.
    const prepared = tags.includes('PREPARE TRANSACTION')
    if (!failed && statusAfter === 'I' && !prepared) {
      if (atomic) return undefined
      try {
        await bookkeeping(run, finishRowSql(session, schema, id))
        return undefined
      } catch (finishErr) {
        const message = scrub(errorMessage(finishErr))
        return {
          name: migration.name,
          message: `its SQL ran to the end, but marking its row finished failed: ${message}`,
          code: (finishErr as { code?: string }).code,
          lockTimeout: false,
          attempts: attempt,
          partial: true,
          whatStayed: 'All of its statements completed and stay applied; only its row in the books is not marked finished.',
          recordError: message
        }
      }
    }

    // The file failed, or it ended without leaving the session idle (a transaction left open).
    const leftOpen = !failed
    const idle = (await rollBackOpenTransaction(run)) === 'I'
    const code = (err as { code?: string } | undefined)?.code
    const lockTimeout = code === LOCK_NOT_AVAILABLE
    if (failed && lockTimeout && idle && attempt < attempts && !o.signal?.aborted) {
      info(`  … ${migration.name}: lock not available within ${formatDuration(o.lockTimeoutMs)} (attempt ${attempt} of ${attempts}); retrying in ${formatDuration(backoff)}`)
      await new Promise(r => setTimeout(r, backoff))
      backoff *= 2
      if (o.signal?.aborted) {
        throw new ActionError(
          `Deployment cancelled while waiting to retry '${migration.name}' (lock not available): its attempt was rolled back and it was not run again.`,
          'Run verify, then deploy again once the long transaction holding the lock has ended.'
        )
      }
      continue
    }
    const preparedNote = prepared && idle ? await describePrepared(run) : ''
    const stayed = whatStayed(plan, atomic, tags, preparedNote)
    const openNote =
      statusAfter === 'T'
        ? 'The file left a transaction open: it ended inside a transaction block (a BEGIN without its COMMIT), so its work after that BEGIN was never committed.'
        : statusAfter === 'E'
          ? "The error left the file's own transaction block (BEGIN) open and aborted."
          : statusAfter === undefined
            ? 'The server did not report the state of the session afterwards (the connection may be lost).'
            : ''
    const rollbackNote = statusAfter === 'T' || statusAfter === 'E' ? (idle ? ' The migrator rolled that transaction back and stopped.' : ' Rolling that transaction back failed; closing the session rolls it back.') : ''
    let logs: string
    let message: string
    if (leftOpen && statusAfter === 'I' && prepared) {
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
      if (lockTimeout) logs += `\n\nGave up after ${attempt} attempt(s) of lock_timeout ${o.lockTimeoutMs} ms each.`
    }
    logs += `\n\n${stayed.text}`
    // The failed row as Prisma leaves it: finished_at and rolled_back_at NULL, logs set. In atomic
    // mode the transaction took the started row with it, so the row is written now.
    let recordError: string | undefined
    if (!idle) recordError = 'the session was not usable after the file'
    else {
      run.journal.rows.set(id, migration.name)
      await writeFailedRow(session, schema, id, migration.name, migration.checksum, logs).catch((e: unknown) => {
        recordError = scrub(errorMessage(e))
      })
    }
    const fields = err as { constraint?: string; table?: string; schema?: string; detail?: string }
    return {
      name: migration.name,
      message,
      code,
      lockTimeout,
      attempts: attempt,
      partial: stayed.partial,
      whatStayed: stayed.text,
      recordError,
      constraint: fields?.constraint || undefined,
      table: fields?.table ? (fields.schema ? `${fields.schema}.${fields.table}` : fields.table) : undefined,
      detail: fields?.detail ? scrub(fields.detail) : undefined
    }
  }
}

/**
 * What of a failed file stays applied, from what the server reported: a statement run outside a
 * transaction cannot be rolled back; otherwise what the file's own completed COMMITs committed stays,
 * and everything after the last one was rolled back (by the server on the error, or by the migrator).
 */
function whatStayed(plan: Plan, atomic: boolean, tags: string[], preparedNote: string): { partial: boolean; text: string } {
  if (tags.includes('PREPARE TRANSACTION')) {
    return {
      partial: true,
      text: `The prepared work is neither committed nor rolled back, and holds its locks until someone runs COMMIT PREPARED or ROLLBACK PREPARED with its name. ${preparedNote}`.trim()
    }
  }
  if (plan.standalone !== undefined) {
    return {
      partial: true,
      text: `It ran outside a transaction (${plan.standalone}), so PostgreSQL could not roll it back: check what it left behind (a CREATE INDEX CONCURRENTLY that fails or is cancelled leaves an INVALID index; drop it before retrying).`
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
async function describePrepared(run: Run): Promise<string> {
  try {
    const res = await run.session.query<{ gid: string; prepared: Date }>(
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

/** Waits for Prisma's advisory lock at most `lockTimeoutMs`; on timeout names who holds it. */
async function acquireAdvisoryLock(session: Session, o: BuiltinOptions): Promise<void> {
  const deadline = performance.now() + o.lockTimeoutMs
  let waited = false
  for (;;) {
    const got = (await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [PRISMA_ADVISORY_LOCK_KEY])).rows[0]?.ok
    if (got) {
      if (waited) info('Advisory lock acquired.')
      return
    }
    if (!waited) {
      info(`Waiting up to ${formatDuration(o.lockTimeoutMs)} for the migration advisory lock (${PRISMA_ADVISORY_LOCK_KEY}) held by another session…`)
      waited = true
    }
    if (o.signal?.aborted) {
      throw new ActionError('Deployment cancelled while waiting for the migration advisory lock; nothing was applied.', 'Run verify, then deploy again.')
    }
    if (performance.now() >= deadline) break
    await new Promise(r => setTimeout(r, Math.min(200, Math.max(10, deadline - performance.now()))))
  }
  const holder = await describeLockHolder(session)
  throw new ActionError(
    `Another migration holds Prisma's advisory lock (${PRISMA_ADVISORY_LOCK_KEY}); gave up after ${formatDuration(o.lockTimeoutMs)}. ${holder}`,
    'Wait for that deployment to finish (or end the session if it is stuck: SELECT pg_terminate_backend(<pid>)), then deploy again. Nothing was applied.'
  )
}

async function describeLockHolder(session: Session): Promise<string> {
  const res = await session.query<{ pid: number; app: string | null; client: string | null; usename: string | null; connected: string; state: string | null }>(
    `SELECT a.pid, a.application_name AS app, host(a.client_addr) AS client, a.usename,
            justify_interval(date_trunc('second', now() - a.backend_start))::text AS connected, a.state
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
        AND l.pid <> pg_backend_pid()`,
    [PRISMA_ADVISORY_LOCK_KEY]
  ).catch(() => undefined)
  const h = res?.rows[0]
  if (!h) return 'The holder could not be identified (it may have just released the lock).'
  return `Held by pid ${h.pid} (application '${h.app || 'unknown'}', user ${h.usename ?? '?'}, client ${h.client ?? 'local socket'}, connected for ${h.connected}, state ${h.state ?? 'unknown'}).`
}

/** Cancels the running statement of the migration session from a second connection. */
async function cancelBackend(o: BuiltinOptions, pid: number): Promise<void> {
  let side: Session | undefined
  try {
    side = await openSession(o.target, {
      readOnly: true,
      connectTimeoutMs: o.connectTimeoutMs,
      statementTimeoutMs: 5000,
      applicationName: `${APPLICATION_NAME} cancel`
    })
    await side.query('SELECT pg_cancel_backend($1)', [pid])
  } catch {
    // the process is stopping; the server rolls the statement back when the connection closes
  } finally {
    await closeSession(side)
  }
}
