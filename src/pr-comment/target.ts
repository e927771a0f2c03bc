import { createHash } from 'node:crypto'
import type { VerifyFacts } from './types.js'

/**
 * Which comment is this run's: one per workflow file and target database, so that a matrix over
 * several databases keeps one comment per database and two workflows verifying the same database do
 * not overwrite each other. The hidden marker holds a hash of the workflow file's path and the
 * target's host, port, database and schema: stable across runs and pushes, and never the user name
 * or password (the visible heading names the target as the job summary does).
 */
export interface CommentTarget {
  /** The first line of the body, an HTML comment GitHub does not render. */
  marker: string
  /** For people: `database` (schema `public`) on host:port. */
  label: { database: string; schema: string; server: string }
}

export function commentTarget(target: NonNullable<VerifyFacts['target']>, env: NodeJS.ProcessEnv): CommentTarget {
  const key = createHash('sha256')
    .update(JSON.stringify(['db-deploy-action verify', workflowOf(env), target.host.toLowerCase(), target.port, target.database, target.schema]))
    .digest('hex')
    .slice(0, 24)
  return {
    marker: `<!-- db-deploy-action:pr-comment ${key} -->`,
    label: { database: target.database, schema: target.schema, server: `${target.host}:${target.port}` }
  }
}

/**
 * The workflow file, without the ref it ran at (`owner/repo/.github/workflows/verify.yml` from
 * `GITHUB_WORKFLOW_REF`, which ends in `@refs/pull/N/merge`); the workflow's name where the runner
 * does not give the file.
 */
function workflowOf(env: NodeJS.ProcessEnv): string {
  const ref = env.GITHUB_WORKFLOW_REF ?? ''
  const at = ref.lastIndexOf('@')
  return at > 0 ? ref.slice(0, at) : (env.GITHUB_WORKFLOW ?? '')
}
