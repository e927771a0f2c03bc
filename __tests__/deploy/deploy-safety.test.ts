import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, startAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, PROJECT_ROOT, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, type Project } from '../helpers/suite.js'

// The deploy phase's safety: it imports no backup or verification code, refuses pull requests,
// never prints a secret, applies each migration once under concurrency, waits a bounded time for
// the advisory lock, and leaves consistent books when it is stopped by a signal.

const PASSWORD = 'sa:/f@%+ety'
const MIGRATOR_APP = 'db-deploy-action deploy (builtin migrator)'
/** Everything the action sees besides the runner variables; nothing inherited from the caller. */
const DEPLOY_ENV: Record<string, string | undefined> = { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', LC_ALL: undefined }

const pg = useCluster({ password: PASSWORD })

function deployInputs(db: string, extra: Record<string, string> = {}): Record<string, string> {
  return { phase: 'deploy', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin', ...extra }
}

function deploy(p: Project, db: string, extra: Record<string, string> = {}, o: { eventName?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  return runAction({ workspace: p.root, inputs: deployInputs(db, extra), env: { ...DEPLOY_ENV, ...(o.env ?? {}) }, eventName: o.eventName, timeoutMs: 120_000 })
}

async function tableExists(db: string, table: string): Promise<boolean> {
  const [r] = await pg.cluster.query('SELECT to_regclass($1) IS NOT NULL AS present', [`public."${table}"`], db)
  return r.present === true
}

interface Row {
  migration_name: string
  finished_at: Date | null
  rolled_back_at: Date | null
  logs: string | null
  applied_steps_count: number
}

async function rows(db: string): Promise<Row[]> {
  if (!(await tableExists(db, '_prisma_migrations'))) return []
  return (await pg.cluster.query('SELECT * FROM public._prisma_migrations ORDER BY started_at, migration_name', [], db)) as Row[]
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 50))
  }
}

describe('deploy imports no backup or verification code', () => {
  const SRC = path.join(PROJECT_ROOT, 'src')
  const FORBIDDEN = [path.join(SRC, 'phases', 'backup.ts'), path.join(SRC, 'phases', 'verify.ts')]
  const FORBIDDEN_DIRS = [path.join(SRC, 'backup'), path.join(SRC, 'checks')]

  /** Every module reachable from `entry` through relative imports (static, re-exports, dynamic). */
  function importGraph(entry: string): Map<string, string> {
    const seen = new Map<string, string>([[entry, '(entry)']])
    const queue = [entry]
    while (queue.length > 0) {
      const file = queue.shift() as string
      const text = fs.readFileSync(file, 'utf8')
      const specifiers = [...text.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g), ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g), ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map(
        m => m[1]
      )
      for (const spec of specifiers) {
        if (!spec.startsWith('.')) continue
        let target = path.resolve(path.dirname(file), spec)
        if (target.endsWith('.js')) target = `${target.slice(0, -3)}.ts`
        else if (!path.extname(target)) target = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts')
        if (!fs.existsSync(target)) throw new Error(`${path.relative(SRC, file)} imports '${spec}', which does not resolve to a file`)
        if (!seen.has(target)) {
          seen.set(target, file)
          queue.push(target)
        }
      }
    }
    return seen
  }

  function forbiddenIn(graph: Map<string, string>): string[] {
    return [...graph.keys()]
      .filter(f => FORBIDDEN.includes(f) || FORBIDDEN_DIRS.some(d => f.startsWith(d + path.sep)))
      .map(f => `${path.relative(SRC, f)} (imported by ${path.relative(SRC, graph.get(f) as string)})`)
  }

  test('src/phases/deploy.ts reaches neither phases/backup, phases/verify, backup/ nor checks/', () => {
    const graph = importGraph(path.join(SRC, 'phases', 'deploy.ts'))
    // The walk does follow imports: the migrators are reached.
    expect(graph.has(path.join(SRC, 'migrators', 'builtin.ts'))).toBe(true)
    expect(graph.has(path.join(SRC, 'migrators', 'sql-statements.ts'))).toBe(true)
    expect(graph.has(path.join(SRC, 'prisma', 'cli.ts'))).toBe(true)
    expect(forbiddenIn(graph)).toEqual([])
  })

  test('the same walk does find them from the entry point that composes all phases', () => {
    const found = forbiddenIn(importGraph(path.join(SRC, 'main.ts')))
    expect(found.some(f => f.startsWith(path.join('phases', 'verify.ts')))).toBe(true)
    expect(found.some(f => f.startsWith(path.join('phases', 'backup.ts')))).toBe(true)
    expect(found.some(f => f.startsWith(`checks${path.sep}`))).toBe(true)
  })
})

describe('guards', () => {
  test.each(['pull_request', 'pull_request_target'])('a %s event is refused before anything is touched', async event => {
    const p = tempProject({ migrations: generatedMigrations(2) })
    const db = await pg.cluster.createDatabase()
    const r = await deploy(p, db, {}, { eventName: event })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`the deploy phase refuses '${event}' events`)
    expect(r.outputs['applied-count']).toBeUndefined()
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
    expect(await tableExists(db, 't0000')).toBe(false)
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  })

  test.each([
    ['CI', undefined],
    ['CI', '1'],
    ['NODE_ENV', 'Production'],
    ['GITHUB_ACTIONS', undefined]
  ])('%s=%s is refused', async (name, value) => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    const db = await pg.cluster.createDatabase()
    const r = await deploy(p, db, {}, { env: { [name]: value } })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('Safety guards refused to run the deploy phase')
    expect(errorOf(r)).toContain(name)
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
  })

  test('allowed-refs refuses another ref', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    const db = await pg.cluster.createDatabase()
    const r = await deploy(p, db, { 'allowed-refs': 'refs/heads/release' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("GITHUB_REF 'refs/heads/main' is not in 'allowed-refs'")
    expect(await tableExists(db, '_prisma_migrations')).toBe(false)
  })
})

describe('secrets', () => {
  test('no output of a passing or failing deploy holds the password, even when the server echoes it', async () => {
    const migrations = generatedMigrations(2)
    // The server repeats the bad value in its error message: the password must still not be printed.
    const echo = { name: '20240201000000_echo', sql: `CREATE TABLE "echo" ("id" int);\nSELECT '${PASSWORD}'::int;\n` }
    const p = tempProject({ migrations: [...migrations, echo] })
    const db = await pg.cluster.createDatabase()

    const failing = await deploy(p, db, { 'backup-path': 'backup/db.dump' })
    expect(failing.code).not.toBe(0)
    expect(errorOf(failing)).toContain(echo.name)
    expect(failing.stdout).toContain('Recovery runbook:')
    expect(failing.stdout).toContain('postgresql://<user>:<password>@')
    expect(findSecretLeaks(PASSWORD, allTexts(failing))).toEqual([])
    expect(findSecretLeaks(pg.cluster.url({ database: db }), allTexts(failing))).toEqual([])

    fs.rmSync(path.join(p.migrationsDir, echo.name), { recursive: true })
    const client = await pg.cluster.client({ database: db })
    await client.query("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20240201000000_echo'")
    await client.end()
    const passing = await deploy(p, db)
    expect(errorOf(passing)).toBe('')
    expect(passing.code).toBe(0)
    expect(findSecretLeaks(PASSWORD, allTexts(passing))).toEqual([])

    // The URL from DATABASE_URL instead of the input: the same.
    const fromEnv = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', migrator: 'builtin' },
      env: { ...DEPLOY_ENV, DATABASE_URL: pg.cluster.url({ database: db }) },
      timeoutMs: 120_000
    })
    expect(errorOf(fromEnv)).toBe('')
    expect(fromEnv.code).toBe(0)
    expect(fromEnv.outputs['applied-count']).toBe('0')
    expect(findSecretLeaks(PASSWORD, allTexts(fromEnv))).toEqual([])
  }, 180_000)

  test('a wrong password is reported without the password', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    const db = await pg.cluster.createDatabase()
    const wrong = 'wr:/o@%+ng'
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', 'database-url': pg.cluster.url({ database: db, password: wrong }), migrator: 'builtin' },
      env: DEPLOY_ENV,
      timeoutMs: 120_000
    })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('Authentication failed')
    expect(findSecretLeaks(wrong, allTexts(r))).toEqual([])
  })
})

describe('concurrency', () => {
  test('two deploys started at once apply each migration exactly once and both succeed', async () => {
    const migrations = generatedMigrations(20)
    const p = tempProject({ migrations })
    const db = await pg.cluster.createDatabase()
    const [a, b] = await Promise.all([deploy(p, db, { 'lock-timeout': '60s' }), deploy(p, db, { 'lock-timeout': '60s' })])
    for (const r of [a, b]) {
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
    }
    const books = await rows(db)
    expect(books.map(r => r.migration_name).sort()).toEqual(migrations.map(m => m.name))
    for (const row of books) {
      expect(row.finished_at).toBeInstanceOf(Date)
      expect(row.applied_steps_count).toBe(1)
    }
    // Between them they report each migration once: neither claims the other's work.
    const reported = [a, b].flatMap(r => JSON.parse(r.outputs['applied-migrations'] ?? '[]') as string[])
    expect(reported.sort()).toEqual(migrations.map(m => m.name))
    expect(Number(a.outputs['applied-count']) + Number(b.outputs['applied-count'])).toBe(migrations.length)
  }, 180_000)

  test('a session holding the advisory lock makes deploy give up after lock-timeout, naming its pid', async () => {
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const db = await pg.cluster.createDatabase()
    const holder = await pg.cluster.client({ database: db })
    holder.on('error', () => {})
    let pid: number
    try {
      pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number
      await holder.query('SELECT pg_advisory_lock(72707369)')
      const r = await deploy(p, db, { 'lock-timeout': '2s' })
      expect(r.code).not.toBe(0)
      const message = errorOf(r)
      expect(message).toContain('advisory lock (72707369)')
      expect(message).toContain(`pid ${pid}`)
      expect(message).toContain('Nothing was applied')
      // A bounded wait: at least the timeout, far from forever (generous bounds).
      expect(r.durationMs).toBeGreaterThan(1_500)
      expect(r.durationMs).toBeLessThan(60_000)
      expect(await tableExists(db, 't0000')).toBe(false)
      expect(await rows(db)).toEqual([])
    } finally {
      await holder.end()
    }
    // Once the holder is gone the same deploy goes through.
    const after = await deploy(p, db, { 'lock-timeout': '2s' })
    expect(errorOf(after)).toBe('')
    expect(after.outputs['applied-count']).toBe('2')
  }, 120_000)
})

describe('signals', () => {
  test('SIGTERM during a migration: the process exits non-zero soon and the books match the database', async () => {
    const first = generatedMigrations(1)
    const slow = { name: '20240201000000_slow', sql: 'CREATE TABLE "slow_table" ("id" int);\nSELECT pg_sleep(60);\n' }
    const p = tempProject({ migrations: [...first, slow] })
    const db = await pg.cluster.createDatabase()

    const { child, result } = startAction({ workspace: p.root, inputs: deployInputs(db), env: DEPLOY_ENV, timeoutMs: 120_000 })
    try {
      await until('the migrator to run the slow migration', 60_000, async () => {
        const running = await pg.cluster.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state = 'active' AND query LIKE '%pg_sleep(60)%'`, [db, MIGRATOR_APP])
        return running.length > 0 ? true : undefined
      })
      const signalled = performance.now()
      child.kill('SIGTERM')
      const r = await result
      const exitedAfterMs = performance.now() - signalled
      expect(r.signal).toBeNull()
      expect(r.code).not.toBe(0)
      expect(r.code).not.toBeNull()
      // Well before pg_sleep(60) would have ended.
      expect(exitedAfterMs).toBeLessThan(30_000)
      expect(r.stdout).toContain('Received SIGTERM')
      expect(errorOf(r)).toContain(slow.name)
      expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }

    // The server is done with the migration (committed or rolled back) before the books are judged.
    await until('the migration session to end its statement', 60_000, async () => {
      const busy = await pg.cluster.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep(60)%' AND state <> 'idle' AND pid <> pg_backend_pid()`, [db])
      return busy.length === 0 ? true : undefined
    })
    const books = await rows(db)
    expect(books.find(r => r.migration_name === first[0]?.name)?.finished_at).toBeInstanceOf(Date)
    const slowRows = books.filter(r => r.migration_name === slow.name)
    expect(slowRows).toHaveLength(1)
    const row = slowRows[0]
    if (row.finished_at !== null) {
      // Fully applied and recorded.
      expect(await tableExists(db, 'slow_table')).toBe(true)
      expect(row.applied_steps_count).toBe(1)
    } else {
      // Rolled back and recorded as failed, exactly as Prisma leaves a failed migration.
      expect(await tableExists(db, 'slow_table')).toBe(false)
      expect(row.rolled_back_at).toBeNull()
      expect(row.logs).toContain(`Migration name: ${slow.name}`)
      expect(row.logs).toMatch(/cancel/i)
    }
  }, 180_000)

  test('SIGTERM while waiting for the advisory lock stops without applying anything', async () => {
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const db = await pg.cluster.createDatabase()
    const holder = await pg.cluster.client({ database: db })
    holder.on('error', () => {})
    try {
      await holder.query('SELECT pg_advisory_lock(72707369)')
      const { child, result } = startAction({ workspace: p.root, inputs: deployInputs(db, { 'lock-timeout': '5m' }), env: DEPLOY_ENV, timeoutMs: 120_000 })
      try {
        await until('the migrator to connect', 60_000, async () => {
          const connected = await pg.cluster.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [db, MIGRATOR_APP])
          return connected.length > 0 ? true : undefined
        })
        const signalled = performance.now()
        child.kill('SIGTERM')
        const r = await result
        expect(r.code).not.toBe(0)
        expect(r.code).not.toBeNull()
        expect(performance.now() - signalled).toBeLessThan(30_000)
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
    } finally {
      await holder.end()
    }
    expect(await tableExists(db, 't0000')).toBe(false)
    expect((await rows(db)).filter(r => r.finished_at !== null)).toEqual([])
  }, 120_000)
})

describe('lock-timeout bounds lock waits only', () => {
  test('a slow migration that waits on no lock is not cut short by lock-timeout', async () => {
    const migrations = generatedMigrations(1)
    const slowButFree = { name: '20240201000000_sleepy', sql: 'CREATE TABLE "sleepy" ("id" int);\nSELECT pg_sleep(2);\n' }
    const p = tempProject({ migrations: [...migrations, slowButFree] })
    const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, []))
    const r = await deploy(p, db, { 'lock-timeout': '500ms' })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.outputs['applied-migrations'] ?? '[]')).toEqual([migrations[0]?.name, slowButFree.name])
    expect(await tableExists(db, 'sleepy')).toBe(true)
  }, 120_000)
})

describe('what a stopped deploy says comes from the books', () => {
  /** Starts a deploy, waits until the migrator runs a statement matching `running`, then sends SIGTERM. */
  async function termWhileRunning(p: Project, db: string, running: string): Promise<RunResult> {
    const { child, result } = startAction({ workspace: p.root, inputs: deployInputs(db), env: DEPLOY_ENV, timeoutMs: 120_000 })
    try {
      await until('the migrator to run the marked statement', 60_000, async () => {
        const active = await pg.cluster.query(
          // Sleeping, not still running the statements before the sleep in the same script.
          `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state = 'active' AND query LIKE $3 AND wait_event = 'PgSleep'`,
          [db, MIGRATOR_APP, `%${running}%`]
        )
        return active.length > 0 ? true : undefined
      })
      child.kill('SIGTERM')
      return await result
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  }

  test('SIGTERM that a migration outlives: the summary lists what the books hold as applied by this run', async () => {
    const [m0] = generatedMigrations(1)
    // Catches the cancel and completes: the signal is seen between files, after this one is applied.
    const stubborn = {
      name: '20240201000000_stubborn',
      sql: `CREATE TABLE "stubborn" ("id" int);\nDO $$ BEGIN PERFORM pg_sleep(20); EXCEPTION WHEN query_canceled THEN RAISE NOTICE 'cancel ignored'; END $$;\n`
    }
    const after = { name: '20240301000000_after', sql: 'CREATE TABLE "after_stop" ("id" int);\n' }
    const p = tempProject({ migrations: [m0, stubborn, after] })
    const db = await pg.cluster.createDatabase()
    const r = await termWhileRunning(p, db, 'pg_sleep(20)')
    expect(r.code).not.toBe(0)
    expect(r.stdout).toContain('Received SIGTERM')
    expect(await tableExists(db, 'stubborn')).toBe(true)
    expect(await tableExists(db, 'after_stop')).toBe(false)
    const applied = (await rows(db)).filter(row => row.finished_at !== null).map(row => row.migration_name)
    expect(applied).toEqual([m0?.name, stubborn.name])
    expect(r.summary).toContain(`<code>${m0?.name}</code>`)
    expect(r.summary).toContain(`<code>${stubborn.name}</code>`)
    expect(r.summary).not.toMatch(/Applied by this run[\s\S]{0,40}None\./)
    expect(r.summary).toContain('2 migration(s) were applied')
  }, 180_000)

  test('SIGTERM during a file that commits its own first part: the books do not call it rolled back', async () => {
    const [m0] = generatedMigrations(1)
    const ownTx = { name: '20240201000000_own_tx_slow', sql: 'BEGIN;\nCREATE TABLE "kept_part" ("id" int);\nCOMMIT;\nSELECT pg_sleep(60);\n' }
    const p = tempProject({ migrations: [m0, ownTx] })
    const db = await pg.cluster.createDatabase()
    const r = await termWhileRunning(p, db, 'pg_sleep(60)')
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(ownTx.name)
    expect(errorOf(r)).not.toContain('Its changes were rolled back')
    await until('the migration session to end its statement', 60_000, async () => {
      const busy = await pg.cluster.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep(60)%' AND state <> 'idle' AND pid <> pg_backend_pid()`, [db])
      return busy.length === 0 ? true : undefined
    })
    expect(await tableExists(db, 'kept_part')).toBe(true)
    const row = (await rows(db)).find(b => b.migration_name === ownTx.name) as Row
    expect(row.finished_at).toBeNull()
    expect(row.logs).toMatch(/cancel/i)
    expect(row.logs).not.toMatch(/it was rolled back/)
    expect(row.logs).toMatch(/COMMIT/)
    expect(row.logs).toMatch(/stay(s)? applied/)
  }, 180_000)
})

describe('concurrent deploys into a schema that does not exist yet', () => {
  test('a deploy that finds the schema being created by a lock holder waits for it and uses it', async () => {
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const db = await pg.cluster.createDatabase()
    const url = pg.cluster.url({ database: db, params: { schema: 'fresh_tenant' } })
    // Another deploy, in the middle of creating the schema under Prisma's advisory lock.
    const other = await pg.cluster.client({ database: db })
    other.on('error', () => {})
    await other.query('SELECT pg_advisory_lock(72707369)')
    await other.query('BEGIN')
    await other.query('CREATE SCHEMA fresh_tenant')
    const { child, result } = startAction({ workspace: p.root, inputs: { phase: 'deploy', 'database-url': url, migrator: 'builtin', 'lock-timeout': '60s' }, env: DEPLOY_ENV, timeoutMs: 120_000 })
    let stdout = ''
    child.stdout.on('data', d => (stdout += d))
    try {
      await until('the deploy to wait (for the lock or on the schema)', 60_000, async () => {
        if (stdout.includes('Waiting up to')) return true
        const blocked = await pg.cluster.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND wait_event_type = 'Lock'`, [db, MIGRATOR_APP])
        return blocked.length > 0 ? true : undefined
      })
      await other.query('COMMIT')
      await other.query('SELECT pg_advisory_unlock(72707369)')
      const r = await result
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
      expect(r.outputs['applied-count']).toBe('2')
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await other.end()
    }
    const [count] = await pg.cluster.query('SELECT count(*)::int AS n FROM fresh_tenant._prisma_migrations WHERE finished_at IS NOT NULL', [], db)
    expect(count?.n).toBe(2)
  }, 120_000)

  test('two deploys started at once into a new schema both succeed and apply each migration once', async () => {
    const migrations = generatedMigrations(5)
    const p = tempProject({ migrations })
    const db = await pg.cluster.createDatabase()
    const url = pg.cluster.url({ database: db, params: { schema: 'twin_tenant' } })
    const run = (): Promise<RunResult> =>
      runAction({ workspace: p.root, inputs: { phase: 'deploy', 'database-url': url, migrator: 'builtin', 'lock-timeout': '60s' }, env: DEPLOY_ENV, timeoutMs: 120_000 })
    const [a, b] = await Promise.all([run(), run()])
    for (const r of [a, b]) {
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
    }
    expect(Number(a.outputs['applied-count']) + Number(b.outputs['applied-count'])).toBe(migrations.length)
  }, 180_000)
})

describe('a signal during the lock_timeout backoff', () => {
  test('SIGTERM while waiting to retry: the migration is not run again, even once the lock is free', async () => {
    const migrations = generatedMigrations(1)
    const alter = { name: '20240201000000_add_column', sql: 'ALTER TABLE "t0000" ADD COLUMN "after_term" TEXT;\n' }
    const p = tempProject({ migrations: [...migrations, alter] })
    const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, migrations))
    const holder = await pg.cluster.client({ database: db })
    holder.on('error', () => {})
    await holder.query('BEGIN')
    await holder.query('LOCK TABLE "t0000" IN ACCESS SHARE MODE')
    const { child, result } = startAction({ workspace: p.root, inputs: deployInputs(db, { 'lock-timeout': '1s' }), env: DEPLOY_ENV, timeoutMs: 120_000 })
    let stdout = ''
    child.stdout.on('data', d => (stdout += d))
    try {
      await until('the first lock_timeout and its retry message', 60_000, () => Promise.resolve(stdout.includes('attempt 1 of 3') ? true : undefined))
      child.kill('SIGTERM')
      await holder.query('ROLLBACK')
      const r = await result
      expect(r.code).not.toBe(0)
      expect(r.code).not.toBeNull()
      expect(errorOf(r)).toMatch(/cancel/i)
      expect(errorOf(r)).toContain(alter.name)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await holder.end()
    }
    const [col] = await pg.cluster.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 't0000' AND column_name = 'after_term'`, [], db)
    expect(col?.n).toBe(0)
    expect((await rows(db)).filter(r => r.migration_name === alter.name && r.finished_at !== null)).toEqual([])
  }, 120_000)
})

describe('the migration session ends under the migrator', () => {
  test('a terminated session: the runbook does not claim a failed row that could not be written', async () => {
    const [m0] = generatedMigrations(1)
    const slow = { name: '20240201000000_slow_atomic', sql: 'CREATE TABLE "slow_atomic" ("id" int);\nSELECT pg_sleep(60);\n' }
    const p = tempProject({ migrations: [m0, slow] })
    const db = await pg.cluster.createDatabase()
    const { child, result } = startAction({ workspace: p.root, inputs: deployInputs(db), env: DEPLOY_ENV, timeoutMs: 120_000 })
    try {
      const pid = await until('the migrator to run the slow migration', 60_000, async () => {
        const active = await pg.cluster.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state = 'active' AND query LIKE '%pg_sleep(60)%'`, [db, MIGRATOR_APP])
        return active[0]?.pid as number | undefined
      })
      await pg.cluster.query('SELECT pg_terminate_backend($1)', [pid])
      const r = await result
      expect(r.code).not.toBe(0)
      expect(errorOf(r)).toContain(slow.name)
      expect(r.stdout).not.toContain('is recorded as failed')
      expect(r.stdout).toContain(`The migration '${slow.name}' failed, but _prisma_migrations holds no failed row for it from this run`)
      expect(r.summary).toContain(`<code>${m0?.name}</code>`)
      expect(r.summary).toContain('1 migration(s) were applied')
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    expect(await tableExists(db, 'slow_atomic')).toBe(false)
    expect((await rows(db)).map(r => r.migration_name)).toEqual([m0?.name])
  }, 120_000)
})
