import { readInputs } from './inputs.js'
import { runVerify } from './phases/verify.js'
import { runBackup } from './phases/backup.js'
import { runDeploy } from './phases/deploy.js'
import { runRestore } from './phases/restore.js'
import { runRehearse } from './phases/rehearse.js'
import { errorMessage } from './errors.js'
import { setFailed } from './log.js'

/** The action's entry point: the one place where a failure becomes `setFailed` (log.ts). */
export async function run(): Promise<void> {
  try {
    // readInputs registers the URL and its password as secrets before anything else.
    const inputs = readInputs()
    switch (inputs.phase) {
      case 'verify':
        await runVerify(inputs)
        break
      case 'backup':
        await runBackup(inputs)
        break
      case 'rehearse':
        await runRehearse(inputs)
        break
      case 'deploy':
        await runDeploy(inputs)
        break
      case 'restore':
        await runRestore(inputs)
        break
    }
  } catch (err) {
    setFailed(errorMessage(err))
  }
}
