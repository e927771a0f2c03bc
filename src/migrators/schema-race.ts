import type { Session } from '../postgres/session.js'
import { schemaExists } from '../prisma/books.js'
import { ActionError, errorMessage } from '../errors.js'
import { info } from '../log.js'
import { formatDuration } from '../format.js'
import { scrub } from '../secrets.js'

/**
 * Deploy creates a missing target schema after taking the migration advisory lock, so two deploys
 * never race to create it. Another session that is not a deploy (an application starting up, a
 * person in psql) can: PostgreSQL checks that the name is free, then inserts it into pg_namespace,
 * and a CREATE SCHEMA that finds another transaction's uncommitted schema of the same name waits
 * for that transaction. When it commits, the waiting CREATE SCHEMA fails with a unique violation
 * on pg_namespace_nspname_index (23505), not `duplicate_schema` (42P06); CREATE SCHEMA IF NOT
 * EXISTS fails the same way, since its check came before the wait. When it rolls back, the waiting
 * statement creates the schema. A wait longer than `lock_timeout` fails with 55P03.
 *
 * Called with the error of deploy's CREATE SCHEMA: a schema that exists now is what deploy wanted,
 * so it is said and `true` returned; a race that leaves no schema, or a wait that timed out, is an
 * ActionError saying what happened and that running the deploy again is safe; any other error
 * returns `false` for the caller to handle.
 */
export async function schemaCreatedMeanwhile(session: Session, schema: string, err: unknown, lockTimeoutMs: number): Promise<boolean> {
  const e = err as { code?: string; constraint?: string }
  const retry = 'Running the deploy again is safe: nothing was applied, and it checks for the schema again before creating it.'
  if (e.code === '42P06' || (e.code === '23505' && e.constraint === 'pg_namespace_nspname_index')) {
    if (await schemaExists(session, schema)) {
      info(`Schema '${schema}' was created by another session while this deploy was creating it (${scrub(errorMessage(err))}); it exists now, which is what the deploy needed: deploying into it.`)
      return true
    }
    throw new ActionError(
      `Schema '${schema}' was created by another session while this deploy was creating it (${scrub(errorMessage(err))}), and it no longer exists (dropped since); nothing was applied.`,
      retry
    )
  }
  if (e.code === '55P03') {
    throw new ActionError(
      `Schema '${schema}' is being created by another session whose transaction has not ended: this deploy's CREATE SCHEMA waited for it for lock-timeout (${formatDuration(lockTimeoutMs)}) and gave up; nothing was applied.`,
      `Find that session (pg_stat_activity) and let its transaction commit or roll back. ${retry}`
    )
  }
  return false
}
