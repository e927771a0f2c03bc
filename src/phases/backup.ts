import * as io from '@actions/io'
import { createHash, randomBytes } from 'node:crypto'
import * as fsSync from 'node:fs'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { Inputs, DatabaseTarget } from '../inputs.js'
import { parseDatabaseUrl } from '../inputs.js'
import { ActionError, errorMessage } from '../errors.js'
import { assertTargetPolicy } from '../postgres/target-policy.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { discoverPgTools, requirePgTools } from '../postgres/pg-tools.js'
import { libpqEnv } from '../postgres/libpq-env.js'
import { migrationsTableExists, MIGRATIONS_TABLE } from '../prisma/books.js'
import { runPgDump } from '../backup/pg-dump.js'
import { verifyAndEncrypt } from '../backup/verify-and-encrypt.js'
import { removeQuietly, formatBytes, placeExclusive, identityOfStat, fileError } from '../backup/files.js'
import { writeManifest, type BackupManifest } from '../backup/manifest.js'
import { deathSignal } from '../process/children.js'
import type { WrittenFile } from '../crypto/age-file.js'
import { recordIntent, forgetCreated, settleCreated, createdEntry, judgeCreated, removeCreated, type CreatedKind } from '../cleanup/created-paths.js'
import { runPhase, type PhaseRun, type PhaseSuccess } from './lifecycle.js'
import { info, warning, formatDuration } from '../log.js'
import { scrub } from '../secrets.js'

export const BACKUP_GROUP = '[STEP 2/3] Creating production database backup'

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
 * the runner), and the post step removes the plaintext at the end of the job.
 */
export async function runBackup(inputs: Inputs, env: NodeJS.ProcessEnv = process.env): Promise<BackupResult> {
  let result: BackupResult | undefined
  await runPhase(
    {
      phase: 'backup',
      group: BACKUP_GROUP,
      failureOutcome: failed => `The backup failed${failed ? ` at '${failed}'` : ''}; no backup file was kept. Do not run the deploy phase.`,
      cancelOutcome: signal =>
        `The backup was cancelled (${signal}); the running tools were stopped and the partial files were removed. No backup exists from this run. Do not run the deploy phase.`
    },
    inputs,
    env,
    async run => {
      const done = await createVerifiedBackup(run)
      result = done.result
      return done.success
    }
  )
  return result as BackupResult
}

/**
 * The backup phase's work, callable from another phase (the restore phase backs up the current
 * state this way before it touches anything): a verified, placed and optionally encrypted backup
 * with its manifest, or an error with every partial file removed (through `onCleanup`).
 */
export async function createVerifiedBackup({ inputs, env, step, onCleanup, cancelled }: PhaseRun): Promise<{ result: BackupResult; success: PhaseSuccess; facts: DatabaseFacts }> {
  /**
   * The paths of this backup recorded for the post step (see recordIntent) and not yet a finished
   * backup: on failure and cancellation, what is still this run's object at each is removed.
   */
  const unfinished: string[] = []
  /** Other temporary paths (the password file's folder), removed on failure and cancellation. */
  const partials = new Set<string>()
  onCleanup(async () => {
    for (const p of partials) await removeQuietly(p)
    for (const p of unfinished.splice(0).reverse()) {
      const entry = createdEntry(p)
      if (!entry) continue
      try {
        await removeCreated(entry)
        forgetCreated(p)
      } catch (err) {
        // Left recorded: the post step tries again at the end of the job.
        warning(`Could not remove ${p}: ${scrub(errorMessage(err))}. The post step tries again at the end of the job.`)
      }
    }
  })

  const target = parseDatabaseUrl(inputs.databaseUrl)
  assertTargetPolicy(target)
  const toolSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH })
  toolSearch.catch(() => {})

  // A name of its own for this job's backup (see backupName), and a private staging folder that
  // only this run can have created: pg_dump writes its file (or folder) there, under a path no
  // other run can share, and the finished files are moved to their final names without replacing
  // anything (see place).
  const base = backupName(target, env)
  const dir = inputs.backupDir
  const staging = path.join(dir, `.${base}.partial-${randomBytes(6).toString('hex')}`)
  await step('backup-dir', async () => [
    undefined,
    // Creating the staging folder is the proof that the folder is writable.
    await prepareBackupDir(dir, () => {
      // Recorded for the post step before it exists: if the action is killed (SIGKILL) and no cleanup
      // runs, the post step still removes the staging folder and the plaintext it holds at the end of the job.
      recordIntent(staging, 'plaintext-backup', { reservation: 'folder' })
      unfinished.push(staging)
      try {
        fsSync.mkdirSync(staging, { mode: 0o700 })
      } catch (err) {
        unfinished.pop()
        forgetCreated(staging)
        throw err
      }
      recordIntent(staging, 'plaintext-backup', { like: staging, reservation: 'folder' })
    })
  ])

  /**
   * Gives a finished file or folder of the staging folder its final name, recorded for the post
   * step (with the identity it keeps there) before it is moved, without ever replacing anything
   * (placeExclusive). Synchronous: the signal handler cannot run in the middle of it, and a run
   * already cancelled places nothing. `verified` is the identity the staged object must have.
   */
  const place = (staged: string, dest: string, kind: CreatedKind, what: string, verified?: string): void => {
    if (cancelled()) throw new Error('The run was cancelled before its files were placed.')
    let stat: fsSync.Stats
    try {
      stat = fsSync.lstatSync(staged)
    } catch (err) {
      throw fileError(err, `Moving the ${what} to`, dest)
    }
    if (verified !== undefined && identityOfStat(stat) !== verified) {
      throw new ActionError(`The ${what} in the staging folder is not the one that was verified; this run's backup was not kept.`, "Give this job a 'backup-dir' that no other process writes to, then run the backup again.")
    }
    recordIntent(dest, kind, { like: staged, reservation: stat.isDirectory() ? 'folder' : 'file' })
    unfinished.push(dest)
    const notOurs = (): void => {
      unfinished.splice(unfinished.indexOf(dest), 1)
      forgetCreated(dest)
    }
    try {
      placeExclusive(staged, dest)
    } catch (err) {
      notOurs() // nothing of this run is at `dest`: whatever holds the name is left alone
      throw fileError(err, `Moving the ${what} to`, dest)
    }
    // The object at the final name must be the one staged (and, for the archive, hashed and verified).
    const entry = createdEntry(dest)
    const now = fsSync.lstatSync(dest, { throwIfNoEntry: false })
    if (!entry || !now || judgeCreated(entry, now) !== 'object') {
      notOurs()
      throw new ActionError(
        `The object now at ${dest} is not the ${what} that was ${verified === undefined ? 'written' : 'verified'}: something replaced it right after it was placed. It is left untouched, and this run's backup was not kept.`,
        "Give this job a 'backup-dir' that no other process writes to, then run the backup again."
      )
    }
  }

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
      const f = await readFacts(session, target, 10_000)
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
  const dieWithParent = await deathSignal()
  if (dieWithParent.note) info(dieWithParent.note)

  const finalPath = path.join(dir, inputs.backupFormat === 'custom' ? `${base}.dump` : `${base}.dir`)
  const manifestPath = path.join(dir, `${base}.manifest.json`)
  const partialPath = path.join(staging, path.basename(finalPath))

  const dumpStarted = performance.now()
  await step('dump', async () => {
    const libpq = await fileStep('Writing the password file for pg_dump under', env.RUNNER_TEMP ?? '$RUNNER_TEMP', () =>
      libpqEnv(target, inputs.connectTimeoutMs, 'db-deploy-action pg_dump')
    )
    // The passfile's folder goes with the partial files if the run is cancelled mid-dump.
    const passDir = libpq.env.PGPASSFILE ? path.dirname(libpq.env.PGPASSFILE) : undefined
    if (passDir) partials.add(passDir)
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
      if (passDir) partials.delete(passDir)
    }
    await fileStep('Restricting the modes (0600 files, 0700 folders) of', partialPath, () => restrictModes(partialPath))
    return [undefined, `${inputs.backupFormat} format${inputs.backupFormat === 'directory' ? `, ${inputs.backupJobs} jobs` : ''}`]
  })
  const dumpMs = performance.now() - dumpStarted

  // Verified and encrypted at the same time (see verifyAndEncrypt); the encrypted copy is placed
  // only once the archive is verified.
  const agePath = path.join(dir, inputs.backupFormat === 'custom' ? `${base}.dump.age` : `${base}.dir.tar.age`)
  const stagedAge = path.join(staging, path.basename(agePath))
  const { verified, encrypted: sealed } = await verifyAndEncrypt({
    tools,
    archive: partialPath,
    format: inputs.backupFormat,
    dieWithParent,
    encryption: inputs.backupRecipients.length > 0 ? { recipients: inputs.backupRecipients, out: stagedAge } : undefined,
    step
  })
  const sha256 = verified.sha256
  info(`  archive sha256 ${sha256}${verified.hashedByEncryption ? ' (hashed as it was read for encryption)' : ''}`)
  const verificationMs = verified.durationMs
  const encrypted: (WrittenFile & { path: string; durationMs: number }) | undefined = sealed ? { ...sealed, path: agePath } : undefined

  const manifest: BackupManifest = {
    database: target.database,
    host: target.host,
    schema: target.schema,
    serverVersion: facts.serverVersion,
    pgDumpVersion: tools.version,
    format: inputs.backupFormat,
    file: path.basename(finalPath),
    size: verified.size,
    sha256,
    sha256Of: inputs.backupFormat === 'custom' ? 'file' : 'directory-manifest',
    tables: facts.tables,
    tablesWithData: verified.tableData,
    databaseBytes: facts.databaseBytes,
    migrationsApplied: facts.migrationsApplied,
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
  // Written whole in the staging folder first; then every file is given its final name, and the
  // backup is finished, in one synchronous run (see place).
  const stagedManifest = path.join(staging, path.basename(manifestPath))
  await fileStep('Writing the manifest', manifestPath, () => writeManifest(stagedManifest, manifest))
  place(partialPath, finalPath, 'plaintext-backup', 'archive', verified.identity)
  if (encrypted) place(stagedAge, agePath, 'encrypted-backup', 'encrypted backup')
  place(stagedManifest, manifestPath, 'backup-manifest', 'manifest')
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
  unfinished.splice(0, unfinished.length, ...(stagingRemoved ? [] : [staging]))

  const result: BackupResult = { path: finalPath, size: verified.size, sha256, manifestPath, encryptedPath: encrypted?.path, encryptedSha256: encrypted?.sha256 }
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

export interface DatabaseFacts {
  serverVersion: string
  serverMajor: number
  tables: number
  databaseBytes: number
  migrationsApplied: string[]
}

async function readFacts(session: Session, target: DatabaseTarget, lockTimeoutMs: number): Promise<DatabaseFacts> {
  const schema = target.schema
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
    try {
      const m = await session.query<{ migration_name: string }>(
        `SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`
      )
      migrationsApplied = m.rows.map(r => r.migration_name)
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code !== '55P03' && code !== '57014') throw err
      const holders = await lockHolders(session, table)
      const waited = code === '55P03' ? `waited ${formatDuration(lockTimeoutMs)} for a lock on it and gave up (lock timeout)` : 'was cancelled by the statement timeout'
      throw new ActionError(
        `Reading the migration history ${schema}.${MIGRATIONS_TABLE} of database '${target.database}' ${waited}: another session holds a conflicting lock on the table${holders ? ` (${holders})` : ''}, e.g. a migration or deploy in progress or a transaction left open. Nothing was dumped and no file was written.`,
        `Wait for that session to finish (find it in pg_stat_activity joined with pg_locks on '${schema}.${MIGRATIONS_TABLE}'), or end it if it is stuck, then run the backup again.`
      )
    }
  }
  return {
    serverVersion: row.version.split(' ')[0] ?? row.version,
    serverMajor: Math.floor(Number(row.num) / 10000),
    tables: Number(row.tables),
    databaseBytes: Number(row.bytes),
    migrationsApplied
  }
}

/** Who holds a lock on `table` (best effort, for the message): "pid 123 (application 'psql', idle in transaction)". */
async function lockHolders(session: Session, table: string): Promise<string | undefined> {
  try {
    const r = await session.query<{ pid: number; app: string | null; state: string | null; mode: string }>(
      `SELECT l.pid, a.application_name AS app, a.state, l.mode FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.relation = $1::regclass AND l.granted AND l.pid <> pg_backend_pid() ORDER BY l.pid`,
      [table]
    )
    if (r.rows.length === 0) return undefined
    return r.rows
      .slice(0, 3)
      .map(h => `pid ${h.pid} holds ${h.mode}${h.app ? `, application '${h.app}'` : ''}${h.state ? `, ${h.state}` : ''}`)
      .join('; ')
  } catch {
    return undefined
  }
}

/**
 * Makes `dir` ready for backups without touching what the action did not create:
 * - missing: created 0700 (missing parents too, through the umask), and said so;
 * - existing: used as it is, never chmod-ed; refused when it is not a folder, belongs to another
 *   user, or its group or other users may write in it (sticky or not: they could read names,
 *   plant files under names a backup will take, or remove backups).
 * `create` then makes the run's first object in it (the staging folder): the proof that it is writable.
 * Returns the step detail.
 */
async function prepareBackupDir(dir: string, create: () => void): Promise<string> {
  const fix = "Set 'backup-dir' to a folder the runner user can create and write (default: $RUNNER_TEMP/db-backup)."
  let created = false
  // A private folder is only as safe as its parents: in a parent every user may write to without
  // the sticky bit, anyone can rename the folder away and put their own in its place. The parents
  // of the path as given and, through symbolic links, of the folder it really is are checked.
  const real = await fs.realpath(dir).catch(() => undefined)
  for (const start of real && real !== dir ? [dir, real] : [dir]) {
    for (let parent = path.dirname(start); ; parent = path.dirname(parent)) {
      const p = await fs.stat(parent).catch(() => undefined)
      if (p && p.mode & 0o002 && !(p.mode & 0o1000)) {
        throw new ActionError(
          `The backup folder ${dir} cannot be used: its parent folder ${parent}${start === dir ? '' : ` (where ${dir} leads through a symbolic link)`} is writable by every user and not sticky (mode ${(p.mode & 0o7777).toString(8).padStart(4, '0')}), so anyone could move the folder away and put a folder of their own in its place. The action never changes the mode of a folder it did not create.`,
          "Point 'backup-dir' at a folder whose parent folders only their owners can change (or leave it empty: $RUNNER_TEMP/db-backup)."
        )
      }
      if (path.dirname(parent) === parent) break
    }
  }
  try {
    // The umask (0077, set above) makes every folder created here, parents included, 0700.
    await io.mkdirP(path.dirname(dir))
    try {
      await fs.mkdir(dir, { mode: 0o700 })
      created = true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  } catch (err) {
    throw new ActionError(`The backup folder ${dir} cannot be used: ${scrub(errorMessage(err))}.`, fix)
  }
  const stat = await fs.stat(dir).catch((err: unknown) => {
    throw new ActionError(`The backup folder ${dir} cannot be used: ${scrub(errorMessage(err))}.`, fix)
  })
  const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0')
  if (!stat.isDirectory()) throw new ActionError(`The backup folder ${dir} cannot be used: it exists and is not a folder.`, fix)
  if (!created) {
    const uid = process.getuid?.()
    if (uid !== undefined && stat.uid !== uid) {
      throw new ActionError(
        `The backup folder ${dir} cannot be used: it belongs to another user (uid ${stat.uid}, the runner runs as uid ${uid}), who could read, replace or remove backups in it. Its mode and owner are left as they are.`,
        "Leave 'backup-dir' empty ($RUNNER_TEMP/db-backup), or point it at a folder the runner user owns (or a new one, which the action creates 0700)."
      )
    }
    const writers = [stat.mode & 0o020 ? 'its group' : '', stat.mode & 0o002 ? 'other users' : ''].filter(Boolean).join(' and ')
    if (writers) {
      throw new ActionError(
        `The backup folder ${dir} cannot be used: it is writable by ${writers} (mode ${mode}${stat.mode & 0o1000 ? ', sticky' : ''}), who could create files or links under the names a backup takes${stat.mode & 0o1000 ? '' : ', or move and replace backups'}. The action never changes the mode of a folder it did not create.`,
        `${stat.mode & 0o1000 ? `Point 'backup-dir' at a new subfolder, e.g. ${path.join(dir, 'db-backup')} (the action creates it 0700; the sticky bit keeps others from moving it), or leave` : 'Leave'} 'backup-dir' empty ($RUNNER_TEMP/db-backup); or, if the folder is yours alone, remove the write bits yourself (chmod go-w ${dir}).`
      )
    }
  }
  try {
    await fs.access(dir, fs.constants.W_OK | fs.constants.X_OK)
    create()
  } catch (err) {
    throw new ActionError(`The backup folder ${dir} cannot be used: ${scrub(errorMessage(err))}.`, fix)
  }
  return created ? `${dir} (created, mode ${mode})` : `${dir} (existing, mode ${mode}, left as it is)`
}

/** Runs a file operation of the phase; a failure becomes an ActionError naming what, where and why. */
async function fileStep<T>(doing: string, target: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw fileError(err, doing, target)
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

/**
 * `<database>_<UTC time>[_run<id>-<attempt>][_<job>]_<target>_<random>`, safe as a file name, and
 * unique per job: two jobs of a matrix (there is no matrix variable) on one self-hosted runner
 * with a shared `backup-dir`, the same database name, run id and second still differ by the target
 * (a hash of host, port and database) and, always, by a random part. Uniqueness of the name is a
 * courtesy; safety does not rest on it (files are created and placed exclusively).
 */
export function backupName(
  target: Pick<DatabaseTarget, 'database' | 'host' | 'port'>,
  env: NodeJS.ProcessEnv,
  now = new Date(),
  random = randomBytes(4).toString('hex')
): string {
  const safe = (s: string, max: number): string => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, max)
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const run = env.GITHUB_RUN_ID ? `_run${safe(env.GITHUB_RUN_ID, 20)}-${safe(env.GITHUB_RUN_ATTEMPT || '1', 6)}` : ''
  const job = env.GITHUB_JOB ? `_${safe(env.GITHUB_JOB, 40)}` : ''
  const where = createHash('sha256').update(`${target.host}\0${target.port}\0${target.database}`).digest('hex').slice(0, 8)
  return `${safe(target.database, 60)}_${stamp}${run}${job}_${where}_${random}`
}
