#!/usr/bin/env node
// bench/rehearse: the rehearse phase's restore step against bare `pg_restore` with the same jobs,
// into a server with the same throwaway settings (fsync, full_page_writes and synchronous_commit
// off, wal_level=minimal, max_wal_senders=0), over a Unix socket, in the same run (target <= 1.1x);
// and the restore/dump ratio (the rehearsal's restore time against the backup's pg_dump time).
// The benchmark database: pgbench -i -s <scale> plus a table of random text (see bench/backup.mjs).
// Then the lock watch's cost: the rehearse step (the pending migrations applied to the copy) with
// and without the lock watch (DB_DEPLOY_ACTION_LOCK_WATCH=off), on the same backup in the same run,
// in alternating pairs (target <= 1.05x: the median of the per-pair ratios; the ratio of medians is
// printed beside it); the pending migrations: an index on pgbench_accounts, a column added, a
// rewriting type change of pgbench_branches and a new table with rows.
// Usage: node bench/rehearse.mjs [runs=3] [scale=20] [randomMiB=200]
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startCluster } from '../test-support/pg-cluster.mjs'
import { makeProject, generatedMigrations, applyLikePrisma, writeMigration } from '../test-support/fixtures.mjs'
import { runnerEnv } from '../test-support/runner-env.mjs'
import { DIST, timeProcess, median, fmt } from './lib.mjs'

const runs = Number(process.argv[2] ?? 3)
const scale = Number(process.argv[3] ?? 20)
const randomMiB = Number(process.argv[4] ?? 200)

const production = await startCluster({ settings: { shared_buffers: "'256MB'", max_wal_size: "'4GB'" } })
// The bare pg_restore's server: the settings the rehearsal's throwaway server runs with.
const bareServer = await startCluster({
  settings: { wal_level: 'minimal', max_wal_senders: 0, fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off', archive_mode: 'off', max_connections: 40, shared_buffers: "'128MB'" }
})
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rehearse-'))
// As root the rehearsal's server runs as `postgres`, which must pass through the runner temp folder.
fs.chmodSync(work, 0o711)
// One migration, applied to production: the rehearsal has nothing pending and measures the restore.
const migrations = generatedMigrations(1)
const project = makeProject({ root: path.join(work, 'project'), migrations })
try {
  const pgEnv = { ...process.env, PGHOST: production.host, PGPORT: String(production.port), PGUSER: production.user, PGPASSWORD: production.password }
  const db = await production.createDatabase('bench_rehearse')
  const t0 = performance.now()
  const r = spawnSync(path.join(production.binDir, 'pgbench'), ['-i', '-q', '-s', String(scale), db], { env: pgEnv, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`pgbench -i failed: ${r.stderr}`)
  if (randomMiB > 0) {
    const rows = Math.round((randomMiB * 1048576) / 170)
    await production.query(
      `CREATE TABLE random_text AS SELECT g AS id, md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) AS body FROM generate_series(1, ${rows}) g`,
      [],
      db
    )
    await production.query('ALTER TABLE random_text ADD PRIMARY KEY (id)', [], db)
  }
  const client = await production.client({ database: db })
  await applyLikePrisma(client, migrations)
  await client.end()
  const [{ size }] = await production.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS size', [], db)
  console.log(`setup: ${db} (pgbench scale ${scale} + ${randomMiB} MiB random text) ${size} in ${fmt(performance.now() - t0)}`)

  const phaseEnv = (inputs, temp, extra = {}) => {
    const runner = runnerEnv({ inputs: { migrator: 'builtin', ...inputs }, workspace: project.root, overrides: { RUNNER_TEMP: temp, GITHUB_RUN_ID: String(Date.now()), ...extra } })
    return { env: runner.env, cleanup: runner.cleanup, readOutputs: runner.readOutputs }
  }
  const temp = fs.mkdtempSync(path.join(work, 'rt-'))
  fs.chmodSync(temp, 0o711)
  const backupDir = path.join(work, 'backups')
  const b = phaseEnv({ phase: 'backup', 'database-url': production.url({ database: db }), 'backup-dir': backupDir }, temp)
  const backup = await timeProcess(process.execPath, [DIST], { env: b.env, cwd: project.root })
  if (backup.code !== 0) throw new Error(`backup failed:\n${backup.out}`)
  const archivePath = b.readOutputs()['backup-path']
  const manifest = JSON.parse(fs.readFileSync(archivePath.replace(/\.dump$/, '.manifest.json'), 'utf8'))
  b.cleanup()
  console.log(`backup: ${(manifest.size / 1048576).toFixed(1)} MiB archive, pg_dump ${fmt(manifest.durationMs)}`)

  const phase = async (extra = {}) => {
    const { env, cleanup, readOutputs } = phaseEnv({ phase: 'rehearse', 'backup-path': archivePath, drift: 'ignore' }, temp, extra)
    const res = await timeProcess(process.execPath, [DIST], { env, cwd: project.root })
    const report = res.code === 0 ? JSON.parse(readOutputs()['rehearsal-report']) : undefined
    cleanup()
    if (res.code !== 0) throw new Error(`rehearse failed:\n${res.out}`)
    return { total: res.ms, report }
  }
  const restorePgRestore = path.join(production.binDir, 'pg_restore')
  const bare = async jobs => {
    // Like the phase's restore step: CREATE DATABASE, then pg_restore into it, with owners and privileges, without tablespaces.
    const target = `bare_${Date.now()}`
    const started = performance.now()
    await bareServer.query(`CREATE DATABASE ${target}`)
    const env = { PATH: process.env.PATH, PGHOST: bareServer.dataDir, PGPORT: String(bareServer.port), PGUSER: bareServer.user, PGPASSWORD: bareServer.password }
    const res = await timeProcess(restorePgRestore, ['--no-tablespaces', '--exit-on-error', '--format=custom', `--jobs=${jobs}`, `--dbname=${target}`, archivePath], { env })
    const ms = performance.now() - started
    await bareServer.query(`DROP DATABASE ${target}`)
    if (res.code !== 0) throw new Error(`bare pg_restore failed: ${res.out}`)
    return ms
  }

  // The phase's restore time is read from its report (the step: CREATE DATABASE and pg_restore).
  const first = await phase()
  const jobs = first.report.restoreJobs
  console.log(`phase restores with ${jobs} job(s); warm-up run restore ${fmt(first.report.restoreMs)}`)
  const phaseMs = []
  const bareMs = []
  const totals = []
  for (let i = 0; i < runs; i++) {
    const tasks = [
      async () => bareMs.push(await bare(jobs)),
      async () => {
        const p = await phase()
        phaseMs.push(p.report.restoreMs)
        totals.push(p.total)
      }
    ]
    for (const task of i % 2 === 0 ? tasks : [...tasks].reverse()) await task()
  }
  const mPhase = median(phaseMs)
  const mBare = median(bareMs)
  console.log(`bare CREATE DATABASE + pg_restore -j ${jobs} (same settings), median of ${runs}: ${fmt(mBare)}`)
  console.log(`phase restore step, median of ${runs}: ${fmt(mPhase)} -> ratio ${(mPhase / mBare).toFixed(3)}x (target <= 1.1x)`)
  console.log(`restore/dump: ${fmt(mPhase)} / ${fmt(manifest.durationMs)} = ${(mPhase / manifest.durationMs).toFixed(2)}x the backup's pg_dump time`)
  console.log(`whole rehearse phase (process, drift ignored, no pending migration), median: ${fmt(median(totals))}`)

  // The lock watch's cost on the rehearse step.
  const pending = [
    { name: '20990101000000_accounts_index', sql: 'CREATE INDEX "accounts_abalance_idx" ON pgbench_accounts (abalance);\n' },
    { name: '20990102000000_accounts_note', sql: 'ALTER TABLE pgbench_accounts ADD COLUMN note TEXT;\n' },
    { name: '20990103000000_branches_retype', sql: 'ALTER TABLE pgbench_branches ALTER COLUMN bbalance TYPE BIGINT;\n' },
    { name: '20990104000000_ledger', sql: 'CREATE TABLE ledger AS SELECT g AS id, md5(g::text) AS memo FROM generate_series(1, 200000) g;\nCREATE INDEX ledger_memo_idx ON ledger (memo);\n' }
  ]
  for (const m of pending) writeMigration(project.migrationsDir, m)
  const watched = []
  const unwatched = []
  const pairRatios = []
  await phase({ DB_DEPLOY_ACTION_LOCK_WATCH: 'off' })
  // Pairs, alternating which goes first; each pair's ratio is taken while the machine is in one state.
  for (let i = 0; i < Math.max(runs, 9); i++) {
    let w = 0
    let u = 0
    const tasks = [async () => watched.push((w = (await phase()).report.rehearsalMs)), async () => unwatched.push((u = (await phase({ DB_DEPLOY_ACTION_LOCK_WATCH: 'off' })).report.rehearsalMs))]
    for (const task of i % 2 === 0 ? tasks : [...tasks].reverse()) await task()
    pairRatios.push(w / u)
  }
  const mWatched = median(watched)
  const mUnwatched = median(unwatched)
  console.log(`rehearse step (${pending.length} pending migrations) without the lock watch, median of ${unwatched.length}: ${fmt(mUnwatched)} [${unwatched.map(fmt).join(', ')}]`)
  console.log(`rehearse step with the lock watch, median of ${watched.length}: ${fmt(mWatched)} [${watched.map(fmt).join(', ')}] -> ratio of medians ${(mWatched / mUnwatched).toFixed(3)}x`)
  console.log(`lock watch cost: median of the ${pairRatios.length} per-pair ratios ${median(pairRatios).toFixed(3)}x (target <= 1.05x) [${pairRatios.map(r => r.toFixed(3)).join(', ')}]`)
} finally {
  fs.rmSync(work, { recursive: true, force: true })
  await production.stop()
  await bareServer.stop()
}
