import type { Session } from '../postgres/session.js'
import { MIGRATIONS_TABLE } from './books.js'

/**
 * Writing Prisma Migrate's books exactly as `prisma migrate deploy` does
 * (reference/prisma-bookkeeping.md): same table, columns, UUID v4 ids, checksums and failure rows.
 */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369

/** Prisma's DDL, unqualified: it is run with `search_path` set to the target schema. */
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE ${MIGRATIONS_TABLE} (
    id                  VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum            VARCHAR(64) NOT NULL,
    finished_at         TIMESTAMPTZ,
    migration_name      VARCHAR(255) NOT NULL,
    logs                TEXT,
    rolled_back_at      TIMESTAMPTZ,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count INTEGER NOT NULL DEFAULT 0
)`

export function qualifiedTable(session: Session, schema: string): string {
  return `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`
}

/**
 * The row Prisma writes before running a migration (UUID v4 id, checksum, `started_at` now,
 * `applied_steps_count` 0), as a literal statement so it can share the migration's transaction.
 */
export function startedRowSql(session: Session, schema: string, id: string, name: string, checksum: string): string {
  const lit = (v: string): string => session.escapeLiteral(v)
  return `INSERT INTO ${qualifiedTable(session, schema)} (id, checksum, started_at, migration_name, applied_steps_count) VALUES (${lit(id)}, ${lit(checksum)}, now(), ${lit(name)}, 0)`
}

/** The statement that marks a row finished; literal so it can run in the migration's own transaction. */
export function finishRowSql(session: Session, schema: string, id: string): string {
  return `UPDATE ${qualifiedTable(session, schema)} SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = ${session.escapeLiteral(id)}`
}

/** Records a failure as Prisma does: `logs` set, `finished_at` and `rolled_back_at` left NULL. */
export async function recordFailure(session: Session, schema: string, id: string, logs: string): Promise<void> {
  await session.query(`UPDATE ${qualifiedTable(session, schema)} SET logs = $2 WHERE id = $1`, [id, logs])
}

/**
 * The failed row as Prisma leaves it, whether or not the started row survived the failure (in an
 * all-or-nothing file it is rolled back with the file; a COMMIT inside the file may have kept it):
 * the started row written when missing, then `logs` set. Throws when either write is refused.
 */
export async function writeFailedRow(session: Session, schema: string, id: string, name: string, checksum: string, logs: string): Promise<void> {
  const table = qualifiedTable(session, schema)
  await session.query(
    `INSERT INTO ${table} (id, checksum, started_at, migration_name, applied_steps_count)
     SELECT $1::text, $2::text, now(), $3::text, 0 WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE id = $1::text)`,
    [id, checksum, name]
  )
  const res = await session.query(`UPDATE ${table} SET logs = $2 WHERE id = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`, [id, logs])
  if (res.rowCount !== 1) throw new Error(`the row ${id} was not found failed after writing it`)
}

interface PgError {
  code?: string
  message?: string
  detail?: string
  hint?: string
  position?: string
  where?: string
}

/** The text Prisma stores in `logs` for a failed migration (its "Database error" rendering). */
export function prismaStyleLogs(migrationName: string, err: unknown): string {
  const e = (err ?? {}) as PgError
  const lines = [`Migration name: ${migrationName}`, '']
  if (e.code) lines.push(`Database error code: ${e.code}`, '')
  lines.push('Database error:', `ERROR: ${e.message ?? String(err)}`)
  if (e.detail) lines.push(`DETAIL: ${e.detail}`)
  if (e.hint) lines.push(`HINT: ${e.hint}`)
  if (e.position) lines.push(`POSITION: ${e.position}`)
  if (e.where) lines.push(`CONTEXT: ${e.where}`)
  return lines.join('\n')
}
