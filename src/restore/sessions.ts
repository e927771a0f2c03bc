import type { Session } from '../postgres/session.js'
import { formatDuration } from '../format.js'

/** Another session on the database being restored: listed before the restore, ended at the swap when allowed. */
export interface Connected {
  pid: number
  application: string | null
  client: string | null
  user: string | null
  ageSeconds: number | null
  state: string | null
}

/**
 * Sessions on the database that block the rename. An autovacuum worker is not one: it comes and
 * goes on the server's schedule, and ALTER DATABASE … RENAME ends it by itself.
 */
export async function sessionsOn(session: Session, database: string): Promise<Connected[]> {
  const r = await session.query<Connected>(
    `SELECT pid, application_name AS application, client_addr::text AS client, usename AS user,
            extract(epoch FROM now() - backend_start)::int AS "ageSeconds", state
       FROM pg_stat_activity
      WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type IS DISTINCT FROM 'autovacuum worker' ORDER BY backend_start`,
    [database]
  )
  return r.rows
}

/** The first ten sessions in words (pid, application, user, client, age, state), then how many more. */
export function describeSessions(list: Connected[]): string {
  const shown = list
    .slice(0, 10)
    .map(
      s =>
        `pid ${s.pid} (${[s.application ? `application '${s.application}'` : 'no application name', s.user ? `user ${s.user}` : '', s.client ? `from ${s.client}` : 'local', s.ageSeconds !== null ? `connected ${formatDuration(s.ageSeconds * 1000)}` : '', s.state ?? ''].filter(Boolean).join(', ')})`
    )
  return shown.join('; ') + (list.length > 10 ? `; and ${list.length - 10} more` : '')
}

/**
 * Ends the sessions on `database` (listed first, then ended by pid: in one WHERE clause the
 * server may call pg_terminate_backend before it filters by database). Returns those it ended.
 */
export async function endSessionsOn(session: Session, database: string): Promise<Connected[]> {
  const listed = await sessionsOn(session, database)
  if (listed.length === 0) return []
  const r = await session.query<{ pid: number }>('SELECT pid FROM unnest($1::int[]) AS pid WHERE pg_terminate_backend(pid)', [listed.map(s => s.pid)])
  const ended = new Set(r.rows.map(row => row.pid))
  return listed.filter(s => ended.has(s.pid))
}
