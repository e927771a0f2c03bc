import { randomUUID } from 'node:crypto'
import { ActionError, errorMessage } from '../errors.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { readMigrationsFolder, assertPostgresProvider, type LocalMigration } from '../prisma/migrations-folder.js'
import { migrationsTableExists, readMigrationRows, userTables, schemaExists, isFailed, isApplied, MIGRATIONS_TABLE } from '../prisma/books.js'
import { PRISMA_ADVISORY_LOCK_KEY, CREATE_MIGRATIONS_TABLE, startedRowSql, finishRowSql, recordFailure, qualifiedTable } from '../prisma/books-writer.js'
import { splitStatements, nonTransactional, hasTransactionControl } from './sql-statements.js'
import { schemaCreatedMeanwhile } from './schema-race.js'
import { watchSession, watchedQuery, bookkeeping, rollBackOpenTransaction, type Run } from './builtin-session.js'
import { acquireAdvisoryLock } from './advisory-lock.js'
import { MigrationFailedError, recordFailedFile } from './builtin-failure.js'
import { info } from '../log.js'
import { formatDuration } from '../format.js'
import { scrub } from '../secrets.js'
import type { MigrationFailure, MigratorRun, AppliedMigration, BuiltinOptions } from './types.js'

/**
 * The builtin migrator: applies the `migrations/` folder with Prisma's bookkeeping, so that a later
 * `prisma migrate deploy` or `status` sees exactly what Prisma would have written. Beyond Prisma:
 * a bounded advisory-lock wait that names the holder, `lock_timeout` on every statement with
 * retries for all-or-nothing files, and each file's bookkeeping committed with the file itself.
 */
export const APPLICATION_NAME = 'db-deploy-action deploy (builtin migrator)'
const LOCK_NOT_AVAILABLE = '55P03'

export { MigrationFailedError }

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
      names.map(n => `Repair the database, then \`${o.resolveCommand('rolled-back', n)}\` (to retry it) or \`${o.resolveCommand('applied', n)}\` (if completed by hand).`).join('\n')
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
  if (special.length > 0 && statements.length > 1) return { migration, ownTransactions: false, problem: special[0] }
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
  if (!atomic) await startRow(run, migration, id)
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
    if (!failed && statusAfter === 'I' && !prepared) return atomic ? undefined : await finishRow(run, migration, id, attempt)

    // The file failed, or it ended without leaving the session idle (a transaction left open).
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
    return recordFailedFile(run, migration, plan.standalone, { id, atomic, attempt, err, failed, tags, statusAfter, prepared, idle, code, lockTimeout })
  }
}

/**
 * Prisma's order for a file that is not one transaction: the row first (committed), then the
 * script, then the row marked finished (finishRow). A cancellation before the script takes the row back.
 */
async function startRow(run: Run, migration: LocalMigration, id: string): Promise<void> {
  const { session, o } = run
  const schema = o.target.schema
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

/** Marks the row of a file whose SQL ran to the end finished; the failure when that fails. */
async function finishRow(run: Run, migration: LocalMigration, id: string, attempt: number): Promise<MigrationFailure | undefined> {
  try {
    await bookkeeping(run, finishRowSql(run.session, run.o.target.schema, id))
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
