import { afterAll, beforeAll, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeMigration } from '../../test-support/fixtures.mjs'
import { makePrismaProject, prismaEnv } from '../../test-support/prisma-project.mjs'
import { runAction, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase } from '../helpers/suite.js'

/**
 * A first deploy rehearsed with the real Prisma CLI 7: production has no table yet (no books
 * either), so the copy the lock watch starts on is empty and the CLI creates the books during the
 * batch. The forecast holds each migration's own locks, never the books'.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const pg = useCluster()
let scratch: string

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-forecast-first-'))
  fs.chmodSync(scratch, 0o711)
})
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

const MIGRATIONS = [
  { name: '20240101000000_init', sql: 'CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL);\n' },
  { name: '20240102000000_fill', sql: 'INSERT INTO "Post" ("title") SELECT md5(g::text) FROM generate_series(1, 200000) g;\nCREATE INDEX "Post_title_idx" ON "Post"("title");\n' }
]

test('an empty production: rehearsed with prisma migrate deploy, each migration its own locks, the books none, production untouched', async () => {
  const project = makePrismaProject({ major: 7, migrations: [] })
  try {
    for (const m of MIGRATIONS) writeMigration(project.migrationsDir, m)
    const db = await freshDatabase(pg.cluster)
    const backupDir = path.join(fs.mkdtempSync(path.join(scratch, 'bk-')), 'backups')
    const runnerTemp = (): string => {
      const dir = fs.mkdtempSync(path.join(scratch, 'rt-'))
      fs.chmodSync(dir, 0o711)
      return dir
    }
    const phase = (name: string, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<RunResult> =>
      runAction({
        workspace: project.root,
        env: { ...GUARDED_ENV, PATH: STANDARD_PATH, HOME: scratch, RUNNER_TEMP: runnerTemp(), ...extraEnv },
        inputs: { phase: name, 'database-url': name === 'rehearse' ? '' : pg.cluster.url({ database: db }), migrator: 'prisma', 'backup-dir': backupDir, ...inputs },
        timeoutMs: 180_000
      })
    const b = await phase('backup')
    if (b.code !== 0) throw new Error(b.stdout)
    const r = await phase('rehearse', { 'backup-path': b.outputs['backup-path'], drift: 'ignore' }, { ...prismaEnv(7), PATH: [path.dirname(process.execPath), STANDARD_PATH].join(path.delimiter) })
    if (r.code !== 0) throw new Error(r.stdout)
    const forecast = JSON.parse(r.outputs['lock-forecast']) as { migrations: { migration: string; locks: { table: string; mode: string; existedBefore: boolean; blocks: string[] }[] }[] }
    expect(forecast.migrations.map(m => m.migration)).toEqual(MIGRATIONS.map(m => m.name))
    const locks = forecast.migrations.flatMap(m => m.locks)
    expect(locks.some(l => l.table.includes('_prisma_migrations'))).toBe(false)
    expect(forecast.migrations[1]?.locks.filter(l => l.table === 'public.Post').map(l => l.mode)).toContain('SHARE')
    for (const l of locks) expect(l).toMatchObject({ existedBefore: false, blocks: [] })
    // Production still has no table.
    expect((await pg.cluster.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'", [], db))[0]).toEqual({ n: 0 })
  } finally {
    project.cleanup()
  }
}, 300_000)
