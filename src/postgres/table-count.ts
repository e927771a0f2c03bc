import type { Session } from './session.js'

/**
 * The schemas that hold the database's own tables, for a query over `pg_namespace n`: not the
 * system schemas (pg_catalog, information_schema, TOAST and temporary schemas).
 */
export const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`

/**
 * The number of tables a backup's manifest records and a restore checks: ordinary and partitioned
 * tables of the whole database, the system schemas (pg_catalog, information_schema, TOAST and
 * temporary schemas) excluded. A query returning one column, for use as a scalar subquery.
 */
export const TABLE_COUNT_SQL = `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND ${USER_SCHEMA}`

/** The tables of the session's database, counted as TABLE_COUNT_SQL counts them. */
export async function countTables(session: Session): Promise<number> {
  const res = await session.query<{ count: string }>(TABLE_COUNT_SQL)
  return Number(res.rows[0]?.count ?? 0)
}
