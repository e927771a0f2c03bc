import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { neutralize } from '../log.js'
import { scrub } from '../secrets.js'

/**
 * The issue-comment endpoints the pull-request comment uses, through @actions/github's Octokit
 * (the token goes in the Authorization header and nowhere else). Bounded waits: GitHub's secondary
 * rate limit (403/429 naming it, with `retry-after`) and its primary one are retried at most twice,
 * and only when GitHub asks for a wait of a minute or less; a server error (5xx) or a dropped
 * connection is retried twice with a short backoff, except the creation of a comment, which is
 * never sent twice (a retry after a lost answer could post a second comment).
 */
export interface IssueComment {
  id: number
  body: string
  author: { login: string; type: string } | undefined
  url: string
}

export interface CommentsClient {
  /** Every comment of the pull request that holds `marker`, reading page after page (100 a page) to the last. */
  findMarked(marker: string): Promise<IssueComment[]>
  /** The login the token writes as, when GitHub says (a personal token); undefined for the job's token and apps. */
  ownLogin(): Promise<string | undefined>
  create(body: string): Promise<IssueComment>
  update(id: number, body: string): Promise<IssueComment>
}

export interface ClientOptions {
  token: string
  /** GITHUB_API_URL. */
  baseUrl: string
  owner: string
  repo: string
  issue: number
  /** One line for the log, e.g. that a rate limit is being waited out. */
  onWait: (message: string) => void
}

const PER_PAGE = 100
/** 100 pages of 100 comments: a pull request with more is not searched to the end. */
const MAX_PAGES = 100
const MAX_WAIT_SECONDS = 60
const MAX_RATE_LIMIT_RETRIES = 2

export function commentsClient(o: ClientOptions): CommentsClient {
  const waitOut =
    (kind: string) =>
    (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
      if (retryCount >= MAX_RATE_LIMIT_RETRIES || retryAfter > MAX_WAIT_SECONDS) return false
      o.onWait(`GitHub's ${kind} rate limit answered ${options.method ?? ''} ${options.url ?? ''}: retrying in ${retryAfter} s (retry ${retryCount + 1} of ${MAX_RATE_LIMIT_RETRIES}).`)
      return true
    }
  // Octokit's own messages go to the debug log, scrubbed like every line the action prints.
  const debug = (...args: unknown[]): void => core.debug(neutralize(scrub(args.map(a => (a instanceof Error ? a.message : String(a))).join(' '))))
  const octokit = getOctokit(
    o.token,
    {
      baseUrl: o.baseUrl.replace(/\/+$/, ''),
      log: { debug, info: debug, warn: debug, error: debug },
      throttle: { onRateLimit: waitOut('primary'), onSecondaryRateLimit: waitOut('secondary') },
      retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] }
    },
    retry,
    throttling
  )
  const where = { owner: o.owner, repo: o.repo }
  const toComment = (c: { id: number; body?: string | null; user?: { login: string; type: string } | null; html_url: string }): IssueComment => ({
    id: c.id,
    body: c.body ?? '',
    author: c.user ? { login: c.user.login, type: c.user.type } : undefined,
    url: c.html_url
  })
  return {
    async findMarked(marker) {
      const found: IssueComment[] = []
      for (let page = 1; page <= MAX_PAGES; page++) {
        // Pages by number against the API's own address: a Link header is only read for whether a next page exists.
        const res = await octokit.rest.issues.listComments({ ...where, issue_number: o.issue, per_page: PER_PAGE, page })
        for (const c of res.data) if ((c.body ?? '').includes(marker)) found.push(toComment(c))
        if (!/\brel="next"/.test(res.headers.link ?? '') || res.data.length < PER_PAGE) return found
      }
      throw new Error(`the pull request has more than ${MAX_PAGES * PER_PAGE} comments; they were not all searched for this database's comment`)
    },
    async ownLogin() {
      try {
        return (await octokit.rest.users.getAuthenticated()).data.login
      } catch {
        return undefined
      }
    },
    async create(body) {
      const res = await octokit.rest.issues.createComment({ ...where, issue_number: o.issue, body, request: { retries: 0 } })
      return toComment(res.data)
    },
    async update(id, body) {
      const res = await octokit.rest.issues.updateComment({ ...where, comment_id: id, body })
      return toComment(res.data)
    }
  }
}
