import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError } from '../errors.js'
import type { Session } from '../postgres/session.js'
import { TABLE_COUNT_SQL, USER_SCHEMA } from '../postgres/table-count.js'
import { migrationsTableExists, appliedMigrationNames, MIGRATIONS_TABLE } from '../prisma/books.js'
import { formatDuration } from '../format.js'
import { readTwinFacts, type TwinFacts } from './twin-facts.js'

/** What the backup reads of the database before it dumps it, for the manifest and the choice of pg_dump. */
export interface DatabaseFacts {
  serverVersion: string
  serverMajor: number
  tables: number
  databaseBytes: number
  migrationsApplied: string[]
  /** What a faithful copy needs: locale, tablespace, owner, the deploy role and the roles named. */
  twin: TwinFacts
  /** Each ordinary table's size as the catalog records it (see TABLE_BYTES_SQL), by the table's oid (as pg_restore --list shows it): how the archive's full read is shared out. */
  tableBytes: Map<string, number>
}

/**
 * The catalog's size of every ordinary table (heap and TOAST pages, as VACUUM, ANALYZE and index
 * builds last recorded them; 0 for a table never measured). From pg_class alone: pg_table_size
 * would take a lock on every table, and wait behind any session holding one.
 */
const TABLE_BYTES_SQL = `SELECT c.oid::text AS oid,
       ((c.relpages::int8 + coalesce(t.relpages, 0)::int8) * current_setting('block_size')::int8)::text AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
 WHERE c.relkind = 'r' AND ${USER_SCHEMA}`

export async function readDatabaseFacts(session: Session, target: DatabaseTarget, lockTimeoutMs: number): Promise<DatabaseFacts> {
  const schema = target.schema
  const res = await session.query<{ version: string; num: string; tables: string; bytes: string }>(
    `SELECT current_setting('server_version') AS version,
            current_setting('server_version_num') AS num,
            (${TABLE_COUNT_SQL}) AS tables,
            pg_database_size(current_database()) AS bytes`
  )
  const row = res.rows[0]
  if (!row) throw new Error('internal: no row from the server facts query')
  let migrationsApplied: string[] = []
  if (await migrationsTableExists(session, schema)) {
    const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`
    try {
      migrationsApplied = await appliedMigrationNames(session, schema)
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code !== '55P03' && code !== '57014') throw err
      const holders = await lockHolders(session, table)
      const waited = code === '55P03' ? `waited ${formatDuration(lockTimeoutMs)} for a lock on it and gave up (lock timeout)` : 'was cancelled by the statement timeout'
      throw new ActionError(
        `Reading the books (${schema}.${MIGRATIONS_TABLE}) of database '${target.database}' ${waited}: another session holds a conflicting lock on the table${holders ? ` (${holders})` : ''}, e.g. a migration or deploy in progress or a transaction left open. Nothing was dumped and no file was written.`,
        `Wait for that session to finish (find it in pg_stat_activity joined with pg_locks on '${schema}.${MIGRATIONS_TABLE}'), or end it if it is stuck, then run the backup again.`
      )
    }
  }
  return {
    serverVersion: row.version.split(' ')[0] ?? row.version,
    serverMajor: Math.floor(Number(row.num) / 10000),
    tables: Number(row.tables),
    databaseBytes: Number(row.bytes),
    migrationsApplied,
    twin: await readTwinFacts(session),
    tableBytes: new Map((await session.query<{ oid: string; bytes: string }>(TABLE_BYTES_SQL)).rows.map(r => [r.oid, Number(r.bytes)]))
  }
}

/** Who holds a lock on `table` (best effort, for the message): "pid 123 (application 'psql', idle in transaction)". */
async function lockHolders(session: Session, table: string): Promise<string | undefined> {
  try {
    const r = await session.query<{ pid: number; app: string | null; state: string | null; mode: string }>(
      `SELECT l.pid, a.application_name AS app, a.state, l.mode FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.relation = $1::regclass AND l.granted AND l.pid <> pg_backend_pid() ORDER BY l.pid`,
      [table]
    )
    if (r.rows.length === 0) return undefined
    return r.rows
      .slice(0, 3)
      .map(h => `pid ${h.pid} holds ${h.mode}${h.app ? `, application '${h.app}'` : ''}${h.state ? `, ${h.state}` : ''}`)
      .join('; ')
  } catch {
    return undefined
  }
}
