import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, urlParses, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase } from '../helpers/suite.js'
import { discoverPgTools, choosePgTools, noFittingPgToolsError, type PgTools } from '../../src/postgres/pg-tools.js'
import { checkArchive } from '../../src/backup/archive-check.js'

/**
 * The backup phase (SPEC 4) against a real server, through the bundled dist/index.js: a dump that
 * restores to the same data, outputs and manifest that describe the file on disk, private file
 * modes, the pg_dump choice, the end-to-end archive check, refused events and no leaked password.
 */

// Characters that need percent-encoding in a URL, so every encoded form is scanned for leaks.
const PASSWORD = 'bk:/@%+ pass word'
const MIGRATIONS = generatedMigrations(3)
const GROUP = '::group::[STEP 2/3] Creating production database backup'
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

// In-process pg_restore and `pg` calls below must not pick up the caller's PG* settings.
const pg = useCluster({ password: PASSWORD })
let serverMajor: number
/** The pg_dump/pg_restore pair the action finds on this machine for the test server. */
let tools: PgTools
let scratch: string
let home: string

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-test-'))
  home = path.join(scratch, 'home')
  fs.mkdirSync(home)
  serverMajor = Number(pg.cluster.version.split('.')[0])
  const chosen = choosePgTools(await discoverPgTools({ pathEnv: STANDARD_PATH }), serverMajor)
  if (!chosen) throw new Error(`no pg_dump for PostgreSQL ${pg.cluster.version} on this machine`)
  tools = chosen
})

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

/** A fresh folder under the scratch folder. */
function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratch, prefix))
}

/** The environment of every run of dist/index.js, set here rather than inherited. */
function runEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: STANDARD_PATH, HOME: home, TMPDIR: tempDir('tmp-'), ...extra }
}

function backup(inputs: Record<string, string>, o: { env?: Record<string, string>; eventName?: string } = {}): Promise<RunResult> {
  return runAction({
    env: runEnv(o.env),
    eventName: o.eventName ?? 'push',
    inputs: { phase: 'backup', ...inputs },
    timeoutMs: 120_000
  })
}

/** Tables, row counts, sequences and indexes of a database: what a restore must reproduce. */
async function snapshot(database: string): Promise<{ tables: Record<string, number>; sequences: Record<string, string | null>; indexes: string[] }> {
  const client = await pg.cluster.client({ database })
  try {
    const tables: Record<string, number> = {}
    const rel = await client.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY 1, 2`
    )
    for (const { schema, name } of rel.rows) {
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`)
      tables[`${schema}.${name}`] = Number(count.rows[0]?.n)
    }
    const seq = await client.query<{ name: string; last_value: string | null }>(`SELECT schemaname || '.' || sequencename AS name, last_value::text AS last_value FROM pg_sequences ORDER BY 1`)
    const idx = await client.query<{ name: string }>(`SELECT schemaname || '.' || indexname AS name FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`)
    return { tables, sequences: Object.fromEntries(seq.rows.map(r => [r.name, r.last_value])), indexes: idx.rows.map(r => r.name) }
  } finally {
    await client.end()
  }
}

/**
 * A database shaped like a small production one: Prisma bookkeeping with applied migrations,
 * several tables in two schemas with a few thousand rows, a foreign key, an index and a sequence.
 */
function seededDatabase(): Promise<string> {
  return freshDatabase(pg.cluster, async client => {
    await applyLikePrisma(client, MIGRATIONS)
    await client.query(`
      CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE orders (id serial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), total numeric(10, 2) NOT NULL, note text);
      CREATE INDEX orders_customer_idx ON orders (customer_id);
      CREATE SEQUENCE invoice_no_seq START 1000;
      CREATE SCHEMA audit;
      CREATE TABLE audit.events (id bigserial PRIMARY KEY, kind text NOT NULL, payload jsonb NOT NULL);
      INSERT INTO customers (email) SELECT 'user' || i || '@example.com' FROM generate_series(1, 2000) i;
      INSERT INTO orders (customer_id, total, note) SELECT 1 + i % 2000, (i * 1.25)::numeric(10, 2), md5(i::text) FROM generate_series(1, 3000) i;
      INSERT INTO audit.events (kind, payload) SELECT 'k' || i % 7, jsonb_build_object('i', i) FROM generate_series(1, 1500) i;
      INSERT INTO t0000 (name) SELECT 'n' || i FROM generate_series(1, 250) i;
      SELECT setval('invoice_no_seq', 7777);
      -- The catalog's table sizes (relpages), which the backup reads to share the archive's full read.
      ANALYZE;
    `)
  })
}

/** Restores an archive into a new database with pg_restore (password in its environment only). */
async function restore(archive: string, jobs?: number): Promise<string> {
  const target = await pg.cluster.createDatabase()
  await new Promise<void>((resolve, reject) => {
    execFile(
      tools.pgRestore,
      ['--exit-on-error', `--dbname=${target}`, ...(jobs ? [`--jobs=${jobs}`] : []), archive],
      {
        env: { PATH: STANDARD_PATH, HOME: home, PGHOST: pg.cluster.host, PGPORT: String(pg.cluster.port), PGUSER: pg.cluster.user, PGPASSWORD: pg.cluster.password },
        timeout: 120_000
      },
      (err, _stdout, stderr) => (err ? reject(new Error(`pg_restore failed: ${err.message}\n${stderr}`)) : resolve())
    )
  })
  return target
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

function modeOf(p: string): number {
  return fs.statSync(p).mode & 0o777
}

function readManifest(r: RunResult): { manifest: Record<string, unknown>; text: string } {
  const text = fs.readFileSync(r.outputs['manifest-path'], 'utf8')
  return { manifest: JSON.parse(text) as Record<string, unknown>, text }
}

function expectNoLeak(r: RunResult, extra: Record<string, string> = {}): void {
  expect(findSecretLeaks(PASSWORD, { ...allTexts(r), ...extra })).toEqual([])
}

describe('backup through dist/index.js', () => {
  test('custom format: a verified dump that restores to the same data, with outputs, manifest, modes and summary', async () => {
    const db = await seededDatabase()
    const before = await snapshot(db)
    expect(Object.keys(before.tables).length).toBeGreaterThanOrEqual(7)
    expect(before.tables['public.orders']).toBe(3000)
    expect(before.sequences['public.invoice_no_seq']).toBe('7777')
    expect(before.indexes).toContain('public.orders_customer_idx')

    const dir = path.join(tempDir('custom-'), 'backups')
    const startedAt = Date.now()
    const r = await backup({ 'database-url': pg.cluster.url({ database: db }), 'backup-dir': dir })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(urlParses(r)).toBe(1)
    expect(r.stdout).toContain(GROUP)
    expect(r.stdout).toContain('::endgroup::')

    // Outputs describe the file on disk.
    const dump = r.outputs['backup-path']
    expect(path.dirname(dump)).toBe(dir)
    // <database>_<UTC time>_run<id>-<attempt>_<target hash>_<random>: unique per job.
    expect(path.basename(dump)).toMatch(new RegExp(`^${db}_\\d{8}T\\d{6}Z_run4242-1_[0-9a-f]{8}_[0-9a-f]{8}\\.dump$`))
    expect(Number(r.outputs['backup-size'])).toBe(fs.statSync(dump).size)
    expect(fs.statSync(dump).size).toBeGreaterThan(0)
    expect(r.outputs['backup-sha256']).toBe(sha256Of(dump))
    expect(r.outputs['manifest-path']).toBe(path.join(dir, `${path.basename(dump, '.dump')}.manifest.json`))
    // Only the dump and its manifest, no partial file and no probe left behind.
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(dump), path.basename(r.outputs['manifest-path'])].sort())

    // Readable by the runner user only.
    expect(modeOf(dir)).toBe(0o700)
    expect(modeOf(dump)).toBe(0o600)
    expect(modeOf(r.outputs['manifest-path'])).toBe(0o600)

    const { manifest, text } = readManifest(r)
    expect(manifest.database).toBe(db)
    expect(manifest.serverVersion).toBe(pg.cluster.version)
    expect(manifest.pgDumpVersion).toBe(tools.version)
    expect(manifest.format).toBe('custom')
    expect(manifest.size).toBe(fs.statSync(dump).size)
    expect(manifest.sha256).toBe(sha256Of(dump))
    expect(manifest.tables).toBe(Object.keys(before.tables).length)
    expect(manifest.migrationsApplied).toEqual(MIGRATIONS.map(m => m.name))
    expect(typeof manifest.createdAt).toBe('string')
    const createdAt = Date.parse(manifest.createdAt as string)
    expect(manifest.createdAt).toMatch(/Z$/)
    expect(createdAt).toBeGreaterThanOrEqual(startedAt - 1000)
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 1000)
    expect(manifest.gitSha).toBe('0123456789abcdef0123456789abcdef01234567')
    expect(manifest.runId).toBe('4242')

    // The summary: every step, the size, duration and rate, and the outputs.
    for (const step of ['database', 'pg_dump', 'backup-dir', 'dump', 'verify-archive']) {
      expect(r.summary).toMatch(new RegExp(`<tr><td><code>${step}</code></td><td>✅ passed</td>`))
    }
    expect(r.summary).toMatch(/verified: [\d.]+ (B|KiB|MiB|GiB) in [\d.]+ (ms|s)\b.*\([\d.]+ (B|KiB|MiB|GiB)\/s\)/)
    expect(r.summary).toContain(r.outputs['backup-sha256'])
    // The full read shared by two pg_restore processes where the runner has two cores (the tables' sizes read from the database).
    expect(r.stdout).toMatch(
      os.availableParallelism() > 1 ? /✓ verify-archive: read end to end by pg_restore \(2 processes, each a share of the entries\)/ : /✓ verify-archive: read end to end by pg_restore: /
    )

    expectNoLeak(r, { manifest: text })

    // The proof that matters: the dump restores to the same tables, rows, sequences and indexes.
    const restored = await restore(dump)
    expect(await snapshot(restored)).toEqual(before)
  }, 180_000)

  test('directory format with backup-jobs 2 restores with pg_restore -j 2', async () => {
    const db = await seededDatabase()
    const before = await snapshot(db)
    const dir = path.join(tempDir('directory-'), 'backups')
    const r = await backup({ 'database-url': pg.cluster.url({ database: db }), 'backup-dir': dir, 'backup-format': 'directory', 'backup-jobs': '2' })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(GROUP)

    const dump = r.outputs['backup-path']
    expect(path.basename(dump)).toMatch(/_run4242-1_[0-9a-f]{8}_[0-9a-f]{8}\.dir$/)
    expect(fs.statSync(dump).isDirectory()).toBe(true)
    expect(modeOf(dir)).toBe(0o700)
    expect(modeOf(dump)).toBe(0o700)
    const files = fs.readdirSync(dump).sort()
    expect(files).toContain('toc.dat')
    // One data file per table with rows, besides the table of contents.
    expect(files.length).toBeGreaterThanOrEqual(6)
    for (const f of files) expect(modeOf(path.join(dump, f))).toBe(0o600)
    expect(modeOf(r.outputs['manifest-path'])).toBe(0o600)

    // Size is the sum of the files; the digest is that of a sorted `<sha256>  <size>  <name>` listing.
    const total = files.reduce((sum, f) => sum + fs.statSync(path.join(dump, f)).size, 0)
    expect(Number(r.outputs['backup-size'])).toBe(total)
    const listing = files.map(f => `${sha256Of(path.join(dump, f))}  ${fs.statSync(path.join(dump, f)).size}  ${f}`).join('\n') + '\n'
    expect(r.outputs['backup-sha256']).toBe(createHash('sha256').update(listing).digest('hex'))

    const { manifest, text } = readManifest(r)
    expect(manifest.format).toBe('directory')
    expect(manifest.size).toBe(total)
    expect(manifest.sha256).toBe(r.outputs['backup-sha256'])
    expect(manifest.migrationsApplied).toEqual(MIGRATIONS.map(m => m.name))
    expect(r.summary).toContain('directory format, 2 jobs')
    expectNoLeak(r, { manifest: text })

    const restored = await restore(dump, 2)
    expect(await snapshot(restored)).toEqual(before)
  }, 180_000)

  test("pg-bin-dir holding a newer pg_dump is chosen over the system's, and the backup still works", async () => {
    // Wrappers that report version 99.0 and otherwise run the real tools, logging each call.
    const binDir = tempDir('pg-bin-')
    const calls = path.join(binDir, 'calls.log')
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
    for (const [tool, real] of [
      ['pg_dump', tools.pgDump],
      ['pg_restore', tools.pgRestore]
    ] as const) {
      fs.writeFileSync(
        path.join(binDir, tool),
        `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${tool} (PostgreSQL) 99.0"; exit 0; fi\necho ${tool} >> ${quote(calls)}\nexec ${quote(real)} "$@"\n`,
        { mode: 0o755 }
      )
    }
    const db = await seededDatabase()
    const before = await snapshot(db)
    const dir = path.join(tempDir('bindir-'), 'backups')
    const r = await backup({ 'database-url': pg.cluster.url({ database: db }), 'backup-dir': dir, 'pg-bin-dir': binDir })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`pg_dump 99.0 (${binDir}) for server ${pg.cluster.version}`)
    expect(r.summary).toContain(`pg_dump 99.0 (${binDir})`)
    const { manifest } = readManifest(r)
    expect(manifest.pgDumpVersion).toBe('99.0')
    // The wrappers did the work: pg_dump wrote the archive, pg_restore verified it.
    const called = fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean)
    expect(called).toContain('pg_dump')
    expect(called).toContain('pg_restore')
    const restored = await restore(r.outputs['backup-path'])
    expect(await snapshot(restored)).toEqual(before)
  }, 180_000)

  for (const event of ['pull_request', 'pull_request_target']) {
    test(`a ${event} event is refused before any connection or file`, async () => {
      // A listener standing in for the database: any connection attempt would be counted.
      let connections = 0
      const server = net.createServer(socket => {
        connections++
        socket.destroy()
      })
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      const port = (server.address() as net.AddressInfo).port
      try {
        const dir = path.join(tempDir('event-'), 'backups')
        const url = `postgresql://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/app`
        const r = await backup({ 'database-url': url, 'backup-dir': dir }, { eventName: event })
        expect(r.code).not.toBe(0)
        expect(errorOf(r)).toContain(`refuses '${event}' events`)
        expect(r.outputs).toEqual({})
        expect(fs.existsSync(dir)).toBe(false)
        expect(connections).toBe(0)
        expectNoLeak(r)
      } finally {
        await new Promise<void>(resolve => server.close(() => resolve()))
      }
    })
  }
})

describe('pg_dump choice (fake tools)', () => {
  test('the newest pair wins, a lone pg_dump is skipped, and an older-only machine gets a clear error', async () => {
    const root = tempDir('fake-tools-')
    const make = (name: string, version: string, withRestore = true): string => {
      const dir = path.join(root, name)
      fs.mkdirSync(dir)
      for (const tool of withRestore ? ['pg_dump', 'pg_restore'] : ['pg_dump']) {
        fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${tool} (PostgreSQL) ${version}"\n`, { mode: 0o755 })
      }
      return dir
    }
    const old = make('old', '14.9')
    const mid = make('mid', '16.2')
    const newest = make('newest', '16.10')
    const lone = make('lone', '17.1', false)
    const found = await discoverPgTools({ pgBinDir: old, pathEnv: [mid, lone, newest].join(path.delimiter), systemRoots: [path.join(root, 'none')] })
    expect(found.map(t => [t.version, t.dir])).toEqual([
      ['16.10', newest],
      ['16.2', mid],
      ['14.9', old]
    ])
    expect(choosePgTools(found, 14)?.dir).toBe(newest)
    expect(choosePgTools(found, 16)?.pgDump).toBe(path.join(newest, 'pg_dump'))
    expect(choosePgTools(found, 17)).toBeUndefined()
    const message = noFittingPgToolsError(found, '17.1', 17).message
    expect(message).toContain('PostgreSQL 17.1')
    expect(message).toContain('pg_dump 16.10')
    expect(message).toContain('postgresql-client-17')
  })
})

/** A custom-format dump of `db` in `dir` (whole.dump), and a copy cut to its first 60 % (truncated.dump). */
function dumpAndTruncate(db: string, dir: string): { whole: string; truncated: string; bytes: Buffer } {
  const whole = path.join(dir, 'whole.dump')
  execFileSync(tools.pgDump, ['--format=custom', `--file=${whole}`, '--no-password'], {
    env: { PATH: STANDARD_PATH, HOME: home, PGHOST: pg.cluster.host, PGPORT: String(pg.cluster.port), PGUSER: pg.cluster.user, PGPASSWORD: pg.cluster.password, PGDATABASE: db }
  })
  const truncated = path.join(dir, 'truncated.dump')
  const bytes = fs.readFileSync(whole)
  fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)))
  return { whole, truncated, bytes }
}

describe('archive check', () => {
  test('an archive truncated to 60 % is rejected by the full read; the whole one passes', async () => {
    const db = await seededDatabase()
    const dir = tempDir('truncated-')
    const { whole, truncated, bytes } = dumpAndTruncate(db, dir)

    const facts = await checkArchive(tools, whole, 'custom')
    expect(facts.size).toBe(bytes.length)
    expect(facts.tableData).toBeGreaterThanOrEqual(5)
    await expect(checkArchive(tools, truncated, 'custom')).rejects.toThrow(/failed verification: pg_restore could not read it end to end/)

    // Why the full read is needed: the table of contents at the start still lists fine.
    const listed = await new Promise<{ code: number; stdout: string }>(resolve => {
      execFile(tools.pgRestore, ['--list', truncated], { env: { PATH: STANDARD_PATH, HOME: home } }, (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }))
    })
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/TABLE DATA public orders/)
  }, 120_000)

  test('the full read shared by two pg_restore processes: the whole archive passes, and a truncated one fails whichever share holds the lost data', async () => {
    const db = await seededDatabase()
    const dir = tempDir('shared-read-')
    const { whole, truncated, bytes } = dumpAndTruncate(db, dir)
    const names = ['audit.events', 'public._prisma_migrations', 'public.customers', 'public.orders', 'public.t0000']
    // The sizes are known by the tables' oids, as pg_restore --list shows them.
    const oids: { oid: string }[] = await pg.cluster.query(
      `SELECT c.oid::text AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname || '.' || c.relname = ANY($1)`,
      [names],
      db
    )
    const tables = oids.map(r => r.oid)
    expect(tables).toHaveLength(names.length)

    const facts = await checkArchive(tools, whole, 'custom', { tableBytes: new Map(tables.map(t => [t, 100])), readers: 2 })
    expect(facts.readers).toBe(2)
    expect(facts.size).toBe(bytes.length)
    // Each table in turn alone in the first share with every other entry of the listing, the rest of the data in the second.
    for (const heavy of tables) {
      const tableBytes = new Map(tables.map(t => [t, t === heavy ? 1e9 : 1]))
      await expect(checkArchive(tools, truncated, 'custom', { tableBytes, readers: 2 })).rejects.toThrow(/failed verification: pg_restore could not read it end to end/)
    }
  }, 120_000)
})
