import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as net from 'node:net'
import { enforceGuards, refMatches, REQUIRED_ENVIRONMENT, ALLOWED_EVENTS_FOR_WRITING_PHASES, ALLOWED_EVENTS_FOR_RESTORE } from '../../src/guards.js'
import { ActionError } from '../../src/errors.js'
import type { Phase } from '../../src/inputs.js'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase } from '../helpers/suite.js'

/**
 * SPEC 2: CI, NODE_ENV and GITHUB_ACTIONS must hold exact values; backup and deploy refuse pull
 * request events; `allowed-refs` limits GITHUB_REF; nothing turns a guard off. A refusal happens
 * before any connection: the database URL points at a plain TCP listener that counts connections.
 */

/** The values each guarded variable must never be accepted with (besides being unset). */
const WRONG_VALUES: Record<string, string[]> = {
  CI: ['1', 'TRUE', 'True', ' true', 'true ', 'yes', 'false', ''],
  GITHUB_ACTIONS: ['1', 'TRUE', 'True', ' true', 'true ', 'yes', 'false', ''],
  NODE_ENV: ['Production', 'PRODUCTION', ' production', 'production ', 'prod', 'development', 'true', '']
}

const MATRIX: [string, string | undefined][] = Object.entries(WRONG_VALUES).flatMap(([name, values]) => [
  [name, undefined] as [string, string | undefined],
  ...values.map(v => [name, v] as [string, string | undefined])
])

const PHASES: Phase[] = ['verify', 'backup', 'deploy']

/** SPEC 2: the events whose code is the repository's own; backup, rehearse and deploy run on these only. */
const WRITING_ALLOWED = ['push', 'workflow_dispatch', 'schedule', 'release', 'deployment', 'repository_dispatch', 'workflow_run']

/** Every event GitHub's "Events that trigger workflows" page documents. */
const DOCUMENTED_EVENTS = [
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'create',
  'delete',
  'deployment',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'image_version',
  'issue_comment',
  'issues',
  'label',
  'merge_group',
  'milestone',
  'page_build',
  'public',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
  'push',
  'registry_package',
  'release',
  'repository_dispatch',
  'schedule',
  'status',
  'watch',
  'workflow_call',
  'workflow_dispatch',
  'workflow_run'
]

/** A complete, explicit environment: the three guarded values, a push event on main. */
function guardEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...GUARDED_ENV, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

function guardError(fn: () => unknown): ActionError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError)
    return err as ActionError
  }
  throw new Error('expected the guards to refuse, but they passed')
}

/**
 * A plain TCP listener standing in for the database. Every run gets its own database name; the
 * PostgreSQL startup message a client sends first carries that name, so each connection is
 * counted for the run that made it, even with runs in parallel and other processes on the machine.
 * A connection is dropped as soon as it is counted.
 */
interface Trap {
  port: number
  /** Connections per database name. */
  counts: Map<string, number>
  close(): Promise<void>
}

async function openTrap(): Promise<Trap> {
  const counts = new Map<string, number>()
  const sockets = new Set<net.Socket>()
  const server = net.createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.setTimeout(5_000, () => socket.destroy())
    let seen = ''
    socket.on('data', chunk => {
      // A TLS request (clients try TLS first towards a loopback host): answer "no TLS" as a plain
      // server does, so that the client goes on with its startup message naming the database.
      if (seen === '' && chunk.length === 8 && chunk.readUInt32BE(4) === 80877103) {
        socket.write('N')
        return
      }
      seen += chunk.toString('latin1')
      const name = /trapdb_[a-z0-9_]+/.exec(seen)?.[0]
      if (name) {
        counts.set(name, (counts.get(name) ?? 0) + 1)
        socket.destroy()
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    counts,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

let trap: Trap
let runNumber = 0
const pg = useCluster()
let projectRoot: string
let dbUrl: string

beforeAll(async () => {
  trap = await openTrap()
  const migrations = generatedMigrations(3)
  projectRoot = tempProject({ migrations }).root
  const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, migrations.slice(0, 1)))
  dbUrl = pg.cluster.url({ database: db })
})

afterAll(async () => {
  await trap?.close()
})

interface TrapRun {
  r: RunResult
  error: string
  connections: number
}

/**
 * Runs the action with its database URL pointing at the trap, under a database name of its own,
 * and reports how many connections that run made. Runs may go in parallel.
 */
async function runAgainstTrap(o: { phase?: string; env?: Record<string, string | undefined>; eventName?: string; inputs?: Record<string, string> }): Promise<TrapRun> {
  const database = `trapdb_${++runNumber}_${Math.random().toString(36).slice(2, 8)}`
  const r = await runAction({
    // A project with migrations, so that a phase the guards let through goes on to the database.
    workspace: projectRoot,
    inputs: {
      ...(o.phase === undefined ? {} : { phase: o.phase }),
      'database-url': `postgresql://deployer:trap-password@127.0.0.1:${trap.port}/${database}`,
      'connect-timeout': '2',
      migrator: 'builtin',
      ...(o.inputs ?? {})
    },
    env: o.env,
    eventName: o.eventName
  })
  // Let any connection the child made be read and counted before reading the counter.
  await new Promise(resolve => setTimeout(resolve, 50))
  return { r, error: errorOf(r), connections: trap.counts.get(database) ?? 0 }
}

/** A full verify against the real cluster, with the given guard environment. */
function verifyAgainstCluster(o: { env?: Record<string, string | undefined>; eventName?: string; inputs?: Record<string, string> }): Promise<RunResult> {
  return runAction({
    workspace: projectRoot,
    inputs: { phase: 'verify', 'database-url': dbUrl, migrator: 'builtin', ...(o.inputs ?? {}) },
    env: o.env,
    eventName: o.eventName
  })
}

describe('enforceGuards (pure)', () => {
  test.each(PHASES)('passes for %s with exactly CI=true, NODE_ENV=production, GITHUB_ACTIONS=true on a push', phase => {
    const result = enforceGuards({ phase, allowedRefs: [], env: guardEnv() })
    expect(result).toContain('CI=true')
    expect(result).toContain('NODE_ENV=production')
    expect(result).toContain('GITHUB_ACTIONS=true')
  })

  test('requires exactly the three documented variables and values', () => {
    expect(Object.fromEntries(REQUIRED_ENVIRONMENT)).toEqual({ CI: 'true', NODE_ENV: 'production', GITHUB_ACTIONS: 'true' })
  })

  describe.each(PHASES)('%s phase', phase => {
    test.each(MATRIX)('refuses %s=%p', (name, value) => {
      const err = guardError(() => enforceGuards({ phase, allowedRefs: [], env: guardEnv({ [name]: value }) }))
      expect(err.message).toContain(`Safety guards refused to run the ${phase} phase`)
      expect(err.message).toContain(value === undefined ? `${name} is not set` : `${name} is '${value}'`)
      expect(err.message).toContain(`it must be exactly '${name === 'NODE_ENV' ? 'production' : 'true'}'`)
      // The fix: the guards cannot be turned off, and how to set the job up.
      expect(err.fix).toMatch(/cannot be turned off/)
      expect(err.fix).toContain('NODE_ENV: production')
    })
  })

  test('lists every refusal at once, with a missing environment refusing everything', () => {
    const err = guardError(() => enforceGuards({ phase: 'deploy', allowedRefs: ['refs/heads/main'], env: {} }))
    for (const line of ['CI is not set', 'NODE_ENV is not set', 'GITHUB_ACTIONS is not set', 'GITHUB_EVENT_NAME is not set', 'GITHUB_REF is not set']) {
      expect(err.message).toContain(line)
    }
  })

  test.each([
    ['backup', 'pull_request'],
    ['backup', 'pull_request_target'],
    ['deploy', 'pull_request'],
    ['deploy', 'pull_request_target']
  ] as [Phase, string][])('the %s phase refuses %s events', (phase, event) => {
    const err = guardError(() => enforceGuards({ phase, allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: event }) }))
    expect(err.message).toContain(`the ${phase} phase refuses '${event}' events`)
    expect(err.message).toContain(WRITING_ALLOWED.join(', '))
  })

  describe('events are default-deny: an allow-list, checked against every event GitHub documents', () => {
    const writing = ['backup', 'rehearse', 'deploy']
    test.each(writing)('the %s phase runs on the allowed events only', phase => {
      const passed = DOCUMENTED_EVENTS.filter(event => {
        try {
          enforceGuards({ phase, allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: event }) })
          return true
        } catch (err) {
          expect((err as ActionError).message).toContain(`the ${phase} phase refuses '${event}' events`)
          expect((err as ActionError).message).toContain(WRITING_ALLOWED.join(', '))
          return false
        }
      })
      expect(passed.sort()).toEqual([...WRITING_ALLOWED].sort())
    })

    test('the restore phase runs on workflow_dispatch only', () => {
      const passed = DOCUMENTED_EVENTS.filter(event => {
        try {
          enforceGuards({ phase: 'restore', allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: event }) })
          return true
        } catch (err) {
          expect((err as ActionError).message).toContain(`the restore phase refuses '${event}' events: it runs only on workflow_dispatch`)
          return false
        }
      })
      expect(passed).toEqual(['workflow_dispatch'])
    })

    test('verify runs on every event (its guards are the environment ones)', () => {
      for (const event of [...DOCUMENTED_EVENTS, 'some_future_event']) {
        expect(enforceGuards({ phase: 'verify', allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: event }) })).toContain('CI=true')
      }
    })

    const odd = ['some_future_event', 'PUSH', 'Push', ' push', 'push ', 'push\n', 'workflow_dispatch\t', 'Workflow_Dispatch', 'push,pull_request', 'pull_request push', 'push\n::error::pwned']
    test.each([...writing, 'restore'])('the %s phase refuses unknown names and odd case or whitespace', phase => {
      for (const event of odd) {
        const err = guardError(() => enforceGuards({ phase, allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: event }) }))
        expect(err.message).toContain(`the ${phase} phase refuses '${JSON.stringify(event).slice(1, -1)}' events`)
        // A control character in the name is shown escaped: the refusal stays one line per reason.
        expect(err.message.split('\n').filter(line => line.includes('refuses'))).toHaveLength(1)
      }
    })

    test('the allow-lists are exactly the ones SPEC 2 names', () => {
      expect([...ALLOWED_EVENTS_FOR_WRITING_PHASES]).toEqual(WRITING_ALLOWED)
      expect([...ALLOWED_EVENTS_FOR_RESTORE]).toEqual(['workflow_dispatch'])
    })
  })

  test.each(['backup', 'deploy'] as Phase[])('the %s phase refuses a missing event name', phase => {
    const err = guardError(() => enforceGuards({ phase, allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: undefined }) }))
    expect(err.message).toContain('GITHUB_EVENT_NAME is not set')
  })

  test.each(['push', 'workflow_dispatch', 'schedule', 'release'])('backup and deploy accept %s events', event => {
    for (const phase of ['backup', 'deploy'] as Phase[]) {
      expect(enforceGuards({ phase, allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: event }) })).toContain(`event ${event}`)
    }
  })

  test.each(['pull_request', 'pull_request_target'])('verify is allowed on %s events', event => {
    expect(enforceGuards({ phase: 'verify', allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: event }) })).toContain('CI=true')
  })

  test.each([
    [['refs/heads/main'], 'refs/heads/main'],
    [['refs/heads/release/*'], 'refs/heads/release/2024-10'],
    [['refs/tags/v*'], 'refs/tags/v1.2.3'],
    [['refs/heads/main', 'refs/tags/v*'], 'refs/tags/v2'],
    [['refs/**'], 'refs/heads/anything'],
    [['refs/heads/**'], 'refs/heads/feature/a/b']
  ])('allowed-refs %p allows %s', (allowedRefs, ref) => {
    for (const phase of PHASES) {
      expect(enforceGuards({ phase, allowedRefs, env: guardEnv({ GITHUB_REF: ref }) })).toContain(`ref ${ref} allowed`)
    }
  })

  test.each([
    [['refs/heads/main'], 'refs/heads/main2'],
    [['refs/heads/main'], 'refs/heads/feature'],
    [['refs/heads/main'], 'refs/heads/Main'],
    [['refs/heads/main'], 'refs/pull/7/merge'],
    [['refs/heads/release/*'], 'refs/heads/releases/1'],
    [['refs/tags/v*'], 'refs/heads/v1'],
    [['refs/heads/release.1'], 'refs/heads/releaseX1'],
    [['refs/heads/main', 'refs/tags/v*'], 'refs/heads/dev'],
    [['refs/heads/release-*'], 'refs/heads/release-x/anything'],
    [['*'], 'refs/heads/anything']
  ])('allowed-refs %p refuses %s', (allowedRefs, ref) => {
    for (const phase of PHASES) {
      const err = guardError(() => enforceGuards({ phase, allowedRefs, env: guardEnv({ GITHUB_REF: ref }) }))
      expect(err.message).toContain(`GITHUB_REF '${ref}' is not in 'allowed-refs'`)
      expect(err.message).toContain(allowedRefs.join(', '))
    }
  })

  test('allowed-refs refuses when GITHUB_REF is missing or empty', () => {
    for (const ref of [undefined, '']) {
      const err = guardError(() => enforceGuards({ phase: 'verify', allowedRefs: ['refs/heads/main'], env: guardEnv({ GITHUB_REF: ref }) }))
      expect(err.message).toContain("GITHUB_REF is not set, and 'allowed-refs' allows only: refs/heads/main")
    }
  })

  test('refMatches: `*` stops at `/`, `**` does not; `+` repeats the character before it; other characters are literal', () => {
    expect(refMatches('refs/heads/main', 'refs/heads/main')).toBe(true)
    expect(refMatches('refs/heads/main', 'refs/heads/main/x')).toBe(false)
    expect(refMatches('refs/heads/*', 'refs/heads/a/b')).toBe(false)
    expect(refMatches('refs/heads/**', 'refs/heads/a/b')).toBe(true)
    expect(refMatches('refs/*/main', 'refs/heads/main')).toBe(true)
    expect(refMatches('refs/*/main', 'refs/heads/main2')).toBe(false)
    expect(refMatches('refs/heads/(a|b)', 'refs/heads/a')).toBe(false)
    expect(refMatches('refs/heads/(a|b)', 'refs/heads/(a|b)')).toBe(true)
    expect(refMatches('refs/heads/a+', 'refs/heads/aa')).toBe(true)
    expect(refMatches('refs/heads/a+', 'refs/heads/a+')).toBe(false)
    expect(refMatches('refs/heads/a\\+', 'refs/heads/a+')).toBe(true)
  })

  test('a pattern that is not one by the filter rules is a refusal naming it, not a crash', () => {
    const err = guardError(() => enforceGuards({ phase: 'deploy', allowedRefs: ['refs/heads/[main'], env: guardEnv() }))
    expect(err.message).toContain("'allowed-refs' entry 'refs/heads/[main' has a '[' at position 12 that is never closed")
  })

  test('a `!` entry after the one that allows a ref excludes it, and the refusal says which entry did', () => {
    const allowedRefs = ['refs/heads/releases/**', '!refs/heads/releases/**-alpha']
    expect(enforceGuards({ phase: 'deploy', allowedRefs, env: guardEnv({ GITHUB_REF: 'refs/heads/releases/10' }) })).toContain('ref refs/heads/releases/10 allowed')
    const err = guardError(() => enforceGuards({ phase: 'deploy', allowedRefs, env: guardEnv({ GITHUB_REF: 'refs/heads/releases/10-alpha' }) }))
    expect(err.message).toContain("GITHUB_REF 'refs/heads/releases/10-alpha' is not in 'allowed-refs'")
    expect(err.message).toContain("'!refs/heads/releases/**-alpha', the last entry that matches it, excludes it")
  })

  test('no variable turns a guard off', () => {
    const bypasses = {
      SKIP_GUARDS: '1',
      SKIP_SAFETY_GUARDS: 'true',
      DB_DEPLOY_FORCE: 'true',
      DB_DEPLOY_SKIP_GUARDS: 'true',
      FORCE: 'true',
      'INPUT_SKIP-GUARDS': 'true',
      INPUT_FORCE: 'true',
      ALLOW_PULL_REQUEST: 'true'
    }
    const missingCi = guardError(() => enforceGuards({ phase: 'verify', allowedRefs: [], env: guardEnv({ CI: undefined, ...bypasses }) }))
    expect(missingCi.message).toContain('CI is not set')
    const pr = guardError(() => enforceGuards({ phase: 'deploy', allowedRefs: [], env: guardEnv({ GITHUB_EVENT_NAME: 'pull_request', ...bypasses }) }))
    expect(pr.message).toContain("refuses 'pull_request' events")
    const ref = guardError(() => enforceGuards({ phase: 'backup', allowedRefs: ['refs/heads/main'], env: guardEnv({ GITHUB_REF: 'refs/heads/x', ...bypasses }) }))
    expect(ref.message).toContain("is not in 'allowed-refs'")
  })
})

describe('guards through dist/index.js', () => {
  test('control: with the guards satisfied, verify does reach the database URL', async () => {
    const { r, connections } = await runAgainstTrap({ phase: 'verify', env: { ...GUARDED_ENV } })
    expect(r.code).not.toBe(0)
    expect(connections).toBeGreaterThan(0)
    expect(r.summary).toMatch(/<code>safety-guards<\/code><\/td><td>✅ passed/)
    expect(r.summary).toMatch(/<code>connection<\/code><\/td><td>❌ failed/)
  })

  // The guard check is shared by all phases: verify gets every wrong value, backup and deploy a
  // sample of each kind (unset, numeric, wrong case, padded), so the matrix stays quick.
  const SAMPLE: Record<string, string[]> = { CI: ['1', 'TRUE', ' true'], GITHUB_ACTIONS: ['1', 'True', 'true '], NODE_ENV: ['Production', 'prod', ' production'] }

  describe.each(PHASES)('%s phase', phase => {
    // One test per variable; its wrong values (and the unset case) run in parallel.
    test.each(Object.keys(WRONG_VALUES))('refuses %s unset or with a value other than the exact one, before any connection', async name => {
      const values = [undefined, ...((phase === 'verify' ? WRONG_VALUES : SAMPLE)[name] ?? [])]
      const runs = await Promise.all(values.map(value => runAgainstTrap({ phase, env: { ...GUARDED_ENV, [name]: value } })))
      expect(runs).toHaveLength(phase === 'verify' ? 9 : 4)
      for (const [i, { r, error, connections }] of runs.entries()) {
        const value = values[i]
        const seen = {
          value,
          error,
          failed: r.code !== null && r.code !== 0,
          refusedByGuards: error.includes(`Safety guards refused to run the ${phase} phase`),
          namesTheProblem: error.includes(value === undefined ? `${name} is not set` : `${name} is '${value}'`),
          saysNoBypass: /cannot be turned off/.test(error),
          reachedTheDatabase: /Could not connect|Connection refused/.test(error),
          connections,
          outputs: r.outputs
        }
        expect(seen).toEqual({
          value,
          error: expect.any(String),
          failed: true,
          refusedByGuards: true,
          namesTheProblem: true,
          saysNoBypass: true,
          reachedTheDatabase: false,
          connections: 0,
          outputs: {}
        })
        if (phase === 'verify') {
          expect(r.stdout).toContain('::group::[STEP 1/3] Pre-deployment verification (read-only)')
          expect(r.summary).toMatch(/<code>safety-guards<\/code><\/td><td>❌ failed/)
          expect(r.summary).toMatch(/<code>env<\/code><\/td><td>⏭️ skipped/)
          expect(r.summary).toMatch(/<code>connection<\/code><\/td><td>⏭️ skipped/)
        }
      }
    })
  })

  test.each([
    ['backup', 'pull_request'],
    ['backup', 'pull_request_target'],
    ['backup', 'pull_request_review'],
    ['backup', 'merge_group'],
    ['deploy', 'pull_request'],
    ['deploy', 'pull_request_target'],
    ['deploy', 'pull_request_review'],
    ['deploy', 'pull_request_review_comment'],
    ['deploy', 'merge_group'],
    ['deploy', 'issue_comment']
  ])('the %s phase refuses %s events before any connection', async (phase, event) => {
    const { r, connections } = await runAgainstTrap({ phase, eventName: event, env: { ...GUARDED_ENV } })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain(`the ${phase} phase refuses '${event}' events`)
    expect(error).not.toMatch(/Could not connect/)
    expect(connections).toBe(0)
  })

  test.each(['pull_request', 'pull_request_target'])('verify runs to success on %s events', async event => {
    const r = await verifyAgainstCluster({ eventName: event, env: { ...GUARDED_ENV } })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['pending-count']).toBe('2')
    expect(r.summary).toMatch(/<code>safety-guards<\/code><\/td><td>✅ passed/)
  })

  test.each([
    ['refs/heads/main', 'refs/heads/main'],
    ['refs/heads/release/*', 'refs/heads/release/2024-10'],
    ['refs/heads/dev\nrefs/tags/v*', 'refs/tags/v1.4.0'],
    ['refs/heads/dev, refs/heads/main', 'refs/heads/main'],
    ['refs/heads/releases/**\n!refs/heads/releases/**-alpha', 'refs/heads/releases/beta/mona'],
    ['refs/tags/v[12].[0-9]+.[0-9]+', 'refs/tags/v1.10.1']
  ])('allowed-refs %p lets verify run on %s', async (allowedRefs, ref) => {
    const r = await verifyAgainstCluster({ env: { ...GUARDED_ENV, GITHUB_REF: ref }, inputs: { 'allowed-refs': allowedRefs } })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`ref ${ref} allowed`)
  })

  test.each([
    ['verify', 'refs/heads/main', 'refs/heads/feature/x'],
    ['verify', 'refs/tags/v*', 'refs/heads/v1'],
    ['verify', 'refs/heads/main', undefined],
    ['backup', 'refs/heads/main', 'refs/heads/main-old'],
    ['deploy', 'refs/heads/release/*', 'refs/heads/hotfix/1'],
    ['deploy', 'refs/heads/release-*', 'refs/heads/release-x/anything'],
    ['backup', 'refs/heads/releases/**, !refs/heads/releases/**-alpha', 'refs/heads/releases/beta/3-alpha']
  ])('%s: allowed-refs %p refuses GITHUB_REF=%p before any connection', async (phase, allowedRefs, ref) => {
    const { r, connections } = await runAgainstTrap({ phase, env: { ...GUARDED_ENV, GITHUB_REF: ref }, inputs: { 'allowed-refs': allowedRefs } })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain(ref === undefined ? "GITHUB_REF is not set, and 'allowed-refs' allows only" : `GITHUB_REF '${ref}' is not in 'allowed-refs'`)
    expect(error).toContain(allowedRefs)
    expect(connections).toBe(0)
  })

  test.each([
    ['main', "Input 'allowed-refs' has the entry 'main', which can never match GITHUB_REF", "'refs/heads/main'"],
    ['refs/heads/v[0-9.]+', "has '.' at position 17 inside '[]'", 'refs/heads/main'],
    ['!refs/heads/wip/**', 'lists only exclusions', 'refs/heads/release/**']
  ])('deploy: allowed-refs %p is refused as input before any connection, saying how to fix it', async (allowedRefs, problem, fix) => {
    const { r, connections } = await runAgainstTrap({ phase: 'deploy', env: { ...GUARDED_ENV, GITHUB_REF: 'refs/heads/main' }, inputs: { 'allowed-refs': allowedRefs } })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain(problem)
    expect(error).toContain(fix)
    expect(connections).toBe(0)
  })

  describe('no bypass', () => {
    const bypassInputs = { 'skip-guards': 'true', force: 'true', 'allow-pull-request': 'true', 'skip-safety-guards': 'true' }
    const bypassEnv = { SKIP_GUARDS: '1', SKIP_SAFETY_GUARDS: 'true', DB_DEPLOY_FORCE: 'true', DB_DEPLOY_SKIP_GUARDS: 'true', FORCE: 'true' }

    test.each(PHASES)('%s: bypass-looking inputs and variables leave a missing CI refused', async phase => {
      const { r, connections } = await runAgainstTrap({ phase, inputs: bypassInputs, env: { ...GUARDED_ENV, ...bypassEnv, CI: undefined } })
      expect(r.code).not.toBe(0)
      expect(errorOf(r)).toContain('CI is not set')
      expect(connections).toBe(0)
    })

    test.each(['backup', 'deploy'])('%s: bypass-looking inputs and variables leave a pull_request refused', async phase => {
      const { r, connections } = await runAgainstTrap({ phase, eventName: 'pull_request', inputs: bypassInputs, env: { ...GUARDED_ENV, ...bypassEnv } })
      expect(r.code).not.toBe(0)
      expect(errorOf(r)).toContain("refuses 'pull_request' events")
      expect(connections).toBe(0)
    })

    test('bypass-looking inputs and variables leave allowed-refs enforced', async () => {
      const { r, connections } = await runAgainstTrap({
        phase: 'verify',
        inputs: { ...bypassInputs, 'allowed-refs': 'refs/heads/main' },
        env: { ...GUARDED_ENV, ...bypassEnv, GITHUB_REF: 'refs/heads/other' }
      })
      expect(r.code).not.toBe(0)
      expect(errorOf(r)).toContain("GITHUB_REF 'refs/heads/other' is not in 'allowed-refs'")
      expect(connections).toBe(0)
    })
  })

  describe('with every guard passing, a mutating phase goes past the guards and never fakes a success', () => {
    test.each([
      ['backup', 'push', undefined],
      ['backup', 'workflow_dispatch', 'refs/heads/main'],
      ['deploy', 'push', undefined],
      ['deploy', 'workflow_dispatch', 'refs/heads/main']
    ])('%s on %s reaches the database URL and, with no server there, fails without outputs', async (phase, event, allowedRefs) => {
      const { r, error, connections } = await runAgainstTrap({
        phase,
        eventName: event,
        env: { ...GUARDED_ENV, GITHUB_REF: 'refs/heads/main' },
        inputs: allowedRefs ? { 'allowed-refs': allowedRefs } : {}
      })
      expect(r.code).not.toBe(0)
      expect(r.code).not.toBeNull()
      expect(error).toContain(`Could not connect to 127.0.0.1:`)
      expect(error).not.toMatch(/Safety guards refused/)
      expect(connections).toBeGreaterThan(0)
      expect(r.outputs).toEqual({})
    })
  })

  describe('phase', () => {
    test.each(['migrate', 'Verify', 'VERIFY', 'rollback', 'verify,deploy', 'all'])('an unknown phase %p fails listing the valid phases', async phase => {
      const { r, connections } = await runAgainstTrap({ phase })
      const error = errorOf(r)
      expect(r.code).not.toBe(0)
      expect(error).toContain(`Input 'phase' has an unknown value '${phase}'`)
      expect(error).toContain('verify, backup, rehearse, deploy')
      expect(connections).toBe(0)
    })

    test.each([
      ['empty', ''],
      ['blank', '   '],
      ['missing', undefined]
    ])('a %s phase fails listing the valid phases', async (_label, phase) => {
      const { r, error, connections } = await runAgainstTrap({ phase, env: { ...GUARDED_ENV, INPUT_PHASE: phase } })
      expect(r.code).not.toBe(0)
      expect(error).toContain("Input 'phase' is required")
      expect(error).toContain('verify, backup, rehearse, deploy')
      expect(connections).toBe(0)
    })
  })
})
