import * as core from '@actions/core'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { Inputs } from '../inputs.js'
import { parseDatabaseUrl } from '../inputs.js'
import { enforceGuardsStep } from '../guards.js'
import { ActionError, errorMessage } from '../errors.js'
import { assertTargetPolicy } from '../postgres/target-policy.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { discoverPgTools, requirePgTools } from '../postgres/pg-tools.js'
import { libpqEnv } from '../postgres/libpq-env.js'
import { migrationsTableExists, MIGRATIONS_TABLE } from '../prisma/books.js'
import { runPgDump } from '../backup/pg-dump.js'
import { checkArchive } from '../backup/archive-check.js'
import { sha256File, sha256Directory, removeQuietly, formatBytes } from '../backup/files.js'
import { writeManifest, type BackupManifest } from '../backup/manifest.js'
import { withCancellation } from '../process/children.js'
import { writeSummary, logStep, type StepRecord } from '../summary.js'
import { info, formatDuration } from '../log.js'
import { scrub } from '../secrets.js'

export const BACKUP_GROUP = '[STEP 2/3] Creating production database backup'

/** How long pg_dump may wait for a table lock before it gives up instead of queueing forever. */
export const DUMP_LOCK_WAIT_TIMEOUT_MS = 120_000

export interface BackupResult {
  path: string
  size: number
  sha256: string
  manifestPath: string
}

/**
 * backup-production: a verified, restorable dump or a hard stop. Exit 0 only for a dump that
 * pg_restore has read end to end; on any failure or cancellation the partial files are removed.
 */
export async function runBackup(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Promise<BackupResult> {
  const steps: StepRecord[] = [await enforceGuardsStep({ phase: 'backup', allowedRefs: inputs.allowedRefs, env })]
  const started = performance.now()
  // Files the action and its children create are private to the runner user from the first byte.
  process.umask(0o077)
  /** Everything written so far that is not yet a verified backup. */
  const partials = new Set<string>()
  let cancelled = false
  core.startGroup(BACKUP_GROUP)
  try {
    const result = await withCancellation(
      () => backup(inputs, env, steps, partials),
      async signal => {
        cancelled = true
        for (const p of partials) await removeQuietly(p)
        core.endGroup()
        const message = `The backup was cancelled (${signal}); pg_dump was stopped and the partial files were removed. No backup exists from this run.`
        await writeSummary({ title: 'Database deployment — backup: cancelled', outcome: `${message} Do not run the deploy phase.`, steps }, env)
        core.setFailed(message)
      }
    )
    core.endGroup()
    info(`Backup verified in ${formatDuration(performance.now() - started)}: ${result.path}`)
    return result
  } catch (err) {
    for (const p of partials) await removeQuietly(p)
    if (cancelled) return new Promise<never>(() => {}) // the cancellation handler ends the process
    core.endGroup()
    const failed = steps.find(s => s.status === 'failed')
    await writeSummary(
      {
        title: 'Database deployment — backup: failed',
        outcome: `The backup failed${failed ? ` at '${failed.name}'` : ''}; no backup file was kept. Do not run the deploy phase.`,
        steps
      },
      env
    )
    throw err
  }
}

async function backup(inputs: Inputs, env: NodeJS.ProcessEnv, steps: StepRecord[], partials: Set<string>): Promise<BackupResult> {
  const step = async <T>(name: string, fn: () => Promise<[T, string]>): Promise<T> => {
    const record: StepRecord = { name, status: 'failed', durationMs: 0, detail: '' }
    steps.push(record)
    const t0 = performance.now()
    try {
      const [value, detail] = await fn()
      record.status = 'passed'
      record.detail = detail
      return value
    } catch (err) {
      record.detail = errorMessage(err)
      throw err
    } finally {
      record.durationMs = performance.now() - t0
      logStep(record)
    }
  }

  const target = parseDatabaseUrl(inputs.databaseUrl)
  assertTargetPolicy(target)
  const toolSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH })
  toolSearch.catch(() => {})

  const dir = await step('backup-dir', async () => {
    await prepareBackupDir(inputs.backupDir)
    return [inputs.backupDir, `${inputs.backupDir} (mode 0700)`]
  })

  const facts = await step('database', async () => {
    let session: Session | undefined
    try {
      session = await openSession(target, {
        readOnly: true,
        connectTimeoutMs: inputs.connectTimeoutMs,
        statementTimeoutMs: 60_000,
        lockTimeoutMs: 10_000,
        applicationName: 'db-deploy-action backup'
      })
      const f = await readFacts(session, target.schema)
      return [f, `PostgreSQL ${f.serverVersion}, database '${target.database}' (${formatBytes(f.databaseBytes)} on disk, ${f.tables} tables, ${f.migrationsApplied.length} migrations applied)`]
    } finally {
      await closeSession(session)
    }
  })

  const tools = await step('pg_dump', async () => {
    const found = await toolSearch
    const chosen = requirePgTools(found, facts.serverVersion, facts.serverMajor, inputs.pgBinDir)
    return [chosen, `pg_dump ${chosen.version} (${chosen.dir}) for server ${facts.serverVersion}`]
  })

  const base = backupName(target.database, env)
  const finalPath = path.join(dir, inputs.backupFormat === 'custom' ? `${base}.dump` : `${base}.dir`)
  const partialPath = `${finalPath}.partial`
  const manifestPath = path.join(dir, `${base}.manifest.json`)
  for (const p of [finalPath, manifestPath]) {
    if (await exists(p)) throw new ActionError(`A backup named ${p} exists already; it is left untouched.`, 'Re-run the workflow (a new run id gives a new name), or move the old backup away.')
  }

  const dumpStarted = performance.now()
  await step('dump', async () => {
    const libpq = await libpqEnv(target, inputs.connectTimeoutMs, 'db-deploy-action pg_dump')
    // The passfile's folder goes with the partial files if the run is cancelled mid-dump.
    const passDir = libpq.env.PGPASSFILE ? path.dirname(libpq.env.PGPASSFILE) : undefined
    if (passDir) partials.add(passDir)
    partials.add(partialPath)
    try {
      await runPgDump({
        tools,
        env: libpq.env,
        format: inputs.backupFormat,
        jobs: inputs.backupJobs,
        out: partialPath,
        lockWaitTimeoutMs: DUMP_LOCK_WAIT_TIMEOUT_MS,
        onProgress: (bytes, elapsed, table) =>
          info(`  … ${formatBytes(bytes)} written in ${formatDuration(elapsed)} (${formatBytes((bytes * 1000) / Math.max(elapsed, 1))}/s)${table ? `, dumping ${table}` : ''}`)
      })
    } finally {
      await libpq.dispose()
      if (passDir) partials.delete(passDir)
    }
    await restrictModes(partialPath)
    return [undefined, `${inputs.backupFormat} format${inputs.backupFormat === 'directory' ? `, ${inputs.backupJobs} jobs` : ''}`]
  })
  const dumpMs = performance.now() - dumpStarted

  const verifyStarted = performance.now()
  const verified = await step('verify-archive', async () => {
    const [archive, digest] = await Promise.all([
      checkArchive(tools, partialPath, inputs.backupFormat),
      inputs.backupFormat === 'custom' ? sha256File(partialPath) : sha256Directory(partialPath)
    ])
    return [{ ...archive, sha256: digest }, `read end to end by pg_restore: ${archive.tocEntries} entries, ${archive.tableData} tables with data; sha256 ${digest.slice(0, 16)}…`]
  })

  const verificationMs = performance.now() - verifyStarted

  await fs.rename(partialPath, finalPath)
  partials.delete(partialPath)
  partials.add(finalPath)
  partials.add(manifestPath)
  const manifest: BackupManifest = {
    database: target.database,
    host: target.host,
    schema: target.schema,
    serverVersion: facts.serverVersion,
    pgDumpVersion: tools.version,
    format: inputs.backupFormat,
    file: path.basename(finalPath),
    size: verified.size,
    sha256: verified.sha256,
    sha256Of: inputs.backupFormat === 'custom' ? 'file' : 'directory-manifest',
    tables: facts.tables,
    tablesWithData: verified.tableData,
    migrationsApplied: facts.migrationsApplied,
    createdAt: new Date().toISOString(),
    durationMs: Math.round(dumpMs),
    verificationMs: Math.round(verificationMs),
    gitSha: env.GITHUB_SHA ?? null,
    runId: env.GITHUB_RUN_ID ?? null,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? null,
    repository: env.GITHUB_REPOSITORY ?? null
  }
  await writeManifest(manifestPath, manifest)
  partials.clear()

  const result: BackupResult = { path: finalPath, size: verified.size, sha256: verified.sha256, manifestPath }
  const outputs = {
    'backup-path': result.path,
    'backup-size': String(result.size),
    'backup-sha256': result.sha256,
    'manifest-path': result.manifestPath
  }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  const rate = formatBytes((verified.size * 1000) / Math.max(dumpMs, 1))
  await writeSummary(
    {
      title: 'Database deployment — backup: verified',
      outcome: `Backup of '${target.database}' verified: ${formatBytes(verified.size)} in ${formatDuration(dumpMs)} (${rate}/s), read end to end by pg_restore ${tools.version}.`,
      steps,
      outputs
    },
    env
  )
  return result
}

interface DatabaseFacts {
  serverVersion: string
  serverMajor: number
  tables: number
  databaseBytes: number
  migrationsApplied: string[]
}

async function readFacts(session: Session, schema: string): Promise<DatabaseFacts> {
  const res = await session.query<{ version: string; num: string; tables: string; bytes: string }>(
    `SELECT current_setting('server_version') AS version,
            current_setting('server_version_num') AS num,
            (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%') AS tables,
            pg_database_size(current_database()) AS bytes`
  )
  const row = res.rows[0]
  if (!row) throw new Error('internal: no row from the server facts query')
  let migrationsApplied: string[] = []
  if (await migrationsTableExists(session, schema)) {
    const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`
    const m = await session.query<{ migration_name: string }>(
      `SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`
    )
    migrationsApplied = m.rows.map(r => r.migration_name)
  }
  return {
    serverVersion: row.version.split(' ')[0] ?? row.version,
    serverMajor: Math.floor(Number(row.num) / 10000),
    tables: Number(row.tables),
    databaseBytes: Number(row.bytes),
    migrationsApplied
  }
}

/** Creates the folder 0700 (parents as needed) and makes sure it is a writable folder only we can read. */
async function prepareBackupDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    const stat = await fs.stat(dir)
    if (!stat.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    // Private to the runner user: take group and other bits away, never add a permission.
    if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, stat.mode & 0o700)
    await fs.access(dir, fs.constants.W_OK | fs.constants.X_OK)
    const probe = path.join(dir, `.write-test-${process.pid}`)
    await fs.writeFile(probe, '', { mode: 0o600 })
    await fs.rm(probe)
  } catch (err) {
    throw new ActionError(
      `The backup folder ${dir} cannot be used: ${scrub(errorMessage(err))}.`,
      "Set 'backup-dir' to a folder the runner user can create and write (default: $RUNNER_TEMP/db-backup)."
    )
  }
}

async function restrictModes(target: string): Promise<void> {
  const stat = await fs.stat(target)
  if (!stat.isDirectory()) {
    await fs.chmod(target, 0o600)
    return
  }
  await fs.chmod(target, 0o700)
  for (const name of await fs.readdir(target)) await restrictModes(path.join(target, name))
}

/** `<database>_<UTC time>_run<id>[-<attempt>]`, safe as a file name. */
export function backupName(database: string, env: NodeJS.ProcessEnv, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const db = database.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60)
  const run = env.GITHUB_RUN_ID ? `_run${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `-${env.GITHUB_RUN_ATTEMPT}` : ''}` : ''
  return `${db}_${stamp}${run}`
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false
  )
}
