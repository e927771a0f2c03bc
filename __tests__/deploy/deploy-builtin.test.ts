import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { writeMigration, generatedMigrations, applyLikePrisma, insertRow, checksumOf } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, urlParses, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, migrationFolderNames, ifDocumenso, copyDocumenso, type Spec } from '../helpers/suite.js'
import type { MigrationRow } from '../../src/prisma/books.js'

// The deploy phase with `migrator: builtin`, end to end through dist/index.js against a real server.

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const PASSWORD = 'de:/p@%+loy'

/** Everything the action sees besides the runner variables runAction sets; nothing inherited. */
const DEPLOY_ENV: Record<string, string | undefined> = { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', LC_ALL: undefined }

// Prepared transactions enabled, so a file that prepares one instead of committing can be tested.
const pg = useCluster({ password: PASSWORD, settings: { max_prepared_transactions: 4 } })

function deploy(root: string, db: string, inputs: Record<string, string> = {}, timeoutMs = 120_000): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin', ...inputs },
    env: DEPLOY_ENV,
    timeoutMs
  })
}

function verify(root: string, db: string): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin' },
    env: DEPLOY_ENV,
    timeoutMs: 120_000
  })
}

async function rows(db: string): Promise<MigrationRow[]> {
  return (await pg.cluster.query('SELECT * FROM public._prisma_migrations ORDER BY started_at, migration_name', [], db)) as MigrationRow[]
}

async function tableExists(db: string, table: string): Promise<boolean> {
  const [r] = await pg.cluster.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public."${table}"`], db)
  return r.present === true
}

async function columnExists(db: string, table: string, column: string): Promise<boolean> {
  const res = await pg.cluster.query('SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3', ['public', table, column], db)
  return res.length === 1
}

function expectNoLeak(r: RunResult): void {
  expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
}

function expectDeployed(r: RunResult, applied: string[]): void {
  expect(errorOf(r)).toBe('')
  expect(r.code).toBe(0)
  expect(r.stdout).toContain('::group::[STEP 3/3] Deploying database migrations')
  expect(urlParses(r)).toBe(1)
  expect(r.outputs['applied-count']).toBe(String(applied.length))
  expect(JSON.parse(r.outputs['applied-migrations'] ?? 'null')).toEqual(applied)
  expectNoLeak(r)
}

function expectRefused(r: RunResult): string {
  expect(r.code).not.toBe(0)
  expect(r.code).not.toBeNull()
  const message = errorOf(r)
  expect(message).not.toBe('')
  expect(r.outputs['applied-count']).toBeUndefined()
  expectNoLeak(r)
  return message
}

/** libpq environment for the cluster's own tools; the password never goes on a command line. */
function toolEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', PGPASSWORD: pg.cluster.password, PGCONNECT_TIMEOUT: '10', LANG: 'C.UTF-8' }
}

function toolArgs(db: string): string[] {
  return ['-h', pg.cluster.host, '-p', String(pg.cluster.port), '-U', pg.cluster.user, '-d', db]
}

/** Applies each file in order with psql, stopping at the first error (the reference result). */
function applyWithPsql(db: string, migrationsDir: string): void {
  for (const name of migrationFolderNames(migrationsDir)) {
    const r = spawnSync(path.join(pg.cluster.binDir, 'psql'), [...toolArgs(db), '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', path.join(migrationsDir, name, 'migration.sql')], {
      env: toolEnv(),
      encoding: 'utf8'
    })
    if (r.status !== 0) throw new Error(`psql failed on ${name}: ${r.stderr}`)
  }
}

/** The schema as pg_dump prints it, without the bookkeeping table and pg_dump's per-run restrict key. */
function schemaDump(db: string): string {
  const r = spawnSync(path.join(pg.cluster.binDir, 'pg_dump'), [...toolArgs(db), '--schema-only', '--no-owner', '-T', 'public._prisma_migrations'], {
    env: toolEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`)
  return r.stdout
    .split('\n')
    .filter(line => !/^\\(un)?restrict /.test(line))
    .join('\n')
}

/**
 * Deploys the project into an empty database with the builtin migrator and checks: one finished
 * row per migration as Prisma writes it, the same schema as psql applying the files in order, and
 * a verify afterwards with nothing pending.
 */
async function expectParityWithPsql(root: string, migrationsDir: string, timeoutMs: number): Promise<void> {
  const names = migrationFolderNames(migrationsDir)
  const db = await freshDatabase(pg.cluster)
  const r = await deploy(root, db, {}, timeoutMs)
  expectDeployed(r, names)
  for (const name of names) expect(r.summary).toContain(`<code>${name}</code>`)

  const books = await rows(db)
  expect(books.map(b => b.migration_name)).toEqual(names)
  for (const row of books) {
    const file = fs.readFileSync(path.join(migrationsDir, row.migration_name, 'migration.sql'))
    expect(row.checksum).toBe(checksumOf(file))
    expect(row.finished_at).toBeInstanceOf(Date)
    expect(row.rolled_back_at).toBeNull()
    expect(row.logs).toBeNull()
    expect(row.applied_steps_count).toBe(1)
    expect(row.id).toMatch(UUID_V4)
  }
  expect(new Set(books.map(b => b.id)).size).toBe(books.length)

  const reference = await freshDatabase(pg.cluster)
  applyWithPsql(reference, migrationsDir)
  const ours = schemaDump(db)
  expect(ours).toContain('CREATE TABLE')
  expect(ours).not.toContain('_prisma_migrations')
  expect(ours).toBe(schemaDump(reference))

  const v = await verify(root, db)
  expect(errorOf(v)).toBe('')
  expect(v.code).toBe(0)
  expect(v.outputs['pending-count']).toBe('0')
  expect(v.outputs['applied-count']).toBe(String(names.length))

  const again = await deploy(root, db, {}, timeoutMs)
  expectDeployed(again, [])
  expect((await rows(db)).length).toBe(names.length)
}

/** The suite's own migrations: generated tables plus files that exercise the statement splitter. */
function fixtureMigrations(): Spec[] {
  return [
    ...generatedMigrations(8),
    {
      name: '20240201000000_types_and_functions',
      sql: `-- CreateEnum
CREATE TYPE "Status" AS ENUM ('DRAFT', 'SENT; OK', 'DONE');

-- CreateTable
CREATE TABLE "Doc" (
    "id" SERIAL NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'DRAFT',
    "note" TEXT NOT NULL DEFAULT E'it\\'s; fine',
    "title" TEXT NOT NULL DEFAULT '-- not a comment; /* nor this */',
    CONSTRAINT "Doc_pkey" PRIMARY KEY ("id")
);

/* A function whose body holds semicolons; /* nested */ comment */
CREATE FUNCTION "doc_touch"() RETURNS trigger AS $fn$
BEGIN
  NEW."title" := NEW."title" || ';';
  RETURN NEW;
END;
$fn$ LANGUAGE plpgsql;

CREATE TRIGGER "doc_touch" BEFORE INSERT ON "Doc" FOR EACH ROW EXECUTE FUNCTION "doc_touch"();
`
    },
    {
      name: '20240202000000_data',
      sql: `DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "Doc") THEN
    INSERT INTO "Doc" ("title") VALUES ('first');
  END IF;
END $$;
ALTER TABLE "t0000" ADD COLUMN "extra" TEXT;
CREATE INDEX "Doc_status_idx" ON "Doc"("status");`
    }
  ]
}

describe('builtin migrator: the same result as Prisma and psql', () => {
  test('the generated fixture: rows as Prisma writes them, schema identical to psql, verify reports 0 pending', async () => {
    const p = tempProject({ migrations: fixtureMigrations() })
    await expectParityWithPsql(p.root, p.migrationsDir, 120_000)
  }, 300_000)

  const corpusTest = ifDocumenso('deploy-builtin', test, test.skip)
  corpusTest(
    'the Documenso corpus (163 migrations) into an empty database',
    async () => {
      const root = copyDocumenso('documenso-deploy-')
      const migrationsDir = path.join(root, 'prisma', 'migrations')
      expect(migrationFolderNames(migrationsDir)).toHaveLength(163)
      await expectParityWithPsql(root, migrationsDir, 400_000)
    },
    900_000
  )
})

describe('builtin migrator: failures', () => {
  test('a failing migration leaves nothing behind, is recorded as Prisma records it, and blocks the next deploy', async () => {
    const good = generatedMigrations(2)
    const broken = {
      name: '20240201000000_broken',
      sql: 'CREATE TABLE "half_done" ("id" INTEGER NOT NULL);\nINSERT INTO "no_such_table" VALUES (1);\n'
    }
    const after = { name: '20240301000000_after', sql: 'CREATE TABLE "after_broken" ("id" INTEGER);\n' }
    const p = tempProject({ migrations: [...good, broken, after] })
    const db = await freshDatabase(pg.cluster)

    const r = await deploy(p.root, db, { 'backup-path': 'backups/prod-before-deploy.dump' })
    const message = expectRefused(r)
    expect(message).toContain(`Migration '${broken.name}' failed (SQLSTATE 42P01)`)
    expect(message).toContain('no_such_table')
    expect(message).toContain('rolled back')
    // The recovery runbook: the backup file, a pg_restore command with placeholders, resolve commands.
    const backup = path.join(p.root, 'backups', 'prod-before-deploy.dump')
    expect(r.stdout).toContain('Recovery runbook:')
    expect(r.stdout).toContain(backup)
    expect(r.stdout).toContain(`pg_restore --clean --if-exists --no-owner --dbname 'postgresql://<user>:<password>@127.0.0.1:${pg.cluster.port}/${db}' prod-before-deploy.dump`)
    // The restore workflow first (with this run's id and the confirmation to type), the manual commands second.
    const step2 = r.stdout.split('\n').find(l => l.startsWith('2. If data was damaged')) ?? ''
    expect(step2).toMatch(new RegExp(`run the 'Restore database' workflow \\(workflow-templates/db-restore\\.yml.*with run id 4242 and confirm-restore '${db}'`))
    expect(step2.indexOf("'Restore database' workflow")).toBeLessThan(step2.indexOf('pg_restore --clean'))
    expect(r.stdout).toContain(`npx prisma migrate resolve --rolled-back ${broken.name}`)
    expect(r.summary).toContain('Recovery runbook')
    expect(r.summary).toContain(backup)

    expect(await tableExists(db, 'half_done')).toBe(false)
    expect(await tableExists(db, 'after_broken')).toBe(false)
    expect(await tableExists(db, 't0001')).toBe(true)
    const books = await rows(db)
    expect(books.map(b => b.migration_name)).toEqual([...good.map(m => m.name), broken.name])
    const failed = books.find(b => b.migration_name === broken.name) as MigrationRow
    expect(failed.finished_at).toBeNull()
    expect(failed.rolled_back_at).toBeNull()
    expect(failed.applied_steps_count).toBe(0)
    expect(failed.checksum).toBe(checksumOf(broken.sql))
    expect(failed.id).toMatch(UUID_V4)
    expect(failed.logs).toContain(`Migration name: ${broken.name}`)
    expect(failed.logs).toContain('Database error code: 42P01')
    expect(failed.logs).toContain('relation "no_such_table" does not exist')

    // The next deploy refuses before applying anything (Prisma: P3009), with the resolve commands.
    const next = await deploy(p.root, db)
    const refusal = expectRefused(next)
    expect(refusal).toContain('P3009')
    expect(refusal).toContain(broken.name)
    expect(refusal).toContain(`npx prisma migrate resolve --rolled-back ${broken.name}`)
    expect(refusal).toContain(`npx prisma migrate resolve --applied ${broken.name}`)
    // The runbook reads the books: the failed row is there, written by the earlier run.
    expect(next.stdout).toContain(`The migration '${broken.name}' is recorded as failed in _prisma_migrations (by an earlier run).`)
    expect(next.summary).toMatch(/Applied by this run<\/h3>\s*<p>None\.<\/p>/)
    expect(await rows(db)).toHaveLength(3)
    expect(await tableExists(db, 'after_broken')).toBe(false)

    // verify names it too.
    const v = await verify(p.root, db)
    expect(v.code).not.toBe(0)
    expect(errorOf(v)).toContain(broken.name)
    expect(errorOf(v)).toContain(`npx prisma migrate resolve --rolled-back ${broken.name}`)
  }, 180_000)

  test('without backup-path the runbook says so', async () => {
    const p = tempProject({ migrations: [{ name: '20240101000000_bad', sql: 'CREATE TABLE "x" ("id" int);\nSELECT 1/0;\n' }] })
    const db = await freshDatabase(pg.cluster)
    const r = await deploy(p.root, db)
    expect(expectRefused(r)).toContain('SQLSTATE 22012')
    expect(r.stdout).toContain("No 'backup-path' was given")
    expect(r.stdout).not.toContain('pg_restore --clean')
    expect(await tableExists(db, 'x')).toBe(false)
  }, 120_000)

  test('a migration whose rows are all rolled back is applied again', async () => {
    const migrations = generatedMigrations(3)
    const p = tempProject({ migrations })
    const [m0, m1, m2] = migrations as [Spec, Spec, Spec]
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, [m0])
      await insertRow(client, { name: m1.name, checksum: checksumOf(m1.sql), finished: false, rolledBack: true, logs: 'failed earlier' })
    })
    const r = await deploy(p.root, db)
    expectDeployed(r, [m1.name, m2.name])
    const books = await rows(db)
    const forM1 = books.filter(b => b.migration_name === m1.name)
    expect(forM1).toHaveLength(2)
    expect(forM1.filter(b => b.rolled_back_at !== null)).toHaveLength(1)
    const fresh = forM1.find(b => b.rolled_back_at === null) as MigrationRow
    expect(fresh.finished_at).toBeInstanceOf(Date)
    expect(fresh.applied_steps_count).toBe(1)
    expect(await tableExists(db, 't0001')).toBe(true)
    expect(await tableExists(db, 't0002')).toBe(true)
  }, 120_000)

  test('a non-empty schema without _prisma_migrations is refused (baseline first)', async () => {
    const p = tempProject({ migrations: generatedMigrations(2) })
    const db = await freshDatabase(pg.cluster, async client => {
      await client.query('CREATE TABLE "legacy_users" ("id" int)')
    })
    const message = expectRefused(await deploy(p.root, db))
    expect(message).toContain('P3005')
    expect(message).toContain('legacy_users')
    expect(message).toContain('npx prisma migrate resolve --applied 20240101000000_m0000')
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
    expect(await tableExists(db, 't0000')).toBe(false)
  }, 120_000)

  test("PostGIS's own tables do not make a schema non-empty", async () => {
    const migrations = generatedMigrations(1)
    const p = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster, async client => {
      await client.query('CREATE TABLE "spatial_ref_sys" ("srid" int)')
    })
    expectDeployed(await deploy(p.root, db), [migrations[0]?.name])
  }, 120_000)

  test('a provider mismatch in migration_lock.toml is refused before connecting', async () => {
    const p = tempProject({ migrations: generatedMigrations(2), lockFile: '# Please do not edit this file manually\nprovider = "mysql"\n' })
    const db = await freshDatabase(pg.cluster)
    const message = expectRefused(await deploy(p.root, db))
    expect(message).toContain('P3019')
    expect(message).toContain('provider = "mysql"')
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
    expect(await tableExists(db, 't0000')).toBe(false)
  }, 120_000)
})

describe('builtin migrator: lock_timeout', () => {
  test('a migration behind a long transaction gives up after the retries and is recorded as failed', async () => {
    const migrations = generatedMigrations(1)
    const alter = { name: '20240201000000_add_column', sql: 'ALTER TABLE "t0000" ADD COLUMN "blocked" TEXT;\n' }
    const p = tempProject({ migrations: [...migrations, alter] })
    const db = await freshDatabase(pg.cluster, async client => applyLikePrisma(client, migrations))

    const holder = await pg.cluster.client({ database: db })
    holder.on('error', () => {})
    try {
      await holder.query('BEGIN')
      await holder.query('LOCK TABLE "t0000" IN ACCESS SHARE MODE')
      const r = await deploy(p.root, db, { 'lock-timeout': '1s' })
      const message = expectRefused(r)
      expect(message).toContain(`Migration '${alter.name}' failed (SQLSTATE 55P03)`)
      expect(message).toMatch(/gave up waiting for a lock after 3 attempt\(s\)/)
      expect(r.stdout).toContain('attempt 1 of 3')
      expect(r.stdout).toContain('attempt 2 of 3')
      // 3 attempts of 1 s plus 1 s and 2 s of backoff: bounded, not forever (generous bounds).
      expect(r.durationMs).toBeGreaterThan(4_500)
      expect(r.durationMs).toBeLessThan(60_000)
    } finally {
      await holder.query('ROLLBACK').catch(() => {})
      await holder.end()
    }
    expect(await columnExists(db, 't0000', 'blocked')).toBe(false)
    const failed = (await rows(db)).filter(b => b.migration_name === alter.name)
    expect(failed).toHaveLength(1)
    expect(failed[0]?.finished_at).toBeNull()
    expect(failed[0]?.rolled_back_at).toBeNull()
    expect(failed[0]?.logs).toContain('Database error code: 55P03')
    expect(failed[0]?.logs).toMatch(/lock timeout/i)
    expect(failed[0]?.logs).toContain('Gave up after 3 attempt(s) of lock_timeout 1000 ms each.')
  }, 120_000)

  test('a lock released during the retries lets the migration through', async () => {
    const migrations = generatedMigrations(1)
    const alter = { name: '20240201000000_add_column', sql: 'ALTER TABLE "t0000" ADD COLUMN "late" TEXT;\n' }
    const p = tempProject({ migrations: [...migrations, alter] })
    const db = await freshDatabase(pg.cluster, async client => applyLikePrisma(client, migrations))

    const holder = await pg.cluster.client({ database: db })
    holder.on('error', () => {})
    let running: Promise<RunResult> | undefined
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT count(*) FROM "t0000"')
      running = deploy(p.root, db, { 'lock-timeout': '1s' })
      let ended = false
      void running.then(() => (ended = true))
      // Release during the second attempt: the migrator waits on the lock, gives up (attempt 1),
      // backs off, and waits again. Stop watching if the run ends first (the assertions below fail).
      const waitingOnLock = async (): Promise<boolean> =>
        (await pg.cluster.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'db-deploy-action deploy (builtin migrator)' AND wait_event_type = 'Lock'`, [db])).length > 0
      const deadline = Date.now() + 60_000
      watch: for (const want of [true, false, true]) {
        while ((await waitingOnLock()) !== want) {
          if (ended || Date.now() > deadline) break watch
          await new Promise(r => setTimeout(r, 25))
        }
      }
    } finally {
      await holder.query('ROLLBACK').catch(() => {})
      await holder.end()
    }
    const r = await running
    expectDeployed(r, [alter.name])
    expect(r.stdout).toContain('attempt 1 of 3')
    expect(await columnExists(db, 't0000', 'late')).toBe(true)
    const [row] = (await rows(db)).filter(b => b.migration_name === alter.name)
    expect(row?.finished_at).toBeInstanceOf(Date)
    expect(row?.logs).toBeNull()
  }, 120_000)
})

describe('builtin migrator: statements that cannot run in a transaction', () => {
  test('a single CREATE INDEX CONCURRENTLY file is applied on its own', async () => {
    const migrations = generatedMigrations(1)
    const concurrent = { name: '20240201000000_concurrent_index', sql: '-- CreateIndex\nCREATE INDEX CONCURRENTLY "t0000_id_name_idx" ON "t0000"("id", "name");\n' }
    const p = tempProject({ migrations: [...migrations, concurrent] })
    const db = await freshDatabase(pg.cluster)
    expectDeployed(await deploy(p.root, db), [migrations[0]?.name, concurrent.name])
    const [index] = await pg.cluster.query(`SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 't0000_id_name_idx'`, [], db)
    expect(index?.indisvalid).toBe(true)
    const row = (await rows(db)).find(b => b.migration_name === concurrent.name) as MigrationRow
    expect(row.finished_at).toBeInstanceOf(Date)
    expect(row.applied_steps_count).toBe(1)
  }, 120_000)

  test('CREATE INDEX CONCURRENTLY among other statements fails before anything is applied', async () => {
    const migrations = generatedMigrations(2)
    const mixed = {
      name: '20240201000000_mixed',
      sql: 'CREATE TABLE "mixed" ("id" int);\nCREATE INDEX CONCURRENTLY "mixed_id_idx" ON "mixed"("id");\n'
    }
    const p = tempProject({ migrations: [...migrations, mixed] })
    const db = await freshDatabase(pg.cluster)
    const message = expectRefused(await deploy(p.root, db))
    expect(message).toContain(mixed.name)
    expect(message).toContain('CREATE/DROP INDEX CONCURRENTLY')
    expect(message).toMatch(/Move the .* statement into a migration of its own/)
    expect(message).toContain('Nothing was applied')
    // No row inserted, and the earlier pending migrations of this run were not applied either.
    // Refused before anything changed: not even the bookkeeping table was created.
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
    const books: unknown[] = []
    expect(books).toEqual([])
    for (const t of ['t0000', 't0001', 'mixed']) expect(await tableExists(db, t)).toBe(false)
  }, 120_000)

  test('a failing CREATE UNIQUE INDEX CONCURRENTLY is recorded as failed and flagged as not all-or-nothing', async () => {
    const migrations = generatedMigrations(1)
    const unique = { name: '20240201000000_unique_name', sql: 'CREATE UNIQUE INDEX CONCURRENTLY "t0000_name_key" ON "t0000"("name");\n' }
    const p = tempProject({ migrations: [...migrations, unique] })
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, migrations)
      await client.query(`INSERT INTO "t0000" ("name") VALUES ('same'), ('same')`)
    })
    const message = expectRefused(await deploy(p.root, db))
    expect(message).toContain(`Migration '${unique.name}' failed (SQLSTATE 23505)`)
    expect(message).toContain('not all-or-nothing')
    const [row] = (await rows(db)).filter(b => b.migration_name === unique.name)
    expect(row?.finished_at).toBeNull()
    expect(row?.rolled_back_at).toBeNull()
    expect(row?.logs).toContain('Database error code: 23505')
  }, 120_000)

  test('a file with its own BEGIN/COMMIT is applied and recorded', async () => {
    const own = { name: '20240101000000_own_tx', sql: 'BEGIN;\nCREATE TABLE "own" ("id" int);\nCOMMIT;\n' }
    const p = tempProject({ migrations: [own] })
    const db = await freshDatabase(pg.cluster)
    expectDeployed(await deploy(p.root, db), [own.name])
    expect(await tableExists(db, 'own')).toBe(true)
    const [row] = await rows(db)
    expect(row?.finished_at).toBeInstanceOf(Date)
    expect(row?.applied_steps_count).toBe(1)
  }, 120_000)
})

describe('builtin migrator: schemas and books read before and after', () => {
  test('?schema= puts the books and the tables into that schema and creates it', async () => {
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster)
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, params: { schema: 'tenant_a' } }), migrator: 'builtin' },
      env: DEPLOY_ENV,
      timeoutMs: 120_000
    })
    expectDeployed(
      r,
      migrations.map(m => m.name)
    )
    const [count] = await pg.cluster.query('SELECT count(*)::int AS n FROM tenant_a._prisma_migrations WHERE finished_at IS NOT NULL', [], db)
    expect(count?.n).toBe(2)
    expect((await pg.cluster.query("SELECT to_regclass('tenant_a.t0001') IS NOT NULL AS present", [], db))[0]?.present).toBe(true)
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
  }, 120_000)

  test('an application role with CREATE on its schema but not on the database deploys into the existing schema', async () => {
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const role = `app_${Math.random().toString(36).slice(2, 8)}`
    const db = await freshDatabase(pg.cluster, async client => {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app-pw'`)
      await client.query(`REVOKE CREATE ON DATABASE "${client.database}" FROM PUBLIC`)
      await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`)
    })
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, user: role, password: 'app-pw' }), migrator: 'builtin' },
      env: DEPLOY_ENV,
      timeoutMs: 120_000
    })
    expectDeployed(
      r,
      migrations.map(m => m.name)
    )
    expect((await rows(db)).map(row => row.migration_name)).toEqual(migrations.map(m => m.name))
  }, 120_000)

  test('a schema that does not exist and may not be created is refused with what to do', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    const role = `app_${Math.random().toString(36).slice(2, 8)}`
    const db = await freshDatabase(pg.cluster, async client => {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app-pw'`)
      await client.query(`REVOKE CREATE ON DATABASE "${client.database}" FROM PUBLIC`)
    })
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, user: role, password: 'app-pw', params: { schema: 'not_yet' } }), migrator: 'builtin' },
      env: DEPLOY_ENV,
      timeoutMs: 120_000
    })
    const message = expectRefused(r)
    expect(message).toContain(`Schema 'not_yet' does not exist and role '${role}' may not create it`)
    expect(message).toContain('CREATE SCHEMA "not_yet" AUTHORIZATION')
    expect(message).toContain('nothing was applied')
  }, 120_000)

  test('outputs list only what this run applied, in order', async () => {
    const migrations = generatedMigrations(5)
    const p = tempProject({ migrations: migrations.slice(0, 3) })
    const db = await freshDatabase(pg.cluster, async client => applyLikePrisma(client, migrations.slice(0, 2)))
    expectDeployed(await deploy(p.root, db), [migrations[2]?.name])
    for (const m of migrations.slice(3)) writeMigration(p.migrationsDir, m)
    const r = await deploy(p.root, db)
    expectDeployed(
      r,
      migrations.slice(3).map(m => m.name)
    )
    expect(r.summary).toContain('Applied migrations (2)')
  }, 120_000)
})

describe('builtin migrator: the target schema created by another session at the same moment', () => {
  const APP = 'db-deploy-action deploy (builtin migrator)'

  /** Waits until the deploy's session waits on a lock in `db` (its CREATE SCHEMA behind the holder), or the run ends. */
  async function untilDeployWaits(db: string, running: Promise<RunResult>): Promise<boolean> {
    let ended = false
    void running.then(() => (ended = true))
    const deadline = Date.now() + 60_000
    while (!ended && Date.now() < deadline) {
      const waiting = await pg.cluster.query(`SELECT query FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND wait_event_type = 'Lock'`, [db, APP])
      if (waiting.some(w => /CREATE SCHEMA/.test(String(w.query)))) return true
      await new Promise(r => setTimeout(r, 25))
    }
    return false
  }

  /**
   * Deploy into `?schema=<schema>` while another session holds a transaction that has created that
   * schema and not committed: deploy's check does not see it, its CREATE SCHEMA waits on that
   * transaction; `then` ends the transaction once deploy waits.
   */
  async function race(o: { then: 'COMMIT' | 'ROLLBACK' | 'hold'; lockTimeout: string }): Promise<{ r: RunResult; db: string; waited: boolean; schema: string; p: ReturnType<typeof tempProject> }> {
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster)
    const schema = 'tenant_race'
    const holder = await pg.cluster.client({ database: db })
    holder.on('error', () => {})
    try {
      await holder.query('BEGIN')
      await holder.query(`CREATE SCHEMA "${schema}"`)
      const running = runAction({
        workspace: p.root,
        inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, params: { schema } }), migrator: 'builtin', 'lock-timeout': o.lockTimeout },
        env: DEPLOY_ENV,
        timeoutMs: 120_000
      })
      const waited = await untilDeployWaits(db, running)
      if (o.then !== 'hold') await holder.query(o.then)
      const r = await running
      return { r, db, waited, schema, p }
    } finally {
      await holder.query('COMMIT').catch(() => {})
      await holder.end()
    }
  }

  test('committed while deploy waits: the schema exists, deploy says so and deploys into it', async () => {
    const { r, db, waited, schema } = await race({ then: 'COMMIT', lockTimeout: '30s' })
    expect(waited).toBe(true)
    expectDeployed(
      r,
      generatedMigrations(2).map(m => m.name)
    )
    expect(r.stdout).toContain(`Schema '${schema}' was created by another session while this deploy was creating it (duplicate key value violates unique constraint "pg_namespace_nspname_index"`)
    expect(r.stdout).toContain('it exists now, which is what the deploy needed: deploying into it.')
    const [count] = await pg.cluster.query(`SELECT count(*)::int AS n FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL`, [], db)
    expect(count?.n).toBe(2)
  }, 120_000)

  test('control: rolled back while deploy waits: deploy creates the schema itself, with no such message', async () => {
    const { r, waited, schema } = await race({ then: 'ROLLBACK', lockTimeout: '30s' })
    expect(waited).toBe(true)
    expectDeployed(
      r,
      generatedMigrations(2).map(m => m.name)
    )
    expect(r.stdout).not.toContain(`Schema '${schema}' was created by another session`)
  }, 120_000)

  test('held past lock-timeout: deploy fails saying what happened and that running it again is safe, and the next run deploys', async () => {
    const { r, db, waited, schema, p } = await race({ then: 'hold', lockTimeout: '1s' })
    expect(waited).toBe(true)
    const message = expectRefused(r)
    expect(message).toContain(
      `Schema '${schema}' is being created by another session whose transaction has not ended: this deploy's CREATE SCHEMA waited for it for lock-timeout (1.0 s) and gave up; nothing was applied.`
    )
    expect(message).toContain('Running the deploy again is safe')
    // The holder has committed (race's cleanup): the next run finds the schema and deploys into it.
    const again = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, params: { schema } }), migrator: 'builtin' },
      env: DEPLOY_ENV,
      timeoutMs: 120_000
    })
    expectDeployed(
      again,
      generatedMigrations(2).map(m => m.name)
    )
  }, 120_000)

  test("PostgreSQL's own behaviour: CREATE SCHEMA and CREATE SCHEMA IF NOT EXISTS behind an uncommitted CREATE SCHEMA both fail with 23505 once it commits", async () => {
    const db = await freshDatabase(pg.cluster)
    for (const statement of ['CREATE SCHEMA "s_plain"', 'CREATE SCHEMA IF NOT EXISTS "s_ine"']) {
      const name = /"([^"]+)"/.exec(statement)?.[1] as string
      const holder = await pg.cluster.client({ database: db })
      const other = await pg.cluster.client({ database: db })
      try {
        await holder.query('BEGIN')
        await holder.query(`CREATE SCHEMA "${name}"`)
        const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
        const result = other.query(statement).then(
          () => ({ ok: true as const }),
          (err: { code?: string; constraint?: string }) => ({ ok: false as const, code: err.code, constraint: err.constraint })
        )
        for (let i = 0; i < 2400; i++) {
          const w = await pg.cluster.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid], db)
          if (w[0]?.wait_event_type === 'Lock') break
          await new Promise(r => setTimeout(r, 25))
        }
        await holder.query('COMMIT')
        expect([statement, await result]).toEqual([statement, { ok: false, code: '23505', constraint: 'pg_namespace_nspname_index' }])
      } finally {
        await holder.end()
        await other.end()
      }
    }
  }, 120_000)
})

describe('builtin migrator: every file must leave the session idle', () => {
  test('a file that leaves its transaction open (BEGIN without COMMIT) fails, is rolled back and recorded; the next file is not run', async () => {
    const [m0] = generatedMigrations(1) as [Spec]
    const open = { name: '20240201000000_left_open', sql: 'BEGIN;\nCREATE TABLE "left_open" ("id" int);\n' }
    const after = { name: '20240301000000_after', sql: 'CREATE TABLE "after_open" ("id" int);\n' }
    const p = tempProject({ migrations: [m0, open, after] })
    const db = await freshDatabase(pg.cluster)

    const r = await deploy(p.root, db)
    const message = expectRefused(r)
    expect(message).toContain(`Migration '${open.name}'`)
    expect(message).toMatch(/left a transaction open/)
    expect(await tableExists(db, 'left_open')).toBe(false)
    expect(await tableExists(db, 'after_open')).toBe(false)
    expect(await tableExists(db, 't0000')).toBe(true)
    const books = await rows(db)
    expect(books.map(b => b.migration_name)).toEqual([m0.name, open.name])
    const failed = books[1]
    expect(failed.finished_at).toBeNull()
    expect(failed.rolled_back_at).toBeNull()
    expect(failed.logs).toContain(`Migration name: ${open.name}`)
    expect(failed.logs).toMatch(/left a transaction open/)
    // What the summary says was applied is what the books hold.
    expect(r.summary).toContain(`<code>${m0.name}</code>`)
    expect(r.summary).not.toContain(`<code>${after.name}</code>`)
    expect(r.stdout).toContain(`The migration '${open.name}' is recorded as failed in _prisma_migrations (by this run).`)

    // verify quotes the recorded cause, not the header line of the logs.
    const v = await verify(p.root, db)
    expect(errorOf(v)).toMatch(/left a transaction open/)
    expect(errorOf(v)).not.toContain(`failed: Migration name:`)
  }, 180_000)

  test.each([
    {
      what: 'ends inside an aborted transaction',
      sql: 'BEGIN;\nCREATE TABLE "aborted_tx" ("id" int);\nSELECT 1/0;\n',
      cause: 'division by zero',
      kept: [] as string[],
      gone: ['aborted_tx']
    },
    {
      what: 'commits a first part, then leaves a second transaction open',
      sql: 'BEGIN;\nCREATE TABLE "first_part" ("id" int);\nCOMMIT;\nBEGIN;\nCREATE TABLE "second_part" ("id" int);\n',
      cause: 'left a transaction open',
      kept: ['first_part'],
      gone: ['second_part']
    }
  ])(
    'a file that $what is recorded as failed with its cause, and says what stayed',
    async ({ sql, cause, kept, gone }) => {
      const [m0] = generatedMigrations(1) as [Spec]
      const bad = { name: '20240201000000_bad_tx', sql }
      const after = { name: '20240301000000_after', sql: 'CREATE TABLE "after_bad" ("id" int);\n' }
      const p = tempProject({ migrations: [m0, bad, after] })
      const db = await freshDatabase(pg.cluster)

      const r = await deploy(p.root, db)
      const message = expectRefused(r)
      expect(message).toContain(`Migration '${bad.name}'`)
      expect(message).toContain(cause)
      expect(message).not.toContain('Its changes were rolled back')
      for (const t of kept) expect(await tableExists(db, t)).toBe(true)
      for (const t of [...gone, 'after_bad']) expect(await tableExists(db, t)).toBe(false)
      const books = await rows(db)
      expect(books.map(b => b.migration_name)).toEqual([m0.name, bad.name])
      const failed = books[1]
      expect(failed.finished_at).toBeNull()
      expect(failed.rolled_back_at).toBeNull()
      expect(failed.logs).toContain(cause)
      if (kept.length > 0) expect(failed.logs).toMatch(/COMMIT/)
      expect(r.stdout).toContain(`The migration '${bad.name}' is recorded as failed`)
    },
    180_000
  )
})

describe('builtin migrator: books that cannot be read back', () => {
  test('a role that may not read the books: the summary says what was applied is unknown, not "None."', async () => {
    const migrations = generatedMigrations(1)
    const p = tempProject({ migrations })
    const role = `wo_${Math.random().toString(36).slice(2, 8)}`
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, [])
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'wo-pw'`)
      await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`)
      await client.query(`GRANT INSERT, UPDATE ON public._prisma_migrations TO ${role}`)
    })
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, user: role, password: 'wo-pw' }), migrator: 'builtin' },
      env: DEPLOY_ENV,
      timeoutMs: 120_000
    })
    expect(expectRefused(r)).toContain('permission denied')
    expect(r.summary).not.toMatch(/Applied by this run<\/h3>\s*<p>None\.<\/p>/)
    expect(r.summary).toContain('could not read the books (permission denied for table _prisma_migrations); run verify to see')
    expect(r.stdout).toContain('could not read the books')
    expect(await tableExists(db, 't0000')).toBe(false)
  }, 120_000)
})

describe('builtin migrator: a prepared transaction is not a commit', () => {
  test('a file that ends with PREPARE TRANSACTION is not reported applied; the prepared transaction is named', async () => {
    const [m0] = generatedMigrations(1) as [Spec]
    const prepared = { name: '20240201000000_prepared', sql: 'BEGIN;\nCREATE TABLE "prepared_only" ("id" int);\nPREPARE TRANSACTION \'migration_gid_1\';\n' }
    const after = { name: '20240301000000_after', sql: 'CREATE TABLE "after_prepared" ("id" int);\n' }
    const p = tempProject({ migrations: [m0, prepared, after] })
    const db = await freshDatabase(pg.cluster)
    try {
      const r = await deploy(p.root, db)
      const message = expectRefused(r)
      expect(message).toContain(`Migration '${prepared.name}'`)
      expect(message).toContain('PREPARE TRANSACTION')
      expect(message).toContain('migration_gid_1')
      expect(await tableExists(db, 'after_prepared')).toBe(false)
      const row = (await rows(db)).find(b => b.migration_name === prepared.name) as MigrationRow
      expect(row.finished_at).toBeNull()
      expect(row.logs).toContain('migration_gid_1')
      expect(r.summary).not.toContain(`<code>${prepared.name}</code>`)
    } finally {
      await pg.cluster.query(`SELECT gid FROM pg_prepared_xacts WHERE gid = 'migration_gid_1'`, [], db).then(async found => {
        if (found.length > 0) await pg.cluster.query(`ROLLBACK PREPARED 'migration_gid_1'`, [], db)
      })
    }
  }, 120_000)
})

describe('builtin migrator: the runbook states what the books hold', () => {
  test('a role that may not write the books: the failure is not claimed to be recorded', async () => {
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const role = `ro_${Math.random().toString(36).slice(2, 8)}`
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, [])
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'ro-pw'`)
      await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`)
      await client.query(`GRANT SELECT ON public._prisma_migrations TO ${role}`)
    })
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, user: role, password: 'ro-pw' }), migrator: 'builtin' },
      env: DEPLOY_ENV,
      timeoutMs: 120_000
    })
    const message = expectRefused(r)
    expect(message).toContain(migrations[0]?.name)
    expect(message).toContain('42501')
    expect(await rows(db)).toEqual([])
    expect(r.stdout).not.toContain('is recorded as failed')
    expect(r.stdout).toMatch(/no failed row/i)
    expect(r.summary).toContain('Applied by this run')
  }, 120_000)
})
