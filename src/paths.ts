import * as fs from 'node:fs'
import * as path from 'node:path'

/**
 * Paths the action reads from the repository: resolved inside the workspace, and still inside it
 * once every symbolic link on the way is followed. Folders where the action writes a plaintext copy
 * of data: outside it, the same way (plaintextFolderProblem).
 */

/** Whether `candidate` is `root` or below it. A name that merely starts with `..` (`..prisma`) is below. */
export function isWithin(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate)
  if (rel === '') return true
  if (path.isAbsolute(rel)) return false
  return rel !== '..' && !rel.startsWith(`..${path.sep}`)
}

/** realpath of the longest existing prefix of `p`, with the rest appended. */
export function realpathOfExisting(p: string): string {
  let current = p
  const rest: string[] = []
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest)
    } catch {
      const parent = path.dirname(current)
      if (parent === current) return p
      rest.unshift(path.basename(current))
      current = parent
    }
  }
}

export type PathProblem = 'outside' | 'symlink-outside'

/**
 * Why `p` is not inside `workspace`: lexically outside, or inside but reached through a symbolic
 * link that leads out of it. `undefined` when it is inside both ways.
 */
export function workspaceProblem(workspace: string, p: string): PathProblem | undefined {
  if (!isWithin(workspace, p)) return 'outside'
  if (!isWithin(realpathOfExisting(workspace), realpathOfExisting(p))) return 'symlink-outside'
  return undefined
}

/** The workspace as the action sees it: GITHUB_WORKSPACE, or the current folder without it. */
export function workspaceOf(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.GITHUB_WORKSPACE || process.cwd())
}

/**
 * Folders that hold a plaintext copy of the database (the backup folder, the restore's working
 * folder with the decrypted archive, the rehearsal server's data) or a credential (the password
 * file for pg_dump and pg_restore) must be outside the workspace: a later step of the job that
 * uploads or caches the workspace (an artifact of `.`, a cache of a build folder, a container build
 * context) would otherwise carry them off the runner. This is the one check of that rule: why
 * `folder` may not hold such a copy (inside the workspace as written, or once symbolic links on
 * either side are followed), or `undefined` when it may.
 */
export function plaintextFolderProblem(workspace: string, folder: string): string | undefined {
  if (isWithin(workspace, folder)) return `is inside the workspace (${workspace})`
  const realWorkspace = realpathOfExisting(workspace)
  const realFolder = realpathOfExisting(folder)
  if (isWithin(realWorkspace, realFolder)) {
    return `leads through a symbolic link into the workspace (${folder} is ${realFolder}, inside ${realWorkspace}${realWorkspace === workspace ? '' : `, which is the workspace ${workspace}`})`
  }
  return undefined
}
