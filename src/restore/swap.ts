import { randomBytes } from 'node:crypto'
import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError, errorMessage } from '../errors.js'
import { closeSession, type Session } from '../postgres/session.js'
import { sqlIdent, sqlLiteral } from '../postgres/sql-text.js'
import { openMaintenanceSession } from './connect.js'
import { describeSessions, endSessionsOn, sessionsOn, type Connected } from './sessions.js'

/**
 * The swap: the restored copy takes the target's name and the target is kept under another, both
 * renames in one transaction on the maintenance database. Until it commits the target is
 * untouched; whatever happens, what the swap did is read back from pg_database, never assumed.
 */

/** The databases a restore works with: the target, the copy restored beside it, the name the target is kept under. */
export interface SwapNames {
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
export type SwapState = { kind: 'unchanged'; copy: 'dropped' | 'absent' | { left: string } } | { kind: 'swapped'; copyOid: number } | { kind: 'unknown'; why: string }

/** The session that ran the swap: until it has left the server, its transaction may still commit. */
export interface SwapBackend {
  pid: number
  started: string
}

/** The start of the name of every copy a restore of `database` creates (see swapNames). */
export function copyNamePrefix(database: string): string {
  return `${truncateBytes(database, 30)}_restore_`
}

/**
 * New names for a restore of `database`: the copy `<database>_restore_<random>` and the name the
 * target is kept under, `<database>_pre_restore_<UTC time>` (the database's name cut to 30 bytes).
 */
export function swapNames(database: string, now = new Date()): SwapNames {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')
  return {
    target: database,
    copy: `${copyNamePrefix(database)}${randomBytes(4).toString('hex')}`,
    previous: `${truncateBytes(database, 30)}_pre_restore_${stamp}`,
    targetOid: 0
  }
}

/** The server session `session` runs on, to follow it after its connection is lost. */
export async function swapBackendOf(session: Session): Promise<SwapBackend | undefined> {
  const me = await session.query<SwapBackend>(`SELECT pid, backend_start::text AS started FROM pg_stat_activity WHERE pid = pg_backend_pid()`)
  return me.rows[0]
}

/**
 * Renames the target to the kept name and the copy to the target's name, in one transaction on
 * the maintenance session. With `terminate`, the sessions on the target are ended first, and
 * again (up to 5 attempts) when they reconnect before the rename. Returns the sessions it ended.
 */
export async function swapDatabases(maintenance: Session, n: SwapNames, terminate: boolean): Promise<Connected[]> {
  let terminated: Connected[] = []
  for (let attempt = 1; ; attempt++) {
    if (terminate) terminated = terminated.concat(await endSessionsOn(maintenance, n.target))
    try {
      await maintenance.query('BEGIN')
      await maintenance.query(`ALTER DATABASE ${maintenance.escapeIdentifier(n.target)} RENAME TO ${maintenance.escapeIdentifier(n.previous)}`)
      await maintenance.query(`ALTER DATABASE ${maintenance.escapeIdentifier(n.copy)} RENAME TO ${maintenance.escapeIdentifier(n.target)}`)
      await maintenance.query('COMMIT')
      return terminated
    } catch (err) {
      await maintenance.query('ROLLBACK').catch(() => {})
      const code = (err as { code?: string }).code
      if (code === '55006') {
        const now = await sessionsOn(maintenance, n.target)
        if (terminate && attempt < 5) continue
        throw new ActionError(
          `'${n.target}' could not be swapped: ${now.length ? `sessions are connected (${describeSessions(now)})` : 'sessions were connected'}${terminate ? ' again after being ended, 5 times' : ''}.`,
          terminate ? 'Stop the application that reconnects (or block it), then run the restore again.' : "Stop the application first, or set 'terminate-connections: true'."
        )
      }
      throw new ActionError(
        `Swapping '${n.copy}' in for '${n.target}' failed: ${errorMessage(err)}.`,
        'Renaming a database needs its ownership (or superuser) and the CREATEDB privilege; check the connecting role.'
      )
    }
  }
}

/** Reads the swap's outcome from pg_database on `session` (see SwapState). */
export async function readSwapState(session: Session, names: SwapNames): Promise<SwapState> {
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
export async function settleAfterFailure(target: DatabaseTarget, connectTimeoutMs: number, names: SwapNames, backend: SwapBackend | undefined): Promise<SwapState> {
  let session: Session
  try {
    session = await openMaintenanceSession(target, connectTimeoutMs)
  } catch (err) {
    return { kind: 'unknown', why: `pg_database could not be read: ${errorMessage(err).split('\n')[0]}` }
  }
  try {
    if (backend) {
      const gone = await waitForBackendToLeave(session, backend)
      if (gone !== true) return gone
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

/**
 * Waits (30 s at most) until the swap's server session has left; after 5 s it is ended, which
 * settles its transaction, committed or not. True once it is gone; otherwise the unknown state.
 */
async function waitForBackendToLeave(session: Session, backend: SwapBackend): Promise<true | SwapState> {
  const deadline = Date.now() + 30_000
  let asked = false
  for (;;) {
    const r = await session.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2`, [backend.pid, backend.started])
    if (r.rows.length === 0) return true
    if (Date.now() > deadline) {
      return {
        kind: 'unknown',
        why: `the server session that ran the swap (pid ${backend.pid}) is still on the server 30 s after its connection failed, so its transaction may yet commit or roll back`
      }
    }
    // Its connection is gone or broken: ending it settles its transaction, committed or not.
    if (!asked && Date.now() > deadline - 25_000) {
      asked = true
      await session.query('SELECT pg_terminate_backend($1)', [backend.pid]).catch(() => {})
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** The outcome in words, every one of them from what was read back. */
export function describeSwapState(state: SwapState, n: SwapNames): string {
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

/** What to do after a failure that left the swap `state`, when it is not `unchanged`. */
export function swapFix(state: SwapState, n: SwapNames): string {
  return state.kind === 'swapped'
    ? `'${n.target}' holds the backup's data now, and its checks did not all run: check it before the application writes to it, then keep it (and drop '${n.previous}' when no longer needed) or put the previous database back with the statements above.`
    : `Read pg_database as above before anything writes to '${n.target}', then act on what it shows.`
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
