import type { Check } from './check.js'
import { ActionError } from '../errors.js'

/**
 * verify-env: the connection URL is present, is PostgreSQL, is direct (not a pooler), does not send
 * the password in clear text over the network, and every `required-env` name is set.
 */
export const env: Check = {
  name: 'env',
  run(ctx) {
    // Read, policy-checked and registered as a secret once, with the inputs (postgres/target.ts).
    const target = ctx.inputs.database.target()
    const missing = ctx.inputs.requiredEnv.filter(name => (ctx.env[name] ?? '') === '')
    if (missing.length > 0) {
      throw new ActionError(
        `Required environment variables are not set: ${missing.join(', ')}.`,
        "Set them on the job or step (`env:`), from secrets where they hold secrets, or remove them from 'required-env'."
      )
    }
    ctx.target = target
    const extra = ctx.inputs.requiredEnv.length > 0 ? `; required env set: ${ctx.inputs.requiredEnv.join(', ')}` : ''
    return Promise.resolve(`${target.redacted} (from ${target.source}), schema '${target.schema}', TLS: ${target.tls.decidedBy}${extra}`)
  }
}
