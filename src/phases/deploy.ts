import type { Inputs } from '../inputs.js'
import { enforceGuards } from '../guards.js'
import { ActionError } from '../errors.js'

export const DEPLOY_GROUP = '[STEP 3/3] Deploying database migrations'

/** deploy-db: not available in this version; it refuses rather than pretend. */
export async function runDeploy(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Promise<never> {
  enforceGuards({ phase: 'deploy', allowedRefs: inputs.allowedRefs, env })
  throw new ActionError(
    'The deploy phase is not implemented in this version of the action: no migration was applied.',
    'Use a release of the action that implements the deploy phase.'
  )
}
