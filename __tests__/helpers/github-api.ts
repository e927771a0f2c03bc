import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local HTTP server that answers as GitHub's REST API does for exactly the endpoints the
 * pull-request comment uses — list an issue's comments (paged, with a Link header), create one,
 * update one, and who the token is — and records every request. The action reaches it through
 * GITHUB_API_URL. What it answers is set per test: refusals (403, 404), secondary rate limits (403 or
 * 429 with `retry-after`) and comments already on the pull request.
 */

export interface RecordedRequest {
  method: string
  /** Path and query, as the client sent them. */
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface StoredComment {
  id: number
  issue: number
  body: string
  user: { login: string; type: 'Bot' | 'User' }
}

/** An answer given instead of the endpoint's own, to the requests `when` matches, `times` times (default: always). */
export interface Refusal {
  when: (r: RecordedRequest) => boolean
  status: number
  message: string
  headers?: Record<string, string>
  times?: number
}

export interface FakeGitHub {
  url: string
  requests: RecordedRequest[]
  comments: StoredComment[]
  refusals: Refusal[]
  /** The token the API accepts (else 401, as GitHub answers a bad credential). */
  token: string
  /** Who the job's token writes as. */
  writer: StoredComment['user']
  /** Comments on issue `issue` with these bodies and authors, in order, before the run. */
  seed(issue: number, comments: { body: string; user: StoredComment['user'] }[]): StoredComment[]
  reset(): void
  close(): Promise<void>
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000.'

export const RESOURCE_NOT_ACCESSIBLE = 'Resource not accessible by integration'

export async function startFakeGitHub(token: string): Promise<FakeGitHub> {
  let nextId = 1000
  const api: FakeGitHub = {
    url: '',
    requests: [],
    comments: [],
    refusals: [],
    token,
    writer: { login: 'github-actions[bot]', type: 'Bot' },
    seed(issue, list) {
      const made = list.map(c => ({ id: ++nextId, issue, body: c.body, user: c.user }))
      api.comments.push(...made)
      return made
    },
    reset() {
      api.requests.length = 0
      api.comments.length = 0
      api.refusals.length = 0
      api.writer = { login: 'github-actions[bot]', type: 'Bot' }
    },
    close: () => new Promise(resolve => server.close(() => resolve()))
  }

  const shown = (c: StoredComment): object => ({
    id: c.id,
    body: c.body,
    user: c.user,
    html_url: `https://github.com/acme/shop/pull/${c.issue}#issuecomment-${c.id}`,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z'
  })

  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      api.requests.push(rec)
      const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', ...headers })
        res.end(JSON.stringify(data))
      }
      if (req.headers.authorization !== `token ${api.token}`) {
        send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
        return
      }
      const refusal = api.refusals.find(r => r.when(rec) && (r.times === undefined || r.times > 0))
      if (refusal) {
        if (refusal.times !== undefined) refusal.times--
        send(refusal.status, { message: refusal.message, documentation_url: 'https://docs.github.com/rest' }, refusal.headers)
        return
      }
      const url = new URL(rec.url, 'http://api.test')
      const list = /^\/repos\/acme\/shop\/issues\/(\d+)\/comments$/.exec(url.pathname)
      const one = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname)
      if (list && req.method === 'GET') {
        const issue = Number(list[1])
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? '30'), 100)
        const page = Number(url.searchParams.get('page') ?? '1')
        const all = api.comments.filter(c => c.issue === issue)
        const last = Math.max(1, Math.ceil(all.length / perPage))
        const links: string[] = []
        const at = (p: number): string => `<${api.url}/repos/acme/shop/issues/${issue}/comments?per_page=${perPage}&page=${p}>`
        if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
        if (page > 1) links.push(`${at(1)}; rel="first"`, `${at(page - 1)}; rel="prev"`)
        send(200, all.slice((page - 1) * perPage, page * perPage).map(shown), links.length ? { link: links.join(', ') } : {})
        return
      }
      if (list && req.method === 'POST') {
        const made: StoredComment = { id: ++nextId, issue: Number(list[1]), body: (JSON.parse(body) as { body: string }).body, user: api.writer }
        api.comments.push(made)
        send(201, shown(made))
        return
      }
      if (one && req.method === 'PATCH') {
        const comment = api.comments.find(c => c.id === Number(one[1]))
        if (!comment) {
          send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
          return
        }
        // As on GitHub, a token that may write to the repository may edit anyone's comment.
        comment.body = (JSON.parse(body) as { body: string }).body
        send(200, shown(comment))
        return
      }
      if (url.pathname === '/user' && req.method === 'GET') {
        if (api.writer.type === 'Bot') send(403, { message: RESOURCE_NOT_ACCESSIBLE, documentation_url: 'https://docs.github.com/rest' })
        else send(200, { login: api.writer.login, type: api.writer.type })
        return
      }
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return api
}
