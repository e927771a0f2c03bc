import * as fs from 'node:fs'
import * as path from 'node:path'

/**
 * Paths the action reads from the repository (SPEC 10): resolved inside the workspace, and still
 * inside it once every symbolic link on the way is followed.
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
