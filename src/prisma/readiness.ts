import * as fs from 'node:fs'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import { ActionError } from '../errors.js'
import { preparePrisma, type PrismaMigratorOptions } from '../migrators/prisma.js'
import type { PrismaCli } from './cli.js'
import { runChild } from '../process/children.js'
import { scrub } from '../secrets.js'

/**
 * The prisma migrator's part of verify's `schema` check: the project's CLI is there, its schema
 * and configuration can be made to work on the action's database and migrations folder (else the
 * refusal names the file, the line and the fix), and the CLI runs with its schema engine resolved
 * — `prisma --version` with the configuration deploy will use, and with downloads made impossible:
 * an engine the CLI would have to download fails verify instead of being fetched during deploy —
 * and the CLI accepts the schema: `prisma validate` with that configuration (read-only, no
 * database, no download), so that a schema the CLI refuses (`P1012`) fails verify, named.
 */
/** What deploy will run the migrator with, less what only deploy needs. */
export type PrismaReadinessOptions = Omit<PrismaMigratorOptions, 'generateClient'>

export interface PrismaReadiness {
  cli: PrismaCli
  /** e.g. `prisma CLI 7.10.1 (node_modules/.bin/prisma), schema engine 59be4fda… (resolved by …)` */
  detail: string
}

/** Where the CLI's engine downloads would go: a closed local port, so that none can happen. */
const NO_DOWNLOAD_MIRROR = 'http://127.0.0.1:9/db-deploy-action-no-download'
const VERSION_TIMEOUT_MS = 60_000

export async function checkPrismaReadiness(o: PrismaReadinessOptions): Promise<PrismaReadiness> {
  const run = await preparePrisma(o)
  const { cli } = run
  const shownBin = path.relative(o.workspace, cli.bin) || cli.bin
  try {
    const engineOverride = run.env.PRISMA_SCHEMA_ENGINE_BINARY || run.env.PRISMA_MIGRATION_ENGINE_BINARY
    if (!engineOverride && !nativeEngineInstalled(cli.bin)) {
      throw new ActionError(
        `The Prisma CLI ${cli.version ?? ''} (${shownBin}) has no schema engine installed beside it (@prisma/engines holds no schema-engine file): it would download one during deploy.`,
        "Install the project's dependencies with their install scripts (e.g. `npm ci`, not `npm ci --ignore-scripts`) so that @prisma/engines fetches the engine before this step, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema engine executable; or set `migrator: builtin`."
      )
    }
    const env = { ...run.env, PRISMA_ENGINES_MIRROR: NO_DOWNLOAD_MIRROR, PRISMA_BINARIES_MIRROR: NO_DOWNLOAD_MIRROR, CHECKPOINT_DISABLE: '1' }
    // The CLI's own read-only check of the schema, with the configuration deploy will use, beside
    // the version: no database is reached and, with the mirrors closed, nothing is downloaded.
    const validating = runCli(cli.bin, ['validate', ...run.args], o.workingDirectory, env)
    validating.catch(() => {})
    const result = await runCli(cli.bin, ['--version', ...run.args.slice(run.args.indexOf('--config') >= 0 ? run.args.indexOf('--config') : run.args.length)], o.workingDirectory, env)
    const text = scrub(`${result.stdout}\n${result.stderrTail.join('\n')}`)
    const engine = /^Schema Engine\s*:\s*schema-engine-cli ([0-9a-f]{7,40}) \(at ([^,)]+)(?:, resolved by ([A-Z_]+))?\)/m.exec(text)
    const version = /^prisma\s*:\s*(\S+)/m.exec(text)?.[1]
    if (text.includes(NO_DOWNLOAD_MIRROR) || /binaries\.prisma\.sh/.test(text)) {
      throw new ActionError(
        `The Prisma CLI ${cli.version ?? ''} (${shownBin}) would download an engine before it runs (its installed engine is missing or not its version); verify does not let it.`,
        "Install the project's dependencies with their install scripts (e.g. `npm ci`) on the runner before this step, so that the engines match the CLI, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema engine executable."
      )
    }
    // A CLI may exit 1 only when a query engine version cannot be read (migrate deploy never loads it).
    const unreadable = text.split('\n').filter(l => l.includes('E_CANNOT_RESOLVE_VERSION'))
    const onlyQueryEngine = unreadable.length > 0 && unreadable.every(l => /^Query Engine/.test(l))
    if (!engine || !version || (result.code !== 0 && !onlyQueryEngine)) {
      const last = lastLines(text)
      throw new ActionError(
        `\`prisma --version\` (${shownBin}) ${result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`}${engine ? '' : ' without a resolved schema engine'}: ${last || 'no output'}`,
        "Fix what the CLI says above (the project's prisma.config must load, the engines must be installed with the CLI's version), then run verify again; or set `migrator: builtin`."
      )
    }
    const detail = validated(await validating, shownBin, cli.version)
    const engineAt = engine[3] ? `resolved by ${engine[3]}` : `at ${path.relative(o.workspace, path.resolve(o.workingDirectory, engine[2]))}`
    return {
      cli,
      detail: `prisma CLI ${version} (${shownBin}), schema engine ${engine[1].slice(0, 12)} (${engineAt})${run.schema.kind === 'folder' ? `, schema folder of ${run.schema.files.length} files` : ''}; ${detail}`
    }
  } finally {
    await run.remove()
  }
}

type CliResult = Awaited<ReturnType<typeof runChild>['done']>

/** Runs the CLI with `args`, killed after VERSION_TIMEOUT_MS. */
async function runCli(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  const { child, done } = runChild(bin, args, { cwd, env, captureStdout: true, keepLines: 40 })
  const timer = setTimeout(() => child.kill('SIGKILL'), VERSION_TIMEOUT_MS)
  return done.finally(() => clearTimeout(timer))
}

/** Terminal colours and styles the CLI writes (ESC [ … m). */
const STYLE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

/**
 * `prisma validate`'s verdict: the detail's words when the CLI accepts the schema; else the refusal,
 * named (its error code and its own error lines), before any backup is taken.
 */
function validated(result: CliResult, shownBin: string, version: string | undefined): string {
  const text = scrub(`${result.stdout}\n${result.stderrTail.join('\n')}`).replace(STYLE, '')
  if (text.includes(NO_DOWNLOAD_MIRROR) || /binaries\.prisma\.sh/.test(text)) {
    throw new ActionError(
      `The Prisma CLI ${version ?? ''} (${shownBin}) would download an engine to validate the schema; verify does not let it.`,
      "Install the project's dependencies with their install scripts (e.g. `npm ci`) on the runner before this step, so that the engines match the CLI."
    )
  }
  if (result.code === 0 && !result.signal) return 'schema valid (prisma validate)'
  const code = /Error code:\s*(P\d{4})/.exec(text)?.[1] ?? /\b(P\d{4})\b/.exec(text)?.[1]
  const errors = text
    .split('\n')
    .map(l => l.trim())
    .filter(l => /^error:|^Error:/.test(l) || /^-->/.test(l))
    .slice(0, 8)
  const shown = errors.length > 0 ? errors.join(' | ') : lastLines(text)
  throw new ActionError(
    `The Prisma CLI ${version ?? ''} (${shownBin}) refuses the schema: \`prisma validate\`, with the configuration deploy will use, ${result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`}${code ? ` (${code})` : ''}: ${shown || 'no output'}. Deploy would fail the same way; nothing was backed up or changed.`,
    code === 'P1012'
      ? 'Fix the schema as the error says (e.g. remove a preview feature this Prisma version no longer knows from `previewFeatures`), run `npx prisma validate` locally, then run verify again.'
      : "Fix what the CLI says (the project's schema and prisma.config must load with this CLI), run `npx prisma validate` locally, then run verify again; or set `migrator: builtin`."
  )
}

/** Whether the native schema engine is in the @prisma/engines package the CLI uses. */
function nativeEngineInstalled(bin: string): boolean {
  try {
    const pkg = path.dirname(path.dirname(fs.realpathSync(bin)))
    const engines = path.dirname(createRequire(path.join(pkg, 'package.json')).resolve('@prisma/engines/package.json'))
    return fs.readdirSync(engines).some(f => f.startsWith('schema-engine') || f.startsWith('migration-engine'))
  } catch {
    return false
  }
}

/** The CLI's last six non-empty lines, trimmed, on one line: what a failure message shows of its output. */
function lastLines(text: string): string {
  return text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '')
    .slice(-6)
    .join(' | ')
}
