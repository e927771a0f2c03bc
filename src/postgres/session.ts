import * as fs from 'node:fs'
import type { ConnectionOptions } from 'node:tls'
import pg from 'pg'
import type { DatabaseTarget } from './target.js'
import type { TlsSettings } from './url-tls.js'
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

  const ssl = pgSslConfig(target.tls)
  const connect = async (withSsl: false | ConnectionOptions): Promise<Session> => {
    const client = new pg.Client({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      ssl: withSsl,
      connectionTimeoutMillis: options.connectTimeoutMs,
      application_name: options.applicationName,
      options: startup.join(' ')
    })
    // A lost connection after connect surfaces as a query error; without a listener it would crash.
    client.on('error', () => {})
    try {
      await client.connect()
      return client
    } catch (err) {
      await client.end().catch(() => {})
      throw err
    }
  }
  try {
    return await connect(ssl)
  } catch (err) {
    // libpq's prefer: TLS first; without TLS only when the server answers that it has none.
    if (target.tls.mode === 'prefer' && ssl !== false && isNoTlsAnswer(err)) {
      try {
        return await connect(false)
      } catch (plainErr) {
        throw connectionError(plainErr, target, options.connectTimeoutMs)
      }
    }
    throw connectionError(err, target, options.connectTimeoutMs)
  }
}

/** node-postgres' error when the server answers 'N' to the TLS request (it has no TLS). */
function isNoTlsAnswer(err: unknown): boolean {
  return (err as Error | undefined)?.message === 'The server does not support SSL connections'
}

/**
 * node-postgres' TLS options with libpq's meaning of each sslmode (never pg-connection-string's,
 * which reads `require` as verify-full):
 * - disable: no TLS;
 * - prefer, require: TLS without certificate checks (prefer falls back, see openSession);
 * - verify-ca: the chain must lead to sslrootcert, any host name;
 * - verify-full: the chain and the host name are checked (sslrootcert, or the system CAs for
 *   `system`).
 * A client certificate (sslcert, sslkey) is presented in every TLS mode.
 */
export function pgSslConfig(tls: TlsSettings): false | ConnectionOptions {
  if (tls.mode === 'disable') return false
  const config: ConnectionOptions = {}
  if (tls.clientCert !== undefined && tls.clientKey !== undefined) {
    config.cert = readTlsFile(tls.clientCert, 'sslcert')
    config.key = readTlsFile(tls.clientKey, 'sslkey')
  }
  if (tls.mode === 'prefer' || tls.mode === 'require') {
    config.rejectUnauthorized = false
    return config
  }
  config.rejectUnauthorized = true
  if (tls.rootCert !== undefined && tls.rootCert !== 'system') config.ca = readTlsFile(tls.rootCert, 'sslrootcert')
  if (tls.mode === 'verify-ca') config.checkServerIdentity = () => undefined
  return config
}

function readTlsFile(file: string, param: string): Buffer {
  try {
    return fs.readFileSync(file)
  } catch (err) {
    throw new ActionError(
      `The database URL's ${param} names a file the action cannot read: ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      `Write the file on the runner before this step (e.g. from a secret) and give its path in ${param}.`
    )
  }
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
      return new ActionError(`Database '${target.database}' does not exist on ${where}.`, 'Check the database name in the URL, or create the database before the first deployment.')
    case '57P03':
      return new ActionError(`The server at ${where} is not accepting connections yet: ${detail}`, 'Retry once the server has finished starting or recovering.')
    case '53300':
      return new ActionError(`The server at ${where} has no free connection slots: ${detail}`, 'Free connections or raise max_connections, then retry.')
    case 'ECONNREFUSED':
      return new ActionError(`Connection refused at ${where}: nothing is listening there.`, 'Check the host and port in the URL and that the server is running and reachable from the runner.')
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ActionError(`The host '${target.host}' could not be resolved (${e.code}).`, "Check the host name in the URL and the runner's DNS/network access.")
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
  if (isNoTlsAnswer(err)) {
    return new ActionError(
      `The server at ${where} does not offer TLS, and the connection requires it (${target.tls.decidedBy}); the password was not sent.`,
      'Enable TLS on the server (ssl = on), or, for a server on this runner only, connect to a loopback address (127.0.0.1) where sslmode=prefer or disable is accepted.'
    )
  }
  if (/ssl|tls|certificate/i.test(detail)) {
    return new ActionError(
      `TLS negotiation with ${where} failed (${target.tls.decidedBy}): ${detail}`,
      "Match the URL's sslmode and sslrootcert to the server: sslrootcert must name the certificate authority that signed the server's certificate, and verify-full needs the host name in the URL to match the certificate."
    )
  }
  return new ActionError(`Could not connect to ${where}: ${detail}`, 'Check the database URL and that the server is reachable from the runner.')
}
