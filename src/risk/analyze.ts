import * as path from 'node:path'
import type { Session } from '../postgres/session.js'
import type { LocalMigration } from '../prisma/migrations-folder.js'
import { loadParser, parseSql, type ParsedFile, type ParsedStatement } from './parse.js'
import { readLiveFacts, readFunctions, formatRows, formatEmpty, isEmpty, holdsNoRows, type FunctionFacts, type LiveFacts } from './live-facts.js'
import { formatBytes } from '../format.js'
import { type BatchState, type FileState, type RuleContext, alterCommands, stringList, tableOf } from './context.js'
import { RULES, PARSE_ERROR_RULE, ALLOW_COMMENT_RULE, OPAQUE_CODE_RULE } from './rules/index.js'
import { opaqueCode } from './rules/analysis.js'
import { classify, qualifiedName, showLocks, type Work } from './classify.js'
import { expand, type ExpandContext, type Unit, type Unreadable } from './expand.js'
import { factsWanted } from './facts-wanted.js'
import { addColumnRewrite, alterTypeRewrites } from './rules/columns.js'
import { type Finding, type PgNode, type RiskLevel, levelRank, showTable, tableKey } from './types.js'

export interface RiskAnalysis {
  /** Every finding, accepted ones included (with `allowed`). */
  findings: Finding[]
  /** The highest level among findings not accepted; `none` when there are none. */
  level: RiskLevel | 'none'
  files: number
  statements: number
  /** Every statement's classification, in order (statements run inside another one included, with `via`). */
  classified: { migration: string; line: number; kind: string; via?: string; locks: { table: string; mode: string }[]; work: Work; destroysData: boolean; unclassified?: string }[]
  facts?: LiveFacts
  migrator?: 'prisma' | 'builtin'
}

export interface RiskInput {
  pending: readonly LocalMigration[]
  workspace: string
  /** The target schema: unqualified names resolve to it (Prisma sets search_path to it). */
  schema: string
  migrator: 'prisma' | 'builtin'
  session: Session
}

const ALLOW = /^--\s*db-deploy:\s*allow\b(.*)$/s

export async function analyzeMigrations(input: RiskInput): Promise<RiskAnalysis> {
  const { schema } = input
  if (input.pending.length === 0) return { findings: [], level: 'none', files: 0, statements: 0, classified: [] }
  await loadParser()
  const files: SqlFile[] = input.pending.map(m => ({
    migration: m.name,
    file: path.relative(input.workspace, m.sqlPath).split(path.sep).join('/'),
    parsed: parseSql(m.sql)
  }))

  // Pass 1: what each statement runs (nested code included), then what to read from the database.
  const expanded = await expandAll(files, schema, input.session)
  const facts = await readLiveFacts(
    input.session,
    factsWanted(
      expanded.map(e => e.units),
      schema
    )
  )

  // Pass 2: the rules, statement by statement, in the order the deploy runs them.
  const pass: Pass = {
    schema,
    facts,
    migrator: input.migrator,
    batch: { createdTables: new Set(), addedColumns: new Set(), createdEnums: new Map(), createdFunctions: new Map(), createdIndexes: new Set(), createdTypes: new Set() },
    classified: []
  }
  const findings: Finding[] = []
  let statements = 0
  for (const [fi, f] of files.entries()) {
    if (f.parsed.error) {
      findings.push(parseErrorFinding(f, f.parsed.error))
      continue
    }
    statements += f.parsed.statements.length
    findings.push(...analyzeFile(pass, f, expanded[fi]))
  }

  const open = findings.filter(x => x.allowed === undefined)
  const level = open.reduce<RiskLevel | 'none'>((max, x) => (levelRank(x.level) > levelRank(max) ? x.level : max), 'none')
  return { findings, level, files: files.length, statements, classified: pass.classified, facts, migrator: input.migrator }
}

/** A migration's SQL file, parsed. */
interface SqlFile {
  migration: string
  file: string
  parsed: ParsedFile
}

/** What the second pass carries from statement to statement and file to file. */
interface Pass {
  schema: string
  facts: LiveFacts
  migrator: 'prisma' | 'builtin'
  batch: BatchState
  classified: RiskAnalysis['classified']
}

function parseErrorFinding(f: SqlFile, error: NonNullable<ParsedFile['error']>): Finding {
  return {
    rule: PARSE_ERROR_RULE,
    level: 'high',
    file: f.file,
    migration: f.migration,
    line: error.line,
    message: `The file does not parse with PostgreSQL's parser: ${error.message} (line ${error.line}, column ${error.column}); the deploy would fail here and nothing in it was analysed.`,
    saferWay: 'Fix the SQL (run it against a development database with `prisma migrate dev`).'
  }
}

/** The findings of one file: each statement classified and checked by every rule, then the file's allow comments applied. */
function analyzeFile(pass: Pass, f: SqlFile, { units, unreadable }: Expanded): Finding[] {
  const file: FileState = { ...f, lockTimeoutSet: false, notValidHere: new Set(), lockTimeoutReported: false }
  const fileFindings: { stmt: ParsedStatement; finding: Finding }[] = []
  const opaque = opaqueFindings(unreadable)
  for (const unit of units) {
    // What could not be read in a statement is reported at its line, before what could.
    if (unit.stmt === unit.top) {
      for (const u of opaque.get(unit.top) ?? []) {
        fileFindings.push({
          stmt: unit.top,
          finding: { rule: OPAQUE_CODE_RULE, level: opaqueCode.level, file: f.file, migration: f.migration, line: unit.top.line, message: u, saferWay: opaqueCode.saferWay }
        })
      }
    }
    for (const finding of analyzeUnit(pass, file, unit)) fileFindings.push({ stmt: unit.top, finding })
    remember(unit.stmt, pass.schema, pass.batch, file, pass.facts)
  }
  return [...fileFindings.map(x => x.finding), ...applyAllows(file, fileFindings)]
}

/** One statement (or one a statement runs): its classification recorded, and what each rule finds in it. */
function analyzeUnit(pass: Pass, file: FileState, unit: Unit): Finding[] {
  const { schema, facts, batch } = pass
  const stmt = unit.stmt
  const table = tableOf(stmt.node.relation, schema)
  const cls = classify(stmt, schema, facts, cmd => (cmd.subtype === 'AT_AlterColumnType' ? alterTypeRewrites({ facts }, table, cmd) : addColumnRewrite({ facts, batch }, cmd) !== undefined))
  pass.classified.push({
    migration: file.migration,
    line: stmt.line,
    kind: stmt.kind,
    ...(unit.via !== undefined ? { via: unit.via } : {}),
    locks: cls.locks.map(l => ({ table: showTable(l.table), mode: l.mode })),
    work: cls.work,
    destroysData: cls.destroysData,
    ...(cls.unclassified !== undefined ? { unclassified: cls.unclassified } : {})
  })
  const ctx: RuleContext = { stmt, file, batch, facts, schema, cls, migrator: pass.migrator, found: [], ...(unit.via !== undefined ? { via: unit.via } : {}) }
  const out: Finding[] = []
  for (const rule of RULES) {
    for (const hit of rule.check(ctx)) {
      ctx.found.push(rule.name)
      const live = hit.table ? facts.tables.get(tableKey(hit.table)) : undefined
      let level = hit.level ?? rule.level
      let message = hit.message
      // An empty table is not a big one: a lock on it is held for a moment, and destroying its
      // data destroys nothing. Emptiness is read (a row, the real size in pages), never estimated.
      if (live && level !== 'low' && rule.empty === 'lock' && isEmpty(live)) {
        level = 'low'
        message += ` The table is empty (${formatEmpty(live)}): the lock is held for a moment, with nothing to read or copy.`
      } else if (live && level !== 'low' && rule.empty === 'data' && holdsNoRows(live)) {
        level = 'low'
        message += ` The table holds no rows (${formatEmpty(live)}): no data is lost.`
      }
      if (unit.via !== undefined) message += ` (In ${unit.via}, which the statement at line ${unit.top.line} runs.)`
      const finding: Finding = { rule: rule.name, level, file: file.file, migration: file.migration, line: stmt.line, message, saferWay: hit.saferWay }
      if (cls.locks.length > 0) finding.locks = showLocks(cls, showTable)
      if (cls.work !== 'none') finding.work = cls.work
      if (hit.table) finding.table = showTable(hit.table)
      if (live) {
        finding.tableSize = formatBytes(live.totalBytes)
        finding.tableRows = formatRows(live)
      }
      out.push(finding)
    }
  }
  return out
}

interface Expanded {
  units: Unit[]
  unreadable: Unreadable[]
}

/**
 * The opaque-code messages of a file, by statement: the same unreadable code (a function several
 * statements call) is reported once, at its first statement, naming the lines of the others.
 */
function opaqueFindings(unreadable: Unreadable[]): Map<ParsedStatement, string[]> {
  const first = new Map<string, { u: Unreadable; lines: number[] }>()
  for (const u of unreadable) {
    const seen = first.get(u.message)
    if (seen === undefined) first.set(u.message, { u, lines: [] })
    else if (seen.u.top !== u.top && !seen.lines.includes(u.top.line)) seen.lines.push(u.top.line)
  }
  const out = new Map<ParsedStatement, string[]>()
  for (const { u, lines } of first.values()) {
    const text = `${u.message}${u.via !== undefined ? ` (In ${u.via}.)` : ''}${lines.length > 0 ? ` The statement${lines.length === 1 ? '' : 's'} at line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} run${lines.length === 1 ? 's' : ''} it too.` : ''}`
    out.set(u.top, [...(out.get(u.top) ?? []), text])
  }
  return out
}

/**
 * Every statement with the code it runs, in batch order (a function created earlier in the batch is
 * the one a later call runs). The definitions of the functions the database holds are read for the
 * names called, in rounds, since a body read may call more.
 */
async function expandAll(files: { parsed: { statements: ParsedStatement[]; error?: unknown } }[], schema: string, session: Session): Promise<Expanded[]> {
  const live = new Map<string, FunctionFacts[]>()
  const fetched = new Set<string>()
  for (let round = 0; ; round++) {
    const cx: ExpandContext = { schema, created: new Map(), live, fetched, wanted: new Set(), final: round >= 3, prepared: new Map() }
    const out = files.map(f => {
      const result: Expanded = { units: [], unreadable: [] }
      if (f.parsed.error) return result
      cx.prepared = new Map()
      for (const s of f.parsed.statements) {
        const from = result.units.length
        expand(s, cx, result.units, result.unreadable)
        // A function created here is the one that later calls run.
        for (let i = from; i < result.units.length; i++) {
          const u = result.units[i]
          if (u.stmt.kind !== 'CreateFunctionStmt') continue
          const names = stringList(u.stmt.node.funcname)
          const name = names[names.length - 1]
          cx.created.set(name, [...(cx.created.get(name) ?? []), { ...(names.length > 1 ? { schema: names[names.length - 2] } : {}), node: u.stmt.node, text: u.stmt.text }])
        }
      }
      return result
    })
    if (cx.wanted.size === 0 || cx.final) return out
    const names = [...cx.wanted]
    for (const fn of await readFunctions(session, names)) live.set(fn.name, [...(live.get(fn.name) ?? []), fn])
    for (const name of names) fetched.add(name)
  }
}

/** What a statement leaves behind for the statements after it. */
function remember(stmt: ParsedStatement, schema: string, batch: BatchState, file: FileState, facts: LiveFacts): void {
  const n = stmt.node
  switch (stmt.kind) {
    case 'CreateStmt':
      batch.createdTables.add(tableKey(tableOf(n.relation, schema)))
      break
    case 'CreateTableAsStmt':
      batch.createdTables.add(tableKey(tableOf(n.into?.rel, schema)))
      break
    case 'CreateEnumStmt':
      batch.createdEnums.set(
        tableKey(qualifiedName(stringList(n.typeName), schema)),
        ((n.vals ?? []) as PgNode[]).map(v => String(v.String?.sval ?? ''))
      )
      batch.createdTypes.add(tableKey(qualifiedName(stringList(n.typeName), schema)))
      break
    case 'CreateDomainStmt':
      batch.createdTypes.add(tableKey(qualifiedName(stringList(n.domainname), schema)))
      break
    case 'IndexStmt':
      if (n.idxname) batch.createdIndexes.add(tableKey({ schema: n.relation?.schemaname ?? schema, name: String(n.idxname) }))
      break
    case 'SelectStmt':
      if (n.intoClause?.rel) batch.createdTables.add(tableKey(tableOf(n.intoClause.rel, schema)))
      break
    case 'CreateFunctionStmt': {
      const names = stringList(n.funcname)
      const vol = ((n.options ?? []) as PgNode[]).find(o => o.DefElem?.defname === 'volatility')?.DefElem?.arg?.String?.sval as string | undefined
      batch.createdFunctions.set(names[names.length - 1], vol === 'immutable' ? 'i' : vol === 'stable' ? 's' : 'v')
      break
    }
    case 'VariableSetStmt':
      if (n.name === 'lock_timeout') {
        const arg = n.args?.[0]?.A_Const
        const value = arg?.sval?.sval ?? arg?.ival?.ival ?? 0
        file.lockTimeoutSet = n.kind === 'VAR_SET_VALUE' && !['0', '0ms', '0s'].includes(String(value))
      }
      break
    case 'RenameStmt':
      if (n.renameType === 'OBJECT_TABLE' && n.relation) {
        const from = tableOf(n.relation, schema)
        const to = { schema: from.schema, name: String(n.newname) }
        if (batch.createdTables.has(tableKey(from))) batch.createdTables.add(tableKey(to))
        const live = facts.tables.get(tableKey(from))
        if (live && !facts.tables.has(tableKey(to))) facts.tables.set(tableKey(to), live)
      } else if (n.renameType === 'OBJECT_TYPE') {
        const from = qualifiedName(stringList(n.object?.List?.items), schema)
        const values = batch.createdEnums.get(tableKey(from))
        if (values) batch.createdEnums.set(tableKey({ schema: from.schema, name: String(n.newname) }), values)
      }
      break
    case 'AlterTableStmt': {
      const ref = tableOf(n.relation, schema)
      for (const cmd of alterCommands(stmt)) {
        if (cmd.subtype === 'AT_AddColumn') batch.addedColumns.add(`${tableKey(ref)}.${cmd.def?.ColumnDef?.colname}`)
        if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.skip_validation) file.notValidHere.add(`${tableKey(ref)}.${cmd.def.Constraint.conname}`)
      }
      break
    }
  }
}

/**
 * `-- db-deploy: allow <rule> <reason>` accepts the findings of <rule> on the statement that
 * follows the comment (or holds it). A reason is required; an unknown rule, a missing reason or an
 * allow that matches nothing is itself a finding.
 */
function applyAllows(file: FileState, found: { stmt: ParsedStatement; finding: Finding }[]): Finding[] {
  const out: Finding[] = []
  const known = new Set<string>([...RULES.map(r => r.name), PARSE_ERROR_RULE])
  for (const comment of file.parsed.comments) {
    const m = ALLOW.exec(comment.text)
    if (!m) continue
    const [rule = '', ...words] = m[1].trim().split(/\s+/)
    const reason = words.join(' ').trim()
    const stmt = file.parsed.statements.find(s => s.end > comment.start)
    const at = { file: file.file, migration: file.migration, line: comment.line }
    const problem = (level: RiskLevel, message: string, saferWay: string): void => {
      out.push({ rule: ALLOW_COMMENT_RULE, level, ...at, message, saferWay })
    }
    if (rule === '') {
      problem('medium', 'A `db-deploy: allow` comment names no rule.', 'Write `-- db-deploy: allow <rule> <reason>` with a rule name from docs/migration-risk.md.')
      continue
    }
    if (!known.has(rule)) {
      problem('medium', `A \`db-deploy: allow\` comment names an unknown rule '${rule}'.`, `Use one of: ${[...known].join(', ')}.`)
      continue
    }
    if (reason === '') {
      problem('medium', `The \`db-deploy: allow ${rule}\` comment gives no reason, so it is not accepted.`, `Say why the statement is safe: \`-- db-deploy: allow ${rule} <reason>\`.`)
      continue
    }
    const matches = found.filter(x => x.stmt === stmt && x.finding.rule === rule && x.finding.allowed === undefined)
    if (matches.length === 0) {
      problem(
        'low',
        `The \`db-deploy: allow ${rule}\` comment matches no finding on the statement after it${stmt ? ` (line ${stmt.line})` : ''}.`,
        'Remove the comment, or put it right above the statement it is about.'
      )
      continue
    }
    for (const x of matches) x.finding.allowed = reason
  }
  return out
}
