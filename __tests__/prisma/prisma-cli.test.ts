import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { mixedMigrations } from '../../test-support/fixtures.mjs'
import { makePrismaProject, prismaEnv, prismaVersion, runPrismaCli } from '../../test-support/prisma-project.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, afterFile, type Spec } from '../helpers/suite.js'

// The real Prisma CLI (7.x and 6.x) with Prisma's WebAssembly schema engine standing in for the
// native binary (test-support/prisma-engine-bridge.mjs): `prisma migrate deploy` and
// `prisma migrate status` keep and read the same books as the builtin migrator, and the action's
// `migrator: prisma` runs the real CLI end to end.

const PASSWORD = 'pr:/i@%+sma'
const pg = useCluster({ password: PASSWORD })

/** The node running the tests comes first: the CLI and the engine bridge start with `#!/usr/bin/env node`. */
const PATH = [path.dirname(process.execPath), process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter)

/** Migrations of every kind the corpus has, plus a `DO $$ … $$` body with `;` inside. */
function migrations(): Spec[] {
  return [
    ...mixedMigrations(6),
    {
      name: '20250101000000_do_block',
      sql: `-- A body with semicolons: one script, one query.\nCREATE TABLE "audit" ("id" SERIAL PRIMARY KEY, "note" TEXT);\nDO $$\nBEGIN\n  INSERT INTO "audit" ("note") VALUES ('a; b');\n  INSERT INTO "audit" ("note") VALUES ('c');\nEND\n$$;\n`
    }
  ]
}

const BROKEN: Spec = { name: '20250201000000_broken', sql: 'CREATE TABLE "half" ("id" int);\nCREAT TABLE "oops" ("id" int);\n' }

/** Runs the project's `node_modules/.bin/prisma` in its root, with only the environment given here. */
function prisma(root: string, major: 6 | 7, db: string, args: string[]): ReturnType<typeof runPrismaCli> {
  return runPrismaCli(root, major, args, { PATH, DATABASE_URL: pg.cluster.url({ database: db }) })
}

function project(major: 6 | 7, specs: Spec[]): ReturnType<typeof makePrismaProject> {
  const p = makePrismaProject({ major, migrations: specs })
  afterFile(p.cleanup)
  return p
}

function deployAction(root: string, major: 6 | 7, db: string, inputs: Record<string, string>): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db }), ...inputs },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', PATH, ...prismaEnv(major) },
    timeoutMs: 120_000
  })
}

/** The books as a comparable record: everything but ids and times, in Prisma's order. */
async function books(db: string): Promise<unknown[]> {
  return pg.cluster.query(
    `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back,
            logs IS NOT NULL AS has_logs, finished_at >= started_at AS ordered
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
    [],
    db
  )
}

/** What the migrations built: tables, columns, indexes and constraints of `public`, and the DO block's rows. */
async function schemaOf(db: string): Promise<unknown> {
  const q = (sql: string): Promise<unknown[]> => pg.cluster.query(sql, [], db)
  return {
    columns: await q(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`
    ),
    indexes: await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`),
    constraints: await q(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> '_prisma_migrations'::regclass ORDER BY conname`
    ),
    audit: await q('SELECT note FROM audit ORDER BY id')
  }
}

async function tableExists(db: string, table: string): Promise<boolean> {
  const [r] = await pg.cluster.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public."${table}"`], db)
  return r.present === true
}

describe.each([7, 6] as const)('the real Prisma %s.x CLI with the WebAssembly schema engine', major => {
  test(`its version is the installed ${major}.x and its engine is the bridge`, async () => {
    const p = project(major, [])
    const r = await prisma(p.root, major, 'postgres', ['--version'])
    // Prisma 6 also reports its query engine library, which is a placeholder here (never loaded by
    // migrate commands): it cannot tell that one's version and exits 1.
    if (major === 6) expect(r.stdout).toMatch(/Query Engine \(Node-API\)\s*: E_CANNOT_RESOLVE_VERSION \(at .*prisma6-query-engine\.placeholder/)
    expect(r.code).toBe(major === 7 ? 0 : 1)
    expect(r.stdout).toContain(prismaVersion(major))
    expect(prismaVersion(major).startsWith(`${major}.`)).toBe(true)
    expect(r.stdout).toMatch(/Schema Engine\s*: schema-engine-cli [0-9a-f]{40} \(at .*prisma-engine-bridge\.mjs, resolved by PRISMA_SCHEMA_ENGINE_BINARY\)/)
  }, 120_000)

  test('migrate deploy keeps the same books as the builtin migrator, and migrate status reads both as up to date', async () => {
    const specs = migrations()
    const p = project(major, specs)
    const viaPrisma = await pg.cluster.createDatabase()
    const viaBuiltin = await pg.cluster.createDatabase()

    const before = await prisma(p.root, major, viaPrisma, ['migrate', 'status'])
    expect(before.code).toBe(1)
    expect(before.stdout).toContain('Following migrations have not yet been applied:')
    for (const m of specs) expect(before.stdout).toContain(m.name)

    const deploy = await prisma(p.root, major, viaPrisma, ['migrate', 'deploy'])
    expect(deploy.stderr).not.toContain('Error')
    expect(deploy.code).toBe(0)
    expect(deploy.stdout).toContain(`${specs.length} migrations found in prisma/migrations`)
    expect(deploy.stdout).toContain('All migrations have been successfully applied.')

    const builtin = await deployAction(p.root, major, viaBuiltin, { migrator: 'builtin' })
    expect(errorOf(builtin)).toBe('')
    expect(builtin.outputs['applied-count']).toBe(String(specs.length))

    const prismaBooks = await books(viaPrisma)
    expect(prismaBooks).toEqual(await books(viaBuiltin))
    expect(prismaBooks).toHaveLength(specs.length)
    expect(prismaBooks).toContainEqual(expect.objectContaining({ migration_name: specs[0]?.name, finished: true, applied_steps_count: 1, has_logs: false }))
    expect(await schemaOf(viaPrisma)).toEqual(await schemaOf(viaBuiltin))
    expect(((await schemaOf(viaPrisma)) as { audit: unknown[] }).audit).toEqual([{ note: 'a; b' }, { note: 'c' }])

    for (const db of [viaPrisma, viaBuiltin]) {
      const status = await prisma(p.root, major, db, ['migrate', 'status'])
      expect(status.stderr).not.toContain('Error')
      expect(status.code).toBe(0)
      expect(status.stdout).toContain('Database schema is up to date!')
    }

    const again = await prisma(p.root, major, viaPrisma, ['migrate', 'deploy'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('No pending migrations to apply.')
    expect(await books(viaPrisma)).toEqual(prismaBooks)
  }, 240_000)

  test('a failing migration is rolled back whole and recorded failed as the builtin migrator records it; the next deploy is refused (P3009)', async () => {
    const specs = [...mixedMigrations(2), BROKEN]
    const p = project(major, specs)
    const viaPrisma = await pg.cluster.createDatabase()
    const viaBuiltin = await pg.cluster.createDatabase()

    const r = await prisma(p.root, major, viaPrisma, ['migrate', 'deploy'])
    expect(r.code).toBe(1)
    // The WebAssembly engine reports a connector error with the server's message, not P3018.
    expect(r.stderr).toContain('syntax error at or near "CREAT"')
    expect(r.stderr).toContain(`migration_name="${BROKEN.name}"`)
    expect(await tableExists(viaPrisma, 'half')).toBe(false)

    const builtin = await deployAction(p.root, major, viaBuiltin, { migrator: 'builtin' })
    expect(builtin.code).not.toBe(0)
    expect(await tableExists(viaBuiltin, 'half')).toBe(false)
    expect(await books(viaPrisma)).toEqual(await books(viaBuiltin))
    const [failed] = await pg.cluster.query('SELECT finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations WHERE migration_name = $1', [BROKEN.name], viaPrisma)
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 })
    expect(failed?.logs).toContain('syntax error at or near "CREAT"')

    for (const db of [viaPrisma, viaBuiltin]) {
      const next = await prisma(p.root, major, db, ['migrate', 'deploy'])
      expect(next.code).toBe(1)
      expect(next.stderr).toContain('P3009')
      expect(next.stderr).toContain(`The \`${BROKEN.name}\` migration started at`)

      // The runbook's way out: mark it rolled back; it is then pending again.
      const resolve = await prisma(p.root, major, db, ['migrate', 'resolve', '--rolled-back', BROKEN.name])
      expect(resolve.code).toBe(0)
      expect(resolve.stdout).toContain(`Migration ${BROKEN.name} marked as rolled back.`)
      const status = await prisma(p.root, major, db, ['migrate', 'status'])
      expect(status.code).toBe(1)
      expect(status.stdout).toContain(`Following migration have not yet been applied:\n${BROKEN.name}`)
    }
    expect(await books(viaPrisma)).toEqual(await books(viaBuiltin))
  }, 240_000)

  test('db pull describes the database: system column types (e.g. "char") reach the engine as text', async () => {
    const p = project(major, mixedMigrations(3))
    const db = await pg.cluster.createDatabase()
    expect((await prisma(p.root, major, db, ['migrate', 'deploy'])).code).toBe(0)
    const r = await prisma(p.root, major, db, ['db', 'pull', '--print'])
    expect(r.stderr).not.toContain('could not be deserialized')
    if (major === 6) {
      // A known difference: the WebAssembly engine is of Prisma 7's generation and refuses a
      // Prisma 6 schema's `url` when it introspects (migrate deploy/status/resolve accept it).
      expect(r.stderr).toContain('The datasource property `url` is no longer supported in schema files.')
      expect(r.code).toBe(1)
      return
    }
    expect(r.stderr).not.toContain('Error')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('model t0000 {')
    expect(r.stdout).toMatch(/note0001\s+String\?/)
  }, 120_000)

  test('the action names the failed migration from the books, whatever the CLI prints, and gives its resolve commands', async () => {
    const good = mixedMigrations(2)
    const p = project(major, [...good, BROKEN])
    const db = await pg.cluster.createDatabase()
    const r = await deployAction(p.root, major, db, { migrator: 'prisma', 'generate-client': 'false' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('prisma migrate deploy exited with code 1')
    expect(r.stdout).toContain('Recovery runbook:')
    expect(r.stdout).toContain(`3. The migration '${BROKEN.name}' is recorded as failed in _prisma_migrations (by this run).`)
    expect(r.stdout).toContain(`npx prisma migrate resolve --rolled-back ${BROKEN.name}`)
    expect(r.summary).toContain(`<code>${good[1]?.name}</code>`)
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  }, 120_000)

  test('a database that does not exist yet is created by migrate deploy, as with the native engine', async () => {
    const specs = mixedMigrations(2)
    const p = project(major, specs)
    const db = `created_${major}_${Math.random().toString(36).slice(2, 8)}`
    const r = await prisma(p.root, major, db, ['migrate', 'deploy'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`PostgreSQL database ${db} created at`)
    expect((await books(db)).map(b => (b as { migration_name: string }).migration_name)).toEqual(specs.map(m => m.name))
  }, 120_000)

  test('the action deploys with migrator: prisma through the real CLI (dist/index.js)', async () => {
    const specs = migrations()
    const p = project(major, specs)
    const db = await pg.cluster.createDatabase()
    // Prisma 6 would need its native query engine for prisma-client-js; its project has no generator.
    const r = await deployAction(p.root, major, db, { migrator: 'prisma', ...(major === 6 ? { 'generate-client': 'false' } : {}) })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Prisma CLI ${prismaVersion(major)}`)
    if (major === 7) {
      expect(r.stdout).toContain('$ prisma generate --schema prisma/schema.prisma')
      expect(r.stdout).toContain('Generated Prisma Client')
      expect(fs.existsSync(path.join(p.root, 'generated', 'prisma'))).toBe(true)
    }
    expect(r.stdout).toContain('$ prisma migrate deploy --schema prisma/schema.prisma')
    expect(r.stdout).toContain('All migrations have been successfully applied.')
    expect(r.outputs['applied-count']).toBe(String(specs.length))
    expect(JSON.parse(r.outputs['applied-migrations'] ?? 'null')).toEqual(specs.map(m => m.name))
    expect((await books(db)).map(b => (b as { migration_name: string }).migration_name)).toEqual(specs.map(m => m.name))
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])

    const status = await prisma(p.root, major, db, ['migrate', 'status'])
    expect(status.code).toBe(0)
    expect(status.stdout).toContain('Database schema is up to date!')
  }, 240_000)
})

describe('the real Prisma CLI behind another deploy', () => {
  test("migrate deploy waits for Prisma's advisory lock and gives up with P1002 after 10 s, as with the native engine", async () => {
    const p = project(7, mixedMigrations(2))
    const db = await pg.cluster.createDatabase()
    const holder = await pg.cluster.client({ database: db })
    try {
      await holder.query('SELECT pg_advisory_lock(72707369)')
      const r = await prisma(p.root, 7, db, ['migrate', 'deploy'])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('P1002')
      expect(r.stderr).toContain('Timed out trying to acquire a postgres advisory lock (SELECT pg_advisory_lock(72707369)). Timeout: 10000ms.')
      expect(await tableExists(db, '_prisma_migrations')).toBe(false)
    } finally {
      await holder.end()
    }
  }, 120_000)
})

describe('the prisma migrator works on the database given to the action, or not at all', () => {
  /** Only the runner's variables and those given here: e.g. another URL the project's config reads. */
  function deployWith(root: string, major: 6 | 7, db: string, env: Record<string, string>): Promise<RunResult> {
    return runAction({
      workspace: root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db }), migrator: 'prisma', 'generate-client': 'false' },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', PATH, ...prismaEnv(major), ...env },
      timeoutMs: 120_000
    })
  }

  test("Prisma 7: a project config that reads another variable for its URL deploys to the action's database, not that one", async () => {
    const specs = mixedMigrations(3)
    const config = `import { defineConfig, env } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  migrations: { path: 'prisma/migrations' },\n  datasource: { url: env('PROD_DATABASE_URL') }\n})\n`
    const p = makePrismaProject({ major: 7, migrations: specs, config })
    afterFile(p.cleanup)
    const given = await pg.cluster.createDatabase()
    const other = await pg.cluster.createDatabase()

    const r = await deployWith(p.root, 7, given, { PROD_DATABASE_URL: pg.cluster.url({ database: other }) })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['applied-count']).toBe(String(specs.length))
    expect((await books(given)).map(b => (b as { migration_name: string }).migration_name)).toEqual(specs.map(m => m.name))
    expect(await tableExists(other, '_prisma_migrations')).toBe(false)
    expect(fs.readFileSync(path.join(p.root, 'prisma.config.ts'), 'utf8')).toBe(config)
    expect(fs.readdirSync(p.root).sort()).toEqual(['node_modules', 'package.json', 'prisma', 'prisma.config.ts'])
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  }, 120_000)

  test("Prisma 7: a project config reading a variable the runner does not set still loads, and deploys to the action's database", async () => {
    const specs = mixedMigrations(2)
    const config = `import { defineConfig, env } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  datasource: { url: env('PROD_DATABASE_URL'), shadowDatabaseUrl: env('SHADOW_DATABASE_URL') }\n})\n`
    const p = makePrismaProject({ major: 7, migrations: specs, config })
    afterFile(p.cleanup)
    const db = await pg.cluster.createDatabase()
    const r = await deployWith(p.root, 7, db, {})
    expect(errorOf(r)).toBe('')
    expect(r.outputs['applied-count']).toBe(String(specs.length))
  }, 120_000)

  test("Prisma 6: a schema whose literal URL names the action's own database (other credentials) is accepted", async () => {
    const db = await pg.cluster.createDatabase()
    const schema = `datasource db {\n  provider = "postgresql"\n  url      = "${pg.cluster.url({ database: db, user: 'someone', password: 'else' })}"\n}\n`
    const specs = mixedMigrations(2)
    const p = makePrismaProject({ major: 6, migrations: specs, schema })
    afterFile(p.cleanup)
    const r = await deployWith(p.root, 6, db, {})
    expect(errorOf(r)).toBe('')
    expect(r.outputs['applied-count']).toBe(String(specs.length))
  }, 120_000)

  test.each([7, 6] as const)(
    "Prisma %s: a project config whose migrations.path is another folder applies the action's migrations folder",
    async major => {
      const specs = mixedMigrations(3)
      const datasource = major === 7 ? `,\n  datasource: { url: env('DATABASE_URL') }` : ''
      const config = `import { defineConfig${major === 7 ? ', env' : ''} } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  migrations: { path: 'db/migrations' }${datasource}\n})\n`
      const p = makePrismaProject({ major, migrations: specs, config })
      afterFile(p.cleanup)
      const elsewhere = path.join(p.root, 'db', 'migrations')
      fs.mkdirSync(path.join(elsewhere, '20200101000000_elsewhere'), { recursive: true })
      fs.writeFileSync(path.join(elsewhere, '20200101000000_elsewhere', 'migration.sql'), 'CREATE TABLE "elsewhere" ("id" int);\n')
      fs.writeFileSync(path.join(elsewhere, 'migration_lock.toml'), 'provider = "postgresql"\n')
      const db = await pg.cluster.createDatabase()

      const r = await deployWith(p.root, major, db, {})
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toContain("Prisma configuration: prisma.config.ts, with the action's database URL, schema and migrations folder (prisma/migrations)")
      expect(JSON.parse(r.outputs['applied-migrations'] ?? 'null')).toEqual(specs.map(m => m.name))
      expect(await tableExists(db, 'elsewhere')).toBe(false)
    },
    120_000
  )

  test('Prisma 6: a schema whose datasource names another database literally is refused before anything changes', async () => {
    const given = await pg.cluster.createDatabase()
    const other = await pg.cluster.createDatabase()
    const schema = `datasource db {\n  provider = "postgresql"\n  url      = "${pg.cluster.url({ database: other })}"\n}\n`
    const p = makePrismaProject({ major: 6, migrations: mixedMigrations(2), schema })
    afterFile(p.cleanup)

    const r = await deployWith(p.root, 6, given, {})
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('names its database URL literally')
    expect(errorOf(r)).toContain('env("DATABASE_URL")')
    expect(await tableExists(given, '_prisma_migrations')).toBe(false)
    expect(await tableExists(other, '_prisma_migrations')).toBe(false)
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  }, 120_000)

  test("a CLI that exits 0 but leaves the action's database behind fails the deploy, naming what is still pending", async () => {
    const specs = mixedMigrations(2)
    const p = makePrismaProject({ major: 7, migrations: specs, cli: false })
    afterFile(p.cleanup)
    const bin = path.join(p.root, 'node_modules', '.bin', 'prisma')
    fs.mkdirSync(path.dirname(bin), { recursive: true })
    fs.mkdirSync(path.join(p.root, 'node_modules', 'prisma'), { recursive: true })
    fs.writeFileSync(path.join(p.root, 'node_modules', 'prisma', 'package.json'), JSON.stringify({ name: 'prisma', version: prismaVersion(7) }))
    fs.writeFileSync(bin, '#!/bin/sh\necho "All migrations have been successfully applied."\n')
    fs.chmodSync(bin, 0o755)
    const db = await pg.cluster.createDatabase()

    const r = await deployWith(p.root, 7, db, {})
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('The migrator reported success (prisma migrate deploy exited 0), but the verified database (the one given to the action) was not migrated')
    expect(errorOf(r)).toContain(`it still has 2 pending migrations: ${specs.map(m => m.name).join(', ')}`)
    expect(errorOf(r)).toContain("Likely cause: the CLI read another database URL or another migrations folder than the action's")
    expect(r.outputs['applied-count']).toBeUndefined()
  }, 120_000)
})
