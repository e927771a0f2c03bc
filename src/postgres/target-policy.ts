import { ActionError } from '../errors.js'
import { isLoopback } from './connection-url.js'
import type { DatabaseTarget } from './target.js'

export { isLoopback }

/**
 * What every phase requires of the connection target: a direct connection (never a pooler) and no
 * plain-text connection to a remote host.
 */
export function assertTargetPolicy(target: DatabaseTarget): void {
  refusePooler(target)
  refusePlaintextToRemote(target)
}

export function isPoolerUrl(target: DatabaseTarget): string | undefined {
  if (target.params.get('pgbouncer') === 'true') return "it sets 'pgbouncer=true'"
  if (target.port === 6543) return 'it uses port 6543, the usual connection-pooler port'
  if (/pooler/i.test(target.host)) return `its host '${target.host}' is a connection pooler`
  return undefined
}

export function refusePooler(target: DatabaseTarget): void {
  const why = isPoolerUrl(target)
  if (why) {
    throw new ActionError(
      `The database URL points at a connection pooler: ${why}.`,
      'Migrations need a direct connection (a pooler in transaction mode breaks the advisory lock and session settings). Use the direct URL (Prisma calls it directUrl), usually port 5432 on the database host itself.'
    )
  }
}

export function refusePlaintextToRemote(target: DatabaseTarget): void {
  if (target.tls.mode === 'disable' && !isLoopback(target.host)) {
    throw new ActionError(
      `The database URL sets sslmode=disable towards '${target.host}', which would send the password and data unencrypted over the network.`,
      'Remove sslmode=disable, or use sslmode=require (or verify-full with sslrootcert) for a remote server.'
    )
  }
}

/**
 * The prisma migrator connects with the URL the action writes for it; when Prisma cannot be given
 * the same TLS rules as the action's sessions and pg_dump, the run is refused before anything runs.
 */
export function assertPrismaCanConnect(target: DatabaseTarget): void {
  if (target.prismaProblem) {
    throw new ActionError(
      `The database URL's TLS settings (${target.tls.decidedBy}) cannot be given to Prisma: ${target.prismaProblem}.`,
      "Use sslmode=verify-full with sslrootcert=<CA file> (or sslrootcert=system), or sslmode=require without sslrootcert; or use `migrator: builtin`, which connects as the action's own sessions do."
    )
  }
}
