import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Inputs } from '../inputs.js'
import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError, errorMessage, withoutFix } from '../errors.js'
import { openSession, closeSession, type Session, type SessionOptions } from '../postgres/session.js'
import { discoverPgTools, requirePgTools } from '../postgres/pg-tools.js'
import { libpqEnv } from '../postgres/libpq-env.js'
import { migrationsTableExists, MIGRATIONS_TABLE } from '../prisma/books.js'
import { checkArchive } from '../backup/archive-check.js'
import { formatBytes } from '../backup/files.js'
import { manifestPathFor, readManifest } from '../archive/manifest-file.js'
import { majorOf, versionProblem } from '../archive/versions.js'
import { openArchive, type OpenedArchive } from '../archive/open.js'
import { runPgRestore } from '../archive/pg-restore.js'
import { archiveSchema, databaseSchema, firstDifference } from '../archive/schema-text.js'
import { privateTempDir } from '../process/temp-dir.js'
import { deathSignal } from '../process/children.js'
import { createVerifiedBackup } from './backup.js'
import type { PhaseDefinition, PhaseRun, PhaseOutcome } from './lifecycle.js'
import { info, warning, formatDuration } from '../log.js'
import { counted } from '../format.js'
import { scrubbedJson } from '../secrets.js'
import { sqlIdent, sqlLiteral } from '../postgres/sql-text.js'

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
 * is untouched; after it, the previous database is kept under another name.
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

interface DatabaseProperties {
  oid: number
  owner: string
  encoding: string
  collate: string
  ctype: string
  /** `c` libc, `i` ICU, `b` builtin; and the ICU/builtin locale when not libc. */
  localeProvider: string
  locale: string | null
  connectionLimit: number
  comment: string | null
  /** null: the default privileges (no explicit grant or revoke ever made). */
  acl: { grantee: string | null; privilege: string; grantable: boolean }[] | null
  settings: { role: string | null; config: string[] }[]
}

interface Connected {
  pid: number
  application: string | null
  client: string | null
  user: string | null
  ageSeconds: number | null
  state: string | null
}

/** The databases a restore works with: the target, the copy restored beside it, the name the target is kept under. */
interface SwapNames {
  target: string
  copy: string
  previous: string
  /** The target's database before the swap, whatever its name. */
  targetOid: number
  /** The copy, once created and read back. */
  copyOid?: number
}

/**
 * What pg_database says about the swap, read back: `unchanged` (the target's name is still on the
 * database it was on), `swapped` (the target's name is on another database, and the database it
 * was on has the kept name) or `unknown` (pg_database could not be read, or shows neither).
 */
type SwapState =
  | { kind: 'unchanged'; copy: 'dropped' | 'absent' | { left: string } }
  | { kind: 'swapped'; copyOid: number }
  | { kind: 'unknown'; why: string }

/** The session that ran the swap: until it has left the server, its transaction may still commit. */
interface SwapBackend {
  pid: number
  started: string
}

async function restore(run: PhaseRun): Promise<{ result: RestoreResult; success: PhaseOutcome }> {
  const { inputs, env, step, onCleanup } = run
  const target = inputs.database.target()
  const toolSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH })
  toolSearch.catch(() => {})

  // 1. The typed confirmation: before any connection.
  await step('confirmation', async () => {
    if (!inputs.confirmRestore) {
      throw new ActionError(
        `The restore phase needs 'confirm-restore', and it is empty; nothing was done. The target database is '${target.database}'.`,
        `Set 'confirm-restore' to '${target.database}' (the database's name, typed exactly) to confirm that this database is to be replaced by the backup.`
      )
    }
    if (inputs.confirmRestore !== target.database) {
      throw new ActionError(
        `'confirm-restore' is '${inputs.confirmRestore}', and the target database is '${target.database}': they must be equal, exactly. Nothing was done; no connection was made.`,
        `Check that the database URL names the database you mean to restore, then type its name exactly in 'confirm-restore'.`
      )
    }
    return [undefined, `'${target.database}' typed exactly`]
  })

  // 2. The manifest: the backup's own database, and where it came from.
  const manifest = await step('manifest', async () => {
    if (!inputs.backupPath) {
      throw new ActionError("No 'backup-path' was given: there is nothing to restore.", "Set 'backup-path' to the backup (the .age file of the backup artifact, or a plaintext archive), with its manifest beside it.")
    }
    const file = manifestPathFor(inputs.backupPath)
    const m = await readManifest(file, 'Put the manifest (<name>.manifest.json, written by the backup phase and uploaded with the .age file) beside the backup, under its own name.')
    if (m.database !== target.database) {
      throw new ActionError(
        `The backup is of database '${m.database}' (host ${m.host}), and the target is database '${target.database}' (host ${target.host}): a backup is restored only into the database it was taken from. Nothing was done.`,
        `Restore a backup of '${target.database}', or point the database URL at '${m.database}'.`
      )
    }
    if (m.host !== target.host) warning(`The backup was taken through host '${m.host}'; the target is reached through '${target.host}' (same database name '${m.database}'). Check that they are the same server.`)
    return [m, `${path.basename(file)}: database '${m.database}', PostgreSQL ${m.serverVersion}, ${counted(m.migrationsApplied.length, 'migration')} applied, taken ${m.createdAt}${m.runId ? ` by run ${m.runId}` : ''}`]
  })

  // 3. The archive is the manifest's: sha256, or decryption and sha256.
  const workDir = await privateTempDir('db-restore-', env)
  const removeWorkDir = async (): Promise<void> => fs.rm(workDir, { recursive: true, force: true })
  onCleanup(removeWorkDir)
  const opened: OpenedArchive = await step('archive', async () => {
    const a = await openArchive({ backupPath: inputs.backupPath as string, manifest, identity: inputs.backupIdentity, workDir })
    return [a, `${path.basename(inputs.backupPath as string)}${a.encrypted ? ' decrypted with the age identity;' : ''} sha256 ${a.sha256.slice(0, 16)}… equals the manifest's`]
  })

  // 4. The server: versions, and who is connected.
  const server = await step('database', async () => {
    const session = await openTargetSession(target, inputs, { readOnly: true, applicationName: 'db-deploy-action restore' })
    try {
      const v = await session.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)
      const version = (v.rows[0]?.version ?? '').split(' ')[0] as string
      const problem = versionProblem(manifest, version)
      if (problem) throw problem
      // What the restore will need, checked before anything is written: creating the copy
      // (CREATEDB), renaming the target and giving the copy its owner (the owner's role).
      const role = await session.query<{ role: string; superuser: boolean; createdb: boolean; owner: string; member: boolean }>(
        `SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreatedb AS createdb, pg_get_userbyid(d.datdba) AS owner,
                pg_has_role(current_user, d.datdba, 'MEMBER') AS member
           FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`
      )
      const me = role.rows[0]
      if (me && !me.superuser && (!me.createdb || !me.member)) {
        const missing = [!me.createdb ? 'the CREATEDB privilege (to create the database the backup is restored into)' : '', !me.member ? `membership in the database's owner role '${me.owner}' (to rename it and give the copy the same owner)` : '']
          .filter(Boolean)
          .join(' and ')
        throw new ActionError(
          `The role '${me.role}' lacks ${missing}. Nothing was done.`,
          `Connect as the database's owner with CREATEDB, e.g. ALTER ROLE ${sqlIdent(me.role)} CREATEDB; GRANT ${sqlIdent(me.owner)} TO ${sqlIdent(me.role)}; (as an administrator), then run the restore again.`
        )
      }
      const connected = await sessionsOn(session, target.database)
      // Copies a restore killed with SIGKILL could not drop: named so they never take the target's name.
      const stale = await session.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND substr(datname, length($1) + 1) ~ '^[0-9a-f]{8}$' ORDER BY 1`,
        [`${truncateBytes(target.database, 30)}_restore_`]
      )
      if (stale.rows.length > 0) {
        warning(
          `Left behind by an earlier restore that did not finish (killed before it could clean up): ${stale.rows.map(r => `'${r.datname}'`).join(', ')}. They are not used; drop them (DROP DATABASE "<name>";) once no restore is running.`
        )
      }
      return [{ version, major: majorOf(version), connected }, `PostgreSQL ${version} (the backup is of ${manifest.serverVersion}); ${connected.length} other session${connected.length === 1 ? '' : 's'} on '${target.database}'`]
    } finally {
      await closeSession(session)
    }
  })

  const tools = await step('pg_restore', async () => {
    const found = await toolSearch
    const chosen = requirePgTools(found, server.version, Math.max(server.major, majorOf(manifest.pgDumpVersion)), inputs.pgBinDir)
    const problem = versionProblem(manifest, server.version, chosen)
    if (problem) throw problem
    return [chosen, `pg_restore ${chosen.version} (${chosen.dir}) for an archive of pg_dump ${manifest.pgDumpVersion}`]
  })
  const dieWithParent = await deathSignal()

  await step('read-archive', async () => {
    const facts = await checkArchive(tools, opened.archive, opened.format, dieWithParent)
    return [facts, `read end to end by pg_restore: ${facts.tocEntries} entries, ${facts.tableData} tables with data`]
  })

  // 5. Sessions: listed; refused unless they may be ended (they are ended at the swap).
  await step('sessions', async () => {
    if (server.connected.length === 0) return [undefined, `no other session on '${target.database}'`]
    const list = describeSessions(server.connected)
    if (!inputs.terminateConnections) {
      throw new ActionError(
        `${server.connected.length} other session${server.connected.length === 1 ? ' is' : 's are'} connected to '${target.database}': ${list}. The restore replaces the database and refuses while anyone is connected. Nothing was done.`,
        "Stop the application (or its workers) first, or set 'terminate-connections: true' to end these sessions right before the swap."
      )
    }
    info(`Sessions on '${target.database}' (ended right before the swap, terminate-connections: true): ${list}`)
    return [undefined, `${server.connected.length} other session${server.connected.length === 1 ? '' : 's'} listed; ended right before the swap`]
  })

  // 6. The current state, backed up exactly as the backup phase does.
  const pre = await createVerifiedBackup({ ...run, step: (name, fn) => step(`pre-restore ${name}`, fn) })
  const preRestorePath = pre.result.path

  // 7. The copy: a new database beside the target, restored and checked.
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '')
  const copyName = `${truncateBytes(target.database, 30)}_restore_${randomBytes(4).toString('hex')}`
  const previousName = `${truncateBytes(target.database, 30)}_pre_restore_${stamp}`
  const names: SwapNames = { target: target.database, copy: copyName, previous: previousName, targetOid: 0 }
  let swapBackend: SwapBackend | undefined
  // After a failure or a cancellation from here on, what happened is read back from pg_database
  // (once): the copy is dropped only while the target's name is still on the target's database,
  // and every word of the outcome comes from that reading.
  let settling: Promise<SwapState> | undefined
  const settle = (): Promise<SwapState> =>
    (settling ??= (async () => {
      const state = await settleAfterFailure(target, inputs, names, swapBackend)
      const text = describeSwapState(state, names)
      run.afterward = text
      if (state.kind === 'unchanged' && state.copy === 'dropped') info(`Dropped the partial copy '${copyName}'. ${text}`)
      else if (state.kind === 'unchanged') info(text)
      else warning(text)
      return state
    })())
  let copyStarted = false
  const failed = async (err: unknown): Promise<never> => {
    if (!copyStarted) throw err
    const state = await settle()
    const text = describeSwapState(state, names)
    const fix = state.kind !== 'unchanged' ? swapFix(state, names) : err instanceof ActionError ? err.fix : undefined
    throw new ActionError(`${withoutFix(err)}\n${text}`, fix)
  }
  let swapped: Extract<SwapState, { kind: 'swapped' }>
  let after: { applied: string[]; tables: number }
  try {
    const before = await step('create-copy', async () => {
      const session = await openTargetSession(target, inputs, { readOnly: false, applicationName: 'db-deploy-action restore' })
      try {
        const props = await readProperties(session, target.database)
        const taken = await session.query(`SELECT 1 FROM pg_database WHERE datname = $1 OR datname = $2`, [copyName, previousName])
        if (taken.rows.length > 0) throw new ActionError(`A database named '${copyName}' or '${previousName}' exists already.`, 'Run the restore again (the names are new each run).')
        names.targetOid = props.oid
        copyStarted = true
        onCleanup(async () => {
          await settle()
        })
        const locale =
          props.localeProvider === 'i' && props.locale
            ? ` LOCALE_PROVIDER icu ICU_LOCALE ${session.escapeLiteral(props.locale)}`
            : props.localeProvider === 'b' && props.locale
              ? ` LOCALE_PROVIDER builtin BUILTIN_LOCALE ${session.escapeLiteral(props.locale)}`
              : ''
        await session.query(
          `CREATE DATABASE ${session.escapeIdentifier(copyName)} TEMPLATE template0 ENCODING ${session.escapeLiteral(props.encoding)} LC_COLLATE ${session.escapeLiteral(props.collate)} LC_CTYPE ${session.escapeLiteral(props.ctype)}${locale}`
        )
        const created = await session.query<{ oid: number }>(`SELECT oid::int AS oid FROM pg_database WHERE datname = $1`, [copyName])
        names.copyOid = created.rows[0]?.oid
        return [props, `'${copyName}' created (${props.encoding}, ${props.collate}) from template0`]
      } catch (err) {
        if (err instanceof ActionError) throw err
        throw new ActionError(
          `Creating the database '${copyName}' to restore into failed: ${errorMessage(err)}.`,
          'The connecting role needs the CREATEDB privilege (ALTER ROLE … CREATEDB), or connect as a role that has it.'
        )
      } finally {
        await closeSession(session)
      }
    })
    await step('restore', async () => {
      const libpq = await libpqEnv(target, inputs.connectTimeoutMs, 'db-deploy-action pg_restore')
      libpq.env.PGDATABASE = copyName
      const t0 = performance.now()
      info(`Restoring ${path.basename(inputs.backupPath as string)} into '${copyName}' (the target '${target.database}' is not touched until the swap)…`)
      try {
        await runPgRestore({ tools, env: libpq.env, archive: opened.archive, format: opened.format, dieWithParent })
      } catch (err) {
        throw err instanceof ActionError ? new ActionError(`Restoring into '${copyName}' failed: ${err.problem}`, err.fix) : err
      } finally {
        await libpq.dispose()
      }
      return [undefined, `pg_restore --exit-on-error into '${copyName}' in ${formatDuration(performance.now() - t0)} (owners and privileges as in the archive)`]
    })

    await step('database-properties', async () => {
      const session = await openTargetSession(target, inputs, { readOnly: false, applicationName: 'db-deploy-action restore' })
      try {
        await applyProperties(session, copyName, before)
        const after = await readProperties(session, copyName)
        const diff = propertiesDifference(before, after)
        if (diff) throw new ActionError(`The copy '${copyName}' did not take the database-level properties of '${target.database}': ${diff}.`, 'Check the privileges of the connecting role (it must be able to grant what the database grants), then run the restore again.')
        return [undefined, `owner ${after.owner}, ${after.settings.length} setting group${after.settings.length === 1 ? '' : 's'}, ${after.acl ? `${after.acl.length} grants` : 'default privileges'}, connection limit ${after.connectionLimit}: as on '${target.database}'`]
      } finally {
        await closeSession(session)
      }
    })

    // 8. The copy is the backup: the same schema, the manifest's books, the manifest's table count.
    await step('verify-copy', async () => {
      const libpq = await libpqEnv(target, inputs.connectTimeoutMs, 'db-deploy-action restore check')
      libpq.env.PGDATABASE = copyName
      let expected: string
      let actual: string
      try {
        ;[expected, actual] = await Promise.all([archiveSchema(tools, opened.archive, opened.format, dieWithParent), databaseSchema(tools, libpq.env, dieWithParent)])
      } finally {
        await libpq.dispose()
      }
      if (expected !== actual) {
        throw new ActionError(`The restored copy's schema differs from the backup's (${firstDifference(expected, actual)}).`, 'Report this with the backup\'s manifest; restore by hand into a scratch database to investigate.')
      }
      const session = await openTargetSession({ ...target, database: copyName }, inputs, { readOnly: true, applicationName: 'db-deploy-action restore check' })
      try {
        const { applied, tables } = await readBooks(session, target.schema)
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
    })

    // 9. The swap: both renames in one transaction, from the maintenance database.
    swapped = await step('swap', async () => {
      const maintenance = await openMaintenanceSession(target, inputs)
      let terminated: Connected[] = []
      let read: SwapState
      try {
        const me = await maintenance.query<SwapBackend>(`SELECT pid, backend_start::text AS started FROM pg_stat_activity WHERE pid = pg_backend_pid()`)
        swapBackend = me.rows[0]
        for (let attempt = 1; ; attempt++) {
          if (inputs.terminateConnections) {
            // Listed first, then ended by pid: in one WHERE clause the server may call
            // pg_terminate_backend before it filters by database.
            const listed = await sessionsOn(maintenance, target.database)
            if (listed.length > 0) {
              const r = await maintenance.query<{ pid: number }>('SELECT pid FROM unnest($1::int[]) AS pid WHERE pg_terminate_backend(pid)', [listed.map(s => s.pid)])
              const ended = new Set(r.rows.map(row => row.pid))
              terminated = terminated.concat(listed.filter(s => ended.has(s.pid)))
            }
          }
          try {
            await maintenance.query('BEGIN')
            await maintenance.query(`ALTER DATABASE ${maintenance.escapeIdentifier(target.database)} RENAME TO ${maintenance.escapeIdentifier(previousName)}`)
            await maintenance.query(`ALTER DATABASE ${maintenance.escapeIdentifier(copyName)} RENAME TO ${maintenance.escapeIdentifier(target.database)}`)
            await maintenance.query('COMMIT')
            break
          } catch (err) {
            await maintenance.query('ROLLBACK').catch(() => {})
            const code = (err as { code?: string }).code
            if (code === '55006') {
              const now = await sessionsOn(maintenance, target.database)
              if (inputs.terminateConnections && attempt < 5) continue
              throw new ActionError(
                `'${target.database}' could not be swapped: ${now.length ? `sessions are connected (${describeSessions(now)})` : 'sessions were connected'}${inputs.terminateConnections ? ' again after being ended, 5 times' : ''}.`,
                inputs.terminateConnections ? 'Stop the application that reconnects (or block it), then run the restore again.' : "Stop the application first, or set 'terminate-connections: true'."
              )
            }
            throw new ActionError(
              `Swapping '${copyName}' in for '${target.database}' failed: ${errorMessage(err)}.`,
              'Renaming a database needs its ownership (or superuser) and the CREATEDB privilege; check the connecting role.'
            )
          }
        }
        // The outcome, read back on the session that committed it.
        read = await readSwapState(maintenance, names)
      } finally {
        await closeSession(maintenance)
      }
      if (read.kind !== 'swapped') throw new ActionError(`The swap's transaction committed, and pg_database does not show '${copyName}' under the name '${target.database}'.`)
      const endedText = terminated.length ? `; ${terminated.length} session${terminated.length === 1 ? '' : 's'} ended (${describeSessions(terminated)})` : ''
      return [read, `'${target.database}' is now the restored copy (oid ${read.copyOid}); the previous database is kept as '${previousName}' (oid ${names.targetOid}) (read back from pg_database)${endedText}`]
    })

    // 10. Read back from the database now named as the target.
    after = await step('read-back', async () => {
      const session = await openTargetSession(target, inputs, { readOnly: true, applicationName: 'db-deploy-action restore' })
      try {
        const books = await readBooks(session, target.schema)
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
    })
  } catch (err) {
    return await failed(err)
  }
  await fs.rm(workDir, { recursive: true, force: true })

  const beforeApplied = pre.facts.migrationsApplied
  const from = [
    manifest.runId ? `run ${manifest.runId}${manifest.runAttempt ? ` (attempt ${manifest.runAttempt})` : ''}` : 'an unknown run',
    manifest.repository ? `of ${manifest.repository}` : '',
    manifest.gitSha ? `at commit ${manifest.gitSha.slice(0, 12)}` : '',
    `taken ${manifest.createdAt}`
  ]
    .filter(Boolean)
    .join(' ')
  const removedByRestore = beforeApplied.filter(m => !after.applied.includes(m))
  const outputs = { 'pre-restore-backup-path': preRestorePath, 'restored-migrations': scrubbedJson(after.applied) }
  info(`Restore done: '${target.database}' is the backup of ${from} (oid ${swapped.copyOid}). The previous database is kept as '${previousName}' (oid ${names.targetOid}), read back from pg_database.`)
  return {
    result: { preRestoreBackupPath: preRestorePath, restoredMigrations: after.applied, previousDatabase: previousName },
    success: {
      verdict: 'restored',
      outcome:
        `'${target.database}' was restored from ${path.basename(inputs.backupPath as string)} (${formatBytes(manifest.size)}), the backup of ${from}: ${counted(after.tables, 'table')}, ${counted(after.applied.length, 'migration')} applied (before the restore: ${counted(pre.facts.tables, 'table')}, ${counted(beforeApplied.length, 'migration')} applied). ` +
        `The state before the restore is backed up at ${preRestorePath} and kept as database '${previousName}' (read back from pg_database: '${target.database}' is the restored copy, oid ${swapped.copyOid}; '${previousName}' the database it replaced, oid ${names.targetOid}): drop it when you no longer need it (DROP DATABASE ${sqlIdent(previousName)};).`,
      outputs,
      lists: [
        { heading: 'Restored migrations, read back', items: after.applied, empty: 'None.', grows: true },
        { heading: 'Applied before the restore, not in the backup', items: removedByRestore, empty: 'None.', grows: true }
      ]
    }
  }
}

function openTargetSession(target: DatabaseTarget, inputs: Inputs, o: Pick<SessionOptions, 'readOnly' | 'applicationName'>): Promise<Session> {
  return openSession(target, { ...o, connectTimeoutMs: inputs.connectTimeoutMs, statementTimeoutMs: 300_000, lockTimeoutMs: 10_000 })
}

/** Reads the swap's outcome from pg_database on `session` (see SwapState). */
async function readSwapState(session: Session, names: SwapNames): Promise<SwapState> {
  const r = await session.query<{ oid: number; datname: string }>(`SELECT oid::int AS oid, datname FROM pg_database WHERE oid = $1 OR datname = ANY($2::text[]) ORDER BY oid`, [
    names.targetOid,
    [names.target, names.copy, names.previous]
  ])
  const original = r.rows.find(row => row.oid === names.targetOid)
  const atTarget = r.rows.find(row => row.datname === names.target)
  const atCopy = r.rows.find(row => row.datname === names.copy)
  if (original?.datname === names.target) return { kind: 'unchanged', copy: atCopy ? { left: `'${names.copy}' exists (oid ${atCopy.oid})` } : 'absent' }
  if (original?.datname === names.previous && atTarget && atTarget.oid !== names.targetOid && (names.copyOid === undefined || atTarget.oid === names.copyOid)) {
    return { kind: 'swapped', copyOid: atTarget.oid }
  }
  const listed = r.rows.map(row => `'${row.datname}' (oid ${row.oid})`).join(', ')
  return {
    kind: 'unknown',
    why: `pg_database shows neither the state before the swap nor the state after it (the target's database had oid ${names.targetOid}${names.copyOid !== undefined ? `, the copy oid ${names.copyOid}` : ''}; now: ${listed || 'none of these databases'})`
  }
}

/**
 * After a failure or a cancellation once the copy is being created: waits until the session that
 * ran the swap (if any) has left the server, so that its transaction can no longer commit; reads
 * pg_database; drops the copy only when the target's name is still on the target's database and
 * the copy is still under its own name. Never throws: what cannot be read is `unknown`.
 */
async function settleAfterFailure(target: DatabaseTarget, inputs: Inputs, names: SwapNames, backend: SwapBackend | undefined): Promise<SwapState> {
  let session: Session
  try {
    session = await openMaintenanceSession(target, inputs)
  } catch (err) {
    return { kind: 'unknown', why: `pg_database could not be read: ${errorMessage(err).split('\n')[0]}` }
  }
  try {
    if (backend) {
      const deadline = Date.now() + 30_000
      let asked = false
      for (;;) {
        const r = await session.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2`, [backend.pid, backend.started])
        if (r.rows.length === 0) break
        if (Date.now() > deadline) {
          return { kind: 'unknown', why: `the server session that ran the swap (pid ${backend.pid}) is still on the server 30 s after its connection failed, so its transaction may yet commit or roll back` }
        }
        // Its connection is gone or broken: ending it settles its transaction, committed or not.
        if (!asked && Date.now() > deadline - 25_000) {
          asked = true
          await session.query('SELECT pg_terminate_backend($1)', [backend.pid]).catch(() => {})
        }
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    }
    const state = await readSwapState(session, names)
    if (state.kind !== 'unchanged' || state.copy === 'absent') return state
    try {
      // Dropped by name only while that name is still on the copy this run created.
      const r = await session.query<{ oid: number }>(`SELECT oid::int AS oid FROM pg_database WHERE datname = $1`, [names.copy])
      if (names.copyOid !== undefined && r.rows[0]?.oid !== names.copyOid) return state
      await session.query(`DROP DATABASE IF EXISTS ${session.escapeIdentifier(names.copy)} WITH (FORCE)`)
      const gone = await session.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [names.copy])
      return gone.rows.length === 0 ? { kind: 'unchanged', copy: 'dropped' } : state
    } catch (err) {
      return { kind: 'unchanged', copy: { left: `dropping it failed: ${errorMessage(err)}` } }
    }
  } catch (err) {
    return { kind: 'unknown', why: `reading pg_database failed: ${errorMessage(err).split('\n')[0]}` }
  } finally {
    await closeSession(session)
  }
}

/** The outcome in words, every one of them from what was read back. */
function describeSwapState(state: SwapState, n: SwapNames): string {
  const back = `ALTER DATABASE ${sqlIdent(n.target)} RENAME TO ${sqlIdent(n.copy)}; ALTER DATABASE ${sqlIdent(n.previous)} RENAME TO ${sqlIdent(n.target)};`
  switch (state.kind) {
    case 'unchanged': {
      const copy =
        state.copy === 'dropped'
          ? `the copy being restored, '${n.copy}', was dropped`
          : state.copy === 'absent'
            ? `no copy '${n.copy}' exists`
            : `the copy being restored was not dropped (${state.copy.left}): drop it (DROP DATABASE ${sqlIdent(n.copy)};)`
      return `The database was not changed: read back from pg_database, '${n.target}' is still the database it was (oid ${n.targetOid}), and ${copy}.`
    }
    case 'swapped':
      return (
        `The swap committed: read back from pg_database, '${n.target}' now holds the restored copy (oid ${state.copyOid}), and the database it replaced is kept as '${n.previous}' (oid ${n.targetOid}). Nothing was dropped. ` +
        `To put the previous database back (from another database, with no session on either): ${back}`
      )
    case 'unknown':
      return (
        `Whether the swap committed cannot be known: ${state.why}. Nothing was dropped. ` +
        `Check with SELECT oid, datname FROM pg_database WHERE datname IN (${[n.target, n.previous, n.copy].map(sqlLiteral).join(', ')}); ` +
        `if '${n.previous}' exists, the swap committed: '${n.target}' holds the restored copy and the previous database is '${n.previous}' (to put it back: ${back}); ` +
        `if '${n.target}' has oid ${n.targetOid}, nothing was renamed: drop the copy (DROP DATABASE ${sqlIdent(n.copy)};).`
      )
  }
}

function swapFix(state: SwapState, n: SwapNames): string {
  return state.kind === 'swapped'
    ? `'${n.target}' holds the backup's data now, and its checks did not all run: check it before the application writes to it, then keep it (and drop '${n.previous}' when no longer needed) or put the previous database back with the statements above.`
    : `Read pg_database as above before anything writes to '${n.target}', then act on what it shows.`
}

/** A session on the maintenance database (`postgres`, else `template1`): renaming needs one that is neither. */
async function openMaintenanceSession(target: DatabaseTarget, inputs: Inputs): Promise<Session> {
  let first: unknown
  for (const database of ['postgres', 'template1']) {
    if (database === target.database) continue
    try {
      return await openTargetSession({ ...target, database }, inputs, { readOnly: false, applicationName: 'db-deploy-action restore' })
    } catch (err) {
      first ??= err
    }
  }
  throw new ActionError(
    `Connecting to the maintenance database ('postgres' or 'template1') failed: ${errorMessage(first)}. Renaming '${target.database}' needs a session on another database. Nothing was renamed; the target was not changed.`,
    "Grant the connecting role CONNECT on the 'postgres' database."
  )
}

/**
 * Sessions on the database that block the rename. An autovacuum worker is not one: it comes and
 * goes on the server's schedule, and ALTER DATABASE … RENAME ends it by itself.
 */
async function sessionsOn(session: Session, database: string): Promise<Connected[]> {
  const r = await session.query<Connected>(
    `SELECT pid, application_name AS application, client_addr::text AS client, usename AS user,
            extract(epoch FROM now() - backend_start)::int AS "ageSeconds", state
       FROM pg_stat_activity
      WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type IS DISTINCT FROM 'autovacuum worker' ORDER BY backend_start`,
    [database]
  )
  return r.rows
}

function describeSessions(list: Connected[]): string {
  const shown = list.slice(0, 10).map(s => `pid ${s.pid} (${[s.application ? `application '${s.application}'` : 'no application name', s.user ? `user ${s.user}` : '', s.client ? `from ${s.client}` : 'local', s.ageSeconds !== null ? `connected ${formatDuration(s.ageSeconds * 1000)}` : '', s.state ?? ''].filter(Boolean).join(', ')})`)
  return shown.join('; ') + (list.length > 10 ? `; and ${list.length - 10} more` : '')
}

async function readBooks(session: Session, schema: string): Promise<{ applied: string[]; tables: number }> {
  const t = await session.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`
  )
  let applied: string[] = []
  if (await migrationsTableExists(session, schema)) {
    const m = await session.query<{ migration_name: string }>(
      `SELECT migration_name FROM ${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`
    )
    applied = m.rows.map(r => r.migration_name)
  }
  return { applied, tables: Number(t.rows[0]?.n ?? 0) }
}

async function readProperties(session: Session, database: string): Promise<DatabaseProperties> {
  const r = await session.query<{
    oid: number
    owner: string
    encoding: string
    raw: Record<string, unknown>
    comment: string | null
    acl: { grantee: string | null; privilege: string; grantable: boolean }[] | null
    settings: { role: string | null; config: string[] }[]
  }>(
    `SELECT d.oid::int AS oid, pg_get_userbyid(d.datdba) AS owner, pg_encoding_to_char(d.encoding) AS encoding, to_jsonb(d) AS raw,
            shobj_description(d.oid, 'pg_database') AS comment,
            CASE WHEN d.datacl IS NULL THEN NULL ELSE
              (SELECT coalesce(json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,
                                                          'privilege', a.privilege_type, 'grantable', a.is_grantable)
                                        ORDER BY a.grantee, a.privilege_type), '[]') FROM aclexplode(d.datacl) a) END AS acl,
            (SELECT coalesce(json_agg(json_build_object('role', CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END, 'config', s.setconfig)
                                      ORDER BY s.setrole), '[]') FROM pg_db_role_setting s WHERE s.setdatabase = d.oid) AS settings
       FROM pg_database d WHERE d.datname = $1`,
    [database]
  )
  const row = r.rows[0]
  if (!row) throw new ActionError(`Database '${database}' was not found in pg_database.`, 'Check the database URL.')
  const raw = row.raw
  const provider = typeof raw.datlocprovider === 'string' ? raw.datlocprovider : 'c'
  const locale = (raw.datlocale ?? raw.daticulocale ?? null) as string | null
  return {
    oid: row.oid,
    owner: row.owner,
    encoding: row.encoding,
    collate: String(raw.datcollate),
    ctype: String(raw.datctype),
    localeProvider: provider,
    locale,
    connectionLimit: Number(raw.datconnlimit),
    comment: row.comment,
    acl: row.acl,
    settings: row.settings.map(s => ({ role: s.role, config: [...s.config].sort() }))
  }
}

// Settings whose value is a list, stored with each element quoted as needed (as pg_dump treats them).
const LIST_SETTINGS = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'shared_preload_libraries', 'local_preload_libraries', 'unix_socket_directories'])

/** `name=value` of pg_db_role_setting as the value part of `SET name TO …`. */
function settingValue(session: Session, name: string, value: string): string {
  if (!LIST_SETTINGS.has(name.toLowerCase())) return session.escapeLiteral(value)
  const items: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string
    if (c === '"') {
      if (quoted && value[i + 1] === '"') {
        current += '"'
        i++
      } else quoted = !quoted
    } else if (c === ',' && !quoted) {
      items.push(current.trim())
      current = ''
    } else current += c
  }
  items.push(current.trim())
  return items.map(i => session.escapeLiteral(i)).join(', ')
}

/** Gives database `name` the owner, settings, privileges, connection limit and comment of `props`. */
async function applyProperties(session: Session, name: string, props: DatabaseProperties): Promise<void> {
  const db = session.escapeIdentifier(name)
  await session.query(`ALTER DATABASE ${db} OWNER TO ${session.escapeIdentifier(props.owner)}`)
  for (const group of props.settings) {
    for (const entry of group.config) {
      const at = entry.indexOf('=')
      const key = entry.slice(0, at)
      const value = entry.slice(at + 1)
      const set = `SET ${session.escapeIdentifier(key)} TO ${settingValue(session, key, value)}`
      await session.query(group.role ? `ALTER ROLE ${session.escapeIdentifier(group.role)} IN DATABASE ${db} ${set}` : `ALTER DATABASE ${db} ${set}`)
    }
  }
  if (props.acl) {
    await session.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`)
    await session.query(`REVOKE ALL ON DATABASE ${db} FROM ${session.escapeIdentifier(props.owner)}`)
    for (const a of props.acl) {
      await session.query(`GRANT ${a.privilege} ON DATABASE ${db} TO ${a.grantee ? session.escapeIdentifier(a.grantee) : 'PUBLIC'}${a.grantable ? ' WITH GRANT OPTION' : ''}`)
    }
  }
  if (props.connectionLimit !== -1) await session.query(`ALTER DATABASE ${db} CONNECTION LIMIT ${Number(props.connectionLimit)}`)
  if (props.comment !== null) await session.query(`COMMENT ON DATABASE ${db} IS ${session.escapeLiteral(props.comment)}`)
}

function propertiesDifference(a: DatabaseProperties, b: DatabaseProperties): string | undefined {
  const pairs: [string, unknown, unknown][] = [
    ['owner', a.owner, b.owner],
    ['encoding', a.encoding, b.encoding],
    ['collation', a.collate, b.collate],
    ['ctype', a.ctype, b.ctype],
    ['settings', a.settings, b.settings],
    ['privileges', a.acl, b.acl],
    ['connection limit', a.connectionLimit, b.connectionLimit],
    ['comment', a.comment, b.comment]
  ]
  const differ = pairs.filter(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y))
  return differ.length ? differ.map(([n, x, y]) => `${n} ${JSON.stringify(x)} here, ${JSON.stringify(y)} on the copy`).join('; ') : undefined
}

/** At most `max` bytes of `s` in UTF-8, cut on a character boundary. */
function truncateBytes(s: string, max: number): string {
  let out = ''
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break
    out += ch
  }
  return out
}

