import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { PROJECT_ROOT } from '../helpers/run-action.js'

describe('npm run demo:restore', () => {
  test('a failed deploy undone: verify, backup (encrypted), deploy fails, restore, verify shows the same pending list', () => {
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'demo-restore.mjs')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      timeout: 180_000
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const out = r.stdout
    expect(out).toContain('[STEP 3/3] Deploying database migrations')
    expect(out).toContain('[RESTORE] Restoring the database from a verified backup')
    expect(out).toMatch(/after the failure: {2}tables Comment, Post, User, _prisma_migrations; "Post" columns id, title, content, authorId, published, publishedAt/)
    expect(out).toMatch(
      /after the restore: {2}tables Post, User, _prisma_migrations; "Post" columns id, title, content, authorId; pending \["20250115093000_add_post_published","20250201120000_add_comments","20250301000000_backfill_comment_counts"\]/
    )
    expect(out).toContain('restored migrations: ["20250101000000_init"]')
    expect(out).toContain('Demo passed.')
  }, 200_000)
})
