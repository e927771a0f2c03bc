import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'

/**
 * Where the action keeps its temporary files (the password file for pg_dump and pg_restore):
 * the runner's per-job temp folder, $RUNNER_TEMP, which the runner empties after every job even
 * when the action was killed. Never the system temp folder, which a killed run would leave a
 * password file in for as long as the machine lives (a self-hosted runner: for good).
 */
export function runnerTempDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.RUNNER_TEMP
  if (!dir || !path.isAbsolute(dir)) {
    throw new ActionError(
      `RUNNER_TEMP is ${dir ? `not an absolute path ('${dir}')` : 'not set'}: the action keeps its temporary files (the database password file for pg_dump) only in the runner's per-job temp folder, never in the system temp folder.`,
      'Run the action on a GitHub Actions runner (it sets RUNNER_TEMP), or set RUNNER_TEMP to an absolute path of a private folder that is emptied after the job.'
    )
  }
  return dir
}

/** A new folder only the runner user can enter (0700), inside $RUNNER_TEMP; its name is unique. */
export async function privateTempDir(prefix: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const root = runnerTempDir(env)
  // mkdtemp creates the folder exclusively, with a random name and mode 0700.
  const dir = await fs.mkdtemp(path.join(root, prefix))
  await fs.chmod(dir, 0o700)
  return dir
}
