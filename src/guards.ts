import { ActionError } from './errors.js'
import { compileRefPattern, refAllowed, RefPatternError, type RefPattern } from './ref-patterns.js'
import type { StepRecord } from './summary.js'
import { PHASE_TABLE, ALLOWED_EVENTS_FOR_WRITING_PHASES, ALLOWED_EVENTS_FOR_RESTORE, type PhaseEntry } from './phases/table.js'

/**
 * The safety guards. Every phase runs them first (phases/lifecycle.ts), before any connection:
 * default deny, exact values, and no input, variable or flag that turns a guard off.
 */

/** Each variable must hold exactly this value; missing or anything else (`1`, `TRUE`, ...) refuses. */
export const REQUIRED_ENVIRONMENT: ReadonlyArray<readonly [string, string]> = [
  ['CI', 'true'],
  ['NODE_ENV', 'production'],
  ['GITHUB_ACTIONS', 'true']
]

export { ALLOWED_EVENTS_FOR_WRITING_PHASES, ALLOWED_EVENTS_FOR_RESTORE }

/**
 * The events a phase may run on, from the phase table; `undefined` for verify, which only reads and
 * runs on any event (its guards are the environment ones). A phase the table does not know is
 * treated as one that writes.
 */
export function allowedEvents(phase: string): readonly string[] | undefined {
  const events = (PHASE_TABLE as Record<string, PhaseEntry | undefined>)[phase]?.events ?? ALLOWED_EVENTS_FOR_WRITING_PHASES
  return events === 'any' ? undefined : events
}

export interface GuardOptions {
  /** The phase name: `verify`, `backup`, `rehearse`, `deploy` or `restore`. */
  phase: string
  allowedRefs: readonly string[]
  env?: NodeJS.ProcessEnv
}

/** Returns a one-line description of what passed; throws an ActionError listing every refusal. */
export function enforceGuards({ phase, allowedRefs, env = process.env }: GuardOptions): string {
  const refusals: string[] = []

  for (const [name, expected] of REQUIRED_ENVIRONMENT) {
    const actual = env[name]
    if (actual === undefined) {
      refusals.push(`${name} is not set; it must be exactly '${expected}'.`)
    } else if (actual !== expected) {
      refusals.push(`${name} is '${printable(actual)}'; it must be exactly '${expected}'.`)
    }
  }

  const allowed = allowedEvents(phase)
  if (allowed !== undefined) {
    const event = env.GITHUB_EVENT_NAME
    const list = allowed.join(', ')
    if (event === undefined || event === '') {
      refusals.push(`GITHUB_EVENT_NAME is not set; the ${phase} phase runs only on these events: ${list}.`)
    } else if (!allowed.includes(event)) {
      refusals.push(
        phase === 'restore'
          ? `the ${phase} phase refuses '${printable(event)}' events: it runs only on workflow_dispatch, a person's explicit decision.`
          : `the ${phase} phase refuses '${printable(event)}' events: it runs only on events whose code is the repository's own (${list}); pull requests, reviews, merge queues, comments and any other event never back up or change the production database.`
      )
    }
  }

  const ref = env.GITHUB_REF
  if (allowedRefs.length > 0) {
    const patterns: RefPattern[] = []
    for (const text of allowedRefs) {
      try {
        patterns.push(compileRefPattern(text))
      } catch (err) {
        if (!(err instanceof RefPatternError)) throw err
        refusals.push(`'allowed-refs' entry ${err.message}`)
      }
    }
    if (!ref) {
      refusals.push(`GITHUB_REF is not set, and 'allowed-refs' allows only: ${allowedRefs.join(', ')}.`)
    } else if (patterns.length === allowedRefs.length) {
      const { allowed, by } = refAllowed(patterns, ref)
      if (!allowed) refusals.push(`GITHUB_REF '${ref}' is not in 'allowed-refs' (${allowedRefs.join(', ')})${by ? `: '${by.text}', the last entry that matches it, excludes it` : ''}.`)
    }
  }

  if (refusals.length > 0) {
    throw new ActionError(
      `Safety guards refused to run the ${phase} phase:\n${refusals.map(r => `  - ${r}`).join('\n')}`,
      'These guards cannot be turned off. Run the action from a GitHub Actions job whose environment sets CI=true, GITHUB_ACTIONS=true and NODE_ENV=production (e.g. `env: NODE_ENV: production` on the job), on an allowed ref.'
    )
  }
  const parts = REQUIRED_ENVIRONMENT.map(([name, value]) => `${name}=${value}`)
  if (allowed !== undefined) parts.push(`event ${env.GITHUB_EVENT_NAME}`)
  if (allowedRefs.length > 0) parts.push(`ref ${ref} allowed`)
  return parts.join(', ')
}

/**
 * Whether one `allowed-refs` pattern matches `ref`, with GitHub's branch and tag filter rules
 * (ref-patterns.ts); a `!` pattern matches the refs it excludes.
 */
export function refMatches(pattern: string, ref: string): boolean {
  return compileRefPattern(pattern).regex.test(ref)
}

/** At most 40 characters, with control characters shown as JSON escapes so a value is one line. */
function printable(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 40)}…` : value
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(short) ? JSON.stringify(short).slice(1, -1) : short
}

/**
 * verify-safety-guards: the guards as the first step of every phase (phases/lifecycle.ts runs it
 * before anything else), timed for the summary.
 */
export function safetyGuardsStep(o: GuardOptions & { env: NodeJS.ProcessEnv }): { status: 'passed'; record: StepRecord } | { status: 'failed'; record: StepRecord; error: unknown } {
  const t0 = performance.now()
  try {
    const detail = enforceGuards(o)
    return { status: 'passed', record: { name: 'safety-guards', status: 'passed', durationMs: performance.now() - t0, detail } }
  } catch (error) {
    const record: StepRecord = { name: 'safety-guards', status: 'failed', durationMs: performance.now() - t0, detail: (error as Error).message }
    return { status: 'failed', record, error }
  }
}
