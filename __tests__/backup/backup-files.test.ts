import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { placeExclusive, fileError } from '../../src/backup/files.js'
import { writeManifest, type BackupManifest } from '../../src/backup/manifest.js'
import { backupName } from '../../src/phases/backup.js'
import { privateTempDir, runnerTempDir } from '../../src/process/temp-dir.js'

/**
 * The file operations the backup phase rests on, without a server: names unique per job, final
 * placement and the manifest that never replace a file, the temp folder under RUNNER_TEMP, and
 * file-system errors in words.
 */

let scratch: string
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-files-'))
})
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true })
})

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratch, prefix))
}

const MANIFEST: BackupManifest = {
  database: 'app',
  host: 'db.example',
  schema: 'public',
  serverVersion: '16.4',
  pgDumpVersion: '16.4',
  format: 'custom',
  file: 'app.dump',
  size: 1,
  sha256: 'a'.repeat(64),
  sha256Of: 'file',
  tables: 1,
  tablesWithData: 1,
  migrationsApplied: [],
  createdAt: new Date(0).toISOString(),
  durationMs: 1,
  verificationMs: 1,
  gitSha: null,
  runId: null,
  runAttempt: null,
  repository: null,
  encrypted: null
}

describe('backup names', () => {
  const env = { GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'backup tenants' }
  const now = new Date('2026-01-02T03:04:05.678Z')

  test('hold the run id, attempt and job, and differ for the same database name on another host, port, or in another call', () => {
    const a = backupName({ database: 'tenant', host: 'a.example', port: 5432 }, env, now)
    expect(a).toMatch(/^tenant_20260102T030405Z_run777-2_backup_tenants_[0-9a-f]{8}_[0-9a-f]{8}$/)
    const b = backupName({ database: 'tenant', host: 'b.example', port: 5432 }, env, now)
    const c = backupName({ database: 'tenant', host: 'a.example', port: 5433 }, env, now)
    const again = backupName({ database: 'tenant', host: 'a.example', port: 5432 }, env, now)
    expect(new Set([a, b, c, again]).size).toBe(4)
    // Same target, same random part: the same name (the parts are deterministic otherwise).
    expect(backupName({ database: 'tenant', host: 'a.example', port: 5432 }, env, now, 'feedf00d')).toBe(backupName({ database: 'tenant', host: 'a.example', port: 5432 }, env, now, 'feedf00d'))
  })

  test('are safe file names whatever the database, run and job names', () => {
    const name = backupName({ database: '../we ird/db', host: 'h', port: 1 }, { GITHUB_RUN_ID: '1/2', GITHUB_JOB: 'a/../b' }, now)
    expect(name).not.toContain('/')
    expect(name).toMatch(/^[A-Za-z0-9_.-]+$/)
  })
})

describe('placeExclusive', () => {
  test('a file gets its final name, the same inode, and the staging name is gone', () => {
    const dir = tempDir('place-')
    const src = path.join(dir, 'staged')
    fs.writeFileSync(src, 'mine')
    const ino = fs.statSync(src).ino
    placeExclusive(src, path.join(dir, 'final'))
    expect(fs.readFileSync(path.join(dir, 'final'), 'utf8')).toBe('mine')
    expect(fs.statSync(path.join(dir, 'final')).ino).toBe(ino)
    expect(fs.existsSync(src)).toBe(false)
  })

  test('never replaces an existing file: it fails with EEXIST and both files stay as they were', () => {
    const dir = tempDir('place-')
    fs.writeFileSync(path.join(dir, 'staged'), 'mine')
    fs.writeFileSync(path.join(dir, 'final'), 'theirs')
    expect(() => placeExclusive(path.join(dir, 'staged'), path.join(dir, 'final'))).toThrow(expect.objectContaining({ code: 'EEXIST' }))
    expect(fs.readFileSync(path.join(dir, 'final'), 'utf8')).toBe('theirs')
    expect(fs.readFileSync(path.join(dir, 'staged'), 'utf8')).toBe('mine')
  })

  test('a folder: moved whole; an existing folder of that name, even empty, is never replaced', () => {
    const dir = tempDir('place-')
    const src = path.join(dir, 'staged.dir')
    fs.mkdirSync(src)
    fs.writeFileSync(path.join(src, 'toc.dat'), 'toc')
    fs.mkdirSync(path.join(dir, 'taken.dir'))
    expect(() => placeExclusive(src, path.join(dir, 'taken.dir'))).toThrow(expect.objectContaining({ code: 'EEXIST' }))
    expect(fs.readdirSync(path.join(dir, 'taken.dir'))).toEqual([])
    expect(fs.readdirSync(src)).toEqual(['toc.dat'])
    placeExclusive(src, path.join(dir, 'final.dir'))
    expect(fs.readdirSync(path.join(dir, 'final.dir'))).toEqual(['toc.dat'])
    expect(fs.existsSync(src)).toBe(false)
  })
})

describe('writeManifest', () => {
  test('never replaces an existing file, and writes a new one 0600', async () => {
    const dir = tempDir('manifest-')
    const taken = path.join(dir, 'taken.manifest.json')
    fs.writeFileSync(taken, 'theirs')
    await expect(writeManifest(taken, MANIFEST)).rejects.toMatchObject({ code: 'EEXIST' })
    expect(fs.readFileSync(taken, 'utf8')).toBe('theirs')
    const fresh = path.join(dir, 'fresh.manifest.json')
    await writeManifest(fresh, MANIFEST)
    expect(JSON.parse(fs.readFileSync(fresh, 'utf8'))).toEqual(MANIFEST)
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o600)
  })
})

describe('fileError', () => {
  test('says what was done to which path, the cause in words and what to do; never a bare code', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    const e = fileError(enospc, 'Writing the manifest', '/backups/x.manifest.json')
    expect(e.message).toMatch(/^Writing the manifest \/backups\/x\.manifest\.json failed: no space left on its volume/)
    expect(e.fix).toMatch(/larger volume/)
    const eexist = fileError(Object.assign(new Error('EEXIST'), { code: 'EEXIST' }), 'Moving the verified backup to', '/backups/x.dump')
    expect(eexist.message).toContain('left untouched')
    expect(eexist.fix).toContain("'backup-dir'")
  })
})

describe('temporary files', () => {
  test('live in a new 0700 folder under RUNNER_TEMP; without RUNNER_TEMP the action refuses, naming it', async () => {
    const runnerTemp = tempDir('runner-temp-')
    const dir = await privateTempDir('db-deploy-pass-', { RUNNER_TEMP: runnerTemp })
    expect(path.dirname(dir)).toBe(runnerTemp)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
    expect(() => runnerTempDir({})).toThrow(/RUNNER_TEMP is not set/)
    expect(() => runnerTempDir({ RUNNER_TEMP: 'relative' })).toThrow(/not an absolute path/)
  })
})
