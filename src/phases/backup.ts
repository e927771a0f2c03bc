import type { Inputs } from '../inputs.js'
import { enforceGuards } from '../guards.js'
import { ActionError } from '../errors.js'

export const BACKUP_GROUP = '[STEP 2/3] Creating production database backup'

/** backup-production: not available in this version; it refuses rather than pretend. */
export async function runBackup(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Promise<never> {
  enforceGuards({ phase: 'backup', allowedRefs: inputs.allowedRefs, env })
  throw new ActionError(
    'The backup phase is not implemented in this version of the action: no backup was taken.',
    'Do not run the deploy phase without a backup. Take one with pg_dump yourself, or use a release of the action that implements the backup phase.'
  )
}
