import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeMigration } from '../../test-support/fixtures.mjs'
import { makePrismaProject, prismaEnv } from '../../test-support/prisma-project.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase, tempProject, afterFile, type Project } from '../helpers/suite.js'

/**
 * What the rehearsal says when it fails or finds drift, end to end through dist/index.js: each
 * failure attributed to its true cause (the data, the migration's SQL, the rehearsal's server, the
 * migrator), migrations that cannot build the schema from nothing reported as drift (blocking only
 * under `drift: fail`), and differences of order (enum labels, columns) listed as drift.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const pg = useCluster()
let scratch: string

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-findings-'))
  // As root the servers run as the `postgres` OS user, which must pass through the folders above theirs.
  fs.chmodSync(scratch, 0o711)
})
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

interface Prod {
  db: string
  project: Project
  backupDir: string
}

function phase(p: Prod, name: string, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<RunResult> {
  const temp = fs.mkdtempSync(path.join(scratch, 'rt-'))
  fs.chmodSync(temp, 0o711)
  return runAction({
    workspace: p.project.root,
    env: { ...GUARDED_ENV, PATH: STANDARD_PATH, HOME: scratch, RUNNER_TEMP: temp, ...extraEnv },
    inputs: { phase: name, 'database-url': name === 'rehearse' ? '' : pg.cluster.url({ database: p.db }), migrator: 'builtin', 'backup-dir': p.backupDir, ...inputs },
    timeoutMs: 180_000
  })
}

/** A production database with `base` deployed through the action and `data` run on it by hand; then verify and backup. */
async function backedUp(
  base: { name: string; sql: string }[],
  data: string,
  project: Project = tempProject({ migrations: base }),
  extraEnv: Record<string, string> = {},
  migrator = 'builtin'
): Promise<Prod & { backupPath: string }> {
  const db = await freshDatabase(pg.cluster)
  const p = { db, project, backupDir: path.join(fs.mkdtempSync(path.join(scratch, 'bk-')), 'backups') }
  expect((await phase(p, 'deploy', { migrator }, extraEnv)).code).toBe(0)
  if (data) await pg.cluster.query(data, [], db)
  const v = await phase(p, 'verify', { 'risk-fail-level': 'none', migrator }, extraEnv)
  if (v.code !== 0) throw new Error(v.stdout)
  const b = await phase(p, 'backup', { migrator }, extraEnv)
  if (b.code !== 0) throw new Error(b.stdout)
  return { ...p, backupPath: b.outputs['backup-path'] }
}

/** Rehearses `migration` as the only pending one (the previous test migration's folder removed). */
function withPending(p: Prod, migration: { name: string; sql: string }): void {
  for (const d of fs.readdirSync(p.project.migrationsDir)) if (d.startsWith('2025')) fs.rmSync(path.join(p.project.migrationsDir, d), { recursive: true })
  writeMigration(p.project.migrationsDir, migration)
}

const BASE = [
  {
    name: '20240101000000_init',
    sql: `CREATE TYPE "Mood" AS ENUM ('sad', 'ok', 'happy');\nCREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT, "name" TEXT, "mood" "Mood");\n`
  }
]
const DATA = `INSERT INTO "User" (email, name) VALUES ('a@x', 'A'), ('a@x', NULL), ('b@x', 'B');`

describe('attribution: each failure names its true cause and its next step', () => {
  test("builtin: the data (23505), the migration's SQL (42601), the rehearsal server (a tablespace production has, 42704); the deploy agrees", async () => {
    // A tablespace production's server has and the throwaway server cannot: the migration names it.
    const dir = fs.mkdtempSync(path.join(scratch, 'ts-'))
    const postgresUser = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find(l => l.startsWith('postgres:'))
      ?.split(':')
    if (process.getuid?.() === 0 && postgresUser) fs.chownSync(dir, Number(postgresUser[2]), Number(postgresUser[3]))
    const space = `fast_${path.basename(dir).replace(/\W/g, '').toLowerCase()}`
    await pg.cluster.query(`CREATE TABLESPACE ${space} LOCATION '${dir}'`)
    const p = await backedUp(BASE, DATA)

    withPending(p, { name: '20250101000000_unique_email', sql: 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");' })
    const data = errorOf(await phase(p, 'rehearse', { 'backup-path': p.backupPath }))
    expect(data).toContain("The migration fails on production's data (SQLSTATE 23505): rows in production duplicate the key")
    expect(data).toContain('Remove or merge the duplicates')
    expect(data).toContain('Production was not touched')

    withPending(p, { name: '20250101000000_typo', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT DEFAULT;' })
    const sql = errorOf(await phase(p, 'rehearse', { 'backup-path': p.backupPath }))
    expect(sql).toContain("The migration's SQL fails (SQLSTATE 42601)")
    expect(sql).not.toMatch(/fails on production's data|fix the data/i)
    expect(sql).toContain('Fix the migration')

    withPending(p, { name: '20250101000000_index_in_tablespace', sql: `CREATE INDEX "User_name_idx" ON "User"("name") TABLESPACE ${space};` })
    const env = await phase(p, 'rehearse', { 'backup-path': p.backupPath })
    expect(env.code).toBe(1)
    const envError = errorOf(env)
    if (process.env.SHOW_ERRORS) console.log(data, '\n\n', sql, '\n\n', envError)
    expect(envError).toContain(`tablespace "${space}" does not exist`)
    expect(envError).toContain('The rehearsal environment lacks something the migration needs, which production may well have: the deploy may pass (SQLSTATE 42704)')
    expect(envError).not.toMatch(/production's data:|fix the data/i)
    expect(envError).toContain('Production was not touched')
    // Production has the tablespace: the deploy passes, as the attribution said it may.
    expect((await phase(p, 'deploy', { 'backup-path': p.backupPath })).code).toBe(0)
    const idx = await pg.cluster.query(`SELECT t.spcname FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace WHERE c.relname = 'User_name_idx'`, [], p.db)
    expect(idx).toEqual([{ spcname: space }])
  }, 300_000)

  test('the real Prisma 7 CLI refusing the schema (P1012): the migrator, not the data', async () => {
    const project = makePrismaProject({ major: 7, migrations: BASE })
    afterFile(project.cleanup)
    const prismaRunEnv = { ...prismaEnv(7), PATH: [path.dirname(process.execPath), STANDARD_PATH].join(path.delimiter) }
    const p = await backedUp(BASE, DATA, project, prismaRunEnv, 'prisma')
    withPending(p, { name: '20250101000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
    // A preview feature Prisma 7 removed, after the backup (verify would refuse it).
    const schema = fs.readFileSync(project.schemaPath, 'utf8')
    fs.writeFileSync(project.schemaPath, schema.replace('generator client {', 'generator client {\n  previewFeatures = ["metrics"]'))
    const r = await phase(p, 'rehearse', { 'backup-path': p.backupPath, migrator: 'prisma' }, prismaRunEnv)
    expect(r.code).toBe(1)
    const error = errorOf(r)
    if (process.env.SHOW_ERRORS) console.log(error)
    expect(error).toContain('The migrator failed, not the migration (Prisma P1012): the Prisma CLI refused the schema')
    expect(error).toContain('the Prisma CLI failed before any migration was applied to the copy')
    expect(error).not.toMatch(/fails on production's data|fix the data/i)
    expect(error).toContain('Production was not touched')

    // The schema fixed, a data-dependent failure under the same CLI: the data, from the SQLSTATE Prisma reports.
    fs.writeFileSync(project.schemaPath, schema)
    withPending(p, { name: '20250101000000_unique_email', sql: 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");' })
    const data = errorOf(await phase(p, 'rehearse', { 'backup-path': p.backupPath, migrator: 'prisma' }, prismaRunEnv))
    expect(data).toContain("migration '20250101000000_unique_email' failed on the restored copy of production")
    expect(data).toContain("The migration fails on production's data (SQLSTATE 23505)")

    // Migrations that cannot build the schema from nothing, under the same CLI: drift naming the migration, a warning.
    await pg.cluster.query('CREATE TABLE "Legacy" ("id" INTEGER PRIMARY KEY)', [], p.db)
    const b = await phase(p, 'backup', { migrator: 'prisma' }, prismaRunEnv)
    expect(b.code).toBe(0)
    withPending(p, { name: '20250101000000_legacy_note', sql: 'ALTER TABLE "Legacy" ADD COLUMN "note" TEXT;' })
    const warned = await phase(p, 'rehearse', { 'backup-path': b.outputs['backup-path'], migrator: 'prisma' }, prismaRunEnv)
    if (warned.code !== 0) throw new Error(warned.stdout)
    if (process.env.SHOW_ERRORS) console.log(warned.outputs['rehearsal-report'])
    expect(JSON.parse(warned.outputs['rehearsal-report']).drift.items).toEqual([
      { object: 'MIGRATIONS', kind: 'not built from nothing', lines: ['20250101000000_legacy_note fails from nothing', expect.stringMatching(/Legacy/)] }
    ])
  }, 300_000)
})

describe('drift: migrations that cannot build the schema from nothing', () => {
  test('a migration altering a table made by hand in production: a warning under warn, a failure under fail, nothing under ignore', async () => {
    const p = await backedUp(BASE, `${DATA}\nCREATE TABLE "Legacy" ("id" INTEGER PRIMARY KEY);`)
    withPending(p, { name: '20250101000000_legacy_note', sql: 'ALTER TABLE "Legacy" ADD COLUMN "note" TEXT;' })

    const warned = await phase(p, 'rehearse', { 'backup-path': p.backupPath })
    if (warned.code !== 0) throw new Error(warned.stdout)
    expect(warned.outputs['drift-count']).toBe('1')
    const report = JSON.parse(warned.outputs['rehearsal-report'])
    expect(report.migrations.map((m: { name: string }) => m.name)).toEqual(['20250101000000_legacy_note'])
    expect(report.drift.items).toEqual([
      { object: 'MIGRATIONS', kind: 'not built from nothing', lines: ['20250101000000_legacy_note fails from nothing', 'SQLSTATE 42P01: relation "Legacy" does not exist'] }
    ])
    expect(warned.stdout).toMatch(
      /::warning::Schema drift: 1 difference .*the migrations do not build the schema from an empty database: 20250101000000_legacy_note fails from nothing: SQLSTATE 42P01: relation "Legacy" does not exist/
    )

    const failed = await phase(p, 'rehearse', { 'backup-path': p.backupPath, drift: 'fail' })
    expect(failed.code).toBe(1)
    expect(errorOf(failed)).toMatch(/^Schema drift: 1 difference .*20250101000000_legacy_note fails from nothing/)

    const ignored = await phase(p, 'rehearse', { 'backup-path': p.backupPath, drift: 'ignore' })
    expect(ignored.code).toBe(0)
    expect(ignored.outputs['drift-count']).toBe('0')
    expect(ignored.stdout).not.toMatch(/::warning::Schema drift/)
  }, 300_000)
})

describe('drift compares in order where order has meaning', () => {
  test("an enum's labels and a table's columns in another order in production: listed, and drift: fail fails", async () => {
    // By hand in production: the labels' sort order turned around, and email moved after name.
    const reorder = `ALTER TYPE "Mood" RENAME VALUE 'sad' TO 'tmp';
ALTER TYPE "Mood" RENAME VALUE 'happy' TO 'sad';
ALTER TYPE "Mood" RENAME VALUE 'tmp' TO 'happy';
ALTER TABLE "User" DROP COLUMN "email";
ALTER TABLE "User" ADD COLUMN "email" TEXT;`
    const p = await backedUp(BASE, `${DATA}\n${reorder}`)
    withPending(p, { name: '20250101000000_add_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
    const warned = await phase(p, 'rehearse', { 'backup-path': p.backupPath })
    if (warned.code !== 0) throw new Error(warned.stdout)
    const report = JSON.parse(warned.outputs['rehearsal-report'])
    expect(report.drift.items).toEqual([
      { object: 'TABLE public.User', kind: 'differs', lines: ['~ columns in another order: production id, name, mood, email, bio; the migrations id, email, name, mood, bio'] },
      { object: 'TYPE public.Mood', kind: 'differs', lines: ["~ labels in another order: production 'happy', 'ok', 'sad'; the migrations 'sad', 'ok', 'happy'"] }
    ])
    expect(warned.outputs['drift-count']).toBe('2')
    const failed = await phase(p, 'rehearse', { 'backup-path': p.backupPath, drift: 'fail' })
    expect(failed.code).toBe(1)
    expect(errorOf(failed)).toContain("TYPE public.Mood: differs: ~ labels in another order: production 'happy', 'ok', 'sad'; the migrations 'sad', 'ok', 'happy'")
  }, 300_000)
})
