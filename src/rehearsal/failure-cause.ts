/**
 * Why a migration failed on the rehearsal's copy, from what PostgreSQL or the migrator reported:
 * the SQLSTATE of the server's error (PostgreSQL's error codes: the first two characters are the
 * class) or the Prisma CLI's error code. Four causes, each with its own next step:
 *
 * - `data`: production's rows break what the migration asks for (integrity violations, values a
 *   new type or constraint refuses). The deploy would fail the same way.
 * - `migration`: PostgreSQL refused the migration's SQL itself (syntax, an object it names that does
 *   not exist or exists already in production's schema, a statement not allowed where it runs).
 * - `environment`: the throwaway server lacks something the migration needs (a role, an extension,
 *   a collation or locale, a tablespace, a setting) or ran out of a resource. Production may well
 *   have it: this is no forecast that the deploy fails.
 * - `migrator`: the migrator itself could not run (the CLI refused the schema or its configuration,
 *   could not reach the copy, or wanted to download an engine).
 *
 * What matches none of the rules is `unknown`: the message shows the error and says it was not
 * attributed. The rules are tried in order, the first that matches wins.
 */

export type FailureCause = 'data' | 'migration' | 'environment' | 'migrator' | 'unknown'

export interface Attribution {
  cause: FailureCause
  /** What was matched, for the message: e.g. `SQLSTATE 23505`, `Prisma P1012`. */
  code: string | undefined
  /** One sentence: what the cause is. */
  reason: string
  /** What to do next. */
  next: string
}

interface Rule {
  /** SQLSTATE (five characters) or its class (two characters), or a Prisma code / code prefix. */
  code: RegExp
  /** When set, the server's message must match too. */
  message?: RegExp
  cause: FailureCause
  reason: string
  next: string
}

const ENV_NEXT =
  'Give the rehearsal what production has (install the extension or locale package on the runner, create the role or tablespace the migration names as production has it), or rehearse with a server that has it; then run the pipeline again. The deploy may well pass on production: check that production has it.'

const DATA_NEXT = "fix the data in a migration before this one (or change this migration so that production's rows satisfy it); then run the pipeline again (verify, backup, rehearse)."

/** Rules over the server's SQLSTATE and message, most specific first. */
export const SQLSTATE_RULES: readonly Rule[] = [
  // What the throwaway server lacks, under the codes that otherwise mean the migration's SQL.
  {
    code: /^42704$/,
    message: /\brole\b.*does not exist/i,
    cause: 'environment',
    reason: 'the migration names a role the throwaway server does not have',
    next: ENV_NEXT
  },
  {
    code: /^42704$/,
    message: /\b(collation|tablespace|text search (configuration|dictionary|parser|template))\b.*does not exist|unrecognized configuration parameter/i,
    cause: 'environment',
    reason: 'the migration names a collation, tablespace, text search object or setting the throwaway server does not have',
    next: ENV_NEXT
  },
  {
    code: /^(22023|42809|0A000|58P01|XX000)$/,
    message: /\blocale\b|\bextension\b.*(not available|control file)|could not open extension control file|\bICU\b/i,
    cause: 'environment',
    reason: 'the migration needs an extension or a locale the throwaway server does not have',
    next: ENV_NEXT
  },
  {
    code: /^42501$/,
    message: /\bextension\b|\bsuperuser\b|\btablespace\b/i,
    cause: 'environment',
    reason: 'the role the migrations ran as on the throwaway server may not do what the migration asks (an extension, a tablespace or a superuser-only statement)',
    next: "Check that production's deploy role has the privilege the error names; if it has, the rehearsal could not reproduce it. If it has not, the deploy fails the same way: grant it on production, or change the migration."
  },
  // The data.
  { code: /^23505$/, cause: 'data', reason: 'rows in production duplicate the key the migration makes unique', next: `Remove or merge the duplicates: ${DATA_NEXT}` },
  {
    code: /^23502$/,
    cause: 'data',
    reason: 'rows in production hold NULL where the migration requires a value',
    next: `Fill them (UPDATE … SET … WHERE … IS NULL), or add the column with a DEFAULT: ${DATA_NEXT}`
  },
  { code: /^23503$/, cause: 'data', reason: 'rows in production reference rows that do not exist', next: `Delete or fix the orphans: ${DATA_NEXT}` },
  { code: /^23514$/, cause: 'data', reason: 'rows in production violate the new CHECK constraint', next: `Fix the rows: ${DATA_NEXT}` },
  { code: /^23P01$/, cause: 'data', reason: 'rows in production conflict under the new exclusion constraint', next: `Fix the conflicting rows: ${DATA_NEXT}` },
  { code: /^23/, cause: 'data', reason: "production's rows violate an integrity constraint the migration adds or relies on", next: `Fix the rows: ${DATA_NEXT}` },
  {
    code: /^22/,
    cause: 'data',
    reason: "a value in production's rows does not fit what the migration asks (a type change, a cast, a length or a range)",
    next: `Convert or fix the values: ${DATA_NEXT}`
  },
  // The migration's SQL.
  {
    code: /^(42P01|42703|42704|42883|42P07|42710|42701|42P06|42723|42712)$/,
    cause: 'migration',
    reason: "an object the migration's SQL names does not exist, or exists already, in production's schema as restored",
    next: "Fix the migration so that it fits production's schema; if production was changed outside the migrations (see the drift check), bring that change into a migration first. Then run the pipeline again."
  },
  {
    code: /^42501$/,
    cause: 'migration',
    reason: 'the role the migrations run as lacks a privilege the migration needs',
    next: "Grant the privilege to production's deploy role (or run the deploy as the tables' owner), or change the migration; then run the pipeline again."
  },
  {
    code: /^(42|25|2B|2F|0B|3B|3F|P0|44|26)/,
    cause: 'migration',
    reason: "PostgreSQL refused the migration's SQL itself (syntax, an object it names, a statement not allowed where it runs, or an error the migration raises): not production's data",
    next: 'Fix the migration (run it on a database built by the migrations, e.g. with `prisma migrate dev`, to reproduce); then run the pipeline again.'
  },
  // The throwaway server.
  {
    code: /^(0A|58|53|54|55|57P|08|XX|F0|HV)/,
    cause: 'environment',
    reason: 'the throwaway server could not do what the migration asks (a feature, a file, a resource such as disk or memory, or the server itself)',
    next: ENV_NEXT
  }
]

/** Rules over the Prisma CLI's error code (`P1012`, …), after the SQLSTATE it reports is tried. */
export const PRISMA_RULES: readonly Rule[] = [
  {
    code: /^P1012$/,
    cause: 'migrator',
    reason: 'the Prisma CLI refused the schema (validation error): no migration ran',
    next: "Fix the schema as the CLI's error says (e.g. remove a preview feature this Prisma version no longer knows); `prisma validate` shows it, and verify runs it too. Then run the pipeline again."
  },
  {
    code: /^P1\d{3}$/,
    cause: 'migrator',
    reason: "the Prisma CLI could not connect to the rehearsal's copy or start its engine",
    next: "Read the CLI's error above: check the project's Prisma configuration and that the CLI's engines are installed (`npm ci` with install scripts); then run the pipeline again."
  },
  {
    code: /^P3\d{3}$/,
    cause: 'migrator',
    reason: 'the Prisma CLI refused to deploy (its migrations folder or the books)',
    next: "Do what the CLI's error says; then run the pipeline again."
  }
]

/** The cause of a server error, from its SQLSTATE and message. */
export function attributeSqlState(code: string | undefined, message: string): Attribution {
  if (code) {
    for (const rule of SQLSTATE_RULES) {
      if (matches(rule, code, message)) return { cause: rule.cause, code: `SQLSTATE ${code}`, reason: rule.reason, next: rule.next }
    }
  }
  return unknown(code ? `SQLSTATE ${code}` : undefined)
}

/**
 * What a schema engine working through a driver adapter (@prisma/adapter-pg) writes in place of the
 * SQLSTATE it mapped: its words, and the SQLSTATE they stand for.
 */
const ADAPTER_KINDS: readonly [RegExp, string][] = [
  [/Unique constraint failed/i, '23505'],
  [/Null constraint failed/i, '23502'],
  [/Foreign key constraint failed/i, '23503'],
  [/No such table/i, '42P01']
]

/** Words in the Prisma CLI's output that say it tried to fetch an engine. */
const DOWNLOAD = /binaries\.prisma\.sh|db-deploy-action-no-download|Downloading .*engine|Failed to fetch the engine|could not download/i

/**
 * The cause of a Prisma CLI failure, from its output and the failed migration's logs in the books:
 * the SQLSTATE Prisma reports (`Database error code: 23505`) first, then an engine download
 * attempt, then the CLI's own code.
 */
export function attributePrisma(output: string, logs?: string): Attribution {
  const text = `${output}\n${logs ?? ''}`
  const sqlstate =
    /Database error code:\s*([0-9A-Z]{5})\b/.exec(text)?.[1] ??
    /\bSQLSTATE[\s:]*\(?([0-9A-Z]{5})\b/.exec(text)?.[1] ??
    /\boriginal_?code\W{0,4}([0-9A-Z]{5})\b/i.exec(text)?.[1] ??
    ADAPTER_KINDS.find(([words]) => words.test(text))?.[1]
  if (sqlstate) {
    const errorLine = /\bERROR:\s*(.+)/.exec(text)?.[1] ?? text
    return attributeSqlState(sqlstate, errorLine)
  }
  if (DOWNLOAD.test(text)) {
    return {
      cause: 'migrator',
      code: 'engine download',
      reason: 'the Prisma CLI tried to download an engine (its installed engine is missing or not its version): no migration ran',
      next: "Install the project's dependencies with their install scripts (`npm ci`) before this step so that the engines match the CLI, or set PRISMA_SCHEMA_ENGINE_BINARY; verify checks this. Then run the pipeline again."
    }
  }
  const codes = [...text.matchAll(/\b(P\d{4})\b/g)].map(m => String(m[1]))
  for (const c of codes) {
    for (const rule of PRISMA_RULES) {
      if (rule.code.test(c)) return { cause: rule.cause, code: `Prisma ${c}`, reason: rule.reason, next: rule.next }
    }
  }
  return unknown(codes[0] ? `Prisma ${codes[0]}` : undefined)
}

function matches(rule: Rule, code: string, message: string): boolean {
  return rule.code.test(code) && (!rule.message || rule.message.test(message))
}

function unknown(code: string | undefined): Attribution {
  return {
    cause: 'unknown',
    code,
    reason: `the error${code ? ` (${code})` : ''} could not be attributed to production's data, the migration's SQL, the rehearsal's server or the migrator`,
    next: 'Read the error above: if it is about the data, fix the data in a migration before this one; if about the migration, fix the migration; then run the pipeline again.'
  }
}

/** How each cause is headed in the message. */
const HEADINGS: Record<FailureCause, string> = {
  data: "The migration fails on production's data",
  migration: "The migration's SQL fails",
  environment: 'The rehearsal environment lacks something the migration needs, which production may well have: the deploy may pass',
  migrator: 'The migrator failed, not the migration',
  unknown: 'Cause not attributed'
}

/** `<heading> (<code>): <reason>.` */
export function describeCause(a: Attribution): string {
  return `${HEADINGS[a.cause]}${a.code ? ` (${a.code})` : ''}: ${a.reason}.`
}

/** Said of every rehearsal failure. */
export const PRODUCTION_UNTOUCHED = 'Production was not touched: the rehearsal never connects to it; the migrations ran on a throwaway copy restored from the backup.'
