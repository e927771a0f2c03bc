import type { Session } from '../postgres/session.js'

/**
 * The books: Prisma's `_prisma_migrations` table, one row per migration started, where Prisma
 * Migrate records what it applied, what failed and what was rolled back. Everywhere in this
 * project "the books" means that table. This module reads them (read-only queries shared by the
 * verify checks, the migrators and the phases); books-writer.ts writes them as Prisma does.
 */
export const MIGRATIONS_TABLE = '_prisma_migrations'

/** Tables PostGIS creates itself; Prisma does not count them when it decides a schema is empty. */
export const POSTGIS_TABLES = ['spatial_ref_sys', 'geometry_columns', 'geography_columns', 'raster_columns', 'raster_overviews']

export interface MigrationRow {
  id: string
  /** NOT NULL in Prisma's table, but a table made by hand or an old tool may hold NULL. */
  checksum: string | null
  finished_at: Date | null
  migration_name: string
  logs: string | null
  rolled_back_at: Date | null
  started_at: Date
  applied_steps_count: number
}

export async function schemaExists(session: Session, schema: string): Promise<boolean> {
  const res = await session.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
  return res.rowCount === 1
}

export async function migrationsTableExists(session: Session, schema: string): Promise<boolean> {
  const res = await session.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`,
    [schema, MIGRATIONS_TABLE]
  )
  return res.rowCount === 1
}

/** Ordinary tables in `schema` that make it "not empty" for Prisma (P3005), PostGIS's excluded. */
export async function userTables(session: Session, schema: string, limit = 5): Promise<string[]> {
  const res = await session.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> ALL($2::text[])
      ORDER BY c.relname LIMIT $3`,
    [schema, [...POSTGIS_TABLES, MIGRATIONS_TABLE], limit]
  )
  return res.rows.map(r => r.relname)
}

/** Every row of the books, as readMigrationRows gives them; none when the schema has no books yet. */
export async function readBooksRows(session: Session, schema: string): Promise<MigrationRow[]> {
  return (await migrationsTableExists(session, schema)) ? readMigrationRows(session, schema) : []
}

/** All rows, ordered by `started_at` as Prisma reads them. The books must exist (see readBooksRows). */
export async function readMigrationRows(session: Session, schema: string): Promise<MigrationRow[]> {
  const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`
  const res = await session.query<MigrationRow>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM ${table} ORDER BY started_at, migration_name`
  )
  return res.rows
}

/**
 * The names of the migrations the books record as applied (finished, not rolled back), in the
 * order Prisma applied them; none when the schema has no books yet.
 */
export async function appliedNamesOrNone(session: Session, schema: string): Promise<string[]> {
  return (await migrationsTableExists(session, schema)) ? appliedMigrationNames(session, schema) : []
}

/** As appliedNamesOrNone, for books known to exist (see migrationsTableExists). */
export async function appliedMigrationNames(session: Session, schema: string): Promise<string[]> {
  const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`
  const res = await session.query<{ migration_name: string }>(`SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`)
  return res.rows.map(r => r.migration_name)
}

export function isFailed(row: MigrationRow): boolean {
  return row.finished_at === null && row.rolled_back_at === null
}

export function isApplied(row: MigrationRow): boolean {
  return row.finished_at !== null && row.rolled_back_at === null
}
