import type { Session } from '../../postgres/session.js'
import { type TableRef, tableKey } from '../types.js'
import { sqlIdent } from '../../postgres/sql-text.js'
import type { LiveFacts, TableFacts } from './facts.js'

/**
 * Each existing table's facts: its size, row estimate, scans, columns, foreign keys, validated
 * NOT NULL checks and whether it holds a row. Fills `facts.tables`.
 */
export async function readTables(session: Session, facts: LiveFacts, tables: TableRef[]): Promise<void> {
  if (tables.length === 0) return
  const byOid = await readSizes(session, facts, tables)
  if (byOid.size === 0) return
  const oids = [...byOid.keys()]
  await readColumns(session, byOid, oids)
  await readConstraints(session, byOid, oids)
  await readHasRows(
    session,
    [...byOid.values()].filter(t => t.hasRows === undefined)
  )
}

/** Size, row estimate and scans of each table, keyed by its oid. */
async function readSizes(session: Session, facts: LiveFacts, tables: TableRef[]): Promise<Map<number, TableFacts>> {
  // The size in pages is the real one (pg_relation_size), never relpages: statistics of a table
  // never analysed (or analysed while empty) say nothing. A partitioned or inherited table's
  // data is in its children, so their sizes count.
  const TREE = 'WITH RECURSIVE k(oid) AS (SELECT c.oid UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN k ON i.inhparent = k.oid)'
  const rel = await session.query<{ oid: number; nspname: string; relname: string; relkind: string; populated: boolean; total: string; pages: string; reltuples: number; scans: string }>(
    `SELECT c.oid::int AS oid, n.nspname, c.relname, c.relkind::text AS relkind, c.relispopulated AS populated, c.reltuples::float8 AS reltuples,
            (COALESCE(st.seq_scan, 0) + COALESCE(st.idx_scan, 0))::text AS scans,
            CASE WHEN c.relhassubclass THEN (${TREE} SELECT sum(pg_total_relation_size(oid)) FROM k) ELSE pg_total_relation_size(c.oid) END::text AS total,
            (CASE WHEN c.relhassubclass THEN (${TREE} SELECT sum(pg_relation_size(oid)) FROM k) ELSE pg_relation_size(c.oid) END
              / current_setting('block_size')::bigint)::text AS pages
       FROM unnest($1::text[], $2::text[]) AS w(nsp, rel)
       JOIN pg_namespace n ON n.nspname = w.nsp
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.rel AND c.relkind IN ('r', 'p', 'm')
       LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid`,
    [tables.map(t => t.schema), tables.map(t => t.name)]
  )
  const byOid = new Map<number, TableFacts>()
  for (const r of rel.rows) {
    const t: TableFacts = {
      ref: { schema: r.nspname, name: r.relname },
      relkind: r.relkind,
      totalBytes: Number(r.total),
      pages: Number(r.pages),
      rowEstimate: r.reltuples,
      // A materialized view created WITH NO DATA holds no rows (and cannot be read).
      hasRows: r.populated ? undefined : false,
      scans: Number(r.scans),
      columns: new Map(),
      references: [],
      foreignKeys: new Map(),
      notNullChecked: new Set()
    }
    byOid.set(r.oid, t)
    facts.tables.set(tableKey(t.ref), t)
  }
  return byOid
}

/** Each column's current type and NOT NULL. */
async function readColumns(session: Session, byOid: Map<number, TableFacts>, oids: number[]): Promise<void> {
  const cols = await session.query<{ rel: number; attname: string; typname: string; typmod: number; shown: string; notnull: boolean }>(
    `SELECT a.attrelid::int AS rel, a.attname, t.typname, a.atttypmod AS typmod, format_type(a.atttypid, a.atttypmod) AS shown, a.attnotnull AS notnull
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`,
    [oids]
  )
  for (const c of cols.rows) byOid.get(c.rel)?.columns.set(c.attname, { typname: c.typname, typmod: c.typmod, shown: c.shown, notNull: c.notnull })
}

/** Foreign keys (and the tables they reference) and validated `CHECK (col IS NOT NULL)` constraints. */
async function readConstraints(session: Session, byOid: Map<number, TableFacts>, oids: number[]): Promise<void> {
  const cons = await session.query<{ rel: number; conname: string; contype: string; nsp: string | null; relname: string | null; def: string }>(
    `SELECT co.conrelid::int AS rel, co.conname, co.contype, rn.nspname AS nsp, rc.relname, pg_get_constraintdef(co.oid) AS def
       FROM pg_constraint co
       LEFT JOIN pg_class rc ON rc.oid = co.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE co.conrelid = ANY($1::oid[]) AND (co.contype = 'f' OR (co.contype = 'c' AND co.convalidated))`,
    [oids]
  )
  for (const c of cons.rows) {
    const t = byOid.get(c.rel)
    if (!t) continue
    if (c.contype === 'f' && c.nsp !== null && c.relname !== null) {
      t.references.push({ schema: c.nsp, name: c.relname })
      t.foreignKeys.set(c.conname, { schema: c.nsp, name: c.relname })
    }
    const m = /^CHECK \(\(("?)(.+)\1 IS NOT NULL\)\)$/.exec(c.def)
    if (c.contype === 'c' && m) t.notNullChecked.add(m[2].replace(/""/g, '"'))
  }
}

/** Whether each table holds a row: one query for all; table by table when the role may not read one. */
async function readHasRows(session: Session, tables: TableFacts[]): Promise<void> {
  if (tables.length === 0) return
  // Without ONLY: a partitioned table holds its rows in its partitions, and ALTER TABLE, DELETE and
  // TRUNCATE reach the children of an inheritance parent too.
  const probe = (t: TableFacts): string => `EXISTS (SELECT 1 FROM ${sqlIdent(t.ref.schema)}.${sqlIdent(t.ref.name)} LIMIT 1)`
  try {
    const res = await session.query({ text: `SELECT ${tables.map((t, i) => `${probe(t)} AS "${i}"`).join(', ')}`, rowMode: 'array' })
    const row = res.rows[0] as boolean[]
    tables.forEach((t, i) => (t.hasRows = row[i]))
  } catch {
    for (const t of tables) {
      try {
        const res = await session.query<{ e: boolean }>(`SELECT ${probe(t)} AS e`)
        t.hasRows = res.rows[0]?.e
      } catch {
        t.hasRows = undefined
      }
    }
  }
}
