import * as core from '@actions/core'
import { scrub } from './secrets.js'
import { info, warning } from './log.js'
import { formatDuration } from './format.js'
import { escapeInvisible } from './visible-text.js'

/** One step of a phase as shown in the job summary. */
export interface StepRecord {
  name: string
  status: 'passed' | 'failed' | 'skipped'
  durationMs: number
  detail: string
}

/** The one log line a step gets: its result and how long it took. */
export function logStep(step: StepRecord): void {
  const passed = step.status === 'passed'
  info(`${passed ? '✓' : '✗'} ${step.name}: ${passed ? step.detail : 'FAILED'} (${formatDuration(step.durationMs)})`)
}

const ICON: Record<StepRecord['status'], string> = { passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped' }

export interface SummaryContent {
  title: string
  /** One sentence: what happened. */
  outcome: string
  steps: StepRecord[]
  /** Named lists, e.g. the pending migrations. */
  lists?: { heading: string; items: string[]; empty: string }[]
  /** Named tables, e.g. the migration-risk findings. */
  tables?: { heading: string; header: string[]; rows: string[][]; empty: string }[]
  outputs?: Record<string, string>
}

/**
 * Writes the phase's job summary (every phase writes one: what ran, each step's result and
 * duration, the outputs). Every text is scrubbed of secrets. Without a summary
 * file (a local run) it warns and goes on: the summary must never turn a result into a failure.
 */
export async function writeSummary(content: SummaryContent, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    warning('GITHUB_STEP_SUMMARY is not set: no job summary written.')
    return
  }
  const s = core.summary.emptyBuffer()
  s.addHeading(escapeSummaryText(content.title), 2)
  s.addRaw(`<p>${escapeSummaryText(content.outcome)}</p>`, true)
  s.addTable([
    [
      { data: 'Check', header: true },
      { data: 'Result', header: true },
      { data: 'Duration', header: true },
      { data: 'Details', header: true }
    ],
    ...content.steps.map(step => [
      `<code>${escapeSummaryText(step.name)}</code>`,
      ICON[step.status],
      step.status === 'skipped' ? '—' : formatDuration(step.durationMs),
      escapeSummaryText(step.detail)
    ])
  ])
  for (const list of content.lists ?? []) {
    s.addHeading(escapeSummaryText(list.heading), 3)
    if (list.items.length === 0) s.addRaw(`<p>${escapeSummaryText(list.empty)}</p>`, true)
    else s.addList(list.items.map(item => `<code>${escapeSummaryText(item)}</code>`), true)
  }
  for (const table of content.tables ?? []) {
    s.addHeading(escapeSummaryText(table.heading), 3)
    if (table.rows.length === 0) s.addRaw(`<p>${escapeSummaryText(table.empty)}</p>`, true)
    else s.addTable([table.header.map(h => ({ data: escapeSummaryText(h), header: true })), ...table.rows.map(row => row.map(cell => escapeSummaryText(cell)))])
  }
  if (content.outputs && Object.keys(content.outputs).length > 0) {
    s.addHeading('Outputs', 3)
    s.addTable([
      [
        { data: 'Output', header: true },
        { data: 'Value', header: true }
      ],
      ...Object.entries(content.outputs).map(([k, v]) => [`<code>${escapeSummaryText(k)}</code>`, `<code>${escapeSummaryText(v)}</code>`])
    ])
  }
  try {
    await s.write()
  } catch (err) {
    warning(`Could not write the job summary: ${(err as Error).message}`)
  }
}

/** Every line break: CR LF, LF, a lone CR (a line ending in Markdown), and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g

/**
 * Text from files, the database or error messages, made safe as the content of an HTML element of
 * the job summary: secrets scrubbed, `&`, `<`, `>` escaped, every line break a `<br>`, and every
 * other control, invisible or bidirectional formatting character shown as an escape (`\u001b`,
 * `\u202e`; see visible-text.ts). The result holds no line break at all, so it can never end the
 * one-line HTML block it sits in (a blank line would turn what follows into Markdown) or start a
 * row of its own.
 */
export function escapeSummaryText(text: string): string {
  return escapeInvisible(
    scrub(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(LINE_BREAK, '<br>')
  )
}
