import * as core from '@actions/core'
import type { Inputs } from '../inputs.js'
import { safetyGuardsStep } from '../guards.js'
import { errorMessage } from '../errors.js'
import { stopAllChildren } from '../process/children.js'
import { writeSummary, logStep, type StepRecord, type SummaryContent } from '../summary.js'
import { info, warning, setOutput, setFailed } from '../log.js'
import { formatDuration } from '../format.js'
import { PHASE_TABLE, type Phase } from './table.js'

/**
 * The one lifecycle of every phase: the phase's log group, the safety guards first (a refusal
 * still writes the summary, and nothing else runs), timed steps with one log line each, cleanups that run on failure and on
 * cancellation, SIGINT/SIGTERM handling, the outputs and the job summary. A phase supplies only its
 * work and its words (a `PhaseDefinition`); its group and titles come from the phase table.
 */
export interface PhaseDefinition<R> {
  phase: Phase
  /**
   * What SIGINT/SIGTERM does to this phase:
   * - `stop`: the running tools are stopped now, the cleanups run, the summary says cancelled and
   *   the process exits (backup, rehearse, restore, verify: nothing they leave half done matters
   *   once their cleanups ran);
   * - `finish-step`: the running step is let finish or roll back on its own (a migration in a
   *   transaction), `run.signal` is aborted so the work stops before the next one and fails through
   *   its ordinary failure path; the process exits at the latest `FINISH_STEP_GRACE_MS` later (deploy).
   */
  cancellation: 'stop' | 'finish-step'
  /** Steps the phase plans to run, in order: those not reached are shown as skipped after a failure. */
  plannedSteps?: readonly string[]
  /**
   * The summary's outcome when the work failed; `failedStep` is the step that failed, if any, and
   * `afterward` what the work read back of the state it left (see `PhaseRun.afterward`).
   */
  failureOutcome(failedStep: string | undefined, afterward: string | undefined): string
  /** The message (log, summary and failure) when the run was cancelled by a signal (`stop` phases). */
  cancelOutcome(signal: NodeJS.Signals, afterward: string | undefined): string
  work(run: PhaseRun): Promise<PhaseSuccess<R>>
}

/** How long a `finish-step` phase may take to end after a signal before the process exits anyway. */
export const FINISH_STEP_GRACE_MS = 30_000

export interface PhaseRun {
  inputs: Inputs
  env: NodeJS.ProcessEnv
  steps: StepRecord[]
  /** Runs `fn` as a named, timed step: recorded for the summary and logged in one line. */
  step: <T>(name: string, fn: () => Promise<[T, string]>) => Promise<T>
  /** Registers a cleanup for failure and cancellation (run last-registered first); returns its removal. */
  onCleanup: (fn: () => Promise<void>) => () => void
  /** Whether a signal has cancelled the run. */
  cancelled: () => boolean
  /** Aborted by SIGINT/SIGTERM (its reason is the signal's name). */
  signal: AbortSignal
  /**
   * What the failure's summary shows besides the steps (verify's findings, deploy's runbook), set
   * by the work before it rethrows; `outcome` replaces the definition's failure outcome.
   */
  failure: { outcome?: string; lists?: SummaryContent['lists']; tables?: SummaryContent['tables'] }
  /**
   * One sentence, read back (never assumed), on the state a failure or cancellation leaves, set by
   * the work or its cleanups as they learn it (restore: which database holds the target's name).
   */
  afterward: string | undefined
}

export interface PhaseSuccess<R> {
  result: R
  /** The last word of the summary's title, e.g. `verified`. */
  verdict: string
  outcome: string
  outputs: Record<string, string>
  /** The one log line that closes the phase; by default `<phase> finished in <time>.` */
  finished?: (elapsed: string) => string
  lists?: SummaryContent['lists']
  tables?: SummaryContent['tables']
}

/** A phase's success without its result: what a part of a phase (the backup inside restore) reports. */
export type PhaseOutcome = Omit<PhaseSuccess<unknown>, 'result'>

export async function runPhase<R>(definition: PhaseDefinition<R>, inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Promise<R> {
  const entry = PHASE_TABLE[definition.phase]
  const title = (verdict: string): string => `${entry.title}: ${verdict}`
  const started = performance.now()
  core.startGroup(entry.group)
  const guards = safetyGuardsStep({ phase: definition.phase, allowedRefs: inputs.allowedRefs, env })
  logStep(guards.record)
  const steps: StepRecord[] = [guards.record]
  if (guards.status === 'failed') {
    core.endGroup()
    const outcome = 'The safety guards refused to run this phase; nothing was done.'
    await writeSummary({ title: title('refused'), outcome, steps: withSkipped(steps, definition.plannedSteps) }, env)
    throw guards.error
  }
  // Files the action and its children create are private to the runner user from the first byte.
  process.umask(0o077)

  const cleanups: (() => Promise<void>)[] = []
  const runCleanups = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) {
      await fn().catch(err => warning(`A cleanup after the ${definition.phase} phase failed: ${errorMessage(err)}`))
    }
  }
  const abort = new AbortController()
  const state = { cancelled: false, failing: false }
  // A `stop` phase after a signal: the handler stops the tools, runs the cleanups and ends the run.
  const stoppedBySignal = (): boolean => state.cancelled && definition.cancellation === 'stop'
  const run: PhaseRun = {
    inputs,
    env,
    steps,
    step: (name, fn) => {
      // After a signal a `stop` phase's cleanups are running or done: a step the work reaches then
      // (the running one ended on its own) is not begun; it is shown as not run.
      if (stoppedBySignal()) return Promise.reject(new Error(`${name}: not run: cancelled by ${String(abort.signal.reason)}`))
      return timedStep(steps, name, fn)
    },
    onCleanup(fn) {
      cleanups.push(fn)
      return () => {
        const at = cleanups.indexOf(fn)
        if (at >= 0) cleanups.splice(at, 1)
      }
    },
    cancelled: () => state.cancelled,
    signal: abort.signal,
    failure: {},
    afterward: undefined
  }
  const stopListening = listenForCancellation({ definition, run, abort, state, runCleanups, title })

  let success: PhaseSuccess<R>
  try {
    success = await definition.work(run)
  } catch (err) {
    // A `stop` phase's signal handler ends the process: nothing more happens here.
    if (stoppedBySignal()) return new Promise<never>(() => {})
    // From here the failure's own path ends the run: a signal now lets its cleanups and summary finish.
    state.failing = true
    await runCleanups()
    core.endGroup()
    const failedStep = steps.find(s => s.status === 'failed')?.name
    interruptRunning(steps, 'did not finish: the phase failed in another step')
    await writeSummary(
      {
        title: title('failed'),
        outcome: run.failure.outcome ?? definition.failureOutcome(failedStep, run.afterward),
        steps: withSkipped(steps, definition.plannedSteps),
        lists: run.failure.lists,
        tables: run.failure.tables
      },
      env
    )
    throw err
  } finally {
    if (!state.cancelled) stopListening()
  }
  // Work that ended on its own after a signal: the signal's handler is already stopping the tools and
  // running the cleanups, and it ends the run as cancelled; no outputs, no success summary.
  if (stoppedBySignal()) return new Promise<never>(() => {})
  core.endGroup()
  for (const [name, value] of Object.entries(success.outputs)) setOutput(name, value)
  const elapsed = formatDuration(performance.now() - started)
  info(success.finished ? success.finished(elapsed) : `${definition.phase} finished in ${elapsed}.`)
  await writeSummary({ title: title(success.verdict), outcome: success.outcome, steps, lists: success.lists, tables: success.tables, outputs: success.outputs }, env)
  return success.result
}

/**
 * SIGINT and SIGTERM while a phase runs: the phase's work is aborted, and then either the running
 * step is left to finish (`finish-step`: rolled back or recorded, with a grace period before the
 * process exits) or everything stops now (`stop`: children stopped, cleanups run, the cancelled
 * summary written). Returns the function that stops listening.
 */
function listenForCancellation<R>(phase: {
  definition: PhaseDefinition<R>
  run: PhaseRun
  abort: AbortController
  state: { cancelled: boolean; failing: boolean }
  runCleanups: () => Promise<void>
  title: (verdict: string) => string
}): () => void {
  const { definition, run, abort, state, runCleanups, title } = phase
  const onSignal = (signal: NodeJS.Signals): void => {
    if (state.cancelled) return
    state.cancelled = true
    abort.abort(signal)
    const exitCode = signal === 'SIGINT' ? 130 : 143
    if (state.failing && definition.cancellation === 'stop') {
      // The run already failed and its cleanups are running: exiting now would cut them short (a
      // server or a folder left behind). They and the failure's summary finish, with the same grace.
      info(`Received ${signal}: the phase already failed; stopping once its cleanups have run.`)
      setTimeout(() => process.exit(exitCode), FINISH_STEP_GRACE_MS).unref()
      return
    }
    if (definition.cancellation === 'finish-step') {
      info(`Received ${signal}: stopping after the running step is rolled back or recorded.`)
      void stopAllChildren()
      setTimeout(() => process.exit(exitCode), FINISH_STEP_GRACE_MS).unref()
      return
    }
    // What is running now is stopped by the signal: shown as interrupted, not as failed by what stopping it causes.
    interruptRunning(run.steps, `stopped by ${signal} before it finished`)
    void (async () => {
      try {
        info(`Received ${signal}: stopping.`)
        await stopAllChildren()
        await runCleanups()
        core.endGroup()
        const message = definition.cancelOutcome(signal, run.afterward)
        await writeSummary({ title: title('cancelled'), outcome: message, steps: withSkipped(run.steps, definition.plannedSteps, `not run: cancelled by ${signal}`) }, run.env)
        setFailed(message)
      } finally {
        process.exit(exitCode)
      }
    })()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

async function timedStep<T>(steps: StepRecord[], name: string, fn: () => Promise<[T, string]>): Promise<T> {
  const t0 = performance.now()
  const record: StepRecord = { name, status: 'running', durationMs: 0, detail: '', startedAt: t0 }
  steps.push(record)
  try {
    const [value, detail] = await fn()
    if (record.status !== 'running') return value // already shown as interrupted
    record.status = 'passed'
    record.detail = detail
    return value
  } catch (err) {
    if (record.status === 'running') {
      record.status = 'failed'
      record.detail = errorMessage(err)
    }
    throw err
  } finally {
    if (record.status !== 'interrupted') {
      record.durationMs = performance.now() - t0
      logStep(record)
    }
  }
}

/** Steps still running when the run ends (a signal, or a failure elsewhere) are shown as interrupted, with the time they ran. */
function interruptRunning(steps: StepRecord[], detail: string): void {
  for (const step of steps.filter(s => s.status === 'running')) {
    step.status = 'interrupted'
    step.durationMs = performance.now() - (step.startedAt ?? performance.now())
    step.detail = detail
    logStep(step)
  }
}

/** The steps that ran, then the planned ones that did not, as skipped. */
function withSkipped(steps: StepRecord[], planned: readonly string[] | undefined, why = 'not run: an earlier step failed'): StepRecord[] {
  const ran = new Set(steps.map(s => s.name))
  const skipped = (planned ?? []).filter(name => !ran.has(name))
  return [...steps, ...skipped.map(name => ({ name, status: 'skipped' as const, durationMs: 0, detail: why }))]
}
