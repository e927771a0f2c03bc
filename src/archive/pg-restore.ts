import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupFormat } from './format.js'
import { runChild, type DeathSignal } from '../process/children.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'
import { dbnameArg } from '../postgres/libpq-env.js'

export interface PgRestoreOptions {
  tools: PgTools
  /** libpq environment: the server, the passfile, and the database to restore into (PGDATABASE) unless `database` is given. */
  env: NodeJS.ProcessEnv
  archive: string
  format: BackupFormat
  /** The database to restore into; default `env.PGDATABASE`. */
  database?: string
  /** Extra arguments, e.g. `--no-owner`, `--no-acl`. */
  args?: string[]
  /** Parallel jobs (`--jobs`); for the seekable formats (custom file, directory). */
  jobs?: number
  /** TABLE DATA entries in the archive: the total of the progress calls. */
  tableData?: number
  /** Called as each table's data starts (pg_restore runs with --verbose for it). */
  onProgress?: (done: number, total: number, table: string) => void
  dieWithParent?: DeathSignal
}

/** pg_restore's own chatter under --verbose: not an error. */
const VERBOSE_LINE = /^pg_restore: (processing|creating|launching|finished|connecting|executing)/

/**
 * pg_restore into one database, stopping at the first error (`--exit-on-error`), never prompting
 * for a password; owners and privileges as in the archive unless `args` say otherwise. The error
 * names how it ended and pg_restore's last lines (its progress chatter left out).
 */
export async function runPgRestore(o: PgRestoreOptions): Promise<void> {
  const args = ['--exit-on-error', '--no-password', `--format=${o.format}`, `--dbname=${dbnameArg(o.database ?? o.env.PGDATABASE ?? '')}`, ...(o.args ?? [])]
  if (o.onProgress) args.push('--verbose')
  if (o.jobs !== undefined && o.jobs > 1) args.push(`--jobs=${o.jobs}`)
  args.push(o.archive)
  let done = 0
  const onProgress = o.onProgress
  const result = await runChild(o.tools.pgRestore, args, {
    env: o.env,
    dieWithParent: o.dieWithParent,
    onStderrLine: onProgress
      ? line => {
          const m = /processing data for table "(.+)"/.exec(line)
          if (m?.[1]) onProgress(++done, o.tableData ?? 0, m[1])
        }
      : undefined
  }).done
  if (result.code !== 0) {
    const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`
    const errors = result.stderrTail.filter(l => !VERBOSE_LINE.test(l))
    throw new ActionError(
      `pg_restore ${how}, at the first error (--exit-on-error):\n${scrub(errors.slice(-6).join('\n'))}`,
      'The archive does not restore into this server: fix the cause above (a role, extension or setting the archive needs that the server lacks, privileges, disk, or a damaged archive), then run again.'
    )
  }
}
