import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { startAction, runAction, errorOf, allTexts, findSecretLeaks, type RunResult } from '../helpers/run-action.js'
import { useCluster } from '../helpers/suite.js'
import type { Cluster } from '../../test-support/pg-cluster.mjs'
import { discoverPgTools, choosePgTools, type PgTools } from '../../src/postgres/pg-tools.js'

/**
 * The backup phase where several runs or other users share the machine: two runs that would get
 * the same backup name, a shared backup-dir, the action killed with SIGKILL, a full volume, a lock
 * held on the migration history, and an explicit pg-bin-dir beside a newer pg_dump on PATH.
 */

const PASSWORD = 'bh:/@%+ pass word'
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const DUMP_APP = 'db-deploy-action pg_dump'
/** The database name both tenants use, on two different servers. */
const TENANT_DB = 'tenant'

const a = useCluster({ password: PASSWORD })
const b = useCluster({ password: PASSWORD })
let scratch: string
let home: string
let tools: PgTools

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-hard-'))
  home = path.join(scratch, 'home')
  fs.mkdirSync(home)
  const major = Number(a.cluster.version.split('.')[0])
  const chosen = choosePgTools(await discoverPgTools({ pathEnv: STANDARD_PATH }), major)
  if (!chosen) throw new Error(`no pg_dump for PostgreSQL ${a.cluster.version} on this machine`)
  tools = chosen
  // The same database name on both servers, with different data.
  for (const [cluster, rows] of [
    [a.cluster, 1111],
    [b.cluster, 2222]
  ] as const) {
    await cluster.createDatabase(TENANT_DB)
    await cluster.query(
      `CREATE TABLE owner (name text); INSERT INTO owner VALUES ('${cluster === a.cluster ? 'tenant-a' : 'tenant-b'}');
       CREATE TABLE items (id int PRIMARY KEY, payload text);
       INSERT INTO items SELECT i, md5(i::text) FROM generate_series(1, ${rows}) i;`,
      [],
      TENANT_DB
    )
  }
}, 120_000)

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

const live = new Set<() => Promise<void>>()
afterEach(async () => {
  for (const stop of live) await stop()
  live.clear()
})

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratch, prefix))
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: STANDARD_PATH, HOME: home, TMPDIR: tempDir('tmp-'), ...extra }
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

function expectNoLeak(r: RunResult): void {
  expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
}

/** Restores a custom-format archive into a new database of `cluster`; returns the owner row and item count. */
async function restoredFacts(cluster: Cluster, archive: string): Promise<{ owner: string; items: number }> {
  const target = await cluster.createDatabase()
  await new Promise<void>((resolve, reject) => {
    execFile(
      tools.pgRestore,
      ['--exit-on-error', `--dbname=${target}`, archive],
      { env: { PATH: STANDARD_PATH, HOME: home, PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.user, PGPASSWORD: cluster.password } },
      (err, _stdout, stderr) => (err ? reject(new Error(`pg_restore failed: ${err.message}\n${stderr}`)) : resolve())
    )
  })
  const [owner] = await cluster.query('SELECT name FROM owner', [], target)
  const [count] = await cluster.query('SELECT count(*)::int AS n FROM items', [], target)
  return { owner: (owner as { name: string }).name, items: (count as { n: number }).n }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}

/** Process ids whose executable is named `name` and whose argv mentions `needle`. */
function pidsOf(name: string, needle: string): number[] {
  const found: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean)
      if (argv.length > 0 && path.basename(argv[0]) === name && argv.some(x => x.includes(needle))) found.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return found
}

/** A process that has ended but was not reaped yet (its parent is gone or busy). */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

describe('two backups that would get the same name', () => {
  test('run concurrently into one backup-dir with the same run id, job and second: two verified backups, each of its own database', async () => {
    const dir = path.join(tempDir('shared-'), 'backups')
    const same = { GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'backup' }
    // Start both just after a second boundary, so that both name their backup in the same second.
    await waitFor('the start of a second', () => (Date.now() % 1000 < 30 ? true : undefined), 2000, 1)
    const runs = [a, b].map(c =>
      runAction({
        env: env(same),
        inputs: { phase: 'backup', 'database-url': c.cluster.url({ database: TENANT_DB }), 'backup-dir': dir },
        timeoutMs: 120_000
      })
    )
    const [ra, rb] = (await Promise.all(runs)) as [RunResult, RunResult]
    for (const r of [ra, rb]) {
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
      expectNoLeak(r)
    }
    const pa = ra.outputs['backup-path']
    const pb = rb.outputs['backup-path']
    expect(pa).not.toBe(pb)
    expect(ra.outputs['manifest-path']).not.toBe(rb.outputs['manifest-path'])
    for (const [r, c, owner, items] of [
      [ra, a.cluster, 'tenant-a', 1111],
      [rb, b.cluster, 'tenant-b', 2222]
    ] as const) {
      const file = r.outputs['backup-path']
      const manifest = JSON.parse(fs.readFileSync(r.outputs['manifest-path'], 'utf8')) as { sha256: string; file: string; size: number }
      expect(sha256Of(file)).toBe(r.outputs['backup-sha256'])
      expect(manifest.sha256).toBe(r.outputs['backup-sha256'])
      expect(manifest.file).toBe(path.basename(file))
      expect(manifest.size).toBe(fs.statSync(file).size)
      expect(await restoredFacts(c, file)).toEqual({ owner, items })
    }
    // Two dumps and two manifests; no staging or partial file left.
    expect(fs.readdirSync(dir).length).toBe(4)
  }, 180_000)
})

describe('the action killed with SIGKILL mid-dump', () => {
  let bigDb: string
  beforeAll(async () => {
    bigDb = await a.cluster.createDatabase()
    await a.cluster.query(
      `CREATE TABLE big (id bigint, a text, b text);
       INSERT INTO big SELECT i, md5(i::text) || md5((i + 1)::text), md5((i * 7)::text) || md5((i * 3)::text) FROM generate_series(1, 300000) i;`,
      [],
      bigDb
    )
  }, 120_000)

  /** Starts a backup with its own RUNNER_TEMP and TMPDIR; afterEach kills what a failed assertion left. */
  function startKillable(
    database: string,
    extra: Record<string, string> = {}
  ): { dir: string; tmpdir: string; runnerTemp: string; child: ReturnType<typeof startAction>['child']; result: Promise<RunResult> } {
    const dir = path.join(tempDir('killed-'), 'backups')
    const tmpdir = tempDir('tmp-')
    const runnerTemp = tempDir('runner-temp-')
    const { child, result } = startAction({
      env: { PATH: STANDARD_PATH, HOME: home, TMPDIR: tmpdir, RUNNER_TEMP: runnerTemp },
      inputs: { phase: 'backup', 'database-url': a.cluster.url({ database }), 'backup-dir': dir, ...extra },
      timeoutMs: 120_000
    })
    live.add(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await result
      for (const pid of pidsOf('pg_dump', dir)) process.kill(pid, 'SIGKILL')
    })
    return { dir, tmpdir, runnerTemp, child, result }
  }

  function passfileOf(pid: number): string | undefined {
    return fs
      .readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .find(v => v.startsWith('PGPASSFILE='))
      ?.slice('PGPASSFILE='.length)
  }

  const gone = (pids: number[]): true | undefined => (pids.some(p => fs.existsSync(`/proc/${p}`) && !isZombie(p)) ? undefined : true)

  async function noDumpBackend(): Promise<void> {
    await waitFor(
      'the pg_dump backend to end',
      async () => {
        const rows = await a.cluster.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [DUMP_APP])
        return (rows[0] as { n: number }).n === 0 ? true : undefined
      },
      15_000
    )
  }

  test('pg_dump waiting for a table lock ends at once, and its password file was under RUNNER_TEMP, never the system temp folder', async () => {
    // pg_dump waits silently (up to its lock-wait timeout of minutes) for a table another session
    // holds: left alone it would outlive the action by that long.
    const db = await a.cluster.createDatabase()
    await a.cluster.query('CREATE TABLE held (id int); INSERT INTO held VALUES (1)', [], db)
    const holder = await a.cluster.client({ database: db })
    try {
      await holder.query('BEGIN')
      await holder.query('LOCK TABLE held IN ACCESS EXCLUSIVE MODE')
      const run = startKillable(db)
      await waitFor('pg_dump to wait for the lock on the table', async () => {
        const rows = await a.cluster.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [DUMP_APP])
        return rows.length > 0 ? true : undefined
      })
      const pids = pidsOf('pg_dump', run.dir)
      expect(pids.length).toBe(1)
      const passfile = passfileOf(pids[0])
      expect(passfile).toBeDefined()
      expect(path.relative(run.runnerTemp, passfile as string).startsWith('..')).toBe(false)

      run.child.kill('SIGKILL')
      await run.result
      // The orphan dies with its parent instead of waiting on.
      await waitFor('pg_dump to end after the action was killed', () => gone(pids), 2000)
      // Its backend, waiting for the lock, notices the closed connection once it gets the lock.
      await holder.query('ROLLBACK')
      await noDumpBackend()
      // Nothing in the system temp folder; what the killed run left is under RUNNER_TEMP, which the runner empties.
      expect(fs.readdirSync(run.tmpdir)).toEqual([])
    } finally {
      await holder.query('ROLLBACK').catch(() => {})
      await holder.end()
    }
  }, 60_000)

  test('directory format: pg_dump and its worker processes end soon after', async () => {
    const run = startKillable(bigDb, { 'backup-format': 'directory', 'backup-jobs': '2' })
    await waitFor('the pg_dump workers to copy the big table', async () => {
      const rows = await a.cluster.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'COPY public.big %'`, [DUMP_APP])
      return rows.length > 0 ? true : undefined
    })
    // The leader and its workers.
    const pids = pidsOf('pg_dump', run.dir)
    expect(pids.length).toBeGreaterThanOrEqual(2)
    run.child.kill('SIGKILL')
    await run.result
    // A worker already copying a table finishes that copy before it notices its leader is gone.
    await waitFor('pg_dump and its workers to end after the action was killed', () => gone(pids), 30_000)
    await noDumpBackend()
    expect(fs.readdirSync(run.tmpdir)).toEqual([])
  }, 60_000)
})

describe('backup-dir that others share', () => {
  for (const mode of [0o1777, 0o777, 0o775, 0o2770]) {
    test(`an existing folder with mode ${mode.toString(8)} is refused, naming why, and its mode is left as it was`, async () => {
      const dir = path.join(tempDir('shared-dir-'), 'backups')
      fs.mkdirSync(dir)
      fs.chmodSync(dir, mode)
      const r = await runAction({ env: env(), inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir }, timeoutMs: 60_000 })
      expect(r.code).not.toBe(0)
      const message = errorOf(r)
      expect(message).toContain(`The backup folder ${dir}`)
      expect(message).toMatch(/writable by (its group|other users|its group and other users)/)
      expect(message).toContain("'backup-dir'")
      expect(fs.statSync(dir).mode & 0o7777).toBe(mode)
      expect(fs.readdirSync(dir)).toEqual([])
      expect(r.summary).not.toContain('<code>dump</code>')
      expectNoLeak(r)
    })
  }

  test('a folder in a parent every user may write to (0777, not sticky) is refused, naming the parent; nothing is created or changed', async () => {
    const parent = path.join(tempDir('open-parent-'), 'open')
    fs.mkdirSync(parent)
    fs.chmodSync(parent, 0o777)
    const dir = path.join(parent, 'backups')
    const r = await runAction({ env: env(), inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir }, timeoutMs: 60_000 })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`its parent folder ${parent} is writable by every user and not sticky (mode 0777)`)
    expect(fs.statSync(parent).mode & 0o7777).toBe(0o777)
    expect(fs.existsSync(dir)).toBe(false)
    expect(r.summary).not.toContain('<code>dump</code>')
  })

  test('the same folder reached through a symbolic link is refused too, naming the real parent', async () => {
    const parent = path.join(tempDir('open-parent-'), 'open')
    fs.mkdirSync(parent)
    fs.chmodSync(parent, 0o777)
    const real = path.join(parent, 'sub')
    fs.mkdirSync(real, { mode: 0o700 })
    const link = path.join(tempDir('link-'), 'backups')
    fs.symlinkSync(real, link)
    const r = await runAction({ env: env(), inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': link }, timeoutMs: 60_000 })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`its parent folder ${parent} (where ${link} leads through a symbolic link) is writable by every user and not sticky`)
    expect(fs.readdirSync(real)).toEqual([])
  })

  // Only root can give a folder to another user.
  ;(process.getuid?.() === 0 ? test : test.skip)('an existing folder of another user is refused, and left as it was', async () => {
    const dir = path.join(tempDir('foreign-dir-'), 'backups')
    fs.mkdirSync(dir)
    fs.chmodSync(dir, 0o755)
    fs.chownSync(dir, 54321, 54321)
    const r = await runAction({ env: env(), inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir }, timeoutMs: 60_000 })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`The backup folder ${dir} cannot be used: it belongs to another user (uid 54321`)
    const st = fs.statSync(dir)
    expect([st.uid, st.mode & 0o7777]).toEqual([54321, 0o755])
    expect(fs.readdirSync(dir)).toEqual([])
  })

  test('an existing private folder (0750) is used as it is: its mode is not changed', async () => {
    const dir = path.join(tempDir('own-dir-'), 'backups')
    fs.mkdirSync(dir)
    fs.chmodSync(dir, 0o750)
    const r = await runAction({ env: env(), inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir }, timeoutMs: 60_000 })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(fs.statSync(dir).mode & 0o7777).toBe(0o750)
    expect(fs.statSync(r.outputs['backup-path']).mode & 0o777).toBe(0o600)
  })

  test('a folder the action creates (and its missing parents) are created 0700', async () => {
    const parent = path.join(tempDir('new-dir-'), 'a')
    const dir = path.join(parent, 'b')
    const r = await runAction({ env: env(), inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir }, timeoutMs: 60_000 })
    expect(errorOf(r)).toBe('')
    expect(fs.statSync(dir).mode & 0o7777).toBe(0o700)
    expect(fs.statSync(parent).mode & 0o7777).toBe(0o700)
  })
})

describe('failures with a cause to name', () => {
  const canMount = (() => {
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'mount-probe-'))
    try {
      const r = spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o size=16k tmpfs '${probe}'`])
      return r.status === 0
    } finally {
      fs.rmSync(probe, { recursive: true, force: true })
    }
  })()

  ;(canMount ? test : test.skip)('a volume with room for the dump but not the manifest: says so, names the file and what to do, leaves no file', async () => {
    // One table of a few rows: its custom-format dump fits in one 4 KiB page.
    const db = await a.cluster.createDatabase()
    await a.cluster.query(`CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2), (3)`, [], db)
    const mountPoint = tempDir('small-volume-')
    const dir = path.join(mountPoint, 'backups')
    const listing = path.join(tempDir('listing-'), 'after')
    // A 64 KiB tmpfs with a 60 KiB filler: one free page. The listing is taken inside the mount namespace.
    const prefix =
      `exec unshare -m bash -c 'mount -t tmpfs -o size=64k,mode=0700 tmpfs "$2" && head -c 61440 /dev/zero > "$2/filler" || exit 99; ` +
      `"$0" "$1"; rc=$?; (cd "$2" && find . -mindepth 1 | sort) > "$3"; exit $rc' "$0" "$1" '${mountPoint}' '${listing}'`
    const r = await runAction({
      env: env(),
      inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: db }), 'backup-dir': dir },
      timeoutMs: 60_000,
      shellPrefix: prefix
    })
    expect(r.code).not.toBe(0)
    expect(r.code).not.toBe(99)
    const message = errorOf(r)
    expect(message).toMatch(/no space left/i)
    expect(message).toContain('manifest')
    expect(message).toContain(dir)
    expect(message).toMatch(/free space|larger volume/)
    expect(message).not.toMatch(/^ENOSPC/)
    expect(r.outputs).toEqual({})
    expect(fs.readFileSync(listing, 'utf8').split('\n').filter(Boolean)).toEqual(['./backups', './filler'])
    expectNoLeak(r)
  })

  test('a lock held on _prisma_migrations: says which table, that another session holds it, and what to do; leaves no file', async () => {
    const db = await a.cluster.createDatabase()
    await a.cluster.query(
      `CREATE TABLE "_prisma_migrations" (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
         migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
         applied_steps_count integer NOT NULL DEFAULT 0)`,
      [],
      db
    )
    const holder = await a.cluster.client({ database: db })
    try {
      await holder.query('BEGIN')
      await holder.query('LOCK TABLE "_prisma_migrations" IN ACCESS EXCLUSIVE MODE')
      const dir = path.join(tempDir('locked-'), 'backups')
      const r = await runAction({ env: env(), inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: db }), 'backup-dir': dir }, timeoutMs: 60_000 })
      expect(r.code).not.toBe(0)
      const message = errorOf(r)
      expect(message).not.toMatch(/^canceling statement due to lock timeout/)
      expect(message).toContain('_prisma_migrations')
      expect(message).toContain(db)
      expect(message).toMatch(/another session/i)
      expect(message).toMatch(/pg_stat_activity|pg_locks/)
      expect(message).toMatch(/run the backup again/i)
      expect(r.summary).toMatch(/<tr><td><code>database<\/code><\/td><td>❌ failed<\/td>/)
      expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([])
      expectNoLeak(r)
    } finally {
      await holder.query('ROLLBACK').catch(() => {})
      await holder.end()
    }
  }, 60_000)
})

describe('without setpriv', () => {
  test('the backup still works, and the log says that pg_dump would outlive a killed action', async () => {
    const dir = path.join(tempDir('no-setpriv-'), 'backups')
    // No PATH folder holds setpriv; the tools come from pg-bin-dir.
    const r = await runAction({
      env: env({ PATH: tempDir('empty-path-') }),
      inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir, 'pg-bin-dir': tools.dir },
      timeoutMs: 60_000
    })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("util-linux 'setpriv' was not found on PATH: if the action's process is killed outright (SIGKILL), pg_dump and pg_restore outlive it")
  })
})

describe("an explicit 'pg-bin-dir'", () => {
  /** Wrappers around the real tools that report `version` and log each call to `<dir>/calls.log`. */
  function wrappers(version: string): string {
    const dir = tempDir('pg-bin-')
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
    for (const [tool, real] of [
      ['pg_dump', tools.pgDump],
      ['pg_restore', tools.pgRestore]
    ] as const) {
      fs.writeFileSync(
        path.join(dir, tool),
        `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${tool} (PostgreSQL) ${version}"; exit 0; fi\necho ${tool} >> ${quote(path.join(dir, 'calls.log'))}\nexec ${quote(real)} "$@"\n`,
        { mode: 0o755 }
      )
    }
    return dir
  }
  const calls = (dir: string): string[] => (fs.existsSync(path.join(dir, 'calls.log')) ? fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean) : [])

  test('is used as given, even with a newer pg_dump on PATH', async () => {
    const explicit = wrappers(tools.version)
    const newer = wrappers('99.0')
    const dir = path.join(tempDir('explicit-'), 'backups')
    const r = await runAction({
      env: env({ PATH: `${newer}:${STANDARD_PATH}` }),
      inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir, 'pg-bin-dir': explicit },
      timeoutMs: 60_000
    })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`pg_dump ${tools.version} (${explicit})`)
    expect(calls(explicit)).toContain('pg_dump')
    expect(calls(newer)).toEqual([])
  })

  test('older than the server is refused, naming the folder, both versions and what to do', async () => {
    const older = wrappers('9.6')
    const newer = wrappers('99.0')
    const dir = path.join(tempDir('older-'), 'backups')
    const r = await runAction({
      env: env({ PATH: `${newer}:${STANDARD_PATH}` }),
      inputs: { phase: 'backup', 'database-url': a.cluster.url({ database: TENANT_DB }), 'backup-dir': dir, 'pg-bin-dir': older },
      timeoutMs: 60_000
    })
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain(`'pg-bin-dir' (${older}) holds pg_dump 9.6`)
    expect(message).toContain(`PostgreSQL ${a.cluster.version}`)
    expect(message).toMatch(/leave 'pg-bin-dir' empty/)
    expect(calls(older)).toEqual([])
    expect(calls(newer)).toEqual([])
    expect(r.summary).toMatch(/<tr><td><code>pg_dump<\/code><\/td><td>❌ failed<\/td>/)
  })
})
