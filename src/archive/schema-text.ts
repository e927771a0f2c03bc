import * as path from 'node:path'
import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupFormat } from './format.js'
import { runChild, envWithoutSecrets, type DeathSignal } from '../process/children.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'
import { dbnameArg } from '../postgres/libpq-env.js'

/**
 * Schema scripts: an archive's (pg_restore --schema-only) and a database's (pg_dump --schema-only),
 * and what differs between two prints of the same schema, left out so that they compare.
 */

/** pg_dump's `\restrict` / `\unrestrict` lines: a random key per print, nothing of the schema. */
export function isRestrictLine(line: string): boolean {
  return /^\\(un)?restrict\b/.test(line)
}

/**
 * `pg_dump --schema-only` of one database, as written (comments included: they carry the object
 * headers). The connection comes from `env`; `database` default `env.PGDATABASE`; `args` add e.g.
 * `--no-owner`. A failure names the database; `fix` says what to do in the caller's terms.
 */
export async function dumpSchema(o: { pgDump: string; env: NodeJS.ProcessEnv; database?: string; args?: string[]; fix: string; dieWithParent?: DeathSignal }): Promise<string> {
  const database = o.database ?? o.env.PGDATABASE ?? ''
  const r = await runChild(o.pgDump, ['--schema-only', '--no-password', '--file=-', ...(o.args ?? []), `--dbname=${dbnameArg(database)}`], {
    env: o.env,
    captureStdout: true,
    dieWithParent: o.dieWithParent
  }).done
  if (r.code !== 0) {
    throw new ActionError(`pg_dump --schema-only of database '${database}' failed:\n${scrub(r.stderrTail.slice(-5).join('\n'))}`, o.fix)
  }
  return r.stdout
}

/** The schema (DDL, owners, privileges) an archive holds, as pg_restore prints it, normalized. */
export async function archiveSchema(tools: PgTools, archive: string, format: BackupFormat, dieWithParent?: DeathSignal): Promise<string> {
  const result = await runChild(tools.pgRestore, ['--schema-only', '--file=-', `--format=${format}`, archive], {
    env: envWithoutSecrets(),
    captureStdout: true,
    dieWithParent
  }).done
  if (result.code !== 0)
    throw new ActionError(`pg_restore could not print the schema of ${path.basename(archive)}.\n${scrub(result.stderrTail.slice(-5).join('\n'))}`, 'Use a backup written by the backup phase.')
  return normalizeSchemaScript(result.stdout)
}

/** The schema of the database named by `env` (PGDATABASE), printed by pg_dump, normalized. */
export async function databaseSchema(tools: PgTools, env: NodeJS.ProcessEnv, dieWithParent?: DeathSignal): Promise<string> {
  return normalizeSchemaScript(await dumpSchema({ pgDump: tools.pgDump, env, fix: 'Check the server, then run the restore again.', dieWithParent }))
}

/**
 * A schema script without what differs between two prints of the same schema: comments (they
 * name the versions), blank lines, and the random key of `\restrict` / `\unrestrict` lines.
 */
export function normalizeSchemaScript(sql: string): string {
  return sql
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith('--') && !isRestrictLine(line))
    .join('\n')
}

/** The first line where two schema scripts differ, for a message. */
export function firstDifferentLine(a: string, b: string): string {
  const la = a.split('\n')
  const lb = b.split('\n')
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: backup has '${(la[i] ?? '(end)').slice(0, 120)}', restored copy has '${(lb[i] ?? '(end)').slice(0, 120)}'`
  }
  return 'none'
}
