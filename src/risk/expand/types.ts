import type { ParsedStatement } from '../parse.js'
import type { FunctionFacts } from '../live-facts.js'
import type { PgNode } from '../types.js'

/**
 * Code a statement runs that is not the statement itself: a DO block's body, the functions and
 * procedures it calls, the SQL strings `EXECUTE` is given, the data-modifying statements of a WITH
 * clause, the statements inside CREATE SCHEMA and EXPLAIN ANALYZE, a prepared statement EXECUTE
 * runs. Whatever can be read is parsed (PL/pgSQL through the parser's PL/pgSQL support) and judged
 * like any other statement, at the line of the statement that runs it; whatever cannot be read (a
 * VOLATILE body in another language, SQL built at run time, a function that is nowhere to be found)
 * is reported as code the analysis could not see into. Built-in functions (pg_catalog) and
 * IMMUTABLE or STABLE ones (which may not modify the database) are known.
 */
export interface Unit {
  /** The statement judged: the top-level one, or one nested in it (with the top-level one's line). */
  stmt: ParsedStatement
  /** The statement of the file it belongs to (allow comments and lines refer to it). */
  top: ParsedStatement
  /** Where a nested statement comes from, for messages: `the DO block`, `function archive()`. */
  via?: string
}

export interface Unreadable {
  top: ParsedStatement
  /** What could not be read, and why. */
  message: string
  /** Where it is, when nested: `function nanoid() called in function generate_id()`. */
  via?: string
}

/** A function or procedure as written in the batch (its CREATE statement). */
export interface BatchFunction {
  schema?: string
  node: PgNode
  /** The CREATE FUNCTION statement's text (the PL/pgSQL parser takes the whole statement). */
  text: string
}

export interface ExpandContext {
  schema: string
  /** Functions and procedures created earlier in the batch, by name. */
  created: Map<string, BatchFunction[]>
  /** What the database holds under each called name read so far. */
  live: Map<string, FunctionFacts[]>
  /** The names read from the database (whether or not it holds them). */
  fetched: Set<string>
  /** Called names not read yet: to read, then expand again. */
  wanted: Set<string>
  /** The last round: a name not read by now is judged as not found. */
  final: boolean
  /** Prepared statements of the current file, by name. */
  prepared: Map<string, PgNode>
}
