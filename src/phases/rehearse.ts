import * as fs from 'node:fs/promises'
import * as os from 'node:os'
import type { Inputs } from '../inputs.js'
import { ActionError } from '../errors.js'
import { discoverPgTools } from '../postgres/pg-tools.js'
import { closeSession } from '../postgres/session.js'
import { MIGRATIONS_TABLE, appliedNamesOrNone } from '../prisma/books.js'
import type { AppliedMigration } from '../migrators/types.js'
import type { BackupManifest } from '../backup/manifest.js'
import { listArchive, missingExtensions, missingTables, type ArchiveContents } from '../archive/listing.js'
import { runPgRestore } from '../archive/pg-restore.js'
import { majorOf } from '../archive/versions.js'
import { findServerBinaries, startThrowawayServer, type ServerBinaries, type ThrowawayServer } from '../rehearsal/throwaway-server.js'
import { schemaOnlyDump, compareSchemas, describeDrift, type DriftItem } from '../rehearsal/schema-drift.js'
import { applyMigrations } from '../rehearsal/migrations.js'
import { buildReference } from '../rehearsal/drift-reference.js'
import { checkBackup, checkDisk, chooseTools, type RehearsalTools } from '../rehearsal/checks.js'
import { createDatabase, referenceName, MAINTENANCE_DATABASE } from '../rehearsal/databases.js'
import { createStandInRoles, type Twin } from '../rehearsal/twin.js'
import { recordCreated, forgetCreated } from '../cleanup/created-paths.js'
import { deathSignal, type DeathSignal } from '../process/children.js'
import type { PhaseDefinition, PhaseRun, PhaseOutcome } from './lifecycle.js'
import { info, warning } from '../log.js'
import { formatBytes, formatDuration } from '../format.js'
import { startLockWatch } from '../rehearsal/lock-watch.js'
import { buildForecast, type LockForecast } from '../rehearsal/lock-forecast.js'
import { reportForecast } from '../rehearsal/lock-report.js'
import { findingsOnCopy } from '../rehearsal/lock-findings.js'
import { rehearsalSuccess, type RehearsalReport } from '../rehearsal/outcome.js'

type DriftMode = NonNullable<Inputs['drift']>

export type { RehearsalReport }

/**
 * rehearse: the pending migrations applied to a copy of production restored from this job's
 * verified backup, on a throwaway server of the backup's major version that listens on a private
 * Unix socket only. It never connects to production: it needs no database URL. It proves the
 * backup restores, forecasts the deploy's durations, and finds the data-dependent failures (a
 * unique index over duplicates, SET NOT NULL over NULLs, ...) before production sees them. Its
 * parts live in src/rehearsal/: the checks before the server starts, the throwaway server, its
 * databases, the migrations applied to the copy, and the schema drift check.
 */
export const rehearsePhase: PhaseDefinition<RehearsalReport> = {
  phase: 'rehearse',
  cancellation: 'stop',
  failureOutcome: failed =>
    `The rehearsal failed${failed ? ` at '${failed}'` : ''}. Production was not touched: the rehearsal ran on a throwaway copy restored from the backup, which was removed. Do not run the deploy phase until the rehearsal passes.`,
  cancelOutcome: signal => `The rehearsal was cancelled (${signal}); the throwaway server was stopped and its data folder removed. Production was not touched. Do not run the deploy phase.`,
  async work(run) {
    const done = await rehearse(run)
    return { ...done.success, result: done.report }
  }
}

/** What the steps after the server's start share. */
interface Copy {
  inputs: Inputs
  manifest: BackupManifest
  archive: string
  binaries: ServerBinaries
  tools: RehearsalTools
  server: ThrowawayServer
  dieWithParent: DeathSignal
  /** The copy's database: production's own name. */
  database: string
  schema: string
  /** Production's roles, locale and deploy role as reproduced on the server (see twin.ts). */
  twin: Twin
}

async function rehearse(run: PhaseRun): Promise<{ report: RehearsalReport; success: PhaseOutcome }> {
  const { inputs, env, step } = run
  const archive = inputs.backupPath
  if (!archive) {
    throw new ActionError(
      "The rehearse phase needs the backup to restore, and 'backup-path' is empty.",
      "Pass the backup phase's output: `backup-path: ${{ steps.<backup step id>.outputs.backup-path }}` (the plaintext archive of this job)."
    )
  }
  const driftMode = inputs.drift ?? 'warn'
  const toolSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH })
  toolSearch.catch(() => {})

  const { manifest } = await step('backup', () => checkBackup(archive))
  const backupMajor = majorOf(manifest.serverVersion)
  if (!Number.isFinite(backupMajor)) {
    throw new ActionError(
      `The manifest records the server version '${manifest.serverVersion}', which does not start with a major version number.`,
      'Use the manifest the backup phase wrote, unchanged.'
    )
  }
  await step('disk', () => checkDisk(env, manifest))
  const binaries = await step('server-binaries', async () => {
    const b = await findServerBinaries(backupMajor, inputs.rehearsalPgBinDir)
    if (b.warning) warning(b.warning)
    return [b, `PostgreSQL ${b.version} (${b.dir})${b.warning ? `, newer than the backup's ${manifest.serverVersion}` : ''}`]
  })
  const tools = await step('pg_restore', async () => chooseTools(await toolSearch, binaries, manifest))
  const dieWithParent = await deathSignal()
  if (dieWithParent.note) info(dieWithParent.note)
  const server = await step('server', () => startServer(run, binaries, dieWithParent))

  const base = { inputs, manifest, archive, binaries, tools, server, dieWithParent, database: manifest.database, schema: manifest.schema || 'public' }
  const contents = await step('extensions', () => checkExtensions(base))
  const twin = await step('roles', () => standInRoles(base))
  const copy: Copy = { ...base, twin }
  const jobs = manifest.format === 'custom' || manifest.format === 'directory' ? Math.max(1, Math.min(4, os.availableParallelism())) : 1
  const restoreStarted = performance.now()
  await step('restore', () => restoreCopy(copy, contents, jobs, restoreStarted))
  const restoreMs = performance.now() - restoreStarted
  await step('restore-proof', () => proveRestore(copy, contents))

  // The lock forecast: the risk check's findings judged on the copy before the batch, then met by what the lock watch saw.
  // The benchmark's switch (DB_DEPLOY_ACTION_LOCK_WATCH=off) never turns off a lock-budget: with a
  // budget the watch always runs; without one, a run without it says so.
  const watchOff = env.DB_DEPLOY_ACTION_LOCK_WATCH === 'off'
  if (watchOff && inputs.lockBudgetMs !== undefined) warning("DB_DEPLOY_ACTION_LOCK_WATCH=off is ignored: 'lock-budget' is set, and only the lock watch can enforce it.")
  const watchLocks = !watchOff || inputs.lockBudgetMs !== undefined
  if (!watchLocks) warning('The lock watch is turned off (DB_DEPLOY_ACTION_LOCK_WATCH=off): this rehearsal observed no locks and forecasts none.')
  const risk = watchLocks
    ? await step('risk-on-copy', async () => {
        const r = await findingsOnCopy(inputs, server, copy.database, copy.schema)
        return [r.findings, r.note]
      })
    : []
  const rehearsalStarted = performance.now()
  const { applied: migrations, forecast } = await step(`rehearse (${inputs.migrator})`, () => rehearseMigrations(copy, watchLocks))
  const rehearsalMs = performance.now() - rehearsalStarted
  const locks = forecast
    ? await step('lock-forecast', () =>
        reportForecast(forecast, {
          budgetMs: inputs.lockBudgetMs,
          migrationsDir: inputs.migrationsDir,
          workspace: inputs.workspace,
          findings: risk,
          onFailure: (table, lists) => {
            run.failure.tables = [table]
            run.failure.lists = lists
          }
        })
      )
    : undefined

  const drift = await step('drift', () => checkDrift(copy, driftMode))
  if (drift.items.length > 0) reportDrift(drift.items, driftMode)

  await step('cleanup', async () => {
    await server.dispose()
    forgetCreated(server.root)
    return [undefined, `server stopped, ${server.root} removed`]
  })
  return rehearsalSuccess(copy, { restoreMs, jobs, migrations, rehearsalMs, drift, driftMode, locks })
}

/** Starts the throwaway server; its folder is recorded for the post step and removed on failure and cancellation. */
async function startServer({ env, onCleanup }: PhaseRun, binaries: ServerBinaries, dieWithParent: DeathSignal): Promise<[ThrowawayServer, string]> {
  let removeCleanup: (() => void) | undefined
  const s = await startThrowawayServer({
    binaries,
    env,
    dieWithParent,
    onCreated: async root => {
      // Production data lands in it: removed on failure and cancellation, and by the post step
      // if the job is killed before this phase removes it.
      await recordCreated(root, 'rehearsal-data', false)
      removeCleanup = onCleanup(async () => {
        await fs.rm(root, { recursive: true, force: true })
      })
    }
  })
  removeCleanup?.()
  onCleanup(() => s.dispose())
  const st = s.settings
  const mode = async (p: string): Promise<string> => ((await fs.stat(p)).mode & 0o777).toString(8).padStart(4, '0')
  return [
    s,
    `PostgreSQL ${binaries.version} as ${s.runsAs}, data in ${s.dataDir} (folder mode ${await mode(s.root)}); Unix socket only (listen_addresses='${st.listen_addresses}', socket folder ${st.unix_socket_directories}, mode ${await mode(s.socketDir)}), fsync=${st.fsync}, full_page_writes=${st.full_page_writes}, wal_level=${st.wal_level}, max_wal_senders=${st.max_wal_senders} (read back)`
  ]
}

/** Production's roles as stand-ins on the server, the deploy role with its attributes; what was not reproduced is warned of. */
async function standInRoles({ server, manifest }: Omit<Copy, 'twin'>): Promise<[Twin, string]> {
  const twin = await createStandInRoles(server, manifest)
  for (const gap of twin.notReproduced) warning(`Not reproduced on the rehearsal's copy (not forecast by it): ${gap}.`)
  const deploy = manifest.twin?.deployRole
  const attrs = deploy
    ? (['superuser', 'createdb', 'createrole', 'replication', 'bypassrls'] as const).filter(a => deploy[a]).join(', ') || 'no superuser, createdb, createrole, replication or bypassrls'
    : ''
  return [
    twin,
    `${twin.standIns} stand-in role${twin.standIns === 1 ? '' : 's'} (NOLOGIN)${twin.deployRole && deploy ? `; the migrations run as '${twin.deployRole}' (${attrs}${manifest.twin?.memberships.length ? `; member of ${[...new Set(manifest.twin.memberships.filter(m => m.member === deploy.name).map(m => m.role))].join(', ')}` : ''})` : "; the migrations run as the server's superuser"}`
  ]
}

/** The archive's listing; every extension it creates must be available on the throwaway server. */
async function checkExtensions({ tools, archive, manifest, server, binaries, dieWithParent }: Omit<Copy, 'twin'>): Promise<[ArchiveContents, string]> {
  const c = await listArchive(tools.chosen, archive, manifest.format, dieWithParent)
  const session = await server.session(MAINTENANCE_DATABASE, 'db-deploy-action rehearsal')
  try {
    const missing = await missingExtensions(session, c.extensions)
    if (missing.length > 0) {
      throw new ActionError(
        `The backup needs the extension${missing.length === 1 ? '' : 's'} ${missing.map(e => `'${e}'`).join(', ')}, which the rehearsal server (PostgreSQL ${binaries.version}, ${binaries.dir}) does not have (not in pg_available_extensions). Nothing was restored.`,
        `Install the extension's package for PostgreSQL ${binaries.major} before this step (e.g. \`sudo apt-get install -y postgresql-${binaries.major}-<extension>\` from apt.postgresql.org), or point 'rehearsal-pg-bin-dir' at server binaries that include it.`
      )
    }
  } finally {
    await closeSession(session)
  }
  return [c, c.extensions.length === 0 ? 'the archive creates no extension' : `all available: ${c.extensions.join(', ')}`]
}

async function restoreCopy({ server, database, tools, archive, manifest, dieWithParent, twin }: Copy, contents: ArchiveContents, jobs: number, started: number): Promise<[undefined, string]> {
  await createDatabase(server, database, twin)
  let lastLog = 0
  await runPgRestore({
    tools: tools.chosen,
    archive,
    format: manifest.format,
    database,
    env: server.libpqEnv(),
    // Owners and privileges as on production (into the stand-in roles); placement in tablespaces
    // does not matter on the throwaway server, which has none of production's.
    args: twin.withOwners ? ['--no-tablespaces'] : ['--no-tablespaces', '--no-owner', '--no-acl'],
    jobs,
    tableData: contents.tableData,
    dieWithParent,
    onProgress: (done, total, table) => {
      const now = performance.now()
      if (now - lastLog < 1000 && done !== total) return
      lastLog = now
      info(`  … restoring table data ${done}/${total} (${table}), ${formatDuration(now - started)} so far`)
    }
  })
  const ms = performance.now() - started
  return [
    undefined,
    `pg_restore --no-tablespaces${twin.withOwners ? '' : ' --no-owner --no-acl'} --exit-on-error${jobs > 1 ? ` -j ${jobs}` : ''}: ${contents.tableData} tables with data, ${formatBytes(manifest.size)} archive in ${formatDuration(ms)} (the dump took ${formatDuration(manifest.durationMs)})${twin.locale ? `; the copy created with production's locale (${describeLocale(twin.locale)})` : ''}`
  ]
}

function describeLocale(l: NonNullable<Twin['locale']>): string {
  return `encoding ${l.encoding}, collation ${l.collate}, ctype ${l.ctype}, provider ${l.provider}${l.icuLocale ? ` ${l.icuLocale}` : ''}`
}

/** The copy holds every table of the archive, and its books record the manifest's applied migrations. */
async function proveRestore({ server, database, schema, manifest }: Copy, contents: ArchiveContents): Promise<[undefined, string]> {
  const session = await server.session(database, 'db-deploy-action rehearsal')
  try {
    const absent = await missingTables(session, contents.tables)
    if (absent.length > 0) {
      throw new ActionError(
        `The restored copy lacks ${absent.length} table${absent.length === 1 ? '' : 's'} of the archive: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ', …' : ''}. The backup does not restore whole.`,
        'Do not deploy: run the backup again and rehearse it; if this repeats, restore the archive by hand with pg_restore to find out why.'
      )
    }
    const books = await appliedNamesOrNone(session, schema)
    if (JSON.stringify(books) !== JSON.stringify(manifest.migrationsApplied)) {
      throw new ActionError(
        `The restored ${schema}.${MIGRATIONS_TABLE} does not match the manifest: ${books.length} migrations applied in the copy, ${manifest.migrationsApplied.length} recorded at backup time${firstDifferentMigration(books, manifest.migrationsApplied)}. The archive is not the backup the manifest describes.`,
        'Do not deploy: run the backup again and rehearse it.'
      )
    }
    return [undefined, `all ${contents.tables.length} tables of the archive exist; ${schema}.${MIGRATIONS_TABLE} matches the manifest (${books.length} applied)`]
  } finally {
    await closeSession(session)
  }
}

async function rehearseMigrations({ inputs, server, database, schema, twin }: Copy, watchLocks: boolean): Promise<[{ applied: AppliedMigration[]; forecast: LockForecast | undefined }, string]> {
  // The lock watch observes the migrator's backend while it runs (see lock-watch.ts); the
  // benchmark turns it off (DB_DEPLOY_ACTION_LOCK_WATCH=off) to measure its cost.
  const watch = watchLocks ? await startLockWatch(server, database, schema) : undefined
  let applied: AppliedMigration[]
  try {
    applied = await applyMigrations(inputs, server, database, schema, false, twin.deployRole)
  } catch (err) {
    await watch?.abandon()
    throw err
  }
  const forecast = watch ? buildForecast(await watch.stop(), applied) : undefined
  const total = applied.reduce((a, m) => a + m.durationMs, 0)
  const slow = [...applied].sort((a, b) => b.durationMs - a.durationMs)[0]
  return [
    { applied, forecast },
    applied.length === 0
      ? 'no pending migration'
      : `${applied.length} migration${applied.length === 1 ? '' : 's'} applied to the copy in ${formatDuration(total)}${slow && applied.length > 1 ? `; slowest ${slow.name} (${formatDuration(slow.durationMs)})` : ''}`
  ]
}

/** The rehearsed schema against what the migrations alone produce on an empty reference database. */
async function checkDrift({ inputs, server, database, schema, tools, binaries, dieWithParent, twin }: Copy, driftMode: DriftMode): Promise<[{ checked: boolean; items: DriftItem[] }, string]> {
  if (driftMode === 'ignore') return [{ checked: false, items: [] }, 'not checked (drift: ignore)']
  if (!tools.canDump) {
    warning(
      `Schema drift was not checked: no pg_dump of version ${binaries.major} or newer was found to read the rehearsal server (PostgreSQL ${binaries.version}). Install postgresql-client-${binaries.major} or set 'pg-bin-dir'.`
    )
    return [{ checked: false, items: [] }, `not checked: no pg_dump ${binaries.major}+`]
  }
  const reference = referenceName(database)
  await createDatabase(server, reference, { locale: twin.locale, owner: undefined, databaseGrants: null })
  info(`Reference for the drift check: every migration applied to an empty database '${reference}' on the same server:`)
  const unbuilt = await buildReference(inputs, server, reference, schema)
  if (unbuilt) {
    info(`  drift: ${describeDrift(unbuilt)}`)
    return [{ checked: true, items: [unbuilt] }, `the migrations do not build the schema from an empty database (${unbuilt.lines.join(': ')}); the schemas were not compared`]
  }
  const [prod, ref] = await Promise.all([
    schemaOnlyDump(tools.chosen.pgDump, server.libpqEnv(), database, dieWithParent),
    schemaOnlyDump(tools.chosen.pgDump, server.libpqEnv(), reference, dieWithParent)
  ])
  const items = compareSchemas(prod, ref)
  for (const item of items) info(`  drift: ${describeDrift(item)}`)
  return [
    { checked: true, items },
    items.length === 0
      ? 'none: the rehearsed schema is what the migrations produce'
      : `${items.length} difference${items.length === 1 ? '' : 's'} between production's schema and what the migrations produce`
  ]
}

/** Drift found: a failure with `drift: fail`, else a warning. */
function reportDrift(items: DriftItem[], driftMode: DriftMode): void {
  const text = `Schema drift: ${items.length} difference${items.length === 1 ? '' : 's'} between production's schema (rehearsed copy) and what the migrations alone produce: ${items.map(describeDrift).join(' | ')}`
  if (driftMode === 'fail') {
    throw new ActionError(`${text}. Production was not touched.`, 'Bring the change made outside the migrations into a migration (or remove it from production), then run again; or set `drift: warn`.')
  }
  warning(text)
}

/** Where the copy's applied migrations and the manifest's first differ, for the message; '' when they agree. */
function firstDifferentMigration(copy: string[], manifest: string[]): string {
  for (let i = 0; i < Math.max(copy.length, manifest.length); i++) {
    if (copy[i] !== manifest[i]) return ` (first difference at position ${i + 1}: copy ${copy[i] ?? 'none'}, manifest ${manifest[i] ?? 'none'})`
  }
  return ''
}
