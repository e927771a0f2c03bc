import * as path from 'node:path'
import { ActionError } from '../errors.js'

/**
 * The TLS rules of the database URL (see connection-url.ts), with libpq's meaning of sslmode,
 * sslrootcert, sslcert and sslkey: one set of rules for the action's sessions, libpq's children
 * and Prisma.
 */

/** libpq's sslmode values the action implements (`allow` is refused: see `tlsSettings`). */
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

/**
 * A host is loopback by its text alone: localhost, 127.0.0.0/8, ::1. Names under `.localhost` are
 * not: resolving them may ask DNS, and a fallback to no TLS must never leave the machine.
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/**
 * The effective libpq sslmode and certificates. Towards a loopback host the default is libpq's
 * (`prefer`); towards any other host TLS is required: no sslmode means `require`, and `prefer` is
 * raised to `require` (a server without TLS is refused rather than sent the password in clear).
 * `disable` stays as written (the target policy refuses it towards a remote host). `allow` is
 * refused: it tries a plain connection first, and Prisma cannot express it.
 */
export function tlsSettings(params: URLSearchParams, host: string, source: string, cwd: string): TlsSettings {
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
