import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { PROJECT_ROOT } from '../helpers/run-action.js'

describe('npm run demo', () => {
  test('runs verify, backup, rehearse, deploy and verify again on a throwaway database, then cleans up', () => {
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'demo.mjs')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      timeout: 120_000
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const out = r.stdout
    for (const marker of [
      '[STEP 1/3] Pre-deployment verification (read-only)',
      '[STEP 2/3] Creating production database backup',
      '[REHEARSAL] Rehearsing the migrations on a restored copy of the backup (production untouched)',
      '[STEP 3/3] Deploying database migrations'
    ]) {
      expect(out).toContain(marker)
    }
    expect(out).toMatch(/✓ migrations: 3 local, 1 applied, 2 pending/)
    expect(out).toMatch(/backup: \S+\.dump \(\d+ bytes, sha256 [0-9a-f]{16}…\)/)
    expect(out).toMatch(/rehearsal: restored in \d+ ms; 20250115093000_add_post_published \d+ ms, 20250201120000_add_comments \d+ ms; drift 0/)
    expect(out).toMatch(/✓ restore-proof: all 3 tables of the archive exist/)
    expect(out).toContain('applied: 2 ["20250115093000_add_post_published","20250201120000_add_comments"]')
    expect(out).toContain('pending after: 0')
    expect(out).toContain('Demo passed.')
    const tempDir = /backup: (\S+)\/backups\//.exec(out)?.[1]
    expect(tempDir).toBeTruthy()
    expect(spawnSync('test', ['-e', tempDir as string]).status).not.toBe(0)
  })
})

describe('npm run demo without PostgreSQL', () => {
  // Hiding the server binaries needs a private mount namespace: root and `unshare` (util-linux).
  const canHide = typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0 && spawnSync('test', ['-d', '/usr/lib/postgresql']).status === 0
  ;(canHide ? test : test.skip)('fails at once with a clear message naming the package to install', () => {
    const r = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs none /usr/lib/postgresql && exec "$0" "$1"', process.execPath, path.join(PROJECT_ROOT, 'scripts', 'demo.mjs')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      timeout: 60_000
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('needs the PostgreSQL server binaries')
    expect(r.stderr).toContain('apt-get install -y postgresql')
    expect(r.stdout).not.toContain('[STEP 1/3]')
  })
})
