import * as fs from 'node:fs'
import * as path from 'node:path'
import { scrub } from '../secrets.js'

/**
 * Links from a report to the migration files on GitHub: the file at a commit, at a line. The link
 * holds the file's path in the repository; the report shows only the migration's name and line.
 */

/** A repository on GitHub (or a GitHub Enterprise Server) at one commit. */
export interface RepositoryAt {
  /** `https://github.com` or the server's address, without a trailing slash. */
  serverUrl: string
  owner: string
  repo: string
  /** The commit the files are read at; without it there are no links. */
  sha: string | undefined
}

/** A link to a file (its path relative to the workspace) at a line; undefined when there is none to make. */
export type FileLink = (workspaceRelative: string, line?: number) => string | undefined

const NAME = /^[A-Za-z0-9_.-]+$/
const SERVER = /^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/

/** `GITHUB_SERVER_URL` when it is an address, else github.com. */
export function serverUrlOf(env: NodeJS.ProcessEnv): string {
  return SERVER.test(env.GITHUB_SERVER_URL ?? '') ? (env.GITHUB_SERVER_URL as string).replace(/\/+$/, '') : 'https://github.com'
}

/** Whether `owner` and `repo` are names as GitHub allows them. */
export function isRepositoryName(owner: string, repo: string): boolean {
  return NAME.test(owner) && NAME.test(repo)
}

/** A commit id as Git writes it (SHA-1 or SHA-256), else undefined. */
export function commitOf(value: unknown): string | undefined {
  return typeof value === 'string' && SHA.test(value) ? value : undefined
}

/** The run's repository at the commit it checked out (`GITHUB_REPOSITORY`, `GITHUB_SHA`); undefined outside a runner. */
export function runRepository(env: NodeJS.ProcessEnv): RepositoryAt | undefined {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const sha = commitOf(env.GITHUB_SHA)
  if (!isRepositoryName(owner, repo) || sha === undefined) return undefined
  return { serverUrl: serverUrlOf(env), owner, repo, sha }
}

export function repositoryUrl(r: Pick<RepositoryAt, 'serverUrl' | 'owner' | 'repo'>): string {
  return `${r.serverUrl}/${r.owner}/${r.repo}`
}

/**
 * Links to the files at `at`'s commit. `repoPath` turns a path relative to the workspace into the
 * file's path in the repository. The path is scrubbed before it is encoded (a name holding a
 * secret's form must not reach the report encoded once more).
 */
export function fileLinks(at: RepositoryAt | undefined, repoPath: (workspaceRelative: string) => string): FileLink {
  return (file, line) => {
    if (at?.sha === undefined) return undefined
    const encoded = scrub(repoPath(file))
      .split('/')
      .map(s => encodeURIComponent(s))
      .join('/')
    return `${repositoryUrl(at)}/blob/${at.sha}/${encoded}${line ? `#L${line}` : ''}`
  }
}

/**
 * Paths in the repository (links on GitHub) from paths relative to the workspace: the repository
 * is the nearest folder holding `.git` above the file (a checkout into a sub-folder of the
 * workspace), else the workspace itself.
 */
export function repositoryPaths(workspace: string): (file: string) => string {
  const roots = new Map<string, string>()
  const rootOf = (dir: string): string => {
    const known = roots.get(dir)
    if (known !== undefined) return known
    const parent = path.dirname(dir)
    const root = fs.existsSync(path.join(dir, '.git')) ? dir : parent === dir ? workspace : rootOf(parent)
    roots.set(dir, root)
    return root
  }
  return file => {
    const absolute = path.resolve(workspace, file)
    return path
      .relative(rootOf(path.dirname(absolute)), absolute)
      .split(path.sep)
      .join('/')
  }
}
