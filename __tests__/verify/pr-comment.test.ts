import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { generatedMigrations, applyLikePrisma, insertRow, writeMigration } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, type Project } from '../helpers/suite.js'
import { startFakeGitHub, SECONDARY_RATE_LIMIT_MESSAGE, RESOURCE_NOT_ACCESSIBLE, type FakeGitHub, type RecordedRequest } from '../helpers/github-api.js'
import { secretForms } from '../../src/secrets.js'

/**
 * Verify's pull-request comment through dist/index.js, against a real PostgreSQL and a local server
 * that answers as GitHub's REST API does (helpers/github-api.ts), reached through GITHUB_API_URL with
 * a pull_request event payload in GITHUB_EVENT_PATH. Every run is checked for the token: in the
 * Authorization header of every request, and nowhere else (no URL, no body, no log line).
 */

const PASSWORD = `p:/@%+ss word#?&="'\\;~ü<b>`
const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
const HEAD = '3f786850e387550fdab836ed7e6dc881de23001b'
const HEAD2 = '89e6c98d92887913cadf06b2adb97f26cde4849b'
const MARKER = /^<!-- db-deploy-action:pr-comment [0-9a-f]{24} -->$/

const pg = useCluster({ password: PASSWORD })
let gh: FakeGitHub

beforeAll(async () => {
  gh = await startFakeGitHub(TOKEN)
})
afterAll(async () => {
  await gh.close()
})
beforeEach(() => gh.reset())

function prPayload(o: { number?: number; head?: string; fork?: boolean } = {}): unknown {
  const number = o.number ?? 7
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: { sha: o.head ?? HEAD, repo: { full_name: o.fork ? 'someone/shop' : 'acme/shop' } },
      base: { sha: '0'.repeat(40), repo: { full_name: 'acme/shop' } }
    },
    repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } }
  }
}

interface PrRun {
  inputs?: Record<string, string>
  eventName?: string
  payload?: unknown
  env?: Record<string, string | undefined>
}

async function verifyOnPr(project: Project, db: string, o: PrRun = {}): Promise<RunResult> {
  const r = await runAction({
    workspace: project.root,
    inputs: { phase: 'verify', migrator: 'builtin', 'connect-timeout': '5', 'database-url': pg.cluster.url({ database: db }), 'github-token': TOKEN, ...o.inputs },
    eventName: o.eventName ?? 'pull_request',
    eventPayload: o.payload ?? prPayload(),
    env: {
      ...GUARDED_ENV,
      DATABASE_URL: undefined,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/db-verify-pr.yml@refs/pull/7/merge',
      ...o.env
    }
  })
  expectTokenOnlyInHeader(r)
  return r
}

/** The token reaches the API only as the Authorization header, and never the log, outputs or summary. */
function expectTokenOnlyInHeader(r: RunResult): void {
  const forms = [TOKEN, encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString('base64')]
  for (const req of gh.requests) {
    expect(req.headers.authorization).toBe(`token ${TOKEN}`)
    const elsewhere = JSON.stringify({ ...req, headers: { ...req.headers, authorization: undefined } })
    for (const form of forms) expect(elsewhere).not.toContain(form)
  }
  expect(findSecretLeaks(TOKEN, allTexts(r))).toEqual([])
  expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
}

const writes = (): RecordedRequest[] => gh.requests.filter(q => q.method !== 'GET')
const onIssue = (issue = 7): string[] => gh.comments.filter(c => c.issue === issue).map(c => c.body)
/** The plain warnings (`::warning::`, not the findings' annotations, which name a file). */
const plainWarnings = (r: RunResult): string[] => r.stdout.split('\n').filter(l => l.startsWith('::warning::'))
/** The body as GitHub's Markdown (CommonMark + GFM, raw HTML kept) renders it. */
const render = (body: string): string => micromark(body, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] })

/** What the reader sees: the rendered body's text, tags removed and entities decoded, zero-width spaces removed. */
function visibleText(body: string): string {
  return render(body)
    .replace(/<br>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '')
}

/**
 * The generated migrations applied, with a row in each of their tables: a statement on a table in
 * use is judged by its lock and its data (on an empty table the same statement is low).
 */
async function appliedWithRows(client: Parameters<typeof applyLikePrisma>[0], applied: ReturnType<typeof generatedMigrations>): Promise<void> {
  await applyLikePrisma(client, applied)
  for (const i of applied.keys()) await client.query(`INSERT INTO "t${String(i).padStart(4, '0')}" ("name") VALUES ('a row')`)
}

/** The body is the action's own HTML blocks: a marker, then one block a line, no Markdown anywhere. */
function expectWellFormed(body: string): void {
  const lines = body.split('\n')
  expect(lines[0]).toMatch(MARKER)
  expect(lines.pop()).toBe('')
  for (const [i, line] of lines.entries()) {
    if (i % 2 === 1) expect(line).toBe('')
    else if (i > 0) expect(line).toMatch(/^<(h3|h4|p|ol|table|details)>.*<\/\1>$/)
  }
  // Every link is one the action built: to the repository's files at the head commit, or to the run.
  const html = render(body)
  for (const m of html.matchAll(/<a\b[^>]*>/g)) expect(m[0]).toMatch(/^<a href="https:\/\/github\.com\/acme\/shop\/(blob\/[0-9a-f]{40}\/|commit\/[0-9a-f]{40}"|actions\/runs\/4242)/)
  expect(html).not.toMatch(/<img|<script|<strong>|<em>/)
  expect(Buffer.byteLength(body)).toBeLessThan(65_536)
}

describe('one comment per database, kept current', () => {
  test('the first run writes it, a run with other findings updates the same comment, and a run with nothing pending updates it again', async () => {
    const applied = generatedMigrations(2)
    const project = tempProject({ migrations: [...applied, { name: '20240101000300_drop_t0', sql: 'DROP TABLE "t0000";\n' }] })
    const db = await freshDatabase(pg.cluster, client => appliedWithRows(client, applied))

    const first = await verifyOnPr(project, db, { inputs: { 'risk-fail-level': 'none' } })
    expect(errorOf(first)).toBe('')
    expect(first.code).toBe(0)
    expect(gh.requests.map(q => `${q.method} ${q.url}`)).toEqual(['GET /repos/acme/shop/issues/7/comments?per_page=100&page=1', 'POST /repos/acme/shop/issues/7/comments'])
    expect(onIssue()).toHaveLength(1)
    const body1 = onIssue()[0]
    expectWellFormed(body1)
    expect(body1).toContain('<code>20240101000300_drop_t0</code>')
    expect(body1).toContain(`<a href="https://github.com/acme/shop/blob/${HEAD}/prisma/migrations/20240101000300_drop_t0/migration.sql#L1">`)
    expect(body1).toContain('<code>drop-table</code>')
    expect(body1).toContain('<code>public.t0000</code>')
    expect(body1).toContain('Migration risk: high')
    expect(body1).toContain('-- db-deploy: allow &lt;rule&gt; &lt;reason&gt;')
    expect(first.summary).toMatch(
      /<code>pr-comment<\/code><\/td><td>✅ passed<\/td><td>[^<]*<\/td><td>wrote the comment on pull request #7: https:\/\/github\.com\/acme\/shop\/pull\/7#issuecomment-\d+/
    )
    expect(first.summary).toContain('All 6 checks passed')

    // A new push: another migration with another finding, and the first one accepted.
    writeMigration(project.migrationsDir, { name: '20240101000300_drop_t0', sql: '-- db-deploy: allow drop-table reviewed: t0000 was never used\nDROP TABLE "t0000";\n' })
    writeMigration(project.migrationsDir, { name: '20240101000400_index', sql: 'CREATE INDEX "t0001_x_idx" ON "t0001"("name");\n' })
    const second = await verifyOnPr(project, db, { payload: prPayload({ head: HEAD2 }) })
    expect(second.code).toBe(0)
    expect(writes().map(q => `${q.method} ${q.url}`)).toEqual(['POST /repos/acme/shop/issues/7/comments', `PATCH /repos/acme/shop/issues/comments/${gh.comments[0]?.id}`])
    expect(onIssue()).toHaveLength(1)
    const body2 = onIssue()[0]
    expectWellFormed(body2)
    expect(body2.split('\n')[0]).toBe(body1.split('\n')[0])
    expect(body2).toContain('<code>index-not-concurrent</code>')
    expect(body2).toContain(`/blob/${HEAD2}/prisma/migrations/20240101000400_index/migration.sql#L1`)
    expect(body2).toContain('Accepted after review: 1')
    expect(body2).toContain('reviewed: t0000 was never used')
    expect(body2.indexOf('20240101000300_drop_t0')).toBeLessThan(body2.indexOf('20240101000400_index'))

    // Merged and deployed: nothing pending any more.
    const admin = await pg.cluster.client({ database: db })
    try {
      await applyLikePrisma(admin, [
        { name: '20240101000300_drop_t0', sql: '-- db-deploy: allow drop-table reviewed: t0000 was never used\nDROP TABLE "t0000";\n' },
        { name: '20240101000400_index', sql: 'CREATE INDEX "t0001_x_idx" ON "t0001"("name");\n' }
      ])
    } finally {
      await admin.end()
    }
    const third = await verifyOnPr(project, db)
    expect(third.code).toBe(0)
    expect(writes().map(q => q.method)).toEqual(['POST', 'PATCH', 'PATCH'])
    expect(onIssue()).toHaveLength(1)
    const body3 = onIssue()[0]
    expectWellFormed(body3)
    expect(visibleText(body3)).toContain('Nothing pending: the database already has every migration in this pull request')
    expect(visibleText(body3)).toContain('Nothing to analyse: no migration is pending.')
    expect(body3).not.toContain('drop-table')
    expect(body3).not.toContain('index-not-concurrent')
  })

  test('two databases keep two comments, each updated in place', async () => {
    const applied = generatedMigrations(1)
    const project = tempProject({ migrations: [...applied, { name: '20240101000300_add', sql: 'CREATE TABLE "extra" (id int);\n' }] })
    const dbA = await freshDatabase(pg.cluster, client => appliedWithRows(client, applied))
    const dbB = await freshDatabase(pg.cluster, client => appliedWithRows(client, applied))
    expect((await verifyOnPr(project, dbA)).code).toBe(0)
    expect((await verifyOnPr(project, dbB)).code).toBe(0)
    expect(onIssue()).toHaveLength(2)
    const [a, b] = gh.comments
    expect(a?.body.split('\n')[0]).not.toBe(b?.body.split('\n')[0])
    expect(a?.body).toContain(`<code>${dbA}</code>`)
    expect(b?.body).toContain(`<code>${dbB}</code>`)
    expect(visibleText(a?.body ?? '')).toContain('Nothing found: no finding in 1 statement of 1 pending migration.')

    expect((await verifyOnPr(project, dbB)).code).toBe(0)
    expect((await verifyOnPr(project, dbA)).code).toBe(0)
    expect(onIssue()).toHaveLength(2)
    expect(writes().map(q => `${q.method} ${q.url}`)).toEqual([
      'POST /repos/acme/shop/issues/7/comments',
      'POST /repos/acme/shop/issues/7/comments',
      `PATCH /repos/acme/shop/issues/comments/${b?.id}`,
      `PATCH /repos/acme/shop/issues/comments/${a?.id}`
    ])
  })

  test("found again on the third page of comments; someone else's comment holding the marker is never edited", async () => {
    const applied = generatedMigrations(1)
    const project = tempProject({ migrations: [...applied, { name: '20240101000300_add', sql: 'CREATE TABLE "extra" (id int);\n' }] })
    const db = await freshDatabase(pg.cluster, client => appliedWithRows(client, applied))
    // The first run writes the comment; then the conversation goes on for 230 comments.
    expect((await verifyOnPr(project, db)).code).toBe(0)
    const ours = gh.comments[0]
    const marker = ours?.body.split('\n')[0]
    gh.comments.length = 0
    gh.seed(7, [
      { body: `${marker}\nforged: verify passed, nothing pending`, user: { login: 'mallory', type: 'User' } },
      ...Array.from({ length: 229 }, (_, i) => ({ body: `review comment ${i}`, user: { login: i % 3 ? 'alice' : 'renovate[bot]', type: i % 3 ? ('User' as const) : ('Bot' as const) } }))
    ])
    gh.comments.push(ours)
    gh.seed(
      7,
      Array.from({ length: 20 }, (_, i) => ({ body: `later ${i}`, user: { login: 'bob', type: 'User' as const } }))
    )
    gh.requests.length = 0

    expect((await verifyOnPr(project, db)).code).toBe(0)
    expect(gh.requests.map(q => `${q.method} ${q.url}`)).toEqual([
      'GET /repos/acme/shop/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/shop/issues/7/comments?per_page=100&page=2',
      'GET /repos/acme/shop/issues/7/comments?per_page=100&page=3',
      `PATCH /repos/acme/shop/issues/comments/${ours?.id}`
    ])
    expect(gh.comments.find(c => c.user.login === 'mallory')?.body).toBe(`${marker}\nforged: verify passed, nothing pending`)

    // Only the forged one left: it is not taken for ours (the job's token cannot say who it is), a new one is written.
    gh.comments.splice(gh.comments.indexOf(ours), 1)
    gh.requests.length = 0
    expect((await verifyOnPr(project, db)).code).toBe(0)
    expect(gh.requests.map(q => `${q.method} ${q.url.split('?')[0]}`)).toEqual([
      'GET /repos/acme/shop/issues/7/comments',
      'GET /repos/acme/shop/issues/7/comments',
      'GET /repos/acme/shop/issues/7/comments',
      'GET /user',
      'POST /repos/acme/shop/issues/7/comments'
    ])
    expect(gh.comments.find(c => c.user.login === 'mallory')?.body).toBe(`${marker}\nforged: verify passed, nothing pending`)
  })

  test('with a personal token, its own comment is found by its login', async () => {
    const applied = generatedMigrations(1)
    const project = tempProject({ migrations: applied })
    const db = await freshDatabase(pg.cluster, client => appliedWithRows(client, applied))
    gh.writer = { login: 'deploy-bot-user', type: 'User' }
    expect((await verifyOnPr(project, db)).code).toBe(0)
    const marker = gh.comments[0]?.body.split('\n')[0]
    gh.seed(7, [{ body: `${marker}\nforged`, user: { login: 'mallory', type: 'User' } }])
    expect((await verifyOnPr(project, db)).code).toBe(0)
    expect(writes().map(q => `${q.method} ${q.url}`)).toEqual(['POST /repos/acme/shop/issues/7/comments', `PATCH /repos/acme/shop/issues/comments/${gh.comments[0]?.id}`])
    expect(gh.comments[1]?.body).toBe(`${marker}\nforged`)
  })
})

describe('a comment it may not write is a warning, not a failed check (unless required)', () => {
  async function setup(): Promise<{ project: Project; db: string }> {
    const applied = generatedMigrations(2)
    const project = tempProject({ migrations: [...applied, { name: '20240101000300_index', sql: 'CREATE INDEX "t0001_x_idx" ON "t0001"("name");\n' }] })
    const db = await freshDatabase(pg.cluster, client => appliedWithRows(client, applied))
    return { project, db }
  }
  const denyWrites = (): void => {
    gh.refusals.push({ when: q => q.method !== 'GET', status: 403, message: RESOURCE_NOT_ACCESSIBLE })
  }

  test("a fork's read-only token (403): one warning naming the permission, and verify's result as without the comment", async () => {
    const { project, db } = await setup()
    const off = await verifyOnPr(project, db, { inputs: { 'pr-comment': 'off' } })
    expect(gh.requests).toEqual([])
    expect(off.summary).not.toContain('pr-comment')
    denyWrites()
    const r = await verifyOnPr(project, db, { payload: prPayload({ fork: true }) })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(off.code)
    expect(r.code).toBe(0)
    expect(r.outputs).toEqual(off.outputs)
    expect(gh.comments).toEqual([])
    const warnings = plainWarnings(r)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('HTTP 403')
    expect(warnings[0]).toContain('fork')
    expect(warnings[0]).toContain('pull-requests: write')
    expect(r.summary).toMatch(/<code>pr-comment<\/code><\/td><td>⏭️ skipped<\/td><td>[^<]*<\/td><td>not written: GitHub refused the token \(HTTP 403/)
    expect(r.summary).toContain('verify: passed')
  })

  test('pr-comment: required and 403: verify fails, naming the permission', async () => {
    const { project, db } = await setup()
    denyWrites()
    const r = await verifyOnPr(project, db, { inputs: { 'pr-comment': 'required' } })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('The pull-request comment could not be written: GitHub refused the token (HTTP 403')
    expect(errorOf(r)).toContain('permissions: pull-requests: write')
    expect(r.summary).toContain("Verification failed at the 'pr-comment' check")
    expect(r.summary).toMatch(/<code>pr-comment<\/code><\/td><td>❌ failed/)
    // What the checks found is still reported, as on any failed verify.
    expect(r.outputs['risk-level']).toBe('medium')
    expect(r.summary).toContain('index-not-concurrent')
  })

  test('404 (a repository the token cannot see): one warning; with required, a failure', async () => {
    const { project, db } = await setup()
    gh.refusals.push({ when: () => true, status: 404, message: 'Not Found' })
    const r = await verifyOnPr(project, db)
    expect(r.code).toBe(0)
    expect(plainWarnings(r)).toHaveLength(1)
    expect(plainWarnings(r)[0]).toContain('HTTP 404')
    expect(gh.requests.map(q => q.method)).toEqual(['GET'])
    const required = await verifyOnPr(project, db, { inputs: { 'pr-comment': 'required' } })
    expect(required.code).not.toBe(0)
    expect(errorOf(required)).toContain('HTTP 404')
  })

  test('pull_request_target: never a request to GitHub; a warning saying why, or with required a failure', async () => {
    const { project, db } = await setup()
    const r = await verifyOnPr(project, db, { eventName: 'pull_request_target' })
    expect(r.code).toBe(0)
    expect(gh.requests).toEqual([])
    expect(plainWarnings(r)).toHaveLength(1)
    expect(plainWarnings(r)[0]).toContain("verify never comments on 'pull_request_target' events")
    expect(plainWarnings(r)[0]).toContain('on: pull_request')
    const required = await verifyOnPr(project, db, { eventName: 'pull_request_target', inputs: { 'pr-comment': 'required' } })
    expect(required.code).not.toBe(0)
    expect(errorOf(required)).toContain("verify never comments on 'pull_request_target' events")
    expect(gh.requests).toEqual([])
  })

  test('other events and pr-comment: off make no request and add no step', async () => {
    const { project, db } = await setup()
    for (const run of [{ eventName: 'push' }, { eventName: 'push', inputs: { 'pr-comment': 'required' } }, { inputs: { 'pr-comment': 'off' } }]) {
      const r = await verifyOnPr(project, db, run)
      expect(r.code).toBe(0)
      expect(r.summary).not.toContain('pr-comment')
      expect(plainWarnings(r)).toEqual([])
    }
    expect(gh.requests).toEqual([])
  })

  test('an input outside auto, off and required is refused, naming the valid values', async () => {
    const { project, db } = await setup()
    const r = await verifyOnPr(project, db, { inputs: { 'pr-comment': 'yes' } })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("Input 'pr-comment' has an unknown value 'yes'")
    expect(errorOf(r)).toContain('auto, off, required')
    expect(gh.requests).toEqual([])
  })

  test("GitHub's secondary rate limit (429, then 403) is waited out as it asks, then the comment is written once", async () => {
    const { project, db } = await setup()
    gh.refusals.push(
      { when: q => q.method === 'GET', status: 429, message: SECONDARY_RATE_LIMIT_MESSAGE, headers: { 'retry-after': '1' }, times: 1 },
      { when: q => q.method === 'POST', status: 403, message: SECONDARY_RATE_LIMIT_MESSAGE, headers: { 'retry-after': '1' }, times: 1 }
    )
    const r = await verifyOnPr(project, db)
    expect(r.code).toBe(0)
    expect(plainWarnings(r)).toEqual([])
    expect(gh.requests.map(q => q.method)).toEqual(['GET', 'GET', 'POST', 'POST'])
    expect(onIssue()).toHaveLength(1)
    expect(r.stdout.match(/secondary rate limit answered .*: retrying in 1 s/g)).toHaveLength(2)
  })

  test('a secondary rate limit that does not lift: two retries, then one warning (and no second comment)', async () => {
    const { project, db } = await setup()
    gh.refusals.push({ when: q => q.method === 'POST', status: 403, message: SECONDARY_RATE_LIMIT_MESSAGE, headers: { 'retry-after': '1' } })
    const r = await verifyOnPr(project, db)
    expect(r.code).toBe(0)
    expect(gh.requests.map(q => q.method)).toEqual(['GET', 'POST', 'POST', 'POST'])
    expect(plainWarnings(r)).toHaveLength(1)
    expect(plainWarnings(r)[0]).toContain('secondary rate limit')
    expect(gh.comments).toEqual([])
  })

  test('a server error (502) on creating is not retried (it could post twice); on listing it is', async () => {
    const { project, db } = await setup()
    gh.refusals.push({ when: q => q.method === 'GET', status: 502, message: 'Server Error', times: 1 }, { when: q => q.method === 'POST', status: 502, message: 'Server Error', times: 1 })
    const r = await verifyOnPr(project, db)
    expect(r.code).toBe(0)
    expect(gh.requests.map(q => q.method)).toEqual(['GET', 'GET', 'POST'])
    expect(plainWarnings(r)).toHaveLength(1)
    expect(plainWarnings(r)[0]).toContain('HTTP 502')
  })

  test('an error message from GitHub that quotes the token or the password is scrubbed from the warning', async () => {
    const { project, db } = await setup()
    gh.refusals.push({ when: q => q.method === 'POST', status: 403, message: `token ${TOKEN} may not; url postgresql://u:${encodeURIComponent(PASSWORD)}@h/d ${PASSWORD}` })
    const r = await verifyOnPr(project, db)
    expect(r.code).toBe(0)
    expect(plainWarnings(r)).toHaveLength(1)
    expect(plainWarnings(r)[0]).toContain('token *** may not')
  })
})

describe('what the body says, and what it never lets through', () => {
  test('a hostile migration name and table name stay text: no mention, link, reference, markup or invisible character', async () => {
    const applied = generatedMigrations(2)
    const name = '20240101000300_@admin [x](www.evil.example) <img src=x onerror=alert(1)> | ` #12 GH-7 **b** \u202e\u200b --> <!--'
    const table = 'https://evil.example/@admin #5 <b>|'
    const project = tempProject({ migrations: [...applied, { name, sql: `CREATE TABLE "x" (id int);\nDROP TABLE "${table}";\n` }] })
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, applied)
      await client.query(`CREATE TABLE "${table}" (id int)`)
    })
    const r = await verifyOnPr(project, db, { inputs: { 'risk-fail-level': 'none' } })
    expect(errorOf(r)).toBe('')
    const body = onIssue()[0]
    expectWellFormed(body)
    // Escaped, visible as written (with the zero-width spaces that break mentions, references and links).
    expect(body).toContain('<code>20240101000300_@&#8203;admin [x](www&#8203;.evil.example) &lt;img src=x onerror=alert(1)&gt; | ` #&#8203;12 GH-&#8203;7 **b** \\u202e\\u200b --&gt; &lt;!--</code>')
    expect(body).toContain('https:&#8203;//evil.example/@&#8203;admin #&#8203;5 &lt;b&gt;|')
    expect(visibleText(body)).toContain('20240101000300_@admin [x](www.evil.example) <img src=x onerror=alert(1)> | ` #12 GH-7 **b** \\u202e\\u200b --> <!--')
    // GitHub makes mentions, issue references and autolinks from text after rendering: none can match
    // outside the link addresses the action built (where the name is percent-encoded).
    const textOnly = body.replace(/ href="[^"]*"/g, '')
    expect(textOnly).not.toMatch(/@[A-Za-z0-9]/)
    expect(textOnly).not.toMatch(/(^|[^&])#\d/)
    expect(textOnly).not.toMatch(/GH-\d/i)
    expect(textOnly).not.toMatch(/www\.|:\/\/evil/)
    expect(body).not.toMatch(/\p{Cf}/u)
    expect(body.match(/-->/g)).toHaveLength(1)
    // The link to the file: the name percent-encoded in the path, nothing else.
    expect(body).toContain(`https://github.com/acme/shop/blob/${HEAD}/prisma/migrations/${encodeURIComponent(name).replace(/'/g, '%27')}/migration.sql#L2`)
  })

  test("a password in the database's error (a failed migration's logs) never reaches the body in any form", async () => {
    const applied = generatedMigrations(2)
    const project = tempProject({ migrations: applied })
    const logs = `ERROR: connection to postgresql://app:${encodeURIComponent(PASSWORD)}@db/x failed: password "${PASSWORD}" <b>@ops</b>`
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, applied)
      await insertRow(client, { name: '20240101000300_failed', checksum: 'f'.repeat(64), finished: false, logs })
    })
    const r = await verifyOnPr(project, db)
    expect(r.code).not.toBe(0)
    const body = onIssue()[0]
    expectWellFormed(body)
    expect(visibleText(body)).toContain('verify failed at the migrations check')
    expect(visibleText(body)).toContain("Migration '20240101000300_failed' failed")
    expect(body).toContain('***')
    expect(visibleText(body)).toContain('Not known: verify stopped before it compared the migrations folder with the database.')
    expectNoFormOf(PASSWORD, body)
  })

  test('a password quoted by the SQL parser (a finding) never reaches the body in any form', async () => {
    const applied = generatedMigrations(2)
    const project = tempProject({ migrations: [...applied, { name: '20240101000300_p', sql: `CREATE TABLE "x" (id int);\nSELECT $q$${PASSWORD} and more\n` }] })
    const db = await freshDatabase(pg.cluster, client => appliedWithRows(client, applied))
    const r = await verifyOnPr(project, db)
    expect(r.code).not.toBe(0)
    const body = onIssue()[0]
    expectWellFormed(body)
    expect(body).toContain('<code>parse-error</code>')
    expect(visibleText(body)).toContain('unterminated dollar-quoted string at or near "$q$***')
    expect(visibleText(body)).toContain('verify failed at the migration-risk check')
    expectNoFormOf(PASSWORD, body)
  })

  test('a batch of 200 findings stays under the size limit: the places listed shortened, highest levels first, with a note', async () => {
    const applied = generatedMigrations(1)
    const long = 'c_<@mention>_&_|x|_'.padEnd(60, 'z')
    const statements = Array.from({ length: 200 }, (_, i) => (i % 2 ? `ALTER TABLE "t0000" DROP COLUMN "${long}${i}";` : `CREATE INDEX "i${i}_${long}" ON "t0000"("name");`))
    const project = tempProject({ migrations: [...applied, { name: '20240101000300_many', sql: `${statements.join('\n')}\n` }] })
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, applied)
      for (let i = 1; i < 200; i += 2) await client.query(`ALTER TABLE "t0000" ADD COLUMN "${long}${i}" int`)
      await client.query(`INSERT INTO "t0000" ("name") SELECT 'n' || i FROM generate_series(1, 1000) i; ANALYZE "t0000"`)
    })
    const r = await verifyOnPr(project, db, { inputs: { 'risk-fail-level': 'none' } })
    expect(r.code).toBe(0)
    const findings = JSON.parse(r.outputs['risk-findings'] ?? '[]') as { level: string }[]
    expect(findings).toHaveLength(200)
    const body = onIssue()[0]
    expectWellFormed(body)
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(65_000)
    // One row per rule and level, the high one (drop-column) first.
    const levels = [...render(body).matchAll(/<tr>\s*<td>(?:<b>)?[^a-z]*(high|medium|low)/g)].map(m => m[1])
    expect(levels).toEqual(['high', 'medium'])
    expect(body).toContain('<code>drop-column</code> ×100')
    expect(body).toContain('<code>index-not-concurrent</code> ×100')
    // Each place listed is a link to its line; the note counts those that did not fit.
    const listed = new Set([...body.matchAll(/migration\.sql#L(\d+)"/g)].map(m => m[1])).size
    expect(listed).toBeGreaterThan(20)
    expect(listed).toBeLessThan(200)
    expect(visibleText(body)).toContain(`${200 - listed} of 200 findings are not shown here`)
  })
})

/** Neither the secret nor any form the action knows of it (nor those forms HTML-decoded, zero-width spaces removed) is in `body`. */
function expectNoFormOf(secret: string, body: string): void {
  const texts = [body, visibleText(body), body.replace(/&#8203;/g, '')]
  for (const form of secretForms(secret)) for (const t of texts) expect(t.includes(form) ? form : '').toBe('')
  for (const part of secret.split(/[\s"'<>&]+/).filter(p => p.length >= 4)) for (const t of texts) expect(t.includes(part) ? part : '').toBe('')
}
