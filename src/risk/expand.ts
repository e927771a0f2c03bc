/**
 * Expansion of what a statement runs beyond itself (see ./expand/types.ts for what is followed):
 * statements, the functions they call, PL/pgSQL bodies and the SQL strings EXECUTE is given.
 */
import type { ParsedStatement } from './parse.js'
import { parseNested, parsePlpgsqlFunction } from './parse.js'
import { stringList } from './context.js'
import type { PgNode } from './types.js'
import type { ExpandContext, Unit, Unreadable } from './expand/types.js'
import { constantString, doBlockAsFunction } from './expand/code-text.js'

export type { BatchFunction, ExpandContext, Unit, Unreadable } from './expand/types.js'

const MAX_DEPTH = 4
const EXECUTING = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CreateTableAsStmt', 'CopyStmt'])
const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'])

export function expand(top: ParsedStatement, cx: ExpandContext, units: Unit[], unreadable: Unreadable[]): void {
  walkStatement(top, top, undefined, cx, units, unreadable, 0, new Set())
}

function nested(top: ParsedStatement, node: PgNode, text: string): ParsedStatement | undefined {
  if (node === null || typeof node !== 'object') return undefined
  const kind = Object.keys(node)[0]
  if (kind === undefined) return undefined
  return { index: top.index, node: node[kind] ?? {}, kind, start: top.start, end: top.end, line: top.line, text }
}

function short(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max - 1)}…` : one
}

function walkStatement(stmt: ParsedStatement, top: ParsedStatement, via: string | undefined, cx: ExpandContext, units: Unit[], unreadable: Unreadable[], depth: number, calling: Set<string>): void {
  units.push(via === undefined ? { stmt, top } : { stmt, top, via })
  const n = stmt.node
  const cannot = (message: string): void => {
    unreadable.push(via === undefined ? { top, message } : { top, message, via })
  }
  const sub = (node: PgNode, how: string, text = stmt.text): void => {
    const s = nested(top, node, text)
    if (s) walkStatement(s, top, via ?? how, cx, units, unreadable, depth, calling)
  }
  switch (stmt.kind) {
    case 'DoStmt': {
      const args = (n.args ?? []) as PgNode[]
      const language = String(args.find(a => a.DefElem?.defname === 'language')?.DefElem?.arg?.String?.sval ?? 'plpgsql').toLowerCase()
      const body = String(args.find(a => a.DefElem?.defname === 'as')?.DefElem?.arg?.String?.sval ?? '')
      if (language !== 'plpgsql') {
        cannot(`A DO block in LANGUAGE ${language}: the analysis cannot read what it runs.`)
        break
      }
      const tree = parsePlpgsqlFunction(doBlockAsFunction(body))
      if ('error' in tree) {
        cannot(`The DO block's body does not parse as PL/pgSQL (${tree.error}): nothing in it was judged.`)
        break
      }
      walkPlpgsql(tree.tree, top, via ?? 'the DO block', cx, units, unreadable, depth, calling)
      break
    }
    case 'CallStmt':
      callFunction(n.funccall?.FuncCall ?? n.funccall, 'procedure', top, via, cx, units, unreadable, depth, calling, cannot)
      break
    case 'ExecuteStmt': {
      const prepared = cx.prepared.get(String(n.name))
      if (prepared) sub(prepared, `EXECUTE ${String(n.name)}`)
      else cannot(`EXECUTE ${String(n.name)}: no PREPARE ${String(n.name)} earlier in the file, so what it runs cannot be read.`)
      break
    }
    case 'PrepareStmt':
      cx.prepared.set(String(n.name), n.query)
      break
    case 'ExplainStmt': {
      const analyze = ((n.options ?? []) as PgNode[]).some(
        o => o.DefElem?.defname === 'analyze' && !['false', 'off', '0'].includes(String(o.DefElem.arg?.String?.sval ?? o.DefElem.arg?.Boolean?.boolval ?? 'true').toLowerCase())
      )
      if (analyze) sub(n.query, 'EXPLAIN ANALYZE')
      break
    }
    case 'CreateSchemaStmt':
      for (const elt of (n.schemaElts ?? []) as PgNode[]) {
        const kind = Object.keys(elt)[0]
        const inner = elt[kind]
        // The elements are created in the new schema.
        if (inner?.relation && inner.relation.schemaname === undefined) inner.relation.schemaname = n.schemaname
        sub(elt, `CREATE SCHEMA ${String(n.schemaname)}`)
      }
      break
    case 'LoadStmt':
      cannot(`LOAD '${short(String(n.filename ?? ''))}' loads a shared library into the session: its code cannot be read.`)
      break
    case 'AlterExtensionStmt':
      cannot(`ALTER EXTENSION ${String(n.extname)} UPDATE runs the extension's update scripts: what they do cannot be read here.`)
      break
    case 'CopyStmt':
      if (n.is_program) cannot(`COPY … PROGRAM runs a shell command on the database server: what it does cannot be read.`)
      break
  }
  if (DML.has(stmt.kind) || stmt.kind === 'SelectStmt') {
    for (const cte of (n.withClause?.WithClause?.ctes ?? n.withClause?.ctes ?? []) as PgNode[]) {
      const q = cte.CommonTableExpr?.ctequery
      const kind = q ? Object.keys(q)[0] : undefined
      if (kind && DML.has(kind)) sub(q, 'a WITH clause')
    }
  }
  if (EXECUTING.has(stmt.kind)) {
    for (const call of functionCalls(n)) callFunction(call, 'function', top, via, cx, units, unreadable, depth, calling, cannot)
  }
}

/** The function calls an executed statement makes (not those of its data-modifying CTEs: they are walked as statements of their own). */
function functionCalls(node: PgNode, out: PgNode[] = []): PgNode[] {
  if (Array.isArray(node)) {
    for (const x of node) functionCalls(x, out)
  } else if (node !== null && typeof node === 'object') {
    if (node.FuncCall) out.push(node.FuncCall)
    if (node.CommonTableExpr && DML.has(Object.keys(node.CommonTableExpr.ctequery ?? {})[0] ?? '')) return out
    for (const v of Object.values(node)) if (v !== null && typeof v === 'object') functionCalls(v, out)
  }
  return out
}

/**
 * A call's body, analysed like the statement's own: a function or procedure created earlier in the
 * batch, or one the database holds (its definition read with pg_get_functiondef). Built-in
 * functions (pg_catalog) are known. Anything else is code the analysis cannot read.
 */
function callFunction(
  call: PgNode,
  what: 'function' | 'procedure',
  top: ParsedStatement,
  via: string | undefined,
  cx: ExpandContext,
  units: Unit[],
  unreadable: Unreadable[],
  depth: number,
  calling: Set<string>,
  cannot: (message: string) => void
): void {
  const names = stringList(call?.funcname)
  const name = names[names.length - 1] ?? ''
  const schema = names.length > 1 ? names[names.length - 2] : undefined
  if (schema === 'pg_catalog' || name === '') return
  const shown = `${names.join('.')}()`
  if (calling.has(name)) return
  if (depth >= MAX_DEPTH) {
    cannot(`${shown} is called ${MAX_DEPTH} calls deep: the analysis stops following calls there, so what it runs was not judged.`)
    return
  }
  const inner = new Set(calling).add(name)
  const here = `${what} ${shown}${via === undefined ? '' : ` called in ${via}`}`
  const created = (cx.created.get(name) ?? []).filter(f => schema === undefined || (f.schema ?? cx.schema) === schema)
  if (created.length > 0) {
    // The latest definition in the batch is the one that runs.
    const f = created[created.length - 1]
    readBody(f.node, f.text, top, here, cx, units, unreadable, depth + 1, inner, cannot)
    return
  }
  if (!cx.fetched.has(name) && !cx.final) {
    cx.wanted.add(name)
    return
  }
  const all = cx.live.get(name) ?? []
  if (schema === undefined && all.some(f => f.schema === 'pg_catalog')) return
  const candidates = all.filter(f => schema === undefined || f.schema === schema)
  if (candidates.length === 0) {
    cannot(`${shown} is not a ${what} of the database or of a migration before it: what it runs cannot be read.`)
    return
  }
  for (const f of candidates) {
    if (f.definition === undefined) {
      // An IMMUTABLE or STABLE function may not modify the database: whatever its language, it
      // takes no lock and changes no row.
      if (f.volatility !== 'v' && f.kind === 'f') continue
      cannot(`${shown} is written in ${f.language} (and VOLATILE): the analysis cannot read what it runs.`)
      continue
    }
    const def = parseNested(f.definition)
    const node = 'statements' in def ? def.statements[0]?.CreateFunctionStmt : undefined
    if (!node) {
      cannot(`The definition of ${shown} does not parse: what it runs was not judged.`)
      continue
    }
    readBody(node, f.definition, top, here, cx, units, unreadable, depth + 1, inner, cannot)
  }
}

function readBody(
  fn: PgNode,
  text: string,
  top: ParsedStatement,
  here: string,
  cx: ExpandContext,
  units: Unit[],
  unreadable: Unreadable[],
  depth: number,
  calling: Set<string>,
  cannot: (message: string) => void
): void {
  const options = (fn.options ?? []) as PgNode[]
  const language = String(options.find(o => o.DefElem?.defname === 'language')?.DefElem?.arg?.String?.sval ?? 'sql').toLowerCase()
  const body = stringList(options.find(o => o.DefElem?.defname === 'as')?.DefElem?.arg?.List?.items)
  if (language === 'sql') {
    if (fn.sql_body) {
      // BEGIN ATOMIC … END (a list of statement lists) or RETURN expr.
      const statements: PgNode[] = fn.sql_body.ReturnStmt
        ? [{ SelectStmt: { targetList: [{ ResTarget: { val: fn.sql_body.ReturnStmt.returnval } }] } }]
        : ((fn.sql_body.List?.items ?? []) as PgNode[]).flatMap(l => (l.List?.items ?? []) as PgNode[])
      for (const s of statements) {
        const p = nested(top, s, text)
        if (p) walkStatement(p, top, here, cx, units, unreadable, depth, calling)
      }
      return
    }
    const parsed = parseNested(body[0] ?? '')
    if ('error' in parsed) {
      cannot(`The body of ${here} does not parse (${parsed.error}): what it runs was not judged.`)
      return
    }
    for (const s of parsed.statements) {
      const p = nested(top, s, body[0] ?? '')
      if (p) walkStatement(p, top, here, cx, units, unreadable, depth, calling)
    }
    return
  }
  if (language === 'plpgsql') {
    const tree = parsePlpgsqlFunction(text)
    if ('error' in tree) {
      cannot(`The body of ${here} does not parse as PL/pgSQL (${tree.error}): what it runs was not judged.`)
      return
    }
    walkPlpgsql(tree.tree, top, here, cx, units, unreadable, depth, calling)
    return
  }
  const volatility = String(options.find(o => o.DefElem?.defname === 'volatility')?.DefElem?.arg?.String?.sval ?? 'volatile')
  if (!fn.is_procedure && volatility !== 'volatile') return
  cannot(`${here[0]?.toUpperCase()}${here.slice(1)} is written in ${language} (and VOLATILE): the analysis cannot read what it runs.`)
}

/**
 * Every SQL statement and expression of a PL/pgSQL function tree: statements (parse mode 0) are
 * judged like top-level ones; expressions and assignments are read for the functions they call;
 * dynamic SQL (EXECUTE, FOR … IN EXECUTE, OPEN … FOR EXECUTE, RETURN QUERY EXECUTE) is read when its
 * string is a constant, and reported as unreadable when it is built at run time.
 */
function walkPlpgsql(tree: PgNode, top: ParsedStatement, via: string, cx: ExpandContext, units: Unit[], unreadable: Unreadable[], depth: number, calling: Set<string>): void {
  const cannot = (message: string): void => {
    unreadable.push({ top, message, via })
  }
  const statements = (sql: string, how: string): void => {
    const parsed = parseNested(sql)
    if ('error' in parsed) {
      cannot(`${how} \`${short(sql)}\` does not parse (${parsed.error}): it was not judged.`)
      return
    }
    for (const s of parsed.statements) {
      const p = nested(top, s, sql)
      if (p) walkStatement(p, top, via, cx, units, unreadable, depth, calling)
    }
  }
  const dynamic = (expr: PgNode, how: string): void => {
    const q = String(expr?.PLpgSQL_expr?.query ?? '')
    const text = constantString(q)
    if (text === undefined) {
      cannot(`${how} ${short(q)} builds its SQL when it runs: what it runs cannot be read.`)
      return
    }
    statements(text, `The SQL ${how} is given`)
  }
  const walk = (node: PgNode): void => {
    if (Array.isArray(node)) {
      for (const x of node) walk(x)
      return
    }
    if (node === null || typeof node !== 'object') return
    if (node.PLpgSQL_stmt_dynexecute) {
      dynamic(node.PLpgSQL_stmt_dynexecute.query, 'EXECUTE')
      walk(node.PLpgSQL_stmt_dynexecute.params)
      return
    }
    if (node.PLpgSQL_stmt_dynfors) {
      dynamic(node.PLpgSQL_stmt_dynfors.query, 'FOR … IN EXECUTE')
      walk(node.PLpgSQL_stmt_dynfors.body)
      walk(node.PLpgSQL_stmt_dynfors.params)
      return
    }
    if (node.PLpgSQL_stmt_open?.dynquery) {
      dynamic(node.PLpgSQL_stmt_open.dynquery, 'OPEN … FOR EXECUTE')
      return
    }
    if (node.PLpgSQL_stmt_return_query?.dynquery) {
      dynamic(node.PLpgSQL_stmt_return_query.dynquery, 'RETURN QUERY EXECUTE')
      return
    }
    if (node.PLpgSQL_expr) {
      const q = String(node.PLpgSQL_expr.query ?? '')
      const mode = Number(node.PLpgSQL_expr.parseMode ?? 0)
      if (mode === 0) statements(q, 'The statement')
      else {
        // An expression (`IF f() THEN`), or an assignment (`x := f()`): read for the calls it makes.
        const expr = mode >= 3 ? q.slice(q.indexOf(':=') + 2) : q
        statements(`SELECT ${expr}`, 'The expression')
      }
      return
    }
    for (const v of Object.values(node)) if (v !== null && typeof v === 'object') walk(v)
  }
  walk(tree)
}
