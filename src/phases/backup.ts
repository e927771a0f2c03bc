import { createHash, randomBytes } from 'node:crypto'
import * as fsSync from 'node:fs'
import * as path from 'node:path'
import type { DatabaseTarget } from '../postgres/target.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { discoverPgTools, requirePgTools, type PgTools } from '../postgres/pg-tools.js'
import { libpqEnv } from '../postgres/libpq-env.js'
import { runPgDump } from '../backup/pg-dump.js'
import { verifyAndEncrypt as verifyAndEncryptArchive } from '../backup/verify-and-encrypt.js'
import { fileStep, restrictModes } from '../backup/files.js'
import { writeManifest, type BackupManifest } from '../backup/manifest.js'
import { readDatabaseFacts, type DatabaseFacts } from '../backup/database-facts.js'
import { prepareBackupDir } from '../backup/backup-dir.js'
import { trackBackupFiles, createStaging, place, type BackupFiles } from '../backup/placement.js'
import { deathSignal, type DeathSignal } from '../process/children.js'
import type { WrittenFile } from '../crypto/age-file.js'
import { settleCreated } from '../cleanup/created-paths.js'
import type { PhaseDefinition, PhaseRun, PhaseOutcome } from './lifecycle.js'
import { info } from '../log.js'
import { formatBytes, formatDuration } from '../format.js'

/** How long pg_dump may wait for a table lock before it gives up instead of queueing forever. */
export const DUMP_LOCK_WAIT_TIMEOUT_MS = 120_000

export interface BackupResult {
  path: string
  size: number
  sha256: string
  manifestPath: string
  encryptedPath: string | undefined
  encryptedSha256: string | undefined
}

/**
 * backup-production: a verified, restorable dump or a hard stop. Exit 0 only for a dump that
 * pg_restore has read end to end; on any failure or cancellation the partial files are removed.
 * With `backup-recipients`, the verified archive is also encrypted (the only form that may leave
 * the runner), and the post step removes the plaintext at the end of the job. Its parts live in
 * src/backup/: the backup folder, the database's facts, pg_dump, the archive check, the staging
 * and placement of the files, the manifest.
 */
export const backupPhase: PhaseDefinition<BackupResult> = {
  phase: 'backup',
  cancellation: 'stop',
  failureOutcome: failed => `The backup failed${failed ? ` at '${failed}'` : ''}; no backup file was kept. Do not run the deploy phase.`,
  cancelOutcome: (signal, afterward) =>
    afterward
      ? `The backup run was cancelled (${signal}) after the backup was finished: ${afterward}. The job itself was cancelled: run the pipeline again rather than deploy from this job.`
      : `The backup was cancelled (${signal}); the running tools were stopped and the partial files were removed. No backup exists from this run. Do not run the deploy phase.`,
  async work(run) {
    const done = await createVerifiedBackup(run)
    return { ...done.success, result: done.result }
  }
}

/**
 * A name of its own for this job's backup (see backupName), and a private staging folder that
 * only this run can have created: pg_dump writes its file (or folder) there, under a path no
 * other run can share, and the finished files are moved to their final names without replacing
 * anything (see place).
 */
interface BackupPaths {
  dir: string
  base: string
  staging: string
  /** The archive's final name, and where pg_dump writes it in the staging folder. */
  finalPath: string
  partialPath: string
  manifestPath: string
}

/**
 * The backup phase's work, callable from another phase (the restore phase backs up the current
 * state this way before it touches anything): a verified, placed and optionally encrypted backup
 * with its manifest, or an error with every partial file removed (through `onCleanup`).
 */
export async function createVerifiedBackup(run: PhaseRun): Promise<{ result: BackupResult; success: PhaseOutcome; facts: DatabaseFacts }> {
  const { inputs, env, step } = run
  const files = trackBackupFiles(run.onCleanup)
  const target = inputs.database.target()
  const toolSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH })
  toolSearch.catch(() => {})

  const paths = backupPaths(target, env, inputs.backupDir, inputs.backupFormat)
  await step('backup-dir', async () => [
    undefined,
    // Creating the staging folder is the proof that the folder is writable.
    await prepareBackupDir(paths.dir, () => createStaging(files, paths.staging))
  ])
  const facts = await step('database', () => readFacts(target, inputs.connectTimeoutMs))
  const tools = await step('pg_dump', async () => {
    const found = await toolSearch
    const chosen = requirePgTools(found, facts.serverVersion, facts.serverMajor, inputs.pgBinDir)
    return [chosen, `pg_dump ${chosen.version} (${chosen.dir}) for server ${facts.serverVersion}`]
  })
  const dieWithParent = await deathSignal()
  if (dieWithParent.note) info(dieWithParent.note)

  const dumpStarted = performance.now()
  await step('dump', () => dump(run, files, target, tools, dieWithParent, paths.partialPath))
  const dumpMs = performance.now() - dumpStarted

  const checked = await verifyAndEncrypt(run, tools, dieWithParent, paths, facts.tableBytes)
  const manifest = backupManifest(run, target, facts, tools, paths, checked, dumpMs)
  await placeBackup(run, files, paths, manifest, checked)
  return backupSuccess(run, target, facts, tools, paths, checked, dumpMs)
}

function backupPaths(target: DatabaseTarget, env: NodeJS.ProcessEnv, dir: string, format: BackupManifest['format']): BackupPaths {
  const base = backupName(target, env)
  const staging = path.join(dir, `.${base}.partial-${randomBytes(6).toString('hex')}`)
  const finalPath = path.join(dir, format === 'custom' ? `${base}.dump` : `${base}.dir`)
  return { dir, base, staging, finalPath, partialPath: path.join(staging, path.basename(finalPath)), manifestPath: path.join(dir, `${base}.manifest.json`) }
}

async function readFacts(target: DatabaseTarget, connectTimeoutMs: number): Promise<[DatabaseFacts, string]> {
  let session: Session | undefined
  try {
    session = await openSession(target, {
      readOnly: true,
      connectTimeoutMs,
      statementTimeoutMs: 60_000,
      lockTimeoutMs: 10_000,
      applicationName: 'db-deploy-action backup'
    })
    const f = await readDatabaseFacts(session, target, 10_000)
    return [f, `PostgreSQL ${f.serverVersion}, database '${target.database}' (${formatBytes(f.databaseBytes)} on disk, ${f.tables} tables, ${f.migrationsApplied.length} migrations applied)`]
  } finally {
    await closeSession(session)
  }
}

/** pg_dump into the staging folder, the password through a password file that goes with the partial files. */
async function dump({ inputs, env }: PhaseRun, files: BackupFiles, target: DatabaseTarget, tools: PgTools, dieWithParent: DeathSignal, partialPath: string): Promise<[undefined, string]> {
  const libpq = await fileStep('Writing the password file for pg_dump under', env.RUNNER_TEMP ?? '$RUNNER_TEMP', () => libpqEnv(target, inputs.connectTimeoutMs, 'db-deploy-action pg_dump'))
  // The passfile's folder goes with the partial files if the run is cancelled mid-dump.
  const passDir = libpq.env.PGPASSFILE ? path.dirname(libpq.env.PGPASSFILE) : undefined
  if (passDir) files.partials.add(passDir)
  try {
    await runPgDump({
      tools,
      env: libpq.env,
      format: inputs.backupFormat,
      jobs: inputs.backupJobs,
      out: partialPath,
      lockWaitTimeoutMs: DUMP_LOCK_WAIT_TIMEOUT_MS,
      dieWithParent,
      onProgress: (bytes, elapsed, table) =>
        info(`  … ${formatBytes(bytes)} written in ${formatDuration(elapsed)} (${formatBytes((bytes * 1000) / Math.max(elapsed, 1))}/s)${table ? `, dumping ${table}` : ''}`)
    })
  } finally {
    await libpq.dispose()
    if (passDir) files.partials.delete(passDir)
  }
  await fileStep('Restricting the modes (0600 files, 0700 folders) of', partialPath, () => restrictModes(partialPath))
  return [undefined, `${inputs.backupFormat} format${inputs.backupFormat === 'directory' ? `, ${inputs.backupJobs} jobs` : ''}`]
}

/**
 * The steps verify-archive and encrypt (with `backup-recipients`), run together on the dumped
 * archive; the archive's sha256 from whichever read it.
 */
async function verifyAndEncrypt({ inputs, step }: PhaseRun, tools: PgTools, dieWithParent: DeathSignal, { dir, base, staging, partialPath }: BackupPaths, tableBytes: ReadonlyMap<string, number>) {
  // Verified and encrypted at the same time (backup/verify-and-encrypt.ts); the encrypted copy is
  // placed only once the archive is verified.
  const agePath = path.join(dir, inputs.backupFormat === 'custom' ? `${base}.dump.age` : `${base}.dir.tar.age`)
  const stagedAge = path.join(staging, path.basename(agePath))
  const { verified, encrypted: sealed } = await verifyAndEncryptArchive({
    tools,
    archive: partialPath,
    format: inputs.backupFormat,
    dieWithParent,
    encryption: inputs.backupRecipients.length > 0 ? { recipients: inputs.backupRecipients, out: stagedAge } : undefined,
    tableBytes,
    step
  })
  const sha256 = verified.sha256
  info(`  archive sha256 ${sha256}${verified.hashedByEncryption ? ' (hashed as it was read for encryption)' : ''}`)
  const verificationMs = verified.durationMs
  const encrypted: (WrittenFile & { path: string; durationMs: number }) | undefined = sealed ? { ...sealed, path: agePath } : undefined
  return { verified, sha256, verificationMs, encrypted, agePath, stagedAge }
}

type Checked = Awaited<ReturnType<typeof verifyAndEncrypt>>

function backupManifest({ inputs, env }: PhaseRun, target: DatabaseTarget, facts: DatabaseFacts, tools: PgTools, paths: BackupPaths, checked: Checked, dumpMs: number): BackupManifest {
  const { verified, sha256, verificationMs, encrypted } = checked
  return {
    database: target.database,
    host: target.host,
    schema: target.schema,
    serverVersion: facts.serverVersion,
    pgDumpVersion: tools.version,
    format: inputs.backupFormat,
    file: path.basename(paths.finalPath),
    size: verified.size,
    sha256,
    sha256Of: inputs.backupFormat === 'custom' ? 'file' : 'directory-manifest',
    tables: facts.tables,
    tablesWithData: verified.tableData,
    databaseBytes: facts.databaseBytes,
    migrationsApplied: facts.migrationsApplied,
    twin: facts.twin,
    createdAt: new Date().toISOString(),
    durationMs: Math.round(dumpMs),
    verificationMs: Math.round(verificationMs),
    gitSha: env.GITHUB_SHA ?? null,
    runId: env.GITHUB_RUN_ID ?? null,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? null,
    repository: env.GITHUB_REPOSITORY ?? null,
    encrypted: encrypted
      ? { file: path.basename(encrypted.path), size: encrypted.size, sha256: encrypted.sha256, format: 'age', recipients: [...inputs.backupRecipients], durationMs: encrypted.durationMs }
      : null
  }
}

/**
 * The manifest written whole in the staging folder first; then every file is given its final name,
 * and the backup is finished, in one synchronous run (see place).
 */
async function placeBackup(run: PhaseRun, files: BackupFiles, paths: BackupPaths, manifest: BackupManifest, { verified, encrypted, agePath, stagedAge }: Checked): Promise<void> {
  const { inputs, cancelled } = run
  const { staging, partialPath, finalPath, manifestPath } = paths
  const stagedManifest = path.join(staging, path.basename(manifestPath))
  await fileStep('Writing the manifest', manifestPath, () => writeManifest(stagedManifest, manifest))
  place(files, cancelled, partialPath, finalPath, 'plaintext-backup', 'archive', verified.identity)
  if (encrypted) place(files, cancelled, stagedAge, agePath, 'encrypted-backup', 'encrypted backup')
  place(files, cancelled, stagedManifest, manifestPath, 'backup-manifest', 'manifest')
  let stagingRemoved = true
  try {
    fsSync.rmdirSync(staging)
  } catch {
    stagingRemoved = false // still recorded: the cleanups and the post step remove it
  }
  // One state write: the encrypted file and the manifest are the finished backup's and stay; the
  // plaintext must not outlive the job (a self-hosted runner keeps 'backup-dir'): it stays recorded
  // and the post step removes it at the end of the job, unless 'keep-plaintext-backup' is true.
  // Until this write, a killed run's post step removes all of them.
  settleCreated({ forget: [...(stagingRemoved ? [staging] : []), agePath, manifestPath], keep: { [finalPath]: inputs.keepPlaintextBackup } })
  files.unfinished.splice(0, files.unfinished.length, ...(stagingRemoved ? [] : [staging]))
  // A signal from here on finds a finished backup, which it keeps: the cancellation says so.
  run.afterward = `the verified backup had been placed at ${finalPath}${encrypted ? `, its encrypted copy at ${agePath}` : ''} and its manifest at ${manifestPath}; they are kept`
}

function backupSuccess(
  { inputs }: PhaseRun,
  target: DatabaseTarget,
  facts: DatabaseFacts,
  tools: PgTools,
  paths: BackupPaths,
  { verified, sha256, encrypted }: Checked,
  dumpMs: number
): { result: BackupResult; success: PhaseOutcome; facts: DatabaseFacts } {
  const result: BackupResult = { path: paths.finalPath, size: verified.size, sha256, manifestPath: paths.manifestPath, encryptedPath: encrypted?.path, encryptedSha256: encrypted?.sha256 }
  const outputs: Record<string, string> = {
    'backup-path': result.path,
    'backup-size': String(result.size),
    'backup-sha256': result.sha256,
    'manifest-path': result.manifestPath,
    ...(encrypted ? { 'encrypted-backup-path': encrypted.path, 'encrypted-backup-sha256': encrypted.sha256 } : {})
  }
  const rate = formatBytes((verified.size * 1000) / Math.max(dumpMs, 1))
  const where = encrypted
    ? ` Encrypted to ${inputs.backupRecipients.length} age recipient${inputs.backupRecipients.length === 1 ? '' : 's'}: ${path.basename(encrypted.path)} (${formatBytes(encrypted.size)}) is the file to upload.`
    : ' Not encrypted (no backup-recipients): do not upload it; it holds production data in clear.'
  const after = inputs.keepPlaintextBackup
    ? ' The plaintext archive is kept after the job (keep-plaintext-backup: true).'
    : ' The plaintext archive stays on the runner for the next steps and is removed at the end of the job.'
  info(`Backup verified: ${result.path}`)
  return {
    result,
    facts,
    success: {
      verdict: 'verified',
      outcome: `Backup of '${target.database}' verified: ${formatBytes(verified.size)} in ${formatDuration(dumpMs)} (${rate}/s), read end to end by pg_restore ${tools.version}.${where}${after}`,
      outputs
    }
  }
}

/**
 * `<database>_<UTC time>[_run<id>-<attempt>][_<job>]_<target>_<random>`, safe as a file name, and
 * unique per job: two jobs of a matrix (there is no matrix variable) on one self-hosted runner
 * with a shared `backup-dir`, the same database name, run id and second still differ by the target
 * (a hash of host, port and database) and, always, by a random part. Uniqueness of the name is a
 * courtesy; safety does not rest on it (files are created and placed exclusively).
 */
export function backupName(target: Pick<DatabaseTarget, 'database' | 'host' | 'port'>, env: NodeJS.ProcessEnv, now = new Date(), random = randomBytes(4).toString('hex')): string {
  const safe = (s: string, max: number): string => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, max)
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  const run = env.GITHUB_RUN_ID ? `_run${safe(env.GITHUB_RUN_ID, 20)}-${safe(env.GITHUB_RUN_ATTEMPT || '1', 6)}` : ''
  const job = env.GITHUB_JOB ? `_${safe(env.GITHUB_JOB, 40)}` : ''
  const where = createHash('sha256').update(`${target.host}\0${target.port}\0${target.database}`).digest('hex').slice(0, 8)
  return `${safe(target.database, 60)}_${stamp}${run}${job}_${where}_${random}`
}
