import { describe, expect, test } from '@jest/globals'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject } from '../helpers/suite.js'
import { pgBoolean } from '../../src/checks/deploy-privileges.js'

/**
 * Verify predicts deploy (SPEC 3.5): a database or role whose new sessions start read-only, or a
 * role that may read but not write `_prisma_migrations`, fails verify naming the statement to run,
 * and deploy does fail in the same setup (so the prediction is true); once the named fix is applied
 * both pass. Real roles and real ALTER DATABASE / ALTER ROLE / ALTER SYSTEM settings.
 */

const MIGRATIONS = generatedMigrations(3)
const pg = useCluster()

function unique(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`
}

interface Setup {
  db: string
  role: string
  password: string
  url: string
}

/** A database owned by a fresh login role, with the first migration applied by that role. */
async function ownedDatabase(): Promise<Setup> {
  const role = unique('deployer')
  const password = `pw-${Math.random().toString(36).slice(2)}`
  const db = unique('db')
  await pg.cluster.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`)
  await pg.cluster.query(`CREATE DATABASE "${db}" OWNER "${role}"`)
  const client = await pg.cluster.client({ database: db, user: role, password })
  try {
    await applyLikePrisma(client, MIGRATIONS.slice(0, 1))
  } finally {
    await client.end()
  }
  return { db, role, password, url: pg.cluster.url({ database: db, user: role, password }) }
}

function run(phase: 'verify' | 'deploy', root: string, url: string): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase, 'database-url': url, migrator: 'builtin' },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined },
    timeoutMs: 120_000
  })
}

/** Verify fails with `message` and `fix`; deploy, run anyway, fails too and applies nothing. */
async function expectPredictedFailure(s: Setup, root: string, message: string, fix: string, deployError: RegExp): Promise<void> {
  const v = await run('verify', root, s.url)
  expect(v.code).not.toBe(0)
  expect(errorOf(v)).toContain(message)
  expect(errorOf(v)).toContain(fix)
  expect(v.summary).toContain("Verification failed at the 'schema' check")

  const d = await run('deploy', root, s.url)
  expect(d.code).not.toBe(0)
  expect(errorOf(d)).toMatch(deployError)
  const [row] = await pg.cluster.query('SELECT count(*)::int AS n FROM public._prisma_migrations WHERE finished_at IS NOT NULL', [], s.db)
  expect(row.n).toBe(1)
  // What the runbook says of the books is what the books hold. A read-only session can write no
  // failed row, and none may be claimed; a role that may insert but not update does record one.
  const [failed] = await pg.cluster.query('SELECT count(*)::int AS n FROM public._prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL', [], s.db)
  if (deployError === READ_ONLY) expect(failed.n).toBe(0)
  const told = `${d.stdout}\n${d.summary}`
  if (failed.n === 0) {
    expect(told).not.toMatch(/is recorded as failed in/)
    expect(told).toMatch(/holds no failed row for it from this run|No migration is recorded as failed by this run \(read back|could not be read/)
  } else {
    expect(told).toMatch(/is recorded as failed in _prisma_migrations \(by this run\)/)
  }
}

/** After the fix, verify passes and deploy applies the pending migrations. */
async function expectBothPass(s: Setup, root: string): Promise<void> {
  const v = await run('verify', root, s.url)
  expect(errorOf(v)).toBe('')
  expect(v.code).toBe(0)
  expect(v.stdout).toContain('new sessions read-write')
  const d = await run('deploy', root, s.url)
  expect(errorOf(d)).toBe('')
  expect(d.code).toBe(0)
  expect(d.outputs['applied-count']).toBe('2')
}

const READ_ONLY = /read-only transaction/

describe('default_transaction_read_only for new sessions', () => {
  test('ALTER DATABASE … SET default_transaction_read_only = on: verify fails naming ALTER DATABASE … RESET, deploy fails; the fix makes both pass', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    await pg.cluster.query(`ALTER DATABASE "${s.db}" SET default_transaction_read_only = on`)
    await expectPredictedFailure(s, p.root, `default_transaction_read_only is on for database "${s.db}"`, `ALTER DATABASE "${s.db}" RESET default_transaction_read_only;`, READ_ONLY)
    await pg.cluster.query(`ALTER DATABASE "${s.db}" RESET default_transaction_read_only`)
    await expectBothPass(s, p.root)
  })

  test('ALTER ROLE … SET default_transaction_read_only = true: verify fails naming ALTER ROLE … RESET, deploy fails', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    await pg.cluster.query(`ALTER ROLE "${s.role}" SET default_transaction_read_only = true`)
    await expectPredictedFailure(s, p.root, `default_transaction_read_only is on for role "${s.role}"`, `ALTER ROLE "${s.role}" RESET default_transaction_read_only;`, READ_ONLY)
    await pg.cluster.query(`ALTER ROLE "${s.role}" RESET default_transaction_read_only`)
    await expectBothPass(s, p.root)
  })

  test('the role-in-database setting wins over the database one, both ways, as the server decides', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    await pg.cluster.query(`ALTER DATABASE "${s.db}" SET default_transaction_read_only = off`)
    await pg.cluster.query(`ALTER ROLE "${s.role}" IN DATABASE "${s.db}" SET default_transaction_read_only = on`)
    await expectPredictedFailure(
      s,
      p.root,
      `default_transaction_read_only is on for role "${s.role}" in database "${s.db}"`,
      `ALTER ROLE "${s.role}" IN DATABASE "${s.db}" RESET default_transaction_read_only;`,
      READ_ONLY
    )
    // Reversed: the database says on, this role in this database says off; deploy can write.
    await pg.cluster.query(`ALTER DATABASE "${s.db}" SET default_transaction_read_only = on`)
    await pg.cluster.query(`ALTER ROLE "${s.role}" IN DATABASE "${s.db}" SET default_transaction_read_only = off`)
    await expectBothPass(s, p.root)
  })

  test('another role or another database being read-only does not matter', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    const other = await ownedDatabase()
    await pg.cluster.query(`ALTER ROLE "${other.role}" SET default_transaction_read_only = on`)
    await pg.cluster.query(`ALTER DATABASE "${other.db}" SET default_transaction_read_only = on`)
    await pg.cluster.query(`ALTER ROLE "${s.role}" IN DATABASE "${other.db}" SET default_transaction_read_only = on`)
    await expectBothPass(s, p.root)
  })

  test('ALTER SYSTEM SET default_transaction_read_only = on (read by a superuser): verify fails naming ALTER SYSTEM, deploy fails', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    await pg.cluster.query(`ALTER ROLE "${s.role}" SUPERUSER`)
    await pg.cluster.query('ALTER SYSTEM SET default_transaction_read_only = on')
    await pg.cluster.query('SELECT pg_reload_conf()')
    try {
      // The server reloads its configuration asynchronously: wait until a new session sees it.
      for (let i = 0; i < 50; i++) {
        const [r] = await pg.cluster.query("SELECT current_setting('default_transaction_read_only') AS v")
        if (r.v === 'on') break
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      await expectPredictedFailure(s, p.root, "default_transaction_read_only is on in the server's configuration (ALTER SYSTEM)", 'ALTER SYSTEM SET default_transaction_read_only = off;', READ_ONLY)
    } finally {
      const admin = await pg.cluster.client()
      try {
        await admin.query('SET default_transaction_read_only = off')
        await admin.query('ALTER SYSTEM RESET default_transaction_read_only')
        await admin.query('SELECT pg_reload_conf()')
      } finally {
        await admin.end()
      }
      for (let i = 0; i < 50; i++) {
        const [r] = await pg.cluster.query("SELECT current_setting('default_transaction_read_only') AS v")
        if (r.v === 'off') break
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    }
    await expectBothPass(s, p.root)
  })
})

describe('privileges on _prisma_migrations', () => {
  test('a role that may read but not write _prisma_migrations: verify names the GRANT, deploy fails; the GRANT makes both pass', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    // The books belong to another role; this one may create in the schema and read the books.
    const owner = unique('owner')
    await pg.cluster.query(`CREATE ROLE "${owner}"`)
    await pg.cluster.query(`ALTER TABLE public._prisma_migrations OWNER TO "${owner}"`, [], s.db)
    await pg.cluster.query(`GRANT SELECT ON public._prisma_migrations TO "${s.role}"`, [], s.db)
    await expectPredictedFailure(
      s,
      p.root,
      `Role "${s.role}" lacks INSERT and UPDATE on "public"."_prisma_migrations"`,
      `GRANT INSERT, UPDATE ON "public"."_prisma_migrations" TO "${s.role}";`,
      /permission denied for table _prisma_migrations/
    )
    await pg.cluster.query(`GRANT INSERT, UPDATE ON "public"."_prisma_migrations" TO "${s.role}"`, [], s.db)
    await expectBothPass(s, p.root)
  })

  test('a role with INSERT but not UPDATE is refused too', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    const owner = unique('owner')
    await pg.cluster.query(`CREATE ROLE "${owner}"`)
    await pg.cluster.query(`ALTER TABLE public._prisma_migrations OWNER TO "${owner}"`, [], s.db)
    await pg.cluster.query(`GRANT SELECT, INSERT ON public._prisma_migrations TO "${s.role}"`, [], s.db)
    await expectPredictedFailure(
      s,
      p.root,
      `Role "${s.role}" lacks UPDATE on "public"."_prisma_migrations"`,
      `GRANT UPDATE ON "public"."_prisma_migrations" TO "${s.role}";`,
      /permission denied for table _prisma_migrations/
    )
  })
})

describe('privileges the deploy session will act with', () => {
  test('privileges inherited from a group role count: verify and deploy pass', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    const owner = unique('owner')
    const writers = unique('writers')
    await pg.cluster.query(`CREATE ROLE "${owner}"`)
    await pg.cluster.query(`CREATE ROLE "${writers}"`)
    await pg.cluster.query(`ALTER TABLE public._prisma_migrations OWNER TO "${owner}"`, [], s.db)
    await pg.cluster.query(`GRANT SELECT, INSERT, UPDATE ON public._prisma_migrations TO "${writers}"`, [], s.db)
    await pg.cluster.query(`GRANT "${writers}" TO "${s.role}"`)
    await expectBothPass(s, p.root)
  })

  test('a login role whose settings switch to the owning role (ALTER ROLE … SET role) is judged as that role', async () => {
    const p = tempProject({ migrations: MIGRATIONS })
    const s = await ownedDatabase()
    const login = unique('login')
    const loginPassword = `pw-${Math.random().toString(36).slice(2)}`
    // NOINHERIT: the login role itself has none of the owner's privileges; only its sessions' role does.
    await pg.cluster.query(`CREATE ROLE "${login}" LOGIN NOINHERIT PASSWORD '${loginPassword}'`)
    await pg.cluster.query(`GRANT "${s.role}" TO "${login}"`)
    await pg.cluster.query(`ALTER ROLE "${login}" IN DATABASE "${s.db}" SET role = '${s.role}'`)
    await expectBothPass({ ...s, url: pg.cluster.url({ database: s.db, user: login, password: loginPassword }) }, p.root)
  })
})

test("pgBoolean reads PostgreSQL's boolean spellings", () => {
  for (const v of ['on', 'ON', 'true', 't', 'tr', 'yes', 'y', '1', ' on ']) expect(pgBoolean(v)).toBe(true)
  for (const v of ['off', 'false', 'f', 'no', 'n', '0', 'OFF']) expect(pgBoolean(v)).toBe(false)
  for (const v of ['', 'o', 'maybe', '2']) expect(pgBoolean(v)).toBeUndefined()
})
