import * as path from 'node:path'
import type { DatabaseTarget } from '../postgres/target.js'
import type { Inputs } from '../inputs.js'
import { ActionError } from '../errors.js'
import { findPrismaCli, missingPrismaCliError, type PrismaCli } from '../prisma/cli.js'
import { writeDeployConfig, type DeployConfig } from '../prisma/config.js'
import { readPrismaSchema, type PrismaSchema, type Datasource } from '../prisma/schema-files.js'
import { refuseWhatCannotBeMadeToWork, configCarriesDatasource } from '../prisma/project-rules.js'
import type { MigrationComparison } from '../prisma/compare.js'
import { runChild, envWithoutSecrets } from '../process/children.js'
import { info } from '../log.js'
import { scrub } from '../secrets.js'
import { assertPrismaCanConnect } from '../postgres/target-policy.js'

/**
 * The `prisma` migrator: the project's own Prisma CLI from its node_modules (never a download),
 * `prisma generate` when asked, then `prisma migrate deploy`, in `working-directory`, with the URL
 * in the child's environment only. Its output is streamed into the log, scrubbed of secrets.
 *
 * It works on the action's database and migrations folder or not at all: a schema that names
 * another database literally is refused before the CLI runs, and the CLI (6.18 and later) runs with
 * a generated configuration (`--config`) whose datasource URL, schema and migrations folder are the
 * action's, whatever the project's configuration says.
 */
/** The project's paths and `generate-client`, as the inputs have them; and the database the CLI migrates. */
export interface PrismaMigratorOptions extends Pick<Inputs, 'workingDirectory' | 'workspace' | 'schemaPath' | 'migrationsDir' | 'generateClient'> {
  /** The action's target, or the rehearsal's copy on its private socket. */
  target: DatabaseTarget
}

/** The child's variable that carries the action's URL (also what `env("DATABASE_URL")` reads). */
const URL_VARIABLE = 'DATABASE_URL'

/** Prisma error codes and what to do about them. */
export const PRISMA_ERRORS: Record<string, string> = {
  P1000: 'Authentication failed: check the user and password in the database URL secret.',
  P1001: 'The database server could not be reached: check the host, port and network access from the runner.',
  P1002: 'The database timed out; for `migrate deploy` this usually means another migration holds the advisory lock (72707369). Wait for it to finish, then deploy again.',
  P1003: 'The database does not exist: check the database name in the URL.',
  P1010: 'The user may not access the database: grant the privileges or use the owner role.',
  P1013: 'The database URL is invalid: check its form and percent-encode special characters in the password.',
  P3005: 'The schema is not empty but has no migration history: baseline it (`prisma migrate resolve --applied <migration>` for the migrations already in the database) before deploying.',
  P3009: 'Failed migrations are recorded in the database: repair the database, then run `prisma migrate resolve --rolled-back <name>` (to retry) or `--applied <name>` (if completed by hand).',
  P3015: 'A migration folder has no migration.sql: restore it from git history or remove the empty folder.',
  P3018:
    'A migration failed to apply and is recorded as failed: fix the database or the migration, then `prisma migrate resolve --rolled-back <name>` and deploy again. Restore from the backup if data was damaged.',
  P3019: 'migration_lock.toml names another provider than the datasource: generate the migrations for PostgreSQL.'
}

/** What a run of the project's CLI needs: found, checked, and its environment and configuration prepared. */
export interface PreparedPrisma {
  cli: PrismaCli
  schema: PrismaSchema
  env: NodeJS.ProcessEnv
  config: DeployConfig | undefined
  /** `--schema …` and, with a generated configuration, `--config …`. */
  args: string[]
  /** Removes the generated configuration. */
  remove: () => Promise<void>
}

/**
 * Finds the CLI, refuses what cannot be made to work on the action's database and folder
 * (verify calls this too), and prepares the child's environment and the generated configuration.
 */
export async function preparePrisma(o: Omit<PrismaMigratorOptions, 'generateClient'>): Promise<PreparedPrisma> {
  const cli = await findPrismaCli(o.workingDirectory, o.workspace)
  if (!cli) throw missingPrismaCliError(o.workingDirectory)
  const schema = await readPrismaSchema(o.schemaPath, path.relative(o.workspace, o.schemaPath) || o.schemaPath)
  const datasource = await refuseWhatCannotBeMadeToWork({ ...o, schema, version: cli.version })
  // The same server and TLS rules as the action's own sessions (refused when Prisma cannot have them).
  assertPrismaCanConnect(o.target)
  const url = o.target.childUrl
  const env = childEnv(datasource, url)

  const major = Number(/^(\d+)\./.exec(cli.version ?? '')?.[1] ?? NaN)
  // A datasource in the configuration file: Prisma 7, and 6.18 onwards (`engine: 'classic'`).
  // Older or unknown versions run without one; verify made sure they read the action's folder.
  const config = configCarriesDatasource(cli.version) ? await writeDeployConfig({ ...o, major, urlVariable: URL_VARIABLE }) : undefined
  // The project's configuration must load: variables it reads and the runner lacks get the action's URL.
  for (const name of config?.envNames ?? []) if (!env[name]) env[name] = url
  const args = ['--schema', path.relative(o.workingDirectory, o.schemaPath) || o.schemaPath, ...(config ? ['--config', path.relative(o.workingDirectory, config.file) || config.file] : [])]
  return { cli, schema, env, config, args, remove: async () => config?.remove() }
}

export async function runPrismaMigrator(o: PrismaMigratorOptions): Promise<{ output: string[] }> {
  const run = await preparePrisma(o)
  info(`Prisma CLI ${run.cli.version ?? '(version unknown)'}: ${path.relative(o.workspace, run.cli.bin) || run.cli.bin}`)
  try {
    if (run.config) {
      info(
        `Prisma configuration: ${run.config.base ? `${path.relative(o.workspace, run.config.base)}, with` : 'generated, with'} the action's database URL, schema and migrations folder (${path.relative(o.workspace, o.migrationsDir) || '.'})`
      )
    }
    const output: string[] = []
    if (o.generateClient) await runPrisma(run.cli.bin, ['generate', ...run.args], o.workingDirectory, run.env, output)
    await runPrisma(run.cli.bin, ['migrate', 'deploy', ...run.args], o.workingDirectory, run.env, output)
    return { output }
  } finally {
    await run.remove()
  }
}

/**
 * After `prisma migrate deploy` exited 0: the books of the action's database must show every
 * migration of the action's folder applied and none failed, or the CLI worked elsewhere.
 */
export function assertDeployed(c: Pick<MigrationComparison, 'pending' | 'failed'>): void {
  if (c.pending.length === 0 && c.failed.length === 0) return
  const parts: string[] = []
  if (c.pending.length > 0) parts.push(`${c.pending.length} pending migration${c.pending.length === 1 ? '' : 's'}: ${c.pending.map(m => m.name).join(', ')}`)
  if (c.failed.length > 0) parts.push(`${c.failed.length} failed migration${c.failed.length === 1 ? '' : 's'}: ${c.failed.map(r => r.migration_name).join(', ')}`)
  throw new ActionError(
    `The migrator reported success (prisma migrate deploy exited 0), but the verified database (the one given to the action) was not migrated: it still has ${parts.join('; ')}. ` +
      "Likely cause: the CLI read another database URL or another migrations folder than the action's (the project's Prisma configuration or schema, or a CLI that does not apply migrations).",
    "Make the project's Prisma configuration and schema read the URL from DATABASE_URL (the action sets it) and keep 'migrations-dir' on the folder Prisma deploys; check that node_modules/.bin/prisma is the real Prisma CLI. Then run verify and deploy again."
  )
}

/** A run of the CLI that failed; carries its output (scrubbed), from which the cause is read. */
export class PrismaCliError extends ActionError {
  constructor(
    message: string,
    fix: string,
    readonly output: string
  ) {
    super(message, fix)
    this.name = 'PrismaCliError'
  }
}

async function runPrisma(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, output: string[]): Promise<void> {
  info(`$ prisma ${args.join(' ')}`)
  const { done } = runChild(bin, args, {
    cwd,
    env,
    captureStdout: true,
    keepLines: 200,
    onStderrLine: line => {
      output.push(line)
      info(`  ${line}`)
    }
  })
  const result = await done
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue
    output.push(line)
    info(`  ${line}`)
  }
  if (result.code !== 0) {
    const text = scrub(output.join('\n'))
    const code = /\b(P\d{4})\b/.exec(text)?.[1]
    const failed = /Migration name:\s*(\S+)/.exec(text)?.[1] ?? /`([0-9]{14}_[^`]+)`/.exec(text)?.[1]
    const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`
    throw new PrismaCliError(
      `prisma ${args.slice(0, 2).join(' ')} ${how}${code ? ` (${code})` : ''}${failed ? `; failed migration: ${failed}` : ''}.`,
      code && PRISMA_ERRORS[code] ? PRISMA_ERRORS[code] : 'See the Prisma output above for the cause.',
      text
    )
  }
}

/**
 * The child's environment: the URL under DATABASE_URL and under every variable the schema's
 * datasource reads (`url = env("…")`, `directUrl = env("…")`), so the project's own configuration
 * resolves to the URL given to the action. Never on the command line.
 */
function childEnv(datasource: Datasource, url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...envWithoutSecrets(), [URL_VARIABLE]: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' }
  for (const u of datasource.urls) if (u.envName && /^[A-Za-z_][A-Za-z0-9_]*$/.test(u.envName)) env[u.envName] = url
  return env
}
