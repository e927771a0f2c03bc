import * as core from '@actions/core'
import * as fs from 'node:fs'

/**
 * What the main step created that must not outlive the job (a plaintext backup, the files of a
 * backup that did not finish, a rehearsal's data folder), recorded in the step's state
 * (GITHUB_STATE) for the post step. Each entry carries the device, inode and creation time of the
 * object, so the post step removes that object and never another one that took its name (and, as
 * file systems do, its inode number) since.
 *
 * A path is recorded before the object is created or moved there (`recordIntent`): whenever the
 * action is killed, every object of its own it leaves is already in the state. Such an entry
 * carries the identity the object will have (a staged file keeps its inode when it is linked or
 * renamed to its final name) or none, and may allow a reservation: the empty file or folder made
 * at the name just before the object is renamed onto it.
 */
export type CreatedKind = 'plaintext-backup' | 'encrypted-backup' | 'backup-manifest' | 'rehearsal-data'

export interface CreatedPath {
  path: string
  kind: CreatedKind
  /** Device and inode of the object; absent while the object is still to be created (no identity yet). */
  dev?: number
  ino?: number
  /** Creation time (statx), 0 where the file system does not keep it: an inode number is reused at once. */
  birthtimeMs: number
  /** Kept at the end of the job (e.g. `keep-plaintext-backup: true`): listed, not removed. */
  keep: boolean
  /** An empty file or folder of the runner user at the path may be the action's reservation of the name. */
  reservation?: 'file' | 'folder'
}

export const CREATED_PATHS_STATE = 'created-paths'

const recorded: CreatedPath[] = []

function save(): void {
  core.saveState(CREATED_PATHS_STATE, JSON.stringify(recorded))
}

function put(entry: CreatedPath): void {
  const at = recorded.findIndex(e => e.path === entry.path)
  if (at >= 0) recorded[at] = entry
  else recorded.push(entry)
}

/** Records `p` (which must exist) for the post step. */
export async function recordCreated(p: string, kind: CreatedKind, keep: boolean): Promise<void> {
  const stat = await fs.promises.lstat(p)
  put({ path: p, kind, dev: stat.dev, ino: stat.ino, birthtimeMs: stat.birthtimeMs, keep })
  save()
}

/**
 * Records `p` before anything is created or moved there: with the identity of `like` (the staged
 * object that will be given the name `p`), or with no identity (a folder about to be made); and
 * whether an empty `reservation` at `p` is the action's own. Synchronous: one state write.
 */
export function recordIntent(p: string, kind: CreatedKind, o: { like?: string; reservation?: 'file' | 'folder' } = {}): void {
  const stat = o.like === undefined ? undefined : fs.lstatSync(o.like)
  put({
    path: p,
    kind,
    ...(stat ? { dev: stat.dev, ino: stat.ino } : {}),
    birthtimeMs: stat?.birthtimeMs ?? 0,
    keep: false,
    ...(o.reservation ? { reservation: o.reservation } : {})
  })
  save()
}

/** Forgets `p` (removed by the main step itself, or not the action's). */
export function forgetCreated(p: string): void {
  settleCreated({ forget: [p] })
}

/**
 * Several changes in one state write, so that a kill leaves the state as it was before or after
 * all of them: entries forgotten (a finished backup's files are not to be removed) and whether
 * entries are kept at the end of the job.
 */
export function settleCreated(o: { forget?: readonly string[]; keep?: Readonly<Record<string, boolean>> }): void {
  let changed = false
  for (const p of o.forget ?? []) {
    const at = recorded.findIndex(e => e.path === p)
    if (at < 0) continue
    recorded.splice(at, 1)
    changed = true
  }
  for (const [p, keep] of Object.entries(o.keep ?? {})) {
    const entry = recorded.find(e => e.path === p)
    if (!entry || entry.keep === keep) continue
    entry.keep = keep
    changed = true
  }
  if (changed) save()
}

/** The entry recorded for `p` in this process, if any. */
export function createdEntry(p: string): CreatedPath | undefined {
  return recorded.find(e => e.path === p)
}

/** The entries the main step recorded, as the post step reads them back from its state. */
export function readCreated(env: NodeJS.ProcessEnv = process.env): CreatedPath[] {
  const raw = env[`STATE_${CREATED_PATHS_STATE}`] ?? ''
  if (raw.trim() === '') return []
  const parsed: unknown = JSON.parse(raw)
  if (!Array.isArray(parsed)) return []
  const entries: unknown[] = parsed
  return entries
    .filter((e): e is CreatedPath => typeof e === 'object' && e !== null && 'path' in e && typeof e.path === 'string' && 'kind' in e && typeof e.kind === 'string')
    .map(e => {
      const identified = typeof e.dev === 'number' && typeof e.ino === 'number'
      return {
        path: e.path,
        kind: e.kind,
        ...(identified ? { dev: e.dev, ino: e.ino } : {}),
        birthtimeMs: typeof e.birthtimeMs === 'number' ? e.birthtimeMs : 0,
        keep: e.keep === true,
        ...(e.reservation === 'file' || e.reservation === 'folder' ? { reservation: e.reservation } : {})
      }
    })
}

/**
 * Whether the object `stat` describes, at the entry's path, is the one the entry records:
 * - `object`: the very object (same device, inode and creation time; never a symbolic link);
 * - `reservation`: an empty file or folder of the runner user where the entry allows one;
 * - `other`: anything else, never removed.
 */
export function judgeCreated(entry: CreatedPath, stat: fs.Stats): 'object' | 'reservation' | 'other' {
  if (stat.isSymbolicLink()) return 'other'
  if (entry.dev !== undefined && entry.ino !== undefined) {
    const reborn = entry.birthtimeMs !== 0 && stat.birthtimeMs !== 0 && stat.birthtimeMs !== entry.birthtimeMs
    if (stat.dev === entry.dev && stat.ino === entry.ino && !reborn) return 'object'
  }
  const uid = process.getuid?.()
  if (uid !== undefined && stat.uid !== uid) return 'other'
  if (entry.reservation === 'file' && stat.isFile() && stat.size === 0) return 'reservation'
  if (entry.reservation === 'folder' && stat.isDirectory() && fs.readdirSync(entry.path).length === 0) return 'reservation'
  return 'other'
}

/**
 * Removes what the entry records, if it is still there and is the action's (see judgeCreated): the
 * object whole, or an empty reservation (which is removed only while empty). Never follows a link.
 */
export async function removeCreated(entry: CreatedPath): Promise<'removed' | 'gone' | 'other'> {
  let stat: fs.Stats
  try {
    stat = await fs.promises.lstat(entry.path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
    throw err
  }
  const verdict = judgeCreated(entry, stat)
  if (verdict === 'other') return 'other'
  if (verdict === 'object') await fs.promises.rm(entry.path, { recursive: true, force: false })
  else if (stat.isDirectory()) await fs.promises.rmdir(entry.path)
  else await fs.promises.unlink(entry.path)
  return 'removed'
}
