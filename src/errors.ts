/**
 * An expected failure: the message says what failed, `fix` says what to do next. It travels up to
 * main.ts, which fails the step with it (`setFailed`, log.ts); on the way the phase's lifecycle
 * writes the failure summary, and a caller may catch it to add what it knows and throw it again
 * (restore adds what pg_database shows after a failed swap; see `withoutFix`).
 */
export class ActionError extends Error {
  readonly fix: string | undefined
  /** What failed, without the fix (the message is both, on two lines). */
  readonly problem: string

  constructor(message: string, fix?: string) {
    super(fix ? `${message}\n${fix}` : message)
    this.name = 'ActionError'
    this.fix = fix
    this.problem = message
  }
}

/** An input that is missing or malformed: names the input and how to correct it. */
export class InputError extends ActionError {
  constructor(input: string, problem: string, fix: string) {
    super(`Input '${input}' ${problem}`, fix)
    this.name = 'InputError'
  }
}

/** What failed, without the fix an ActionError carries: for a caller that gives its own fix. */
export function withoutFix(err: unknown): string {
  return err instanceof ActionError ? err.problem : errorMessage(err)
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
