import * as path from 'node:path'
import { ActionError } from '../errors.js'

/**
 * One meaning for every part of the database URL (SPEC 10). The action's own sessions (`pg`),
 * pg_dump/pg_restore (libpq, through PG* variables) and Prisma (through a URL the action writes)
 * must reach the same server with the same TLS rules. Each of them reads a URL differently — libpq
 * honours `?host=`, `?port=`, `?service=`, ...; Prisma honours `?host=` and ignores the rest;
 * node-postgres' parser gives `sslmode=require` the meaning of verify-full — so the action reads
 * the URL once, here, with libpq's meaning, accepts only the query parameters it can honour
 * identically everywhere, and refuses every other one by name.
 */

/** libpq's sslmode values the action implements (`allow` is refused: see `sslmodeProblem`). */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const
export type SslMode = (typeof SSL_MODES)[number]

/** The TLS rules every connection of the run uses. */
export interface TlsSettings {
  /** The effective libpq sslmode. */
  mode: SslMode
  /** Why this mode, for the log: as written, or the default the action chose. */
  decidedBy: string
  /** sslrootcert: an absolute path, or `system` (the runner's trusted CAs; verify-full only). */
  rootCert: string | undefined
  /** sslcert and sslkey (a client certificate), absolute paths; both or neither. */
  clientCert: string | undefined
  clientKey: string | undefined
}

/** Parameters passed on to Prisma as written (besides those the action writes itself). */
const PRISMA_PASS_THROUGH = [
  'application_name',
  'pgbouncer',
  'connection_limit',
  'pool_timeout',
  'socket_timeout',
  'statement_cache_size',
  'max_connection_lifetime',
  'max_idle_connection_lifetime'
] as const

/**
 * Query parameters that are harmless to print (values shown in the redacted URL). Prisma's pool
 * settings only tune Prisma's own connection pool: they change neither the server nor TLS, and the
 * action's single sessions and pg_dump have no pool to apply them to.
 */
export const SHOWN_PARAMS = ['schema', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', ...PRISMA_PASS_THROUGH] as const

/** Query parameters that carry a credential: registered as secrets, never shown. */
export const SECRET_PARAMS = ['password', 'sslpassword'] as const

const ACCEPTED = new Set<string>([...SHOWN_PARAMS, 'password'])

const URL_FORM = 'postgresql://USER:PASSWORD@HOST:PORT/DATABASE'

/** Why a parameter the action does not accept is refused, and what to do instead. */
function refusal(name: string): { why: string; fix: string } {
  switch (name) {
    case 'host':
    case 'hostaddr':
    case 'port':
    case 'user':
    case 'dbname':
      return {
        why: `it redirects the connection: libpq (pg_dump) and Prisma would connect with it while the URL's own ${name === 'dbname' ? 'database' : name === 'hostaddr' ? 'host' : name} says otherwise`,
        fix: `Remove '${name}' from the query string and put the value in the URL itself: ${URL_FORM}. Unix-domain sockets are not supported: use TCP.`
      }
    case 'service':
    case 'servicefile':
    case 'passfile':
      return {
        why: 'it makes libpq read connection settings or passwords from a file on the runner that the action and Prisma would not read',
        fix: `Remove '${name}' and give host, port, user, password and database in the URL: ${URL_FORM}.`
      }
    case 'options':
      return {
        why: "it sends server settings at connection start that would override the action's own (read-only verify session, statement and lock timeouts)",
        fix: "Remove 'options' from the URL; set per-role or per-database defaults on the server (ALTER ROLE ... SET) if the migrations need them."
      }
    case 'target_session_attrs':
    case 'load_balance_hosts':
      return {
        why: 'it chooses among several hosts, and the action deploys to exactly one server',
        fix: `Remove '${name}' and name the primary server directly: ${URL_FORM}.`
      }
    case 'ssl':
    case 'requiressl':
    case 'uselibpqcompat':
      return {
        why: 'its meaning differs between libpq, Prisma and node-postgres',
        fix: "Use libpq's sslmode instead: sslmode=require, or sslmode=verify-full with sslrootcert=<CA file> (or sslrootcert=system)."
      }
    case 'sslaccept':
    case 'sslidentity':
      return {
        why: 'it is a Prisma-only TLS parameter that pg_dump and the action would not honour',
        fix: "Use libpq's parameters: sslmode (verify-full to check the certificate), sslrootcert (the CA file); the action writes Prisma's own TLS parameters from them."
      }
    case 'sslpassword':
      return {
        why: 'a passphrase-protected client key could reach pg_dump only on its command line, where the passphrase would be visible',
        fix: 'Use a client key without a passphrase (sslkey=<file>, readable only by the runner user), stored as a secret file for the job.'
      }
    case 'connect_timeout':
      return {
        why: "each client would use its own value; the action's `connect-timeout` input applies to every connection of the run",
        fix: "Remove 'connect_timeout' from the URL and set the action's `connect-timeout` input (seconds) instead."
      }
    default:
      return {
        why: "the action cannot make its own sessions, pg_dump and Prisma all honour it the same way",
        fix: `Remove '${name}' from the URL. Accepted query parameters: ${[...SHOWN_PARAMS, 'password'].join(', ')}.`
      }
  }
}

/** Parameters only Prisma reads: their values are form-decoded, as Prisma does ('+' is a space). */
const PRISMA_PARAMS = new Set<string>(['schema', ...PRISMA_PASS_THROUGH])

/**
 * The query string as its reader decodes it: a parameter libpq reads (sslmode, sslrootcert,
 * password, ...) as libpq does, `%XX` only, so a '+' stays a '+' (URLSearchParams would read
 * `?password=a+b` as 'a b'); a parameter only Prisma reads (schema, pool settings) as Prisma does,
 * with '+' for a space.
 */
function libpqParams(search: string): URLSearchParams {
  const out = new URLSearchParams()
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = safeDecode(eq < 0 ? pair : pair.slice(0, eq))
    const value = eq < 0 ? '' : pair.slice(eq + 1)
    out.append(name, safeDecode(PRISMA_PARAMS.has(name) ? value.replace(/\+/g, ' ') : value))
  }
  return out
}

/** Refuses a repeated parameter and every parameter the action does not accept, by name. */
function checkParams(params: URLSearchParams, source: string): void {
  const seen = new Set<string>()
  for (const name of params.keys()) {
    // A name that is not keyword-shaped may be part of a password (e.g. an unencoded '?' in it):
    // it is never shown.
    const keyword = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(name)
    if (seen.has(name)) {
      throw new ActionError(
        `The database URL (${source}) sets the query parameter ${keyword ? `'${name}'` : '(name not shown)'} more than once; clients disagree on which one counts.`,
        'Keep each query parameter once in the URL.'
      )
    }
    seen.add(name)
    if (!ACCEPTED.has(name)) {
      if (!keyword) {
        throw new ActionError(
          `The database URL (${source}) has a query string that is not connection parameters (not shown: it may hold part of the password).`,
          'Percent-encode special characters in the password (? as %3F, & as %26, = as %3D, # as %23, @ as %40, / as %2F, : as %3A).'
        )
      }
      const { why, fix } = refusal(name)
      throw new ActionError(`The database URL (${source}) sets the query parameter '${name}', which the action refuses: ${why}.`, fix)
    }
  }
}

/**
 * A host is loopback by its text alone: localhost, 127.0.0.0/8, ::1. Names under `.localhost` are
 * not: resolving them may ask DNS, and a fallback to no TLS must never leave the machine.
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

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
    // A refused parameter is named even when the rest does not parse (e.g. `postgresql:///db?host=/socket`).
    // Only names from a fixed list are echoed: the rest of a malformed URL may be its password.
    const redirecting = ['host', 'hostaddr', 'port', 'user', 'dbname', 'service']
    const query = libpqParams(/\?([^#]*)$/.exec(raw)?.[1] ?? '')
    for (const name of redirecting) {
      if (query.has(name)) {
        const { why, fix } = refusal(name)
        throw new ActionError(`The database URL (${source}) sets the query parameter '${name}', which the action refuses: ${why}.`, fix)
      }
    }
    const multiHost = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?[^/?#]*,/i.test(raw)
    if (multiHost) {
      throw new ActionError(
        `The database URL (${source}) names several hosts; the action deploys to exactly one server.`,
        `Name the primary server alone: ${URL_FORM}.`
      )
    }
    throw new ActionError(
      `The database URL (${source}) is not a valid URL.`,
      'Use the form postgresql://USER:PASSWORD@HOST:5432/DATABASE?schema=public, and percent-encode special characters in the password (e.g. @ as %40, : as %3A, / as %2F).'
    )
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
    throw new ActionError(
      `The database URL (${source}) names several hosts; the action deploys to exactly one server.`,
      `Name the primary server alone: ${URL_FORM}.`
    )
  }
  if (/[%/\\@]/.test(host)) {
    throw new ActionError(
      `The database URL (${source}) has a host that is not a host name or address (a percent-encoded Unix-domain socket folder such as %2Fvar%2Frun%2Fpostgresql?).`,
      `Unix-domain sockets are not supported: connect over TCP with ${URL_FORM}.`
    )
  }
  const database = safeDecode(url.pathname.replace(/^\//, ''))
  if (database === '' || database.includes('/')) {
    throw new ActionError(
      `The database URL (${source}) names no database.`,
      'Add the database name after the host: postgresql://USER:PASSWORD@HOST:5432/DATABASE.'
    )
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
 * The effective libpq sslmode and certificates. Towards a loopback host the default is libpq's
 * (`prefer`); towards any other host TLS is required: no sslmode means `require`, and `prefer` is
 * raised to `require` (a server without TLS is refused rather than sent the password in clear).
 * `disable` stays as written (the target policy refuses it towards a remote host). `allow` is
 * refused: it tries a plain connection first, and Prisma cannot express it.
 */
function tlsSettings(params: URLSearchParams, host: string, source: string, cwd: string): TlsSettings {
  const written = params.get('sslmode') ?? undefined
  if (written !== undefined && !(SSL_MODES as readonly string[]).includes(written)) {
    const fix =
      written === 'allow'
        ? "Use sslmode=require (or verify-full with sslrootcert) for a remote server; towards a loopback host sslmode=prefer or disable. 'allow' tries a connection without TLS first and Prisma cannot express it."
        : `Use one of libpq's sslmode values: ${SSL_MODES.join(', ')}.`
    throw new ActionError(`The database URL (${source}) sets sslmode=${written}, which the action does not accept.`, fix)
  }
  const loopback = isLoopback(host)
  let mode: SslMode
  let decidedBy: string
  if (written === undefined) {
    mode = loopback ? 'prefer' : 'require'
    decidedBy = loopback ? 'no sslmode in the URL: prefer (libpq default) towards a loopback host' : 'no sslmode in the URL: TLS required towards a remote host'
  } else if (written === 'prefer' && !loopback) {
    mode = 'require'
    decidedBy = 'sslmode=prefer raised to require: TLS is required towards a remote host'
  } else {
    mode = written as SslMode
    decidedBy = `sslmode=${written} from the URL`
  }

  const file = (name: string): string | undefined => {
    const value = params.get(name)
    if (value === null) return undefined
    if (value === '') {
      throw new ActionError(`The database URL (${source}) sets '${name}' to nothing.`, `Give '${name}' the path of a file on the runner, or remove it.`)
    }
    return name === 'sslrootcert' && value === 'system' ? value : path.resolve(cwd, value)
  }
  const rootCert = mode === 'disable' ? undefined : file('sslrootcert')
  const clientCert = mode === 'disable' ? undefined : file('sslcert')
  const clientKey = mode === 'disable' ? undefined : file('sslkey')

  if ((clientCert === undefined) !== (clientKey === undefined)) {
    throw new ActionError(
      `The database URL (${source}) sets ${clientCert ? 'sslcert without sslkey' : 'sslkey without sslcert'}.`,
      'A client certificate needs both: sslcert=<certificate file>&sslkey=<key file>.'
    )
  }
  if (rootCert === 'system' && mode !== 'verify-full') {
    throw new ActionError(
      `The database URL (${source}) sets sslrootcert=system with sslmode=${mode}; the runner's trusted CAs are used only with verify-full.`,
      'Use sslmode=verify-full with sslrootcert=system (libpq refuses weaker modes with it too).'
    )
  }
  if ((mode === 'verify-ca' || mode === 'verify-full') && rootCert === undefined) {
    throw new ActionError(
      `The database URL (${source}) sets sslmode=${mode} without sslrootcert; the clients would trust different certificate authorities.`,
      `Add sslrootcert=<CA file> (the server's certificate authority), or sslrootcert=system to trust the runner's CAs (verify-full only).`
    )
  }
  if (mode === 'prefer' && rootCert !== undefined) {
    throw new ActionError(
      `The database URL (${source}) sets sslrootcert with sslmode=prefer, which would fall back to no TLS at all.`,
      'Use sslmode=verify-full (or verify-ca) with sslrootcert, or remove sslrootcert.'
    )
  }
  if (mode === 'require' && rootCert !== undefined) {
    // libpq: "require" with a root certificate verifies it as "verify-ca" does.
    mode = 'verify-ca'
    decidedBy = 'sslmode=require with sslrootcert: the certificate authority is verified (libpq verify-ca)'
  }
  return { mode, decidedBy, rootCert, clientCert, clientKey }
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
      prismaProblem =
        'Prisma cannot verify the certificate authority without also checking the host name (libpq verify-ca, or require with sslrootcert)'
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
  const query = [...libpqParams(url.search).entries()]
    .map(([k, v]) => `${encodeURIComponent(k)}=${(SHOWN_PARAMS as readonly string[]).includes(k) ? encodeURIComponent(v) : '***'}`)
    .join('&')
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
