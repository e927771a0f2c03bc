import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeMigration } from '../test-support/fixtures.mjs'
import { embeddedServerBinDir } from '../test-support/pg-cluster.mjs'
import { runAction, startAction, errorOf, GUARDED_ENV, type RunResult } from './helpers/run-action.js'
import { useCluster, freshDatabase, tempProject, withoutPgEnv, type Project } from './helpers/suite.js'

/**
 * The rehearse phase (SPEC 6) end to end through dist/index.js against real servers: verify and
 * backup of a production database, then the pending migrations rehearsed on a copy restored from
 * the backup on a throwaway server that listens on a private Unix socket only.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const GROUP = '::group::[REHEARSAL] Rehearsing the migrations on a restored copy of the backup (production untouched)'

withoutPgEnv()
const pg = useCluster()
let scratch: string

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-test-'))
  // As root the rehearsal server runs as the `postgres` OS user, which must be able to pass through
  // the folders above its private folder (never list them).
  fs.chmodSync(scratch, 0o711)
})
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

/** A runner temp folder of its own for one run (the rehearsal's private folder goes in it). */
function runnerTemp(): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'rt-'))
  fs.chmodSync(dir, 0o711)
  return dir
}

interface Prod {
  db: string
  project: Project
  backupDir: string
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { ...GUARDED_ENV, PATH: STANDARD_PATH, HOME: scratch, RUNNER_TEMP: runnerTemp(), ...extra }
}

function phase(p: Prod, name: string, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<RunResult> {
  return runAction({
    workspace: p.project.root,
    env: env(extraEnv),
    inputs: {
      phase: name,
      'database-url': name === 'rehearse' ? '' : pg.cluster.url({ database: p.db }),
      migrator: 'builtin',
      'backup-dir': p.backupDir,
      ...inputs
    },
    timeoutMs: 180_000
  })
}

/** A production database with `base` deployed (builtin, through the action) and `data` run on it. */
async function production(base: { name: string; sql: string }[], data: string): Promise<Prod> {
  const project = tempProject({ migrations: base })
  const db = await freshDatabase(pg.cluster)
  const backupDir = path.join(fs.mkdtempSync(path.join(scratch, 'bk-')), 'backups')
  const p = { db, project, backupDir }
  const deployed = await phase(p, 'deploy')
  expect(deployed.code).toBe(0)
  if (data) await pg.cluster.query(data, [], db)
  return p
}

/** verify, then backup; both must pass. Returns the backup's path. */
async function verifyAndBackup(p: Prod): Promise<{ backupPath: string; pending: number }> {
  const v = await phase(p, 'verify')
  expect(v.code).toBe(0)
  const b = await phase(p, 'backup')
  if (b.code !== 0) throw new Error(b.stdout)
  return { backupPath: b.outputs['backup-path'] as string, pending: Number(v.outputs['pending-count']) }
}

/** Production's books and schema, to show the rehearsal did not change them. */
async function productionState(db: string): Promise<string> {
  const books = await pg.cluster.query('SELECT migration_name, finished_at IS NOT NULL AS done FROM _prisma_migrations ORDER BY started_at', [], db)
  const cols = await pg.cluster.query(
    `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    [],
    db
  )
  const idx = await pg.cluster.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`, [], db)
  const cons = await pg.cluster.query(`SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`, [], db)
  return JSON.stringify({ books, cols, idx, cons })
}

const BASE = [
  {
    name: '20240101000000_init',
    sql: `CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT, "name" TEXT);\nCREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "authorId" INTEGER, "title" TEXT NOT NULL);\n`
  }
]
const DATA = `INSERT INTO "User" (email, name) VALUES ('a@x', 'A'), ('a@x', NULL), ('b@x', 'B');
INSERT INTO "Post" ("authorId", title) VALUES (1, 'one'), (99, 'orphan');`

/** The four data-dependent failures: each succeeds on an empty database and fails on production's data. */
const FAILING: { what: string; name: string; sql: string; sqlstate: string; names: string[] }[] = [
  { what: 'a unique index over duplicate rows', name: '20240201000000_unique_email', sql: 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");', sqlstate: '23505', names: ['User_email_key'] },
  { what: 'SET NOT NULL over existing NULLs', name: '20240201000000_name_required', sql: 'ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;', sqlstate: '23502', names: ['User'] },
  {
    what: 'a foreign key over orphan rows',
    name: '20240201000000_post_author_fk',
    sql: 'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");',
    sqlstate: '23503',
    names: ['Post_authorId_fkey', 'Post']
  },
  { what: 'a required column added to a non-empty table', name: '20240201000000_user_role', sql: 'ALTER TABLE "User" ADD COLUMN "role" TEXT NOT NULL;', sqlstate: '23502', names: ['User'] }
]

describe('data-dependent failures are found on the restored copy, not on production', () => {
  test.each(FAILING)('$what ($sqlstate): verify and backup pass, rehearse fails naming the migration and the error; production unchanged', async f => {
    const p = await production(BASE, DATA)
    writeMigration(p.project.migrationsDir, { name: f.name, sql: f.sql })
    const { backupPath, pending } = await verifyAndBackup(p)
    expect(pending).toBe(1)
    const before = await productionState(p.db)
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
    const error = errorOf(r)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(GROUP)
    expect(error).toContain(`migration '${f.name}'`)
    expect(error).toContain(`SQLSTATE ${f.sqlstate}`)
    for (const n of f.names) expect(error).toContain(n)
    expect(error).toContain('Production was not touched')
    expect(await productionState(p.db)).toBe(before)
    // The throwaway server's folder is gone.
    expect(r.summary).toContain('rehearse: failed')
  }, 240_000)
})

describe('a clean rehearsal', () => {
  test('restore proven, durations reported, no drift; then deploy; then verify finds nothing pending', async () => {
    const p = await production(BASE, DATA)
    writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\nCREATE INDEX "User_name_idx" ON "User"("name");' })
    writeMigration(p.project.migrationsDir, { name: '20240202000000_add_slug', sql: 'ALTER TABLE "Post" ADD COLUMN "slug" TEXT;' })
    const { backupPath } = await verifyAndBackup(p)
    const temp = runnerTemp()
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath }, { RUNNER_TEMP: temp })
    if (r.code !== 0) throw new Error(r.stdout)
    expect(r.stdout).toContain(GROUP)
    const report = JSON.parse(r.outputs['rehearsal-report'] as string)
    expect(report.migrations.map((m: { name: string }) => m.name)).toEqual(['20240201000000_add_bio', '20240202000000_add_slug'])
    for (const m of report.migrations) expect(typeof m.durationMs).toBe('number')
    expect(report.restoreMs).toBeGreaterThan(0)
    expect(report.slowest.length).toBeGreaterThan(0)
    expect(r.outputs['drift-count']).toBe('0')
    expect(report.drift.checked).toBe(true)
    expect(r.stdout).toMatch(/restore-proof: all 3 tables of the archive exist; public\._prisma_migrations matches the manifest \(1 applied\)/)
    expect(r.stdout).toMatch(/listen_addresses=''/)
    expect(r.summary).toContain('20240201000000_add_bio')
    expect(r.summary).toContain('Production was not touched')
    // The private folder and everything in it is gone, and the post step has nothing to remove.
    expect(fs.readdirSync(temp).filter(n => n.startsWith('rehearsal-'))).toEqual([])
    expect(JSON.parse(r.state['created-paths'] ?? '[]').filter((e: { kind: string }) => e.kind === 'rehearsal-data')).toEqual([])

    const d = await phase(p, 'deploy', { 'backup-path': backupPath })
    expect(d.code).toBe(0)
    const v = await phase(p, 'verify')
    expect(v.code).toBe(0)
    expect(v.outputs['pending-count']).toBe('0')
  }, 240_000)
})
