import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { useCluster, freshDatabase } from '../helpers/suite.js'
import { startAction, runPostStep, errorOf } from '../helpers/run-action.js'
import { discoverPgTools, choosePgTools, type PgTools } from '../../src/postgres/pg-tools.js'
import { checkArchive, splitListing } from '../../src/backup/archive-check.js'
import { readDatabaseFacts } from '../../src/backup/database-facts.js'
import { parseDatabaseUrl } from '../../src/postgres/target.js'
import { openSession, closeSession } from '../../src/postgres/session.js'

/**
 * The archive's full read shared by several pg_restore processes (archive-check.ts), against real
 * dumps of a database with hostile names, partitions, large objects, a materialized view and many
 * tables: the shares together print every entry a single `pg_restore -f` prints, each once; damage
 * to one table's data fails the check whichever share holds it, as it fails a single read.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const pg = useCluster()
let tools: PgTools
let scratch: string
let db: string
const env = (): NodeJS.ProcessEnv => ({
  PATH: STANDARD_PATH,
  HOME: scratch,
  PGHOST: pg.cluster.host,
  PGPORT: String(pg.cluster.port),
  PGUSER: pg.cluster.user,
  PGPASSWORD: pg.cluster.password,
  PGDATABASE: db
})

/** Names meant to confuse a reader of `pg_restore --list`. */
const HOSTILE = ['with space', 'x TABLE DATA public y', 'quote"d', "apo'strophe", 'new\nline', 'ünïcødé 表', '1234; 0 0 TABLE DATA public fake postgres', ';semi', '-']

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-shares-'))
  const chosen = choosePgTools(await discoverPgTools({ pathEnv: STANDARD_PATH }), Number(pg.cluster.version.split('.')[0]))
  if (!chosen) throw new Error(`no pg_dump for PostgreSQL ${pg.cluster.version} on this machine`)
  tools = chosen
  db = await freshDatabase(pg.cluster, async c => {
    const q = (s: string): string => c.escapeIdentifier(s)
    await c.query(`CREATE SCHEMA "DATA"; CREATE SCHEMA ${q('odd schema\nname')}`)
    for (const [i, name] of HOSTILE.entries()) {
      for (const schema of ['public', 'DATA', 'odd schema\nname']) {
        await c.query(`CREATE TABLE ${q(schema)}.${q(name)} (id int, v text); INSERT INTO ${q(schema)}.${q(name)} SELECT g, md5(g::text) FROM generate_series(1, ${100 + i}) g`)
      }
    }
    await c.query(`CREATE TABLE "DATA"."a b" (id int); INSERT INTO "DATA"."a b" VALUES (1)`)
    await c.query(`CREATE TABLE parted (id int, v text) PARTITION BY RANGE (id);
      CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (1000);
      CREATE TABLE parted_2 PARTITION OF parted FOR VALUES FROM (1000) TO (2000);
      INSERT INTO parted SELECT g, md5(g::text) FROM generate_series(0, 1999) g`)
    await c.query(`CREATE MATERIALIZED VIEW mv AS SELECT id, v FROM parted WHERE id % 2 = 0`)
    await c.query(`SELECT lo_from_bytea(0, convert_to(repeat(md5(g::text), 100), 'UTF8')) FROM generate_series(1, 20) g`)
    for (let i = 0; i < 1100; i++) await c.query(`CREATE TABLE many_${i} (id int); INSERT INTO many_${i} VALUES (${i})`)
    // Four tables big enough to hold data blocks of their own in the middle of the archive.
    for (let i = 0; i < 4; i++) await c.query(`CREATE TABLE big_${i} AS SELECT g AS id, md5(g::text) || md5((g + ${i})::text) AS v FROM generate_series(1, 40000) g`)
    // The largest tables, in a schema whose name has a space, under names with a newline.
    await c.query(`CREATE SCHEMA "my app"`)
    for (let i = 0; i < 4; i++) await c.query(`CREATE TABLE "my app"."large\n${i}" AS SELECT g AS id, md5(g::text) || md5((g + ${i})::text) AS v FROM generate_series(1, 80000) g`)
    await c.query('ANALYZE')
  })
}, 300_000)

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

/** Every table's size by its oid (the catalog's, as the backup reads it). */
async function tableBytes(): Promise<Map<string, number>> {
  const rows: { oid: string; bytes: string }[] = await pg.cluster.query(
    `SELECT c.oid::text AS oid, (c.relpages::int8 * 8192 + 1)::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
    [],
    db
  )
  return new Map(rows.map(r => [r.oid, Number(r.bytes)]))
}

function dump(format: 'custom' | 'directory', name: string): string {
  const out = path.join(scratch, name)
  execFileSync(tools.pgDump, [`--format=${format}`, `--file=${out}`, '--no-password'], { env: env() })
  return out
}

/** The entries a pg_restore -f prints (its "-- Name:" and "-- Data for Name:" comments, and large objects' lo_open calls). */
function printed(archive: string, format: string, list?: string): string[] {
  const listArgs: string[] = []
  if (list !== undefined) {
    const file = path.join(scratch, `list-${Math.random().toString(36).slice(2)}`)
    fs.writeFileSync(file, list)
    listArgs.push(`--use-list=${file}`)
  }
  const r = spawnSync(tools.pgRestore, ['--file=-', `--format=${format}`, ...listArgs, archive], { env: { PATH: STANDARD_PATH }, maxBuffer: 1 << 30 })
  expect(r.status).toBe(0)
  return r.stdout
    .toString()
    .split('\n')
    .filter(l => /^-- (Data for )?Name: |lo_open\(/.test(l))
}

describe.each(['custom', 'directory'] as const)('%s format', format => {
  test('the shares together print every entry a single read prints, each exactly once', async () => {
    const archive = dump(format, `whole-${format}`)
    const listing = execFileSync(tools.pgRestore, ['--list', `--format=${format}`, archive], { env: { PATH: STANDARD_PATH }, maxBuffer: 1 << 28 }).toString()
    const sizes = await tableBytes()
    const single = printed(archive, format)
    expect(single.filter(l => /Type: TABLE DATA/.test(l)).length).toBeGreaterThan(1100)
    expect(single.some(l => /lo_open/.test(l))).toBe(true)
    expect(single.some(l => /Type: MATERIALIZED VIEW DATA/.test(l))).toBe(true)
    for (const readers of [2, 4, 7]) {
      const lists = splitListing(listing, sizes, readers)
      expect(lists).toHaveLength(readers)
      const shared = lists.flatMap(list => printed(archive, format, list))
      expect(shared.sort()).toEqual([...single].sort())
    }
    const facts = await checkArchive(tools, archive, format, { tableBytes: sizes, readers: 4 })
    expect(facts.readers).toBe(4)
    expect(fs.readdirSync(path.dirname(archive)).filter(f => f.startsWith('.verify-lists-'))).toEqual([])
  }, 300_000)
})

/** The dump id and the table's oid of the TABLE DATA entry of public.big_<i>. */
function bigEntry(listing: string, i: number): { id: number; oid: string } {
  const m = new RegExp(`^(\\d+); \\d+ (\\d+) TABLE DATA public big_${i} `, 'm').exec(listing)
  if (!m) throw new Error(`no TABLE DATA entry for public.big_${i}`)
  return { id: Number(m[1]), oid: m[2] }
}

describe('a bit flipped in the middle of one table’s data', () => {
  test('custom format: the check fails whichever of four shares holds the table, as a single read does', async () => {
    const archive = dump('custom', 'flip.dump')
    const bytes = fs.readFileSync(archive)
    const sizes = await tableBytes()
    const listing = execFileSync(tools.pgRestore, ['--list', archive], { env: { PATH: STANDARD_PATH }, maxBuffer: 1 << 28 }).toString()
    // Where each big table's data block starts in the file (the data blocks follow in listing order).
    const flipped = path.join(scratch, 'flipped.dump')
    let tried = 0
    for (let i = 0; i < 4; i++) {
      const { id, oid } = bigEntry(listing, i)
      const marker = Buffer.from([1, 0, id & 0xff, (id >> 8) & 0xff, (id >> 16) & 0xff, (id >> 24) & 0xff])
      const at = bytes.lastIndexOf(marker)
      expect(at).toBeGreaterThan(0)
      const bad = Buffer.from(bytes)
      bad[at + 40_000] ^= 0x10
      fs.writeFileSync(flipped, bad)
      const single = spawnSync(tools.pgRestore, ['--file=/dev/null', flipped], { env: { PATH: STANDARD_PATH } })
      expect(single.status).not.toBe(0)
      for (let share = 0; share < 4; share++) {
        // The damaged table alone on share `share`: the largest first on share 0, then one each on the next.
        const order = [0, 1, 2, 3].filter(j => j !== i).map(j => bigEntry(listing, j).oid)
        order.splice(share, 0, oid)
        const rigged = new Map([...sizes.keys()].map(k => [k, 1]))
        order.forEach((k, n) => rigged.set(k, 1e9 - n))
        const lists = splitListing(listing, rigged, 4)
        expect(lists[share]).toMatch(new RegExp(`TABLE DATA public big_${i} `))
        await expect(checkArchive(tools, flipped, 'custom', { tableBytes: rigged, readers: 4 })).rejects.toThrow(/failed verification/)
        tried++
      }
    }
    expect(tried).toBe(16)
    expect(fs.readdirSync(scratch).filter(f => f.startsWith('.verify-lists-'))).toEqual([])
  }, 300_000)

  test('directory format: a bit flipped in one .dat.gz fails the check, as a single read does', async () => {
    const archive = dump('directory', 'flip.dir')
    const listing = execFileSync(tools.pgRestore, ['--list', archive], { env: { PATH: STANDARD_PATH }, maxBuffer: 1 << 28 }).toString()
    const sizes = await tableBytes()
    for (let i = 0; i < 4; i++) {
      const { id } = bigEntry(listing, i)
      const file = path.join(archive, `${id}.dat.gz`)
      const original = fs.readFileSync(file)
      const bad = Buffer.from(original)
      bad[Math.floor(bad.length / 2)] ^= 0x10
      fs.writeFileSync(file, bad)
      try {
        const single = spawnSync(tools.pgRestore, ['--file=/dev/null', archive], { env: { PATH: STANDARD_PATH } })
        expect([i, single.status === 0]).toEqual([i, false])
        await expect(checkArchive(tools, archive, 'directory', { tableBytes: sizes, readers: 4 })).rejects.toThrow(/failed verification/)
      } finally {
        fs.writeFileSync(file, original)
      }
    }
    expect(fs.readdirSync(scratch).filter(f => f.startsWith('.verify-lists-'))).toEqual([])
  }, 300_000)
})

describe('the sizes the backup reads, matched to the listing', () => {
  test('tables in a schema whose name has a space, named with a newline: each of the four largest on a share of its own', async () => {
    const target = parseDatabaseUrl({ raw: pg.cluster.url({ database: db }), source: "input 'database-url'" })
    const session = await openSession(target, { readOnly: true, connectTimeoutMs: 10_000, statementTimeoutMs: 30_000, lockTimeoutMs: 5_000, applicationName: 'archive-shares test' })
    let sizes: ReadonlyMap<string, number>
    try {
      sizes = (await readDatabaseFacts(session, target, 5_000)).tableBytes
    } finally {
      await closeSession(session)
    }
    const archive = dump('custom', 'sizes.dump')
    const listing = execFileSync(tools.pgRestore, ['--list', archive], { env: { PATH: STANDARD_PATH }, maxBuffer: 1 << 28 }).toString()
    const lists = splitListing(listing, sizes, 4)
    expect(lists.map(list => (list.match(/TABLE DATA my app large \d /g) ?? []).length)).toEqual([1, 1, 1, 1])
  }, 120_000)
})

describe('cancelled while the shares are read (dist/index.js)', () => {
  /** Starts a backup and sends `signal` once a share's list folder exists in the staging folder, mid-verification. */
  async function cancelDuringShares(signal: 'SIGTERM' | 'SIGKILL'): Promise<{ dir: string; runEnv: Record<string, string>; r: Awaited<ReturnType<typeof startAction>['result']>; sent: boolean }> {
    const bigDb = await freshDatabase(pg.cluster, async c => {
      for (let i = 0; i < 2; i++) await c.query(`CREATE TABLE noise_${i} AS SELECT g AS id, md5(random()::text) || md5(random()::text) AS v FROM generate_series(1, 300000) g`)
      await c.query('ANALYZE')
    })
    const dir = path.join(fs.mkdtempSync(path.join(scratch, 'cancel-')), 'b')
    const runEnv = { PATH: STANDARD_PATH, HOME: scratch, TMPDIR: fs.mkdtempSync(path.join(scratch, 'tmp-')), CI: 'true', GITHUB_ACTIONS: 'true', NODE_ENV: 'production' }
    const started = startAction({ env: runEnv, eventName: 'push', inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir }, timeoutMs: 120_000 })
    let sent = false
    const watch = setInterval(() => {
      if (sent || !fs.existsSync(dir)) return
      for (const entry of fs.readdirSync(dir)) {
        const staging = path.join(dir, entry)
        if (!entry.includes('.partial-') || !fs.statSync(staging).isDirectory()) continue
        if (fs.readdirSync(staging).some(n => n.startsWith('.verify-lists-'))) {
          sent = true
          started.child.kill(signal)
        }
      }
    }, 2)
    const r = await started.result
    clearInterval(watch)
    return { dir, runEnv, r, sent }
  }

  test('SIGTERM: no list folder, no staging folder, nothing left', async () => {
    if (os.availableParallelism() < 2) return expect(os.availableParallelism()).toBe(1)
    const { dir, r, sent } = await cancelDuringShares('SIGTERM')
    expect(sent).toBe(true)
    expect(r.code).toBe(143)
    expect(errorOf(r)).toMatch(/The backup was cancelled \(SIGTERM\)/)
    expect(fs.readdirSync(dir)).toEqual([])
  }, 180_000)

  test('SIGKILL: the post step removes the staging folder with its list folder', async () => {
    if (os.availableParallelism() < 2) return expect(os.availableParallelism()).toBe(1)
    const { dir, runEnv, r, sent } = await cancelDuringShares('SIGKILL')
    expect(sent).toBe(true)
    expect(r.signal).toBe('SIGKILL')
    // A kill runs no cleanup: the staging folder, its list folder in it, is still there.
    const staging = fs.readdirSync(dir).filter(n => n.includes('.partial-'))
    expect(staging).toHaveLength(1)
    expect(fs.readdirSync(path.join(dir, staging[0])).some(n => n.startsWith('.verify-lists-'))).toBe(true)
    const post = await runPostStep({ env: runEnv, inputs: { phase: 'backup' }, state: r.state })
    expect(post.code).toBe(0)
    expect(fs.readdirSync(dir)).toEqual([])
  }, 180_000)
})
