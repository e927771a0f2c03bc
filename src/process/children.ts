import { spawn, type ChildProcess } from 'node:child_process'

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
}

export function runChild(file: string, args: readonly string[], options: RunChildOptions): { child: ChildProcess; done: Promise<ChildResult> } {
  const child = spawn(file, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    shell: false
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
 * While `work` runs, SIGINT/SIGTERM stop the children, run `cleanup`, and end the process with a
 * failure. Without this the runner's cancellation would leave pg_dump running and partial files behind.
 */
export async function withCancellation<T>(work: () => Promise<T>, onCancel: (signal: NodeJS.Signals) => Promise<void>): Promise<T> {
  let cancelling = false
  const handler = (signal: NodeJS.Signals): void => {
    if (cancelling) return
    cancelling = true
    void (async () => {
      try {
        await stopAllChildren()
        await onCancel(signal)
      } finally {
        process.exit(signal === 'SIGINT' ? 130 : 143)
      }
    })()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  try {
    return await work()
  } finally {
    if (!cancelling) {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    }
  }
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
