import * as path from 'node:path'
import type { Inputs } from '../inputs.js'
import type { DatabaseTarget } from '../postgres/target.js'
import { readMigrationsFolder } from '../prisma/migrations-folder.js'
import { ActionError, errorMessage } from '../errors.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { readBooksRows, isApplied, isFailed, MIGRATIONS_TABLE } from '../prisma/books.js'
import type { BooksJournal } from '../migrators/types.js'
import { scrub, scrubbedJson } from '../secrets.js'
import { runBuiltinMigrator, MigrationFailedError } from '../migrators/builtin.js'
import { runPrismaMigrator, assertDeployed } from '../migrators/prisma.js'
import { compareMigrations, type MigrationComparison } from '../prisma/compare.js'
import { resolveCommand, type ResolveHow } from '../prisma/cli.js'
import { shellCommand } from '../shell-words.js'
import { info } from '../log.js'
import { counted } from '../format.js'
import type { PhaseDefinition, PhaseRun } from './lifecycle.js'

export interface DeployResult {
  applied: string[]
}

/**
 * deploy-db: exactly one action, applying the pending migrations. No backup and no verification
 * here: those are the earlier phases. The applied list is read from the books before
 * and after, never parsed from a tool's output. On SIGINT/SIGTERM the running migration is let
 * roll back or be recorded, then the run fails through its recovery runbook.
 */
export const deployPhase: PhaseDefinition<DeployResult> = {
  phase: 'deploy',
  cancellation: 'finish-step',
  failureOutcome: failed => (failed === 'database-url' ? 'The database URL was refused; nothing was applied.' : 'The deploy failed; see the recovery runbook.'),
  cancelOutcome: signal => `The deploy was cancelled (${signal}).`,
  async work(run) {
    const { inputs } = run
    const target = await run.step('database-url', () => {
      const t = inputs.database.target()
      return Promise.resolve([t, `${t.redacted} (from ${t.source})`])
    })
    const applied = await run.step(`migrate (${inputs.migrator})`, () => migrate(run, target))
    return {
      result: { applied },
      verdict: 'done',
      outcome: applied.length === 0 ? 'The database was already up to date: nothing was applied.' : `${counted(applied.length, 'migration')} applied with the ${inputs.migrator} migrator.`,
      finished: elapsed => `Deploy finished in ${elapsed}: ${counted(applied.length, 'migration')} applied.`,
      outputs: { 'applied-count': String(applied.length), 'applied-migrations': scrubbedJson(applied) },
      lists: [{ heading: 'Applied migrations', items: applied, empty: 'None.', grows: true }]
    }
  }
}

/**
 * Runs the migrator. The prisma migrator's books are read here before and after; the builtin
 * migrator reads them itself, on its own session under the advisory lock, so a concurrent run's
 * rows are never counted. After a failure the books are read back on a fresh session (what was
 * applied, what is recorded as failed), never assumed: the builtin migrator's rows by the ids it
 * wrote, Prisma's by the ids new since `before`; the failure's summary carries the recovery runbook.
 */
async function migrate(run: PhaseRun, target: DatabaseTarget): Promise<[string[], string]> {
  const { inputs, env } = run
  const resolve = (how: ResolveHow, name: string | undefined): string => resolveCommand(inputs, how, name)
  let before: Set<string> | undefined
  const journal: BooksJournal = { rows: new Map() }
  let applied: string[]
  try {
    if (inputs.migrator === 'builtin') {
      const done = await runBuiltinMigrator({
        target,
        migrationsDir: inputs.migrationsDir,
        workspace: inputs.workspace,
        connectTimeoutMs: inputs.connectTimeoutMs,
        lockTimeoutMs: inputs.lockTimeoutMs,
        resolveCommand: resolve,
        signal: run.signal,
        journal
      })
      applied = done.appliedFromBooks
    } else {
      // Prisma reads the folder itself: first the checks verify makes on it (inside the workspace
      // through symbolic links, printable names), so deploy never runs files verify would refuse.
      await readMigrationsFolder(inputs.migrationsDir, inputs.workspace)
      before = await rowIds(target, inputs)
      await runPrismaMigrator({ ...inputs, target })
      applied = await newlyApplied(target, inputs, before)
      assertDeployed(await booksAgainstFolder(target, inputs))
    }
    if (run.signal.aborted) throw new ActionError(`The deployment was cancelled (${String(run.signal.reason)}).`, 'Run verify to see what was applied, then deploy again.')
  } catch (err) {
    const books = await readBack(target, inputs, inputs.migrator === 'builtin' ? { ids: journal.rows } : before ? { before } : undefined)
    const runbook = recoveryRunbook(inputs, target, err, books, resolve, env)
    info(runbook.join('\n'))
    const appliedLine =
      books.kind === 'read'
        ? `${books.applied.length} migration(s) were applied before the failure (read back from ${MIGRATIONS_TABLE}).`
        : books.kind === 'unread'
          ? `Could not read the books to see what was applied: ${books.error}; run verify to see.`
          : 'No migration was run.'
    run.failure.outcome = `${errorMessage(err).split('\n')[0]} ${appliedLine}`
    run.failure.lists = [
      {
        heading: 'Applied by this run',
        items: books.kind === 'read' ? books.applied : [],
        empty: books.kind === 'unread' ? `Unknown: could not read the books (${books.error}); run verify to see.` : 'None.',
        grows: true
      },
      // The summary numbers the steps itself.
      { heading: 'Recovery runbook', items: runbook.slice(1).map(step => step.replace(/^\d+\. /, '')), empty: '', prose: true }
    ]
    throw err instanceof ActionError ? new ActionError(`${err.message}\nSee the recovery runbook in the log and the job summary.`) : err
  }
  return [applied, `${counted(applied.length, 'migration')} applied`]
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

/** Ids of all rows before the run (any state), so that rows the run adds can be told apart. */
async function rowIds(target: DatabaseTarget, inputs: Inputs): Promise<Set<string>> {
  return withReader(target, inputs, async s => {
    return new Set((await readBooksRows(s, target.schema)).map(r => r.id))
  })
}

/** The action's migrations folder against the books of the action's database. */
async function booksAgainstFolder(target: DatabaseTarget, inputs: Inputs): Promise<MigrationComparison> {
  const folder = await readMigrationsFolder(inputs.migrationsDir, inputs.workspace)
  return withReader(target, inputs, async s => {
    return compareMigrations(folder.migrations, await readBooksRows(s, target.schema))
  })
}

/** Names of the migrations applied since `before`, in the order they were started. */
async function newlyApplied(target: DatabaseTarget, inputs: Inputs, before: Set<string>): Promise<string[]> {
  return withReader(target, inputs, async s => {
    return (await readBooksRows(s, target.schema)).filter(r => isApplied(r) && !before.has(r.id)).map(r => r.migration_name)
  })
}

/** What the books say this run did, read after a failure; or why they could not be read. */
type BooksReadBack =
  /** `failed`: rows this run left failed; `failedEarlier`: failed rows that were there before it. */
  | { kind: 'read'; applied: string[]; failed: string[]; failedEarlier: string[] }
  | { kind: 'unread'; error: string }
  /** The migrator never ran (e.g. the books could not be read before it): nothing to read back. */
  | { kind: 'not-run' }

/**
 * Reads the books on a fresh read-only session: the rows this run added (the builtin
 * migrator's by the ids it wrote, Prisma's as the ids not there before) that count as applied, and
 * those left failed.
 */
async function readBack(target: DatabaseTarget, inputs: Inputs, mine: { ids: Map<string, string> } | { before: Set<string> } | undefined): Promise<BooksReadBack> {
  if (!mine) return { kind: 'not-run' }
  try {
    const rows = await withReader(target, inputs, s => readBooksRows(s, target.schema))
    const ours = rows.filter(r => ('ids' in mine ? mine.ids.has(r.id) : !mine.before.has(r.id)))
    const earlier = rows.filter(r => isFailed(r) && !ours.includes(r))
    return {
      kind: 'read',
      applied: ours.filter(isApplied).map(r => r.migration_name),
      failed: [...new Set(ours.filter(isFailed).map(r => r.migration_name))],
      failedEarlier: [...new Set(earlier.map(r => r.migration_name))]
    }
  } catch (err) {
    return { kind: 'unread', error: scrub(errorMessage(err).split('\n')[0] ?? '') }
  }
}

/**
 * The runbook's way back by hand: decrypting the artifact's file (an age file; a directory archive
 * is one tar stream) and restoring it with pg_restore, each command a line a person can copy, every
 * argument one shell word (shell-words.ts). The URL carries placeholders for the credentials, never
 * a credential; the database name is percent-encoded, so the URL names exactly that database.
 */
function manualRestore(backupPath: string, target: DatabaseTarget): string {
  const file = path.basename(backupPath)
  const host = target.host.includes(':') ? `[${target.host}]` : target.host
  const url = target.host.startsWith('/')
    ? `postgresql://<user>:<password>@/${encodeURIComponent(target.database)}?host=${encodeURIComponent(target.host)}&port=${target.port}`
    : `postgresql://<user>:<password>@${host}:${target.port}/${encodeURIComponent(target.database)}`
  const plain = file.replace(/\.tar\.age$/, '').replace(/\.age$/, '')
  const decrypt = !file.endsWith('.age')
    ? ''
    : file.endsWith('.tar.age')
      ? `decrypt it (\`${shellCommand(['age', '-d', '-i', 'key.txt', file])} | tar -x\`), `
      : `decrypt it (\`${shellCommand(['age', '-d', '-i', 'key.txt', '-o', plain, file])}\`), `
  const restore = shellCommand(['pg_restore', '--clean', '--if-exists', '--no-owner', '--dbname', url, plain])
  return `download the workflow artifact, ${decrypt}check its sha256 against the manifest, then with pg_restore of the server's major version or newer: \`${restore}\``
}

/** What to do next, with the backup to restore and the resolve commands; never a credential. */
function recoveryRunbook(inputs: Inputs, target: DatabaseTarget, err: unknown, books: BooksReadBack, resolve: (how: ResolveHow, name: string | undefined) => string, env: NodeJS.ProcessEnv): string[] {
  const failedName = err instanceof MigrationFailedError ? err.failure.name : /migration[: ]+'?([0-9]{8,}_[A-Za-z0-9_-]+)/i.exec(errorMessage(err))?.[1]
  const lines = ['Recovery runbook:']
  const appliedText =
    books.kind === 'read'
      ? ` Applied by this run before it stopped (read back from ${MIGRATIONS_TABLE}): ${books.applied.length ? books.applied.join(', ') : 'none'}.`
      : books.kind === 'unread'
        ? ` What this run applied is not known: could not read the books (${books.error}); run verify to see.`
        : ''
  lines.push(`1. What happened: ${errorMessage(err).split('\n')[0]}${appliedText}`)
  if (inputs.backupPath) {
    const run = env.GITHUB_RUN_ID ? `run id ${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `, attempt ${env.GITHUB_RUN_ATTEMPT}` : ''}` : "this run's id"
    lines.push(
      `2. If data was damaged, restore the backup taken before this deploy (${inputs.backupPath}): run the 'Restore database' workflow (workflow-templates/db-restore.yml: phase restore, all or nothing, the state before kept) with ${run} and confirm-restore '${target.database}'. Only if it cannot run, by hand: ${manualRestore(inputs.backupPath, target)} — fill in the credentials from your secret store.`
    )
  } else {
    lines.push(
      "2. No 'backup-path' was given to this step: if data was damaged, restore your latest backup with the 'Restore database' workflow (workflow-templates/db-restore.yml), or by hand from your own backup."
    )
  }
  const resolveHint = (name: string): string =>
    `Once the database is repaired, run \`${resolve('rolled-back', name)}\` to retry it on the next deploy, or \`${resolve('applied', name)}\` if you completed it by hand.`
  const recorded = books.kind === 'read' ? [...books.failed.map(n => ({ n, when: 'by this run' })), ...books.failedEarlier.map(n => ({ n, when: 'by an earlier run' }))] : []
  if (books.kind === 'unread') {
    lines.push(
      `3. ${failedName ? `Whether the migration '${failedName}' is recorded as failed` : 'Whether a migration is recorded as failed'} could not be read (${books.error}); run verify to see, and follow what it says.`
    )
  } else if (recorded.length > 0) {
    lines.push(`3. ${recorded.map(({ n, when }) => `The migration '${n}' is recorded as failed in ${MIGRATIONS_TABLE} (${when}). ${resolveHint(n)}`).join(' ')}`)
  } else if (failedName && books.kind === 'read') {
    const why = err instanceof MigrationFailedError && err.failure.recordError ? ` (writing it failed: ${err.failure.recordError})` : ''
    const partial = err instanceof MigrationFailedError ? err.failure.partial : true
    lines.push(
      `3. The migration '${failedName}' failed, but ${MIGRATIONS_TABLE} holds no failed row for it from this run${why}. ` +
        (partial
          ? 'What it left behind is not recorded: repair the database by hand (see above) before deploying again.'
          : 'Its changes were rolled back and nothing records it, so the next deploy runs it again: fix the cause above first.')
    )
  } else if (books.kind === 'not-run') {
    lines.push('3. The migrator did not run, so no migration was applied or recorded as failed by this run; fix the cause above.')
  } else {
    lines.push(`3. No migration is recorded as failed by this run (read back from ${MIGRATIONS_TABLE}); fix the cause above.`)
  }
  lines.push('4. Run the verify phase again; deploy once it passes.')
  return lines
}
