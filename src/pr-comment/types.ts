import type { RiskFailLevel } from '../risk/types.js'
import type { RiskView } from '../report/findings.js'
import type { StepRecord } from '../summary.js'

/** `pr-comment`: comment when the token may (else one warning), never, or fail verify when it cannot. */
export const PR_COMMENT_MODES = ['auto', 'off', 'required'] as const
export type PrCommentMode = (typeof PR_COMMENT_MODES)[number]

/** The name of the step the comment adds to verify's log and job summary. */
export const PR_COMMENT_STEP = 'pr-comment'

/** What verify knows when its checks are over (passed, or stopped at the first failure). */
export interface VerifyFacts {
  /** The checkout: paths in findings are relative to it. */
  workspace: string
  /** The database: undefined when verify stopped before it read the URL. */
  target?: { host: string; port: number; database: string; schema: string }
  serverVersion?: string
  /** The pending migrations in the order the deploy applies them; undefined when verify stopped before comparing. */
  pending?: { name: string; sqlPath: string }[]
  /** The migration-risk analysis; undefined when verify stopped before it. */
  risk?: RiskView
  riskFailLevel: RiskFailLevel
  /** Each check's result, in order. */
  checks: readonly StepRecord[]
  /** Why verify failed, when it did. */
  failure?: string
}

/** How the comment is written: the input values and the runner's environment. */
export interface CommentSettings {
  mode: PrCommentMode
  /** `github-token` (registered as a secret when the inputs were read). */
  token: string
  env: NodeJS.ProcessEnv
}
