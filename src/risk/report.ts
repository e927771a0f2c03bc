import * as core from '@actions/core'
import { scrub, scrubbedJson } from '../secrets.js'
import { neutralize } from '../log.js'
import { escapeInvisible } from '../visible-text.js'
import { type Finding, type RiskFailLevel, type RiskLevel, failsAt } from './types.js'
import { RULES } from './rules/index.js'
import type { RiskAnalysis } from './analyze.js'

/**
 * How findings are shown. Every finding stays in the `risk-findings` output, one object each. In
 * the annotations, the job summary and the pull-request comment, repeated findings of one rule at
 * one level (GROUP_AT or more, not accepted) are grouped: one annotation at the first of them and
 * one row of the findings table (report/findings.ts), with every place and one fix for all (for
 * missing-lock-timeout: the deploy role's lock_timeout, or the builtin migrator). Fewer stay one by
 * one, as do accepted findings (each has its own reason).
 */
export const GROUP_AT = 3
/** Places listed in a grouped annotation (the job summary lists them all). */
const ANNOTATION_PLACES = 20

export interface FindingGroup {
  rule: string
  level: RiskLevel
  findings: Finding[]
  why: string
  fix: string
}

export type Shown = { finding: Finding } | { group: FindingGroup }

/** The findings as shown: groups at the place of their first finding, the rest in order. */
export function shownFindings(analysis: Pick<RiskAnalysis, 'findings'> & Partial<Pick<RiskAnalysis, 'facts' | 'migrator'>>): Shown[] {
  const key = (f: Finding): string => `${f.rule}\u0000${f.level}`
  const byKey = new Map<string, Finding[]>()
  for (const f of analysis.findings) {
    if (f.allowed !== undefined || !RULES.some(r => r.name === f.rule)) continue
    byKey.set(key(f), [...(byKey.get(key(f)) ?? []), f])
  }
  const out: Shown[] = []
  const placed = new Set<string>()
  for (const f of analysis.findings) {
    const same = f.allowed === undefined ? byKey.get(key(f)) : undefined
    if (same === undefined || same.length < GROUP_AT) {
      out.push({ finding: f })
      continue
    }
    if (placed.has(key(f))) continue
    placed.add(key(f))
    const rule = RULES.find(r => r.name === f.rule)
    const fixes = new Set(same.map(x => x.saferWay))
    const fix =
      rule?.groupFix && analysis.facts && analysis.migrator
        ? rule.groupFix(same.length, analysis.facts, analysis.migrator)
        : fixes.size === 1
          ? `One fix for all ${same.length}: ${f.saferWay}`
          : `For all ${same.length}: ${[...fixes].join(' / ')}`
    out.push({ group: { rule: f.rule, level: f.level, findings: same, why: rule?.why ?? f.message, fix } })
  }
  return out
}

function place(f: Finding): string {
  return `${f.file}:${f.line}${f.table ? ` (${f.table})` : ''}`
}

/**
 * Annotations: `core.error` for findings at or above `risk-fail-level`, `core.warning` below it,
 * with the file (relative to the workspace) and line; a group is one annotation at its first
 * finding. Accepted findings are not annotated; they stay in the summary table and the
 * `risk-findings` output.
 */
export function annotate(analysis: RiskAnalysis, failLevel: RiskFailLevel): void {
  for (const shown of shownFindings(analysis)) {
    let text: string
    let first: Finding
    let title: string
    if ('group' in shown) {
      const g = shown.group
      first = g.findings[0]
      const places = g.findings.slice(0, ANNOTATION_PLACES).map(place)
      const more = g.findings.length - places.length
      text = `${g.findings.length} findings of this rule: ${g.why}\nAt: ${places.join(', ')}${more > 0 ? ` and ${more} more (the job summary lists them all)` : ''}.\n${g.fix}`
      title = `migration-risk: ${g.rule} (${g.level}) ×${g.findings.length}`
    } else {
      first = shown.finding
      if (first.allowed !== undefined) continue
      text = `${first.message}${first.table && first.tableSize ? ` [${first.table}: ${first.tableSize}, ${first.tableRows}]` : ''}\nSafer: ${first.saferWay}`
      title = `migration-risk: ${first.rule} (${first.level})`
    }
    // The properties are printed too (the file path holds the migration folder's name): scrubbed
    // and with invisible characters escaped like the message; @actions/core escapes their separators.
    const props = { title: escapeInvisible(scrub(title)), file: escapeInvisible(scrub(first.file)), startLine: first.line }
    if (failsAt(first.level, failLevel)) core.error(neutralize(scrub(text)), props)
    else core.warning(neutralize(scrub(text)), props)
  }
}

export function findingsJson(findings: readonly Finding[]): string {
  return scrubbedJson(findings)
}
