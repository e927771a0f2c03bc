/** The checks of input paths against the workspace: repository content stays inside it, plaintext dumps outside. */
import * as path from 'node:path'
import { InputError } from '../errors.js'
import { workspaceProblem, plaintextFolderProblem } from '../paths.js'
import { runnerTempDir } from '../process/temp-dir.js'
import type { Phase } from '../phases/table.js'

/**
 * Resolves `value` against `base` and refuses a result outside the workspace, also when a
 * symbolic link inside the workspace points outside it. Used for every path the action reads from
 * the repository, given or defaulted: working-directory, schema and migrations-dir.
 */
export function insideWorkspace(workspace: string, base: string, name: string, value: string, defaulted = false): string {
  const resolved = path.resolve(base, value)
  const fix = `Give a path inside the repository checkout (${'$'}GITHUB_WORKSPACE), e.g. 'prisma/schema.prisma' relative to 'working-directory'.`
  const shown = `'${value}'${defaulted ? ' (not set: its default, beside the schema)' : ''}`
  const problem = workspaceProblem(workspace, resolved)
  if (problem === 'outside') {
    throw new InputError(name, `points outside the workspace: ${shown}.`, fix)
  }
  if (problem === 'symlink-outside') {
    throw new InputError(name, `resolves through a symbolic link to a place outside the workspace: ${shown}.`, fix)
  }
  return resolved
}

/**
 * `backup-dir` (given, or its default $RUNNER_TEMP/db-backup), checked for the phases that write a
 * plaintext copy of the database: the backup folder (backup; restore, which backs up the current
 * state first) and $RUNNER_TEMP (backup, rehearse and restore keep their temporary files there; see
 * runnerTempDir) must be outside the workspace, also through symbolic links. Refused here, before
 * any connection, dump or file.
 */
export function plaintextFolders(phase: Phase, workspace: string, given: string, env: NodeJS.ProcessEnv): string {
  const backupDir = given ? path.resolve(workspace, given) : path.join(env.RUNNER_TEMP || path.join(workspace, '..', '_temp'), 'db-backup')
  if (phase !== 'backup' && phase !== 'rehearse' && phase !== 'restore') return backupDir
  // Checked here when set, so that the refusal comes before anything runs; unset, the phase is
  // refused where it first needs the folder (runnerTempDir).
  if (env.RUNNER_TEMP) runnerTempDir(env)
  if (phase === 'rehearse') return backupDir
  const problem = plaintextFolderProblem(workspace, backupDir)
  if (problem) {
    throw new InputError(
      'backup-dir',
      `${given ? `('${given}')` : `(not set: its default, ${backupDir})`} ${problem}: the plaintext dump of the database${phase === 'restore' ? ' (the backup the restore takes of the current state first)' : ''} would sit where a later step that uploads or caches the workspace (an artifact of '.', a cache, a container build context) could carry it off the runner. Nothing was dumped and no file was written.`,
      "Point 'backup-dir' at a folder outside the repository checkout, e.g. `backup-dir: ${{ runner.temp }}/db-backup` (the default when it is not set); only the encrypted .age file should leave the runner."
    )
  }
  return backupDir
}
