import * as core from '@actions/core'
import { scrub } from './secrets.js'
import { formatDuration, info, warning } from './log.js'

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
 * Writes the phase's job summary (SPEC 1). Every text is scrubbed of secrets. Without a summary
 * file (a local run) it warns and goes on: the summary must never turn a result into a failure.
 */
export async function writeSummary(content: SummaryContent, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    warning('GITHUB_STEP_SUMMARY is not set: no job summary written.')
    return
  }
  const s = core.summary.emptyBuffer()
  s.addHeading(escape(content.title), 2)
  s.addRaw(`<p>${escape(content.outcome)}</p>`, true)
  s.addTable([
    [
      { data: 'Check', header: true },
      { data: 'Result', header: true },
      { data: 'Duration', header: true },
      { data: 'Details', header: true }
    ],
    ...content.steps.map(step => [
      `<code>${escape(step.name)}</code>`,
      ICON[step.status],
      step.status === 'skipped' ? '—' : formatDuration(step.durationMs),
      escape(step.detail)
    ])
  ])
  for (const list of content.lists ?? []) {
    s.addHeading(escape(list.heading), 3)
    if (list.items.length === 0) s.addRaw(`<p>${escape(list.empty)}</p>`, true)
    else s.addList(list.items.map(item => `<code>${escape(item)}</code>`), true)
  }
  for (const table of content.tables ?? []) {
    s.addHeading(escape(table.heading), 3)
    if (table.rows.length === 0) s.addRaw(`<p>${escape(table.empty)}</p>`, true)
    else s.addTable([table.header.map(h => ({ data: escape(h), header: true })), ...table.rows.map(row => row.map(cell => escape(cell)))])
  }
  if (content.outputs && Object.keys(content.outputs).length > 0) {
    s.addHeading('Outputs', 3)
    s.addTable([
      [
        { data: 'Output', header: true },
        { data: 'Value', header: true }
      ],
      ...Object.entries(content.outputs).map(([k, v]) => [`<code>${escape(k)}</code>`, `<code>${escape(v)}</code>`])
    ])
  }
  try {
    await s.write()
  } catch (err) {
    warning(`Could not write the job summary: ${(err as Error).message}`)
  }
}

function escape(text: string): string {
  return scrub(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>')
}
