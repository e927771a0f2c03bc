import * as fs from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Inputs } from '../inputs.js'
import { ActionError, errorMessage, withoutFix } from '../errors.js'
import { discoverPgTools, type PgTools } from '../postgres/pg-tools.js'
import { closeSession, type Session } from '../postgres/session.js'
import { MIGRATIONS_TABLE, migrationsTableExists, readMigrationRows, isApplied, isFailed } from '../prisma/books.js'
import { runBuiltinMigrator, MigrationFailedError } from '../migrators/builtin.js'
import { runPrismaMigrator } from '../migrators/prisma.js'
import { readMigrationsFolder } from '../prisma/migrations-folder.js'
import { resolveCommand } from '../prisma/cli.js'
import type { AppliedMigration } from '../migrators/types.js'
import { formatBytes } from '../backup/files.js'
import { readManifestBeside } from '../archive/manifest-file.js'
import { checkArchiveDigest } from '../archive/open.js'
import { listArchive, missingExtensions, missingTables } from '../archive/listing.js'
import { runPgRestore } from '../archive/pg-restore.js'
import { majorOf } from '../archive/versions.js'
import { findServerBinaries, startThrowawayServer, type ThrowawayServer } from '../rehearsal/throwaway-server.js'
import { schemaOnlyDump, compareSchemas, describeDrift, type DriftItem } from '../rehearsal/schema-drift.js'
import { recordCreated, forgetCreated } from '../cleanup/created-paths.js'
import { deathSignal } from '../process/children.js'
import { runnerTempDir } from '../process/temp-dir.js'
import type { PhaseDefinition, PhaseRun, PhaseOutcome } from './lifecycle.js'
import { info, warning, formatDuration } from '../log.js'
import { scrub, scrubbedJson } from '../secrets.js'
import { sqlIdent } from '../postgres/sql-text.js'

/** The database the migrations alone are applied to, for the drift comparison (see referenceName). */
const REFERENCE_DATABASE = 'db_deploy_action_reference'

/**
 * Where the throwaway server is administered from: never `postgres`, which may be production's own
 * name (the copy replaces the server's built-in `postgres`). Databases are created from template0,
 * which allows no connections, so this session never blocks a CREATE DATABASE.
 */
const MAINTENANCE_DATABASE = 'template1'

/** Headroom on top of the database's size: the cluster itself, WAL, the reference database. */
const DISK_MARGIN_BYTES = 128 * 1024 * 1024

export interface RehearsalReport {
  backup: string
  backupServerVersion: string
  serverVersion: string
  restoreMs: number
  restoreJobs: number
  migrations: AppliedMigration[]
  slowest: AppliedMigration[]
  rehearsalMs: number
  drift: { checked: boolean; mode: NonNullable<Inputs['drift']>; items: { object: string; kind: DriftItem['kind']; lines: string[] }[] }
}

/**
 * rehearse: the pending migrations applied to a copy of production restored from this job's
 * verified backup, on a throwaway server of the backup's major version that listens on a private
 * Unix socket only. It never connects to production: it needs no database URL. It proves the
 * backup restores, forecasts the deploy's durations, and finds the data-dependent failures (a
 * unique index over duplicates, SET NOT NULL over NULLs, ...) before production sees them.
 */
export const rehearsePhase: PhaseDefinition<RehearsalReport> = {
  phase: 'rehearse',
  cancellation: 'stop',
  failureOutcome: failed =>
    `The rehearsal failed${failed ? ` at '${failed}'` : ''}. Production was not touched: the rehearsal ran on a throwaway copy restored from the backup, which was removed. Do not run the deploy phase until the rehearsal passes.`,
  cancelOutcome: signal =>
    `The rehearsal was cancelled (${signal}); the throwaway server was stopped and its data folder removed. Production was not touched. Do not run the deploy phase.`,
  async work(run) {
    const done = await rehearse(run)
    return { ...done.success, result: done.report }
  }
}

async function rehearse({ inputs, env, step, onCleanup }: PhaseRun): Promise<{ report: RehearsalReport; success: PhaseOutcome }> {
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

  const { manifest } = await step('backup', async () => {
    const read = await readManifestBeside(
      archive,
      "Give 'backup-path' the archive the backup phase of this job wrote (its 'backup-path' output); the manifest sits beside it as <name>.manifest.json."
    )
    const digest = await checkArchiveDigest(archive, read.manifest)
    const m = read.manifest
    return [
      read,
      `${m.file} (${m.format}, ${formatBytes(m.size)}, from PostgreSQL ${m.serverVersion}, ${m.migrationsApplied.length} migrations applied); sha256 ${digest.slice(0, 16)}… matches the manifest`
    ]
  })
  const backupMajor = majorOf(manifest.serverVersion)
  if (!Number.isFinite(backupMajor)) {
    throw new ActionError(`The manifest records the server version '${manifest.serverVersion}', which does not start with a major version number.`, 'Use the manifest the backup phase wrote, unchanged.')
  }

  await step('disk', async () => {
    const where = runnerTempDir(env)
    const stats = await fs.statfs(where)
    const free = stats.bavail * stats.bsize
    const estimate = manifest.databaseBytes ?? manifest.size * 4
    const needed = Math.ceil(estimate * 1.25) + DISK_MARGIN_BYTES
    const basis = manifest.databaseBytes !== undefined ? `the database's size at backup time (${formatBytes(estimate)})` : `four times the archive's size (${formatBytes(estimate)}; the manifest records no database size)`
    if (free < needed) {
      throw new ActionError(
        `Not enough free disk space for the rehearsal under ${where}: ${formatBytes(free)} free, about ${formatBytes(needed)} needed (${basis}, plus a quarter and ${formatBytes(DISK_MARGIN_BYTES)} for the server). Nothing was started.`,
        "Free disk space on the runner (or use a larger runner), or turn the rehearsal off for this database (the reusable workflow's input `rehearse: false`)."
      )
    }
    return [undefined, `${formatBytes(free)} free under ${where}; about ${formatBytes(needed)} needed (${basis})`]
  })

  const binaries = await step('server-binaries', async () => {
    const b = await findServerBinaries(backupMajor, inputs.rehearsalPgBinDir)
    if (b.warning) warning(b.warning)
    return [b, `PostgreSQL ${b.version} (${b.dir})${b.warning ? `, newer than the backup's ${manifest.serverVersion}` : ''}`]
  })

  const pgDumpMajor = majorOf(manifest.pgDumpVersion)
  const tools = await step('pg_restore', async () => {
    const found = await toolSearch
    // Preferred: a client that can also dump the throwaway server (for the drift check).
    const full = found.find(t => t.major >= binaries.major)
    const restoreOnly = found.find(t => t.major >= pgDumpMajor)
    const chosen = full ?? restoreOnly
    if (!chosen) {
      throw new ActionError(
        `No pg_restore of version ${pgDumpMajor} or newer was found to restore the backup (written by pg_dump ${manifest.pgDumpVersion}); found ${found.length === 0 ? 'none' : found.map(t => `${t.version} (${t.dir})`).join(', ')}.`,
        `Install the PostgreSQL ${binaries.major} client tools (\`sudo apt-get install -y postgresql-client-${binaries.major}\`), or set 'pg-bin-dir'.`
      )
    }
    return [{ chosen, canDump: full !== undefined } as { chosen: PgTools; canDump: boolean }, `pg_restore ${chosen.version} (${chosen.dir})`]
  })

  const dieWithParent = await deathSignal()
  if (dieWithParent.note) info(dieWithParent.note)

  const server = await step('server', async () => {
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
  })

  const contents = await step('extensions', async () => {
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
  })

  const database = manifest.database
  const jobs = manifest.format === 'custom' || manifest.format === 'directory' ? Math.max(1, Math.min(4, os.availableParallelism())) : 1
  const restoreStarted = performance.now()
  await step('restore', async () => {
    await createDatabase(server, database)
    let lastLog = 0
    await runPgRestore({
      tools: tools.chosen,
      archive,
      format: manifest.format,
      database,
      env: server.libpqEnv(),
      args: ['--no-owner', '--no-acl'],
      jobs,
      tableData: contents.tableData,
      dieWithParent,
      onProgress: (done, total, table) => {
        const now = performance.now()
        if (now - lastLog < 1000 && done !== total) return
        lastLog = now
        info(`  … restoring table data ${done}/${total} (${table}), ${formatDuration(now - restoreStarted)} so far`)
      }
    })
    const ms = performance.now() - restoreStarted
    return [undefined, `pg_restore --no-owner --no-acl --exit-on-error${jobs > 1 ? ` -j ${jobs}` : ''}: ${contents.tableData} tables with data, ${formatBytes(manifest.size)} archive in ${formatDuration(ms)} (the dump took ${formatDuration(manifest.durationMs)})`]
  })
  const restoreMs = performance.now() - restoreStarted

  const schema = manifest.schema || 'public'
  await step('restore-proof', async () => {
    const session = await server.session(database, 'db-deploy-action rehearsal')
    try {
      const absent = await missingTables(session, contents.tables)
      if (absent.length > 0) {
        throw new ActionError(
          `The restored copy lacks ${absent.length} table${absent.length === 1 ? '' : 's'} of the archive: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ', …' : ''}. The backup does not restore whole.`,
          'Do not deploy: run the backup again and rehearse it; if this repeats, restore the archive by hand with pg_restore to find out why.'
        )
      }
      const books = (await migrationsTableExists(session, schema)) ? (await readMigrationRows(session, schema)).filter(isApplied).map(r => r.migration_name) : []
      if (JSON.stringify(books) !== JSON.stringify(manifest.migrationsApplied)) {
        throw new ActionError(
          `The restored ${schema}.${MIGRATIONS_TABLE} does not match the manifest: ${books.length} migrations applied in the copy, ${manifest.migrationsApplied.length} recorded at backup time${firstDifference(books, manifest.migrationsApplied)}. The archive is not the backup the manifest describes.`,
          'Do not deploy: run the backup again and rehearse it.'
        )
      }
      return [undefined, `all ${contents.tables.length} tables of the archive exist; ${schema}.${MIGRATIONS_TABLE} matches the manifest (${books.length} applied)`]
    } finally {
      await closeSession(session)
    }
  })

  const rehearsalStarted = performance.now()
  const migrations = await step(`rehearse (${inputs.migrator})`, async () => {
    const applied = await applyMigrations(inputs, server, database, schema)
    const total = applied.reduce((a, m) => a + m.durationMs, 0)
    const slow = [...applied].sort((a, b) => b.durationMs - a.durationMs)[0]
    return [
      applied,
      applied.length === 0
        ? 'no pending migration'
        : `${applied.length} migration${applied.length === 1 ? '' : 's'} applied to the copy in ${formatDuration(total)}${slow && applied.length > 1 ? `; slowest ${slow.name} (${formatDuration(slow.durationMs)})` : ''}`
    ]
  })
  const rehearsalMs = performance.now() - rehearsalStarted
  const slowest = [...migrations].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3)

  const drift = await step('drift', async () => {
    if (driftMode === 'ignore') return [{ checked: false, items: [] as DriftItem[] }, 'not checked (drift: ignore)']
    if (!tools.canDump) {
      warning(
        `Schema drift was not checked: no pg_dump of version ${binaries.major} or newer was found to read the rehearsal server (PostgreSQL ${binaries.version}). Install postgresql-client-${binaries.major} or set 'pg-bin-dir'.`
      )
      return [{ checked: false, items: [] as DriftItem[] }, `not checked: no pg_dump ${binaries.major}+`]
    }
    const reference = referenceName(database)
    await createDatabase(server, reference)
    info(`Reference for the drift check: every migration applied to an empty database '${reference}' on the same server:`)
    try {
      await applyMigrations(inputs, server, reference, schema, true)
    } catch (err) {
      throw new ActionError(
        `The migrations do not apply to an empty database (the reference for the drift check): ${errorMessage(err)}`,
        "Fix the migrations so that they build the schema from nothing (as `prisma migrate reset` would), or set `drift: ignore`."
      )
    }
    const [prod, ref] = await Promise.all([
      schemaOnlyDump(tools.chosen.pgDump, server.libpqEnv(), database, dieWithParent),
      schemaOnlyDump(tools.chosen.pgDump, server.libpqEnv(), reference, dieWithParent)
    ])
    const items = compareSchemas(prod, ref)
    for (const item of items) info(`  drift: ${describeDrift(item)}`)
    return [{ checked: true, items }, items.length === 0 ? 'none: the rehearsed schema is what the migrations produce' : `${items.length} difference${items.length === 1 ? '' : 's'} between production's schema and what the migrations produce`]
  })
  if (drift.items.length > 0) {
    const text = `Schema drift: ${drift.items.length} difference${drift.items.length === 1 ? '' : 's'} between production's schema (rehearsed copy) and what the migrations alone produce: ${drift.items.map(describeDrift).join(' | ')}`
    if (driftMode === 'fail') {
      throw new ActionError(
        `${text}. Production was not touched.`,
        'Bring the change made outside the migrations into a migration (or remove it from production), then run again; or set `drift: warn`.'
      )
    }
    warning(text)
  }

  await step('cleanup', async () => {
    await server.dispose()
    forgetCreated(server.root)
    return [undefined, `server stopped, ${server.root} removed`]
  })

  const report: RehearsalReport = {
    backup: path.basename(archive),
    backupServerVersion: manifest.serverVersion,
    serverVersion: binaries.version,
    restoreMs: Math.round(restoreMs),
    restoreJobs: jobs,
    migrations: migrations.map(m => ({ name: m.name, durationMs: Math.round(m.durationMs) })),
    slowest: slowest.map(m => ({ name: m.name, durationMs: Math.round(m.durationMs) })),
    rehearsalMs: Math.round(rehearsalMs),
    drift: { checked: drift.checked, mode: driftMode, items: drift.items.map(i => ({ object: i.object, kind: i.kind, lines: i.lines })) }
  }
  const slow = slowest.length > 0 ? ` Slowest: ${slowest.map(m => `${m.name} (${formatDuration(m.durationMs)})`).join(', ')}.` : ''
  const driftText = !drift.checked ? ' Drift not checked.' : drift.items.length === 0 ? ' No schema drift.' : ` Schema drift: ${drift.items.length} item${drift.items.length === 1 ? '' : 's'} (see below).`
  return {
    report,
    success: {
      verdict: 'passed',
      outcome:
        `The backup restores: ${manifest.file} restored in ${formatDuration(restoreMs)} on PostgreSQL ${binaries.version}, every table present and the books as at backup time. ` +
        `${migrations.length} pending migration${migrations.length === 1 ? '' : 's'} applied to the copy without error in ${formatDuration(rehearsalMs)}: the forecast of the production deploy.${slow}${driftText} Production was not touched.`,
      outputs: { 'rehearsal-report': scrubbedJson(report), 'drift-count': String(drift.items.length) },
      lists: [
        { heading: 'Migrations rehearsed, with their duration on the copy', items: migrations.map(m => ({ name: m.name, note: formatDuration(m.durationMs) })), empty: 'None pending.', grows: true },
        { heading: 'Schema drift', items: drift.items.map(describeDrift), empty: drift.checked ? 'None.' : 'Not checked.', grows: true }
      ]
    }
  }
}

/** Applies the pending migrations on the throwaway server's `database` with the configured migrator; each timed. */
async function applyMigrations(inputs: Inputs, server: ThrowawayServer, database: string, schema: string, quiet = false): Promise<AppliedMigration[]> {
  const target = server.target(database, schema)
  if (inputs.migrator === 'builtin') {
    try {
      const r = await runBuiltinMigrator({
        target,
        migrationsDir: inputs.migrationsDir,
        workspace: inputs.workspace,
        connectTimeoutMs: 10_000,
        lockTimeoutMs: inputs.lockTimeoutMs,
        resolveCommand: (how, name) => resolveCommand(inputs, how, name)
      })
      return r.applied
    } catch (err) {
      if (err instanceof MigrationFailedError && !quiet) throw rehearsalFailure(err)
      throw err
    }
  }
  await readMigrationsFolder(inputs.migrationsDir, inputs.workspace)
  const before = await bookIds(server, database, schema)
  try {
    await runPrismaMigrator({
      workingDirectory: inputs.workingDirectory,
      workspace: inputs.workspace,
      schemaPath: inputs.schemaPath,
      migrationsDir: inputs.migrationsDir,
      target,
      generateClient: false
    })
  } catch (err) {
    if (quiet) throw err
    const failed = (await readBooks(server, database, schema)).find(r => isFailed(r) && !before.has(r.id))
    throw new ActionError(
      `The rehearsal failed: ${failed ? `migration '${failed.migration_name}' failed on the restored copy of production` : 'prisma migrate deploy failed on the restored copy of production'}: ${scrub(withoutFix(err))}${failed?.logs ? `\n${scrub(withoutTrace(failed.logs))}` : ''}\nProduction was not touched: the migrations ran on a throwaway copy restored from the backup.`,
      'The migration fails on production\'s data: fix the data (e.g. remove duplicates, fill NULLs, delete orphans) in a migration before it, or change the migration; then run the pipeline again.'
    )
  }
  return (await readBooks(server, database, schema))
    .filter(r => isApplied(r) && !before.has(r.id))
    .map(r => ({ name: r.migration_name, durationMs: (r.finished_at as Date).getTime() - r.started_at.getTime() }))
}

function rehearsalFailure(err: MigrationFailedError): ActionError {
  const f = err.failure
  const facts = [f.code ? `SQLSTATE ${f.code}` : '', f.constraint ? `constraint ${f.constraint}` : '', f.table ? `table ${f.table}` : ''].filter(Boolean).join(', ')
  const hint: Record<string, string> = {
    '23505': 'rows in production duplicate the key the migration makes unique: remove or merge the duplicates in a migration before it',
    '23502': 'rows in production hold NULL where the migration requires a value: fill them (UPDATE … SET … WHERE … IS NULL), or add the column with a DEFAULT',
    '23503': 'rows in production reference rows that do not exist: delete or fix the orphans in a migration before it',
    '23514': 'rows in production violate the new CHECK constraint: fix them in a migration before it'
  }
  return new ActionError(
    `The rehearsal failed: migration '${f.name}' fails on the restored copy of production${facts ? ` (${facts})` : ''}: ${f.message.replace(/[.\s]*$/, '')}.${f.detail ? ` ${f.detail}` : ''}` +
      `${err.appliedBefore.length > 0 ? ` ${err.appliedBefore.length} migration(s) before it applied to the copy.` : ''}\nProduction was not touched: the migrations ran on a throwaway copy restored from the backup.`,
    `${f.code && hint[f.code] ? `The migration fails on production's data: ${hint[f.code]}` : 'Fix the migration'}; then run the pipeline again (verify, backup, rehearse).`
  )
}

async function readBooks(server: ThrowawayServer, database: string, schema: string): Promise<Awaited<ReturnType<typeof readMigrationRows>>> {
  let session: Session | undefined
  try {
    session = await server.session(database, 'db-deploy-action rehearsal')
    return (await migrationsTableExists(session, schema)) ? await readMigrationRows(session, schema) : []
  } finally {
    await closeSession(session)
  }
}

async function bookIds(server: ThrowawayServer, database: string, schema: string): Promise<Set<string>> {
  return new Set((await readBooks(server, database, schema)).map(r => r.id))
}

/**
 * Creates `name` on the throwaway server, empty, from template0. The server's own `postgres`
 * database is dropped first when production has that name (the common case): the copy takes its
 * place. A template's name cannot be given to a copy.
 */
async function createDatabase(server: ThrowawayServer, name: string): Promise<void> {
  const session = await server.session(MAINTENANCE_DATABASE, 'db-deploy-action rehearsal')
  try {
    const existing = await session.query<{ template: boolean }>('SELECT datistemplate AS template FROM pg_database WHERE datname = $1', [name])
    const row = existing.rows[0]
    if (row && (row.template || name === MAINTENANCE_DATABASE)) {
      throw new ActionError(
        `The backup is of a database named '${name}', the name of a template database every PostgreSQL server has: the rehearsal cannot restore a copy under it. Nothing was restored.`,
        'Rehearse a backup of the application\'s own database (a template database is not one), or turn the rehearsal off for this database.'
      )
    }
    // Nobody else is on it; FORCE (PostgreSQL 13+) only spares waiting for a closed session's backend to exit.
    if (row) await session.query(`DROP DATABASE ${sqlIdent(name)}${server.binaries.major >= 13 ? ' WITH (FORCE)' : ''}`)
    await session.query(`CREATE DATABASE ${sqlIdent(name)} TEMPLATE template0`)
  } finally {
    await closeSession(session)
  }
}

/** The drift reference's database: never production's own name. */
function referenceName(database: string): string {
  return database === REFERENCE_DATABASE ? `${REFERENCE_DATABASE}_2` : REFERENCE_DATABASE
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return ` (first difference at position ${i + 1}: copy ${a[i] ?? 'none'}, manifest ${b[i] ?? 'none'})`
  }
  return ''
}

/** Prisma's logs for a failed migration without the engine's stack trace (the `   0: …` frames). */
function withoutTrace(logs: string): string {
  const lines = logs.split('\n')
  const at = lines.findIndex(l => /^\s+\d+: /.test(l))
  return (at >= 0 ? lines.slice(0, at) : lines).join('\n').trim()
}

