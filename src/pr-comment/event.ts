import * as fs from 'node:fs'
import { commitOf, isRepositoryName, serverUrlOf } from '../report/links.js'

/** The pull request a `pull_request` event is about, from the runner's event payload. */
export interface PullRequest {
  owner: string
  repo: string
  number: number
  /** The pull request's head commit: links point at the lines as this run read them. */
  headSha: string | undefined
  /** Whether the head branch lives in another repository (its token is read-only). */
  fromFork: boolean
  /** `https://github.com` or the GitHub Enterprise Server's address. */
  serverUrl: string
  /** This run's page, for the footer and the shortened table's note. */
  runUrl: string | undefined
}

/**
 * Reads `GITHUB_EVENT_PATH`. Returns a sentence saying what is missing instead when the payload does
 * not describe a pull request of a repository named as GitHub names them.
 */
export function readPullRequest(env: NodeJS.ProcessEnv): PullRequest | string {
  const file = env.GITHUB_EVENT_PATH
  if (!file) return 'GITHUB_EVENT_PATH is not set, so the pull request is not known'
  let payload: EventPayload
  try {
    payload = JSON.parse(fs.readFileSync(file, 'utf8')) as EventPayload
  } catch (err) {
    return `the event payload (GITHUB_EVENT_PATH) could not be read as JSON: ${(err as Error).message}`
  }
  const pr = payload?.pull_request
  const number = pr?.number ?? payload?.number
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) return 'the event payload holds no pull request number'
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY || pr?.base?.repo?.full_name || '').split('/')
  if (!isRepositoryName(owner, repo)) return 'the repository is not known (GITHUB_REPOSITORY is not set or not owner/name)'
  const head = pr?.head?.sha
  const serverUrl = serverUrlOf(env)
  const runId = env.GITHUB_RUN_ID ?? ''
  const headRepo = pr?.head?.repo?.full_name
  return {
    owner,
    repo,
    number,
    headSha: commitOf(head),
    fromFork: typeof headRepo === 'string' && headRepo.toLowerCase() !== `${owner}/${repo}`.toLowerCase(),
    serverUrl,
    runUrl: /^\d+$/.test(runId) ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}${/^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}` : undefined
  }
}

interface EventPayload {
  number?: unknown
  pull_request?: {
    number?: unknown
    head?: { sha?: unknown; repo?: { full_name?: unknown } | null }
    base?: { repo?: { full_name?: string } }
  }
}
