import type { Session } from '../postgres/session.js'
import { type TableRef, tableKey } from './types.js'
import { sqlIdent } from '../postgres/sql-text.js'

/**
 * What the database says, read on verify's read-only session: the server version, each existing
 * table's size (its real size in pages, not only the statistics), row estimate, whether it holds a
 * row at all, its columns' current types, its foreign keys and validated NOT NULL checks; the
 * volatility of functions named in defaults (`pg_proc.provolatile`); the values of existing enums;
 * the settings a deploy session inherits. Only when the batch needs them: the table of each named
 * index, the columns of each domain, the tables a `TRUNCATE … CASCADE` empties, and what a
 * `… CASCADE` takes with it (`pg_depend`); and (readFunctions) the definition of each function a
 * statement calls.
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
  /** `pg_class.relkind`: `r` table, `p` partitioned table, `m` materialized view. */
  relkind: string
  /** Table, indexes and TOAST, with the partitions or inheritance children. */
  totalBytes: number
  /** The real size of the table's own data in pages (`pg_relation_size`, children included), never an estimate. */
  pages: number
  /** `pg_class.reltuples`: -1 when never analyzed or vacuumed. */
  rowEstimate: number
  /** From `SELECT EXISTS (SELECT 1 FROM t)`; undefined when the role may not read the table. */
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

/** A function as the database defines it (every overload of a name). */
export interface FunctionFacts {
  schema: string
  name: string
  language: string
  /** `f` function, `p` procedure, `a` aggregate, `w` window. */
  kind: string
  /** `pg_proc.provolatile`: `i` immutable, `s` stable (neither may modify the database), `v` volatile. */
  volatility: string
  /** `pg_get_functiondef` for SQL and PL/pgSQL functions outside pg_catalog. */
  definition?: string
}

/** What `DROP … CASCADE` (or DROP OWNED) takes with it, from pg_depend. */
export interface Casualties {
  /** Whether the dropped object exists in the database. */
  found: boolean
  tables: TableRef[]
  columns: { table: TableRef; column: string }[]
  /** Views and materialized views, `schema.name` as shown. */
  views: string[]
  /** Foreign keys dropped from tables that stay. */
  foreignKeys: { table: TableRef; name: string }[]
}

/** An object a `DROP … CASCADE` names, as `pg_get_object_address` takes it. */
export interface DropTarget {
  key: string
  /** `pg_get_object_address`'s object type, e.g. `schema`, `type`, `table`; `role` for DROP OWNED. */
  type: string
  names: string[]
  args: string[]
  /** For functions: the text `to_regprocedure` (arguments given) or `to_regproc` (none given) resolves. */
  routine?: { text: string; argsGiven: boolean }
}

export interface LiveFacts {
  versionNum: number
  /** The session's TimeZone (timestamp ↔ timestamptz rewrites depend on it). */
  timeZone: string
  /** The role of the database URL (`current_user`): the role that deploys. */
  role: string
  /** lock_timeout a new session of this role on this database starts with, e.g. `0` or `5s`; how it was found. */
  lockTimeout: { value: string; source: string }
  tables: Map<string, TableFacts>
  /** Function name → the volatilities of all functions of that name (`i`, `s`, `v`). */
  volatility: Map<string, Set<string>>
  enums: Map<string, string[]>
  /** Index (`schema.name`) → its table. */
  indexes: Map<string, TableRef>
  /** Domain (`schema.name`) → the table columns of that domain (or of a domain over it). */
  domains: Map<string, { table: TableRef; column: string }[]>
  /** DropTarget.key → what goes with it. */
  casualties: Map<string, Casualties>
  /** Table (`schema.name`) → the tables a `TRUNCATE … CASCADE` of it empties too (through foreign keys, recursively). */
  truncatedWith: Map<string, TableRef[]>
}

export interface FactsWanted {
  tables: TableRef[]
  functions: string[]
  enums: TableRef[]
  indexes?: TableRef[]
  domains?: TableRef[]
  drops?: DropTarget[]
  truncateCascade?: TableRef[]
}

export async function readLiveFacts(session: Session, want: FactsWanted): Promise<LiveFacts> {
  const settings = await session.query<{ num: string; tz: string; who: string; role_db: string | null; role: string | null; db: string | null; boot: string }>(
    `SELECT current_setting('server_version_num') AS num,
            current_setting('TimeZone') AS tz,
            current_user::text AS who,
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
    role: s.who,
    lockTimeout,
    tables: new Map(),
    volatility: new Map(),
    enums: new Map(),
    indexes: new Map(),
    domains: new Map(),
    casualties: new Map(),
    truncatedWith: new Map()
  }

  const unique = (refs: TableRef[]): TableRef[] => [...new Map(refs.map(r => [tableKey(r), r])).values()]
  // First what names more tables (an index's table, a domain's tables, what a CASCADE drops), so
  // that their sizes are read with the others.
  const more: TableRef[] = []
  const indexes = unique(want.indexes ?? [])
  if (indexes.length > 0) {
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
  }
  const domains = unique(want.domains ?? [])
  if (domains.length > 0) {
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
  }
  for (const target of want.drops ?? []) {
    if (facts.casualties.has(target.key)) continue
    const c = await readCasualties(session, target)
    facts.casualties.set(target.key, c)
    more.push(...c.tables, ...c.columns.map(x => x.table))
  }
  const truncated = unique(want.truncateCascade ?? [])
  if (truncated.length > 0) {
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
  }

  const tables = unique([...want.tables, ...more])
  if (tables.length > 0) {
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
        if (c.contype === 'c' && m) t.notNullChecked.add((m[2]).replace(/""/g, '"'))
      }
      await readHasRows(session, [...byOid.values()].filter(t => t.hasRows === undefined))
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

/**
 * Every function and procedure of the database with one of these names, with the definition of
 * those written in SQL or PL/pgSQL outside pg_catalog (pg_get_functiondef), for the analysis to read
 * what a call runs.
 */
export async function readFunctions(session: Session, names: string[]): Promise<FunctionFacts[]> {
  if (names.length === 0) return []
  const res = await session.query<{ nsp: string; name: string; lang: string; kind: string; vol: string; def: string | null }>(
    `SELECT n.nspname AS nsp, p.proname AS name, l.lanname AS lang, p.prokind::text AS kind, p.provolatile::text AS vol,
            CASE WHEN n.nspname <> 'pg_catalog' AND l.lanname IN ('sql', 'plpgsql') AND p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE p.proname = ANY($1::text[])`,
    [names]
  )
  return res.rows.map(r => ({ schema: r.nsp, name: r.name, language: r.lang, kind: r.kind, volatility: r.vol, ...(r.def !== null ? { definition: r.def } : {}) }))
}

/**
 * Everything that goes with a dropped object, following pg_depend the way DROP … CASCADE does:
 * each object that depends on one already going (normally, automatically, as an internal part or
 * as a member of an extension) goes too, and an object that is the internal part of another takes
 * that owner with it (a view's rule takes the view). DROP OWNED starts from everything the role owns
 * in this database (pg_shdepend).
 */
async function readCasualties(session: Session, target: DropTarget): Promise<Casualties> {
  const none: Casualties = { found: false, tables: [], columns: [], views: [], foreignKeys: [] }
  let start: string
  let params: unknown[]
  if (target.type === 'role') {
    start = `SELECT s.classid, s.objid, s.objsubid FROM pg_shdepend s JOIN pg_roles r ON r.oid = s.refobjid
              WHERE s.refclassid = 'pg_authid'::regclass AND r.rolname = COALESCE($1::text, current_user) AND s.deptype = 'o'
                AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`
    params = [target.names[0] === ':current_user' ? null : target.names[0]]
  } else if (target.routine !== undefined) {
    start = `SELECT 'pg_proc'::regclass::oid, p::oid, 0 FROM (SELECT ${target.routine.argsGiven ? 'to_regprocedure($1)' : 'to_regproc($1)'} AS p) f WHERE p IS NOT NULL`
    params = [target.routine.text]
  } else {
    start = `SELECT classid, objid, objsubid FROM pg_get_object_address($1, $2::text[], $3::text[])`
    params = [target.type, target.names, target.args]
  }
  try {
    const found = await session.query(`SELECT 1 FROM (${start}) s`, params)
    if (found.rowCount === 0) return none
  } catch {
    return none
  }
  const res = await session.query<{ kind: string; relkind: string | null; nsp: string | null; rel: string | null; col: string | null; conname: string | null; gone_table: boolean }>(
    `WITH RECURSIVE dep(classid, objid, objsubid) AS (
       ${start}
       UNION
       SELECT x.classid, x.objid, x.objsubid FROM dep, LATERAL (
         SELECT d.classid, d.objid, d.objsubid FROM pg_depend d
          WHERE d.refclassid = dep.classid AND d.refobjid = dep.objid AND (dep.objsubid = 0 OR d.refobjsubid = dep.objsubid)
            AND d.deptype IN ('n', 'a', 'i', 'e', 'x', 'P', 'S')
         UNION ALL
         SELECT d.refclassid, d.refobjid, d.refobjsubid FROM pg_depend d
          WHERE d.classid = dep.classid AND d.objid = dep.objid AND d.deptype = 'i'
       ) AS x
     ),
     whole AS (SELECT objid FROM dep WHERE classid = 'pg_class'::regclass AND objsubid = 0)
     SELECT CASE WHEN dep.classid = 'pg_class'::regclass AND dep.objsubid = 0 THEN 'rel'
                 WHEN dep.classid = 'pg_class'::regclass THEN 'col' ELSE 'con' END AS kind,
            c.relkind::text AS relkind, n.nspname AS nsp, c.relname AS rel, a.attname AS col, co.conname,
            (COALESCE(c.oid, co.conrelid) IN (SELECT objid FROM whole)) AS gone_table
       FROM dep
       LEFT JOIN pg_constraint co ON dep.classid = 'pg_constraint'::regclass AND co.oid = dep.objid AND co.contype = 'f'
       LEFT JOIN pg_class c ON c.oid = CASE WHEN dep.classid = 'pg_class'::regclass THEN dep.objid ELSE co.conrelid END
       LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON dep.classid = 'pg_class'::regclass AND dep.objsubid > 0 AND a.attrelid = dep.objid AND a.attnum = dep.objsubid
      WHERE (dep.classid = 'pg_class'::regclass AND c.relkind IN ('r', 'p', 'm', 'v'))
         OR co.oid IS NOT NULL`,
    params
  )
  const out: Casualties = { found: true, tables: [], columns: [], views: [], foreignKeys: [] }
  for (const r of res.rows) {
    if (r.nsp === null || r.rel === null) continue
    const table = { schema: r.nsp, name: r.rel }
    if (r.kind === 'rel') {
      if (r.relkind === 'r' || r.relkind === 'p') out.tables.push(table)
      else out.views.push(`${r.relkind === 'm' ? 'materialized view' : 'view'} ${quoted(table)}`)
    } else if (r.kind === 'col' && !r.gone_table && (r.relkind === 'r' || r.relkind === 'p') && r.col !== null) {
      out.columns.push({ table, column: r.col })
    } else if (r.kind === 'con' && !r.gone_table && r.conname !== null) {
      out.foreignKeys.push({ table, name: r.conname })
    }
  }
  return out
}

function quoted(t: TableRef): string {
  const q = (s: string): string => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : sqlIdent(s))
  return `${q(t.schema)}.${q(t.name)}`
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

/** No row to lose: read so (or no page at all), never taken from a statistics estimate. */
export function holdsNoRows(t: TableFacts): boolean {
  return t.hasRows === false || t.pages === 0
}

/**
 * Empty: no rows and no pages beyond the first (a table whose rows were deleted but not vacuumed
 * still has its pages to scan or copy). A lock on it is held for a moment; rewriting it copies nothing.
 */
export function isEmpty(t: TableFacts): boolean {
  return holdsNoRows(t) && t.pages <= 1
}

export function formatRows(t: TableFacts): string {
  if (t.hasRows === false) return '0 rows'
  if (t.rowEstimate >= 0) return `~${Math.round(t.rowEstimate).toLocaleString('en-US')} rows (estimate)`
  return t.hasRows ? 'has rows (never analyzed: no estimate)' : 'rows unknown'
}

/** What the empty-table verdict rests on, for messages: `0 rows, 1 page`. */
export function formatEmpty(t: TableFacts): string {
  return `${t.hasRows === false ? '0 rows' : 'no data'}, ${t.pages} page${t.pages === 1 ? '' : 's'}: read from the table, not estimated`
}
