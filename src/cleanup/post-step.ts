import { readCreated, removeCreated, type CreatedPath } from './created-paths.js'
import { errorMessage } from '../errors.js'
import { info, warning } from '../log.js'

/**
 * The action's post step (`runs.post`): at the end of the job, removes what the main step
 * recorded as created and not to be kept: a plaintext backup (the encrypted copy and the manifest of
 * a finished backup stay), every file of a backup that did not finish (its staging folder, and
 * whatever of it had been given its final name), a rehearsal's data folder left behind by a killed
 * run. It removes only the object the main step created (same device, inode and creation time, not
 * a symbolic link) or the empty reservation of a name it was about to take; anything else is left
 * alone with a warning. A failure to remove is a warning naming the path: the post step never
 * fails the job.
 */
export interface PostResult {
  removed: string[]
  kept: string[]
  skipped: string[]
}

const WHAT: Record<CreatedPath['kind'], string> = {
  'plaintext-backup': 'plaintext backup',
  'encrypted-backup': 'encrypted file of an unfinished backup',
  'backup-manifest': 'manifest of an unfinished backup',
  'rehearsal-data': "rehearsal server's data folder"
}

export async function runPost(env: NodeJS.ProcessEnv = process.env): Promise<PostResult> {
  const result: PostResult = { removed: [], kept: [], skipped: [] }
  let entries: CreatedPath[]
  try {
    entries = readCreated(env)
  } catch (err) {
    warning(`The post step could not read what the main step created (${errorMessage(err)}); nothing was removed.`)
    return result
  }
  for (const entry of entries) {
    const what = WHAT[entry.kind] ?? entry.kind
    if (entry.keep) {
      info(`Kept the ${what} ${entry.path} (keep-plaintext-backup: true). It holds production data in clear: remove it when done.`)
      result.kept.push(entry.path)
      continue
    }
    try {
      const outcome = await removeCreated(entry)
      if (outcome === 'gone') {
        info(`The ${what} ${entry.path} is already gone.`)
      } else if (outcome === 'other') {
        warning(`${entry.path} is no longer the ${what} this job created (it was replaced since); it was left untouched.`)
        result.skipped.push(entry.path)
      } else {
        info(`Removed the ${what} ${entry.path}.`)
        result.removed.push(entry.path)
      }
    } catch (err) {
      warning(
        `Could not remove the ${what} ${entry.path}: ${errorMessage(err)}. Remove it by hand${entry.kind === 'plaintext-backup' || entry.kind === 'rehearsal-data' ? ': it holds production data in clear' : ''}.`
      )
      result.skipped.push(entry.path)
    }
  }
  return result
}
