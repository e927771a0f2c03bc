import * as fsSync from 'node:fs'
import { ActionError, errorMessage } from '../errors.js'
import { recordIntent, forgetCreated, createdEntry, judgeCreated, removeCreated, type CreatedKind } from '../cleanup/created-paths.js'
import { removeQuietly, placeExclusive, identityOfStat, fileError } from './files.js'
import { warning } from '../log.js'
import { scrub } from '../secrets.js'

/**
 * Where a backup's files are while they are made, and how they get their final names: a private
 * staging folder that only this run can have created, whose finished files are moved to their final
 * names without replacing anything, every path recorded for the post step before it exists.
 */
export interface BackupFiles {
  /**
   * The paths of this backup recorded for the post step (see recordIntent) and not yet a finished
   * backup: on failure and cancellation, what is still this run's object at each is removed.
   */
  unfinished: string[]
  /** Other temporary paths (the password file's folder), removed on failure and cancellation. */
  partials: Set<string>
}

/** The backup's files, removed by a cleanup (registered with `onCleanup`) on failure and cancellation. */
export function trackBackupFiles(onCleanup: (fn: () => Promise<void>) => unknown): BackupFiles {
  const files: BackupFiles = { unfinished: [], partials: new Set() }
  onCleanup(async () => {
    for (const p of files.partials) await removeQuietly(p)
    for (const p of files.unfinished.splice(0).reverse()) {
      const entry = createdEntry(p)
      if (!entry) continue
      try {
        await removeCreated(entry)
        forgetCreated(p)
      } catch (err) {
        // Left recorded: the post step tries again at the end of the job.
        warning(`Could not remove ${p}: ${scrub(errorMessage(err))}. The post step tries again at the end of the job.`)
      }
    }
  })
  return files
}

/**
 * Creates the staging folder (0700), recorded for the post step before it exists: if the action is
 * killed (SIGKILL) and no cleanup runs, the post step still removes the staging folder and the
 * plaintext it holds at the end of the job.
 */
export function createStaging(files: BackupFiles, staging: string): void {
  recordIntent(staging, 'plaintext-backup', { reservation: 'folder' })
  files.unfinished.push(staging)
  try {
    fsSync.mkdirSync(staging, { mode: 0o700 })
  } catch (err) {
    files.unfinished.pop()
    forgetCreated(staging)
    throw err
  }
  recordIntent(staging, 'plaintext-backup', { like: staging, reservation: 'folder' })
}

/**
 * Gives a finished file or folder of the staging folder its final name, recorded for the post
 * step (with the identity it keeps there) before it is moved, without ever replacing anything
 * (placeExclusive). Synchronous: the signal handler cannot run in the middle of it, and a run
 * already cancelled places nothing. `verified` is the identity the staged object must have.
 */
export function place(files: BackupFiles, cancelled: () => boolean, staged: string, dest: string, kind: CreatedKind, what: string, verified?: string): void {
  const { unfinished } = files
  if (cancelled()) throw new Error('The run was cancelled before its files were placed.')
  let stat: fsSync.Stats
  try {
    stat = fsSync.lstatSync(staged)
  } catch (err) {
    throw fileError(err, `Moving the ${what} to`, dest)
  }
  if (verified !== undefined && identityOfStat(stat) !== verified) {
    throw new ActionError(
      `The ${what} in the staging folder is not the one that was verified; this run's backup was not kept.`,
      "Give this job a 'backup-dir' that no other process writes to, then run the backup again."
    )
  }
  recordIntent(dest, kind, { like: staged, reservation: stat.isDirectory() ? 'folder' : 'file' })
  unfinished.push(dest)
  const notOurs = (): void => {
    unfinished.splice(unfinished.indexOf(dest), 1)
    forgetCreated(dest)
  }
  try {
    placeExclusive(staged, dest)
  } catch (err) {
    notOurs() // nothing of this run is at `dest`: whatever holds the name is left alone
    throw fileError(err, `Moving the ${what} to`, dest)
  }
  // The object at the final name must be the one staged (and, for the archive, hashed and verified).
  const entry = createdEntry(dest)
  const now = fsSync.lstatSync(dest, { throwIfNoEntry: false })
  if (!entry || !now || judgeCreated(entry, now) !== 'object') {
    notOurs()
    throw new ActionError(
      `The object now at ${dest} is not the ${what} that was ${verified === undefined ? 'written' : 'verified'}: something replaced it right after it was placed. It is left untouched, and this run's backup was not kept.`,
      "Give this job a 'backup-dir' that no other process writes to, then run the backup again."
    )
  }
}
