import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { DatabaseTarget } from '../inputs.js'
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

const SSL_PARAMS: Record<string, string> = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY'
}

export async function libpqEnv(target: DatabaseTarget, connectTimeoutMs: number, applicationName: string): Promise<LibpqEnv> {
  // Start from the process environment without inherited PG* settings or the URL: only ours apply.
  const env = envWithoutSecrets()
  env.PGHOST = target.host
  env.PGPORT = String(target.port)
  env.PGUSER = target.user
  env.PGDATABASE = target.database
  env.PGCONNECT_TIMEOUT = String(Math.max(2, Math.ceil(connectTimeoutMs / 1000)))
  env.PGAPPNAME = applicationName
  for (const [param, variable] of Object.entries(SSL_PARAMS)) {
    const value = target.params.get(param)
    if (value) env[variable] = value
  }
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
