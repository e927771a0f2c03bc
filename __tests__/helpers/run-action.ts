import { spawn, type ChildProcessByStdio } from 'node:child_process'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { runnerEnv, parseOutputFile } from '../../test-support/runner-env.mjs'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DIST = path.join(PROJECT_ROOT, 'dist', 'index.js')
export const DIST_POST = path.join(PROJECT_ROOT, 'dist', 'post', 'index.js')

/**
 * How often the run parsed the database URL: the parse logs one debug line (postgres/target.ts),
 * and a run parses it once, whatever its phase.
 */
export function urlParses(r: { stdout: string }): number {
  return r.stdout.split('\n').filter(l => l.startsWith('::debug::Parsing the database URL')).length
}

/** The environment every guard accepts. Tests start from this and never inherit the caller's. */
export const GUARDED_ENV = { CI: 'true', NODE_ENV: 'production', GITHUB_ACTIONS: 'true' } as const

export interface RunOptions {
  /** Action inputs by their action.yml names (`database-url`, ...), passed as INPUT_* variables. */
  inputs: Record<string, string>
  /** Extra environment; replaces GUARDED_ENV values of the same name. `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  workspace?: string
  eventName?: string
  eventPayload?: unknown
  /** Milliseconds before the run is killed with SIGKILL (default 60 s). */
  timeoutMs?: number
  /** Shell commands bash runs before it execs node dist/index.js, e.g. `ulimit -f 256`. */
  shellPrefix?: string
  /**
   * A command that runs node in its place, e.g. `['strace', '-o', log, …]`, given the run's
   * environment (for the paths of GITHUB_STATE and the other runner files).
   */
  wrap?: (env: Record<string, string>) => string[]
}

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** What the step saved for its post step (core.saveState), by name. */
  state: Record<string, string>
  summary: string
  durationMs: number
}

export interface StartedAction {
  /** The spawned process, e.g. to signal it (with `shellPrefix`, bash execs node in its own place). */
  child: ChildProcessByStdio<null, Readable, Readable>
  /** Settles when the process has closed; the run's temporary files are gone by then. */
  result: Promise<RunResult>
}

/**
 * Starts the bundled dist/index.js as the runner does: INPUT_* variables and the GITHUB_* files.
 * The environment is built here from `o`; nothing else is inherited but PATH and HOME.
 */
export function startAction(o: RunOptions): StartedAction {
  const runner = runnerEnv({
    inputs: o.inputs,
    workspace: o.workspace,
    eventName: o.eventName,
    eventPayload: o.eventPayload,
    overrides: o.env
  })
  const { env } = runner
  const workspace = env.GITHUB_WORKSPACE
  const wrapper = o.wrap?.(env) ?? []
  const [file, args]: [string, string[]] = o.shellPrefix === undefined ? [process.execPath, [DIST]] : ['bash', ['-c', `${o.shellPrefix}; exec "$0" "$1"`, process.execPath, DIST]]
  if (wrapper.length > 0) args.unshift(file)
  const started = performance.now()
  const child = spawn(wrapper[0] ?? file, [...wrapper.slice(1), ...args], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000)
  const result = new Promise<RunResult>((resolve, reject) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      try {
        resolve({
          code,
          signal,
          stdout,
          stderr,
          outputs: runner.readOutputs(),
          state: runner.readState(),
          summary: runner.readSummary(),
          durationMs: performance.now() - started
        })
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)))
      } finally {
        runner.cleanup()
      }
    })
  )
  return { child, result }
}

/** Runs the bundled dist/index.js as the runner does, to the end. */
export function runAction(o: RunOptions): Promise<RunResult> {
  return startAction(o).result
}

export { parseOutputFile }

/**
 * Every form a secret could leak in: raw, URL-encoded (both encoders), JSON-quoted. The
 * `::add-mask::` lines that core.setSecret itself writes are the one allowed place (SPEC 7).
 */
export function findSecretLeaks(secret: string, texts: Record<string, string>): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), escape(secret), JSON.stringify(secret).slice(1, -1)])
  const leaks: string[] = []
  for (const [where, text] of Object.entries(texts)) {
    const lines = text.split('\n').filter(line => !line.startsWith('::add-mask::'))
    for (const line of lines) {
      for (const form of forms) {
        if (form && line.includes(form)) leaks.push(`${where}: ${line}`)
      }
    }
  }
  return leaks
}

/** The texts of a run that must never hold a secret. */
export function allTexts(r: RunResult): Record<string, string> {
  return { stdout: r.stdout, stderr: r.stderr, outputs: JSON.stringify(r.outputs), summary: r.summary }
}

/** The `::error::` message of a failed run, decoded from the workflow-command escaping. */
export function errorOf(r: RunResult): string {
  const line = r.stdout.split('\n').find(l => l.startsWith('::error::')) ?? ''
  return line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
}

/**
 * Runs the bundled post step (dist/post/index.js) as the runner does at the end of the job: with the
 * main step's inputs and what it saved as STATE_<name> variables.
 */
export function runPostStep(o: RunOptions & { state: Record<string, string> }): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...o.env }
  for (const [name, value] of Object.entries(o.state)) env[`STATE_${name}`] = value
  const runner = runnerEnv({ inputs: o.inputs, workspace: o.workspace, eventName: o.eventName, eventPayload: o.eventPayload, overrides: env })
  const started = performance.now()
  const child = spawn(process.execPath, [DIST_POST], { cwd: runner.env.GITHUB_WORKSPACE, env: runner.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  return new Promise<RunResult>((resolve, reject) =>
    child.on('close', (code, signal) => {
      try {
        resolve({ code, signal, stdout, stderr, outputs: runner.readOutputs(), state: runner.readState(), summary: runner.readSummary(), durationMs: performance.now() - started })
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)))
      } finally {
        runner.cleanup()
      }
    })
  )
}
