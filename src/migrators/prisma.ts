import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { DatabaseUrlInput, DatabaseTarget } from '../inputs.js'
import { ActionError } from '../errors.js'
import { findPrismaCli, missingPrismaCliError } from '../prisma/cli.js'
import { writeDeployConfig, refuseLiteralUrlToAnotherDatabase } from '../prisma/config.js'
import type { MigrationComparison } from '../prisma/compare.js'
import { runChild, envWithoutSecrets } from '../process/children.js'
import { info } from '../log.js'
import { scrub } from '../secrets.js'
import { prismaChildUrl } from '../postgres/target-policy.js'

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
export interface PrismaMigratorOptions {
  workingDirectory: string
  workspace: string
  schemaPath: string
  migrationsDir: string
  databaseUrl: DatabaseUrlInput
  target: DatabaseTarget
  generateClient: boolean
  /** A URL the action built itself for a server of its own (the rehearsal's private socket), used instead of `databaseUrl`. */
  ownServerUrl?: string
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
  P3018: 'A migration failed to apply and is recorded as failed: fix the database or the migration, then `prisma migrate resolve --rolled-back <name>` and deploy again. Restore from the backup if data was damaged.',
  P3019: 'migration_lock.toml names another provider than the datasource: generate the migrations for PostgreSQL.'
}

export async function runPrismaMigrator(o: PrismaMigratorOptions): Promise<{ output: string[] }> {
  const cli = await findPrismaCli(o.workingDirectory, o.workspace)
  if (!cli) throw missingPrismaCliError(o.workingDirectory)
  info(`Prisma CLI ${cli.version ?? '(version unknown)'}: ${path.relative(o.workspace, cli.bin) || cli.bin}`)

  const schema = await readSchema(o.schemaPath)
  if (schema !== undefined) refuseLiteralUrlToAnotherDatabase(schema, path.relative(o.workspace, o.schemaPath) || o.schemaPath, o.target)
  // The same server and TLS rules as the action's own sessions (refused when Prisma cannot have them).
  const url = o.ownServerUrl ?? prismaChildUrl(o.databaseUrl)
  const env = childEnv(schema, url)

  const version = /^(\d+)\.(\d+)\./.exec(cli.version ?? '')
  const major = Number(version?.[1] ?? NaN)
  const minor = Number(version?.[2] ?? NaN)
  // A datasource in the configuration file: Prisma 7, and 6.18 onwards (`engine: 'classic'`).
  // Older or unknown versions run without one; the books check after the deploy still applies.
  const config = major >= 7 || (major === 6 && minor >= 18) ? await writeDeployConfig({ ...o, major, urlVariable: URL_VARIABLE }) : undefined
  try {
    if (config) {
      info(`Prisma configuration: ${config.base ? `${path.relative(o.workspace, config.base)}, with` : 'generated, with'} the action's database URL, schema and migrations folder (${path.relative(o.workspace, o.migrationsDir) || '.'})`)
      // The project's configuration must load: variables it reads and the runner lacks get the action's URL.
      for (const name of config.envNames) if (!env[name]) env[name] = url
    }
    const configArg = config ? ['--config', path.relative(o.workingDirectory, config.file) || config.file] : []
    const schemaArg = ['--schema', path.relative(o.workingDirectory, o.schemaPath) || o.schemaPath]
    const output: string[] = []
    if (o.generateClient) await runPrisma(cli.bin, ['generate', ...schemaArg, ...configArg], o.workingDirectory, env, output)
    await runPrisma(cli.bin, ['migrate', 'deploy', ...schemaArg, ...configArg], o.workingDirectory, env, output)
    return { output }
  } finally {
    await config?.remove()
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
    `prisma migrate deploy exited successfully, but the database given to the action still has ${parts.join('; ')}. The CLI did not apply the action's migrations folder to this database.`,
    "Check that the project's Prisma configuration and schema read the URL from DATABASE_URL and that 'migrations-dir' names the folder Prisma deploys; then run verify and deploy again."
  )
}

async function readSchema(schemaPath: string): Promise<string | undefined> {
  try {
    return await fs.readFile(schemaPath, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'EISDIR') return undefined
    throw err
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
    throw new ActionError(
      `prisma ${args.slice(0, 2).join(' ')} ${how}${code ? ` (${code})` : ''}${failed ? `; failed migration: ${failed}` : ''}.`,
      code && PRISMA_ERRORS[code] ? PRISMA_ERRORS[code] : 'See the Prisma output above for the cause.'
    )
  }
}

/**
 * The child's environment: the URL under DATABASE_URL and under every variable the schema's
 * datasource reads (`url = env("…")`, `directUrl = env("…")`), so the project's own configuration
 * resolves to the URL given to the action. Never on the command line.
 */
function childEnv(schema: string | undefined, url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...envWithoutSecrets(), [URL_VARIABLE]: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' }
  const datasource = /datasource\s+\w+\s*\{([^}]*)\}/m.exec(schema ?? '')?.[1] ?? ''
  for (const m of datasource.matchAll(/\b(url|directUrl)\s*=\s*env\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)/g)) {
    env[m[2] as string] = url
  }
  return env
}
