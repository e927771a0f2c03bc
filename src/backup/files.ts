import { createHash } from 'node:crypto'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'

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
  const names = (await fs.readdir(dir, { recursive: true }))
    .map(n => String(n))
    .sort()
  const lines: string[] = []
  for (const name of names) {
    const full = path.join(dir, name)
    const stat = await fs.stat(full)
    if (!stat.isFile()) continue
    lines.push(`${await sha256File(full)}  ${stat.size}  ${name}`)
  }
  return createHash('sha256').update(lines.join('\n') + '\n').digest('hex')
}

/** Removes a file or folder; never throws. */
export async function removeQuietly(target: string): Promise<void> {
  await fs.rm(target, { recursive: true, force: true }).catch(() => {})
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}
