import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'
import { writeMigration } from '../../test-support/fixtures.mjs'
import { makePrismaProject, prismaEnv } from '../../test-support/prisma-project.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, afterFile, type Project } from '../helpers/suite.js'
import { manifestPathFor } from '../../src/archive/manifest-file.js'

/**
 * The rehearsal's copy is production's twin, end to end through dist/index.js on real servers:
 * production's locale, its roles and deploy role, a table in a tablespace of its own. For each, the
 * same migration is then deployed to production: the rehearsal's verdict (pass, or the failure's
 * SQLSTATE) is the deploy's.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const pg = useCluster()
let scratch: string

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-test-'))
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
  /** The URL the backup and the deploy connect with (production's deploy role). */
  url: string
}

function runnerTemp(): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'rt-'))
  fs.chmodSync(dir, 0o711)
  return dir
}

const prismaRunEnv = (): Record<string, string> => ({ ...prismaEnv(7), PATH: [path.dirname(process.execPath), STANDARD_PATH].join(path.delimiter) })

function phase(p: Prod, name: string, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<RunResult> {
  return runAction({
    workspace: p.project.root,
    env: { ...GUARDED_ENV, PATH: STANDARD_PATH, HOME: scratch, RUNNER_TEMP: runnerTemp(), ...extraEnv },
    inputs: { phase: name, 'database-url': name === 'rehearse' ? '' : p.url, migrator: 'builtin', 'backup-dir': p.backupDir, ...inputs },
    timeoutMs: 180_000
  })
}

const BASE = [
  {
    name: '20240101000000_init',
    sql: `CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT, "name" TEXT);\nCREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "authorId" INTEGER, "title" TEXT NOT NULL);\n`
  }
]

/**
 * A production database created with `createOptions`, BASE deployed through the action as the
 * superuser, then `setup` run on it; the backup and the deploy connect as `user` when given.
 */
async function production(o: { createOptions?: string; setup?: string; user?: { name: string; password: string }; project?: Project }): Promise<Prod> {
  const db = `twin_${randomBytes(4).toString('hex')}`
  await pg.cluster.query(`CREATE DATABASE ${db} TEMPLATE template0 ${o.createOptions ?? ''}`)
  const project = o.project ?? tempProject({ migrations: BASE })
  const backupDir = path.join(fs.mkdtempSync(path.join(scratch, 'bk-')), 'backups')
  const p: Prod = { db, project, backupDir, url: pg.cluster.url({ database: db }) }
  const deployed = await phase(p, 'deploy')
  if (deployed.code !== 0) throw new Error(deployed.stdout)
  if (o.setup) await pg.cluster.query(o.setup, [], db)
  if (o.user) p.url = pg.cluster.url({ database: db, user: o.user.name, password: o.user.password })
  return p
}

async function backup(p: Prod): Promise<string> {
  const b = await phase(p, 'backup')
  if (b.code !== 0) throw new Error(b.stdout)
  return b.outputs['backup-path']
}

/** Server messages of the SQLSTATEs these tests meet, for the Prisma 7 CLI, which reports the server's message without its code. */
const MESSAGE_SQLSTATE: [RegExp, string][] = [
  [/must be owner of|permission denied/, '42501'],
  [/duplicate key value violates unique constraint|could not create unique index/, '23505'],
  [/role "[^"]+" does not exist/, '42704']
]

/** The SQLSTATE a failed run names (`SQLSTATE 23505`, `error code: 23505`), else the one its server message means. */
function sqlstateOf(r: RunResult): string | undefined {
  const text = `${errorOf(r)}\n${r.stdout}`
  return /SQLSTATE (\w{5})/.exec(text)?.[1] ?? /error code: (\w{5})/i.exec(text)?.[1] ?? MESSAGE_SQLSTATE.find(([m]) => m.test(text))?.[1]
}

/** Rehearse, then deploy the same migration to production: both pass, or both fail with the same SQLSTATE. */
async function rehearseThenDeploy(p: Prod, migrator: 'builtin' | 'prisma', expectFailure?: string): Promise<{ rehearsal: RunResult; deploy: RunResult }> {
  const backupPath = await backup(p)
  const extraEnv = migrator === 'prisma' ? prismaRunEnv() : {}
  const rehearsal = await phase(p, 'rehearse', { 'backup-path': backupPath, migrator }, extraEnv)
  if (process.env.SHOW_ERRORS) console.log(rehearsal.stdout)
  const deploy = await phase(p, 'deploy', { migrator }, extraEnv)
  if (expectFailure) {
    if (deploy.code !== 1 || sqlstateOf(deploy) !== expectFailure) throw new Error(`the deploy did not fail with SQLSTATE ${expectFailure}:\n${deploy.stdout}`)
    if (rehearsal.code !== 1 || sqlstateOf(rehearsal) !== expectFailure) throw new Error(`the rehearsal did not fail with SQLSTATE ${expectFailure} as the deploy does:\n${rehearsal.stdout}`)
  } else {
    if (deploy.code !== 0) throw new Error(`the deploy failed:\n${deploy.stdout}`)
    if (rehearsal.code !== 0) throw new Error(`the rehearsal failed where the deploy passes:\n${rehearsal.stdout}`)
  }
  return { rehearsal, deploy }
}

// In Turkish, the lower case of I is dotless ı: lower() makes 'I@x' and 'ı@x' one key; in C they are two.
const TURKISH_ROWS = `INSERT INTO "User" (email) VALUES ('ı@x'), ('I@x');`
const LOWER_UNIQUE = { name: '20240201000000_email_ci_unique', sql: 'CREATE UNIQUE INDEX "User_email_ci_key" ON "User" (lower("email"));' }

describe("production's locale", () => {
  test('tr_TR (libc): a unique index over lower() fails on production, and on the copy with the same SQLSTATE; the manifest records the locale', async () => {
    const p = await production({ createOptions: "ENCODING 'UTF8' LC_COLLATE 'tr_TR.UTF-8' LC_CTYPE 'tr_TR.UTF-8'", setup: TURKISH_ROWS })
    writeMigration(p.project.migrationsDir, LOWER_UNIQUE)
    const { rehearsal } = await rehearseThenDeploy(p, 'builtin', '23505')
    expect(errorOf(rehearsal)).toContain(LOWER_UNIQUE.name)
    const manifests = fs.readdirSync(p.backupDir).filter(f => f.endsWith('.manifest.json'))
    const manifest = JSON.parse(fs.readFileSync(path.join(p.backupDir, manifests[0]), 'utf8'))
    expect(manifest.twin.locale).toMatchObject({ encoding: 'UTF8', collate: 'tr_TR.UTF-8', ctype: 'tr_TR.UTF-8', provider: 'libc', icuLocale: null })
    expect(manifest.twin.tablespace).toBe('pg_default')
  }, 240_000)

  test('tr-TR (ICU; this test needs a server built with ICU): the same index fails on production and on the copy', async () => {
    const icu = await pg.cluster.query("SELECT count(*)::int AS n FROM pg_collation WHERE collprovider = 'i'")
    if ((icu[0] as { n: number }).n === 0) {
      console.log('the ICU locale test is skipped: the PostgreSQL server binaries were built without ICU')
      return
    }
    const p = await production({ createOptions: "ENCODING 'UTF8' LC_COLLATE 'en_US.UTF-8' LC_CTYPE 'en_US.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'tr-TR'", setup: TURKISH_ROWS })
    writeMigration(p.project.migrationsDir, LOWER_UNIQUE)
    await rehearseThenDeploy(p, 'builtin', '23505')
  }, 240_000)

  test('a locale the runner lacks: the rehearsal fails naming what to install, and does not fall back', async () => {
    const p = await production({ createOptions: "ENCODING 'UTF8' LC_COLLATE 'tr_TR.UTF-8' LC_CTYPE 'tr_TR.UTF-8'" })
    const backupPath = await backup(p)
    // The manifest as a production whose locale this runner does not have would have written it.
    const manifestPath = manifestPathFor(backupPath)
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
    manifest.twin.locale.collate = manifest.twin.locale.ctype = 'xx_QQ.UTF-8'
    fs.writeFileSync(manifestPath, JSON.stringify(manifest))
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
    expect(r.code).toBe(1)
    const error = errorOf(r)
    expect(error).toContain('xx_QQ.UTF-8')
    expect(error).toContain('locales-all')
    expect(error).toContain('does not fall back')
  }, 240_000)
})

describe('who runs the migrations', () => {
  const owned = (suffix: string, schemaPrivileges = 'USAGE, CREATE'): { setup: string; user: { name: string; password: string } } => ({
    user: { name: `deployer_${suffix}`, password: `pw-${suffix}` },
    // The deploy role may read and write every table, but the User table belongs to another role.
    setup: `CREATE ROLE app_owner_${suffix} NOLOGIN;
      CREATE ROLE deployer_${suffix} LOGIN PASSWORD 'pw-${suffix}';
      ALTER TABLE "User" OWNER TO app_owner_${suffix};
      GRANT ${schemaPrivileges} ON SCHEMA public TO deployer_${suffix};
      GRANT ALL ON ALL TABLES IN SCHEMA public TO deployer_${suffix};
      GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO deployer_${suffix};
      ALTER ROLE deployer_${suffix} SET work_mem = '8MB';`
  })
  const ALTER_USER = { name: '20240201000000_user_age', sql: 'ALTER TABLE "User" ADD COLUMN "age" INTEGER;' }

  test('builtin: a deploy role that is not superuser and does not own the table: 42501 on production and on the copy; the manifest records the role', async () => {
    const p = await production(owned('b'))
    writeMigration(p.project.migrationsDir, ALTER_USER)
    const { rehearsal } = await rehearseThenDeploy(p, 'builtin', '42501')
    expect(errorOf(rehearsal)).toContain(ALTER_USER.name)
    // The role's own settings are not given to its stand-in: said, not hidden.
    expect(rehearsal.stdout).toContain("Not reproduced on the rehearsal's copy (not forecast by it): the deploy role's own settings (ALTER ROLE … SET: work_mem=8MB)")
    const manifest = JSON.parse(fs.readFileSync(path.join(p.backupDir, fs.readdirSync(p.backupDir).find(f => f.endsWith('.manifest.json')) as string), 'utf8'))
    expect(manifest.twin.deployRole).toMatchObject({ name: 'deployer_b', superuser: false, createrole: false, createdb: false, bypassrls: false, replication: false })
    expect(manifest.twin.roles).toEqual(expect.arrayContaining(['app_owner_b', 'deployer_b']))
  }, 240_000)

  test('builtin: a deploy role without CREATE on the schema: a new table fails with 42501 on production and on the copy', async () => {
    const p = await production(owned('c', 'USAGE'))
    writeMigration(p.project.migrationsDir, { name: '20240201000000_audit', sql: 'CREATE TABLE "Audit" ("id" SERIAL PRIMARY KEY);' })
    await rehearseThenDeploy(p, 'builtin', '42501')
  }, 240_000)

  test('Prisma 7 CLI: the same, through a URL as the deploy role on the private socket', async () => {
    const project = makePrismaProject({ major: 7, migrations: BASE })
    afterFile(() => project.cleanup())
    const p = await production({ ...owned('p'), project })
    writeMigration(p.project.migrationsDir, ALTER_USER)
    await rehearseThenDeploy(p, 'prisma', '42501')
  }, 300_000)
})

describe('production-only placement and roles', () => {
  test('a table in a tablespace of its own: the rehearsal passes, as the deploy does', async () => {
    const dir = fs.mkdtempSync(path.join(scratch, 'ts-'))
    const passwd = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find(l => l.startsWith('postgres:'))
      ?.split(':')
    if (process.getuid?.() === 0 && passwd) fs.chownSync(dir, Number(passwd[2]), Number(passwd[3]))
    const ts = `ts_${randomBytes(3).toString('hex')}`
    await pg.cluster.query(`CREATE TABLESPACE ${ts} LOCATION '${dir}'`)
    const p = await production({ setup: `ALTER TABLE "Post" SET TABLESPACE ${ts}; INSERT INTO "Post" ("authorId", title) VALUES (1, 'one');` })
    writeMigration(p.project.migrationsDir, { name: '20240201000000_post_x', sql: 'ALTER TABLE "Post" ADD COLUMN "x" INTEGER;' })
    const { rehearsal } = await rehearseThenDeploy(p, 'builtin')
    expect(rehearsal.stdout).toContain('--no-tablespaces')
  }, 240_000)

  test.each(['builtin', 'prisma'] as const)(
    '%s: a migration that grants to a role only production has: the rehearsal passes, as the deploy does',
    async migrator => {
      const suffix = migrator === 'builtin' ? 'b' : 'p'
      const project = migrator === 'prisma' ? makePrismaProject({ major: 7, migrations: BASE }) : undefined
      if (project) afterFile(() => project.cleanup())
      const p = await production({ setup: `CREATE ROLE reporting_${suffix} NOLOGIN;`, project })
      writeMigration(p.project.migrationsDir, { name: '20240201000000_reporting', sql: `GRANT SELECT ON "User" TO reporting_${suffix};` })
      const { rehearsal } = await rehearseThenDeploy(p, migrator)
      const report = JSON.parse(rehearsal.outputs['rehearsal-report'])
      expect(report.notReproduced).toEqual([])
      expect(report.migrations.map((m: { name: string }) => m.name)).toEqual(['20240201000000_reporting'])
    },
    300_000
  )

  test('a manifest of an older version (no twin): the rehearsal passes, and its report says what it did not reproduce', async () => {
    const p = await production({})
    writeMigration(p.project.migrationsDir, { name: '20240201000000_user_bio', sql: 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;' })
    const backupPath = await backup(p)
    const manifestPath = manifestPathFor(backupPath)
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, unknown>
    delete manifest.twin
    fs.writeFileSync(manifestPath, JSON.stringify(manifest))
    const r = await phase(p, 'rehearse', { 'backup-path': backupPath })
    if (r.code !== 0) throw new Error(r.stdout)
    const report = JSON.parse(r.outputs['rehearsal-report']) as { notReproduced: string[]; ranAs: string | null }
    expect(report.ranAs).toBeNull()
    expect(report.notReproduced).toHaveLength(1)
    expect(report.notReproduced[0]).toContain("production's locale and deploy role")
    expect(r.stdout).toContain('--no-owner --no-acl')
    expect(r.summary).toContain('except what the copy did not reproduce (1 item, listed below)')
    expect(r.summary).toContain('Not reproduced on the copy (not forecast)')
  }, 240_000)
})
