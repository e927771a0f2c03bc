import type { Check } from './check.js'
import { parseDatabaseUrl, type DatabaseTarget } from '../inputs.js'
import { ActionError } from '../errors.js'

/**
 * SPEC 3.2: the connection URL is present, is PostgreSQL, is direct (not a pooler), does not send
 * the password in clear text over the network, and every `required-env` name is set.
 */
export const env: Check = {
  name: 'env',
  async run(ctx) {
    const target = parseDatabaseUrl(ctx.inputs.databaseUrl)
    refusePooler(target)
    refusePlaintextToRemote(target)
    const missing = ctx.inputs.requiredEnv.filter(name => (ctx.env[name] ?? '') === '')
    if (missing.length > 0) {
      throw new ActionError(
        `Required environment variables are not set: ${missing.join(', ')}.`,
        "Set them on the job or step (`env:`), from secrets where they hold secrets, or remove them from 'required-env'."
      )
    }
    ctx.target = target
    const extra = ctx.inputs.requiredEnv.length > 0 ? `; required env set: ${ctx.inputs.requiredEnv.join(', ')}` : ''
    return `${target.redacted} (from ${target.source}), schema '${target.schema}'${extra}`
  }
}

export function isPoolerUrl(target: DatabaseTarget): string | undefined {
  if (target.params.get('pgbouncer') === 'true') return "it sets 'pgbouncer=true'"
  if (target.port === 6543) return 'it uses port 6543, the usual connection-pooler port'
  if (/pooler/i.test(target.host)) return `its host '${target.host}' is a connection pooler`
  return undefined
}

function refusePooler(target: DatabaseTarget): void {
  const why = isPoolerUrl(target)
  if (why) {
    throw new ActionError(
      `The database URL points at a connection pooler: ${why}.`,
      'Migrations need a direct connection (a pooler in transaction mode breaks the advisory lock and session settings). Use the direct URL (Prisma calls it directUrl), usually port 5432 on the database host itself.'
    )
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost')
}

function refusePlaintextToRemote(target: DatabaseTarget): void {
  if (target.sslmode === 'disable' && !isLoopback(target.host)) {
    throw new ActionError(
      `The database URL sets sslmode=disable towards '${target.host}', which would send the password and data unencrypted over the network.`,
      'Remove sslmode=disable, or use sslmode=require (or verify-full with sslrootcert) for a remote server.'
    )
  }
}
