import * as core from '@actions/core'
import { scrub, scrubbedJson } from '../secrets.js'
import { neutralize } from '../log.js'
import { escapeInvisible } from '../visible-text.js'
import { type Finding, type RiskFailLevel, failsAt } from './types.js'
import type { RiskAnalysis } from './analyze.js'

/**
 * Annotations (SPEC 4): `core.error` for findings at or above `risk-fail-level`, `core.warning`
 * below it, with the file (relative to the workspace) and line. Accepted findings are not annotated;
 * they stay in the summary table and the `risk-findings` output.
 */
export function annotate(analysis: RiskAnalysis, failLevel: RiskFailLevel): void {
  for (const f of analysis.findings) {
    if (f.allowed !== undefined) continue
    const text = neutralize(scrub(`${f.message}${f.table && f.tableSize ? ` [${f.table}: ${f.tableSize}, ${f.tableRows}]` : ''}\nSafer: ${f.saferWay}`))
    // The properties are printed too (the file path holds the migration folder's name): scrubbed
    // and with invisible characters escaped like the message; @actions/core escapes their separators.
    const props = { title: escapeInvisible(scrub(`migration-risk: ${f.rule} (${f.level})`)), file: escapeInvisible(scrub(f.file)), startLine: f.line }
    if (failsAt(f.level, failLevel)) core.error(text, props)
    else core.warning(text, props)
  }
}

export function findingsJson(findings: readonly Finding[]): string {
  return scrubbedJson(findings)
}

/** The job summary's table of every finding (GitHub shows only ten annotations per level). */
export function findingsTable(analysis: RiskAnalysis): { heading: string; header: string[]; rows: string[][]; empty: string } {
  return {
    heading: `Migration risk (${analysis.findings.length} finding${analysis.findings.length === 1 ? '' : 's'}, level ${analysis.level})`,
    header: ['Level', 'Rule', 'Where', 'Table', 'Locks (work)', 'What happens', 'Safer way'],
    rows: analysis.findings.map(f => [
      f.allowed !== undefined ? `accepted (${f.level}): ${f.allowed}` : f.level,
      f.rule,
      `${f.file}:${f.line}`,
      f.table ? `${f.table}${f.tableSize ? ` (${f.tableSize}, ${f.tableRows})` : ''}` : '—',
      f.locks ? `${f.locks}${f.work ? ` (${f.work})` : ''}` : '—',
      f.message,
      f.saferWay
    ]),
    empty: `No findings in ${analysis.statements} statement${analysis.statements === 1 ? '' : 's'} of ${analysis.files} pending migration${analysis.files === 1 ? '' : 's'}.`
  }
}
