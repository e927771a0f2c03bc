import type { Inputs } from '../inputs.js'
import type { DatabaseTarget } from '../postgres/target.js'
import type { Session } from '../postgres/session.js'
import type { PgTools } from '../postgres/pg-tools.js'
import type { MigrationsFolder } from '../prisma/migrations-folder.js'
import type { MigrationComparison } from '../prisma/compare.js'
import type { PrismaCli } from '../prisma/cli.js'
import type { RiskAnalysis } from '../risk/analyze.js'

/** What the verify checks share: each check reads what earlier ones found and adds its own. */
export interface VerifyContext {
  inputs: Inputs
  env: NodeJS.ProcessEnv
  target?: DatabaseTarget
  session?: Session
  server?: ServerInfo
  folder?: MigrationsFolder
  migrations?: MigrationComparison
  /** Started once the guards pass, so the tool search overlaps the database checks. */
  pgToolsSearch?: Promise<PgTools[]>
  pgTools?: PgTools
  prismaCli?: PrismaCli
  /** The migration-risk check's analysis (see checks/migration-risk.ts). */
  risk?: RiskAnalysis
}

export interface ServerInfo {
  /** `SHOW server_version`, e.g. `16.4 (Debian 16.4-1)`. */
  full: string
  /** The version number alone, e.g. `16.4`. */
  version: string
  major: number
}

/** A single-purpose check: resolves to a one-line result, or throws an ActionError saying what to fix. */
export interface Check {
  name: string
  run(ctx: VerifyContext): Promise<string>
}

/** For checks that need what an earlier check provides. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} is not available; the checks ran out of order`)
  return value
}
