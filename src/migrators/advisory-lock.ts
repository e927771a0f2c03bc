import { ActionError } from '../errors.js'
import type { Session } from '../postgres/session.js'
import { PRISMA_ADVISORY_LOCK_KEY } from '../prisma/books-writer.js'
import { info } from '../log.js'
import { formatDuration } from '../format.js'
import type { BuiltinOptions } from './types.js'

/**
 * Prisma's advisory lock, which every `prisma migrate deploy` and the builtin migrator take before
 * they apply anything: waited for at most `lock-timeout`, and on timeout the holder is named.
 */

/** Waits for Prisma's advisory lock at most `lockTimeoutMs`; on timeout names who holds it. */
export async function acquireAdvisoryLock(session: Session, o: Pick<BuiltinOptions, 'lockTimeoutMs' | 'signal'>): Promise<void> {
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
  const res = await session
    .query<{ pid: number; app: string | null; client: string | null; usename: string | null; connected: string; state: string | null }>(
      `SELECT a.pid, a.application_name AS app, host(a.client_addr) AS client, a.usename,
            justify_interval(date_trunc('second', now() - a.backend_start))::text AS connected, a.state
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
        AND l.pid <> pg_backend_pid()`,
      [PRISMA_ADVISORY_LOCK_KEY]
    )
    .catch(() => undefined)
  const h = res?.rows[0]
  if (!h) return 'The holder could not be identified (it may have just released the lock).'
  return `Held by pid ${h.pid} (application '${h.app || 'unknown'}', user ${h.usename ?? '?'}, client ${h.client ?? 'local socket'}, connected for ${h.connected}, state ${h.state ?? 'unknown'}).`
}
