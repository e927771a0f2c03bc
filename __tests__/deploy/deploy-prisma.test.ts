import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { generatedMigrations, applyLikePrisma, writeMigration } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, PROJECT_ROOT, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, afterFile, type Spec } from '../helpers/suite.js'
import { parseDatabaseUrl } from '../../src/postgres/target.js'
import { GENERATED_CONFIG_NAME } from '../../src/prisma/config.js'

// The deploy phase with `migrator: prisma`, for what the real CLI (prisma-cli.test.ts, with the
// WebAssembly schema engine) cannot show here: the native engine's P3018 text, and how the action
// calls the CLI. The project's `node_modules/.bin/prisma` is a stand-in that behaves like Prisma at
// the process boundary: it records how it was called, keeps Prisma's books with `pg`, prints
// Prisma-like text and exits with Prisma's codes.

const PASSWORD = 'pr:/i@%+sma'
/** Everything the action sees besides the runner variables; nothing inherited from the caller. */
const DEPLOY_ENV: Record<string, string | undefined> = {
  ...GUARDED_ENV,
  DATABASE_URL: undefined,
  DIRECT_DATABASE_URL: undefined,
  LANG: 'C.UTF-8',
  LC_ALL: undefined,
  // The stand-in starts with `#!/usr/bin/env node`: the node running the tests comes first.
  PATH: [path.dirname(process.execPath), process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter)
}

interface Call {
  argv: string[]
  cwd: string
  databaseUrlSha256: string | null
  directUrlSha256: string | null
  sslmode: string | null
  urlInArgv: boolean
  passwordInArgv: boolean
  inputUrlVisible: boolean
}

const SCHEMA_WITH_DIRECT_URL = `generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider  = "postgresql"
  url       = env("DATABASE_URL")
  directUrl = env("DIRECT_DATABASE_URL")
}
`

/** The stand-in `prisma` executable (CommonJS: the temporary project has no package.json). */
function standInSource(): string {
  const fixtures = pathToFileURL(path.join(PROJECT_ROOT, 'test-support', 'fixtures.mjs')).href
  const pgDir = path.join(PROJECT_ROOT, 'node_modules', 'pg')
  return `#!/usr/bin/env node
'use strict'
// A stand-in for the Prisma CLI: records its call, then behaves like \`prisma generate\` and
// \`prisma migrate deploy\` on PostgreSQL (books as in reference/prisma-bookkeeping.md).
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')

const args = process.argv.slice(2)
const url = process.env.DATABASE_URL
const sha = v => (v === undefined ? null : crypto.createHash('sha256').update(v).digest('hex'))
let password = null
try { password = url ? decodeURIComponent(new URL(url).password) : null } catch {}
fs.appendFileSync(
  process.env.PRISMA_STANDIN_LOG,
  JSON.stringify({
    argv: args,
    cwd: process.cwd(),
    databaseUrlSha256: sha(url),
    directUrlSha256: sha(process.env.DIRECT_DATABASE_URL),
    sslmode: url ? new URL(url).searchParams.get('sslmode') : null,
    urlInArgv: url !== undefined && args.some(a => a.includes(url)),
    passwordInArgv: !!password && args.some(a => a.includes(password) || a.includes(encodeURIComponent(password))),
    inputUrlVisible: Object.prototype.hasOwnProperty.call(process.env, 'INPUT_DATABASE-URL')
  }) + '\\n'
)

const fail = (text) => {
  process.stderr.write(text + '\\n')
  process.exit(1)
}
const schemaArg = args.indexOf('--schema')
const schemaPath = path.resolve(schemaArg >= 0 ? args[schemaArg + 1] : 'prisma/schema.prisma')
const migrationsDir = path.join(path.dirname(schemaPath), 'migrations')

async function migrateDeploy() {
  if (!url) fail('Error: Prisma schema validation - (get-config wasm)\\nError code: P1012\\nerror: Environment variable not found: DATABASE_URL.')
  if (process.env.PRISMA_STANDIN_ECHO_URL === '1') process.stderr.write('debug: connecting with ' + url + '\\n')
  console.log('Prisma schema loaded from ' + path.relative(process.cwd(), schemaPath))
  const lock = path.join(migrationsDir, 'migration_lock.toml')
  if (fs.existsSync(lock)) {
    const line = fs.readFileSync(lock, 'utf8').split(/\\r?\\n/).map(l => l.trim()).find(l => l.startsWith('provider'))
    if (line !== 'provider = "postgresql"') fail('Error: P3019\\n\\nThe datasource provider \`postgresql\` specified in your schema does not match the one specified in the migration_lock.toml.')
  }
  const { applyLikePrisma } = await import(${JSON.stringify(fixtures)})
  const pg = require(${JSON.stringify(pgDir)})
  // Prisma's reading of the URL's TLS parameters: sslmode=disable|prefer|require (prefer falls
  // back to no TLS when the server has none), sslaccept=strict|accept_invalid_certs, sslcert = CA.
  const u = new URL(url)
  const mode = u.searchParams.get('sslmode') || 'prefer'
  const strict = u.searchParams.get('sslaccept') === 'strict'
  const ca = u.searchParams.get('sslcert')
  const config = { host: u.hostname.replace(/^\\[|\\]$/g, ''), port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: decodeURIComponent(u.pathname.slice(1)) }
  const ssl = mode === 'disable' ? false : strict ? (ca ? { ca: fs.readFileSync(ca) } : {}) : { rejectUnauthorized: false }
  let client = new pg.Client({ ...config, ssl })
  try {
    await client.connect()
  } catch (err) {
    if (mode !== 'prefer' || !/does not support SSL/.test(err.message)) throw err
    client = new pg.Client({ ...config, ssl: false })
    await client.connect()
  }
  await client.query('SELECT pg_advisory_lock(72707369)')
  const table = (await client.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS t")).rows[0].t
  if (!table) {
    const others = await client.query("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")
    if (others.rowCount > 0) fail('Error: P3005\\n\\nThe database schema is not empty. Read more about how to baseline an existing production database: https://pris.ly/d/migrate-baseline')
  }
  const rows = table ? (await client.query('SELECT migration_name, finished_at, rolled_back_at FROM public._prisma_migrations ORDER BY started_at')).rows : []
  const failed = rows.filter(r => r.finished_at === null && r.rolled_back_at === null)
  if (failed.length > 0) {
    fail('Error: P3009\\n\\nmigrate found failed migrations in the target database, new migrations will not be applied. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\\nThe \`' + failed[0].migration_name + '\` migration started at ' + new Date().toISOString() + ' failed')
  }
  const live = new Set(rows.filter(r => r.rolled_back_at === null).map(r => r.migration_name))
  const local = fs.readdirSync(migrationsDir, { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name).sort((a, b) => a.localeCompare(b))
  console.log(local.length + ' migrations found in prisma/migrations')
  const pending = local.filter(n => !live.has(n))
  if (pending.length === 0) {
    console.log('No pending migrations to apply.')
    process.exit(0)
  }
  console.log('Applying 999 migrations (this text is not where the action learns what was applied)')
  for (const name of pending) {
    const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'))
    try {
      await applyLikePrisma(client, [{ name, sql }])
    } catch (err) {
      fail('Error: P3018\\n\\nA migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\\n\\nMigration name: ' + name + '\\n\\nDatabase error code: ' + err.code + '\\n\\nDatabase error:\\nERROR: ' + err.message + '\\n')
    }
    console.log('Applying migration \`' + name + '\`')
  }
  console.log('All migrations have been successfully applied.')
  await client.end()
}

if (args[0] === 'generate') {
  console.log('Prisma schema loaded from ' + path.relative(process.cwd(), schemaPath))
  console.log('✔ Generated Prisma Client (v6.1.0) to ./node_modules/@prisma/client in 42ms')
} else if (args[0] === 'migrate' && args[1] === 'deploy') {
  migrateDeploy().catch(err => fail('Error: ' + err.message))
} else {
  fail('Error: unknown command ' + args.join(' '))
}
`
}

const pg = useCluster({ password: PASSWORD })

interface Workspace {
  /** The repository checkout ($GITHUB_WORKSPACE). */
  root: string
  /** The Prisma project inside it (`working-directory`). */
  app: string
  migrationsDir: string
  log: string
  calls: () => Call[]
}

/**
 * A workspace with the Prisma project in `apps/api`, and the stand-in CLI in the project's
 * node_modules (`cli: 'project'`), hoisted to the workspace root (`'root'`), or absent (`'none'`).
 */
function workspace(migrations: Spec[], cli: 'project' | 'root' | 'none' = 'project'): Workspace {
  const p = tempProject({ migrations: [] })
  const root = p.root
  const app = path.join(root, 'apps', 'api')
  fs.mkdirSync(app, { recursive: true })
  fs.renameSync(path.join(root, 'prisma'), path.join(app, 'prisma'))
  fs.writeFileSync(path.join(app, 'prisma', 'schema.prisma'), SCHEMA_WITH_DIRECT_URL)
  const migrationsDir = path.join(app, 'prisma', 'migrations')
  for (const m of migrations) writeMigration(migrationsDir, m)
  if (cli !== 'none') {
    const base = cli === 'project' ? app : root
    fs.mkdirSync(path.join(base, 'node_modules', '.bin'), { recursive: true })
    fs.mkdirSync(path.join(base, 'node_modules', 'prisma'), { recursive: true })
    fs.writeFileSync(path.join(base, 'node_modules', 'prisma', 'package.json'), JSON.stringify({ name: 'prisma', version: '6.1.0' }))
    const bin = path.join(base, 'node_modules', '.bin', 'prisma')
    fs.writeFileSync(bin, standInSource())
    fs.chmodSync(bin, 0o755)
  }
  const log = path.join(root, '..', `${path.basename(root)}-prisma-calls.jsonl`)
  afterFile(() => fs.rmSync(log, { force: true }))
  const calls = (): Call[] =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .split('\n')
          .filter(l => l !== '')
          .map(l => JSON.parse(l) as Call)
      : []
  return { root, app, migrationsDir, log, calls }
}

function deploy(w: Workspace, db: string, inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runAction({
    workspace: w.root,
    inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db }), 'working-directory': 'apps/api', migrator: 'prisma', ...inputs },
    env: { ...DEPLOY_ENV, PRISMA_STANDIN_LOG: w.log, ...env },
    timeoutMs: 120_000
  })
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

async function tableExists(db: string, table: string): Promise<boolean> {
  const [r] = await pg.cluster.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public."${table}"`], db)
  return r.present === true
}

function expectNoLeak(r: RunResult): void {
  expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
}

describe('prisma migrator', () => {
  test('runs the project CLI: generate, then migrate deploy, in working-directory, URL by environment only', async () => {
    const migrations = generatedMigrations(4)
    const w = workspace(migrations)
    const db = await pg.cluster.createDatabase()
    const url = pg.cluster.url({ database: db })

    const r = await deploy(w, db)
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('::group::[STEP 3/3] Deploying database migrations')
    expect(r.stdout).toContain('Prisma CLI 6.1.0')
    expect(r.stdout).toContain('$ prisma generate --schema prisma/schema.prisma')
    expect(r.stdout).toContain('$ prisma migrate deploy --schema prisma/schema.prisma')
    expect(r.stdout).toContain('Generated Prisma Client')

    const calls = w.calls()
    // Prisma 6.1 reads no datasource from a configuration file: no `--config` (6.18 and later get one).
    expect(calls.map(c => c.argv)).toEqual([
      ['generate', '--schema', 'prisma/schema.prisma'],
      ['migrate', 'deploy', '--schema', 'prisma/schema.prisma']
    ])
    expect(fs.existsSync(path.join(w.app, GENERATED_CONFIG_NAME))).toBe(false)
    for (const call of calls) {
      expect(fs.realpathSync(call.cwd)).toBe(fs.realpathSync(w.app))
      // The URL the action writes for Prisma: the same server, and the same TLS rules as its own
      // sessions and pg_dump, spelled in Prisma's parameters (towards 127.0.0.1: prefer).
      const childUrl = parseDatabaseUrl({ raw: url, source: "input 'database-url'" }).childUrl
      expect(call.databaseUrlSha256).toBe(sha256(childUrl))
      expect(call.sslmode).toBe('prefer')
      // The schema's directUrl variable resolves to the same URL.
      expect(call.directUrlSha256).toBe(sha256(childUrl))
      expect(call.urlInArgv).toBe(false)
      expect(call.passwordInArgv).toBe(false)
      expect(call.inputUrlVisible).toBe(false)
    }

    // The outputs come from the books, not from the CLI's text ("Applying 999 migrations").
    const names = migrations.map(m => m.name)
    expect(r.stdout).toContain('Applying 999 migrations')
    expect(r.outputs['applied-count']).toBe('4')
    expect(JSON.parse(r.outputs['applied-migrations'] ?? 'null')).toEqual(names)
    for (const name of names) expect(r.summary).toContain(`<code>${name}</code>`)
    const books = await pg.cluster.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY started_at', [], db)
    expect(books.map(b => b.migration_name)).toEqual(names)
    expectNoLeak(r)
  }, 120_000)

  test('generate-client: false skips prisma generate', async () => {
    const migrations = generatedMigrations(2)
    const w = workspace(migrations)
    const db = await pg.cluster.createDatabase()
    const r = await deploy(w, db, { 'generate-client': 'false' })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(w.calls().map(c => c.argv)).toEqual([['migrate', 'deploy', '--schema', 'prisma/schema.prisma']])
    expect(r.stdout).not.toContain('$ prisma generate')
    expect(r.outputs['applied-count']).toBe('2')
    expectNoLeak(r)
  }, 120_000)

  test('applied-count counts only what this run applied, whatever the CLI prints', async () => {
    const migrations = generatedMigrations(5)
    const w = workspace(migrations)
    const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, migrations.slice(0, 3)))
    const r = await deploy(w, db)
    expect(errorOf(r)).toBe('')
    expect(r.outputs['applied-count']).toBe('2')
    expect(JSON.parse(r.outputs['applied-migrations'] ?? 'null')).toEqual(migrations.slice(3).map(m => m.name))

    const again = await deploy(w, db)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('No pending migrations to apply.')
    expect(again.outputs['applied-count']).toBe('0')
    expect(again.outputs['applied-migrations']).toBe('[]')
  }, 120_000)

  test('a P3018 failure surfaces with its migration, guidance and the recovery runbook', async () => {
    const good = generatedMigrations(2)
    const broken = { name: '20240201000000_broken', sql: 'CREATE TABLE "half" ("id" int);\nCREAT TABLE "oops" ("id" int);\n' }
    const w = workspace([...good, broken])
    const db = await pg.cluster.createDatabase()

    const r = await deploy(w, db, { 'backup-path': 'backups/before.dump' })
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain('prisma migrate deploy exited with code 1 (P3018)')
    expect(message).toContain(`failed migration: ${broken.name}`)
    expect(message).toContain('prisma migrate resolve --rolled-back <name>')
    expect(r.stdout).toContain('Database error code: 42601')
    expect(r.stdout).toContain('Recovery runbook:')
    expect(r.stdout).toContain(path.join(w.root, 'backups', 'before.dump'))
    expect(r.stdout).toContain(`npx prisma migrate resolve --rolled-back ${broken.name}`)
    expect(r.stdout).toContain("pg_restore --clean --if-exists --no-owner --dbname 'postgresql://<user>:<password>@")
    expect(r.outputs['applied-count']).toBeUndefined()
    expect(r.summary).toContain('Recovery runbook')
    expect(r.summary).toContain(`<code>${good[1]?.name}</code>`)
    expectNoLeak(r)

    expect(await tableExists(db, 'half')).toBe(false)
    const [row] = await pg.cluster.query('SELECT finished_at, rolled_back_at, logs FROM _prisma_migrations WHERE migration_name = $1', [broken.name], db)
    expect(row?.finished_at).toBeNull()
    expect(row?.rolled_back_at).toBeNull()
    expect(row?.logs).toContain('syntax error')

    // Prisma refuses the next deploy with P3009; the action passes on the resolve guidance.
    const next = await deploy(w, db)
    expect(next.code).not.toBe(0)
    expect(errorOf(next)).toContain('(P3009)')
    expect(errorOf(next)).toContain('prisma migrate resolve --rolled-back <name>')
    expect(next.stdout).toContain(`npx prisma migrate resolve --rolled-back ${broken.name}`)
    expectNoLeak(next)
  }, 120_000)

  test('a missing Prisma CLI fails clearly before touching the database', async () => {
    const w = workspace(generatedMigrations(2), 'none')
    const db = await pg.cluster.createDatabase()
    const r = await deploy(w, db)
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain("The project's Prisma CLI was not found")
    expect(message.toLowerCase()).toContain("add `prisma` to the project's devdependencies")
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
    expect(w.calls()).toEqual([])
    expectNoLeak(r)
  }, 120_000)

  test('a CLI hoisted to the workspace root is used, still run in working-directory', async () => {
    const migrations = generatedMigrations(1)
    const w = workspace(migrations, 'root')
    const db = await pg.cluster.createDatabase()
    const r = await deploy(w, db, { 'generate-client': 'false' })
    expect(errorOf(r)).toBe('')
    expect(r.outputs['applied-count']).toBe('1')
    const [call] = w.calls()
    expect(fs.realpathSync(call?.cwd)).toBe(fs.realpathSync(w.app))
  }, 120_000)

  test('a CLI that prints the URL does not get it into the log', async () => {
    const w = workspace(generatedMigrations(1))
    const db = await pg.cluster.createDatabase()
    const r = await deploy(w, db, {}, { PRISMA_STANDIN_ECHO_URL: '1' })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('debug: connecting with')
    expectNoLeak(r)
    expect(findSecretLeaks(pg.cluster.url({ database: db }), allTexts(r))).toEqual([])
  }, 120_000)

  test('pull_request is refused before the CLI runs', async () => {
    const w = workspace(generatedMigrations(1))
    const db = await pg.cluster.createDatabase()
    const r = await runAction({
      workspace: w.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db }), 'working-directory': 'apps/api' },
      env: { ...DEPLOY_ENV, PRISMA_STANDIN_LOG: w.log },
      eventName: 'pull_request',
      timeoutMs: 120_000
    })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("refuses 'pull_request' events")
    expect(w.calls()).toEqual([])
  }, 120_000)
})
