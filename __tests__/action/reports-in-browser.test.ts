import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Page } from 'puppeteer-core'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase } from '../helpers/suite.js'
import { startFakeGitHub, type FakeGitHub } from '../helpers/github-api.js'
import { findChromium, launchChromium, openMarkdown, FIRST_SCREEN_PX, GITHUB_COLUMN_PX, type Chromium } from '../helpers/browser.js'
import { writeSummary, type SummaryContent } from '../../src/summary.js'

/**
 * The reports a person reads — the job summaries and the pull-request comment — as a browser draws
 * them: GitHub-flavoured Markdown in GitHub's markdown stylesheet, in GitHub's 1012 px column, in
 * headless Chromium. A large run made by the suite's own fixtures (120 pending migrations, about 50
 * risk findings of several rules, one of them high) through dist/index.js gives the verify summary
 * and the comment; a failed deploy gives its recovery runbook; the long lists of rehearse and
 * restore are written by the summary writer in-process. Each page is checked for what makes it
 * readable at any size: nothing wider than the column, no table row taller than a few lines, no
 * Markdown or HTML syntax left as text, and what matters on the first screen. Screenshots are kept
 * in a temporary folder printed in the test output.
 */

const CHROMIUM = findChromium()
const describeInBrowser = CHROMIUM ? describe : describe.skip
if (!CHROMIUM) {
  // CI installs the Debian package (.ci/run); elsewhere the test says why it did not run.
  console.warn('reports-in-browser: skipped, no Chromium found (/usr/bin/chromium). Install it with `apt-get install chromium`.')
}

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
const HEAD = '3f786850e387550fdab836ed7e6dc881de23001b'
/** Lines of body text (16 px at a line height of 1.5) a table row may take, with its cell padding. */
const MAX_ROW_LINES = 4
const MAX_ROW_PX = MAX_ROW_LINES * 24 + 2 * 6 + 2

const pg = useCluster()
let chromium: Chromium
let gh: FakeGitHub
const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'report-screenshots-'))

beforeAll(async () => {
  if (!CHROMIUM) return
  chromium = await launchChromium(CHROMIUM)
  gh = await startFakeGitHub(TOKEN)
}, 60_000)
afterAll(async () => {
  await chromium?.close()
  await gh?.close()
  console.log(`reports-in-browser: screenshots in ${shots}`)
})

/** What the layout checks found on a page: every problem named, so a failure says what to fix. */
interface Layout {
  problems: string[]
  /** Where the first table row holding a high finding ends, from the top of the page. */
  highRowBottom: number | undefined
  /** Where the first heading naming `heading` ends. */
  headingBottom: Record<string, number | undefined>
  text: string
}

/** The DOM as far as the measurement reads it (the tests compile without the DOM library). */
interface Box {
  left: number
  right: number
  bottom: number
  width: number
  height: number
}
interface Node {
  tagName: string
  textContent: string | null
  innerText: string
  scrollWidth: number
  clientWidth: number
  open: boolean
  getBoundingClientRect(): Box
  querySelector(selector: string): Node | null
  querySelectorAll(selector: string): Iterable<Node>
}
interface Window {
  document: Node
  scrollY: number
}

/**
 * Measures the page: each element's box against the column, each table's width against its
 * box (GitHub's tables scroll sideways inside it), each row's height, and the rendered text.
 */
async function measure(page: Page, headings: string[]): Promise<Layout> {
  return page.evaluate(
    (column: number, maxRow: number, names: string[]) => {
      const window = globalThis as unknown as Window
      const problems: string[] = []
      const article = window.document.querySelector('article') as Node
      const right = article.getBoundingClientRect().left + column
      const describe = (el: Node): string => `<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80)}"`
      for (const el of article.querySelectorAll('*')) {
        const box = el.getBoundingClientRect()
        if (box.width === 0 && box.height === 0) continue
        if (box.right > right + 0.5) problems.push(`wider than the ${column} px column (right edge at ${Math.round(box.right)} px): ${describe(el)}`)
      }
      for (const table of article.querySelectorAll('table')) {
        if (table.getBoundingClientRect().height === 0) continue
        if (table.scrollWidth > table.clientWidth + 0.5) problems.push(`a table scrolls sideways (${table.scrollWidth} px in ${table.clientWidth} px): ${describe(table)}`)
        for (const row of table.querySelectorAll('tr')) {
          const h = row.getBoundingClientRect().height
          if (h > maxRow) problems.push(`a table row ${Math.round(h)} px tall (more than ${maxRow} px): ${describe(row)}`)
        }
      }
      const bottom = (el: Node): number => el.getBoundingClientRect().bottom + window.scrollY
      const highRow = [...article.querySelectorAll('tr')].find(tr => /\bhigh\b/.test(tr.querySelector('td')?.textContent ?? ''))
      const headingBottom: Record<string, number | undefined> = {}
      for (const name of names) {
        const h = [...article.querySelectorAll('h2, h3, h4')].find(e => (e.textContent ?? '').includes(name))
        headingBottom[name] = h ? bottom(h) : undefined
      }
      return { problems, highRowBottom: highRow ? bottom(highRow) : undefined, headingBottom, text: article.innerText }
    },
    GITHUB_COLUMN_PX,
    MAX_ROW_PX,
    headings
  )
}

/**
 * Markdown and HTML syntax that would show as text: backticks, emphasis, links, table rows,
 * headings, HTML tags and entities (`<rule>` in `-- db-deploy: allow <rule> <reason>` is text).
 */
const LITERAL_MARKUP =
  /`|(?<!\*)\*\*(?!\*)|__\S|\]\(|<\/?(?:a|b|i|p|br|hr|td|tr|th|table|code|pre|details|summary|ol|ul|li|h[1-6]|img|div|span|sub|sup|strong|em)\b[^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|^\s*\|.*\|\s*$|^#{1,6}\s/im

interface Checked {
  closed: Layout
  open: Layout
  files: string[]
}

/**
 * Shows `markdown`, saves screenshots (as first seen, and with every `<details>` unfolded) and
 * measures both states.
 */
async function check(name: string, markdown: string, headings: string[] = []): Promise<Checked> {
  fs.writeFileSync(path.join(shots, `${name}.md`), markdown)
  const page = await openMarkdown(chromium, markdown)
  try {
    const files = [path.join(shots, `${name}.png`), path.join(shots, `${name}-first-screen.png`), path.join(shots, `${name}-unfolded.png`)]
    await page.screenshot({ path: files[0], fullPage: true })
    await page.screenshot({ path: files[1] })
    const closed = await measure(page, headings)
    await page.evaluate(() => {
      for (const d of (globalThis as unknown as Window).document.querySelectorAll('details')) d.open = true
    })
    await page.screenshot({ path: files[2], fullPage: true })
    const open = await measure(page, headings)
    console.log(`${name}: ${files.join(', ')}`)
    return { closed, open, files }
  } finally {
    await page.close()
  }
}

/** The checks every page passes, folded and unfolded. */
function expectReadable(c: Checked): void {
  expect(c.closed.problems).toEqual([])
  expect(c.open.problems).toEqual([])
  expect(c.open.text.match(LITERAL_MARKUP)?.[0] ?? '').toBe('')
  for (const f of c.files) expect(fs.statSync(f).size).toBeGreaterThan(1000)
}

// The large run: 12 tables in use (a row each), then 120 pending migrations — 100 new tables and 20
// that change the tables in use: one drop of a column (high), an index built without CONCURRENTLY
// on each of them 3 times over (medium), foreign keys, volatile defaults, renames, and one drop of a
// table accepted after review.
const applied = generatedMigrations(12)
const inUse = (i: number): string => `t${String(i).padStart(4, '0')}`
function riskyMigrations(): { name: string; sql: string }[] {
  const out: { name: string; sql: string }[] = []
  const at = (i: number, slug: string, sql: string): void => void out.push({ name: `${20250101000000 + i * 100}_${slug}`, sql })
  at(0, 'drop_legacy_name', `ALTER TABLE "${inUse(1)}" DROP COLUMN "name";\n`)
  for (let i = 1; i <= 12; i++) {
    const t = inUse(i - 1)
    at(i, `index_${t}`, [1, 2, 3].map(k => `CREATE INDEX "${t}_search${k}_idx" ON "${t}"("name", "id");`).join('\n') + '\n')
  }
  for (let i = 13; i <= 16; i++)
    at(
      i,
      `ref_${inUse(i - 10)}`,
      `ALTER TABLE "${inUse(i - 10)}" ADD COLUMN "parentId" INTEGER;\nALTER TABLE "${inUse(i - 10)}" ADD CONSTRAINT "${inUse(i - 10)}_parent_fkey" FOREIGN KEY ("parentId") REFERENCES "${inUse(2)}"("id");\n`
    )
  for (let i = 17; i <= 18; i++) at(i, `token_${inUse(i - 10)}`, `ALTER TABLE "${inUse(i - 10)}" ADD COLUMN "token" UUID DEFAULT gen_random_uuid();\n`)
  for (let i = 21; i <= 23; i++) at(i, `unique_${inUse(i - 21)}`, `ALTER TABLE "${inUse(i - 21)}" ADD CONSTRAINT "${inUse(i - 21)}_name_key" UNIQUE ("name");\n`)
  at(24, 'check_name', `ALTER TABLE "${inUse(4)}" ADD CONSTRAINT "${inUse(4)}_name_check" CHECK (length("name") > 0);\n`)
  at(19, 'rename_title', `ALTER TABLE "${inUse(9)}" RENAME COLUMN "name" TO "title";\n`)
  at(20, 'drop_archive', `-- db-deploy: allow drop-table reviewed: the archive moved to cold storage in March\nDROP TABLE "${inUse(11)}";\n`)
  return out
}

describeInBrowser("the reports as a browser draws them, in GitHub's column", () => {
  let verify: RunResult
  let comment: string

  beforeAll(async () => {
    const pending = [...generatedMigrations(95, 12), ...riskyMigrations()].sort((a, b) => a.name.localeCompare(b.name))
    const project = tempProject({ migrations: [...applied, ...pending] })
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, applied)
      for (const i of applied.keys()) await client.query(`INSERT INTO "${inUse(i)}" ("name") VALUES ('a row')`)
    })
    verify = await runAction({
      workspace: project.root,
      inputs: { phase: 'verify', migrator: 'builtin', 'connect-timeout': '5', 'database-url': pg.cluster.url({ database: db }), 'github-token': TOKEN },
      eventName: 'pull_request',
      eventPayload: {
        action: 'synchronize',
        number: 7,
        pull_request: { number: 7, head: { sha: HEAD, repo: { full_name: 'acme/shop' } }, base: { sha: '0'.repeat(40), repo: { full_name: 'acme/shop' } } }
      },
      env: {
        ...GUARDED_ENV,
        DATABASE_URL: undefined,
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/db-verify-pr.yml@refs/pull/7/merge'
      }
    })
    comment = gh.comments[0]?.body ?? ''
  }, 120_000)

  test('the verify summary of 120 pending migrations and 50 findings: the verdict, the count and the high finding on the first screen', async () => {
    const findings = JSON.parse(verify.outputs['risk-findings'] ?? '[]') as { rule: string; level: string }[]
    expect(findings.length).toBeGreaterThanOrEqual(45)
    expect(new Set(findings.map(f => f.rule)).size).toBeGreaterThanOrEqual(5)
    expect(findings.filter(f => f.level === 'high').map(f => f.rule)).toContain('drop-column')
    // The high finding fails verify (risk-fail-level high, the default).
    expect(verify.code).not.toBe(0)
    expect(errorOf(verify)).toContain('drop-column')

    const c = await check('verify-summary', verify.summary, ['verify: failed', 'Pending migrations (120)', 'Migration risk'])
    expectReadable(c)
    expect(c.closed.headingBottom['verify: failed']).toBeLessThan(FIRST_SCREEN_PX)
    expect(c.closed.headingBottom['Pending migrations (120)']).toBeLessThan(FIRST_SCREEN_PX)
    expect(c.closed.highRowBottom).toBeLessThan(FIRST_SCREEN_PX)
    expect(c.open.text).toContain('drop-column')
  })

  test('the pull-request comment of the same run: the high finding on the first screen', async () => {
    expect(comment).not.toBe('')
    const c = await check('pr-comment', comment, ['pending migrations', 'Migration risk'])
    expectReadable(c)
    expect(c.closed.highRowBottom).toBeLessThan(FIRST_SCREEN_PX)
    expect(c.closed.headingBottom['pending migrations']).toBeLessThan(FIRST_SCREEN_PX)
  })

  test("a failed deploy's summary: its recovery runbook readable as written", async () => {
    const good = generatedMigrations(3)
    const project = tempProject({ migrations: [...good, { name: '20250201000000_backfill_orders', sql: 'INSERT INTO "no_such_table" VALUES (1);\n' }] })
    const db = await freshDatabase(pg.cluster)
    const r = await runAction({
      workspace: project.root,
      inputs: { phase: 'deploy', migrator: 'builtin', 'database-url': pg.cluster.url({ database: db }), 'backup-path': 'backups/pre-deploy.dump.age' },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined, GITHUB_REPOSITORY: 'acme/shop', GITHUB_SERVER_URL: 'https://github.com' }
    })
    expect(r.code).not.toBe(0)
    expect(r.summary).toContain('Recovery runbook')
    const c = await check('deploy-failed-summary', r.summary, ['Recovery runbook'])
    expectReadable(c)
    expect(c.closed.text).toContain('20250201000000_backfill_orders')
    expect(c.closed.text).toContain('migrate resolve --rolled-back')
  })

  test('the long lists of rehearse and restore: the first few shown, the rest folded, the count in the heading', async () => {
    const names = generatedMigrations(120).map(m => m.name)
    const summaryFile = path.join(shots, 'in-process-summary.md')
    const saved = process.env.GITHUB_STEP_SUMMARY
    process.env.GITHUB_STEP_SUMMARY = summaryFile
    const summaryOf = async (content: SummaryContent): Promise<string> => {
      fs.writeFileSync(summaryFile, '')
      await writeSummary(content, { GITHUB_STEP_SUMMARY: summaryFile })
      return fs.readFileSync(summaryFile, 'utf8')
    }
    try {
      const rehearse = await summaryOf({
        title: 'Database deployment — rehearse: passed',
        outcome: `The backup restores: ${names.length} pending migrations applied to the copy without error.`,
        steps: [{ name: 'apply-migrations', status: 'passed', durationMs: 8123, detail: `${names.length} migrations applied` }],
        lists: [{ heading: 'Migrations rehearsed, with their duration on the copy', items: names.map((name, i) => ({ name, note: `${(i % 7) * 13 + 4} ms` })), empty: 'None pending.', grows: true }],
        outputs: { 'rehearsal-report': JSON.stringify({ migrations: names.map(name => ({ name, durationMs: 12 })) }), 'drift-count': '0' }
      })
      const restore = await summaryOf({
        title: 'Database deployment — restore: restored',
        outcome: `'shop' was restored from pre-deploy.dump.age: 12 tables, ${names.length} migrations applied.`,
        steps: [{ name: 'swap', status: 'passed', durationMs: 95, detail: "'shop' is the restored copy" }],
        lists: [
          { heading: 'Restored migrations, read back', items: names, empty: 'None.', grows: true },
          { heading: 'Applied before the restore, not in the backup', items: [], empty: 'None.', grows: true }
        ]
      })
      for (const [name, markdown, heading] of [
        ['rehearse-summary', rehearse, 'Migrations rehearsed'],
        ['restore-summary', restore, 'Restored migrations']
      ] as const) {
        const c = await check(name, markdown, [heading])
        expectReadable(c)
        expect(c.closed.headingBottom[heading]).toBeLessThan(FIRST_SCREEN_PX)
        // The count in the heading; the first few shown, the other 115 folded until unfolded.
        expect(c.closed.text).toContain(`${heading}`)
        expect(c.closed.text).toMatch(new RegExp(`${heading}[^\\n]*\\(120\\)`))
        expect(c.closed.text).toContain(names[4])
        expect(c.closed.text).not.toContain(names[5])
        expect(c.open.text).toContain(names[119])
      }
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
      else process.env.GITHUB_STEP_SUMMARY = saved
    }
  })
})
