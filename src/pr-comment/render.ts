import { scrub } from '../secrets.js'
import { findingsBlocks } from '../report/findings.js'
import { foldedList, SHOWN_BEFORE_FOLD } from '../report/lists.js'
import { fileLinks, repositoryUrl, type FileLink } from '../report/links.js'
import { byteSize, commentMarkup as m, link, plural } from '../report/markup.js'
import type { PullRequest } from './event.js'
import type { CommentTarget } from './target.js'
import type { VerifyFacts } from './types.js'

/**
 * The comment's body: the action's own words in Markdown-free HTML blocks, one block a line, so
 * that no text it quotes can start Markdown (an HTML block ends only at a blank line, and quoted
 * text holds no line break). The pending list and the findings are rendered as in the job summary
 * (src/report); everything quoted goes through its comment markup, which also keeps mentions,
 * references and links from forming.
 */

/** GitHub refuses a comment over 65,536 characters; the body's UTF-8 size stays below that with room to spare. */
export const MAX_BODY_BYTES = 65_000
/** More pending migrations than this are never listed one by one (the job summary lists them all). */
const MAX_PENDING_LISTED = 300

export interface RenderInput {
  facts: VerifyFacts
  target: CommentTarget
  pr: PullRequest
  /** A file's path in the repository (`/`-separated), from its path relative to the workspace. */
  repoPath: (workspaceRelative: string) => string
}

/** How much of the findings and the pending list a body shows (all, until it does not fit). */
interface Shown {
  /** Places listed under the findings' rules. */
  places: number
  /** Rows of the findings tables. */
  rows: number
  pending: number
}

/**
 * The whole body, shortened until it fits the size limit: first the places listed under each rule
 * (the table keeps one row per rule and level), then the findings' rows (the highest levels are
 * kept longest, accepted findings go first), then the pending list.
 */
export function renderComment(input: RenderInput): string {
  const findings = input.facts.risk?.findings.length ?? 0
  const all: Shown = { places: findings, rows: findings, pending: Math.min(input.facts.pending?.length ?? 0, MAX_PENDING_LISTED) }
  const fits = (s: Shown): string | undefined => {
    const body = renderBody(input, s)
    return byteSize(body) <= MAX_BODY_BYTES ? body : undefined
  }
  const whole = fits(all)
  if (whole !== undefined) return whole
  const places = largest(all.places, n => fits({ ...all, places: n }) !== undefined)
  if (places > 0 || fits({ ...all, places: 0 }) !== undefined) return fits({ ...all, places }) as string
  const rows = largest(all.rows, n => fits({ ...all, places: 0, rows: n }) !== undefined)
  if (rows > 0 || fits({ ...all, places: 0, rows: 0 }) !== undefined) return fits({ ...all, places: 0, rows }) as string
  const pending = largest(all.pending, n => fits({ places: 0, rows: 0, pending: n }) !== undefined)
  return fits({ places: 0, rows: 0, pending }) ?? renderBody(input, { places: 0, rows: 0, pending: 0 })
}

/** The largest n in 0..max for which `ok(n)` holds (`ok` is monotonic: true up to some n); 0 when none. */
function largest(max: number, ok: (n: number) => boolean): number {
  let lo = 0
  let hi = max
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (ok(mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

function renderBody(input: RenderInput, shown: Shown): string {
  const { target, pr } = input
  const links = fileLinks(pr.headSha ? { serverUrl: pr.serverUrl, owner: pr.owner, repo: pr.repo, sha: pr.headSha } : undefined, input.repoPath)
  const blocks: string[] = [target.marker]
  const { database, schema, server } = target.label
  blocks.push(`<h3>Database migrations: ${m.code(database, 100)} (schema ${m.code(schema, 100)}) on ${m.code(server, 200)}</h3>`)
  blocks.push(statusBlock(input))
  blocks.push(...pendingBlocks(input, links, shown.pending))
  blocks.push(...riskBlocks(input, links, shown))
  blocks.push(
    `<p><sub>Written by the read-only verify step of db-deploy-action${pr.runUrl ? ` in ${link(pr.runUrl, 'this workflow run')}` : ''} and updated in place on every run for this database and workflow; the job summary holds the full report.</sub></p>`
  )
  // Each block is one line; blank lines between them end each HTML block.
  return scrub(blocks.join('\n\n')) + '\n'
}

function statusBlock({ facts, pr }: RenderInput): string {
  const at = pr.headSha ? ` for the pull request at ${link(`${repositoryUrl(pr)}/commit/${pr.headSha}`, `<code>${pr.headSha.slice(0, 7)}</code>`)}` : ''
  const server = facts.serverVersion ? ` on PostgreSQL ${m.text(facts.serverVersion, 50)}` : ''
  if (facts.failure !== undefined) {
    const failed = facts.checks.find(c => c.status === 'failed')
    return `<p>❌ <b>verify failed</b>${failed ? ` at the ${m.code(failed.name, 50)} check` : ''}${server}${at}: ${m.prose(facts.failure, 3000)}</p>`
  }
  const pending = facts.pending?.length ?? 0
  const risk = facts.risk?.level ?? 'none'
  return `<p>✅ <b>verify passed</b>${server}${at}: ${pending === 0 ? 'nothing pending' : `${pending} migration${plural(pending)} pending`}, migration risk <b>${risk}</b>.</p>`
}

function pendingBlocks({ facts }: RenderInput, links: FileLink, shown: number): string[] {
  const pending = facts.pending
  if (pending === undefined) return ['<h4>Pending migrations</h4>', '<p>Not known: verify stopped before it compared the migrations folder with the database.</p>']
  if (pending.length === 0) {
    return ['<h4>Pending migrations: none</h4>', '<p>Nothing pending: the database already has every migration in this pull request, so merging it applies no migration to this database.</p>']
  }
  const heading = `<h4>What merging this pull request would apply: ${pending.length} pending migration${plural(pending.length)}, in order</h4>`
  const items = pending.slice(0, shown).map(p => ({ name: p.name, href: links(p.sqlPath) }))
  const rest = pending.length - shown
  const note =
    rest > 0
      ? [`<p>${rest} more not listed here to keep this comment within GitHub's size limit; the job summary and verify's <code>pending-migrations</code> output list all ${pending.length}.</p>`]
      : []
  return [heading, ...foldedList(items, m, { shown: SHOWN_BEFORE_FOLD, maxName: 260 }), ...note]
}

function riskBlocks(input: RenderInput, links: FileLink, shown: Shown): string[] {
  const { facts, pr } = input
  const risk = facts.risk
  if (risk === undefined) {
    return ['<h4>Migration risk</h4>', '<p>Not analysed: verify stopped before the migration-risk check.</p>']
  }
  const where = `the job summary${pr.runUrl ? ` of ${link(pr.runUrl, 'this run')}` : ''} and verify's <code>risk-findings</code> output hold every finding`
  const { blocks, unlisted } = findingsBlocks({ risk, failLevel: facts.riskFailLevel }, { markup: m, link: links, heading: 'h4', rows: shown.rows, places: shown.places, elsewhere: where })
  if (risk.findings.length === 0) return blocks
  if (unlisted > 0) {
    blocks.push(
      `<p>⚠️ Shortened to stay within GitHub's size limit for a comment: ${unlisted} of ${risk.findings.length} findings are not shown here (the highest levels are shown first); ${where}.</p>`
    )
  }
  const example = risk.findings.find(f => f.allowed === undefined)?.rule ?? risk.findings[0]?.rule ?? 'drop-column'
  blocks.push(
    `<details><summary>How to accept a finding after review</summary><p>Put <code>-- db-deploy: allow &lt;rule&gt; &lt;reason&gt;</code> on the line above the statement in its <code>migration.sql</code>, e.g. <code>-- db-deploy: allow ${m.text(example, 60)} reviewed: why it is safe here</code>. The reason is required. An accepted finding no longer fails verify and is listed here with its reason.</p></details>`
  )
  return blocks
}
