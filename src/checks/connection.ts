import type { Check } from './check.js'
import { required } from './check.js'
import { openSession } from '../postgres/session.js'
import { ActionError } from '../errors.js'

/** Longest time one verify statement may run; all of them are catalog reads. */
export const VERIFY_STATEMENT_TIMEOUT_MS = 30_000

/**
 * verify's connection check: connect within `connect-timeout`, on a read-only session; report the server version;
 * refuse a standby.
 */
export const connection: Check = {
  name: 'connection',
  async run(ctx) {
    const target = required(ctx.target, 'the database URL')
    const session = await openSession(target, {
      readOnly: true,
      connectTimeoutMs: ctx.inputs.connectTimeoutMs,
      statementTimeoutMs: VERIFY_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: 5_000,
      applicationName: 'db-deploy-action verify'
    })
    ctx.session = session
    const res = await session.query<{ server_version: string; num: string; standby: boolean; read_only: string; who: string }>(
      `SELECT current_setting('server_version') AS server_version,
              current_setting('server_version_num') AS num,
              pg_is_in_recovery() AS standby,
              current_setting('default_transaction_read_only') AS read_only,
              current_user AS who`
    )
    const row = res.rows[0]
    if (!row) throw new Error('internal: the server returned no row for the version query')
    const major = Math.floor(Number(row.num) / 10000)
    const version = row.server_version.split(' ')[0] ?? row.server_version
    ctx.server = { full: row.server_version, version, major }
    if (row.standby) {
      throw new ActionError(
        `The server at ${target.host}:${target.port} is a standby (read replica, pg_is_in_recovery() is true); migrations cannot be applied there.`,
        'Point the database URL at the primary (writable) server.'
      )
    }
    if (row.read_only !== 'on') {
      throw new Error('internal: the verify session is not read-only')
    }
    return `PostgreSQL ${row.server_version} at ${target.host}:${target.port}, database '${target.database}' as '${row.who}', primary; session read-only`
  }
}
