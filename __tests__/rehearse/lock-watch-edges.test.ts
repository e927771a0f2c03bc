import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { findServerBinDir } from '../../test-support/pg-cluster.mjs'
import { findServerBinaries, startThrowawayServer, type ThrowawayServer } from '../../src/rehearsal/throwaway-server.js'
import { startLockWatch } from '../../src/rehearsal/lock-watch.js'
import { buildForecast } from '../../src/rehearsal/lock-forecast.js'
import { closeSession } from '../../src/postgres/session.js'

/**
 * The lock watch on a real throwaway server, at the edges of what a batch does: the migrator is a
 * second session on the copy (as the Prisma CLI is), each migration one transaction that writes its
 * row in the books as the builtin migrator does.
 */

let scratch: string
let server: ThrowawayServer
let n = 0

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-watch-edges-'))
  // As root the server runs as the `postgres` OS user, which must pass through the folders above its own.
  fs.chmodSync(scratch, 0o711)
  const bin = findServerBinDir() as string
  const binaries = await findServerBinaries(Number(/postgresql\/(\d+)\//.exec(bin)?.[1]), bin)
  server = await startThrowawayServer({ binaries, env: { RUNNER_TEMP: scratch, PATH: process.env.PATH } })
}, 60_000)
afterAll(async () => {
  await server?.dispose()
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

async function copyWith(sql: string): Promise<string> {
  const db = `copy_${++n}`
  const admin = await server.session('postgres', 'test')
  try {
    await admin.query(`CREATE DATABASE ${db}`)
  } finally {
    await closeSession(admin)
  }
  if (sql) {
    const s = await server.session(db, 'test')
    try {
      await s.query(sql)
    } finally {
      await closeSession(s)
    }
  }
  return db
}

const books = (schema = 'public'): string =>
  `CREATE TABLE "${schema}"."_prisma_migrations" (id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0);`

/**
 * The migrations on a session of their own, each in a transaction that first writes its row in the
 * books; books that do not exist yet are created first (with their schema), as Prisma does.
 */
async function migrate(db: string, migrations: { name: string; sql: string }[], schema = 'public'): Promise<{ name: string; durationMs: number }[]> {
  const s = await server.session(db, 'migrator')
  const applied: { name: string; durationMs: number }[] = []
  try {
    if ((await s.query<{ ok: boolean }>('SELECT to_regclass($1) IS NULL AS ok', [`"${schema}"._prisma_migrations`])).rows[0]?.ok) {
      await s.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"; ${books(schema)}`)
    }
    for (const m of migrations) {
      const t0 = performance.now()
      await s.query('BEGIN')
      await s.query(`INSERT INTO "${schema}"."_prisma_migrations" (id, checksum, migration_name, started_at) VALUES (md5(random()::text), 'x', $1, clock_timestamp())`, [m.name])
      await s.query(`SET LOCAL search_path = "${schema}"; ${m.sql}; SELECT pg_sleep(0.25)`)
      await s.query('COMMIT')
      applied.push({ name: m.name, durationMs: performance.now() - t0 })
    }
  } finally {
    await closeSession(s)
  }
  return applied
}

describe('the lock watch at the edges of a batch', () => {
  test('a table renamed and another created under its name: the locked table is counted, not the one that took its name', async () => {
    // Never analyzed (no planner figure): the rows are counted on the copy after the batch.
    const db = await copyWith(`${books()} CREATE TABLE "User" (id int PRIMARY KEY) WITH (autovacuum_enabled = off); INSERT INTO "User" SELECT g FROM generate_series(1, 1000) g;`)
    const watch = await startLockWatch(server, db, 'public')
    const applied = await migrate(db, [{ name: '20240101000000_rename', sql: 'ALTER TABLE "User" RENAME TO "User_old"; CREATE TABLE "User" (id int PRIMARY KEY)' }])
    const result = await watch.stop()
    const old = [...result.tablesBefore.values()].find(t => t.name === 'User')
    expect(old).toBeDefined()
    expect(result.relations.get(old?.oid as number)).toMatchObject({ schema: 'public', name: 'User_old' })
    expect(result.rowsAfter.get(old?.oid as number)).toEqual({ rows: 1000, from: 'exact count on the copy after the batch' })
    const forecast = buildForecast(result, applied)
    const lock = forecast.migrations[0]?.locks.find(l => l.table === 'public.User' && l.existedBefore)
    expect(lock).toMatchObject({ mode: 'ACCESS EXCLUSIVE', rows: 1000 })
  })

  test("a first deploy: a copy without any table, the books and their schema created by the batch; their locks are not the migrations' work", async () => {
    const db = await copyWith('')
    const watch = await startLockWatch(server, db, 'app')
    const applied = await migrate(
      db,
      [
        { name: '20240101000000_init', sql: 'CREATE TABLE "Post" (id int PRIMARY KEY, title text)' },
        { name: '20240102000000_index', sql: 'CREATE INDEX "Post_title_idx" ON "Post"(title)' }
      ],
      'app'
    )
    const result = await watch.stop()
    expect(result.tablesBefore.size).toBe(0)
    expect(result.books.map(b => b.name)).toEqual(['20240101000000_init', '20240102000000_index'])
    const forecast = buildForecast(result, applied)
    expect(forecast.migrations.map(m => m.migration)).toEqual(['20240101000000_init', '20240102000000_index'])
    const tables = forecast.migrations.flatMap(m => m.locks.map(l => l.table))
    expect(tables).toContain('app.Post')
    expect(tables.some(t => t.includes('_prisma_migrations'))).toBe(false)
    for (const l of forecast.migrations.flatMap(m => m.locks)) expect(l).toMatchObject({ existedBefore: false, blocks: [], blocksWrites: false })
  })

  test('books that exist but are empty, a table dropped by the batch: the forecast names it as it was, without rows it cannot count', async () => {
    const db = await copyWith(`${books()} CREATE TABLE "Gone" (id int) WITH (autovacuum_enabled = off); INSERT INTO "Gone" SELECT generate_series(1, 50);`)
    const watch = await startLockWatch(server, db, 'public')
    const applied = await migrate(db, [{ name: '20240101000000_drop', sql: 'DROP TABLE "Gone"' }])
    const result = await watch.stop()
    expect(result.books.map(b => b.name)).toEqual(['20240101000000_drop'])
    const lock = buildForecast(result, applied).migrations[0]?.locks.find(l => l.table === 'public.Gone')
    expect(lock).toMatchObject({ mode: 'ACCESS EXCLUSIVE', existedBefore: true, rows: null })
  })

  test('the migrator failing midway: abandon ends the watch and its session', async () => {
    const db = await copyWith(`${books()} CREATE TABLE "T" (id int);`)
    const watch = await startLockWatch(server, db, 'public')
    await expect(
      migrate(db, [
        { name: '20240101000000_ok', sql: 'ALTER TABLE "T" ADD COLUMN a int' },
        { name: '20240102000000_bad', sql: 'ALTER TABLE "T" ADD COLUMN a int' }
      ])
    ).rejects.toThrow(/column "a" of relation "T" already exists/)
    await watch.abandon()
    const admin = await server.session('postgres', 'test')
    try {
      let left = -1
      for (let i = 0; i < 100 && left !== 0; i++) {
        left = (await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'db-deploy-action lock watch'")).rows[0]?.n ?? -1
        if (left !== 0) await new Promise(r => setTimeout(r, 20))
      }
      expect(left).toBe(0)
    } finally {
      await closeSession(admin)
    }
  })
})
