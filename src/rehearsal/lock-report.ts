import * as core from '@actions/core'
import * as path from 'node:path'
import { ActionError } from '../errors.js'
import { formatDuration } from '../format.js'
import { neutralize, setOutput, warning } from '../log.js'
import { scrub, scrubbedJson } from '../secrets.js'
import { escapeInvisible } from '../visible-text.js'
import { describeBreach, forecastTable, judgeBudget, showHeld, type LockForecast } from './lock-forecast.js'
import { meetFindings, type FindingObserved, type UnpredictedLock } from './lock-findings.js'
import type { Finding } from '../risk/types.js'

/** A write-blocking lock on a table in use held at least this long is annotated on its migration file. */
export const ANNOTATE_AT_MS = 1000

export interface ForecastReport {
  /** The forecast with the risk findings met (the `lock-forecast` output). */
  forecast: LockForecast & { findingsObserved: FindingObserved[]; observedNotPredicted: UnpredictedLock[] }
  /** The summary table (also for a failure's summary). */
  table: ReturnType<typeof forecastTable>
  /** The summary's lists: the findings with what was observed, and the locks not predicted. */
  lists: { heading: string; items: string[]; empty: string }[]
  /** The step's line. */
  line: string
}

/**
 * The forecast's output (`lock-forecast`), annotations on the migration files for long
 * write-blocking locks, and the lock budget: a breach not accepted by an allow comment fails.
 */
export async function reportForecast(
  observedForecast: LockForecast,
  o: {
    budgetMs: number | undefined
    migrationsDir: string
    workspace: string
    findings: readonly Finding[]
    onFailure: (table: ForecastReport['table'], lists: ForecastReport['lists']) => void
  }
): Promise<[ForecastReport, string]> {
  const met = meetFindings(observedForecast, o.findings, Math.min(ANNOTATE_AT_MS, o.budgetMs ?? ANNOTATE_AT_MS))
  const forecast = { ...observedForecast, findingsObserved: met.observed, observedNotPredicted: met.unpredicted }
  setOutput('lock-forecast', scrubbedJson(forecast))
  const table = forecastTable(forecast)
  const lists = [
    {
      heading: 'Risk findings against the observed locks',
      items: met.observed.map(f => `${f.rule} (${f.level}), ${f.migration} line ${f.line}, ${f.table}: ${f.observed}`),
      empty: 'No lock finding on the pending migrations.'
    },
    {
      heading: 'Observed, not predicted',
      items: met.unpredicted.map(u => u.message),
      empty: 'None: every long write-blocking lock on a table in use was named by a risk finding.'
    }
  ]
  for (const u of met.unpredicted) warning(u.message)
  const fileOf = (migration: string): string =>
    path
      .relative(o.workspace, path.join(o.migrationsDir, migration, 'migration.sql'))
      .split(path.sep)
      .join('/')
  for (const m of forecast.migrations) {
    for (const l of m.locks) {
      if (!l.blocksWrites || l.heldMs < ANNOTATE_AT_MS) continue
      core.warning(
        neutralize(
          scrub(
            `Observed on the copy: ${l.mode} on ${l.table} (${l.rows ?? 'unknown'} rows on the copy) held for ${showHeld(l)}${l.rewritten ? ', table rewritten' : ''}; it blocks ${l.blocks.join(', ')} that long. ${forecast.caveat}`
          )
        ),
        {
          title: escapeInvisible(scrub(`lock-forecast: ${l.mode} on ${l.table}`)),
          file: escapeInvisible(scrub(fileOf(m.migration))),
          startLine: 1
        }
      )
    }
  }
  const all = forecast.migrations.flatMap(m => m.locks)
  const longest = [...all].filter(l => l.blocksWrites).sort((a, b) => b.heldMs - a.heldMs)[0]
  let line = `${all.length} relation lock${all.length === 1 ? '' : 's'} observed in ${forecast.migrations.length} migration${forecast.migrations.length === 1 ? '' : 's'} (${forecast.samples} samples, every ${forecast.samplingIntervalMs} ms, largest gap ${forecast.largestGapMs} ms)`
  line += longest ? `; longest write-blocking lock on a table in use: ${longest.mode} on ${longest.table}, ${showHeld(longest)}` : '; no write-blocking lock on a table in use'
  if (o.budgetMs !== undefined) {
    const breaches = await judgeBudget(forecast, o.budgetMs, o.migrationsDir, o.findings)
    const open = breaches.filter(b => b.allowed === undefined)
    for (const b of breaches.filter(x => x.allowed !== undefined)) {
      core.info(neutralize(scrub(`Accepted by '-- db-deploy: allow lock-budget ${b.allowed}': ${describeBreach(b, o.budgetMs)}.`)))
    }
    if (open.length > 0) {
      o.onFailure(table, lists)
      for (const b of open) {
        core.error(neutralize(scrub(`${describeBreach(b, o.budgetMs)}. Safer: ${b.saferWay}`)), {
          title: escapeInvisible(scrub(`lock-budget: ${b.lock.mode} on ${b.lock.table}`)),
          file: escapeInvisible(scrub(fileOf(b.migration))),
          startLine: 1
        })
      }
      throw new ActionError(
        `The lock budget of ${formatDuration(o.budgetMs)} is exceeded: ${open.map(b => `${describeBreach(b, o.budgetMs as number)}. Safer: ${b.saferWay}`).join(' | ')}\n${forecast.caveat} Production was not touched.`,
        "Rewrite the migration the safer way, or, once reviewed, accept it with a comment in its migration.sql: `-- db-deploy: allow lock-budget <reason>`; or raise 'lock-budget'."
      )
    }
    line += `; lock budget ${formatDuration(o.budgetMs)}: ${breaches.length === 0 ? 'kept' : `kept (${breaches.length} accepted by allow comments)`}`
  }
  if (met.observed.length > 0 || met.unpredicted.length > 0)
    line += `; ${met.observed.length} risk finding${met.observed.length === 1 ? '' : 's'} met by observation, ${met.unpredicted.length} observed, not predicted`
  return [{ forecast, table, lists, line }, line]
}
