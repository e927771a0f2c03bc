import { afterAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createHash } from 'node:crypto'
import { manifestPathFor, readManifest } from '../../src/archive/manifest-file.js'
import { checkArchiveDigest } from '../../src/archive/open.js'
import type { BackupManifest } from '../../src/backup/manifest.js'

/** Reading a backup back, the parts that need no server: the manifest beside it and the sha256 proof. */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-files-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const FIX = 'where the manifest comes from'

function write(name: string, content: string): string {
  const file = path.join(scratch, name)
  fs.writeFileSync(file, content)
  return file
}

const complete = {
  database: 'app',
  serverVersion: '16.4',
  pgDumpVersion: '16.4',
  format: 'custom',
  file: 'db_a.dump',
  sha256: '0'.repeat(64),
  tables: 3,
  migrationsApplied: ['20240101000000_init']
}

describe('readManifest', () => {
  test('a manifest beside each form of a backup, a directory with a trailing slash too', () => {
    for (const name of ['db_x.dump', 'db_x.dump.age', 'db_x.dir', 'db_x.dir/', 'db_x.dir.tar.age']) expect(manifestPathFor(`/b/${name}`)).toBe('/b/db_x.manifest.json')
  })

  test('a complete manifest is read', async () => {
    const file = write('ok.manifest.json', JSON.stringify(complete))
    await expect(readManifest(file, FIX)).resolves.toMatchObject({ database: 'app', format: 'custom' })
  })

  test("an absent manifest: named, with its error code and the caller's fix", async () => {
    const err = await readManifest(path.join(scratch, 'none.manifest.json'), FIX).catch((e: Error & { fix?: string }) => e)
    expect((err as Error).message).toMatch(/manifest \S+none\.manifest\.json cannot be read \(ENOENT\): without it the archive cannot be checked/)
    expect((err as { fix?: string }).fix).toBe(FIX)
  })

  test('every missing, mistyped or unknown field is named', async () => {
    const { database: _d, pgDumpVersion: _p, ...rest } = complete
    const file = write('bad.manifest.json', JSON.stringify({ ...rest, sha256: 42, format: 'tar', migrationsApplied: 'x' }))
    await expect(readManifest(file, FIX)).rejects.toThrow(
      /is incomplete or malformed \(missing: database, pgDumpVersion; not text: sha256; migrationsApplied is not a list; format 'tar' is neither custom nor directory\)/
    )
  })
})

describe('checkArchiveDigest', () => {
  const archive = write('db_a.dump', 'archive bytes')
  const sha256 = createHash('sha256').update('archive bytes').digest('hex')
  const manifest = { ...complete, sha256 } as unknown as BackupManifest

  test('the archive the manifest describes: its sha256', async () => {
    await expect(checkArchiveDigest(archive, manifest)).resolves.toBe(sha256)
  })

  test("another name than the manifest's is refused before it is read", async () => {
    const other = write('db_b.dump', 'archive bytes')
    await expect(checkArchiveDigest(other, manifest)).rejects.toThrow(/db_b\.dump is not the backup its manifest describes \(db_a\.dump\)/)
  })

  test('a changed archive: both digests in full', async () => {
    await expect(checkArchiveDigest(archive, { ...manifest, sha256: 'f'.repeat(64) })).rejects.toThrow(
      new RegExp(`does not match its manifest: sha256 differs, it is not the archive the backup verified: its sha256 is ${sha256}, the manifest records f{64}`)
    )
  })
})
