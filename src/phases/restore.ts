import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { Inputs } from '../inputs.js'
import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError, errorMessage, withoutFix } from '../errors.js'
import { closeSession, type Session } from '../postgres/session.js'
import { discoverPgTools, requirePgTools, type PgTools } from '../postgres/pg-tools.js'
import { libpqEnv } from '../postgres/libpq-env.js'
import { countTables } from '../postgres/table-count.js'
import { appliedNamesOrNone } from '../prisma/books.js'
import { checkArchive } from '../backup/archive-check.js'
import type { BackupManifest } from '../backup/manifest.js'
import { majorOf, versionProblem } from '../archive/versions.js'
import { openArchive, type OpenedArchive } from '../archive/open.js'
import { runPgRestore } from '../archive/pg-restore.js'
import { archiveSchema, databaseSchema, firstDifferentLine } from '../archive/schema-text.js'
import { openTargetSession, openMaintenanceSession, RESTORE_APPLICATION } from '../restore/connect.js'
import { describeSessions, type Connected } from '../restore/sessions.js'
import { confirmTarget, readRestoreManifest, checkServer, checkSessions } from '../restore/checks.js'
import { readProperties, createDatabaseLike, applyProperties, propertiesDifference, notCarriedText, type DatabaseProperties } from '../restore/database-properties.js'
import { swapNames, swapBackendOf, swapDatabases, readSwapState, settleAfterFailure, describeSwapState, swapFix, type SwapNames, type SwapState, type SwapBackend } from '../restore/swap.js'
import { privateTempDir } from '../process/temp-dir.js'
import { deathSignal, type DeathSignal } from '../process/children.js'
import { createVerifiedBackup } from './backup.js'
import type { DatabaseFacts } from '../backup/database-facts.js'
import type { PhaseDefinition, PhaseRun, PhaseOutcome } from './lifecycle.js'
import { info, warning } from '../log.js'
import { counted, formatBytes, formatDuration } from '../format.js'
import { scrubbedJson } from '../secrets.js'
import { sqlIdent } from '../postgres/sql-text.js'

export interface RestoreResult {
  preRestoreBackupPath: string
  restoredMigrations: string[]
  /** The name the database had before the restore now belongs to this (kept) database. */
  previousDatabase: string
}

/**
 * restore: the way back, all or nothing. The backup is proven to be its manifest's and to fit the
 * server before anything is touched; the current state is backed up exactly as the backup phase
 * does; the archive is restored into a new database beside the target, checked (schema equal to
 * the archive's, books equal to the manifest's), given the target's database-level properties, and
 * only then swapped in by renaming both databases in one transaction. Until that commit the target
 * is untouched; after it, the previous database is kept under another name. Its parts live in
 * src/restore/: checks.ts (before anything is written), database-properties.ts, sessions.ts,
 * swap.ts and connect.ts.
 */
const UNTOUCHED = 'The database was not changed: the restore stopped before it created or renamed any database.'

export const restorePhase: PhaseDefinition<RestoreResult> = {
  phase: 'restore',
  cancellation: 'stop',
  // `afterward` is set from pg_database, read back, once the restore has begun to create its copy:
  // what the server holds after a failure or a cancellation. Before that, nothing was created or renamed.
  failureOutcome: (failed, afterward) => `The restore failed${failed ? ` at '${failed}'` : ''}. ${afterward ?? UNTOUCHED}`,
  cancelOutcome: (signal, afterward) => `The restore was cancelled (${signal}); pg_restore was stopped. ${afterward ?? UNTOUCHED}`,
  async work(run) {
    const done = await restore(run)
    return { ...done.success, result: done.result }
  }
}

/** What the steps from the copy's creation to the read-back share. */
interface CopyRun {
  target: DatabaseTarget
  inputs: Inputs
  manifest: BackupManifest
  opened: OpenedArchive
  tools: PgTools
  dieWithParent: DeathSignal
  names: SwapNames
  /** The server session that runs the swap, once it is open (see settleAfterFailure). */
  swapBackend?: SwapBackend
}

/** What a database holds, read back: the migrations its books record as applied, and its tables. */
interface BooksAndTables {
  applied: string[]
  tables: number
}

async function restore(run: PhaseRun): Promise<{ result: RestoreResult; success: PhaseOutcome }> {
  const { inputs, env, step, onCleanup } = run
  const target = inputs.database.target()
  const toolSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH })
  toolSearch.catch(() => {})

  // 1. The typed confirmation: before any connection.
  await step('confirmation', () => Promise.resolve(confirmTarget(inputs.confirmRestore, target)))
  // 2. The manifest: the backup's own database, and where it came from.
  const manifest = await step('manifest', () => readRestoreManifest(inputs.backupPath, target))
  // 3. The archive is the manifest's: sha256, or decryption and sha256.
  const workDir = await privateTempDir('db-restore-', env)
  onCleanup(async () => fs.rm(workDir, { recursive: true, force: true }))
  const opened = await step('archive', async () => {
    const a = await openArchive({ backupPath: inputs.backupPath as string, manifest, identity: inputs.backupIdentity, workDir })
    return [a, `${path.basename(inputs.backupPath as string)}${a.encrypted ? ' decrypted with the age identity;' : ''} sha256 ${a.sha256.slice(0, 16)}… equals the manifest's`]
  })
  // 4. The server: versions, and who is connected.
  const server = await step('database', () => checkServer(target, inputs.connectTimeoutMs, manifest))
  const tools = await step('pg_restore', async () => {
    const chosen = requirePgTools(await toolSearch, server.version, Math.max(server.major, majorOf(manifest.pgDumpVersion)), inputs.pgBinDir)
    const problem = versionProblem(manifest, server.version, chosen)
    if (problem) throw problem
    return [chosen, `pg_restore ${chosen.version} (${chosen.dir}) for an archive of pg_dump ${manifest.pgDumpVersion}`]
  })
  const dieWithParent = await deathSignal()
  await step('read-archive', async () => {
    const facts = await checkArchive(tools, opened.archive, opened.format, { dieWithParent })
    return [facts, `read end to end by pg_restore: ${facts.tocEntries} entries, ${facts.tableData} tables with data`]
  })
  // 5. Sessions: listed; refused unless they may be ended (they are ended at the swap).
  await step('sessions', () => Promise.resolve(checkSessions(inputs.terminateConnections, target, server.connected)))
  // 6. The current state, backed up exactly as the backup phase does.
  const pre = await createVerifiedBackup({ ...run, step: (name, fn) => step(`pre-restore ${name}`, fn) })

  // 7.–10. The copy: created beside the target, restored, checked, swapped in, read back.
  const copy: CopyRun = { target, inputs, manifest, opened, tools, dieWithParent, names: swapNames(target.database) }
  const { swapped, after } = await replaceWithCopy(run, copy)
  await fs.rm(workDir, { recursive: true, force: true })
  return restoreSuccess(copy, pre.result.path, pre.facts, swapped, after)
}

/**
 * Steps 7 to 10: the copy created, restored, given the target's properties, checked, swapped in and
 * read back. After a failure or a cancellation from the copy's creation on, what happened is read
 * back from pg_database (once): the copy is dropped only while the target's name is still on the
 * target's database, and every word of the outcome comes from that reading.
 */
async function replaceWithCopy(run: PhaseRun, c: CopyRun): Promise<{ swapped: Extract<SwapState, { kind: 'swapped' }>; after: BooksAndTables }> {
  const { step, onCleanup } = run
  const { names } = c
  let settling: Promise<SwapState> | undefined
  const settle = (): Promise<SwapState> =>
    (settling ??= (async () => {
      const state = await settleAfterFailure(c.target, c.inputs.connectTimeoutMs, names, c.swapBackend)
      const text = describeSwapState(state, names)
      run.afterward = text
      if (state.kind === 'unchanged' && state.copy === 'dropped') info(`Dropped the partial copy '${names.copy}'. ${text}`)
      else if (state.kind === 'unchanged') info(text)
      else warning(text)
      return state
    })())
  let copyStarted = false
  const started = (): void => {
    copyStarted = true
    onCleanup(async () => {
      await settle()
    })
  }
  try {
    const before = await step('create-copy', () => createCopy(c, started))
    await step('restore', () => restoreIntoCopy(c))
    await step('database-properties', () => copyProperties(c, before))
    // 8. The copy is the backup: the same schema, the manifest's books, the manifest's table count.
    await step('verify-copy', () => verifyCopy(c))
    // 9. The swap: both renames in one transaction, from the maintenance database.
    const swapped = await step('swap', () => swap(c))
    // 10. Read back from the database now named as the target.
    const after = await step('read-back', () => readBack(c))
    return { swapped, after }
  } catch (err) {
    if (!copyStarted) throw err
    const state = await settle()
    const text = describeSwapState(state, names)
    const fix = state.kind !== 'unchanged' ? swapFix(state, names) : err instanceof ActionError ? err.fix : undefined
    throw new ActionError(`${withoutFix(err)}\n${text}`, fix)
  }
}

/** Creates the copy beside the target with the target's encoding and locale; `started` once its name is taken. */
async function createCopy({ target, inputs, names }: CopyRun, started: () => void): Promise<[DatabaseProperties, string]> {
  const session = await openTargetSession(target, inputs.connectTimeoutMs, { readOnly: false, applicationName: RESTORE_APPLICATION })
  try {
    const props = await readProperties(session, target.database)
    const taken = await session.query(`SELECT 1 FROM pg_database WHERE datname = $1 OR datname = $2`, [names.copy, names.previous])
    if (taken.rows.length > 0) throw new ActionError(`A database named '${names.copy}' or '${names.previous}' exists already.`, 'Run the restore again (the names are new each run).')
    names.targetOid = props.oid
    started()
    await createDatabaseLike(session, names.copy, props)
    const created = await session.query<{ oid: number }>(`SELECT oid::int AS oid FROM pg_database WHERE datname = $1`, [names.copy])
    names.copyOid = created.rows[0]?.oid
    return [props, `'${names.copy}' created (${props.encoding}, ${props.collate}, tablespace ${props.tablespace}) from template0; not carried from '${target.database}': ${notCarriedText()}`]
  } catch (err) {
    if (err instanceof ActionError) throw err
    throw new ActionError(
      `Creating the database '${names.copy}' to restore into failed: ${errorMessage(err)}.`,
      'The connecting role needs the CREATEDB privilege (ALTER ROLE … CREATEDB), or connect as a role that has it.'
    )
  } finally {
    await closeSession(session)
  }
}

async function restoreIntoCopy({ target, inputs, opened, tools, dieWithParent, names }: CopyRun): Promise<[undefined, string]> {
  const libpq = await libpqEnv(target, inputs.connectTimeoutMs, 'db-deploy-action pg_restore')
  libpq.env.PGDATABASE = names.copy
  const t0 = performance.now()
  info(`Restoring ${path.basename(inputs.backupPath as string)} into '${names.copy}' (the target '${target.database}' is not touched until the swap)…`)
  try {
    await runPgRestore({ tools, env: libpq.env, archive: opened.archive, format: opened.format, dieWithParent })
  } catch (err) {
    throw err instanceof ActionError ? new ActionError(`Restoring into '${names.copy}' failed: ${err.problem}`, err.fix) : err
  } finally {
    await libpq.dispose()
  }
  return [undefined, `pg_restore --exit-on-error into '${names.copy}' in ${formatDuration(performance.now() - t0)} (owners and privileges as in the archive)`]
}

async function copyProperties({ target, inputs, names }: CopyRun, before: DatabaseProperties): Promise<[undefined, string]> {
  const session = await openTargetSession(target, inputs.connectTimeoutMs, { readOnly: false, applicationName: RESTORE_APPLICATION })
  try {
    await applyProperties(session, names.copy, before)
    const after = await readProperties(session, names.copy)
    const diff = propertiesDifference(before, after)
    if (diff)
      throw new ActionError(
        `The copy '${names.copy}' did not take the database-level properties of '${target.database}': ${diff}.`,
        'Check the privileges of the connecting role (it must be able to grant what the database grants), then run the restore again.'
      )
    return [
      undefined,
      `owner ${after.owner}, ${after.encoding}, collation ${after.collate}, ctype ${after.ctype}, tablespace ${after.tablespace}, ${after.settings.length} setting group${after.settings.length === 1 ? '' : 's'}, ${after.acl ? `${after.acl.length} grants` : 'default privileges'}, connection limit ${after.connectionLimit}: as on '${target.database}' (read back)`
    ]
  } finally {
    await closeSession(session)
  }
}

async function verifyCopy({ target, inputs, manifest, opened, tools, dieWithParent, names }: CopyRun): Promise<[undefined, string]> {
  const libpq = await libpqEnv(target, inputs.connectTimeoutMs, 'db-deploy-action restore check')
  libpq.env.PGDATABASE = names.copy
  let expected: string
  let actual: string
  try {
    ;[expected, actual] = await Promise.all([archiveSchema(tools, opened.archive, opened.format, dieWithParent), databaseSchema(tools, libpq.env, dieWithParent)])
  } finally {
    await libpq.dispose()
  }
  if (expected !== actual) {
    throw new ActionError(
      `The restored copy's schema differs from the backup's (${firstDifferentLine(expected, actual)}).`,
      "Report this with the backup's manifest; restore by hand into a scratch database to investigate."
    )
  }
  const session = await openTargetSession({ ...target, database: names.copy }, inputs.connectTimeoutMs, { readOnly: true, applicationName: 'db-deploy-action restore check' })
  try {
    const { applied, tables } = await readBooksAndTables(session, target.schema)
    if (JSON.stringify(applied) !== JSON.stringify(manifest.migrationsApplied)) {
      throw new ActionError(
        `The restored copy records ${applied.length} applied migrations, the manifest ${manifest.migrationsApplied.length}: they differ.`,
        'Use the manifest written with this backup.'
      )
    }
    if (tables !== manifest.tables) {
      throw new ActionError(`The restored copy has ${tables} tables, the manifest says ${manifest.tables}.`, 'Use the manifest written with this backup.')
    }
    return [undefined, `schema equal to the backup's (${expected.split('\n').length} lines); ${counted(tables, 'table')}; ${counted(applied.length, 'migration')} applied, as in the manifest`]
  } finally {
    await closeSession(session)
  }
}

async function swap(c: CopyRun): Promise<[Extract<SwapState, { kind: 'swapped' }>, string]> {
  const { target, inputs, names } = c
  const maintenance = await openMaintenanceSession(target, inputs.connectTimeoutMs)
  let terminated: Connected[]
  let read: SwapState
  try {
    c.swapBackend = await swapBackendOf(maintenance)
    terminated = await swapDatabases(maintenance, names, Boolean(inputs.terminateConnections))
    // The outcome, read back on the session that committed it.
    read = await readSwapState(maintenance, names)
  } finally {
    await closeSession(maintenance)
  }
  if (read.kind !== 'swapped') throw new ActionError(`The swap's transaction committed, and pg_database does not show '${names.copy}' under the name '${target.database}'.`)
  const endedText = terminated.length ? `; ${terminated.length} session${terminated.length === 1 ? '' : 's'} ended (${describeSessions(terminated)})` : ''
  return [
    read,
    `'${target.database}' is now the restored copy (oid ${read.copyOid}); the previous database is kept as '${names.previous}' (oid ${names.targetOid}) (read back from pg_database)${endedText}`
  ]
}

async function readBack({ target, inputs, manifest }: CopyRun): Promise<[BooksAndTables, string]> {
  const session = await openTargetSession(target, inputs.connectTimeoutMs, { readOnly: true, applicationName: RESTORE_APPLICATION })
  try {
    const books = await readBooksAndTables(session, target.schema)
    if (JSON.stringify(books.applied) !== JSON.stringify(manifest.migrationsApplied)) {
      throw new ActionError(
        `After the swap, '${target.database}' records ${books.applied.length} applied migrations, not the manifest's ${manifest.migrationsApplied.length}.`,
        'Investigate before anything else writes.'
      )
    }
    return [books, `'${target.database}': ${counted(books.tables, 'table')}, ${counted(books.applied.length, 'migration')} applied (read back)`]
  } finally {
    await closeSession(session)
  }
}

async function readBooksAndTables(session: Session, schema: string): Promise<BooksAndTables> {
  const tables = await countTables(session)
  const applied = await appliedNamesOrNone(session, schema)
  return { applied, tables }
}

function restoreSuccess(
  { target, inputs, manifest, names }: CopyRun,
  preRestorePath: string,
  before: DatabaseFacts,
  swapped: Extract<SwapState, { kind: 'swapped' }>,
  after: BooksAndTables
): { result: RestoreResult; success: PhaseOutcome } {
  const from = [
    manifest.runId ? `run ${manifest.runId}${manifest.runAttempt ? ` (attempt ${manifest.runAttempt})` : ''}` : 'an unknown run',
    manifest.repository ? `of ${manifest.repository}` : '',
    manifest.gitSha ? `at commit ${manifest.gitSha.slice(0, 12)}` : '',
    `taken ${manifest.createdAt}`
  ]
    .filter(Boolean)
    .join(' ')
  const removedByRestore = before.migrationsApplied.filter(m => !after.applied.includes(m))
  const outputs = { 'pre-restore-backup-path': preRestorePath, 'restored-migrations': scrubbedJson(after.applied) }
  info(
    `Restore done: '${target.database}' is the backup of ${from} (oid ${swapped.copyOid}). The previous database is kept as '${names.previous}' (oid ${names.targetOid}), read back from pg_database.`
  )
  return {
    result: { preRestoreBackupPath: preRestorePath, restoredMigrations: after.applied, previousDatabase: names.previous },
    success: {
      verdict: 'restored',
      outcome:
        `'${target.database}' was restored from ${path.basename(inputs.backupPath as string)} (${formatBytes(manifest.size)}), the backup of ${from}: ${counted(after.tables, 'table')}, ${counted(after.applied.length, 'migration')} applied (before the restore: ${counted(before.tables, 'table')}, ${counted(before.migrationsApplied.length, 'migration')} applied). ` +
        `The state before the restore is backed up at ${preRestorePath} and kept as database '${names.previous}' (read back from pg_database: '${target.database}' is the restored copy, oid ${swapped.copyOid}; '${names.previous}' the database it replaced, oid ${names.targetOid}): drop it when you no longer need it (DROP DATABASE ${sqlIdent(names.previous)};).`,
      outputs,
      lists: [
        { heading: 'Restored migrations, read back', items: after.applied, empty: 'None.', grows: true },
        { heading: 'Applied before the restore, not in the backup', items: removedByRestore, empty: 'None.', grows: true }
      ]
    }
  }
}
