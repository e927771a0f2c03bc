import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { registerSecret } from '../secrets.js'
import { readConnectionUrl, type ParsedUrl } from './connection-url.js'
import { assertTargetPolicy, assertPrismaCanConnect } from './target-policy.js'

/** The database URL as the user gave it, and where it came from. */
export interface DatabaseUrlInput {
  /** The URL as given. Registered as a secret before it is returned. */
  raw: string
  /** Where it came from, for messages: the input or the environment variable. */
  source: "input 'database-url'" | 'environment variable DATABASE_URL'
}

/**
 * A parsed, validated direct PostgreSQL connection target, with one meaning for every client: the
 * action's sessions, pg_dump/pg_restore and Prisma are all given this one.
 */
export interface DatabaseTarget extends ParsedUrl {
  /** `sslmode` as written in the URL, if any. */
  sslmode: string | undefined
  /** Where the target came from, for messages: an input, DATABASE_URL, or a server the action started itself. */
  source: string
}

/**
 * The database a phase works on: the URL is read, checked against the target policy and its
 * Prisma form registered as a secret exactly once per run, when the inputs are read. A URL that is
 * missing or refused is kept as its error and raised by `target()`, so that each phase reports it
 * at its own step (after the safety guards, which always come first).
 */
export interface DatabaseInput {
  /** The URL as given, or undefined when neither the input nor DATABASE_URL holds one. */
  given: DatabaseUrlInput | undefined
  /** The parsed target; throws the ActionError that says what is wrong with the URL and how to fix it. */
  target(): DatabaseTarget
}

export interface TargetRules {
  /** The prisma migrator will connect with this URL: refuse TLS settings Prisma cannot be given. */
  prisma: boolean
}

/**
 * Parses the database URL with libpq's meaning (postgres/connection-url.ts), refuses a pooler and a
 * plain-text connection to a remote host, and, when Prisma will connect, TLS settings Prisma cannot
 * honour. The URL itself never appears in an error.
 */
export function readDatabaseTarget(given: DatabaseUrlInput | undefined, rules: TargetRules): DatabaseInput {
  let parsed: { target: DatabaseTarget } | { error: unknown }
  try {
    parsed = { target: parseTarget(given, rules) }
  } catch (error) {
    parsed = { error }
  }
  return {
    given,
    target() {
      if ('error' in parsed) throw parsed.error
      return parsed.target
    }
  }
}

function parseTarget(given: DatabaseUrlInput | undefined, rules: TargetRules): DatabaseTarget {
  const target = parseDatabaseUrl(given)
  assertTargetPolicy(target)
  if (rules.prisma) assertPrismaCanConnect(target)
  return target
}

/**
 * The parse alone, before the target policy: the URL with libpq's meaning, every query parameter
 * the action cannot honour identically everywhere refused, the URL for Prisma registered as a secret.
 */
export function parseDatabaseUrl(given: DatabaseUrlInput | undefined): DatabaseTarget {
  if (!given) {
    throw new ActionError(
      "No database URL: the input 'database-url' is empty and DATABASE_URL is not set.",
      'Pass the direct connection URL from a secret: `with: database-url: ${{ secrets.DATABASE_URL }}` (or `env: DATABASE_URL: ...`).'
    )
  }
  // Counted by a test: the URL is parsed once per run.
  core.debug(`Parsing the database URL from the ${given.source}.`)
  const parsed = readConnectionUrl(given.raw, given.source)
  registerSecret(parsed.childUrl)
  return { ...parsed, sslmode: parsed.params.get('sslmode') ?? undefined, source: given.source }
}

/** A database input for a target the action built itself (tests, and servers the action starts). */
export function givenTarget(target: DatabaseTarget): DatabaseInput {
  return { given: undefined, target: () => target }
}
