import * as path from 'node:path'
import * as v8 from 'node:v8'
import { fileURLToPath } from 'node:url'
import type { PgNode } from './types.js'

/**
 * Parsing with PostgreSQL's own parser (libpg-query, the server's grammar compiled to
 * WebAssembly). Facts this module relies on, measured on libpg-query 18:
 * - statement positions (`stmt_location`, `stmt_len`) and scanner token positions are UTF-8 byte
 *   offsets into the text, so they are applied to the file's bytes, never to a JS string;
 * - `stmt_len` absent (zero is omitted from the JSON) means "to the end of the text";
 * - a syntax error carries `cursorPosition`, a 0-based offset in characters (not bytes).
 */

type Parser = typeof import('libpg-query')
let parser: Parser | undefined
let loading: Promise<Parser> | undefined

/**
 * Loads the WebAssembly module once per process, on first use (not at start-up). libpg-query's
 * loader finds `libpg-query.wasm` in `__dirname`, which an ES module bundle does not have: while it
 * loads, `__dirname` names this module's folder (dist/, where the bundle ships the wasm); a
 * CommonJS copy of the package (tests) keeps its own.
 */
export function loadParser(): Promise<Parser> {
  loading ??= (async () => {
    // PostgreSQL's grammar is one huge WebAssembly function: V8's optimizing tier spends longer
    // compiling it than a verify run spends parsing (measured on 1000 files: about 2-3x slower in
    // total). Its baseline compiler alone is fast enough; the flag only concerns WebAssembly
    // compiled from now on in this process, and the parser is its only module.
    v8.setFlagsFromString('--liftoff-only')
    const g = globalThis as { __dirname?: string }
    const shim = g.__dirname === undefined
    if (shim) g.__dirname = path.dirname(fileURLToPath(import.meta.url))
    try {
      const mod = await import('libpg-query')
      await mod.loadModule()
      parser = mod
      return mod
    } finally {
      if (shim) delete g.__dirname
    }
  })()
  return loading
}

function loaded(): Parser {
  if (!parser) throw new Error('internal: parseSql before loadParser')
  return parser
}

export interface ParsedStatement {
  /** 0-based index in the file. */
  index: number
  node: PgNode
  /** The node's type, e.g. `AlterTableStmt`. */
  kind: string
  /** Byte offset of the statement's first token (after leading comments and blanks). */
  start: number
  end: number
  line: number
  text: string
}

export interface SqlComment {
  start: number
  line: number
  text: string
}

export interface ParsedFile {
  statements: ParsedStatement[]
  comments: SqlComment[]
  /** Set when the file does not parse: nothing else is known about it. */
  error?: { message: string; line: number; column: number }
}

/** Parses one file's bytes. Never throws for bad SQL: a syntax error is returned with its position. */
export function parseSql(bytes: Buffer): ParsedFile {
  const text = bytes.toString('utf8')
  let tree: PgNode
  try {
    tree = loaded().parseSync(text)
  } catch (err) {
    const details = (err as { sqlDetails?: { cursorPosition?: number; message?: string } }).sqlDetails
    const charPos = Math.max(0, Math.min(text.length, details?.cursorPosition ?? 0))
    const before = text.slice(0, charPos)
    const line = before.split('\n').length
    const column = charPos - (before.lastIndexOf('\n') + 1) + 1
    return { statements: [], comments: [], error: { message: details?.message ?? (err as Error).message, line, column } }
  }

  const lines = lineStarts(bytes)
  const lineOf = (byte: number): number => {
    let lo = 0
    let hi = lines.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lines[mid] <= byte) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }

  // The scanner gives the comments (the parser drops them). Only allow comments are needed, so a
  // file without the marker is not scanned (scanning costs more than parsing).
  let comments: SqlComment[] = []
  if (bytes.includes(ALLOW_MARKER)) {
    try {
      comments = loaded()
        .scanSync(text)
        .tokens.filter(t => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT')
        .map(t => ({ start: t.start, line: lineOf(t.start), text: bytes.subarray(t.start, t.end).toString('utf8') }))
    } catch {
      comments = []
    }
  }

  const statements: ParsedStatement[] = []
  for (const [index, raw] of ((tree.stmts ?? []) as PgNode[]).entries()) {
    const location: number = raw.stmt_location ?? 0
    const end: number = raw.stmt_len ? location + raw.stmt_len : bytes.length
    // `stmt_location` may point at blanks or comments before the first token.
    const start = Math.min(skipBlanksAndComments(bytes, location), end)
    const kind = Object.keys(raw.stmt ?? {})[0] ?? 'Unknown'
    statements.push({
      index,
      node: raw.stmt?.[kind] ?? {},
      kind,
      start,
      end,
      line: lineOf(start),
      text: bytes.subarray(start, end).toString('utf8')
    })
  }
  return { statements, comments }
}

function lineStarts(bytes: Buffer): number[] {
  const starts = [0]
  let i = bytes.indexOf(10)
  while (i !== -1) {
    starts.push(i + 1)
    i = bytes.indexOf(10, i + 1)
  }
  return starts
}

const ALLOW_MARKER = Buffer.from('db-deploy:')

/** From a position between statements, the first byte of the next token: blanks, `--` and nested `/* *\/` comments skipped. */
function skipBlanksAndComments(bytes: Buffer, at: number): number {
  let i = at
  for (;;) {
    const c = bytes[i]
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) i++
    else if (c === 45 && bytes[i + 1] === 45) {
      const nl = bytes.indexOf(10, i)
      i = nl === -1 ? bytes.length : nl + 1
    } else if (c === 47 && bytes[i + 1] === 42) {
      let depth = 1
      i += 2
      while (i < bytes.length && depth > 0) {
        if (bytes[i] === 47 && bytes[i + 1] === 42) {
          depth++
          i += 2
        } else if (bytes[i] === 42 && bytes[i + 1] === 47) {
          depth--
          i += 2
        } else i++
      }
    } else return i
  }
}

/** SQL found inside a statement (a function body, an EXECUTE string): its statement nodes, or the parser's message. */
export function parseNested(sql: string): { statements: PgNode[] } | { error: string } {
  try {
    const tree = loaded().parseSync(sql) as PgNode
    return { statements: ((tree.stmts ?? []) as PgNode[]).map(s => s.stmt ?? {}) }
  } catch (err) {
    return { error: (err as { sqlDetails?: { message?: string } }).sqlDetails?.message ?? (err as Error).message }
  }
}

/** A CREATE FUNCTION statement in PL/pgSQL through the parser's PL/pgSQL support: the function's tree, or the message. */
export function parsePlpgsqlFunction(sql: string): { tree: PgNode } | { error: string } {
  try {
    const result = loaded().parsePlPgSQLSync(sql) as PgNode
    const fn = result?.plpgsql_funcs?.[0]?.PLpgSQL_function
    return fn ? { tree: fn } : { error: 'no PL/pgSQL function in it' }
  } catch (err) {
    return { error: (err as { sqlDetails?: { message?: string } }).sqlDetails?.message ?? (err as Error).message }
  }
}
