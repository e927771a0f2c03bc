import { readInputs } from './inputs.js'
import { errorMessage } from './errors.js'
import { setFailed } from './log.js'
import { PHASE_LOADERS } from './phases/index.js'
import { runPhase, type PhaseDefinition } from './phases/lifecycle.js'

/**
 * The action's entry point. Every failure of a phase ends here, in `setFailed` (log.ts), and the
 * process exits non-zero; a phase cancelled by a signal ends in its own handler instead
 * (phases/lifecycle.ts). The phase's module is loaded from the phase table only when that phase
 * runs (a chunk of its own in dist/): a run pays the start-up of its own phase's code and libraries.
 */
export async function run(): Promise<void> {
  try {
    // readInputs registers the URL and its password as secrets before anything else.
    const inputs = await readInputs()
    const definition: PhaseDefinition<unknown> = await PHASE_LOADERS[inputs.phase]()
    await runPhase(definition, inputs)
  } catch (err) {
    setFailed(errorMessage(err))
  }
}
