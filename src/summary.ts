import * as core from '@actions/core'
import { info, warning } from './log.js'
import { formatDuration } from './format.js'
import { escapeSummaryText, shorten, summaryMarkup as m } from './report/markup.js'
import { foldedList, SHOWN_BEFORE_FOLD, type ListItem } from './report/lists.js'
import { scrub } from './secrets.js'

export { escapeSummaryText }

/** One step of a phase as shown in the job summary. */
export interface StepRecord {
  name: string
  /** `running` until it ends; `interrupted`: the run was cancelled, or failed elsewhere, before it ended. */
  status: 'running' | 'passed' | 'failed' | 'skipped' | 'interrupted'
  durationMs: number
  detail: string
  /** When it started (performance.now()), for the time an interrupted step ran. */
  startedAt?: number
}

/** The one log line a step gets: its result and how long it took. */
export function logStep(step: StepRecord): void {
  const passed = step.status === 'passed'
  info(`${passed ? '✓' : '✗'} ${step.name}: ${passed ? step.detail : step.status === 'interrupted' ? 'INTERRUPTED' : 'FAILED'} (${formatDuration(step.durationMs)})`)
}

const ICON: Record<StepRecord['status'], string> = { running: '⏳ running', passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped', interrupted: '⏹️ interrupted' }

/** A named list, e.g. the pending migrations. */
export interface SummaryList {
  heading: string
  items: readonly ListItem[]
  /** What the summary says when there is no item. */
  empty: string
  /**
   * A list that grows with the project (pending, applied, rehearsed, restored migrations): its count
   * in the heading, its first few items shown and the rest folded.
   */
  grows?: boolean
  /** Items that are the action's sentences (a runbook's steps), not names. */
  prose?: boolean
}

/** A named table of text, e.g. a phase's own figures. */
export interface SummaryTable {
  heading: string
  header: string[]
  rows: string[][]
  empty: string
}

/**
 * The migration-risk findings, rendered by the phase that has them (report/findings.ts
 * `summaryFindings`): the summary's own module loads no risk code, so the action's start-up does not.
 */
export interface SummaryFindings {
  renderFindings: (env: NodeJS.ProcessEnv) => string[]
}

export interface SummaryContent {
  title: string
  /** One sentence: what happened. */
  outcome: string
  steps: StepRecord[]
  lists?: SummaryList[]
  /** Tables, e.g. the migration-risk findings. */
  tables?: (SummaryTable | SummaryFindings)[]
  outputs?: Record<string, string>
}

/** A step's detail longer than this is cut in the table of checks (a failed step's whole message is above it). */
const STEP_DETAIL_IN_TABLE = 160
/** An output longer than this is cut in the table of outputs and shown whole, folded, under it. */
const OUTPUT_IN_TABLE = 160

/**
 * Writes the phase's job summary. Every text is scrubbed of secrets and escaped (report/markup.ts).
 * What a reader needs first comes first: the verdict and what happened, why a step failed, the
 * phase's lists and findings (long lists folded after their first few items), then the table of
 * steps and the outputs. Without a summary file (a local run) it warns and goes on: the summary must
 * never turn a result into a failure.
 */
export async function writeSummary(content: SummaryContent, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    warning('GITHUB_STEP_SUMMARY is not set: no job summary written.')
    return
  }
  const blocks: string[] = [`<h2>${m.text(content.title)}</h2>`, `<p>${m.prose(content.outcome)}</p>`]
  // Why a step failed, whole, unless the outcome already says it: the table below has room for a line.
  const explained = new Set<StepRecord>()
  for (const step of content.steps.filter(s => s.status === 'failed' && !content.outcome.includes(firstLine(s.detail)))) {
    blocks.push(`<p>❌ <b>${m.code(step.name)}</b> failed: ${m.prose(step.detail)}</p>`)
    explained.add(step)
  }
  for (const list of content.lists ?? []) {
    const count = list.grows && list.items.length > 0 ? ` (${list.items.length})` : ''
    blocks.push(`<h3>${m.text(list.heading)}${count}</h3>`)
    if (list.items.length === 0) blocks.push(`<p>${m.text(list.empty)}</p>`)
    else blocks.push(...foldedList(list.items, m, { shown: list.grows ? SHOWN_BEFORE_FOLD : undefined, prose: list.prose }))
  }
  for (const table of content.tables ?? []) {
    if ('renderFindings' in table) {
      blocks.push(...table.renderFindings(env))
      continue
    }
    blocks.push(`<h3>${m.text(table.heading)}</h3>`)
    if (table.rows.length === 0) blocks.push(`<p>${m.text(table.empty)}</p>`)
    else
      blocks.push(
        `<table><tr>${table.header.map(h => `<th>${m.text(h)}</th>`).join('')}</tr>${table.rows.map(row => `<tr>${row.map(cell => `<td>${m.text(cell)}</td>`).join('')}</tr>`).join('')}</table>`
      )
  }
  blocks.push(
    '<h3>Checks</h3>',
    `<table><tr><th>Check</th><th>Result</th><th>Duration</th><th>Details</th></tr>${content.steps
      .map(step => {
        const detail = explained.has(step) ? cut(firstLine(step.detail), STEP_DETAIL_IN_TABLE) : m.prose(step.detail)
        return `<tr><td>${m.code(step.name)}</td><td>${ICON[step.status]}</td><td>${step.status === 'skipped' ? '—' : formatDuration(step.durationMs)}</td><td>${detail}</td></tr>`
      })
      .join('')}</table>`
  )
  const outputs = Object.entries(content.outputs ?? {})
  if (outputs.length > 0) {
    blocks.push('<h3>Outputs</h3>')
    blocks.push(
      `<table><tr><th>Output</th><th>Value</th></tr>${outputs
        .map(
          ([k, v]) =>
            `<tr><td>${m.code(k)}</td><td>${[...v].length > OUTPUT_IN_TABLE ? `${m.code(cut(v, OUTPUT_IN_TABLE / 2))} <i>(${[...v].length} characters: the whole value below)</i>` : m.code(v)}</td></tr>`
        )
        .join('')}</table>`
    )
    for (const [k, v] of outputs.filter(([, v]) => [...v].length > OUTPUT_IN_TABLE)) {
      blocks.push(`<details><summary>The whole ${m.code(k)} output</summary><p>${m.code(v)}</p></details>`)
    }
  }
  try {
    await core.summary
      .emptyBuffer()
      .addRaw(blocks.map(b => `${b}\n`).join(''))
      .write()
  } catch (err) {
    warning(`Could not write the job summary: ${(err as Error).message}`)
  }
}

function firstLine(text: string): string {
  return text.split(/\r\n|[\n\r\u2028\u2029]/)[0] ?? ''
}

/** At most `max` characters of `text`, scrubbed before it is cut (a cut never leaves part of a secret), escaped. */
function cut(text: string, max: number): string {
  return m.text(shorten(scrub(text), max))
}
