import { readInputs } from './inputs.js'
import { errorMessage } from './errors.js'
import { setFailed } from './log.js'

/**
 * The action's entry point: the one place where a failure becomes `setFailed` (log.ts). Each phase's
 * module is loaded only when that phase runs (a chunk of its own in dist/): a run pays the start-up
 * of its own phase's code and libraries, not the other four's.
 */
export async function run(): Promise<void> {
  try {
    // readInputs registers the URL and its password as secrets before anything else.
    const inputs = await readInputs()
    switch (inputs.phase) {
      case 'verify':
        await (await import('./phases/verify.js')).runVerify(inputs)
        break
      case 'backup':
        await (await import('./phases/backup.js')).runBackup(inputs)
        break
      case 'rehearse':
        await (await import('./phases/rehearse.js')).runRehearse(inputs)
        break
      case 'deploy':
        await (await import('./phases/deploy.js')).runDeploy(inputs)
        break
      case 'restore':
        await (await import('./phases/restore.js')).runRestore(inputs)
        break
    }
  } catch (err) {
    setFailed(errorMessage(err))
  }
}
