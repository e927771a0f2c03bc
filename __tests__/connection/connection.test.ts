import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { freePort } from '../../test-support/pg-cluster.mjs'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, type Project } from '../helpers/suite.js'
import { openSession, closeSession, type Session, type SessionOptions } from '../../src/postgres/session.js'
import { parseDatabaseUrl } from '../../src/postgres/target.js'

/**
 * The connection check (SPEC 3.3) against a real server: bounded connect, clear failures, server
 * version, standby refused, and the read-only session that makes verify unable to change anything.
 */

// A password with characters that need percent-encoding, so every encoded form is scanned for leaks.
const PASSWORD = 'c0nn:/@%+ pass'
const MIGRATIONS = generatedMigrations(4)

// In-process sessions below use `pg`, which falls back to PG* variables for anything unset.
// Autovacuum off: the transaction-id counter then moves only when a test writes.
const pg = useCluster({ password: PASSWORD, settings: { autovacuum: 'off' } })
let project: Project
let home: string

/** The environment of every run of dist/index.js, set here rather than inherited. */
function runEnv(): Record<string, string> {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home }
}

function verify(url: string, extra: Record<string, string> = {}, timeoutMs?: number): Promise<RunResult> {
  return runAction({
    workspace: project.root,
    env: runEnv(),
    inputs: { phase: 'verify', 'database-url': url, migrator: 'builtin', ...extra },
    ...(timeoutMs ? { timeoutMs } : {})
  })
}

function expectNoLeak(r: RunResult, ...secrets: string[]): void {
  for (const secret of secrets) expect(findSecretLeaks(secret, allTexts(r))).toEqual([])
}

/** The summary row of one check: its result cell. */
/** How long a failed step lasted, from its log line (`✗ connection: FAILED (2.0 s)`). */
function failedStepMs(stdout: string, step: string): number {
  const m = new RegExp(`✗ ${step}: FAILED \\(([\\d.]+) (ms|s)\\)`).exec(stdout)
  if (!m) throw new Error(`no failed '${step}' step in the log:\n${stdout}`)
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1)
}

function summaryStatus(summary: string, check: string): string | undefined {
  return new RegExp(`<tr><td><code>${check}</code></td><td>([^<]*)</td>`).exec(summary)?.[1]
}

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'conn-home-'))
  project = tempProject({ migrations: MIGRATIONS })
})

afterAll(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true })
})

describe('connection check through dist/index.js', () => {
  test('reports the server version (output server-version, log and summary)', async () => {
    const db = await pg.cluster.createDatabase()
    const r = await verify(pg.cluster.url({ database: db }))
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(pg.cluster.version).toMatch(/^\d+\.\d+$/)
    expect(r.outputs['server-version']).toBe(pg.cluster.version)
    expect(r.stdout).toMatch(new RegExp(`✓ connection: PostgreSQL ${pg.cluster.version.replace('.', '\\.')}\\b.*primary; session read-only`))
    expect(summaryStatus(r.summary, 'connection')).toBe('✅ passed')
    expect(r.summary).toContain(`PostgreSQL ${pg.cluster.version}`)
    expectNoLeak(r, PASSWORD)
  })

  test('a wrong password fails naming authentication, and no password is printed anywhere', async () => {
    const wrong = 'Wr0ng:/@%+ secret'
    const r = await verify(pg.cluster.url({ password: wrong }))
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toMatch(/Authentication failed for user 'postgres' at 127\.0\.0\.1:\d+/)
    expect(message).toMatch(/rejected the password/)
    expect(summaryStatus(r.summary, 'connection')).toBe('❌ failed')
    expect(summaryStatus(r.summary, 'migrations')).toBe('⏭️ skipped')
    // The URL was registered as a secret (the one allowed place), then never printed.
    expect(r.stdout).toContain('::add-mask::')
    expectNoLeak(r, wrong, PASSWORD)
    expect(r.summary + r.stderr).not.toContain('Wr0ng')
  })

  test('a closed port fails at once with "connection refused"', async () => {
    const port = await freePort() // nothing listens there
    const url = pg.cluster.url().replace(`:${pg.cluster.port}/`, `:${port}/`)
    const r = await verify(url, { 'connect-timeout': '30' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`Connection refused at 127.0.0.1:${port}`)
    // At once: far from the 30 s it would wait for a server that does not answer.
    expect(failedStepMs(r.stdout, 'connection')).toBeLessThan(10_000)
    expect(summaryStatus(r.summary, 'connection')).toBe('❌ failed')
    expectNoLeak(r, PASSWORD)
  })

  test('a server that accepts but never answers fails within connect-timeout', async () => {
    // A TCP listener on loopback that accepts connections and never sends a byte: what a
    // blackholed or hung server looks like from the client.
    const sockets: net.Socket[] = []
    const silent = net.createServer(socket => {
      sockets.push(socket)
      socket.on('error', () => {})
    })
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as net.AddressInfo).port
    try {
      const url = pg.cluster.url().replace(`:${pg.cluster.port}/`, `:${port}/`)
      const r = await verify(url, { 'connect-timeout': '2' }, 30_000)
      expect(r.signal).toBeNull()
      expect(r.code).not.toBe(0)
      expect(errorOf(r)).toContain(`No connection to 127.0.0.1:${port} within 2s (connect-timeout)`)
      expect(errorOf(r)).toContain('connect-timeout')
      expect(sockets.length).toBeGreaterThan(0) // it did reach the silent server
      // The connection step itself (node's start-up is not part of it) lasted the timeout.
      expect(failedStepMs(r.stdout, 'connection')).toBeGreaterThanOrEqual(1900)
      expect(failedStepMs(r.stdout, 'connection')).toBeLessThan(2 * 2000 - 100) // no second attempt
      expectNoLeak(r, PASSWORD)
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise<void>(resolve => silent.close(() => resolve()))
    }
  })

  test('a missing database fails naming the database', async () => {
    const r = await verify(pg.cluster.url({ database: 'no_such_database_x1' }))
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`Database 'no_such_database_x1' does not exist on 127.0.0.1:${pg.cluster.port}`)
    expect(summaryStatus(r.summary, 'connection')).toBe('❌ failed')
    expectNoLeak(r, PASSWORD)
  })

  test('a standby (read replica) is refused, naming standby and primary', async () => {
    const db = await pg.cluster.createDatabase()
    // pg_basebackup waits for a spread checkpoint; with nothing left to flush it returns at once.
    await pg.cluster.query('CHECKPOINT')
    const standby = await pg.cluster.startStandby()
    try {
      const rows = (await standby.query('SELECT pg_is_in_recovery() AS r')) as { r: boolean }[]
      expect(rows[0]?.r).toBe(true)
      const r = await verify(standby.url({ database: db }))
      expect(r.code).not.toBe(0)
      const message = errorOf(r)
      expect(message).toContain(`The server at 127.0.0.1:${standby.port} is a standby`)
      expect(message).toContain('pg_is_in_recovery()')
      expect(message).toMatch(/primary/)
      expect(summaryStatus(r.summary, 'connection')).toBe('❌ failed')
      expectNoLeak(r, PASSWORD)
    } finally {
      await standby.stop()
    }
  })
})

describe('the verify session is read-only', () => {
  /** Everything a write could change: relations, their row counts, sequences, the books. */
  async function snapshot(db: string): Promise<string> {
    const client = await pg.cluster.client({ database: db })
    try {
      const relations = await client.query(
        `SELECT n.nspname, c.relname, c.relkind, c.relfilenode::text
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          ORDER BY 1, 2`
      )
      const schemas = await client.query(`SELECT nspname FROM pg_namespace ORDER BY 1`)
      const counts: Record<string, unknown> = {}
      for (const row of relations.rows as { nspname: string; relname: string; relkind: string }[]) {
        const name = `${client.escapeIdentifier(row.nspname)}.${client.escapeIdentifier(row.relname)}`
        if (row.relkind === 'r') counts[name] = (await client.query(`SELECT count(*)::int AS n FROM ${name}`)).rows[0]
        if (row.relkind === 'S') counts[name] = (await client.query(`SELECT last_value::text, is_called FROM ${name}`)).rows[0]
      }
      const books = await client.query(`SELECT xmin::text AS xmin, ctid::text AS ctid, row_to_json(m)::text AS row FROM _prisma_migrations m ORDER BY migration_name`)
      return JSON.stringify({ relations: relations.rows, schemas: schemas.rows, counts, books: books.rows })
    } finally {
      await client.end()
    }
  }

  /** The next transaction id of the cluster: any write anywhere moves it (autovacuum is off). */
  async function nextXid(): Promise<string> {
    const rows = (await pg.cluster.query('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x')) as { x: string }[]
    return rows[0]?.x ?? ''
  }

  function preparedDatabase(): Promise<string> {
    return freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, MIGRATIONS.slice(0, 2))
      await client.query(`INSERT INTO t0000 (name) VALUES ('a'), ('b')`)
    })
  }

  /** Exactly the options of the connection check. */
  const CHECK_SESSION: SessionOptions = {
    readOnly: true,
    connectTimeoutMs: 10_000,
    statementTimeoutMs: 30_000,
    lockTimeoutMs: 5_000,
    applicationName: 'db-deploy-action verify'
  }

  test('openSession({ readOnly: true }) refuses every write with SQLSTATE 25006', async () => {
    const db = await preparedDatabase()
    const before = await snapshot(db)
    const xidBefore = await nextXid()

    const target = parseDatabaseUrl({ raw: pg.cluster.url({ database: db }), source: "input 'database-url'" })
    let session: Session | undefined
    try {
      session = await openSession(target, CHECK_SESSION)
      const s = session
      expect((await s.query('SHOW default_transaction_read_only')).rows[0]).toEqual({ default_transaction_read_only: 'on' })
      expect((await s.query('SHOW transaction_read_only')).rows[0]).toEqual({ transaction_read_only: 'on' })

      const readOnly = { code: '25006' }
      await expect(s.query('CREATE TABLE intruder (id int)')).rejects.toMatchObject(readOnly)
      await expect(s.query('CREATE TEMP TABLE intruder_tmp (id int)')).rejects.toMatchObject(readOnly)
      await expect(s.query(`INSERT INTO t0000 (name) VALUES ('x')`)).rejects.toMatchObject(readOnly)
      await expect(s.query(`UPDATE _prisma_migrations SET logs = 'x'`)).rejects.toMatchObject(readOnly)
      await expect(s.query('DELETE FROM _prisma_migrations')).rejects.toMatchObject(readOnly)
      await expect(s.query('DROP TABLE t0001')).rejects.toMatchObject(readOnly)
      await expect(s.query('CREATE SCHEMA intruder_schema')).rejects.toMatchObject(readOnly)
      await expect(s.query(`SELECT nextval('t0000_id_seq')`)).rejects.toMatchObject(readOnly)
      // A multi-statement script, as a migration would be sent, stops at its first write.
      await expect(s.query(`SELECT 1; INSERT INTO t0000 (name) VALUES ('y'); SELECT 2`)).rejects.toMatchObject(readOnly)

      // Inside an explicit transaction too.
      await s.query('BEGIN')
      await expect(s.query(`INSERT INTO t0000 (name) VALUES ('z')`)).rejects.toMatchObject(readOnly)
      await s.query('ROLLBACK')
      await s.query('BEGIN')
      await expect(s.query('CREATE TABLE intruder2 (id int)')).rejects.toMatchObject(readOnly)
      await s.query('ROLLBACK')

      // Reads still work: the session is usable for the checks.
      expect((await s.query('SELECT count(*)::int AS n FROM t0000')).rows[0]).toEqual({ n: 2 })
    } finally {
      await closeSession(session)
    }

    expect(await snapshot(db)).toBe(before)
    expect(await nextXid()).toBe(xidBefore)
  })

  test('role and database settings cannot turn the read-only session back into a writable one', async () => {
    const db = await preparedDatabase()
    const role = `rw_${Math.random().toString(36).slice(2, 10)}`
    const rolePassword = `pw-${Math.random().toString(36).slice(2)}`
    await pg.cluster.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${rolePassword}'`)
    await pg.cluster.query(`ALTER ROLE "${role}" SET default_transaction_read_only = off`)
    await pg.cluster.query(`ALTER DATABASE "${db}" SET default_transaction_read_only = off`)
    // Privileges enough to write, so a refusal can only come from the read-only session.
    await pg.cluster.query(`GRANT CREATE ON SCHEMA public TO "${role}"; GRANT INSERT ON t0000 TO "${role}"; GRANT USAGE ON SEQUENCE t0000_id_seq TO "${role}"`, [], db)

    const target = parseDatabaseUrl({ raw: pg.cluster.url({ database: db, user: role, password: rolePassword }), source: "input 'database-url'" })
    // Control: the same role on a session that is not read-only can write (the grants work).
    const writable = await openSession(target, { readOnly: false, connectTimeoutMs: 10_000, statementTimeoutMs: 30_000, applicationName: 'control' })
    try {
      await writable.query('BEGIN')
      await writable.query(`INSERT INTO t0000 (name) VALUES ('control')`)
      await writable.query('ROLLBACK')
    } finally {
      await closeSession(writable)
    }
    const before = await snapshot(db)

    let session: Session | undefined
    try {
      session = await openSession(target, CHECK_SESSION)
      expect((await session.query('SHOW default_transaction_read_only')).rows[0]).toEqual({ default_transaction_read_only: 'on' })
      await expect(session.query(`INSERT INTO t0000 (name) VALUES ('x')`)).rejects.toMatchObject({ code: '25006' })
      await expect(session.query('CREATE TABLE intruder (id int)')).rejects.toMatchObject({ code: '25006' })
    } finally {
      await closeSession(session)
    }
    expect(await snapshot(db)).toBe(before)
  })

  test('the whole verify phase leaves the database byte-identical (catalog, books, transaction counter)', async () => {
    const db = await preparedDatabase()
    const before = await snapshot(db)
    const xidBefore = await nextXid()

    const r = await verify(pg.cluster.url({ database: db }))
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['applied-count']).toBe('2')
    expect(r.outputs['pending-count']).toBe('2')

    expect(await snapshot(db)).toBe(before)
    // No transaction id was assigned anywhere in the cluster: verify wrote nothing at all.
    expect(await nextXid()).toBe(xidBefore)
    expectNoLeak(r, PASSWORD)
  })

  test('the check itself: a writing control run does move the transaction counter', async () => {
    // Proves the counter comparison above can fail: one write moves it.
    const db = await preparedDatabase()
    const xidBefore = await nextXid()
    await pg.cluster.query(`INSERT INTO t0000 (name) VALUES ('w')`, [], db)
    expect(await nextXid()).not.toBe(xidBefore)
  })
})
