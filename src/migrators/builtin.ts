import { randomUUID } from 'node:crypto'
import type { DatabaseTarget } from '../inputs.js'
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
  prismaStyleLogs,
  qualifiedTable
} from '../prisma/books-writer.js'
import { splitStatements, nonTransactional, hasTransactionControl } from './sql-statements.js'
import { info, formatDuration } from '../log.js'
import { scrub } from '../secrets.js'
import type { MigrationFailure, MigratorRun, AppliedMigration } from './types.js'

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
  /** Commands to print for `prisma migrate resolve`, e.g. `npx prisma`. */
  resolveCommand: (args: string) => string
  /** Set while running: a signal asks the migrator to stop (see `cancel`). */
  signal?: AbortSignal
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
  const pid = (await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
  const onAbort = (): void => {
    if (pid !== undefined) void cancelBackend(o, pid)
  }
  o.signal?.addEventListener('abort', onAbort)
  try {
    // As Prisma does, create a missing schema; checked first, since CREATE SCHEMA IF NOT EXISTS needs
    // CREATE on the database even when the schema exists, which an application role often lacks.
    if (!(await schemaExists(session, schema))) await session.query(`CREATE SCHEMA ${session.escapeIdentifier(schema)}`)
    await session.query(`SET search_path TO ${session.escapeIdentifier(schema)}`)
    await acquireAdvisoryLock(session, o)
    try {
      return await applyPending(session, folder.migrations, o)
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {})
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
    await closeSession(session)
  }
}

async function applyPending(session: Session, local: LocalMigration[], o: BuiltinOptions): Promise<MigratorRun> {
  const schema = o.target.schema
  const hasTable = await migrationsTableExists(session, schema)
  if (!hasTable) {
    const tables = await userTables(session, schema)
    if (tables.length > 0) {
      throw new ActionError(
        `Schema '${schema}' already has tables (${tables.join(', ')}) but no ${MIGRATIONS_TABLE} table (Prisma: P3005); nothing was applied.`,
        `Baseline the database first: mark the migrations that already match the database as applied, e.g. \`${o.resolveCommand(`migrate resolve --applied ${local[0]?.name ?? '<migration>'}`)}\`.`
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
        .map(n => `Repair the database, then \`${o.resolveCommand(`migrate resolve --rolled-back ${n}`)}\` (to retry it) or \`${o.resolveCommand(`migrate resolve --applied ${n}`)}\` (if completed by hand).`)
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
      throw new ActionError(`Deployment cancelled before '${plan.migration.name}'; ${applied.length} migration(s) were applied and recorded.`, 'Run verify, then deploy again to apply the rest.')
    }
    const started = performance.now()
    const failure = await applyOne(session, plan, o)
    if (failure) {
      throw new MigrationFailedError(failure, applied)
    }
    const durationMs = performance.now() - started
    applied.push({ name: plan.migration.name, durationMs })
    info(`  ✓ ${plan.migration.name} (${formatDuration(durationMs)})`)
  }
  const beforeIds = new Set(rows.filter(isApplied).map(r => r.id))
  const after = await readMigrationRows(session, schema)
  const appliedFromBooks = after.filter(r => isApplied(r) && !beforeIds.has(r.id)).map(r => r.migration_name)
  return { applied, appliedFromBooks }
}

interface Plan {
  migration: LocalMigration
  /** One statement that must run outside a transaction block (e.g. CREATE INDEX CONCURRENTLY). */
  standalone: boolean
  /** The file manages its own transactions: not safely retried, bookkeeping runs after it. */
  ownTransactions: boolean
  problem?: string
}

function planMigration(migration: LocalMigration): Plan {
  const statements = splitStatements(migration.sql.toString('utf8'))
  const special = statements.map(nonTransactional).filter((r): r is string => r !== undefined)
  if (special.length > 0 && statements.length > 1) return { migration, standalone: false, ownTransactions: false, problem: special[0] as string }
  return { migration, standalone: special.length === 1, ownTransactions: hasTransactionControl(statements) }
}

/** Applies one migration; returns the failure (already recorded as Prisma records it) or undefined. */
async function applyOne(session: Session, plan: Plan, o: BuiltinOptions): Promise<MigrationFailure | undefined> {
  const schema = o.target.schema
  const { migration } = plan
  const script = migration.sql.toString('utf8')
  const id = randomUUID()
  const atomic = !plan.standalone && !plan.ownTransactions
  if (!atomic) {
    // Prisma's order: the row first (committed), then the script, then the row marked finished.
    await session.query(startedRowSql(session, schema, id, migration.name, migration.checksum))
    if (o.signal?.aborted) {
      // Cancelled between the bookkeeping row and the script: nothing ran, so the books go back to as they were.
      await session.query(`DELETE FROM ${qualifiedTable(session, schema)} WHERE id = $1`, [id])
      throw new ActionError(`Deployment cancelled before '${migration.name}' ran; it was not applied.`, 'Run verify, then deploy again to apply the rest.')
    }
  }
  const attempts = atomic ? Math.max(1, o.lockAttempts ?? 3) : 1
  let backoff = o.retryBackoffMs ?? 1000
  for (let attempt = 1; ; attempt++) {
    try {
      if (atomic) {
        // Row, script and finish in one implicit transaction: applied and recorded, or neither.
        await session.query(
          `${startedRowSql(session, schema, id, migration.name, migration.checksum)};\n${script}\n;\n${finishRowSql(session, schema, id)}`
        )
      } else {
        await session.query(script)
        await session.query(finishRowSql(session, schema, id))
      }
      return undefined
    } catch (err) {
      const code = (err as { code?: string }).code
      const lockTimeout = code === LOCK_NOT_AVAILABLE
      if (lockTimeout && attempt < attempts && !o.signal?.aborted) {
        info(`  … ${migration.name}: lock not available within ${formatDuration(o.lockTimeoutMs)} (attempt ${attempt} of ${attempts}); retrying in ${formatDuration(backoff)}`)
        await new Promise(r => setTimeout(r, backoff))
        backoff *= 2
        continue
      }
      let logs = prismaStyleLogs(migration.name, err)
      if (code === QUERY_CANCELED && o.signal?.aborted) logs += '\n\nThe deployment was cancelled (signal) while this migration ran; it was rolled back.'
      if (lockTimeout) logs += `\n\nGave up after ${attempt} attempt(s) of lock_timeout ${o.lockTimeoutMs} ms each.`
      // The failed row as Prisma leaves it: finished_at and rolled_back_at NULL, logs set. In atomic
      // mode the transaction took the started row with it, so the row is written now.
      if (atomic) await session.query(startedRowSql(session, schema, id, migration.name, migration.checksum)).catch(() => {})
      await recordFailure(session, schema, id, logs).catch(() => {})
      return {
        name: migration.name,
        message: scrub(errorMessage(err)),
        code,
        lockTimeout,
        attempts: attempt,
        partial: !atomic
      }
    }
  }
}

/** A migration failed; carries what was applied before it. */
export class MigrationFailedError extends ActionError {
  constructor(
    readonly failure: MigrationFailure,
    readonly appliedBefore: AppliedMigration[]
  ) {
    super(
      `Migration '${failure.name}' failed${failure.code ? ` (SQLSTATE ${failure.code})` : ''}: ${failure.message}` +
        (failure.lockTimeout ? ` — gave up waiting for a lock after ${failure.attempts} attempt(s); a long transaction holds a conflicting lock.` : '') +
        (failure.partial ? ' This file is not all-or-nothing (it runs outside a single transaction): check what it left behind.' : ' Its changes were rolled back.')
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
