import * as core from '@actions/core'
import * as fs from 'node:fs/promises'

/**
 * What the main step created that must not outlive the job (a plaintext backup, a rehearsal's data
 * folder), recorded in the step's state (GITHUB_STATE) for the post step. Each entry carries the
 * device, inode and creation time it had when it was recorded, so the post step removes that
 * object and never another one that took its name (and, as file systems do, its inode number) since.
 */
export type CreatedKind = 'plaintext-backup' | 'rehearsal-data'

export interface CreatedPath {
  path: string
  kind: CreatedKind
  dev: number
  ino: number
  /** Creation time (statx), 0 where the file system does not keep it: an inode number is reused at once. */
  birthtimeMs: number
  /** Kept at the end of the job (e.g. `keep-plaintext-backup: true`): listed, not removed. */
  keep: boolean
}

export const CREATED_PATHS_STATE = 'created-paths'

const recorded: CreatedPath[] = []

/** Records `p` (which must exist) for the post step. */
export async function recordCreated(p: string, kind: CreatedKind, keep: boolean): Promise<void> {
  const stat = await fs.lstat(p)
  const entry: CreatedPath = { path: p, kind, dev: stat.dev, ino: stat.ino, birthtimeMs: stat.birthtimeMs, keep }
  const at = recorded.findIndex(e => e.path === p)
  if (at >= 0) recorded[at] = entry
  else recorded.push(entry)
  core.saveState(CREATED_PATHS_STATE, JSON.stringify(recorded))
}

/** Forgets `p` (removed by the main step itself). */
export function forgetCreated(p: string): void {
  const at = recorded.findIndex(e => e.path === p)
  if (at < 0) return
  recorded.splice(at, 1)
  core.saveState(CREATED_PATHS_STATE, JSON.stringify(recorded))
}

/** The entries the main step recorded, as the post step reads them back from its state. */
export function readCreated(env: NodeJS.ProcessEnv = process.env): CreatedPath[] {
  const raw = env[`STATE_${CREATED_PATHS_STATE}`] ?? ''
  if (raw.trim() === '') return []
  const parsed: unknown = JSON.parse(raw)
  if (!Array.isArray(parsed)) return []
  return parsed.filter(
    (e): e is CreatedPath =>
      typeof e === 'object' && e !== null && typeof e.path === 'string' && typeof e.kind === 'string' && typeof e.dev === 'number' && typeof e.ino === 'number'
  ).map(e => ({ ...e, birthtimeMs: typeof e.birthtimeMs === 'number' ? e.birthtimeMs : 0, keep: e.keep === true }))
}
