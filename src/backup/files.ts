import { createHash } from 'node:crypto'
import * as fsSync from 'node:fs'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import * as io from '@actions/io'
import { ActionError, errorMessage } from '../errors.js'
import { scrub } from '../secrets.js'

/** Size of a file, or the sum of the files in a folder (directory-format dumps). 0 when missing. */
export async function sizeOf(target: string): Promise<number> {
  try {
    const stat = await fs.stat(target)
    if (!stat.isDirectory()) return stat.size
    let total = 0
    for (const name of await fs.readdir(target)) total += await sizeOf(path.join(target, name))
    return total
  } catch {
    return 0
  }
}

/** sha256 of a file, read through one reused 1 MiB buffer: memory stays flat whatever the size. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(1 << 20)
  const handle = await fs.open(file, 'r')
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}

/**
 * sha256 of a directory-format dump: of a stable manifest, one line per file (sorted by name):
 * `<sha256>  <size>  <relative path>`.
 */
export async function sha256Directory(dir: string): Promise<string> {
  const names = (await fs.readdir(dir, { recursive: true })).map(n => String(n)).sort()
  const lines: string[] = []
  for (const name of names) {
    const full = path.join(dir, name)
    const stat = await fs.stat(full)
    if (!stat.isFile()) continue
    lines.push(`${await sha256File(full)}  ${stat.size}  ${name}`)
  }
  return createHash('sha256')
    .update(lines.join('\n') + '\n')
    .digest('hex')
}

/** Removes a file or folder; never throws. */
export async function removeQuietly(target: string): Promise<void> {
  await io.rmRF(target).catch(() => {})
}

/** Which file system object a path is: device and inode, to prove the kept file is the one hashed. */
export async function identityOf(target: string): Promise<string> {
  return identityOfStat(await fs.lstat(target))
}

/** The identity (see identityOf) of the object `stat` describes. */
export function identityOfStat(stat: { dev: number; ino: number }): string {
  return `${stat.dev}:${stat.ino}`
}

/**
 * Moves a finished file or folder from its private staging place to `dest` without ever
 * replacing anything at `dest`, whoever created it and whenever:
 * - a file is hard-linked (link(2) fails with EEXIST when the name exists), then its staging name
 *   unlinked; where the file system has no hard links, `dest` is first created exclusively
 *   (O_EXCL) and the file renamed onto that reservation, which only its creator does;
 * - a folder: `dest` is created exclusively (mkdir fails with EEXIST), then the folder renamed onto
 *   that empty reservation (rename fails with ENOTEMPTY if anything was put into it meanwhile).
 * The object at `dest` is afterwards the very one that was at `src` (same inode). Synchronous on
 * purpose: a few metadata calls, during which no signal handler of the action can run.
 */
export function placeExclusive(src: string, dest: string): void {
  const stat = fsSync.lstatSync(src)
  if (stat.isDirectory()) {
    fsSync.mkdirSync(dest, { mode: 0o700 })
    try {
      fsSync.renameSync(src, dest)
    } catch (err) {
      try {
        fsSync.rmdirSync(dest)
      } catch {
        // left as it is: not empty, so not the reservation any more
      }
      throw err
    }
    return
  }
  try {
    fsSync.linkSync(src, dest)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err
    fsSync.closeSync(fsSync.openSync(dest, 'wx', 0o600))
    try {
      fsSync.renameSync(src, dest)
    } catch (renameErr) {
      const now = fsSync.lstatSync(dest, { throwIfNoEntry: false })
      if (now?.isFile() && now.size === 0) fsSync.unlinkSync(dest)
      throw renameErr
    }
    return
  }
  fsSync.unlinkSync(src)
}

/**
 * An error of the file system while handling a backup file, as an ActionError: what was being
 * done, to which path, the cause in words, and what to do.
 */
export function fileError(err: unknown, doing: string, target: string): ActionError {
  if (err instanceof ActionError) return err
  const code = (err as NodeJS.ErrnoException).code
  const failed = `${doing} ${target} failed`
  const removed = 'the backup was not kept and its files were removed'
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ActionError(
        `${failed}: no space left on its volume (${code === 'EDQUOT' ? 'disk quota exceeded' : 'the volume is full'}); ${removed}.`,
        "Free space on that volume or point 'backup-dir' at a larger volume, then run the backup again. Do not deploy without a verified backup."
      )
    case 'EFBIG':
      return new ActionError(
        `${failed}: the file grew past the size limit of the process or the file system (EFBIG); ${removed}.`,
        "Raise the file-size limit (ulimit -f) of the runner or point 'backup-dir' at a file system that takes large files, then run the backup again."
      )
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ActionError(
        `${failed}: ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'} (${code}); ${removed}.`,
        "Point 'backup-dir' at a folder the runner user owns and can write, then run the backup again."
      )
    case 'EEXIST':
    case 'ENOTEMPTY':
      return new ActionError(
        `${failed}: something with that name appeared meanwhile (${code}); it was left untouched, and this run's backup was not kept.`,
        "Another run writes into the same 'backup-dir' with the same name: give each job its own 'backup-dir', then run the backup again."
      )
    default:
      return new ActionError(`${failed}: ${scrub(errorMessage(err))}; ${removed}.`, 'Fix the cause above, then run the backup again. Do not deploy without a verified backup.')
  }
}

/** Runs a file operation of the backup; a failure becomes an ActionError naming what, where and why (fileError). */
export async function fileStep<T>(doing: string, target: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw fileError(err, doing, target)
  }
}

/** Gives `target` mode 0600 (a file), or 0700 and the same to everything in it (a folder). */
export async function restrictModes(target: string): Promise<void> {
  const stat = await fs.stat(target)
  if (!stat.isDirectory()) {
    await fs.chmod(target, 0o600)
    return
  }
  await fs.chmod(target, 0o700)
  for (const name of await fs.readdir(target)) await restrictModes(path.join(target, name))
}
