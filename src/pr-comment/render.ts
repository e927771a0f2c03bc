import type { Finding, RiskLevel } from '../risk/types.js'
import { failsAt, levelRank } from '../risk/types.js'
import { scrub } from '../secrets.js'
import type { PullRequest } from './event.js'
import type { CommentTarget } from './target.js'
import type { VerifyFacts } from './types.js'
import { byteSize, code, link, prose, text } from './markup.js'

/**
 * The comment's body: the action's own words in Markdown-free HTML blocks, one block a line, so
 * that no text it quotes can start Markdown (an HTML block ends only at a blank line, and quoted
 * text holds no line break). Everything quoted goes through markup.ts.
 */

/** GitHub refuses a comment over 65,536 characters; the body's UTF-8 size stays below that with room to spare. */
export const MAX_BODY_BYTES = 65_000
/** More rows than this fold into `<details>`. */
const FOLD_ROWS = 10
/** More pending migrations than this are never listed one by one (the job summary lists them all). */
const MAX_PENDING_LISTED = 300

export interface RenderInput {
  facts: VerifyFacts
  target: CommentTarget
  pr: PullRequest
  /** A file's path in the repository (`/`-separated), from its path relative to the workspace. */
  repoPath: (workspaceRelative: string) => string
}

/** The whole body, shortened (findings table first, then the pending list) until it fits the size limit. */
export function renderComment(input: RenderInput): string {
  const rows = orderedFindings(input.facts.risk?.findings ?? [])
  const pending = input.facts.pending ?? []
  let listed = Math.min(pending.length, MAX_PENDING_LISTED)
  const fits = (shownRows: number, shownPending: number): string | undefined => {
    const body = renderBody(input, rows, shownRows, shownPending)
    return byteSize(body) <= MAX_BODY_BYTES ? body : undefined
  }
  const whole = fits(rows.length, listed)
  if (whole !== undefined) return whole
  const rowCount = largest(rows.length, n => fits(n, listed) !== undefined)
  if (rowCount > 0 || fits(0, listed) !== undefined) return fits(rowCount, listed) as string
  listed = largest(listed, n => fits(0, n) !== undefined)
  return fits(0, listed) ?? renderBody(input, rows, 0, 0)
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

/** Findings not accepted, the highest level first (in file order within a level), then the accepted ones. */
function orderedFindings(findings: readonly Finding[]): Finding[] {
  const open = findings.filter(f => f.allowed === undefined)
  const accepted = findings.filter(f => f.allowed !== undefined)
  return [...open.map((f, i) => ({ f, i })).sort((a, b) => levelRank(b.f.level) - levelRank(a.f.level) || a.i - b.i).map(x => x.f), ...accepted]
}

function renderBody(input: RenderInput, rows: Finding[], shownRows: number, shownPending: number): string {
  const { target, pr } = input
  const blocks: string[] = [target.marker]
  const { database, schema, server } = target.label
  blocks.push(`<h3>Database migrations: ${code(database, 100)} (schema ${code(schema, 100)}) on ${code(server, 200)}</h3>`)
  blocks.push(statusBlock(input))
  blocks.push(...pendingBlocks(input, shownPending))
  blocks.push(...riskBlocks(input, rows, shownRows))
  blocks.push(
    `<p><sub>Written by the read-only verify step of db-deploy-action${pr.runUrl ? ` in ${link(pr.runUrl, 'this workflow run')}` : ''} and updated in place on every run for this database and workflow; the job summary holds the full report.</sub></p>`
  )
  // Each block is one line; blank lines between them end each HTML block.
  return scrub(blocks.join('\n\n')) + '\n'
}

function statusBlock({ facts, pr }: RenderInput): string {
  const at = pr.headSha ? ` for the pull request at ${link(`${repoUrl(pr)}/commit/${pr.headSha}`, `<code>${pr.headSha.slice(0, 7)}</code>`)}` : ''
  const server = facts.serverVersion ? ` on PostgreSQL ${text(facts.serverVersion, 50)}` : ''
  if (facts.failure !== undefined) {
    const failed = facts.checks.find(c => c.status === 'failed')
    return `<p>❌ <b>verify failed</b>${failed ? ` at the ${code(failed.name, 50)} check` : ''}${server}${at}: ${prose(facts.failure, 3000)}</p>`
  }
  const pending = facts.pending?.length ?? 0
  const risk = facts.risk?.level ?? 'none'
  return `<p>✅ <b>verify passed</b>${server}${at}: ${pending === 0 ? 'nothing pending' : `${pending} migration${plural(pending)} pending`}, migration risk <b>${risk}</b>.</p>`
}

function pendingBlocks({ facts, pr, repoPath }: RenderInput, shown: number): string[] {
  const pending = facts.pending
  if (pending === undefined) return ['<h4>Pending migrations</h4>', '<p>Not known: verify stopped before it compared the migrations folder with the database.</p>']
  if (pending.length === 0) {
    return ['<h4>Pending migrations: none</h4>', '<p>Nothing pending: the database already has every migration in this pull request, so merging it applies no migration to this database.</p>']
  }
  const heading = `<h4>What merging this pull request would apply: ${pending.length} pending migration${plural(pending.length)}, in order</h4>`
  const items = pending.slice(0, shown).map(m => `<li>${link(blobUrl(pr, repoPath(m.sqlPath)), code(m.name, 260))}</li>`)
  const rest = pending.length - shown
  const list = `<ol>${items.join('')}</ol>`
  const note = rest > 0 ? `<p>${rest} more not listed here to keep this comment within GitHub's size limit; the job summary and verify's <code>pending-migrations</code> output list all ${pending.length}.</p>` : ''
  if (shown > FOLD_ROWS) return [heading, `<details><summary>Show the ${shown === pending.length ? shown : `first ${shown}`} migrations</summary>${list}</details>`, ...(note ? [note] : [])]
  return [heading, ...(shown > 0 ? [list] : []), ...(note ? [note] : [])]
}

function riskBlocks(input: RenderInput, rows: Finding[], shownRows: number): string[] {
  const { facts } = input
  const risk = facts.risk
  if (risk === undefined) {
    return ['<h4>Migration risk</h4>', '<p>Not analysed: verify stopped before the migration-risk check.</p>']
  }
  const open = rows.filter(f => f.allowed === undefined)
  const accepted = rows.filter(f => f.allowed !== undefined)
  const scope = `${risk.statements} statement${plural(risk.statements)} of ${risk.files} pending migration${plural(risk.files)}`
  const blocks = [`<h4>Migration risk: ${risk.level}</h4>`]
  if (risk.files === 0) {
    blocks.push('<p>Nothing to analyse: no migration is pending.</p>')
    return blocks
  }
  if (rows.length === 0) {
    blocks.push(`<p>Nothing found: no finding in ${scope}.</p>`)
    return blocks
  }
  const counts = (['high', 'medium', 'low'] as const)
    .map(l => [l, open.filter(f => f.level === l).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${n} ${l}`)
  const failing = open.filter(f => failsAt(f.level, facts.riskFailLevel)).length
  blocks.push(
    `<p>${open.length === 0 ? 'No open finding' : `${open.length} finding${plural(open.length)} (${counts.join(', ')})`}${accepted.length ? ` and ${accepted.length} accepted` : ''} in ${scope}. ` +
      `${facts.riskFailLevel === 'none' ? 'With <code>risk-fail-level: none</code> no finding fails verify.' : `Findings at or above <code>risk-fail-level</code> <b>${facts.riskFailLevel}</b> fail verify: ${failing === 0 ? 'none here' : `${failing} here`}.`}</p>`
  )
  const shownOpen = open.slice(0, Math.min(shownRows, open.length))
  const shownAccepted = accepted.slice(0, Math.max(0, shownRows - open.length))
  if (open.length > 0) {
    const table = `<table><tr><th>Level</th><th>Rule</th><th>Where</th><th>Table</th><th>What happens</th><th>Safer way</th></tr>${shownOpen.map(f => findingRow(input, f)).join('')}</table>`
    blocks.push(shownOpen.length === 0 ? '' : shownOpen.length > FOLD_ROWS ? `<details><summary>Show the ${shownOpen.length === open.length ? shownOpen.length : `first ${shownOpen.length} of ${open.length}`} findings</summary>${table}</details>` : table)
  }
  if (accepted.length > 0) {
    blocks.push(`<h4>Accepted after review: ${accepted.length}</h4>`)
    if (shownAccepted.length > 0) {
      const table = `<table><tr><th>Level</th><th>Rule</th><th>Where</th><th>Table</th><th>What happens</th><th>Reason given</th></tr>${shownAccepted.map(f => acceptedRow(input, f)).join('')}</table>`
      blocks.push(shownAccepted.length > FOLD_ROWS ? `<details><summary>Show the ${shownAccepted.length === accepted.length ? shownAccepted.length : `first ${shownAccepted.length} of ${accepted.length}`} accepted findings</summary>${table}</details>` : table)
    }
  }
  const hidden = rows.length - shownOpen.length - shownAccepted.length
  if (hidden > 0) {
    blocks.push(
      `<p>⚠️ Shortened to stay within GitHub's size limit for a comment: ${hidden} of ${rows.length} findings are not shown here (the highest levels are shown first). The job summary${input.pr.runUrl ? ` of ${link(input.pr.runUrl, 'this run')}` : ''} and verify's <code>risk-findings</code> output hold every finding.</p>`
    )
  }
  const example = open[0]?.rule ?? accepted[0]?.rule ?? 'drop-column'
  blocks.push(
    `<details><summary>How to accept a finding after review</summary><p>Put <code>-- db-deploy: allow &lt;rule&gt; &lt;reason&gt;</code> on the line above the statement in its <code>migration.sql</code>, e.g. <code>-- db-deploy: allow ${text(example, 60)} reviewed: why it is safe here</code>. The reason is required. An accepted finding no longer fails verify and is listed here with its reason.</p></details>`
  )
  return blocks.filter(b => b !== '')
}

const LEVEL_MARK: Record<RiskLevel, string> = { high: '🔴 high', medium: '🟠 medium', low: '🟡 low' }

function findingRow(input: RenderInput, f: Finding): string {
  const fails = failsAt(f.level, input.facts.riskFailLevel)
  return `<tr><td>${fails ? `<b>${LEVEL_MARK[f.level]}</b>` : LEVEL_MARK[f.level]}</td><td>${code(f.rule, 60)}</td><td>${where(input, f)}</td><td>${tableCell(f)}</td><td>${whatHappens(f)}</td><td>${prose(f.saferWay, 1200)}</td></tr>`
}

function acceptedRow(input: RenderInput, f: Finding): string {
  return `<tr><td>${LEVEL_MARK[f.level]}, accepted</td><td>${code(f.rule, 60)}</td><td>${where(input, f)}</td><td>${tableCell(f)}</td><td>${whatHappens(f)}</td><td>${text(f.allowed ?? '', 600)}</td></tr>`
}

function where({ pr, repoPath }: RenderInput, f: Finding): string {
  return link(blobUrl(pr, repoPath(f.file), f.line), `${code(f.migration, 260)} line ${f.line}`)
}

function tableCell(f: Finding): string {
  if (!f.table) return '—'
  const size = f.tableSize ? `<br>${text(`${f.tableSize}${f.tableRows ? `, ${f.tableRows}` : ''}`, 120)}` : ''
  return `${code(f.table, 140)}${size}`
}

function whatHappens(f: Finding): string {
  const locks = f.locks ? `<br><i>Locks:</i> ${text(`${f.locks}${f.work ? ` (${f.work})` : ''}`, 400)}` : ''
  return `${prose(f.message, 1500)}${locks}`
}

function repoUrl(pr: PullRequest): string {
  return `${pr.serverUrl}/${pr.owner}/${pr.repo}`
}

/**
 * The file at the pull request's head commit, at `line`. The path is scrubbed before it is
 * encoded (a name holding a secret's form must not reach the body encoded once more).
 */
function blobUrl(pr: PullRequest, file: string, line?: number): string | undefined {
  if (!pr.headSha) return undefined
  const encoded = scrub(file)
    .split('/')
    .map(s => encodeURIComponent(s))
    .join('/')
  return `${repoUrl(pr)}/blob/${pr.headSha}/${encoded}${line ? `#L${line}` : ''}`
}

function plural(n: number): string {
  return n === 1 ? '' : 's'
}
