import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { generatedMigrations, applyLikePrisma, writeMigration } from '../../test-support/fixtures.mjs'
import { runAction, startAction, allTexts, findSecretLeaks, errorOf, urlParses, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase, tempProject } from '../helpers/suite.js'
import { discoverPgTools, choosePgTools, type PgTools } from '../../src/postgres/pg-tools.js'
import { manifestPathFor } from '../../src/archive/manifest-file.js'
import { versionProblem } from '../../src/archive/versions.js'
import { normalizeSchemaScript, dumpSchema } from '../../src/archive/schema-text.js'
import { runPgRestore } from '../../src/archive/pg-restore.js'
import { dbnameArg } from '../../src/postgres/libpq-env.js'

/**
 * The restore phase (SPEC 8) against a real server, through the bundled dist/index.js: a failed
 * deploy undone from the encrypted backup taken before it, every refusal before the database is
 * touched, connected sessions, and a restore killed or cut off midway leaving the database as it was.
 */

const PASSWORD = 're:/st@%+ore'
const GROUP = '::group::[RESTORE] Restoring the database from a verified backup'
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const BASE = generatedMigrations(2)
/** What the failed deploy brings: a table, a column (with an index and a type), then a failure. */
const FAILED_DEPLOY = [
  { name: '20250101000000_add_table', sql: 'CREATE TABLE "extra" ("id" SERIAL PRIMARY KEY, "v" TEXT);\nINSERT INTO "extra" ("v") VALUES (\'written by the deploy\');\n' },
  {
    name: '20250101000100_add_column',
    sql: 'CREATE TYPE "mood" AS ENUM (\'ok\', \'sad\');\nALTER TABLE "t0000" ADD COLUMN "note" TEXT, ADD COLUMN "mood" "mood";\nCREATE INDEX "t0000_note_idx" ON "t0000"("note");\n'
  },
  { name: '20250101000200_fails', sql: 'UPDATE "t0000" SET "note" = \'x\';\nSELECT 1 / 0;\n' }
]

const pg = useCluster({ password: PASSWORD })
let tools: PgTools
let scratch: string
let home: string

interface Key {
  identity: string
  recipient: string
}
let key: Key
let otherKey: Key

function keygen(name: string): Key {
  const file = path.join(scratch, `${name}.key`)
  execFileSync('age-keygen', ['-o', file], { stdio: 'pipe' })
  const text = fs.readFileSync(file, 'utf8')
  return { identity: text.split('\n').find(l => l.startsWith('AGE-SECRET-KEY-1')) as string, recipient: /public key: (age1[0-9a-z]+)/.exec(text)?.[1] as string }
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-test-'))
  home = path.join(scratch, 'home')
  fs.mkdirSync(home)
  const chosen = choosePgTools(await discoverPgTools({ pathEnv: STANDARD_PATH }), Number(pg.cluster.version.split('.')[0]))
  if (!chosen) throw new Error(`no pg_dump for PostgreSQL ${pg.cluster.version} on this machine`)
  tools = chosen
  key = keygen('restore')
  otherKey = keygen('other')
  for (const role of ['app_owner', 'app_reader']) await pg.cluster.query(`DO $$ BEGIN CREATE ROLE ${role}; EXCEPTION WHEN duplicate_object THEN NULL; END $$`)
})

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratch, prefix))
}

/** The environment of every run, set here rather than inherited. */
function runEnv(): Record<string, string | undefined> {
  return { ...GUARDED_ENV, PATH: STANDARD_PATH, HOME: home, TMPDIR: tempDir('tmp-'), DATABASE_URL: undefined, LANG: 'C.UTF-8', LC_ALL: undefined }
}

async function backup(db: string, o: { encrypted?: boolean } = {}): Promise<Record<string, string>> {
  const r = await runAction({
    env: runEnv(),
    eventName: 'push',
    inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), 'backup-dir': tempDir('backups-'), ...(o.encrypted ? { 'backup-recipients': key.recipient } : {}) },
    timeoutMs: 120_000
  })
  if (r.code !== 0) throw new Error(`backup failed: ${errorOf(r)}\n${r.stdout}`)
  return r.outputs
}

function restoreInputs(db: string, backupPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return { phase: 'restore', 'database-url': pg.cluster.url({ database: db }), 'backup-path': backupPath, 'confirm-restore': db, 'backup-dir': tempDir('pre-restore-'), ...extra }
}

function restore(db: string, backupPath: string, extra: Record<string, string> = {}, o: { eventName?: string; url?: string } = {}): Promise<RunResult> {
  const inputs = restoreInputs(db, backupPath, extra)
  if (o.url) inputs['database-url'] = o.url
  return runAction({ env: runEnv(), eventName: o.eventName ?? 'workflow_dispatch', inputs, timeoutMs: 180_000 })
}

/** Schema and data of a database as pg_dump prints them (owners and privileges included), normalized. */
function dumpOf(db: string): string {
  const out = execFileSync(tools.pgDump, ['--no-password', '--file=-'], {
    env: { PATH: STANDARD_PATH, HOME: home, PGHOST: pg.cluster.host, PGPORT: String(pg.cluster.port), PGUSER: pg.cluster.user, PGPASSWORD: pg.cluster.password, PGDATABASE: db },
    maxBuffer: 512 * 1024 * 1024
  }).toString()
  return normalizeSchemaScript(out)
}

interface DbProps {
  owner: string
  acl: string | null
  settings: string[]
  comment: string | null
}

async function propsOf(db: string): Promise<DbProps> {
  const rows = (await pg.cluster.query(
    `SELECT pg_get_userbyid(datdba) AS owner, datacl::text AS acl, shobj_description(oid, 'pg_database') AS comment,
            ARRAY(SELECT unnest(setconfig) FROM pg_db_role_setting s WHERE s.setdatabase = d.oid ORDER BY 1) AS settings
       FROM pg_database d WHERE datname = $1`,
    [db]
  )) as DbProps[]
  return rows[0]
}

async function databasesLike(prefix: string): Promise<string[]> {
  const rows = (await pg.cluster.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1`, [prefix])) as { datname: string }[]
  return rows.map(r => r.datname)
}

/** A database shaped like production: owned by an application role, with settings, grants and a comment. */
function seededDatabase(extraSql = '', name?: string): Promise<string> {
  return freshDatabase(
    pg.cluster,
    async client => {
      await applyLikePrisma(client, BASE)
      const db = (await client.query<{ d: string }>('SELECT current_database() AS d')).rows[0]?.d
      await client.query(`
      CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
      INSERT INTO customers (email) SELECT 'user' || i || '@example.com' FROM generate_series(1, 500) i;
      INSERT INTO t0000 (name) SELECT 'n' || i FROM generate_series(1, 200) i;
      ALTER TABLE customers OWNER TO app_owner;
      GRANT SELECT ON customers TO app_reader;
      ALTER DATABASE "${db}" OWNER TO app_owner;
      ALTER DATABASE "${db}" SET search_path TO "$user", public;
      ALTER DATABASE "${db}" SET statement_timeout TO '5min';
      REVOKE CONNECT, TEMPORARY ON DATABASE "${db}" FROM PUBLIC;
      GRANT CONNECT ON DATABASE "${db}" TO app_reader;
      COMMENT ON DATABASE "${db}" IS 'the shop';
      ${extraSql}
    `)
    },
    name
  )
}

function project(): string {
  const p = tempProject({ migrations: BASE })
  for (const m of FAILED_DEPLOY) writeMigration(p.migrationsDir, m)
  return p.root
}

function phase(root: string, db: string, name: 'verify' | 'deploy'): Promise<RunResult> {
  return runAction({ workspace: root, env: runEnv(), eventName: 'push', inputs: { phase: name, 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin' }, timeoutMs: 120_000 })
}

describe('a failed deploy, restored from the encrypted backup taken before it (end to end through dist/index.js)', () => {
  test("schema, data and database-level properties equal the backup's; books equal the manifest's; verify shows the same pending list", async () => {
    const db = await seededDatabase()
    const root = project()
    const verifyBefore = await phase(root, db, 'verify')
    expect(verifyBefore.code).toBe(0)
    const pendingBefore = JSON.parse(verifyBefore.outputs['pending-migrations'])
    expect(pendingBefore).toEqual(FAILED_DEPLOY.map(m => m.name))

    const b = await backup(db, { encrypted: true })
    const manifest = JSON.parse(fs.readFileSync(b['manifest-path'], 'utf8'))
    const dumpBefore = dumpOf(db)
    const propsBefore = await propsOf(db)

    const deployed = await phase(root, db, 'deploy')
    expect(deployed.code).not.toBe(0)
    // The failed deploy left a table, a column, an index, a type and a failed row behind.
    const left = (await pg.cluster.query(
      `SELECT to_regclass('public.extra') IS NOT NULL AS t, to_regclass('public.t0000_note_idx') IS NOT NULL AS i, to_regtype('public.mood') IS NOT NULL AS y,
              (SELECT count(*)::int FROM _prisma_migrations WHERE finished_at IS NULL) AS failed`,
      [],
      db
    )) as { t: boolean; i: boolean; y: boolean; failed: number }[]
    expect(left[0]).toEqual({ t: true, i: true, y: true, failed: 1 })
    await pg.cluster.query(`INSERT INTO customers (email) VALUES ('after-the-backup@example.com')`, [], db)

    // Only the encrypted file and the manifest, as the artifact holds them.
    const artifact = tempDir('artifact-')
    const agePath = path.join(artifact, path.basename(b['encrypted-backup-path']))
    fs.copyFileSync(b['encrypted-backup-path'], agePath)
    fs.copyFileSync(b['manifest-path'], path.join(artifact, path.basename(b['manifest-path'])))

    const r = await restore(db, agePath, { 'backup-identity': key.identity, 'backup-recipients': key.recipient })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(GROUP)
    // The restore backs up the current state with the backup phase's code: still one parse of the URL.
    expect(urlParses(r)).toBe(1)
    expect(dumpOf(db)).toEqual(dumpBefore)
    expect(await propsOf(db)).toEqual(propsBefore)
    expect(JSON.parse(r.outputs['restored-migrations'])).toEqual(manifest.migrationsApplied)
    const books = (await pg.cluster.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY started_at, migration_name`, [], db)) as { migration_name: string }[]
    expect(books.map(x => x.migration_name)).toEqual(manifest.migrationsApplied)

    const verifyAfter = await phase(root, db, 'verify')
    expect(verifyAfter.code).toBe(0)
    expect(JSON.parse(verifyAfter.outputs['pending-migrations'])).toEqual(pendingBefore)

    // The state before the restore: backed up (verified, with the row written after the backup) and kept as a database.
    const prePath = r.outputs['pre-restore-backup-path']
    expect(fs.statSync(prePath).size).toBeGreaterThan(0)
    const preManifest = JSON.parse(fs.readFileSync(prePath.replace(/\.dump$/, '.manifest.json'), 'utf8'))
    // Encrypted like any backup (backup-recipients): the .age file is what the workflow uploads.
    expect(preManifest.encrypted.file).toBe(`${path.basename(prePath)}.age`)
    expect(fs.statSync(`${prePath}.age`).size).toBe(preManifest.encrypted.size)
    expect(preManifest.migrationsApplied).toEqual([...manifest.migrationsApplied, FAILED_DEPLOY[0]?.name, FAILED_DEPLOY[1]?.name])
    const kept = await databasesLike(`${db}_pre_restore_`)
    expect(kept).toHaveLength(1)
    const keptRows = (await pg.cluster.query(`SELECT count(*)::int AS n FROM customers WHERE email = 'after-the-backup@example.com'`, [], kept[0])) as { n: number }[]
    expect(keptRows[0]?.n).toBe(1)
    expect(await databasesLike(`${db}_restore_`)).toEqual([])

    // The summary: what was restored, from which run, and what the database looked like before.
    expect(r.summary).toContain('restore: restored')
    expect(r.summary).toContain(`run ${manifest.runId}`)
    expect(r.summary).toContain(manifest.createdAt)
    expect(r.summary).toMatch(/before the restore: \d+ tables, 4 migrations applied/)
    expect(r.summary).toContain(`DROP DATABASE "${kept[0]}"`)
    expect(findSecretLeaks(key.identity, allTexts(r))).toEqual([])
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  }, 300_000)
})

describe('refused before the database is touched', () => {
  let db: string
  let other: string
  let plain: Record<string, string>
  let encrypted: Record<string, string>
  let otherBackup: Record<string, string>
  let dumpBefore: string

  beforeAll(async () => {
    db = await seededDatabase()
    other = await seededDatabase()
    plain = await backup(db)
    encrypted = await backup(db, { encrypted: true })
    otherBackup = await backup(other)
    await pg.cluster.query(`CREATE TABLE after_backup (id int)`, [], db)
    dumpBefore = dumpOf(db)
  }, 300_000)

  /** Nothing changed: the same dump, no copy or kept database, no pre-restore backup written. */
  async function untouched(r: RunResult): Promise<void> {
    expect(r.code).not.toBe(0)
    expect(r.outputs['pre-restore-backup-path']).toBeUndefined()
    expect(r.stdout).not.toContain('pre-restore dump')
    expect(dumpOf(db)).toEqual(dumpBefore)
    expect(await databasesLike(`${db}_`)).toEqual([])
  }

  test('a wrong confirmation, before any connection is made', async () => {
    const r = await restore(db, plain['backup-path'], { 'confirm-restore': db.toUpperCase() })
    expect(errorOf(r)).toMatch(new RegExp(`'confirm-restore' is '${db.toUpperCase()}', and the target database is '${db}'`))
    await untouched(r)
    // The same refusal with nothing listening at the URL's port: no connection was attempted.
    const closed = await restore(db, plain['backup-path'], { 'confirm-restore': 'nope' }, { url: `postgresql://nobody:not-the-password@127.0.0.1:1/${db}` })
    expect(errorOf(closed)).toMatch(/'confirm-restore' is 'nope'/)
    const missing = await restore(db, plain['backup-path'], { 'confirm-restore': '' })
    expect(errorOf(missing)).toMatch(/needs 'confirm-restore', and it is empty/)
  }, 120_000)

  test('a backup of another database', async () => {
    const r = await restore(db, otherBackup['backup-path'])
    expect(errorOf(r)).toContain(`The backup is of database '${other}'`)
    await untouched(r)
  }, 120_000)

  test('a tampered archive, plaintext or encrypted', async () => {
    for (const [file, expected] of [
      [plain['backup-path'], /does not match its manifest: sha256/],
      [encrypted['encrypted-backup-path'], /encrypted backup .* does not match its manifest/]
    ] as const) {
      const dir = tempDir('tampered-')
      const copy = path.join(dir, path.basename(file))
      const bytes = fs.readFileSync(file)
      bytes[bytes.length - 100] ^= 0xff
      fs.writeFileSync(copy, bytes)
      const manifest = (plain['backup-path'] === file ? plain : encrypted)['manifest-path']
      fs.copyFileSync(manifest, path.join(dir, path.basename(manifest)))
      const r = await restore(db, copy, { 'backup-identity': key.identity })
      expect(errorOf(r)).toMatch(expected)
      await untouched(r)
    }
  }, 120_000)

  test('a wrong identity, and no identity for a .age file', async () => {
    const r = await restore(db, encrypted['encrypted-backup-path'], { 'backup-identity': otherKey.identity })
    expect(errorOf(r)).toMatch(/age identity cannot decrypt/)
    expect(findSecretLeaks(otherKey.identity, allTexts(r))).toEqual([])
    await untouched(r)
    const none = await restore(db, encrypted['encrypted-backup-path'])
    expect(errorOf(none)).toMatch(/is encrypted, and no 'backup-identity' was given/)
    await untouched(none)
  }, 120_000)

  test('a server older than the dump', async () => {
    const dir = tempDir('newer-')
    const copy = path.join(dir, path.basename(plain['backup-path']))
    fs.copyFileSync(plain['backup-path'], copy)
    const manifest = JSON.parse(fs.readFileSync(plain['manifest-path'], 'utf8'))
    fs.writeFileSync(path.join(dir, path.basename(plain['manifest-path'])), JSON.stringify({ ...manifest, serverVersion: '99.1' }))
    const r = await restore(db, copy)
    expect(errorOf(r)).toMatch(/taken from PostgreSQL 99\.1, and the target server runs PostgreSQL \d+/)
    await untouched(r)
  }, 120_000)

  test('a role that could not complete the restore (no CREATEDB, not the owner)', async () => {
    await pg.cluster.query(`DO $$ BEGIN CREATE ROLE restorer LOGIN PASSWORD 'restorer-password'; EXCEPTION WHEN duplicate_object THEN NULL; END $$`)
    await pg.cluster.query(`GRANT CONNECT ON DATABASE "${db}" TO restorer`)
    const url = pg.cluster.url({ database: db, user: 'restorer', password: 'restorer-password' })
    const r = await restore(db, plain['backup-path'], {}, { url })
    expect(errorOf(r)).toMatch(/The role 'restorer' lacks the CREATEDB privilege .* and membership in the database's owner role 'app_owner'/)
    await pg.cluster.query(`REVOKE CONNECT ON DATABASE "${db}" FROM restorer`)
    dumpBefore = dumpOf(db)
    await untouched(r)
  }, 120_000)

  test('an event other than workflow_dispatch', async () => {
    const r = await restore(db, plain['backup-path'], {}, { eventName: 'push' })
    expect(errorOf(r)).toMatch(/workflow_dispatch/)
    await untouched(r)
  }, 120_000)
})

describe('a directory-format backup', () => {
  test('restored from its .dir.tar.age file', async () => {
    const db = await seededDatabase()
    const r0 = await runAction({
      env: runEnv(),
      eventName: 'push',
      inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), 'backup-dir': tempDir('backups-'), 'backup-format': 'directory', 'backup-recipients': key.recipient },
      timeoutMs: 120_000
    })
    expect(r0.code).toBe(0)
    const dumpBefore = dumpOf(db)
    await pg.cluster.query(`CREATE TABLE after_backup (id int); DELETE FROM customers WHERE id < 100`, [], db)
    const r = await restore(db, r0.outputs['encrypted-backup-path'], { 'backup-identity': key.identity })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r0.outputs['encrypted-backup-path']).toMatch(/\.dir\.tar\.age$/)
    expect(dumpOf(db)).toEqual(dumpBefore)
  }, 120_000)
})

describe('sessions connected to the database', () => {
  test('refused by default, listing them; ended with terminate-connections: true', async () => {
    const db = await seededDatabase()
    const b = await backup(db)
    await pg.cluster.query(`CREATE TABLE after_backup (id int)`, [], db)
    const dumpBefore = dumpOf(db)
    const app = await pg.cluster.client({ database: db })
    app.on('error', () => {})
    await app.query(`SET application_name = 'shop-worker'`)
    const pid = ((await app.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid
    // A copy left behind by an earlier restore killed midway: reported, never used or dropped unasked.
    await pg.cluster.query(`CREATE DATABASE "${db}_restore_0badc0de"`)
    try {
      const refused = await restore(db, b['backup-path'])
      expect(errorOf(refused)).toMatch(new RegExp(`1 other session is connected to '${db}': pid ${pid} \\(application 'shop-worker'`))
      expect(refused.stdout).toMatch(new RegExp(`::warning::Left behind by an earlier restore that did not finish .*'${db}_restore_0badc0de'`))
      expect(dumpOf(db)).toEqual(dumpBefore)
      expect(await databasesLike(`${db}_`)).toEqual([`${db}_restore_0badc0de`])
      await pg.cluster.query(`DROP DATABASE "${db}_restore_0badc0de"`)

      const r = await restore(db, b['backup-path'], { 'terminate-connections': 'true' })
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`1 session ended \\(pid ${pid} \\(application 'shop-worker'`))
      await expect(app.query('SELECT 1')).rejects.toThrow()
      const tables = (await pg.cluster.query(`SELECT to_regclass('public.after_backup') IS NULL AS gone`, [], db)) as { gone: boolean }[]
      expect(tables[0]?.gone).toBe(true)
    } finally {
      await app.end().catch(() => {})
    }
  }, 300_000)
})

describe('background work of the server on the database', () => {
  test('an autovacuum worker is not a connected session: the restore neither waits for it nor refuses', async () => {
    const db = await seededDatabase()
    const b = await backup(db)
    // A vacuum that lasts: dead rows, and a cost limit that makes the worker sleep after every page.
    await pg.cluster.query(
      `CREATE TABLE slow_vacuum (id int, pad text) WITH (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_limit = 1, autovacuum_vacuum_cost_delay = 100);
       INSERT INTO slow_vacuum SELECT g, repeat('x', 200) FROM generate_series(1, 50000) g;
       DELETE FROM slow_vacuum;`,
      [],
      db
    )
    await pg.cluster.query(`ALTER SYSTEM SET autovacuum_naptime = 1`)
    await pg.cluster.query(`SELECT pg_reload_conf()`)
    try {
      let worker: number | undefined
      for (const deadline = Date.now() + 90_000; worker === undefined && Date.now() < deadline;) {
        const rows = (await pg.cluster.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'autovacuum worker'`, [db])) as { pid: number }[]
        worker = rows[0]?.pid
        if (worker === undefined) await new Promise(resolve => setTimeout(resolve, 100))
      }
      expect(worker).toBeDefined()
      const r = await restore(db, b['backup-path'])
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`0 other sessions on '${db}'`)
      const tables = (await pg.cluster.query(`SELECT to_regclass('public.slow_vacuum') IS NULL AS gone`, [], db)) as { gone: boolean }[]
      expect(tables[0]?.gone).toBe(true)
    } finally {
      await pg.cluster.query(`ALTER SYSTEM RESET autovacuum_naptime`)
      await pg.cluster.query(`SELECT pg_reload_conf()`)
    }
  }, 300_000)
})

describe('a restore stopped midway leaves the database as it was', () => {
  let db: string
  let b: Record<string, string>
  let before: string

  beforeAll(async () => {
    // Big enough that pg_restore runs for a few seconds.
    db = await seededDatabase(
      `CREATE TABLE big (id bigint PRIMARY KEY, a text, b text); INSERT INTO big SELECT i, md5(i::text), md5((i * 7)::text) FROM generate_series(1, 1500000) i; CREATE INDEX big_a ON big (a); CREATE INDEX big_b ON big (b);`
    )
    b = await backup(db)
    await pg.cluster.query(`CREATE TABLE after_backup (id int); INSERT INTO big VALUES (0, 'after', 'backup')`, [], db)
    before = await fingerprint(db)
  }, 300_000)

  async function fingerprint(database: string): Promise<string> {
    const schema = normalizeSchemaScript(
      execFileSync(tools.pgDump, ['--schema-only', '--no-password', '--file=-'], {
        env: { PATH: STANDARD_PATH, PGHOST: pg.cluster.host, PGPORT: String(pg.cluster.port), PGUSER: pg.cluster.user, PGPASSWORD: pg.cluster.password, PGDATABASE: database }
      }).toString()
    )
    const data = (await pg.cluster.query(
      `SELECT (SELECT md5(string_agg(id || a || b, ',' ORDER BY id)) FROM big) AS big, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM _prisma_migrations) AS books`,
      [],
      database
    )) as unknown[]
    return `${schema}\n${JSON.stringify(data)}`
  }

  async function pgRestoreBackend(): Promise<number | undefined> {
    // Before pg_restore connects, the phase proves the archive and takes the pre-restore backup:
    // seconds on an idle machine, much longer on a loaded one.
    const deadline = Date.now() + 150_000
    while (Date.now() < deadline) {
      const rows = (await pg.cluster.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'db-deploy-action pg_restore' AND state = 'active'`)) as { pid: number }[]
      if (rows[0]) return rows[0].pid
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    return undefined
  }

  test('the action killed with SIGKILL during pg_restore', async () => {
    const started = startAction({ env: runEnv(), eventName: 'workflow_dispatch', inputs: restoreInputs(db, b['backup-path']), timeoutMs: 180_000 })
    const backend = await pgRestoreBackend()
    expect(backend).toBeDefined()
    started.child.kill('SIGKILL')
    const r = await started.result
    expect(r.signal).toBe('SIGKILL')
    // pg_restore died with the action (its backend goes away), and the target is as it was.
    for (let i = 0; i < 100; i++) {
      const rows = (await pg.cluster.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1`, [backend])) as { n: number }[]
      if (rows[0]?.n === 0) break
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    expect(await fingerprint(db)).toEqual(before)
    expect(await databasesLike(`${db}_pre_restore_`)).toEqual([])
    // The partial copy (killed before it could drop it) is left under its own name, never the target's.
    const copies = await databasesLike(`${db}_restore_`)
    for (const copy of copies) await pg.cluster.query(`DROP DATABASE "${copy}" WITH (FORCE)`)
  }, 300_000)

  test('the action cancelled (SIGTERM) during pg_restore', async () => {
    const started = startAction({ env: runEnv(), eventName: 'workflow_dispatch', inputs: restoreInputs(db, b['backup-path']), timeoutMs: 180_000 })
    expect(await pgRestoreBackend()).toBeDefined()
    started.child.kill('SIGTERM')
    const r = await started.result
    expect(r.code).toBe(143)
    const dropped = new RegExp(
      `The database was not changed: read back from pg_database, '${db}' is still the database it was \\(oid \\d+\\), and the copy being restored, '${db}_restore_[0-9a-f]{8}', was dropped`
    )
    expect(errorOf(r)).toMatch(/The restore was cancelled \(SIGTERM\); pg_restore was stopped\./)
    expect(errorOf(r)).toMatch(dropped)
    expect(r.summary).toContain('restore: cancelled')
    expect(r.summary).toMatch(dropped)
    expect(await fingerprint(db)).toEqual(before)
    expect(await databasesLike(`${db}_`)).toEqual([])
  }, 300_000)

  test("the server's connection of pg_restore terminated midway", async () => {
    const started = startAction({ env: runEnv(), eventName: 'workflow_dispatch', inputs: restoreInputs(db, b['backup-path']), timeoutMs: 180_000 })
    const backend = await pgRestoreBackend()
    expect(backend).toBeDefined()
    await pg.cluster.query('SELECT pg_terminate_backend($1)', [backend])
    const r = await started.result
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toMatch(/pg_restore exited with code \d+[\s\S]*was not changed/)
    expect(r.stdout).toMatch(/Dropped the partial copy/)
    expect(await fingerprint(db)).toEqual(before)
    expect(await databasesLike(`${db}_`)).toEqual([])
  }, 300_000)
})

/**
 * A TCP proxy in front of the cluster that cuts in at the swap's COMMIT (the one that follows an
 * ALTER DATABASE … RENAME on a connection). `lose-reply`: it forwards the COMMIT to the server
 * (which commits), then closes the client's side without the reply, as a network that drops at that
 * moment would. `refuse-all`: the same, and every later connection is closed at once (the server
 * cannot be read). `refuse-database`: the COMMIT and its reply pass, and every later connection to
 * the database `database` is closed at once (a step after the swap fails).
 */
async function commitReplyLost(o: {
  mode: 'lose-reply' | 'refuse-all' | 'refuse-database'
  database?: string
}): Promise<{ url: (database: string) => string; cut: () => boolean; close: () => Promise<void> }> {
  let cut = false
  const sockets = new Set<net.Socket>()
  const track = (s: net.Socket): void => {
    sockets.add(s)
    s.on('error', () => {})
    s.on('close', () => sockets.delete(s))
  }
  const server = net.createServer(client => {
    track(client)
    if (cut && o.mode === 'refuse-all') {
      client.destroy()
      return
    }
    const refused = Buffer.from(`database\0${o.database ?? ''}\0`, 'utf8')
    let started = false
    const upstream = net.connect(pg.cluster.port, pg.cluster.host)
    track(upstream)
    let renamed = false
    let lost = false
    client.on('data', chunk => {
      if (lost) return
      if (cut && !started && o.mode === 'refuse-database' && chunk.includes(refused)) {
        client.destroy()
        upstream.destroy()
        return
      }
      if (chunk.includes(Buffer.from('database\0'))) started = true
      const text = chunk.toString('latin1')
      if (/ALTER DATABASE [\s\S]* RENAME TO /.test(text)) renamed = true
      upstream.write(chunk)
      if (renamed && /Q[\s\S]{4}COMMIT\0/.test(text) && !cut) {
        cut = true
        if (o.mode === 'refuse-database') return
        lost = true
        client.destroy()
        setTimeout(() => upstream.end(), 2000).unref()
      }
    })
    upstream.on('data', chunk => {
      if (!lost) client.write(chunk)
    })
    upstream.on('close', () => client.destroy())
    client.on('close', () => {
      if (!lost) upstream.destroy()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    url: database => pg.cluster.url({ database }).replace(`@${pg.cluster.host}:${pg.cluster.port}/`, `@127.0.0.1:${port}/`),
    cut: () => cut,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  }
}

describe('a failure once the swap may have committed: the outcome is read back from pg_database', () => {
  async function tableExists(database: string, table: string): Promise<boolean> {
    const rows = (await pg.cluster.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`public.${table}`], database)) as { present: boolean }[]
    return rows[0]?.present === true
  }

  test("the answer to the swap's COMMIT lost: the swap is read back as committed, nothing is dropped, and the statements to go back work", async () => {
    const db = await seededDatabase()
    const b = await backup(db)
    await pg.cluster.query(`CREATE TABLE after_backup (id int)`, [], db)
    const proxy = await commitReplyLost({ mode: 'lose-reply' })
    let r: RunResult
    try {
      r = await restore(db, b['backup-path'], {}, { url: proxy.url(db) })
    } finally {
      await proxy.close()
    }
    expect(proxy.cut()).toBe(true)
    expect(r.code).not.toBe(0)
    // The server: the restored copy under the target's name, the previous database kept, nothing dropped.
    const kept = await databasesLike(`${db}_pre_restore_`)
    expect(kept).toHaveLength(1)
    const previous = kept[0]
    expect(await tableExists(db, 'after_backup')).toBe(false)
    expect(await tableExists(previous, 'after_backup')).toBe(true)
    expect(await databasesLike(`${db}_restore_`)).toEqual([])

    // The error, the summary and the log say so, read back; none says the database was not changed.
    const error = errorOf(r)
    const committed = new RegExp(
      `The swap committed: read back from pg_database, '${db}' now holds the restored copy \\(oid \\d+\\), and the database it replaced is kept as '${previous}' \\(oid \\d+\\)\\. Nothing was dropped\\.`
    )
    expect(error).toMatch(committed)
    expect(r.summary).toMatch(committed)
    expect(r.stdout).toMatch(new RegExp(`::warning::${committed.source}`))
    for (const text of [error, r.summary, r.stdout]) {
      expect(text).not.toMatch(/not changed|Nothing was renamed|Dropped the partial copy/)
    }
    // The statements to go back, as printed, put the previous database back under its name.
    const back = /To put the previous database back \(from another database, with no session on either\): (ALTER DATABASE "[^"]+" RENAME TO "[^"]+";) (ALTER DATABASE "[^"]+" RENAME TO "[^"]+";)/.exec(
      error
    )
    expect(back?.[1]).toMatch(new RegExp(`^ALTER DATABASE "${db}" RENAME TO "${db}_restore_[0-9a-f]{8}";$`))
    expect(back?.[2]).toBe(`ALTER DATABASE "${previous}" RENAME TO "${db}";`)
    await pg.cluster.query(`${back?.[1]} ${back?.[2]}`)
    expect(await tableExists(db, 'after_backup')).toBe(true)
    for (const copy of await databasesLike(`${db}_restore_`)) await pg.cluster.query(`DROP DATABASE "${copy}"`)
  }, 300_000)

  test('the read-back after a committed swap fails: the failure says the swap committed, and nothing is dropped', async () => {
    const db = await seededDatabase()
    const b = await backup(db)
    await pg.cluster.query(`CREATE TABLE after_backup (id int)`, [], db)
    const proxy = await commitReplyLost({ mode: 'refuse-database', database: db })
    let r: RunResult
    try {
      r = await restore(db, b['backup-path'], {}, { url: proxy.url(db) })
    } finally {
      await proxy.close()
    }
    expect(proxy.cut()).toBe(true)
    expect(r.code).not.toBe(0)
    expect(r.stdout).toMatch(/✓ swap: /)
    expect(r.stdout).toMatch(/✗ read-back: /)
    const kept = await databasesLike(`${db}_pre_restore_`)
    expect(kept).toHaveLength(1)
    const committed = new RegExp(`The swap committed: read back from pg_database, '${db}' now holds the restored copy \\(oid \\d+\\), and the database it replaced is kept as '${kept[0]}'`)
    expect(errorOf(r)).toMatch(committed)
    expect(r.summary).toMatch(new RegExp(`The restore failed at 'read-back'\\. ${committed.source}`))
    for (const text of [errorOf(r), r.summary, r.stdout]) expect(text).not.toMatch(/not changed|Dropped the partial copy/)
    expect(await tableExists(db, 'after_backup')).toBe(false)
    expect(await tableExists(kept[0], 'after_backup')).toBe(true)
  }, 300_000)

  test('the server unreachable after the COMMIT was sent: the phase says it cannot know, and drops nothing', async () => {
    const db = await seededDatabase()
    const b = await backup(db)
    await pg.cluster.query(`CREATE TABLE after_backup (id int)`, [], db)
    const proxy = await commitReplyLost({ mode: 'refuse-all' })
    let r: RunResult
    try {
      r = await restore(db, b['backup-path'], {}, { url: proxy.url(db) })
    } finally {
      await proxy.close()
    }
    expect(proxy.cut()).toBe(true)
    expect(r.code).not.toBe(0)
    const error = errorOf(r)
    const unknown = /Whether the swap committed cannot be known: pg_database could not be read: .*\. Nothing was dropped\./
    expect(error).toMatch(unknown)
    expect(r.summary).toMatch(unknown)
    for (const text of [error, r.summary, r.stdout]) {
      expect(text).not.toMatch(/not changed|Nothing was renamed|Dropped the partial copy|The swap committed/)
    }
    const kept = await databasesLike(`${db}_pre_restore_`)
    expect(kept).toHaveLength(1)
    expect(error).toContain(`if '${kept[0]}' exists, the swap committed`)
    // What the server holds: the swap committed, and both databases are there.
    expect(await tableExists(db, 'after_backup')).toBe(false)
    expect(await tableExists(kept[0], 'after_backup')).toBe(true)
  }, 300_000)
})

/**
 * Database names that libpq would read as connection strings if given as they are to a tool's
 * --dbname: the first would send the tool to port 1 of 127.0.0.1 (nothing listens there), the second
 * to another server's database. Quote and backslash are in the first to test the escaping. A
 * database URL naming one is refused; a manifest may name one (see rehearse.test.ts), and the
 * restore's copy is named after the target.
 */
const CONNINFO_NAMES = ["host=127.0.0.1 port=1 x'\\y", 'postgresql://127.0.0.1:1/elsewhere']

describe('a database whose name libpq would read as a connection string', () => {
  test('pg_dump --schema-only and pg_restore, as the phases call them, connect to the database of that name', async () => {
    const env = { PATH: STANDARD_PATH, HOME: home, PGHOST: pg.cluster.host, PGPORT: String(pg.cluster.port), PGUSER: pg.cluster.user, PGPASSWORD: pg.cluster.password }
    const source = await freshDatabase(pg.cluster, async c => {
      await c.query('CREATE TABLE restored_marker (id int)')
    })
    const archive = path.join(tempDir('conninfo-'), 'small.dump')
    execFileSync(tools.pgDump, ['--format=custom', `--file=${archive}`, '--no-password'], { env: { ...env, PGDATABASE: source } })
    for (const [i, name] of CONNINFO_NAMES.entries()) {
      await freshDatabase(pg.cluster, c => c.query(`CREATE TABLE marker_${i} (id int)`).then(() => undefined), name)
      const schema = await dumpSchema({ pgDump: tools.pgDump, env, database: name, fix: '' })
      expect(schema).toContain(`CREATE TABLE public.marker_${i}`)
      await runPgRestore({ tools, env, archive, format: 'custom', database: name, args: ['--no-owner'] })
      const rows = (await pg.cluster.query(`SELECT to_regclass('public.restored_marker') IS NOT NULL AS present`, [], name)) as { present: boolean }[]
      expect(rows[0]?.present).toBe(true)
    }
  }, 120_000)

  test('dbnameArg: a connection string of the name alone, quote and backslash escaped', () => {
    expect(dbnameArg('shop')).toBe("dbname='shop'")
    expect(dbnameArg("host=h port=1 x'\\y")).toBe("dbname='host=h port=1 x\\'\\\\y'")
  })
})

describe('the shared helpers of a restore (src/archive/)', () => {
  test('the manifest beside each form of a backup', () => {
    for (const name of ['db_x.dump', 'db_x.dump.age', 'db_x.dir', 'db_x.dir.tar.age']) expect(manifestPathFor(`/b/${name}`)).toBe('/b/db_x.manifest.json')
  })

  test("the version rules: server at least the dump's major, pg_restore at least the pg_dump that wrote the archive", () => {
    const manifest = { serverVersion: '16.4', pgDumpVersion: '17.2' }
    expect(versionProblem(manifest, '16.0')).toBeUndefined()
    expect(versionProblem(manifest, '15.9')?.message).toMatch(/taken from PostgreSQL 16\.4, and the target server runs PostgreSQL 15\.9/)
    expect(versionProblem(manifest, '17.1', { version: '17.0', major: 17, dir: '/x' })).toBeUndefined()
    expect(versionProblem(manifest, '17.1', { version: '16.8', major: 16, dir: '/x' })?.message).toMatch(/written by pg_dump 17\.2, and the pg_restore found is 16\.8/)
  })
})
