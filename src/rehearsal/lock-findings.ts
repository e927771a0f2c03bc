import type { Inputs } from '../inputs.js'
import { errorMessage } from '../errors.js'
import { closeSession, type Session } from '../postgres/session.js'
import { appliedNamesOrNone } from '../prisma/books.js'
import { readMigrationsFolder } from '../prisma/migrations-folder.js'
import { analyzeMigrations } from '../risk/analyze.js'
import { loadParser } from '../risk/parse.js'
import { showTable, type Finding } from '../risk/types.js'
import { formatDuration } from '../format.js'
import { showHeld, type ForecastLock, type LockForecast } from './lock-forecast.js'
import type { ThrowawayServer } from './throwaway-server.js'

/**
 * The static risk findings meet the observations: the risk check (the same analysis verify runs)
 * judges the pending migrations with the copy's facts before the batch; after it, each finding about
 * a table's lock says what was observed on that table in that migration, and a long write-blocking
 * lock on a table in use that no finding named becomes a finding of its own ("observed, not predicted").
 */

export interface FindingObserved {
  rule: string
  level: string
  migration: string
  line: number
  table: string
  /** "observed: SHARE held 180 ms–214 ms", or that no lock on the table was seen. */
  observed: string
  /** The longest time a lock on the table was seen held; null when none was seen. */
  heldMs: number | null
}

export interface UnpredictedLock {
  migration: string
  table: string
  mode: string
  heldMs: number
  heldAtMostMs: number | null
  rows: number | null
  message: string
}

/** The risk findings of the pending migrations, judged on the copy before the batch; none (with the reason) when the analysis cannot run. */
export async function findingsOnCopy(inputs: Inputs, server: ThrowawayServer, database: string, schema: string): Promise<{ findings: Finding[]; note: string }> {
  let session: Session | undefined
  try {
    const folder = await readMigrationsFolder(inputs.migrationsDir, inputs.workspace)
    session = await server.session(database, 'db-deploy-action rehearsal')
    const applied = new Set(await appliedNamesOrNone(session, schema))
    const pending = folder.migrations.filter(m => !applied.has(m.name))
    if (pending.length > 0) await loadParser()
    const analysis = await analyzeMigrations({ pending, workspace: inputs.workspace, schema, migrator: inputs.migrator, session })
    return {
      findings: analysis.findings,
      note: `${analysis.findings.length} risk finding${analysis.findings.length === 1 ? '' : 's'} on ${pending.length} pending migration${pending.length === 1 ? '' : 's'}, judged with the copy's facts`
    }
  } catch (err) {
    return { findings: [], note: `the risk check could not run on the copy (${errorMessage(err)}): observations are not compared with findings` }
  } finally {
    await closeSession(session)
  }
}

/** `public.User` (the forecast's form) as the risk check shows it (`public."User"`). */
function asShown(table: string): string {
  const dot = table.indexOf('.')
  return showTable({ schema: table.slice(0, dot), name: table.slice(dot + 1) })
}

function hasRows(l: ForecastLock): boolean {
  return l.rows !== null ? l.rows > 0 : (l.bytes ?? 0) > 0
}

/** Each lock finding with what was observed; the long write-blocking locks no finding named. */
export function meetFindings(forecast: LockForecast, findings: readonly Finding[], longMs: number): { observed: FindingObserved[]; unpredicted: UnpredictedLock[] } {
  const observed: FindingObserved[] = []
  for (const f of findings) {
    if (!f.table || !f.locks) continue
    const m = forecast.migrations.find(x => x.migration === f.migration)
    if (!m) continue
    const on = m.locks.filter(l => asShown(l.table) === f.table).sort((a, b) => b.heldMs - a.heldMs)
    const top = on[0]
    observed.push({
      rule: f.rule,
      level: f.level,
      migration: f.migration,
      line: f.line,
      table: f.table,
      observed: top
        ? `observed: ${top.mode} held ${showHeld(top)}${top.rewritten ? ', table rewritten' : ''}`
        : `observed: no lock on it seen (held less than the sampling gap, ${formatDuration(forecast.largestGapMs)}; the migration took ${formatDuration(m.durationMs)})`,
      heldMs: top ? top.heldMs : null
    })
  }
  const unpredicted: UnpredictedLock[] = []
  for (const m of forecast.migrations) {
    for (const l of m.locks) {
      if (!l.blocksWrites || !l.existedBefore || !hasRows(l) || l.heldMs < longMs) continue
      if (findings.some(f => f.migration === m.migration && f.table === asShown(l.table))) continue
      unpredicted.push({
        migration: m.migration,
        table: l.table,
        mode: l.mode,
        heldMs: l.heldMs,
        heldAtMostMs: l.heldAtMostMs,
        rows: l.rows,
        message: `observed, not predicted: ${l.mode} on ${l.table} (${l.rows ?? 'unknown'} rows on the copy) held ${showHeld(l)} by ${m.migration}; it blocks ${l.blocks.join(', ')} that long, and the static risk check named no finding on that table`
      })
    }
  }
  return { observed, unpredicted }
}
