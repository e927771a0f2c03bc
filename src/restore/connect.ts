import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError, errorMessage } from '../errors.js'
import { openSession, type Session, type SessionOptions } from '../postgres/session.js'

/** The application name of every session the restore opens (its checks open their own). */
export const RESTORE_APPLICATION = 'db-deploy-action restore'

/** A session of the restore on `target`: statements may run 5 minutes, locks are waited for 10 s. */
export function openTargetSession(target: DatabaseTarget, connectTimeoutMs: number, o: Pick<SessionOptions, 'readOnly' | 'applicationName'>): Promise<Session> {
  return openSession(target, { ...o, connectTimeoutMs, statementTimeoutMs: 300_000, lockTimeoutMs: 10_000 })
}

/** A session on the maintenance database (`postgres`, else `template1`): renaming needs one that is neither. */
export async function openMaintenanceSession(target: DatabaseTarget, connectTimeoutMs: number): Promise<Session> {
  let first: unknown
  for (const database of ['postgres', 'template1']) {
    if (database === target.database) continue
    try {
      return await openTargetSession({ ...target, database }, connectTimeoutMs, { readOnly: false, applicationName: RESTORE_APPLICATION })
    } catch (err) {
      first ??= err
    }
  }
  throw new ActionError(
    `Connecting to the maintenance database ('postgres' or 'template1') failed: ${errorMessage(first)}. Renaming '${target.database}' needs a session on another database. Nothing was renamed; the target was not changed.`,
    "Grant the connecting role CONNECT on the 'postgres' database."
  )
}
