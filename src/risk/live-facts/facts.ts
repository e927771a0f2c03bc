import type { TableRef } from '../types.js'

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
