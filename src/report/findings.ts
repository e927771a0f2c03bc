import type { RiskAnalysis } from '../risk/analyze.js'
import { shownFindings, type Shown } from '../risk/report.js'
import { RULES } from '../risk/rules/index.js'
import { failsAt, levelRank, type Finding, type RiskFailLevel, type RiskLevel } from '../risk/types.js'
import { fileLinks, repositoryPaths, runRepository, type FileLink } from './links.js'
import { link, plural, summaryMarkup, type Markup } from './markup.js'

/**
 * The migration-risk findings as the job summary and the pull-request comment show them:
 *
 * - one compact table — level, rule, the migration and line (a link to the file at that line), the
 *   table with its size — sorted by level, the highest first, so that they are visible without
 *   unfolding anything; repeated findings of one rule are one row (risk/report.ts groups them);
 * - under it, one `<details>` per rule: why the rule exists, every place it was found with what
 *   happens there, and the safer way, written once for the rule instead of once per row;
 * - the findings accepted after review in a table of their own, with the reason given.
 */

/** What the findings report needs of the analysis (the grouping's fix reads the live facts when it has them). */
export type RiskView = Pick<RiskAnalysis, 'findings' | 'level' | 'files' | 'statements'> & Partial<Pick<RiskAnalysis, 'facts' | 'migrator'>>

export interface FindingsReport {
  risk: RiskView
  failLevel: RiskFailLevel
}

export interface FindingsOptions {
  markup: Markup
  /** The link to a finding's file and line. */
  link: FileLink
  /** The section's heading element: `h3` in the job summary, `h4` in the comment (under its own `h3`). */
  heading: 'h3' | 'h4'
  /** Table rows shown (open findings first, then accepted ones); every row when undefined. */
  rows?: number
  /** Places listed under the rules, in all (the highest rules' first); every place when undefined. */
  places?: number
  /** Said after the places a shortened report does not list, e.g. `the job summary lists every one`. */
  elsewhere?: string
}

export interface FindingsBlocks {
  /** One-line HTML blocks. */
  blocks: string[]
  /** Findings neither in a table row nor in a rule's list of places (only when shortened). */
  unlisted: number
}

/** Rows of the table shown before the rest fold into `<details>`. */
const FOLD_ROWS = 10
/** Places a grouped row names before `and N more` (the rule's `<details>` lists the rest). */
const ROW_PLACES = 2

/** A no-break space: a level or a line number is never split from its word. */
const NBSP = '\u00a0'
const LEVEL_MARK: Record<RiskLevel, string> = { high: `🔴${NBSP}high`, medium: `🟠${NBSP}medium`, low: `🟡${NBSP}low` }

interface Row {
  rule: string
  level: RiskLevel
  findings: Finding[]
  /** The group's one fix, or the single finding's safer way. */
  fix: string
  why: string | undefined
}

/** The rows: groups and single findings not accepted, the highest level first (in file order within a level), then the accepted ones. */
export function findingRows(risk: RiskView): { open: Row[]; accepted: Row[] } {
  const rows = shownFindings(risk).map(rowOf)
  const open = rows
    .filter(r => r.findings[0]?.allowed === undefined)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => levelRank(b.r.level) - levelRank(a.r.level) || a.i - b.i)
    .map(x => x.r)
  return { open, accepted: rows.filter(r => r.findings[0]?.allowed !== undefined) }
}

function rowOf(shown: Shown): Row {
  if ('group' in shown) return { rule: shown.group.rule, level: shown.group.level, findings: shown.group.findings, fix: shown.group.fix, why: shown.group.why }
  const f = shown.finding
  return { rule: f.rule, level: f.level, findings: [f], fix: f.saferWay, why: RULES.find(r => r.name === f.rule)?.why }
}

export function findingsBlocks(report: FindingsReport, o: FindingsOptions): FindingsBlocks {
  const { risk, failLevel } = report
  const m = o.markup
  const h = o.heading
  const total = risk.findings.length
  const { open, accepted } = findingRows(risk)
  const openCount = open.reduce((n, r) => n + r.findings.length, 0)
  const acceptedCount = total - openCount
  const scope = `${risk.statements} statement${plural(risk.statements)} of ${risk.files} pending migration${plural(risk.files)}`
  const counted = [...(openCount > 0 ? [`${openCount} finding${plural(openCount)}`] : []), ...(acceptedCount > 0 ? [`${acceptedCount} accepted`] : [])]
  const blocks = [`<${h}>Migration risk: ${risk.level}${counted.length > 0 ? ` (${counted.join(', ')})` : ''}</${h}>`]
  if (risk.files === 0) return { blocks: [...blocks, '<p>Nothing to analyse: no migration is pending.</p>'], unlisted: 0 }
  if (total === 0) return { blocks: [...blocks, `<p>Nothing found: no finding in ${scope}.</p>`], unlisted: 0 }

  const counts = (['high', 'medium', 'low'] as const)
    .map(l => [l, open.filter(r => r.level === l).reduce((n, r) => n + r.findings.length, 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${n} ${l}`)
  const failing = open.filter(r => failsAt(r.level, failLevel)).reduce((n, r) => n + r.findings.length, 0)
  blocks.push(
    `<p>${openCount === 0 ? 'No open finding' : `${openCount} finding${plural(openCount)} (${counts.join(', ')})`}${acceptedCount ? ` and ${acceptedCount} accepted after review` : ''} in ${scope}. ` +
      `${failLevel === 'none' ? 'With <code>risk-fail-level: none</code> no finding fails verify.' : `Findings at or above <code>risk-fail-level</code> <b>${failLevel}</b> fail verify: ${failing === 0 ? 'none here' : `${failing} here`}.`}</p>`
  )

  const rowLimit = o.rows ?? Infinity
  const shownOpen = open.slice(0, Math.min(rowLimit, open.length))
  const shownAccepted = accepted.slice(0, Math.max(0, rowLimit - shownOpen.length))
  const listed = new Set<Finding>()
  const where = (f: Finding): string => {
    listed.add(f)
    return link(o.link(f.file, f.line), `${m.code(f.migration, 200)} line${NBSP}${f.line}`)
  }
  const row = (r: Row, last: string): string =>
    `<tr><td>${failsAt(r.level, failLevel) && r.findings[0]?.allowed === undefined ? `<b>${LEVEL_MARK[r.level]}</b>` : LEVEL_MARK[r.level]}</td>` +
    `<td>${m.code(r.rule, 60)}${r.findings.length > 1 ? ` ×${r.findings.length}` : ''}</td><td>${places(r, where)}</td><td>${last}</td></tr>`
  if (shownOpen.length > 0) {
    blocks.push(
      ...foldedTable(
        '<tr><th>Level</th><th>Rule</th><th>Where</th><th>Table</th></tr>',
        shownOpen.map(r => row(r, tablesOf(r, m))),
        open.length
      )
    )
  }

  // Under the table, once per rule: why, every place with what happens there, and the safer way.
  const rules = [...new Set([...open, ...accepted].map(r => r.rule))]
  let placesLeft = o.places ?? Infinity
  for (const rule of rules) {
    const rows = [...open, ...accepted].filter(r => r.rule === rule)
    const findings = rows.flatMap(r => r.findings)
    const top = rows.find(r => r.findings[0]?.allowed === undefined) ?? rows[0]
    if (!top) continue
    const why = top.why ? `<p>${m.prose(top.why, 1200)}</p>` : ''
    const listedHere = findings.slice(0, Math.max(0, Math.min(placesLeft, findings.length)))
    placesLeft -= listedHere.length
    // A place whose message is the one above but for its table says so, instead of repeating it.
    let previous: string | undefined
    const items = listedHere.map(f => {
      const said = whatHappens(f, m)
      const same = said.generic === previous
      previous = said.generic
      const accepted = f.allowed !== undefined ? ` <i>Accepted after review:</i> ${m.text(f.allowed, 600)}` : ''
      return `<li>${where(f)}${f.table ? ` on ${m.code(f.table, 140)}${sizeOf(f, m, ', ')}` : ''}: ${same ? 'as above.' : said.html}${accepted}</li>`
    })
    const more = findings.length - listedHere.length
    const list = items.length > 0 ? `<ul>${items.join('')}</ul>` : ''
    const moreNote =
      more > 0 ? `<p>${more === findings.length ? `${more} place${plural(more)}` : `${more} more place${plural(more)}`} not listed here${o.elsewhere ? `: ${o.elsewhere}` : ''}.</p>` : ''
    const fixes = [...new Set(rows.filter(r => r.findings[0]?.allowed === undefined).map(r => r.fix))]
    const safer = fixes.map(fix => `<p><b>Safer way:</b> ${m.prose(fix, 1500)}</p>`).join('')
    const count = `${findings.length} finding${plural(findings.length)}`
    const mark = top.findings[0]?.allowed === undefined ? LEVEL_MARK[top.level] : `${LEVEL_MARK[top.level]}, accepted`
    blocks.push(`<details><summary>${mark}: ${m.code(rule, 60)}, ${count}: what happens${fixes.length > 0 ? ' and the safer way' : ''}</summary>${why}${list}${moreNote}${safer}</details>`)
  }

  if (accepted.length > 0) {
    blocks.push(`<${h}>Accepted after review: ${acceptedCount}</${h}>`)
    if (shownAccepted.length > 0) {
      const rowsHtml = shownAccepted.map(r => row(r, m.text(r.findings[0]?.allowed ?? '', 300)))
      blocks.push(...foldedTable('<tr><th>Level</th><th>Rule</th><th>Where</th><th>Reason given</th></tr>', rowsHtml, accepted.length))
    }
  }
  return { blocks, unlisted: risk.findings.filter(f => !listed.has(f)).length }
}

/** What happens at a finding's place: its message and locks, and the same with its table's name left out (to compare places). */
function whatHappens(f: Finding, m: Markup): { html: string; generic: string } {
  const html = `${m.prose(f.message, 1500)}${f.locks ? ` <i>Locks:</i> ${m.text(`${f.locks}${f.work ? ` (${f.work})` : ''}`, 400)}.` : ''}`
  return { html, generic: f.table ? html.split(m.text(f.table, 140)).join('\u0000') : html }
}

/** The places of a row: one link each, a group's first few and how many more (its rule's `<details>` lists them). */
function places(r: Row, where: (f: Finding) => string): string {
  const n = r.findings.length <= ROW_PLACES + 1 ? r.findings.length : ROW_PLACES
  const rest = r.findings.length - n
  return `${r.findings.slice(0, n).map(where).join('<br>')}${rest > 0 ? `<br>and ${rest} more (see below)` : ''}`
}

/** The table cell: the table with its size and rows; a group's tables. */
function tablesOf(r: Row, m: Markup): string {
  const tables = [...new Set(r.findings.map(f => f.table).filter((t): t is string => t !== undefined))]
  if (tables.length === 0) return '—'
  if (r.findings.length === 1) return `${m.code(tables[0], 140)}${sizeOf(r.findings[0], m, '<br>')}`
  if (tables.length <= ROW_PLACES) return tables.map(t => m.code(t, 140)).join('<br>')
  return `${m.code(tables[0], 140)} and ${tables.length - 1} other tables`
}

function sizeOf(f: Finding, m: Markup, before: string): string {
  return f.tableSize ? `${before}${m.text(`${f.tableSize}${f.tableRows ? `, ${f.tableRows}` : ''}`, 120)}` : ''
}

/** A table of rows; past FOLD_ROWS, the rest in a second table inside `<details>`. */
function foldedTable(header: string, rows: string[], total: number): string[] {
  if (rows.length <= FOLD_ROWS + 1) return [`<table>${header}${rows.join('')}</table>`]
  const rest = rows.slice(FOLD_ROWS)
  const of = rows.length < total ? ` (${total - rows.length} more not shown here)` : ''
  return [`<table>${header}${rows.slice(0, FOLD_ROWS).join('')}</table>`, `<details><summary>Show the other ${rest.length} rows${of}</summary><table>${header}${rest.join('')}</table></details>`]
}

/** The findings as a section of the job summary, rendered when the summary is written (summary.ts). */
export function summaryFindings(report: FindingsReport & { workspace: string }): { renderFindings: (env: NodeJS.ProcessEnv) => string[] } {
  return {
    renderFindings: env => findingsBlocks(report, { markup: summaryMarkup, link: fileLinks(runRepository(env), repositoryPaths(report.workspace)), heading: 'h3' }).blocks
  }
}
