import { readInputs, type Inputs } from '../../src/inputs.js'

/**
 * The typed inputs as the action reads them: `inputs` by their action.yml names, read by the
 * action's own `readInputs` (so every default is the action's, never restated here), with
 * `GITHUB_WORKSPACE` set to `workspace`. The INPUT_* variables it sets are removed again.
 */
export async function actionInputs(workspace: string, inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<Inputs> {
  const names = Object.keys(process.env).filter(k => k.startsWith('INPUT_'))
  const saved = Object.fromEntries(names.map(k => [k, process.env[k]]))
  for (const k of names) delete process.env[k]
  for (const [name, value] of Object.entries({ phase: 'verify', ...inputs })) process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  try {
    return await readInputs({ GITHUB_WORKSPACE: workspace, ...env })
  } finally {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
    Object.assign(process.env, saved)
  }
}
