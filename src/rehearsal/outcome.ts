import * as path from 'node:path'
import type { Inputs } from '../inputs.js'
import type { AppliedMigration } from '../migrators/types.js'
import type { BackupManifest } from '../backup/manifest.js'
import type { PhaseOutcome } from '../phases/lifecycle.js'
import { formatDuration } from '../format.js'
import { scrubbedJson } from '../secrets.js'
import type { ServerBinaries } from './throwaway-server.js'
import { describeDrift, type DriftItem } from './schema-drift.js'
import type { Twin } from './twin.js'
import type { ForecastReport } from './lock-report.js'

// The rehearse phase's outcome when it passed: its report (the `rehearsal-report` output), its words, its lists.

type DriftMode = NonNullable<Inputs['drift']>

export interface RehearsalReport {
  backup: string
  backupServerVersion: string
  serverVersion: string
  restoreMs: number
  restoreJobs: number
  migrations: AppliedMigration[]
  slowest: AppliedMigration[]
  rehearsalMs: number
  drift: { checked: boolean; mode: DriftMode; items: { object: string; kind: DriftItem['kind']; lines: string[] }[] }
  /** The role the migrations ran as on the copy (the deploy role's stand-in), or null: the server's superuser. */
  ranAs: string | null
  /** What the copy did not reproduce of production: the pass forecasts none of it. */
  notReproduced: string[]
}

export function rehearsalSuccess(
  { manifest, archive, binaries, twin }: { manifest: BackupManifest; archive: string; binaries: ServerBinaries; twin: Twin },
  r: {
    restoreMs: number
    jobs: number
    migrations: AppliedMigration[]
    rehearsalMs: number
    drift: { checked: boolean; items: DriftItem[] }
    driftMode: DriftMode
    locks: ForecastReport | undefined
  }
): { report: RehearsalReport; success: PhaseOutcome } {
  const { migrations, drift } = r
  const slowest = [...migrations].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3)
  const report: RehearsalReport = {
    backup: path.basename(archive),
    backupServerVersion: manifest.serverVersion,
    serverVersion: binaries.version,
    restoreMs: Math.round(r.restoreMs),
    restoreJobs: r.jobs,
    migrations: migrations.map(m => ({ name: m.name, durationMs: Math.round(m.durationMs) })),
    slowest: slowest.map(m => ({ name: m.name, durationMs: Math.round(m.durationMs) })),
    rehearsalMs: Math.round(r.rehearsalMs),
    drift: { checked: drift.checked, mode: r.driftMode, items: drift.items.map(i => ({ object: i.object, kind: i.kind, lines: i.lines })) },
    ranAs: twin.deployRole ?? null,
    notReproduced: twin.notReproduced
  }
  const slow = slowest.length > 0 ? ` Slowest: ${slowest.map(m => `${m.name} (${formatDuration(m.durationMs)})`).join(', ')}.` : ''
  const driftText = !drift.checked
    ? ' Drift not checked.'
    : drift.items.length === 0
      ? ' No schema drift.'
      : ` Schema drift: ${drift.items.length} item${drift.items.length === 1 ? '' : 's'} (see below).`
  return {
    report,
    success: {
      verdict: 'passed',
      outcome:
        `The backup restores: ${manifest.file} restored in ${formatDuration(r.restoreMs)} on PostgreSQL ${binaries.version}, every table present and the books as at backup time. ` +
        `${migrations.length} pending migration${migrations.length === 1 ? '' : 's'} applied to the copy without error in ${formatDuration(r.rehearsalMs)}${twin.deployRole ? ` as a stand-in of the deploy role '${twin.deployRole}'` : ''}: the forecast of the production deploy${twin.notReproduced.length > 0 ? `, except what the copy did not reproduce (${twin.notReproduced.length} item${twin.notReproduced.length === 1 ? '' : 's'}, listed below)` : ''}.${slow}${driftText} Production was not touched.`,
      outputs: { 'rehearsal-report': scrubbedJson(report), 'drift-count': String(drift.items.length), ...(r.locks ? { 'lock-forecast': scrubbedJson(r.locks.forecast) } : {}) },
      tables: r.locks ? [r.locks.table] : [],
      lists: [
        { heading: 'Migrations rehearsed, with their duration on the copy', items: migrations.map(m => ({ name: m.name, note: formatDuration(m.durationMs) })), empty: 'None pending.', grows: true },
        { heading: 'Schema drift', items: drift.items.map(describeDrift), empty: drift.checked ? 'None.' : 'Not checked.', grows: true },
        { heading: 'Not reproduced on the copy (not forecast)', items: twin.notReproduced, empty: "None: production's locale, roles and deploy role were reproduced.", prose: true },
        ...(r.locks?.lists ?? [])
      ]
    }
  }
}
