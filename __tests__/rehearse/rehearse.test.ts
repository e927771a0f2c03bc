import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeMigration } from '../../test-support/fixtures.mjs'
import { makePrismaProject, prismaEnv } from '../../test-support/prisma-project.mjs'
import { embeddedServerBinDir, startCluster, type Cluster } from '../../test-support/pg-cluster.mjs'
import { runAction, startAction, runPostStep, errorOf, parseOutputFile, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase, tempProject, type Project } from '../helpers/suite.js'
import { manifestPathFor } from '../../src/archive/manifest-file.js'

/**
 * The rehearse phase (SPEC 6) end to end through dist/index.js against real servers: verify and
 * backup of a production database, then the pending migrations rehearsed on a copy restored from
 * the backup on a throwaway server that listens on a private Unix socket only.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const GROUP = '::group::[REHEARSAL] Rehearsing the migrations on a restored copy of the backup (production untouched)'

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
  cluster?: Cluster
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
      'database-url': name === 'rehearse' ? '' : (p.cluster ?? pg.cluster).url({ database: p.db }),
      migrator: 'builtin',
      'backup-dir': p.backupDir,
      ...inputs
    },
    timeoutMs: 180_000
  })
}

/** A production database with `base` deployed (builtin, through the action) and `data` run on it. */
async function production(base: { name: string; sql: string }[], data: string, cluster?: Cluster, project: Project = tempProject({ migrations: base })): Promise<Prod> {
  const db = await freshDatabase(cluster ?? pg.cluster)
  const backupDir = path.join(fs.mkdtempSync(path.join(scratch, 'bk-')), 'backups')
  const p = { cluster, db, project, backupDir }
  const deployed = await phase(p, 'deploy')
  expect(deployed.code).toBe(0)
  if (data) await (cluster ?? pg.cluster).query(data, [], db)
  return p
}

/** verify, then backup; both must pass. Returns the backup's path. */
async function verifyAndBackup(p: Prod): Promise<{ backupPath: string; pending: number }> {
  // The risk check may flag what the rehearsal proves (e.g. a required column on a non-empty table):
  // reported, not failing, so that the rehearsal is what stops these deploys here.
  const v = await phase(p, 'verify', { 'risk-fail-level': 'none' })
  expect(v.code).toBe(0)
  const b = await phase(p, 'backup')
  if (b.code !== 0) throw new Error(b.stdout)
  return { backupPath: b.outputs['backup-path'], pending: Number(v.outputs['pending-count']) }
}

/** Production's books and schema, to show the rehearsal did not change them. */
async function productionState(db: string): Promise<string> {
  const books = await pg.cluster.query('SELECT migration_name, finished_at IS NOT NULL AS done FROM _prisma_migrations ORDER BY started_at', [], db)
  const cols = await pg.cluster.query(`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`, [], db)
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
  test.each(FAILING)(
    '$what ($sqlstate): verify and backup pass, rehearse fails naming the migration and the error; production unchanged',
    async f => {
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
      if (process.env.SHOW_ERRORS) console.log(error)
      for (const n of f.names) expect(error).toContain(n)
      expect(error).toContain('Production was not touched')
      expect(await productionState(p.db)).toBe(before)
      // The throwaway server's folder is gone.
      expect(r.summary).toContain('rehearse: failed')
    },
    240_000
  )
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
    const report = JSON.parse(r.outputs['rehearsal-report'])
    expect(report.migrations.map((m: { name: string }) => m.name)).toEqual(['20240201000000_add_bio', '20240202000000_add_slug'])
    for (const m of report.migrations) expect(typeof m.durationMs).toBe('number')
    expect(report.restoreMs).toBeGreaterThan(0)
    expect(report.slowest.length).toBeGreaterThan(0)
    expect(r.outputs['drift-count']).toBe('0')
    expect(report.drift.checked).toBe(true)
    expect(r.stdout).toMatch(/restore-proof: all 3 tables of the archive exist; public\._prisma_migrations matches the manifest \(1 applied\)/)
    expect(r.stdout).toMatch(
      /✓ server: .*\(folder mode 0700\); Unix socket only \(listen_addresses='', socket folder \S+, mode 0700\), fsync=off, full_page_writes=off, wal_level=minimal, max_wal_senders=0 \(read back\)/
    )
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

describe('a manifest naming a database that libpq would read as a connection string', () => {
  // Given as it is to --dbname, this name would send pg_restore to port 1 of 127.0.0.1 instead of
  // the throwaway server's socket; quote and backslash test the escaping.
  const NAME = "host=127.0.0.1 port=1 x'\\y"

  test('restored and rehearsed under that very name on the throwaway server; the drift check dumps it too', async () => {
    const p = await production(BASE, DATA)
    writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
    const { backupPath } = await verifyAndBackup(p)
    const manifestPath = manifestPathFor(backupPath)
    fs.writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifestPath, 'utf8')), database: NAME }))
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/✓ restore: pg_restore --no-tablespaces --exit-on-error/)
    expect(r.stdout).toMatch(/✓ restore-proof: all 3 tables of the archive exist/)
    const report = JSON.parse(r.outputs['rehearsal-report'])
    expect(report.migrations.map((m: { name: string }) => m.name)).toEqual(['20240201000000_add_bio'])
    expect(report.drift.checked).toBe(true)
    expect(r.outputs['drift-count']).toBe('0')
  }, 240_000)
})

describe("production named postgres (the server's built-in database: the common case)", () => {
  test('restored under that name on the throwaway server, whose own postgres is dropped; rehearsed, drift checked; production unchanged', async () => {
    // A cluster of its own: its built-in postgres database is production here.
    const cluster = await startCluster()
    try {
      const project = tempProject({ migrations: BASE })
      const p: Prod = { cluster, db: 'postgres', project, backupDir: path.join(fs.mkdtempSync(path.join(scratch, 'bk-')), 'backups') }
      expect((await phase(p, 'deploy')).code).toBe(0)
      await cluster.query(DATA)
      writeMigration(project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\nCREATE INDEX "User_name_idx" ON "User"("name");' })
      const { backupPath, pending } = await verifyAndBackup(p)
      expect(pending).toBe(1)
      expect(JSON.parse(fs.readFileSync(manifestPathFor(backupPath), 'utf8')).database).toBe('postgres')
      const books = JSON.stringify(await cluster.query('SELECT migration_name FROM _prisma_migrations ORDER BY started_at'))
      const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/✓ restore-proof: all 3 tables of the archive exist; public\._prisma_migrations matches the manifest \(1 applied\)/)
      const report = JSON.parse(r.outputs['rehearsal-report'])
      expect(report.migrations.map((m: { name: string }) => m.name)).toEqual(['20240201000000_add_bio'])
      expect(report.drift.checked).toBe(true)
      expect(r.outputs['drift-count']).toBe('0')
      expect(JSON.stringify(await cluster.query('SELECT migration_name FROM _prisma_migrations ORDER BY started_at'))).toBe(books)

      // A data-dependent failure is still found on the copy named postgres.
      writeMigration(project.migrationsDir, { name: '20240202000000_unique_email', sql: 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");' })
      const failing = await verifyAndBackup(p)
      const f = await phase(p, 'rehearse', { 'backup-path': failing.backupPath })
      expect(f.code).toBe(1)
      expect(errorOf(f)).toContain("migration '20240202000000_unique_email'")
      expect(errorOf(f)).toContain('SQLSTATE 23505')
    } finally {
      await cluster.stop()
    }
  }, 300_000)
})

test('a directory-format backup: its sha256 checked as the backup computed it, restored in parallel', async () => {
  const p = await production(BASE, DATA)
  writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
  expect((await phase(p, 'verify')).code).toBe(0)
  const b = await phase(p, 'backup', { 'backup-format': 'directory' })
  expect(b.code).toBe(0)
  const backupPath = b.outputs['backup-path']
  expect(backupPath).toMatch(/\.dir$/)
  const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
  if (r.code !== 0) throw new Error(r.stdout)
  expect(r.stdout).toMatch(/✓ backup: \S+\.dir \(directory, .*sha256 [0-9a-f]{16}… matches the manifest/)
  expect(JSON.parse(r.outputs['rehearsal-report']).migrations).toHaveLength(1)
}, 240_000)

describe('schema drift', () => {
  test('a column and an index added by hand to production are listed; drift: fail fails', async () => {
    const p = await production(BASE, `${DATA}\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\nCREATE INDEX "User_nickname_by_hand" ON "User"("nickname");`)
    writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
    const { backupPath } = await verifyAndBackup(p)
    const warned = await phase(p, 'rehearse', { 'backup-path': backupPath })
    if (warned.code !== 0) throw new Error(warned.stdout)
    expect(warned.outputs['drift-count']).toBe('2')
    const report = JSON.parse(warned.outputs['rehearsal-report'])
    const objects = report.drift.items.map((i: { object: string; kind: string; lines: string[] }) => `${i.kind}: ${i.object} ${i.lines.join(' ')}`)
    expect(objects).toEqual([
      expect.stringMatching(/^only in production: INDEX public\.User_nickname_by_hand CREATE INDEX "User_nickname_by_hand" ON public\."User" USING btree \(nickname\)/),
      'differs: TABLE public.User + nickname text'
    ])
    expect(warned.stdout).toMatch(/::warning::Schema drift: 2 differences/)
    expect(warned.summary).toContain('User_nickname_by_hand')

    const failed = await phase(p, 'rehearse', { 'backup-path': backupPath, drift: 'fail' })
    expect(failed.code).toBe(1)
    expect(errorOf(failed)).toMatch(/^Schema drift: 2 differences .*User_nickname_by_hand.*nickname/)
    expect(errorOf(failed)).toContain('Production was not touched')
  }, 240_000)
})

describe('never connects to production', () => {
  let prodCluster: Cluster | undefined
  afterAll(async () => {
    await prodCluster?.stop()
  })
  test('the production server stopped after the backup: rehearse still passes', async () => {
    prodCluster = await startCluster()
    const p = await production(BASE, DATA, prodCluster)
    writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
    const { backupPath } = await verifyAndBackup(p)
    await prodCluster.stop()
    prodCluster = undefined
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
    if (r.code !== 0) throw new Error(r.stdout)
    expect(JSON.parse(r.outputs['rehearsal-report']).migrations).toHaveLength(1)
  }, 240_000)
})

describe('server versions and extensions', () => {
  const embedded = embeddedServerBinDir()
  const withEmbedded = embedded ? test : test.skip
  withEmbedded(
    'a PostgreSQL 15 backup rehearsed on PostgreSQL 18 binaries passes with a warning',
    async () => {
      const p = await production(BASE, DATA)
      writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
      const { backupPath } = await verifyAndBackup(p)
      const r = await phase(p, 'rehearse', { 'backup-path': backupPath, 'rehearsal-pg-bin-dir': embedded as string })
      if (r.code !== 0) throw new Error(r.stdout)
      expect(r.stdout).toMatch(new RegExp(`::warning::The backup comes from PostgreSQL ${pg.cluster.version.split('.')[0]}; the rehearsal runs on PostgreSQL 18`))
      expect(JSON.parse(r.outputs['rehearsal-report']).serverVersion).toMatch(/^18\./)
    },
    240_000
  )

  withEmbedded(
    'an extension the rehearsal server lacks is named before the restore',
    async () => {
      // adminpack ships with PostgreSQL 15's contrib and was removed in 17: the PostgreSQL 18 binaries lack it.
      const p = await production(BASE, `${DATA}\nCREATE EXTENSION adminpack;`)
      const { backupPath } = await verifyAndBackup(p)
      const r = await phase(p, 'rehearse', { 'backup-path': backupPath, 'rehearsal-pg-bin-dir': embedded as string })
      expect(r.code).toBe(1)
      expect(errorOf(r)).toMatch(/The backup needs the extension 'adminpack', which the rehearsal server \(PostgreSQL 18/)
      expect(errorOf(r)).toContain('Nothing was restored')
      expect(r.stdout).not.toMatch(/✓ restore:/)
    },
    240_000
  )

  test('no server binaries of the backup major or newer: fails naming what to install', async () => {
    const p = await production(BASE, DATA)
    const { backupPath } = await verifyAndBackup(p)
    const empty = fs.mkdtempSync(path.join(scratch, 'nobin-'))
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath, 'rehearsal-pg-bin-dir': empty })
    expect(r.code).toBe(1)
    expect(errorOf(r)).toContain(`'rehearsal-pg-bin-dir' is set to ${empty}, but that folder holds no working initdb and postgres`)
    expect(errorOf(r)).toMatch(/apt-get install -y postgresql-\d+/)
  }, 240_000)
})

describe('the backup is checked before anything starts', () => {
  test('a tampered archive is refused', async () => {
    const p = await production(BASE, DATA)
    const { backupPath } = await verifyAndBackup(p)
    const bytes = fs.readFileSync(backupPath)
    bytes[bytes.length - 10] = bytes[bytes.length - 10] ^ 0xff
    fs.writeFileSync(backupPath, bytes)
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
    expect(r.code).toBe(1)
    expect(errorOf(r)).toMatch(/is not the archive the backup verified: its sha256 is [0-9a-f]{64}, the manifest records [0-9a-f]{64}/)
    expect(r.stdout).not.toMatch(/server:/)
  }, 240_000)

  test('not enough free disk space is refused before the server starts', async () => {
    const p = await production(BASE, DATA)
    const { backupPath } = await verifyAndBackup(p)
    const manifestPath = backupPath.replace(/\.dump$/, '.manifest.json')
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
    // A database far larger than any disk here (the archive's sha256 does not cover the manifest).
    manifest.databaseBytes = 2 ** 53
    fs.writeFileSync(manifestPath, JSON.stringify(manifest))
    const temp = runnerTemp()
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath }, { RUNNER_TEMP: temp })
    expect(r.code).toBe(1)
    expect(errorOf(r)).toMatch(/^Not enough free disk space for the rehearsal under .*: .* free, about .* needed .*Nothing was started/)
    expect(fs.readdirSync(temp)).toEqual([])
  }, 240_000)
})

/** Socket inodes of a process, and whether any is a TCP socket (in /proc/net/tcp or tcp6). */
function tcpSocketsOf(pid: number): { sockets: number; tcp: string[] } {
  const inodes = new Set<string>()
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    const link = (() => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`)
      } catch {
        return ''
      }
    })()
    const m = /^socket:\[(\d+)\]$/.exec(link)
    if (m?.[1]) inodes.add(m[1])
  }
  const tcp: string[] = []
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      if (cols[9] && inodes.has(cols[9])) tcp.push(line.trim())
    }
  }
  return { sockets: inodes.size, tcp }
}

/** Processes whose command line mentions `text`. */
/** Processes whose command line mentions every one of the texts. */
function processesMentioning(...texts: string[]): number[] {
  const pids: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (texts.every(text => cmdline.includes(text))) pids.push(Number(entry))
    } catch {
      // gone
    }
  }
  return pids
}

describe('cancellation', () => {
  test.each([
    { when: 'mid-restore', afterLine: /✓ extensions:/, delayMs: 0, signal: 'SIGTERM' as const },
    { when: 'mid-rehearsal', afterLine: /✓ restore-proof:/, delayMs: 500, signal: 'SIGTERM' as const },
    // The runner's first signal when a job is cancelled.
    { when: 'mid-rehearsal', afterLine: /✓ restore-proof:/, delayMs: 500, signal: 'SIGINT' as const }
  ])(
    '$signal $when: server stopped, data folder gone, no TCP port ever opened; the step it stopped shown as interrupted',
    async ({ when, afterLine, delayMs, signal }) => {
      const big =
        when === 'mid-restore'
          ? `\nCREATE TABLE big AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) AS b FROM generate_series(1, 1500000) g;\nCREATE INDEX big_a ON big (a);\nCREATE INDEX big_b ON big (b);`
          : ''
      const p = await production(BASE, `${DATA}${big}`)
      writeMigration(p.project.migrationsDir, { name: '20240201000000_slow', sql: 'SELECT pg_sleep(60);' })
      const { backupPath } = await verifyAndBackup(p)
      // This run's pg_restore only: other test files restore at the same time.
      const restoring = (): boolean => processesMentioning('--exit-on-error', backupPath).length > 0
      const temp = runnerTemp()
      const started = startAction({
        workspace: p.project.root,
        env: env({ RUNNER_TEMP: temp }),
        inputs: { phase: 'rehearse', migrator: 'builtin', 'backup-path': backupPath },
        timeoutMs: 180_000
      })
      let out = ''
      started.child.stdout.on('data', d => (out += d))
      let root: string
      let postmaster: number
      try {
        for (let i = 0; i < 1200 && !afterLine.test(out); i++) await new Promise(r => setTimeout(r, 50))
        expect(out).toMatch(afterLine)
        if (when === 'mid-restore') for (let i = 0; i < 400 && !restoring(); i++) await new Promise(r => setTimeout(r, 10))
        await new Promise(r => setTimeout(r, delayMs))
        // The server is running now: its postmaster.pid names no TCP address and its sockets are Unix sockets only.
        root = fs.readdirSync(temp).find(n => n.startsWith('rehearsal-')) ?? ''
        expect(root).not.toBe('')
        const pidFile = fs.readFileSync(path.join(temp, root, 'data', 'postmaster.pid'), 'utf8').split('\n')
        postmaster = Number(pidFile[0])
        expect(pidFile[5]).toBe('') // line 6: the first listen address, empty when there is no TCP listener
        const sockets = tcpSocketsOf(postmaster)
        expect(sockets.sockets).toBeGreaterThan(0)
        expect(sockets.tcp).toEqual([])
        if (when === 'mid-restore') expect(restoring()).toBe(true)
      } finally {
        started.child.kill(signal)
      }
      const r = await started.result
      if (when === 'mid-restore') expect(r.stdout).not.toMatch(/✓ restore:/)
      expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143)
      expect(r.stdout).toContain(`Received ${signal}`)
      expect(errorOf(r)).toMatch(new RegExp(`^The rehearsal was cancelled \\(${signal}\\); the throwaway server was stopped and its data folder removed`))
      // The step the signal stopped is interrupted (never failed, never passed), in the summary and its log line.
      const stopped = when === 'mid-restore' ? 'restore' : 'rehearse (builtin)'
      expect(r.summary).toContain(`<tr><td><code>${stopped}</code></td><td>⏹️ interrupted</td>`)
      expect(r.summary).toMatch(new RegExp(`<td>stopped by ${signal} before it finished</td>`))
      expect(r.stdout).toMatch(new RegExp(`^✗ ${stopped.replace(/[()]/g, '\\$&')}: INTERRUPTED \\(`, 'm'))
      expect(r.summary).not.toContain('❌ failed')
      expect(r.summary).not.toContain('⏳ running')
      expect(fs.readdirSync(temp).filter(n => n.startsWith('rehearsal-'))).toEqual([])
      expect(fs.existsSync(`/proc/${postmaster}`)).toBe(false)
      expect(processesMentioning(path.join(temp, root))).toEqual([])
    },
    240_000
  )
})

test('the job killed outright (SIGKILL) mid-rehearsal: the server dies with the action, and the post step removes the data folder', async () => {
  const p = await production(BASE, DATA)
  writeMigration(p.project.migrationsDir, { name: '20240201000000_slow', sql: 'SELECT pg_sleep(60);' })
  const { backupPath } = await verifyAndBackup(p)
  const temp = runnerTemp()
  const inputs = { phase: 'rehearse', migrator: 'builtin', 'backup-path': backupPath }
  const started = startAction({ workspace: p.project.root, env: env({ RUNNER_TEMP: temp }), inputs, timeoutMs: 180_000 })
  let out = ''
  started.child.stdout.on('data', d => (out += d))
  try {
    for (let i = 0; i < 1200 && !/✓ restore-proof:/.test(out); i++) await new Promise(r => setTimeout(r, 50))
  } finally {
    started.child.kill('SIGKILL')
  }
  const r = await started.result
  expect(r.signal).toBe('SIGKILL')
  const root = fs.readdirSync(temp).find(n => n.startsWith('rehearsal-')) as string
  expect(root).toBeDefined()
  const recorded = JSON.parse(r.state['created-paths'] ?? '[]')
  expect(recorded).toEqual([expect.objectContaining({ path: path.join(temp, root), kind: 'rehearsal-data', keep: false })])
  // The server was started with a parent-death signal: it is gone without anyone stopping it.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && processesMentioning(path.join(temp, root)).length > 0;) await new Promise(r => setTimeout(r, 100))
  expect(processesMentioning(path.join(temp, root))).toEqual([])
  const post = await runPostStep({ workspace: p.project.root, env: env({ RUNNER_TEMP: temp }), inputs, state: r.state })
  expect(post.code).toBe(0)
  expect(post.stdout).toContain(`Removed the rehearsal server's data folder ${path.join(temp, root)}.`)
  expect(fs.existsSync(path.join(temp, root))).toBe(false)
}, 240_000)

describe('guards', () => {
  test.each<{ label: string; eventName: string; extra: Record<string, string> }>([
    { label: 'a pull_request event', eventName: 'pull_request', extra: {} },
    { label: 'NODE_ENV=development', eventName: 'push', extra: { NODE_ENV: 'development' } }
  ])(
    '$label: refused before the backup is read or a server started',
    async ({ eventName, extra }) => {
      const temp = runnerTemp()
      const r = await runAction({
        env: env({ RUNNER_TEMP: temp, ...extra }),
        eventName,
        inputs: { phase: 'rehearse', migrator: 'builtin', 'backup-path': path.join(scratch, 'none.dump') },
        timeoutMs: 60_000
      })
      expect(r.code).toBe(1)
      expect(r.stdout).not.toMatch(/✓ backup:|server:/)
      expect(fs.readdirSync(temp)).toEqual([])
      expect(r.summary).toContain('rehearse')
    },
    60_000
  )
})

describe('the prisma migrator (the real Prisma CLI 7 through the private socket)', () => {
  const prismaRunEnv = { ...prismaEnv(7), PATH: [path.dirname(process.execPath), STANDARD_PATH].join(path.delimiter) }
  const prismaProject = (): Project => {
    const p = makePrismaProject({ major: 7, migrations: BASE })
    afterAll(() => p.cleanup())
    return p
  }
  const project = prismaProject()
  const failingProject = prismaProject()

  test('a clean rehearsal with prisma migrate deploy: durations from the books', async () => {
    const p = await production(BASE, DATA, undefined, project)
    writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
    const { backupPath } = await verifyAndBackup(p)
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath, migrator: 'prisma' }, prismaRunEnv)
    if (r.code !== 0) throw new Error(r.stdout)
    const report = JSON.parse(r.outputs['rehearsal-report'])
    expect(report.migrations.map((m: { name: string }) => m.name)).toEqual(['20240201000000_add_bio'])
    expect(r.outputs['drift-count']).toBe('0')
    expect(r.stdout).toMatch(/✓ rehearse \(prisma\): 1 migration applied to the copy/)
  }, 240_000)

  test('a data-dependent failure under prisma migrate deploy names the migration and the error; production unchanged', async () => {
    const p = await production(BASE, DATA, undefined, failingProject)
    writeMigration(p.project.migrationsDir, { name: FAILING[0].name, sql: FAILING[0].sql })
    const { backupPath } = await verifyAndBackup(p)
    const before = await productionState(p.db)
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath, migrator: 'prisma' }, prismaRunEnv)
    expect(r.code).toBe(1)
    const error = errorOf(r)
    expect(error).toContain(`migration '${FAILING[0].name}' failed on the restored copy of production`)
    if (process.env.SHOW_ERRORS) console.log(error)
    expect(error).toMatch(/23505|duplicate|User_email_key/)
    expect(error).not.toMatch(/^\s+0: /m)
    expect(error).toContain('Production was not touched')
    expect(await productionState(p.db)).toBe(before)
  }, 240_000)
})

describe('as an unprivileged runner user', () => {
  const postgresUser = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find(l => l.startsWith('postgres:'))
    ?.split(':')
  const canSwitch = process.getuid?.() === 0 && postgresUser !== undefined
  ;(canSwitch ? test : test.skip)(
    'the server runs as the runner user itself, and the rehearsal passes',
    async () => {
      const uid = Number(postgresUser?.[2])
      const gid = Number(postgresUser?.[3])
      const p = await production(BASE, DATA)
      writeMigration(p.project.migrationsDir, { name: '20240201000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
      const { backupPath } = await verifyAndBackup(p)
      // What a runner user owns: its temp folder, the job's files, a copy of the backup; the checkout readable.
      const home = fs.mkdtempSync(path.join(scratch, 'user-'))
      const own = (f: string): string => {
        fs.chownSync(f, uid, gid)
        return f
      }
      own(home)
      const temp = own(fs.mkdtempSync(path.join(home, 'rt-')))
      const backups = own(fs.mkdtempSync(path.join(home, 'bk-')))
      const manifestPath = backupPath.replace(/\.dump$/, '.manifest.json')
      const copy = path.join(backups, path.basename(backupPath))
      fs.copyFileSync(backupPath, copy)
      fs.copyFileSync(manifestPath, path.join(backups, path.basename(manifestPath)))
      own(copy)
      own(path.join(backups, path.basename(manifestPath)))
      fs.chmodSync(p.project.root, 0o755)
      const files = { GITHUB_OUTPUT: 'output', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary' }
      const fileEnv: Record<string, string> = {}
      for (const [name, file] of Object.entries(files)) {
        fileEnv[name] = path.join(home, file)
        fs.writeFileSync(fileEnv[name], '')
        own(fileEnv[name])
      }
      const started = startAction({
        workspace: p.project.root,
        env: env({ RUNNER_TEMP: temp, HOME: home, ...fileEnv }),
        inputs: { phase: 'rehearse', migrator: 'builtin', 'backup-path': copy },
        // The action itself runs as the unprivileged user.
        shellPrefix: `exec setpriv --reuid=${uid} --regid=${gid} --clear-groups -- "$0" "$1"`,
        timeoutMs: 180_000
      })
      const r = await started.result
      if (r.code !== 0) throw new Error(`${r.stdout}\n${r.stderr}`)
      expect(r.stdout).toMatch(/✓ server: PostgreSQL \S+ as the runner user, data in /)
      const outputs = parseOutputFile(fs.readFileSync(fileEnv.GITHUB_OUTPUT, 'utf8'))
      expect(JSON.parse(outputs['rehearsal-report']).migrations).toHaveLength(1)
      expect(fs.readdirSync(temp)).toEqual([])
    },
    240_000
  )
})
