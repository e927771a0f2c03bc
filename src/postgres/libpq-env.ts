import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { DatabaseTarget } from './target.js'
import { envWithoutSecrets } from '../process/children.js'
import { privateTempDir } from '../process/temp-dir.js'

/**
 * The environment for libpq tools (pg_dump, pg_restore): the connection in PG* variables and the
 * password in a 0600 passfile inside a private 0700 folder, so no argv ever holds a secret.
 * `dispose()` removes the passfile.
 */
export interface LibpqEnv {
  env: NodeJS.ProcessEnv
  dispose(): Promise<void>
}

/**
 * A path that cannot exist: libpq otherwise falls back to ~/.postgresql/root.crt (turning
 * `require` into verify-ca) and ~/.postgresql/postgresql.crt/.key (a client certificate), files the
 * action's own sessions and Prisma do not read. Pointing the variables here keeps one meaning.
 */
export const NO_FILE = '/dev/null/none'

/**
 * The PG* variables for the connection: the same host, port, user and database as the action's
 * sessions, and the effective TLS rules (libpq's own sslmode names; certificate paths absolute).
 */
export function libpqConnectionVars(target: DatabaseTarget): Record<string, string> {
  return {
    PGHOST: target.host,
    PGPORT: String(target.port),
    PGUSER: target.user,
    PGDATABASE: target.database,
    PGSSLMODE: target.tls.mode,
    PGSSLROOTCERT: target.tls.rootCert ?? NO_FILE,
    PGSSLCERT: target.tls.clientCert ?? NO_FILE,
    PGSSLKEY: target.tls.clientKey ?? NO_FILE
  }
}

/**
 * The value of a libpq tool's `--dbname` that names exactly the database `database`. libpq reads a
 * `--dbname` holding `=`, or starting with `postgresql://` or `postgres://`, as a whole connection
 * string: a database named `host=elsewhere port=5432` would send pg_restore to another server. So
 * the name is always given as a connection string of its own, `dbname='…'` with `\` and `'`
 * escaped; the host, port, user and TLS rules still come from the PG* variables. (PGDATABASE is
 * never read as a connection string, so the environment may hold the name as it is.)
 */
export function dbnameArg(database: string): string {
  return `dbname='${database.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

export async function libpqEnv(target: DatabaseTarget, connectTimeoutMs: number, applicationName: string): Promise<LibpqEnv> {
  // Start from the process environment without inherited PG* settings or the URL: only ours apply.
  const env = envWithoutSecrets()
  Object.assign(env, libpqConnectionVars(target))
  env.PGCONNECT_TIMEOUT = String(Math.max(2, Math.ceil(connectTimeoutMs / 1000)))
  env.PGAPPNAME = applicationName
  let dir: string | undefined
  if (target.password !== undefined) {
    // Under $RUNNER_TEMP, which the runner empties even after a run killed with SIGKILL.
    dir = await privateTempDir('db-deploy-pass-')
    const passfile = path.join(dir, 'pgpass')
    const field = (s: string): string => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:')
    await fs.writeFile(passfile, `${field(target.host)}:${target.port}:*:${field(target.user)}:${field(target.password)}\n`, { mode: 0o600 })
    env.PGPASSFILE = passfile
  }
  return {
    env,
    async dispose() {
      if (dir) await fs.rm(dir, { recursive: true, force: true })
    }
  }
}
