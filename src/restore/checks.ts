import * as path from 'node:path'
import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError } from '../errors.js'
import { closeSession, type Session } from '../postgres/session.js'
import type { BackupManifest } from '../backup/manifest.js'
import { manifestPathFor, readManifest } from '../archive/manifest-file.js'
import { majorOf, versionProblem } from '../archive/versions.js'
import { openTargetSession, RESTORE_APPLICATION } from './connect.js'
import { sessionsOn, describeSessions, type Connected } from './sessions.js'
import { copyNamePrefix } from './swap.js'
import { sqlIdent } from '../postgres/sql-text.js'
import { info, warning } from '../log.js'
import { counted } from '../format.js'

/**
 * The restore's checks before anything is written: the typed confirmation, the manifest of the
 * target's own database, the server (versions, privileges, copies left behind) and the other
 * sessions on the target. Each returns its value and its step's line.
 */

/** The server the backup is restored to, read before anything is written. */
export interface ServerFacts {
  version: string
  major: number
  /** The other sessions on the target. */
  connected: Connected[]
}

/** The typed confirmation: `confirm-restore` must be the target database's name, exactly. */
export function confirmTarget(confirmRestore: string | undefined, target: DatabaseTarget): [undefined, string] {
  if (!confirmRestore) {
    throw new ActionError(
      `The restore phase needs 'confirm-restore', and it is empty; nothing was done. The target database is '${target.database}'.`,
      `Set 'confirm-restore' to '${target.database}' (the database's name, typed exactly) to confirm that this database is to be replaced by the backup.`
    )
  }
  if (confirmRestore !== target.database) {
    throw new ActionError(
      `'confirm-restore' is '${confirmRestore}', and the target database is '${target.database}': they must be equal, exactly. Nothing was done; no connection was made.`,
      `Check that the database URL names the database you mean to restore, then type its name exactly in 'confirm-restore'.`
    )
  }
  return [undefined, `'${target.database}' typed exactly`]
}

/** The manifest beside the backup: it must be of the target database. */
export async function readRestoreManifest(backupPath: string | undefined, target: DatabaseTarget): Promise<[BackupManifest, string]> {
  if (!backupPath) {
    throw new ActionError(
      "No 'backup-path' was given: there is nothing to restore.",
      "Set 'backup-path' to the backup (the .age file of the backup artifact, or a plaintext archive), with its manifest beside it."
    )
  }
  const file = manifestPathFor(backupPath)
  const m = await readManifest(file, 'Put the manifest (<name>.manifest.json, written by the backup phase and uploaded with the .age file) beside the backup, under its own name.')
  if (m.database !== target.database) {
    throw new ActionError(
      `The backup is of database '${m.database}' (host ${m.host}), and the target is database '${target.database}' (host ${target.host}): a backup is restored only into the database it was taken from. Nothing was done.`,
      `Restore a backup of '${target.database}', or point the database URL at '${m.database}'.`
    )
  }
  if (m.host !== target.host)
    warning(`The backup was taken through host '${m.host}'; the target is reached through '${target.host}' (same database name '${m.database}'). Check that they are the same server.`)
  return [
    m,
    `${path.basename(file)}: database '${m.database}', PostgreSQL ${m.serverVersion}, ${counted(m.migrationsApplied.length, 'migration')} applied, taken ${m.createdAt}${m.runId ? ` by run ${m.runId}` : ''}`
  ]
}

/** The server's version against the backup's, the role's privileges, the other sessions; warns of copies left behind. */
export async function checkServer(target: DatabaseTarget, connectTimeoutMs: number, manifest: BackupManifest): Promise<[ServerFacts, string]> {
  const session = await openTargetSession(target, connectTimeoutMs, { readOnly: true, applicationName: RESTORE_APPLICATION })
  try {
    const v = await session.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)
    const version = (v.rows[0]?.version ?? '').split(' ')[0]
    const problem = versionProblem(manifest, version)
    if (problem) throw problem
    await checkRestorePrivileges(session)
    const connected = await sessionsOn(session, target.database)
    // Copies a restore killed with SIGKILL could not drop: named so they never take the target's name.
    const stale = await session.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND substr(datname, length($1) + 1) ~ '^[0-9a-f]{8}$' ORDER BY 1`, [
      copyNamePrefix(target.database)
    ])
    if (stale.rows.length > 0) {
      warning(
        `Left behind by an earlier restore that did not finish (killed before it could clean up): ${stale.rows.map(r => `'${r.datname}'`).join(', ')}. They are not used; drop them (DROP DATABASE "<name>";) once no restore is running.`
      )
    }
    return [
      { version, major: majorOf(version), connected },
      `PostgreSQL ${version} (the backup is of ${manifest.serverVersion}); ${connected.length} other session${connected.length === 1 ? '' : 's'} on '${target.database}'`
    ]
  } finally {
    await closeSession(session)
  }
}

/**
 * What the restore will need, checked before anything is written: creating the copy (CREATEDB, and
 * CREATE on the target's tablespace when it is not pg_default: the copy is created in it), renaming
 * the target and giving the copy its owner (the owner's role).
 */
async function checkRestorePrivileges(session: Session): Promise<void> {
  const role = await session.query<{ role: string; superuser: boolean; createdb: boolean; owner: string; member: boolean; tablespace: string; inTablespace: boolean }>(
    `SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreatedb AS createdb, pg_get_userbyid(d.datdba) AS owner,
            pg_has_role(current_user, d.datdba, 'MEMBER') AS member, t.spcname AS tablespace,
            (t.spcname = 'pg_default' OR has_tablespace_privilege(current_user, t.oid, 'CREATE')) AS "inTablespace"
       FROM pg_roles r, pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace
      WHERE r.rolname = current_user AND d.datname = current_database()`
  )
  const me = role.rows[0]
  if (me && !me.superuser && (!me.createdb || !me.member || !me.inTablespace)) {
    const missing = [
      !me.createdb ? 'the CREATEDB privilege (to create the database the backup is restored into)' : '',
      !me.member ? `membership in the database's owner role '${me.owner}' (to rename it and give the copy the same owner)` : '',
      !me.inTablespace ? `the CREATE privilege on tablespace '${me.tablespace}', the database's (the copy is created in it, so that it comes back where it was)` : ''
    ]
      .filter(Boolean)
      .join(' and ')
    const grants = [
      !me.createdb ? `ALTER ROLE ${sqlIdent(me.role)} CREATEDB;` : '',
      !me.member ? `GRANT ${sqlIdent(me.owner)} TO ${sqlIdent(me.role)};` : '',
      !me.inTablespace ? `GRANT CREATE ON TABLESPACE ${sqlIdent(me.tablespace)} TO ${sqlIdent(me.role)};` : ''
    ]
      .filter(Boolean)
      .join(' ')
    throw new ActionError(
      `The role '${me.role}' lacks ${missing}. Nothing was done.`,
      `Connect as the database's owner with what it lacks, e.g. ${grants} (as an administrator), then run the restore again.`
    )
  }
}

/** The other sessions on the target: refused unless `terminate-connections` lets the swap end them. */
export function checkSessions(terminateConnections: boolean | undefined, target: DatabaseTarget, connected: Connected[]): [undefined, string] {
  if (connected.length === 0) return [undefined, `no other session on '${target.database}'`]
  const list = describeSessions(connected)
  if (!terminateConnections) {
    throw new ActionError(
      `${connected.length} other session${connected.length === 1 ? ' is' : 's are'} connected to '${target.database}': ${list}. The restore replaces the database and refuses while anyone is connected. Nothing was done.`,
      "Stop the application (or its workers) first, or set 'terminate-connections: true' to end these sessions right before the swap."
    )
  }
  info(`Sessions on '${target.database}' (ended right before the swap, terminate-connections: true): ${list}`)
  return [undefined, `${connected.length} other session${connected.length === 1 ? '' : 's'} listed; ended right before the swap`]
}
