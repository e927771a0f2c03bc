import { ActionError } from '../errors.js'
import { PRISMA_PASS_THROUGH, SHOWN_PARAMS, SECRET_PARAMS, URL_FORM, refusal, libpqParams, checkParams, safeDecode } from './url-params.js'
import { tlsSettings, isLoopback, type TlsSettings } from './url-tls.js'

/** Re-exported for the target policy, which reads it from here. */
export { isLoopback }

/**
 * One meaning for every part of the database URL. The action's own sessions (`pg`),
 * pg_dump/pg_restore (libpq, through PG* variables) and Prisma (through a URL the action writes)
 * must reach the same server with the same TLS rules. Each of them reads a URL differently — libpq
 * honours `?host=`, `?port=`, `?service=`, ...; Prisma honours `?host=` and ignores the rest;
 * node-postgres' parser gives `sslmode=require` the meaning of verify-full — so the action reads
 * the URL once, here, with libpq's meaning, accepts only the query parameters it can honour
 * identically everywhere, and refuses every other one by name (url-params.ts); the TLS rules are
 * read in url-tls.ts.
 */

export interface ParsedUrl {
  host: string
  port: number
  database: string
  user: string
  password: string | undefined
  /** Prisma's `?schema=` parameter, default `public`. */
  schema: string
  params: URLSearchParams
  /** The TLS rules every connection uses: the action's sessions, libpq children and Prisma. */
  tls: TlsSettings
  /**
   * The URL for Prisma and any child that reads a URL: the same server, user, database and schema,
   * with Prisma's TLS parameters written from `tls`. A secret (it holds the password).
   */
  childUrl: string
  /** Why Prisma cannot be given the same TLS rules, when it cannot (the prisma migrator refuses). */
  prismaProblem: string | undefined
  /** The URL with the password and every non-harmless parameter value as `***`: the only form ever printed. */
  redacted: string
}

/**
 * Reads a PostgreSQL URL with libpq's meaning and refuses what the action cannot honour
 * identically everywhere. `source` names where the URL came from, for messages; `cwd` resolves
 * relative certificate paths (libpq resolves them against the working directory).
 */
export function readConnectionUrl(raw: string, source: string, cwd: string = process.cwd()): ParsedUrl {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw malformedUrlError(raw, source)
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new ActionError(
      `The database URL (${source}) uses the scheme '${url.protocol.replace(/:$/, '')}://', not PostgreSQL.`,
      'This action deploys to PostgreSQL only: use a postgresql:// or postgres:// URL.'
    )
  }

  // Query parameters first: a refused `?host=` must be named even when the URL has no host.
  const params = libpqParams(url.search)
  checkParams(params, source)

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (host === '') {
    throw new ActionError(`The database URL (${source}) has no host.`, `Use the form ${URL_FORM}.`)
  }
  if (host.includes(',')) {
    throw new ActionError(`The database URL (${source}) names several hosts; the action deploys to exactly one server.`, `Name the primary server alone: ${URL_FORM}.`)
  }
  if (/[%/\\@]/.test(host)) {
    throw new ActionError(
      `The database URL (${source}) has a host that is not a host name or address (a percent-encoded Unix-domain socket folder such as %2Fvar%2Frun%2Fpostgresql?).`,
      `Unix-domain sockets are not supported: connect over TCP with ${URL_FORM}.`
    )
  }
  const database = safeDecode(url.pathname.replace(/^\//, ''))
  if (database === '' || database.includes('/')) {
    throw new ActionError(`The database URL (${source}) names no database.`, 'Add the database name after the host: postgresql://USER:PASSWORD@HOST:5432/DATABASE.')
  }
  const port = url.port === '' ? 5432 : Number(url.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ActionError(`The database URL (${source}) has the port ${url.port}, outside 1–65535.`, `Use the form ${URL_FORM}.`)
  }
  if (/=/.test(database) || /^postgres(?:ql)?:\/\//i.test(database)) {
    throw new ActionError(
      `The database URL (${source}) names a database that libpq would read as a connection string (it contains '=' or starts with postgres://).`,
      `Name the database itself after the host: ${URL_FORM}.`
    )
  }
  const user = safeDecode(url.username)
  if (user === '') {
    throw new ActionError(
      `The database URL (${source}) names no user; each client would fall back to a different default (the runner's OS user, or none).`,
      `Put the user before the host: ${URL_FORM}.`
    )
  }
  const pgbouncer = params.get('pgbouncer')
  if (pgbouncer !== null && pgbouncer !== 'true' && pgbouncer !== 'false') {
    throw new ActionError(`The database URL (${source}) sets pgbouncer=${pgbouncer}; Prisma accepts only true or false.`, 'Remove pgbouncer (migrations need a direct connection, not a pooler).')
  }
  const queryPassword = params.get('password') ?? undefined
  if (url.password !== '' && queryPassword !== undefined) {
    throw new ActionError(
      `The database URL (${source}) has a password both before the host and in the query string; libpq would use one and Prisma the other.`,
      'Keep one password, before the host: postgresql://USER:PASSWORD@HOST:5432/DATABASE.'
    )
  }
  const password = url.password !== '' ? safeDecode(url.password) : queryPassword
  if (password !== undefined && /[\r\n\0]/.test(password)) {
    // libpq reads a password for pg_dump and pg_restore from a password file, one entry per line.
    throw new ActionError(
      `The database URL (${source}) has a password containing a line break or a NUL character (not shown), which pg_dump and pg_restore cannot be given: libpq's password file holds one password per line.`,
      'Use a password without line breaks (set a new one for the role with ALTER ROLE … PASSWORD), and update the secret that holds the URL.'
    )
  }
  const schema = params.get('schema') || 'public'

  const tls = tlsSettings(params, host, source, cwd)
  const { childUrl, prismaProblem } = prismaUrl({ host, port, database, user, password, schema, params, tls })
  return { host, port, database, user, password, schema, params, tls, childUrl, prismaProblem, redacted: redact(url) }
}

/**
 * Why a URL that does not parse is refused. A refused parameter is named even when the rest does
 * not parse (e.g. `postgresql:///db?host=/socket`); only names from a fixed list are echoed: the
 * rest of a malformed URL may be its password.
 */
function malformedUrlError(raw: string, source: string): ActionError {
  const redirecting = ['host', 'hostaddr', 'port', 'user', 'dbname', 'service']
  const query = libpqParams(/\?([^#]*)$/.exec(raw)?.[1] ?? '')
  for (const name of redirecting) {
    if (query.has(name)) {
      const { why, fix } = refusal(name)
      return new ActionError(`The database URL (${source}) sets the query parameter '${name}', which the action refuses: ${why}.`, fix)
    }
  }
  const multiHost = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?[^/?#]*,/i.test(raw)
  if (multiHost) {
    return new ActionError(`The database URL (${source}) names several hosts; the action deploys to exactly one server.`, `Name the primary server alone: ${URL_FORM}.`)
  }
  return new ActionError(
    `The database URL (${source}) is not a valid URL.`,
    'Use the form postgresql://USER:PASSWORD@HOST:5432/DATABASE?schema=public, and percent-encode special characters in the password (e.g. @ as %40, : as %3A, / as %2F).'
  )
}

/**
 * The URL for Prisma: same user, password, host, port, database and schema, and Prisma's own TLS
 * parameters written from the effective mode (Prisma reads only sslmode=disable|prefer|require,
 * sslaccept=strict|accept_invalid_certs, sslcert = the CA file; a mode it does not know silently
 * becomes `prefer`). verify-ca and client certificates have no Prisma equivalent.
 */
function prismaUrl(t: Omit<ParsedUrl, 'childUrl' | 'prismaProblem' | 'redacted'>): { childUrl: string; prismaProblem: string | undefined } {
  const query = new URLSearchParams()
  query.set('schema', t.schema)
  let prismaProblem: string | undefined
  switch (t.tls.mode) {
    case 'disable':
    case 'prefer':
      query.set('sslmode', t.tls.mode)
      if (t.tls.mode === 'prefer') query.set('sslaccept', 'accept_invalid_certs')
      break
    case 'require':
      query.set('sslmode', 'require')
      query.set('sslaccept', 'accept_invalid_certs')
      break
    case 'verify-full':
      query.set('sslmode', 'require')
      query.set('sslaccept', 'strict')
      if (t.tls.rootCert !== 'system' && t.tls.rootCert !== undefined) query.set('sslcert', t.tls.rootCert)
      break
    case 'verify-ca':
      query.set('sslmode', 'require')
      prismaProblem = 'Prisma cannot verify the certificate authority without also checking the host name (libpq verify-ca, or require with sslrootcert)'
      break
  }
  if (t.tls.clientCert !== undefined) {
    prismaProblem ??= 'Prisma reads a client certificate only as a PKCS#12 bundle (sslidentity), not as sslcert and sslkey files'
  }
  for (const name of PRISMA_PASS_THROUGH) {
    const value = t.params.get(name)
    if (value !== null) query.set(name, value)
  }
  const userinfo = `${encodeURIComponent(t.user)}${t.password !== undefined ? `:${encodeURIComponent(t.password)}` : ''}`
  const hostPart = t.host.includes(':') ? `[${t.host}]` : t.host
  return {
    childUrl: `postgresql://${userinfo}${userinfo ? '@' : ''}${hostPart}:${t.port}/${encodeURIComponent(t.database)}?${query.toString()}`,
    prismaProblem
  }
}

/**
 * The only printed form of a URL: scheme, user, host, port, database, and the values of harmless
 * parameters; the password and every other value are `***`.
 */
function redact(url: URL): string {
  const query = [...libpqParams(url.search).entries()].map(([k, v]) => `${encodeURIComponent(k)}=${(SHOWN_PARAMS as readonly string[]).includes(k) ? encodeURIComponent(v) : '***'}`).join('&')
  const user = url.username
  const userinfo = user !== '' || url.password !== '' ? `${user}${url.password !== '' ? ':***' : ''}@` : ''
  return `${url.protocol}//${userinfo}${url.host}${url.pathname}${query ? `?${query}` : ''}`
}

/** The secrets a URL holds, as written and decoded: its password, query password and sslpassword. */
export function secretsOfUrl(raw: string): string[] {
  const found: string[] = []
  // As a person meant it: the text between the first ':' after '//' and the last '@', also when an
  // unencoded character in it ('?', '#', '/') makes a URL parser read it differently.
  const meant = /^[a-z]+:\/\/[^:/@]*:(.*)@[^@]*$/i.exec(raw)?.[1]
  if (meant) found.push(meant, safeDecode(meant))
  try {
    const url = new URL(raw)
    if (url.password) found.push(url.password, safeDecode(url.password))
    // Every occurrence, also of a repeated parameter, and as written in the query string.
    for (const name of SECRET_PARAMS) for (const value of url.searchParams.getAll(name)) if (value) found.push(value)
    for (const m of url.search.matchAll(/[?&](?:password|sslpassword)=([^&#]*)/g)) if (m[1]) found.push(m[1], safeDecode(m[1]))
  } catch {
    // malformed URL: query values as written
    for (const m of raw.matchAll(/[?&](?:password|sslpassword)=([^&#]*)/g)) if (m[1]) found.push(m[1], safeDecode(m[1]))
  }
  return found
}
