import { afterAll, afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { runPhase, FINISH_STEP_GRACE_MS, type PhaseDefinition, type PhaseRun } from '../../src/phases/lifecycle.js'
import { PHASE_TABLE, PHASES } from '../../src/phases/table.js'
import { PHASE_LOADERS } from '../../src/phases/index.js'
import { actionInputs } from '../helpers/inputs.js'
import { PROJECT_ROOT } from '../helpers/run-action.js'

/**
 * The lifecycle every phase runs through, driven in-process with a phase definition of the test's
 * own: the order of group, guards, steps, outputs and summary; cleanups on failure; both kinds of
 * cancellation (process.exit is intercepted, the signal is emitted on the process).
 */

const GUARDED = { CI: 'true', NODE_ENV: 'production', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push' }

let dir: string
let written: string[]
let env: NodeJS.ProcessEnv
const saved = { GITHUB_OUTPUT: process.env.GITHUB_OUTPUT, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY }

// @actions/core writes the summary and the outputs to the files the process environment names,
// and keeps the summary's path once it has written: one summary file for the whole file, emptied per test.
const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-summary-')), 'summary.md')
afterAll(() => fs.rmSync(path.dirname(summaryFile), { recursive: true, force: true }))

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-'))
  env = { ...GUARDED, GITHUB_STEP_SUMMARY: summaryFile }
  fs.writeFileSync(summaryFile, '')
  process.env.GITHUB_STEP_SUMMARY = summaryFile
  process.env.GITHUB_OUTPUT = path.join(dir, 'output')
  fs.writeFileSync(process.env.GITHUB_OUTPUT, '')
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  process.exitCode = undefined // core.setFailed (a cancelled run) sets it
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  fs.rmSync(dir, { recursive: true, force: true })
})

const summary = (): string => fs.readFileSync(env.GITHUB_STEP_SUMMARY as string, 'utf8')
const log = (): string[] =>
  written
    .join('')
    .split('\n')
    .filter(l => l !== '')

function definition(o: Partial<PhaseDefinition<string>> & Pick<PhaseDefinition<string>, 'work'>): PhaseDefinition<string> {
  return {
    phase: 'backup',
    cancellation: 'stop',
    failureOutcome: failed => `failed at ${failed ?? 'nothing'}`,
    cancelOutcome: (signal, afterward) => `cancelled by ${signal}; ${afterward ?? 'nothing read back'}`,
    ...o
  }
}

describe('runPhase', () => {
  test('group, guards, timed steps, group end, outputs, the closing line and the summary, in that order', async () => {
    const result = await runPhase(
      definition({
        async work(run) {
          expect(log()).toContain(`::group::${PHASE_TABLE.backup.group}`)
          await run.step('first', () => Promise.resolve([1, 'one done']))
          await run.step('second', () => Promise.resolve([2, 'two done']))
          return { result: 'the result', verdict: 'verified', outcome: 'all good', outputs: { 'backup-size': '42' } }
        }
      }),
      await actionInputs(dir, { phase: 'backup' }),
      env
    )
    expect(result).toBe('the result')
    const lines = log()
    const at = (re: RegExp): number => lines.findIndex(l => re.test(l))
    const order = [
      at(/^::group::\[STEP 2\/3\] Creating production database backup$/),
      at(/^✓ safety-guards: CI=true, NODE_ENV=production, GITHUB_ACTIONS=true, event push/),
      at(/^✓ first: one done/),
      at(/^✓ second: two done/),
      at(/^::endgroup::$/),
      at(/^backup finished in /)
    ]
    expect(order.every(i => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(fs.readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8')).toMatch(/^backup-size<<.*\n42\n/)
    const s = summary()
    expect(s).toContain(`${PHASE_TABLE.backup.title}: verified`)
    expect(s).toContain('all good')
    expect(s.indexOf('<code>safety-guards</code>')).toBeLessThan(s.indexOf('<code>first</code>'))
    expect(s.indexOf('<code>first</code>')).toBeLessThan(s.indexOf('<code>second</code>'))
  })

  test('a guard refusal: the work never runs, the summary says refused and lists the planned steps as skipped', async () => {
    const work = jest.fn((): Promise<never> => Promise.reject(new Error('must not run')))
    await expect(runPhase(definition({ plannedSteps: ['first', 'second'], work }), await actionInputs(dir, { phase: 'backup' }), { ...env, GITHUB_EVENT_NAME: 'pull_request' })).rejects.toThrow(
      /the backup phase refuses 'pull_request' events/
    )
    expect(work).not.toHaveBeenCalled()
    const s = summary()
    expect(s).toContain(`${PHASE_TABLE.backup.title}: refused`)
    expect(s).toMatch(/<code>safety-guards<\/code><\/td><td>❌ failed/)
    expect(s).toMatch(/<code>first<\/code><\/td><td>⏭️ skipped/)
    expect(s).toMatch(/<code>second<\/code><\/td><td>⏭️ skipped/)
    expect(log()).toContain('::endgroup::')
  })

  test('a failed step: cleanups run last-registered first, the summary shows the failed and skipped steps and what the work added, the error is rethrown', async () => {
    const order: string[] = []
    const failure = new Error('the second step broke')
    await expect(
      runPhase(
        definition({
          plannedSteps: ['first', 'second', 'third'],
          async work(run) {
            run.onCleanup(() => Promise.resolve(void order.push('cleanup A')))
            const removeB = run.onCleanup(() => Promise.resolve(void order.push('cleanup B (removed)')))
            run.onCleanup(() => Promise.resolve(void order.push('cleanup C')))
            removeB()
            await run.step('first', () => Promise.resolve([undefined, 'ok']))
            try {
              await run.step('second', () => Promise.reject(failure))
            } catch (err) {
              run.failure.lists = [{ heading: 'What the work read back', items: ['an item'], empty: '' }]
              throw err
            }
            throw new Error('unreachable')
          }
        }),
        await actionInputs(dir, { phase: 'backup' }),
        env
      )
    ).rejects.toBe(failure)
    expect(order).toEqual(['cleanup C', 'cleanup A'])
    const s = summary()
    expect(s).toContain(`${PHASE_TABLE.backup.title}: failed`)
    expect(s).toContain('failed at second')
    expect(s).toMatch(/<code>second<\/code><\/td><td>❌ failed/)
    expect(s).toMatch(/<code>third<\/code><\/td><td>⏭️ skipped/)
    expect(s).toContain('What the work read back')
    expect(log().some(l => /^✗ second: FAILED \(\d+ ms\)$/.test(l))).toBe(true)
  })

  test("'stop' cancellation: the cleanups run, the summary says cancelled with what was read back, the process exits 143", async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    const cleaned: string[] = []
    let release: () => void = () => {}
    const started = new Promise<void>(resolve => {
      release = resolve
    })
    const running = runPhase(
      definition({
        plannedSteps: ['first', 'waits', 'after'],
        async work(run: PhaseRun) {
          run.onCleanup(() => {
            cleaned.push('cleanup')
            run.afterward = 'the state was read back'
            return Promise.resolve()
          })
          await run.step('first', () => Promise.resolve([undefined, 'ok']))
          release()
          return run.step('waits', () => new Promise<never>(() => {}))
        }
      }),
      await actionInputs(dir, { phase: 'backup' }),
      env
    )
    void running.catch(() => {})
    await started
    process.emit('SIGTERM', 'SIGTERM')
    for (let i = 0; i < 100 && exit.mock.calls.length === 0; i++) await new Promise(r => setTimeout(r, 20))
    expect(exit).toHaveBeenCalledWith(143)
    expect(cleaned).toEqual(['cleanup'])
    expect(summary()).toContain(`${PHASE_TABLE.backup.title}: cancelled`)
    expect(summary()).toContain('cancelled by SIGTERM; the state was read back')
    // The step the signal stopped is interrupted, not failed; the one before it passed.
    expect(summary()).toMatch(/<code>waits<\/code><\/td><td>⏹️ interrupted<\/td><td>\d+ ms<\/td><td>stopped by SIGTERM before it finished/)
    expect(summary()).toMatch(/<code>first<\/code><\/td><td>✅ passed/)
    expect(summary()).toMatch(/<code>after<\/code><\/td><td>⏭️ skipped<\/td><td>—<\/td><td>not run: cancelled by SIGTERM/)
    expect(summary()).not.toContain('❌ failed')
    expect(log().some(l => /^✗ waits: INTERRUPTED \(\d+ ms\)$/.test(l))).toBe(true)
    expect(log().some(l => l.startsWith('::error::cancelled by SIGTERM'))).toBe(true)
    expect(process.listenerCount('SIGTERM')).toBeGreaterThan(0)
    process.removeAllListeners('SIGTERM')
    process.removeAllListeners('SIGINT')
  })

  test("'finish-step' cancellation: the running step is let finish, the work sees the signal and fails through its failure path", async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    // The grace timer that ends the process FINISH_STEP_GRACE_MS after the signal: seen, then cleared here.
    const realSetTimeout = global.setTimeout
    const graceTimers: NodeJS.Timeout[] = []
    jest.spyOn(global, 'setTimeout').mockImplementation((fn: () => void, ms?: number) => {
      const t = realSetTimeout(fn, ms)
      if (ms === FINISH_STEP_GRACE_MS) graceTimers.push(t)
      return t
    })
    const before = process.listenerCount('SIGTERM')
    let release: () => void = () => {}
    const started = new Promise<void>(resolve => {
      release = resolve
    })
    const seen: string[] = []
    const running = runPhase(
      definition({
        phase: 'deploy',
        cancellation: 'finish-step',
        async work(run) {
          await run.step('migrate', async () => {
            release()
            await new Promise(r => setTimeout(r, 100))
            seen.push(`step finished, signal ${String(run.signal.reason)}`)
            return [undefined, 'one applied']
          })
          if (run.signal.aborted) throw new Error(`cancelled (${String(run.signal.reason)})`)
          return { result: 'x', verdict: 'done', outcome: 'done', outputs: {} }
        }
      }),
      await actionInputs(dir, { phase: 'deploy' }),
      env
    )
    await started
    process.emit('SIGTERM', 'SIGTERM')
    await expect(running).rejects.toThrow('cancelled (SIGTERM)')
    expect(seen).toEqual(['step finished, signal SIGTERM'])
    expect(exit).not.toHaveBeenCalled()
    expect(summary()).toContain(`${PHASE_TABLE.deploy.title}: failed`)
    expect(summary()).toMatch(/<code>migrate<\/code><\/td><td>✅ passed/)
    expect(process.listenerCount('SIGTERM')).toBe(before + 1) // the cancelled run's handler stays until the process ends
    expect(graceTimers).toHaveLength(1)
    for (const t of graceTimers) clearTimeout(t)
    process.removeAllListeners('SIGTERM')
    process.removeAllListeners('SIGINT')
  })

  test('after a run that was not cancelled, no signal handler is left behind', async () => {
    const before = process.listenerCount('SIGTERM')
    await runPhase(definition({ work: () => Promise.resolve({ result: '', verdict: 'v', outcome: 'o', outputs: {} }) }), await actionInputs(dir, { phase: 'backup' }), env)
    await expect(
      runPhase(
        definition({
          work: () => Promise.reject(new Error('x'))
        }),
        await actionInputs(dir, { phase: 'backup' }),
        env
      )
    ).rejects.toThrow('x')
    expect(process.listenerCount('SIGTERM')).toBe(before)
  })
})

describe('the phase table', () => {
  test("is the action.yml 'phase' input's description, phase by phase, in order", () => {
    const action = parseYaml(fs.readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> }
    const described = PHASES.map(p => `\`${p}\` (${PHASE_TABLE[p].description})`)
    const expected = `Which phase to run: ${described.slice(0, -1).join(', ')} or ${described.at(-1)}. Run them in that order.`
    expect(action.inputs.phase?.description).toBe(expected)
  })

  test('every phase has a loader that yields its own definition', async () => {
    expect(Object.keys(PHASE_LOADERS).sort()).toEqual([...PHASES].sort())
    for (const phase of PHASES) expect((await PHASE_LOADERS[phase]()).phase).toBe(phase)
  })
})

describe("runPhase: signals at the edges of a 'stop' phase", () => {
  const waitForExit = async (exit: { mock: { calls: unknown[] } }): Promise<void> => {
    for (let i = 0; i < 100 && exit.mock.calls.length === 0; i++) await new Promise(r => setTimeout(r, 20))
  }
  afterEach(() => {
    process.removeAllListeners('SIGTERM')
    process.removeAllListeners('SIGINT')
  })

  test('a step the work begins after the signal (the running one ended on its own) does not run: shown as not run, never as running or failed', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    let inStep: () => void = () => {}
    const stepStarted = new Promise<void>(resolve => {
      inStep = resolve
    })
    let finishStep: () => void = () => {}
    const stepMayEnd = new Promise<void>(resolve => {
      finishStep = resolve
    })
    const ranAfter = jest.fn((): Promise<[undefined, string]> => new Promise<never>(() => {}))
    const running = runPhase(
      definition({
        plannedSteps: ['in-process', 'next', 'last'],
        async work(run) {
          // A step the signal cannot stop (work in this process): it ends on its own after the signal.
          await run.step('in-process', async () => {
            inStep()
            await stepMayEnd
            return [undefined, 'done']
          })
          await run.step('next', ranAfter)
          return { result: 'x', verdict: 'v', outcome: 'o', outputs: {} }
        }
      }),
      await actionInputs(dir, { phase: 'backup' }),
      env
    )
    void running.catch(() => {})
    await stepStarted
    process.emit('SIGINT', 'SIGINT')
    finishStep()
    await waitForExit(exit)
    expect(exit).toHaveBeenCalledWith(130)
    expect(ranAfter).not.toHaveBeenCalled()
    const s = summary()
    expect(s).toContain(`${PHASE_TABLE.backup.title}: cancelled`)
    expect(s).toMatch(/<code>in-process<\/code><\/td><td>⏹️ interrupted<\/td><td>\d+ ms<\/td><td>stopped by SIGINT before it finished/)
    expect(s).toMatch(/<code>next<\/code><\/td><td>⏭️ skipped<\/td><td>—<\/td><td>not run: cancelled by SIGINT/)
    expect(s).not.toContain('⏳ running')
    expect(s).not.toContain('❌ failed')
    expect(log().filter(l => /^[✓✗] /.test(l))).toEqual([expect.stringMatching(/^✓ safety-guards: /), expect.stringMatching(/^✗ in-process: INTERRUPTED \(\d+ ms\)$/)])
  })

  test('work that ends on its own after the signal: no outputs, no success summary or closing line; the run ends cancelled', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    let inStep: () => void = () => {}
    const stepStarted = new Promise<void>(resolve => {
      inStep = resolve
    })
    let finishStep: () => void = () => {}
    const stepMayEnd = new Promise<void>(resolve => {
      finishStep = resolve
    })
    const running = runPhase(
      definition({
        async work(run) {
          await run.step('last', async () => {
            inStep()
            await stepMayEnd
            return [undefined, 'done']
          })
          return { result: 'x', verdict: 'done', outcome: 'all done', outputs: { 'backup-path': '/somewhere/backup.dump' } }
        }
      }),
      await actionInputs(dir, { phase: 'backup' }),
      env
    )
    void running.catch(() => {})
    await stepStarted
    process.emit('SIGTERM', 'SIGTERM')
    finishStep()
    await waitForExit(exit)
    expect(exit).toHaveBeenCalledWith(143)
    const s = summary()
    expect(s).toContain(`${PHASE_TABLE.backup.title}: cancelled`)
    expect(s).not.toContain(`${PHASE_TABLE.backup.title}: done`)
    expect(s).not.toContain('all done')
    expect(fs.readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8')).toBe('')
    expect(log().some(l => l.startsWith('backup finished in'))).toBe(false)
  })

  test("a signal while a failed run's cleanups run: the process does not end before they finish, and the summary says what failed", async () => {
    const events: string[] = []
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => void events.push(`exit ${code}`)) as never)
    const realSetTimeout = global.setTimeout
    const graceTimers: NodeJS.Timeout[] = []
    jest.spyOn(global, 'setTimeout').mockImplementation((fn: () => void, ms?: number) => {
      const t = realSetTimeout(fn, ms)
      if (ms === FINISH_STEP_GRACE_MS) graceTimers.push(t)
      return t
    })
    let inCleanup: () => void = () => {}
    const cleanupStarted = new Promise<void>(resolve => {
      inCleanup = resolve
    })
    const failure = new Error('the dump broke')
    const running = runPhase(
      definition({
        plannedSteps: ['dump', 'check'],
        async work(run) {
          run.onCleanup(async () => {
            inCleanup()
            await new Promise(r => setTimeout(r, 300))
            events.push('partial files removed')
          })
          await run.step('dump', () => Promise.reject(failure))
          return { result: 'x', verdict: 'v', outcome: 'o', outputs: {} }
        }
      }),
      await actionInputs(dir, { phase: 'backup' }),
      env
    )
    void running.catch(() => {})
    await cleanupStarted
    process.emit('SIGTERM', 'SIGTERM')
    await expect(running).rejects.toBe(failure)
    expect(events[0]).toBe('partial files removed')
    const s = summary()
    expect(s).toContain(`${PHASE_TABLE.backup.title}: failed`)
    expect(s).not.toContain(`${PHASE_TABLE.backup.title}: cancelled`)
    expect(s).toMatch(/<code>dump<\/code><\/td><td>❌ failed/)
    expect(log()).toContain('Received SIGTERM: the phase already failed; stopping once its cleanups have run.')
    // The process still ends at the latest after the grace period, with the signal's code.
    expect(graceTimers).toHaveLength(1)
    for (const t of graceTimers) clearTimeout(t)
    expect(exit.mock.calls.every(([code]) => code === 143)).toBe(true)
  })
})
