import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, runPostStep, errorOf, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase } from '../helpers/suite.js'

/**
 * A backup killed at any point (SIGKILL: no cleanup of its own runs, only the post step, from what
 * the step saved in GITHUB_STATE) leaves nothing behind once the post step ran: no plaintext, no
 * file the post step does not know about, and no part of a backup that did not finish.
 *
 * The action is stopped at exact points with strace (Debian package `strace`): a first run, traced,
 * lists every write of the step's state and every system call that creates, links, renames or
 * removes a name in `backup-dir`; then one run per such call is killed on entering it
 * (`-e inject=<call>:signal=KILL:when=<n>`: the call does not happen). Only the action's main
 * thread is traced (no -f), where the state is written and the files are placed: its calls come in
 * a fixed order, so the n-th call is the same one in every run.
 */

const PASSWORD = 'place:/@ pass'
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const PLACEMENT_CALLS = ['link', 'linkat', 'unlink', 'unlinkat', 'rename', 'renameat', 'renameat2', 'mkdir', 'mkdirat', 'rmdir']

const pg = useCluster({ password: PASSWORD })
let scratch: string
let db: string
let recipient: string

beforeAll(async () => {
  const strace = spawnSync('strace', ['-o', '/dev/null', 'true'])
  if (strace.error) throw new Error('strace is not installed (Debian/Ubuntu: apt-get install strace); these tests stop the action at exact system calls with it.')
  if (strace.status !== 0) throw new Error(`strace cannot trace a process here (${String(strace.stderr).trim()}); these tests stop the action at exact system calls with it.`)
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-place-test-'))
  const keyFile = path.join(scratch, 'key.txt')
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'pipe' })
  recipient = /public key: (age1[0-9a-z]+)/.exec(fs.readFileSync(keyFile, 'utf8'))?.[1] as string
  db = await freshDatabase(pg.cluster, async c => {
    await applyLikePrisma(c, generatedMigrations(2))
    await c.query(`CREATE TABLE payload AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 2000) g`)
  })
})

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

interface KillPoint {
  /** The system call entered, and its number among the main thread's calls of that name. */
  call: string
  nth: number
  /** The traced line, for the failure message. */
  line: string
}

function backup(dir: string, inputs: Record<string, string>, strace: (env: Record<string, string>) => string[]): Promise<RunResult> {
  return runAction({
    env: { PATH: STANDARD_PATH, HOME: scratch, TMPDIR: fs.mkdtempSync(path.join(scratch, 'tmp-')) },
    eventName: 'push',
    inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), 'backup-dir': dir, ...inputs },
    wrap: env => ['strace', '-qq', ...strace(env)],
    timeoutMs: 60_000
  })
}

/** Every state write and every name created, linked, renamed or removed in `dir`, in order. */
async function killPoints(inputs: Record<string, string>): Promise<{ points: KillPoint[]; run: RunResult; dir: string }> {
  const dir = path.join(fs.mkdtempSync(path.join(scratch, 'traced-')), 'b')
  const log = path.join(scratch, `trace-${path.basename(path.dirname(dir))}.log`)
  let statePath = ''
  const run = await backup(dir, inputs, env => {
    statePath = env.GITHUB_STATE
    return ['-o', log, '-s', '4096', '-e', `trace=openat,${PLACEMENT_CALLS.join(',')}`]
  })
  const points: KillPoint[] = []
  const seen = new Map<string, number>()
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    const m = /^(\w+)\((.*)\)\s+=/.exec(line)
    if (!m) continue
    const [, call, args] = m as unknown as [string, string, string]
    if (call === 'openat') {
      // Counted among the state's own opens (the kill run filters with -P GITHUB_STATE).
      if (!args.includes(JSON.stringify(statePath))) continue
      const nth = (seen.get('state') ?? 0) + 1
      seen.set('state', nth)
      points.push({ call, nth, line })
      continue
    }
    const nth = (seen.get(call) ?? 0) + 1
    seen.set(call, nth)
    if (args.includes(JSON.stringify(dir).slice(0, -1))) points.push({ call, nth, line })
  }
  return { points, run, dir }
}

/** Kills the backup on entering `point`, runs the post step, and returns what is left in backup-dir. */
async function killAt(point: KillPoint, inputs: Record<string, string>): Promise<{ left: string[]; run: RunResult; post: RunResult }> {
  const dir = path.join(fs.mkdtempSync(path.join(scratch, 'killed-')), 'b')
  const run = await backup(dir, inputs, env =>
    point.call === 'openat'
      ? ['-o', '/dev/null', '-P', env.GITHUB_STATE, '-e', 'trace=openat', '-e', `inject=openat:signal=KILL:when=${point.nth}`]
      : ['-o', '/dev/null', '-e', `trace=${point.call}`, '-e', `inject=${point.call}:signal=KILL:when=${point.nth}`]
  )
  const post = await runPostStep({ env: { PATH: STANDARD_PATH, HOME: scratch }, inputs: { phase: 'backup' }, state: run.state })
  return { left: fs.existsSync(dir) ? fs.readdirSync(dir) : [], run, post }
}

const cases: [string, Record<string, string>, string][] = [
  ['custom format, encrypted, keep-plaintext-backup: true', { 'keep-plaintext-backup': 'true' }, 'link'],
  ['directory format, encrypted', { 'backup-format': 'directory', 'backup-jobs': '2' }, 'rename']
]

describe('the action killed (SIGKILL) at every step of creating and placing the backup files', () => {
  test.each(cases)(
    '%s: after the post step, nothing is left in backup-dir',
    async (_what, given, placing) => {
      const inputs = { ...given, 'backup-recipients': recipient }
      const traced = await killPoints(inputs)
      expect(errorOf(traced.run)).toBe('')
      expect(traced.run.code).toBe(0)
      // The traced run itself: a finished backup (plaintext, .age file, manifest) and nothing else.
      expect(fs.readdirSync(traced.dir).sort()).toEqual(
        [traced.run.outputs['backup-path'], traced.run.outputs['encrypted-backup-path'], traced.run.outputs['manifest-path']].map(p => path.basename(p)).sort()
      )
      const failures: string[] = []
      for (const point of traced.points) {
        const { left, run, post } = await killAt(point, inputs)
        const where = `killed on entering ${point.line.trim()} (${point.call} #${point.nth})`
        if (run.signal !== 'SIGKILL') failures.push(`${where}: the run was not killed (exit ${run.code}, signal ${run.signal})`)
        if (left.length > 0) failures.push(`${where}: left ${left.join(', ')}`)
        const warnings = post.stdout.split('\n').filter(l => l.startsWith('::warning::'))
        if (warnings.length > 0) failures.push(`${where}: the post step warned: ${warnings.join(' | ')}`)
      }
      expect(failures).toEqual([])
      // The points covered the state's writes and the placing of each of the three files.
      const calls = traced.points.map(p => p.call)
      expect(calls).toContain('openat')
      expect(calls).toContain(placing)
      expect(traced.points.filter(p => p.call === 'link' || p.call === 'rename').length).toBeGreaterThanOrEqual(3)
    },
    600_000
  )
})

describe('names taken in backup-dir while the backup runs', () => {
  test('a symbolic link put at the .age file’s name: refused, the link and its target untouched, the archive and the staging folder removed, the post step has nothing to do', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(scratch, 'taken-')), 'b')
    const victim = path.join(scratch, `victim-${path.basename(path.dirname(dir))}`)
    fs.writeFileSync(victim, 'not yours')
    let planted = ''
    // As soon as the staging folder shows the backup's name, its .age name is taken.
    const watch = setInterval(() => {
      if (planted || !fs.existsSync(dir)) return
      const staging = fs.readdirSync(dir).find(n => n.includes('.partial-'))
      if (!staging) return
      planted = path.join(dir, `${staging.slice(1, staging.indexOf('.partial-'))}.dump.age`)
      fs.symlinkSync(victim, planted)
    }, 2)
    const r = await runAction({
      env: { PATH: STANDARD_PATH, HOME: scratch, TMPDIR: fs.mkdtempSync(path.join(scratch, 'tmp-')) },
      eventName: 'push',
      inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), 'backup-dir': dir, 'backup-recipients': recipient },
      timeoutMs: 60_000
    })
    clearInterval(watch)
    expect(planted).not.toBe('')
    expect(r.code).toBe(1)
    expect(errorOf(r)).toContain(`Moving the encrypted backup to ${planted} failed: something with that name appeared meanwhile (EEXIST); it was left untouched`)
    expect(fs.readdirSync(dir)).toEqual([path.basename(planted)])
    expect(fs.readlinkSync(planted)).toBe(victim)
    expect(fs.readFileSync(victim, 'utf8')).toBe('not yours')
    const post = await runPostStep({ env: { PATH: STANDARD_PATH, HOME: scratch }, inputs: { phase: 'backup' }, state: r.state })
    expect(post.stdout).not.toContain('::warning::')
    expect(post.stdout).not.toContain('Removed')
    expect(fs.readdirSync(dir)).toEqual([path.basename(planted)])
    expect(fs.readFileSync(victim, 'utf8')).toBe('not yours')
  }, 120_000)
})
