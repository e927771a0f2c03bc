import * as io from '@actions/io'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError, errorMessage } from '../errors.js'
import { scrub } from '../secrets.js'
import { shellCommand } from '../shell-words.js'

/**
 * Makes `dir` ready for backups without touching what the action did not create:
 * - missing: created 0700 (missing parents too, through the umask), and said so;
 * - existing: used as it is, never chmod-ed; refused when it is not a folder, belongs to another
 *   user, or its group or other users may write in it (sticky or not: they could read names,
 *   plant files under names a backup will take, or remove backups).
 * `create` then makes the run's first object in it (the staging folder): the proof that it is writable.
 * Returns the step detail.
 */
export async function prepareBackupDir(dir: string, create: () => void): Promise<string> {
  const fix = "Set 'backup-dir' to a folder the runner user can create and write (default: $RUNNER_TEMP/db-backup)."
  let created = false
  // A private folder is only as safe as its parents: in a parent every user may write to without
  // the sticky bit, anyone can rename the folder away and put their own in its place. The parents
  // of the path as given and, through symbolic links, of the folder it really is are checked.
  const real = await fs.realpath(dir).catch(() => undefined)
  for (const start of real && real !== dir ? [dir, real] : [dir]) {
    for (let parent = path.dirname(start); ; parent = path.dirname(parent)) {
      const p = await fs.stat(parent).catch(() => undefined)
      if (p && p.mode & 0o002 && !(p.mode & 0o1000)) {
        throw new ActionError(
          `The backup folder ${dir} cannot be used: its parent folder ${parent}${start === dir ? '' : ` (where ${dir} leads through a symbolic link)`} is writable by every user and not sticky (mode ${(p.mode & 0o7777).toString(8).padStart(4, '0')}), so anyone could move the folder away and put a folder of their own in its place. The action never changes the mode of a folder it did not create.`,
          "Point 'backup-dir' at a folder whose parent folders only their owners can change (or leave it empty: $RUNNER_TEMP/db-backup)."
        )
      }
      if (path.dirname(parent) === parent) break
    }
  }
  try {
    // The umask (0077, set by the phase lifecycle before any phase works) makes every folder created here, parents included, 0700.
    await io.mkdirP(path.dirname(dir))
    try {
      await fs.mkdir(dir, { mode: 0o700 })
      created = true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  } catch (err) {
    throw new ActionError(`The backup folder ${dir} cannot be used: ${scrub(errorMessage(err))}.`, fix)
  }
  const stat = await fs.stat(dir).catch((err: unknown) => {
    throw new ActionError(`The backup folder ${dir} cannot be used: ${scrub(errorMessage(err))}.`, fix)
  })
  const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0')
  if (!stat.isDirectory()) throw new ActionError(`The backup folder ${dir} cannot be used: it exists and is not a folder.`, fix)
  if (!created) {
    const uid = process.getuid?.()
    if (uid !== undefined && stat.uid !== uid) {
      throw new ActionError(
        `The backup folder ${dir} cannot be used: it belongs to another user (uid ${stat.uid}, the runner runs as uid ${uid}), who could read, replace or remove backups in it. Its mode and owner are left as they are.`,
        "Leave 'backup-dir' empty ($RUNNER_TEMP/db-backup), or point it at a folder the runner user owns (or a new one, which the action creates 0700)."
      )
    }
    const writers = [stat.mode & 0o020 ? 'its group' : '', stat.mode & 0o002 ? 'other users' : ''].filter(Boolean).join(' and ')
    if (writers) {
      throw new ActionError(
        `The backup folder ${dir} cannot be used: it is writable by ${writers} (mode ${mode}${stat.mode & 0o1000 ? ', sticky' : ''}), who could create files or links under the names a backup takes${stat.mode & 0o1000 ? '' : ', or move and replace backups'}. The action never changes the mode of a folder it did not create.`,
        `${stat.mode & 0o1000 ? `Point 'backup-dir' at a new subfolder, e.g. ${path.join(dir, 'db-backup')} (the action creates it 0700; the sticky bit keeps others from moving it), or leave` : 'Leave'} 'backup-dir' empty ($RUNNER_TEMP/db-backup); or, if the folder is yours alone, remove the write bits yourself (\`${shellCommand(['chmod', 'go-w', dir])}\`).`
      )
    }
  }
  try {
    await fs.access(dir, fs.constants.W_OK | fs.constants.X_OK)
    create()
  } catch (err) {
    throw new ActionError(`The backup folder ${dir} cannot be used: ${scrub(errorMessage(err))}.`, fix)
  }
  return created ? `${dir} (created, mode ${mode})` : `${dir} (existing, mode ${mode}, left as it is)`
}
