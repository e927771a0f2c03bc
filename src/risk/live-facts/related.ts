/**
 * The reads that name more tables than the statements do (an index's table, a domain's columns,
 * what TRUNCATE … CASCADE empties), so that their sizes are read with the others. Each fills its
 * map in the facts and returns the tables it named.
 */
import type { Session } from '../../postgres/session.js'
import { type TableRef, tableKey } from '../types.js'
import type { LiveFacts } from './facts.js'

/** Index (`schema.name`) → its table. */
export async function readIndexTables(session: Session, facts: LiveFacts, indexes: TableRef[]): Promise<TableRef[]> {
  const more: TableRef[] = []
  if (indexes.length === 0) return more
  const res = await session.query<{ nsp: string; idx: string; tnsp: string; tbl: string }>(
    `SELECT n.nspname AS nsp, i.relname AS idx, tn.nspname AS tnsp, t.relname AS tbl
       FROM unnest($1::text[], $2::text[]) AS w(nsp, rel)
       JOIN pg_namespace n ON n.nspname = w.nsp
       JOIN pg_class i ON i.relnamespace = n.oid AND i.relname = w.rel AND i.relkind IN ('i', 'I')
       JOIN pg_index x ON x.indexrelid = i.oid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace tn ON tn.oid = t.relnamespace`,
    [indexes.map(t => t.schema), indexes.map(t => t.name)]
  )
  for (const r of res.rows) {
    const table = { schema: r.tnsp, name: r.tbl }
    facts.indexes.set(tableKey({ schema: r.nsp, name: r.idx }), table)
    more.push(table)
  }
  return more
}

/** Domain → the table columns of that domain (or of a domain over it). */
export async function readDomainColumns(session: Session, facts: LiveFacts, domains: TableRef[]): Promise<TableRef[]> {
  const more: TableRef[] = []
  if (domains.length === 0) return more
  const res = await session.query<{ nsp: string; typ: string; tnsp: string; tbl: string; col: string }>(
    `WITH RECURSIVE d(oid, nsp, typ) AS (
       SELECT t.oid, w.nsp, w.typ FROM unnest($1::text[], $2::text[]) AS w(nsp, typ)
         JOIN pg_namespace n ON n.nspname = w.nsp
         JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = w.typ AND t.typtype = 'd'
       UNION
       SELECT t.oid, d.nsp, d.typ FROM pg_type t JOIN d ON t.typbasetype = d.oid AND t.typtype = 'd'
     )
     SELECT d.nsp, d.typ, cn.nspname AS tnsp, c.relname AS tbl, a.attname AS col
       FROM d JOIN pg_attribute a ON a.atttypid = d.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'm')
       JOIN pg_namespace cn ON cn.oid = c.relnamespace`,
    [domains.map(t => t.schema), domains.map(t => t.name)]
  )
  for (const d of domains) facts.domains.set(tableKey(d), [])
  for (const r of res.rows) {
    const table = { schema: r.tnsp, name: r.tbl }
    facts.domains.get(tableKey({ schema: r.nsp, name: r.typ }))?.push({ table, column: r.col })
    more.push(table)
  }
  return more
}

/** Table → the tables a `TRUNCATE … CASCADE` of it empties too (through foreign keys, recursively). */
export async function readTruncatedWith(session: Session, facts: LiveFacts, truncated: TableRef[]): Promise<TableRef[]> {
  const more: TableRef[] = []
  if (truncated.length === 0) return more
  const res = await session.query<{ nsp: string; rel: string; tnsp: string; tbl: string }>(
    `WITH RECURSIVE r(start_nsp, start_rel, oid) AS (
       SELECT w.nsp, w.rel, c.oid FROM unnest($1::text[], $2::text[]) AS w(nsp, rel)
         JOIN pg_namespace n ON n.nspname = w.nsp
         JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.rel AND c.relkind IN ('r', 'p')
       UNION
       SELECT r.start_nsp, r.start_rel, co.conrelid FROM pg_constraint co JOIN r ON co.confrelid = r.oid AND co.contype = 'f'
     )
     SELECT r.start_nsp AS nsp, r.start_rel AS rel, n.nspname AS tnsp, c.relname AS tbl
       FROM r JOIN pg_class c ON c.oid = r.oid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT (n.nspname = r.start_nsp AND c.relname = r.start_rel)`,
    [truncated.map(t => t.schema), truncated.map(t => t.name)]
  )
  for (const t of truncated) facts.truncatedWith.set(tableKey(t), [])
  for (const r of res.rows) {
    const table = { schema: r.tnsp, name: r.tbl }
    facts.truncatedWith.get(tableKey({ schema: r.nsp, name: r.rel }))?.push(table)
    more.push(table)
  }
  return more
}
