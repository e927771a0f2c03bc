import * as core from '@actions/core'
import type { Inputs } from '../inputs.js'
import { enforceGuardsStep } from '../guards.js'
import { errorMessage } from '../errors.js'
import { stopAllChildren } from '../process/children.js'
import { writeSummary, logStep, type StepRecord, type SummaryContent } from '../summary.js'
import { info, warning, formatDuration, setOutput, setFailed } from '../log.js'

/**
 * The lifecycle every phase that works on files and child processes shares (backup, rehearse,
 * restore): the guards first (a refusal still writes the summary), the phase's log group, timed
 * steps with one log line each, cleanups that run on failure and on cancellation, SIGINT/SIGTERM
 * handling (children stopped, cleanups run, a summary written, a failing exit), the outputs and
 * the job summary. A phase supplies only its work and its words.
 */
export interface PhaseSpec {
  phase: Inputs['phase']
  /** The log group's title (SPEC 1). */
  group: string
  /** The summary's outcome when the work failed; `failedStep` is the step that failed, if any. */
  failureOutcome: (failedStep: string | undefined) => string
  /** The message (log, summary and failure) when the run was cancelled by a signal. */
  cancelOutcome: (signal: NodeJS.Signals) => string
}

export interface PhaseRun {
  inputs: Inputs
  env: NodeJS.ProcessEnv
  steps: StepRecord[]
  /** Runs `fn` as a named, timed step: recorded for the summary and logged in one line. */
  step<T>(name: string, fn: () => Promise<[T, string]>): Promise<T>
  /** Registers a cleanup for failure and cancellation (run last-registered first); returns its removal. */
  onCleanup(fn: () => Promise<void>): () => void
  /** Whether a signal has cancelled the run (its cleanups are running or have run). */
  cancelled(): boolean
}

export interface PhaseSuccess {
  /** The last word of the summary's title, e.g. `verified`. */
  verdict: string
  outcome: string
  outputs: Record<string, string>
  lists?: SummaryContent['lists']
}

export async function runPhase(spec: PhaseSpec, inputs: Inputs, env: NodeJS.ProcessEnv, work: (run: PhaseRun) => Promise<PhaseSuccess>): Promise<PhaseSuccess> {
  const steps: StepRecord[] = [await enforceGuardsStep({ phase: spec.phase, allowedRefs: inputs.allowedRefs, env })]
  const started = performance.now()
  // Files the action and its children create are private to the runner user from the first byte.
  process.umask(0o077)
  const cleanups: (() => Promise<void>)[] = []
  const runCleanups = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) {
      await fn().catch(err => warning(`A cleanup after the ${spec.phase} phase failed: ${errorMessage(err)}`))
    }
  }
  const run: PhaseRun = {
    inputs,
    env,
    steps,
    async step<T>(name: string, fn: () => Promise<[T, string]>): Promise<T> {
      const record: StepRecord = { name, status: 'failed', durationMs: 0, detail: '' }
      steps.push(record)
      const t0 = performance.now()
      try {
        const [value, detail] = await fn()
        record.status = 'passed'
        record.detail = detail
        return value
      } catch (err) {
        record.detail = errorMessage(err)
        throw err
      } finally {
        record.durationMs = performance.now() - t0
        logStep(record)
      }
    },
    onCleanup(fn) {
      cleanups.push(fn)
      return () => {
        const at = cleanups.indexOf(fn)
        if (at >= 0) cleanups.splice(at, 1)
      }
    },
    cancelled: () => cancelled
  }

  let cancelled = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cancelled) return
    cancelled = true
    void (async () => {
      try {
        info(`Received ${signal}: stopping.`)
        await stopAllChildren()
        await runCleanups()
        core.endGroup()
        const message = spec.cancelOutcome(signal)
        await writeSummary({ title: `Database deployment — ${spec.phase}: cancelled`, outcome: message, steps }, env)
        setFailed(message)
      } finally {
        process.exit(signal === 'SIGINT' ? 130 : 143)
      }
    })()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  core.startGroup(spec.group)
  let result: PhaseSuccess
  try {
    result = await work(run)
  } catch (err) {
    if (cancelled) return new Promise<never>(() => {}) // the signal handler ends the process
    await runCleanups()
    core.endGroup()
    await writeSummary({ title: `Database deployment — ${spec.phase}: failed`, outcome: spec.failureOutcome(steps.find(s => s.status === 'failed')?.name), steps }, env)
    throw err
  } finally {
    if (!cancelled) {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
  core.endGroup()
  for (const [name, value] of Object.entries(result.outputs)) setOutput(name, value)
  info(`${spec.phase} finished in ${formatDuration(performance.now() - started)}.`)
  await writeSummary({ title: `Database deployment — ${spec.phase}: ${result.verdict}`, outcome: result.outcome, steps, lists: result.lists, outputs: result.outputs }, env)
  return result
}
