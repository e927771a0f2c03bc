import type { Session } from '../postgres/session.js'
import { type TableRef, tableKey } from './types.js'
import { sqlIdent } from '../postgres/sql-text.js'

/**
 * What the database says, read on verify's read-only session (SPEC 4): the server version, each
 * existing table's size, row estimate, whether it holds a row at all, its columns' current types,
 * its foreign keys and validated NOT NULL checks; the volatility of functions named in defaults
 * (`pg_proc.provolatile`); the values of existing enums; the settings a deploy session inherits.
 */
export interface ColumnFacts {
  /** `pg_type.typname`, e.g. `varchar`, `int4`, `_text` for an array. */
  typname: string
  typmod: number
  /** `format_type`, for messages, e.g. `character varying(20)`. */
  shown: string
  notNull: boolean
}

export interface TableFacts {
  ref: TableRef
  totalBytes: number
  /** `pg_class.reltuples`: -1 when never analyzed or vacuumed. */
  rowEstimate: number
  /** From `SELECT EXISTS (SELECT 1 FROM ONLY t)`; undefined when the role may not read the table. */
  hasRows: boolean | undefined
  /** Sequential and index scans counted since the statistics were last reset. */
  scans: number
  columns: Map<string, ColumnFacts>
  /** Tables its foreign keys reference. */
  references: TableRef[]
  /** Its foreign keys by name, with the table each references. */
  foreignKeys: Map<string, TableRef>
  /** Columns covered by a validated `CHECK (col IS NOT NULL)`. */
  notNullChecked: Set<string>
}

export interface LiveFacts {
  versionNum: number
  /** The session's TimeZone (timestamp ↔ timestamptz rewrites depend on it). */
  timeZone: string
  /** lock_timeout a new session of this role on this database starts with, e.g. `0` or `5s`; how it was found. */
  lockTimeout: { value: string; source: string }
  tables: Map<string, TableFacts>
  /** Function name → the volatilities of all functions of that name (`i`, `s`, `v`). */
  volatility: Map<string, Set<string>>
  enums: Map<string, string[]>
}

export async function readLiveFacts(
  session: Session,
  want: { tables: TableRef[]; functions: string[]; enums: TableRef[] }
): Promise<LiveFacts> {
  const settings = await session.query<{ num: string; tz: string; role_db: string | null; role: string | null; db: string | null; boot: string }>(
    `SELECT current_setting('server_version_num') AS num,
            current_setting('TimeZone') AS tz,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                AND r.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS role_db,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND r.setdatabase = 0
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS role,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = 0 AND r.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS db,
            (SELECT boot_val FROM pg_settings WHERE name = 'lock_timeout') AS boot`
  )
  const s = settings.rows[0]
  if (!s) throw new Error('internal: the settings query returned no row')
  const fromSetting = (v: string | null): string | undefined => (v === null ? undefined : v.slice('lock_timeout='.length))
  const lockTimeout =
    fromSetting(s.role_db) !== undefined
      ? { value: fromSetting(s.role_db) as string, source: 'ALTER ROLE … IN DATABASE … SET lock_timeout' }
      : fromSetting(s.role) !== undefined
        ? { value: fromSetting(s.role) as string, source: 'ALTER ROLE … SET lock_timeout' }
        : fromSetting(s.db) !== undefined
          ? { value: fromSetting(s.db) as string, source: 'ALTER DATABASE … SET lock_timeout' }
          : { value: s.boot, source: 'no role or database setting' }

  const facts: LiveFacts = {
    versionNum: Number(s.num),
    timeZone: s.tz,
    lockTimeout,
    tables: new Map(),
    volatility: new Map(),
    enums: new Map()
  }

  const unique = (refs: TableRef[]): TableRef[] => [...new Map(refs.map(r => [tableKey(r), r])).values()]
  const tables = unique(want.tables)
  if (tables.length > 0) {
    const rel = await session.query<{ oid: number; nspname: string; relname: string; total: string; reltuples: number; scans: string }>(
      `SELECT c.oid::int AS oid, n.nspname, c.relname, pg_total_relation_size(c.oid)::text AS total, c.reltuples::float8 AS reltuples,
              (COALESCE(st.seq_scan, 0) + COALESCE(st.idx_scan, 0))::text AS scans
         FROM unnest($1::text[], $2::text[]) AS w(nsp, rel)
         JOIN pg_namespace n ON n.nspname = w.nsp
         JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.rel AND c.relkind IN ('r', 'p')
         LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid`,
      [tables.map(t => t.schema), tables.map(t => t.name)]
    )
    const byOid = new Map<number, TableFacts>()
    for (const r of rel.rows) {
      const t: TableFacts = {
        ref: { schema: r.nspname, name: r.relname },
        totalBytes: Number(r.total),
        rowEstimate: r.reltuples,
        hasRows: undefined,
        scans: Number(r.scans),
        columns: new Map(),
        references: [],
        foreignKeys: new Map(),
        notNullChecked: new Set()
      }
      byOid.set(r.oid, t)
      facts.tables.set(tableKey(t.ref), t)
    }
    if (byOid.size > 0) {
      const oids = [...byOid.keys()]
      const cols = await session.query<{ rel: number; attname: string; typname: string; typmod: number; shown: string; notnull: boolean }>(
        `SELECT a.attrelid::int AS rel, a.attname, t.typname, a.atttypmod AS typmod, format_type(a.atttypid, a.atttypmod) AS shown, a.attnotnull AS notnull
           FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
          WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`,
        [oids]
      )
      for (const c of cols.rows) byOid.get(c.rel)?.columns.set(c.attname, { typname: c.typname, typmod: c.typmod, shown: c.shown, notNull: c.notnull })
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
        if (c.contype === 'c' && m) t.notNullChecked.add((m[2] as string).replace(/""/g, '"'))
      }
      await readHasRows(session, [...byOid.values()])
    }
  }

  const functions = [...new Set(want.functions)]
  if (functions.length > 0) {
    const res = await session.query<{ proname: string; vols: string[] }>(
      `SELECT proname, array_agg(DISTINCT provolatile::text) AS vols FROM pg_proc WHERE proname = ANY($1::text[]) GROUP BY proname`,
      [functions]
    )
    for (const r of res.rows) facts.volatility.set(r.proname, new Set(r.vols))
  }

  const enums = unique(want.enums)
  if (enums.length > 0) {
    const res = await session.query<{ nspname: string; typname: string; labels: string[] }>(
      `SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM unnest($1::text[], $2::text[]) AS w(nsp, typ)
         JOIN pg_namespace n ON n.nspname = w.nsp
         JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = w.typ
         JOIN pg_enum e ON e.enumtypid = t.oid
        GROUP BY n.nspname, t.typname`,
      [enums.map(t => t.schema), enums.map(t => t.name)]
    )
    for (const r of res.rows) facts.enums.set(tableKey({ schema: r.nspname, name: r.typname }), r.labels)
  }
  return facts
}

/** Whether each table holds a row: one query for all; table by table when the role may not read one. */
async function readHasRows(session: Session, tables: TableFacts[]): Promise<void> {
  const probe = (t: TableFacts): string => `EXISTS (SELECT 1 FROM ONLY ${sqlIdent(t.ref.schema)}.${sqlIdent(t.ref.name)} LIMIT 1)`
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

export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${v} bytes` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`
}

export function formatRows(t: TableFacts): string {
  if (t.hasRows === false) return '0 rows'
  if (t.rowEstimate >= 0) return `~${Math.round(t.rowEstimate).toLocaleString('en-US')} rows (estimate)`
  return t.hasRows ? 'has rows (never analyzed: no estimate)' : 'rows unknown'
}
