import { ActionError, errorMessage } from '../errors.js'
import { info, warning } from '../log.js'
import type { StepRecord } from '../summary.js'
import type { CommentsClient, IssueComment } from './client.js'
import { readPullRequest, type PullRequest } from './event.js'
import { shorten } from '../report/markup.js'
import { repositoryPaths } from '../report/links.js'
import { renderComment } from './render.js'
import { commentTarget } from './target.js'
import { PR_COMMENT_STEP, type CommentSettings, type VerifyFacts } from './types.js'

export { PR_COMMENT_MODES, PR_COMMENT_STEP, type PrCommentMode, type VerifyFacts, type CommentSettings } from './types.js'

/** The step the comment adds to verify's log and summary, and the failure it adds under `pr-comment: required`. */
export interface CommentOutcome {
  step: StepRecord
  failure?: ActionError
}

const PERMISSION_FIX =
  'Give the job `permissions: pull-requests: write` (with `contents: read`), or set `pr-comment: off`. A pull request from a fork gets a read-only token whatever the workflow asks: its report stays in the job summary.'

/**
 * The pull-request comment: on `pull_request` events, writes this database's comment on the pull
 * request, or updates it in place (found again by its marker), with what verify found. Never on
 * `pull_request_target`. Returns nothing when there is nothing to do (`pr-comment: off`, or not a
 * pull request event); otherwise the step to record. When the comment cannot be written it gives
 * one warning and a skipped step (`auto`) or a failed step and the failure (`required`). It throws
 * nothing.
 */
export async function publishPullRequestComment(facts: VerifyFacts, settings: CommentSettings): Promise<CommentOutcome | undefined> {
  const { mode, env } = settings
  if (mode === 'off') return undefined
  const event = env.GITHUB_EVENT_NAME
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined
  const started = performance.now()
  const cannot: Cannot = (problem, fix, o = {}) => {
    const durationMs = performance.now() - started
    if (mode === 'required' && facts.failure === undefined && !o.quiet) {
      return { step: { name: PR_COMMENT_STEP, status: 'failed', durationMs, detail: problem }, failure: new ActionError(`The pull-request comment could not be written: ${problem}`, fix) }
    }
    if (!o.quiet) warning(`No pull-request comment: ${problem} ${fix}`)
    return { step: { name: PR_COMMENT_STEP, status: 'skipped', durationMs, detail: `not written: ${problem}` } }
  }
  try {
    return await publish(facts, settings, event, cannot, started)
  } catch (err) {
    // A fault in the comment's own code changes verify's result no more than a refusal by GitHub.
    return cannot(`it failed unexpectedly: ${errorMessage(err)}.`, 'The job summary holds the report.')
  }
}

/** The outcome when the comment cannot be written: one warning and a skipped step, or (`required`, verify otherwise passing) a failed step and its failure. */
type Cannot = (problem: string, fix: string, o?: { quiet?: boolean }) => CommentOutcome

async function publish(facts: VerifyFacts, settings: CommentSettings, event: string, cannot: Cannot, started: number): Promise<CommentOutcome> {
  const { env } = settings
  if (event === 'pull_request_target') {
    return cannot(
      "verify never comments on 'pull_request_target' events, which run with the base repository's secrets and a write token beside the pull request's code: the classic way to leak them.",
      'Verify pull requests on `on: pull_request` (see the verify-on-pull-request template).'
    )
  }
  const pr = readPullRequest(env)
  if (typeof pr === 'string') return cannot(`${pr}.`, 'Run verify from a workflow triggered by `on: pull_request`.')
  // Without the database, verify failed before anything a comment could report, and its failure
  // says why; the comment is kept per database, so there is none to update.
  if (!facts.target) return cannot('verify stopped before it read the database URL, and the comment is kept per database.', '', { quiet: true })
  if (settings.token.trim() === '') {
    return cannot("the input 'github-token' is empty.", "Leave 'github-token' unset (it defaults to the job's token), or pass a token that may comment on pull requests.")
  }

  const target = commentTarget(facts.target, env)
  const body = renderComment({ facts, target, pr, repoPath: repositoryPaths(facts.workspace) })
  let client: CommentsClient
  try {
    const { commentsClient } = await import('./client.js')
    client = commentsClient({
      token: settings.token.trim(),
      baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
      owner: pr.owner,
      repo: pr.repo,
      issue: pr.number,
      onWait: info
    })
  } catch (err) {
    return cannot(`the GitHub client could not be loaded: ${errorMessage(err)}.`, "The action's dist/ folder is incomplete: use a released version of the action.")
  }
  try {
    const existing = await ownComment(client, await client.findMarked(target.marker))
    const written = existing ? await client.update(existing.id, body) : await client.create(body)
    const detail = `${existing ? 'updated' : 'wrote'} the comment on pull request #${pr.number}: ${written.url}`
    return { step: { name: PR_COMMENT_STEP, status: 'passed', durationMs: performance.now() - started, detail } }
  } catch (err) {
    const { problem, fix } = explain(err, pr)
    return cannot(problem, fix)
  }
}

/**
 * Which of the comments holding the marker is this action's: anyone can paste the marker into a
 * comment of their own. One written by a bot account (the job's token writes as
 * `github-actions[bot]`, an app's token as the app) is taken first; otherwise one by the account a
 * personal token writes as. None: a new comment is written.
 */
async function ownComment(client: CommentsClient, marked: IssueComment[]): Promise<IssueComment | undefined> {
  const bot = marked.find(c => c.author?.type === 'Bot')
  if (bot || marked.length === 0) return bot
  const login = await client.ownLogin()
  return login === undefined ? undefined : marked.find(c => c.author?.login === login)
}

/** What GitHub's answer means, and what to do. */
function explain(err: unknown, pr: PullRequest): { problem: string; fix: string } {
  const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : undefined
  const said = shorten(errorMessage(err).split('\n')[0] ?? '', 300)
  if (status === 403 || status === 401) {
    const fork = pr.fromFork ? ' (the pull request comes from a fork, whose token is read-only)' : ''
    return { problem: `GitHub refused the token (HTTP ${status}: ${said})${fork}: it may not comment on this pull request.`, fix: PERMISSION_FIX }
  }
  if (status === 404) {
    return {
      problem: `GitHub answered HTTP 404 (${said}): the repository or pull request is not visible to the token.`,
      fix: `Check that the token may read ${pr.owner}/${pr.repo}; ${PERMISSION_FIX}`
    }
  }
  if (status === 429) {
    return { problem: `GitHub's rate limit still refused the request after the retries (HTTP 429: ${said}).`, fix: 'Run verify again later; the job summary holds the report meanwhile.' }
  }
  return {
    problem: status === undefined ? `the request to the GitHub API failed: ${said}.` : `GitHub answered HTTP ${status}: ${said}.`,
    fix: 'Run verify again; the job summary holds the report meanwhile.'
  }
}
