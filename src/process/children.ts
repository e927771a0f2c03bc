import { spawn, type ChildProcess } from 'node:child_process'
import * as exec from '@actions/exec'
import * as io from '@actions/io'

/**
 * Child processes the action runs (pg_dump, pg_restore, ...): always an argument list, never a
 * shell. Each is tracked so that cancellation (SIGINT/SIGTERM from the runner) can stop them all
 * before the partial files they write are removed.
 */
const running = new Set<ChildProcess>()

export interface ChildResult {
  code: number | null
  signal: NodeJS.Signals | null
  /** The last lines the child wrote to stderr (scrub before printing). */
  stderrTail: string[]
  /** Its whole stdout, when `captureStdout` was set (for small outputs such as a TOC listing). */
  stdout: string
}

export interface RunChildOptions {
  env: NodeJS.ProcessEnv
  cwd?: string
  /** Called with each complete stderr line. */
  onStderrLine?: (line: string) => void
  /** How many stderr lines to keep for the error message. */
  keepLines?: number
  captureStdout?: boolean
  /** From `deathSignal()`: the child is killed when the action's process dies, even by SIGKILL. */
  dieWithParent?: DeathSignal
  /** Run the child as this user and group (the action must be root): e.g. a server that refuses root. */
  runAs?: { uid: number; gid: number }
}

/**
 * Runs a child with an argument list (no shell), tracked for `stopAllChildren`.
 *
 * Why not @actions/exec here: cancellation needs the ChildProcess to signal it (SIGTERM, then
 * SIGKILL) and to wait for it, and pg_dump's stderr is followed line by line as it comes; exec()
 * gives neither a handle nor a way to stop the child. Short probes use @actions/exec instead.
 */
export function runChild(file: string, args: readonly string[], options: RunChildOptions): { child: ChildProcess; done: Promise<ChildResult> } {
  const prefix = options.dieWithParent?.prefix ?? []
  // With a prefix the wrapper execs the tool in its own place: same pid, same argv for the tool.
  const [command, argv] = prefix.length > 0 ? [prefix[0], [...prefix.slice(1), file, ...args]] : [file, [...args]]
  const child = spawn(command, argv, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    shell: false,
    ...(options.runAs ?? {})
  })
  running.add(child)
  let stdout = ''
  child.stdout?.setEncoding('utf8')
  child.stdout?.on('data', (chunk: string) => (stdout += chunk))
  const tail: string[] = []
  const keep = options.keepLines ?? 30
  let partial = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      options.onStderrLine?.(line)
      tail.push(line)
      if (tail.length > keep) tail.shift()
    }
  })
  const done = new Promise<ChildResult>(resolve => {
    child.on('error', err => {
      tail.push(err.message)
    })
    child.on('close', (code, signal) => {
      running.delete(child)
      if (partial) {
        options.onStderrLine?.(partial)
        tail.push(partial)
      }
      resolve({ code, signal, stderrTail: tail.slice(-keep), stdout })
    })
  })
  return { child, done }
}

/**
 * How a child is made to die with the action. On Linux, util-linux `setpriv --pdeathsig KILL --
 * <tool> ...` sets PR_SET_PDEATHSIG and then execs the tool (the setting survives exec): when the
 * thread that spawned it exits, the kernel sends the child SIGKILL. Node spawns from its main
 * thread (libuv forks in the caller of uv_spawn), which lives as long as the process, so the
 * child dies exactly when the action's process does, also when that is killed with SIGKILL and no
 * handler of ours can run. Without setpriv (or on another platform) the child runs unwrapped and
 * `note` says what that means.
 */
export interface DeathSignal {
  /** The wrapper's argv before the tool's own (empty: no wrapper). */
  prefix: string[]
  /** Why there is no wrapper, for the log; undefined when there is one. */
  note: string | undefined
}

let deathSignalCache: Promise<DeathSignal> | undefined

export function deathSignal(): Promise<DeathSignal> {
  deathSignalCache ??= findDeathSignal()
  return deathSignalCache
}

async function findDeathSignal(): Promise<DeathSignal> {
  const without = (why: string): DeathSignal => ({
    prefix: [],
    note: `${why}: if the action's process is killed outright (SIGKILL), pg_dump and pg_restore outlive it until they finish.`
  })
  if (process.platform !== 'linux') return without(`No parent-death signal on ${process.platform}`)
  const setpriv = await io.which('setpriv', false)
  if (!setpriv) return without("util-linux 'setpriv' was not found on PATH")
  // Older util-linux (before 2.33) has setpriv without --pdeathsig: ask it once.
  const probe = await exec.getExecOutput(setpriv, ['--pdeathsig', 'KILL', '--', 'true'], { silent: true, ignoreReturnCode: true, env: stringEnv(envWithoutSecrets()) }).catch(() => undefined)
  if (!probe || probe.exitCode !== 0) return without(`${setpriv} does not support --pdeathsig`)
  return { prefix: [setpriv, '--pdeathsig', 'KILL', '--'], note: undefined }
}

/** Stops every running child: SIGTERM, then SIGKILL after `graceMs`; resolves when all are gone. */
export async function stopAllChildren(graceMs = 5000): Promise<void> {
  const children = [...running]
  await Promise.all(
    children.map(
      child =>
        new Promise<void>(resolve => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
          child.once('close', () => {
            clearTimeout(timer)
            resolve()
          })
          child.kill('SIGTERM')
        })
    )
  )
}

/**
 * The process environment without anything that carries the database's credentials: the
 * `database-url` input, DATABASE_URL and libpq's PG* variables. The base for every child's env.
 */
export function envWithoutSecrets(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('PG') || k === 'DATABASE_URL' || k.toUpperCase() === 'INPUT_DATABASE-URL') continue
    out[k] = v
  }
  return out
}

/** An environment without unset entries, as @actions/exec takes it. */
export function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v
  return out
}
