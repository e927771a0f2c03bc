import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupFormat } from '../archive/format.js'
import { runChild, type DeathSignal } from '../process/children.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'
import { sizeOf } from './files.js'

export interface DumpOptions {
  tools: PgTools
  /** libpq environment: connection and passfile (see libpq-env.ts). */
  env: NodeJS.ProcessEnv
  format: BackupFormat
  jobs: number
  /** Where pg_dump writes: a file (custom) or a folder it creates (directory). */
  out: string
  /** How long pg_dump may wait for a table lock before it gives up. */
  lockWaitTimeoutMs: number
  /** Makes pg_dump die with the action (see deathSignal). */
  dieWithParent?: DeathSignal
  /** Called every `progressEveryMs` with the bytes written so far. */
  onProgress?: (bytes: number, elapsedMs: number, currentTable: string | undefined) => void
  progressEveryMs?: number
}

/** The pg_dump argument list: no connection details and no secret, those are in the environment. */
export function pgDumpArgs(o: Pick<DumpOptions, 'format' | 'jobs' | 'out' | 'lockWaitTimeoutMs'>): string[] {
  const args = [`--format=${o.format}`, `--file=${o.out}`, '--no-password', '--verbose', `--lock-wait-timeout=${o.lockWaitTimeoutMs}`]
  if (o.format === 'directory') args.push(`--jobs=${o.jobs}`)
  return args
}

/** Runs pg_dump to completion; throws an ActionError with its last error lines when it fails. */
export async function runPgDump(o: DumpOptions): Promise<void> {
  let currentTable: string | undefined
  const started = performance.now()
  const { done } = runChild(o.tools.pgDump, pgDumpArgs(o), {
    env: o.env,
    dieWithParent: o.dieWithParent,
    onStderrLine: line => {
      const m = /dumping contents of table "?([^"]+(?:"\."[^"]+)?)"?/.exec(line)
      if (m) currentTable = m[1]?.replace(/"/g, '')
    }
  })
  const timer = setInterval(() => {
    void sizeOf(o.out).then(bytes => o.onProgress?.(bytes, performance.now() - started, currentTable))
  }, o.progressEveryMs ?? 5000)
  let result
  try {
    result = await done
  } finally {
    clearInterval(timer)
  }
  if (result.code !== 0) {
    const errors = result.stderrTail.filter(l => /error|fatal|could not|abort/i.test(l) && !/^pg_dump: (dumping|reading|saving|last built-in|finding|identifying|flagging|processing)/.test(l))
    const detail = scrub((errors.length ? errors : result.stderrTail.slice(-5)).join('\n'))
    const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`
    throw new ActionError(`pg_dump ${how}; the backup is incomplete and was removed.\n${detail}`, explainDumpFailure(detail, result.signal))
  }
}

function explainDumpFailure(detail: string, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGXFSZ' || /file too large|no space left|disk quota/i.test(detail)) {
    return "The backup did not fit: free space on the runner or point 'backup-dir' at a larger volume, then run the backup again. Do not deploy without a backup."
  }
  if (/lock/i.test(detail) && /timeout|timed out/i.test(detail)) {
    return 'pg_dump could not lock a table in time: a long transaction or migration holds a conflicting lock. Wait for it to finish, then run the backup again.'
  }
  if (/terminat|connection|server closed|lost/i.test(detail)) {
    return 'The connection to the database was lost during the dump. Check the server (restarts, idle or statement timeouts, terminated backends), then run the backup again.'
  }
  if (/server version|aborting because of server version mismatch/i.test(detail)) {
    return "pg_dump is older than the server: install a newer client (postgresql-client-<server major>) or set 'pg-bin-dir'."
  }
  return 'Fix the cause above, then run the backup again. Do not run the deploy phase without a verified backup.'
}
