import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'
import { plaintextFolderProblem, workspaceOf } from '../paths.js'

/**
 * Where the action keeps its temporary files (the password file for pg_dump and pg_restore, the
 * restore's decrypted archive, the rehearsal server's data): the runner's per-job temp folder,
 * $RUNNER_TEMP, which the runner empties after every job even when the action was killed. Never
 * the system temp folder, which a killed run would leave a password file in for as long as the
 * machine lives (a self-hosted runner: for good).
 *
 * GitHub's runners keep RUNNER_TEMP beside the workspace (`<work>/_temp`), never inside it. A
 * runner configured with RUNNER_TEMP inside the workspace (directly or through a symbolic link) is
 * refused before anything is written there: every temporary file of the action holds a credential
 * or a plaintext copy of data, which a later step that uploads or caches the workspace would carry
 * off the runner. There is no fallback to another folder.
 */
export function runnerTempDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.RUNNER_TEMP
  if (!dir || !path.isAbsolute(dir)) {
    throw new ActionError(
      `RUNNER_TEMP is ${dir ? `not an absolute path ('${dir}')` : 'not set'}: the action keeps its temporary files (the database password file for pg_dump) only in the runner's per-job temp folder, never in the system temp folder.`,
      'Run the action on a GitHub Actions runner (it sets RUNNER_TEMP), or set RUNNER_TEMP to an absolute path of a private folder that is emptied after the job.'
    )
  }
  const problem = plaintextFolderProblem(workspaceOf(env), dir)
  if (problem) {
    throw new ActionError(
      `RUNNER_TEMP (${dir}) ${problem}: the action keeps its temporary files there (the database password file for pg_dump and pg_restore, a decrypted or restored copy of the database), and nothing that holds a credential or a plaintext copy of data may be written where a later step that uploads or caches the workspace would carry it off the runner. Nothing was written.`,
      "Run the job on a runner whose temp folder is outside the repository checkout (GitHub's runners use <work folder>/_temp, beside it); set RUNNER_TEMP to such a folder if the runner lets you."
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
