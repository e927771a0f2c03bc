import * as core from '@actions/core'
import * as path from 'node:path'
import type { Inputs, DatabaseTarget } from '../inputs.js'
import { parseDatabaseUrl } from '../inputs.js'
import { enforceGuardsStep } from '../guards.js'
import { ActionError, errorMessage } from '../errors.js'
import { assertTargetPolicy } from '../postgres/target-policy.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { migrationsTableExists, readMigrationRows, isApplied, isFailed } from '../prisma/books.js'
import { runBuiltinMigrator, MigrationFailedError } from '../migrators/builtin.js'
import { runPrismaMigrator, assertDeployed } from '../migrators/prisma.js'
import { readMigrationsFolder } from '../prisma/migrations-folder.js'
import { compareMigrations, type MigrationComparison } from '../prisma/compare.js'
import { prismaCommand } from '../prisma/cli.js'
import { stopAllChildren } from '../process/children.js'
import { writeSummary, type StepRecord } from '../summary.js'
import { info, formatDuration } from '../log.js'

export const DEPLOY_GROUP = '[STEP 3/3] Deploying database migrations'

export interface DeployResult {
  applied: string[]
}

/**
 * deploy-db: exactly one action, applying the pending migrations. No backup and no verification
 * here: those are the earlier phases. The applied list is read from `_prisma_migrations` before
 * and after, never parsed from a tool's output.
 */
export async function runDeploy(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Promise<DeployResult> {
  const guardStep = await enforceGuardsStep({ phase: 'deploy', allowedRefs: inputs.allowedRefs, env })
  let target: DatabaseTarget
  try {
    target = parseDatabaseUrl(inputs.databaseUrl)
    assertTargetPolicy(target)
  } catch (err) {
    const urlStep: StepRecord = { name: 'database-url', status: 'failed', durationMs: 0, detail: errorMessage(err) }
    await writeSummary({ title: 'Database deployment — deploy: failed', outcome: 'The database URL was refused; nothing was applied.', steps: [guardStep, urlStep] }, env)
    throw err
  }
  const resolve = (args: string): string => prismaCommand(inputs, args)

  const cancel = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cancel.signal.aborted) return
    info(`Received ${signal}: stopping after the running migration is rolled back or recorded.`)
    cancel.abort(signal)
    void stopAllChildren()
    setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 30_000).unref()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  const started = performance.now()
  const step: StepRecord = { name: `migrate (${inputs.migrator})`, status: 'failed', durationMs: 0, detail: '' }
  core.startGroup(DEPLOY_GROUP)
  // The prisma migrator's books are read here before and after; the builtin migrator reads them
  // itself, on its own session under the advisory lock, so a concurrent run's rows are never counted.
  let before: Set<string> | undefined
  let applied: string[] = []
  try {
    if (inputs.migrator === 'builtin') {
      const run = await runBuiltinMigrator({
        target,
        migrationsDir: inputs.migrationsDir,
        connectTimeoutMs: inputs.connectTimeoutMs,
        lockTimeoutMs: inputs.lockTimeoutMs,
        resolveCommand: resolve,
        signal: cancel.signal
      })
      applied = run.appliedFromBooks
    } else {
      before = await appliedIds(target, inputs)
      await runPrismaMigrator({
        workingDirectory: inputs.workingDirectory,
        workspace: inputs.workspace,
        schemaPath: inputs.schemaPath,
        migrationsDir: inputs.migrationsDir,
        databaseUrl: inputs.databaseUrl as NonNullable<Inputs['databaseUrl']>,
        target,
        generateClient: inputs.generateClient
      })
      applied = await newlyApplied(target, inputs, before)
      assertDeployed(await booksAgainstFolder(target, inputs))
    }
    if (cancel.signal.aborted) throw new ActionError(`The deployment was cancelled (${String(cancel.signal.reason)}).`, 'Run verify to see what was applied, then deploy again.')
  } catch (err) {
    step.durationMs = performance.now() - started
    step.detail = errorMessage(err)
    const appliedNow =
      err instanceof MigrationFailedError
        ? err.appliedBefore.map(m => m.name)
        : before
          ? await newlyApplied(target, inputs, before).catch(() => undefined)
          : undefined
    // The failed migration as the books record it, not as a tool's text names it.
    const failedInBooks = err instanceof MigrationFailedError ? undefined : await failedMigration(target, inputs).catch(() => undefined)
    const runbook = recoveryRunbook(inputs, target, err, appliedNow, resolve, failedInBooks)
    core.endGroup()
    info(runbook.join('\n'))
    await writeSummary(
      {
        title: 'Database deployment — deploy: failed',
        outcome: `${errorMessage(err).split('\n')[0]} ${appliedNow ? `${appliedNow.length} migration(s) were applied before the failure.` : ''}`,
        steps: [guardStep, step],
        lists: [
          { heading: 'Applied by this run', items: appliedNow ?? [], empty: 'None.' },
          { heading: 'Recovery runbook', items: runbook.slice(1), empty: '' }
        ]
      },
      env
    )
    throw err instanceof ActionError ? new ActionError(`${err.message}\nSee the recovery runbook in the log and the job summary.`) : err
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  core.endGroup()

  step.status = 'passed'
  step.durationMs = performance.now() - started
  step.detail = `${applied.length} migration${applied.length === 1 ? '' : 's'} applied`
  core.setOutput('applied-count', String(applied.length))
  core.setOutput('applied-migrations', JSON.stringify(applied))
  info(`Deploy finished in ${formatDuration(step.durationMs)}: ${applied.length} migration${applied.length === 1 ? '' : 's'} applied.`)
  await writeSummary(
    {
      title: 'Database deployment — deploy: done',
      outcome: applied.length === 0 ? 'The database was already up to date: nothing was applied.' : `${applied.length} migration${applied.length === 1 ? '' : 's'} applied with the ${inputs.migrator} migrator.`,
      steps: [guardStep, step],
      lists: [{ heading: `Applied migrations (${applied.length})`, items: applied, empty: 'None.' }],
      outputs: { 'applied-count': String(applied.length), 'applied-migrations': JSON.stringify(applied) }
    },
    env
  )
  return { applied }
}

async function withReader<T>(target: DatabaseTarget, inputs: Inputs, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = await openSession(target, {
    readOnly: true,
    connectTimeoutMs: inputs.connectTimeoutMs,
    statementTimeoutMs: 30_000,
    applicationName: 'db-deploy-action deploy (books)'
  })
  try {
    return await fn(session)
  } finally {
    await closeSession(session)
  }
}

/** Ids of the rows that count as applied. */
async function appliedIds(target: DatabaseTarget, inputs: Inputs): Promise<Set<string>> {
  return withReader(target, inputs, async s => {
    if (!(await migrationsTableExists(s, target.schema))) return new Set<string>()
    return new Set((await readMigrationRows(s, target.schema)).filter(isApplied).map(r => r.id))
  })
}

/** The latest migration the books record as failed (neither finished nor rolled back), if any. */
async function failedMigration(target: DatabaseTarget, inputs: Inputs): Promise<string | undefined> {
  return withReader(target, inputs, async s => {
    if (!(await migrationsTableExists(s, target.schema))) return undefined
    return (await readMigrationRows(s, target.schema)).filter(isFailed).at(-1)?.migration_name
  })
}

/** The action's migrations folder against the books of the action's database. */
async function booksAgainstFolder(target: DatabaseTarget, inputs: Inputs): Promise<MigrationComparison> {
  const folder = await readMigrationsFolder(inputs.migrationsDir)
  return withReader(target, inputs, async s => {
    const rows = (await migrationsTableExists(s, target.schema)) ? await readMigrationRows(s, target.schema) : []
    return compareMigrations(folder.migrations, rows)
  })
}

/** Names of the migrations applied since `before`, in the order they were started. */
async function newlyApplied(target: DatabaseTarget, inputs: Inputs, before: Set<string>): Promise<string[]> {
  return withReader(target, inputs, async s => {
    if (!(await migrationsTableExists(s, target.schema))) return []
    return (await readMigrationRows(s, target.schema))
      .filter(r => isApplied(r) && !before.has(r.id))
      .map(r => r.migration_name)
  })
}

/** What to do next, with the backup to restore and the resolve commands; never a credential. */
function recoveryRunbook(
  inputs: Inputs,
  target: DatabaseTarget,
  err: unknown,
  applied: string[] | undefined,
  resolve: (a: string) => string,
  failedInBooks?: string
): string[] {
  const failedName =
    err instanceof MigrationFailedError ? err.failure.name : (failedInBooks ?? /migration[: ]+'?([0-9]{8,}_[A-Za-z0-9_-]+)/i.exec(errorMessage(err))?.[1])
  const dbUrl = `postgresql://<user>:<password>@${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}/${target.database}`
  const lines = ['Recovery runbook:']
  lines.push(`1. What happened: ${errorMessage(err).split('\n')[0]}${applied ? ` Applied by this run before it stopped: ${applied.length ? applied.join(', ') : 'none'}.` : ''}`)
  if (inputs.backupPath) {
    lines.push(
      `2. If data was damaged, restore the backup taken before this deploy (${inputs.backupPath}; download the workflow artifact first), with pg_restore of the server's major version or newer: pg_restore --clean --if-exists --no-owner --dbname "${dbUrl}" "${path.basename(inputs.backupPath)}" — fill in the credentials from your secret store.`
    )
  } else {
    lines.push("2. No 'backup-path' was given to this step: restore from your own latest backup if data was damaged.")
  }
  if (failedName) {
    lines.push(
      `3. The migration '${failedName}' is recorded as failed. Once the database is repaired, run \`${resolve(`migrate resolve --rolled-back ${failedName}`)}\` to retry it on the next deploy, or \`${resolve(`migrate resolve --applied ${failedName}`)}\` if you completed it by hand.`
    )
  } else {
    lines.push('3. No migration is recorded as failed by this run; fix the cause above.')
  }
  lines.push('4. Run the verify phase again; deploy once it passes.')
  return lines
}
