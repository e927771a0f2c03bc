import { ActionError } from '../errors.js'

/**
 * The query parameters of the database URL (see connection-url.ts): the ones the action accepts,
 * decoded as the client that reads each one decodes it, and every other one refused by name with
 * the reason and what to write instead.
 */

/** Parameters passed on to Prisma as written (besides those the action writes itself). */
export const PRISMA_PASS_THROUGH = [
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

export const URL_FORM = 'postgresql://USER:PASSWORD@HOST:PORT/DATABASE'

/** Why a parameter the action does not accept is refused, and what to do instead. */
export function refusal(name: string): { why: string; fix: string } {
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
        why: 'the action cannot make its own sessions, pg_dump and Prisma all honour it the same way',
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
export function libpqParams(search: string): URLSearchParams {
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
export function checkParams(params: URLSearchParams, source: string): void {
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

/** `%XX` decoded; the text as it is when it is not valid percent-encoding. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
