import pg from 'pg'
import type { DatabaseTarget } from '../inputs.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'

/**
 * The only way the action opens a database session. A read-only session (the verify phase) is
 * opened with `default_transaction_read_only=on` as a startup parameter, so the server refuses any
 * write on it from its first statement on: no bug in verify can change the database.
 */
export interface SessionOptions {
  readOnly: boolean
  connectTimeoutMs: number
  /** Longest time one statement may run. */
  statementTimeoutMs: number
  /** Longest wait for a lock; omitted leaves the server's setting. */
  lockTimeoutMs?: number
  /** Shown in pg_stat_activity so operators can tell who holds what. */
  applicationName: string
}

export type Session = pg.Client

export async function openSession(target: DatabaseTarget, options: SessionOptions): Promise<Session> {
  const startup = [`-c statement_timeout=${options.statementTimeoutMs}`]
  if (options.readOnly) startup.push('-c default_transaction_read_only=on')
  if (options.lockTimeoutMs !== undefined) startup.push(`-c lock_timeout=${options.lockTimeoutMs}`)

  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: target.ssl as pg.ClientConfig['ssl'],
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: options.applicationName,
    options: startup.join(' ')
  })
  // A lost connection after connect surfaces as a query error; without a listener it would crash.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => {})
    throw connectionError(err, target, options.connectTimeoutMs)
  }
  return client
}

export async function closeSession(session: Session | undefined): Promise<void> {
  if (!session) return
  await session.end().catch(() => {})
}

interface PgLikeError {
  code?: string
  message?: string
}

/** Turns a connection failure into a message that names what went wrong and what to do. */
export function connectionError(err: unknown, target: DatabaseTarget, timeoutMs: number): ActionError {
  const e = (err ?? {}) as PgLikeError
  const where = `${target.host}:${target.port}`
  const detail = scrub(e.message ?? String(err))
  switch (e.code) {
    case '28P01':
      return new ActionError(
        `Authentication failed for user '${target.user}' at ${where}: the server rejected the password.`,
        'Check the password in the secret that holds the database URL (percent-encode special characters such as @ : / % +), and that the user exists.'
      )
    case '28000':
      return new ActionError(
        `The server at ${where} refused user '${target.user}' for database '${target.database}': ${detail}`,
        "Allow this client in the server's pg_hba.conf (or the provider's network settings), or use TLS with ?sslmode=require if the server demands it."
      )
    case '3D000':
      return new ActionError(
        `Database '${target.database}' does not exist on ${where}.`,
        'Check the database name in the URL, or create the database before the first deployment.'
      )
    case '57P03':
      return new ActionError(`The server at ${where} is not accepting connections yet: ${detail}`, 'Retry once the server has finished starting or recovering.')
    case '53300':
      return new ActionError(`The server at ${where} has no free connection slots: ${detail}`, 'Free connections or raise max_connections, then retry.')
    case 'ECONNREFUSED':
      return new ActionError(
        `Connection refused at ${where}: nothing is listening there.`,
        'Check the host and port in the URL and that the server is running and reachable from the runner.'
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ActionError(`The host '${target.host}' could not be resolved (${e.code}).`, 'Check the host name in the URL and the runner\'s DNS/network access.')
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ActionError(`Could not reach ${where} (${e.code}).`, 'Check that the runner can reach the database (firewall, VPC, allow-list).')
  }
  if (/timeout/i.test(detail)) {
    return new ActionError(
      `No connection to ${where} within ${Math.round(timeoutMs / 1000)}s (connect-timeout).`,
      'Check the host, port and firewall, or raise `connect-timeout` if the server is slow to accept connections.'
    )
  }
  if (/ssl|tls|certificate/i.test(detail)) {
    return new ActionError(
      `TLS negotiation with ${where} failed: ${detail}`,
      "Match the URL's sslmode (and sslrootcert) to the server: e.g. ?sslmode=require for a server that demands TLS."
    )
  }
  return new ActionError(`Could not connect to ${where}: ${detail}`, 'Check the database URL and that the server is reachable from the runner.')
}
