#!/usr/bin/env node
// bench/verify: the verify phase (node dist/index.js, whole process) on a project with 1000 applied
// migrations, against the floor measured in the same run (bench/verify-floor.mjs). Target: <= 1.3x.
// Also prints the bundle's size and its start-up time (invalid phase: it exits at once).
// Usage: node bench/verify.mjs [runs=15] [migrations=1000]
import * as fs from 'node:fs'
import * as path from 'node:path'
import { startCluster } from '../test-support/pg-cluster.mjs'
import { makeProject, generatedMigrations, applyLikePrisma } from '../test-support/fixtures.mjs'
import { ROOT, DIST, timeProcess, median, actionEnv, fmt } from './lib.mjs'

const runs = Number(process.argv[2] ?? 15)
const count = Number(process.argv[3] ?? 1000)

const cluster = await startCluster()
const project = makeProject({ migrations: generatedMigrations(count) })
try {
  const db = await cluster.createDatabase('bench_verify')
  const client = await cluster.client({ database: db })
  const t0 = performance.now()
  await applyLikePrisma(client, generatedMigrations(count))
  await client.end()
  console.log(`setup: ${count} migrations applied in ${fmt(performance.now() - t0)} (PostgreSQL ${cluster.version})`)

  const url = cluster.url({ database: db })
  const floorArgs = [path.join(ROOT, 'bench', 'verify-floor.mjs'), url, project.migrationsDir]
  const inputs = { phase: 'verify', 'database-url': url, migrator: 'builtin' }

  const action = []
  const floor = []
  // Warm-up (file cache, server caches), not counted.
  await timeProcess(process.execPath, floorArgs, { env: process.env })
  {
    const { env, cleanup } = actionEnv(inputs, project.root)
    const r = await timeProcess(process.execPath, [DIST], { env, cwd: project.root })
    cleanup()
    if (r.code !== 0 || !r.out.includes(`✓ migrations: ${count} local, ${count} applied, 0 pending`)) {
      throw new Error(`verify did not pass as expected:\n${r.out}`)
    }
  }
  for (let i = 0; i < runs; i++) {
    const f = await timeProcess(process.execPath, floorArgs, { env: process.env })
    if (f.code !== 0) throw new Error(`floor failed: ${f.out}`)
    floor.push(f.ms)
    const { env, cleanup } = actionEnv(inputs, project.root)
    const a = await timeProcess(process.execPath, [DIST], { env, cwd: project.root })
    cleanup()
    if (a.code !== 0) throw new Error(`verify failed: ${a.out}`)
    action.push(a.ms)
  }
  const ma = median(action)
  const mf = median(floor)
  console.log(`verify (node dist/index.js), median of ${runs}: ${fmt(ma)}`)
  console.log(`floor (pg select + hash ${count} files), median of ${runs}: ${fmt(mf)}`)
  // The machine's speed drifts over seconds; a pair runs back to back, so its ratio cancels the drift.
  const pairRatios = action.map((a, i) => a / floor[i])
  console.log(`ratio of medians: ${(ma / mf).toFixed(2)}x; median of per-pair ratios: ${median(pairRatios).toFixed(2)}x (target <= 1.30x)`)

  // The risk check: the same count of migrations pending (nothing applied) against the same project
  // with every migration applied, where the check has nothing to read (the parser is not even
  // loaded). Both are whole processes, run in alternation in the same run; risk-fail-level none
  // keeps the pending run passing. The check's own duration is read from its log line.
  {
    const pendingDb = await cluster.createDatabase('bench_verify_pending')
    const pc = await cluster.client({ database: pendingDb })
    await applyLikePrisma(pc, [])
    await pc.end()
    const purl = cluster.url({ database: pendingDb })
    const withRisk = []
    const riskCheck = []
    const withoutRisk = []
    const run = async (dbUrl, expect) => {
      const { env, cleanup } = actionEnv({ phase: 'verify', 'database-url': dbUrl, migrator: 'builtin', 'risk-fail-level': 'none' }, project.root)
      const r = await timeProcess(process.execPath, [DIST], { env, cwd: project.root })
      cleanup()
      if (r.code !== 0 || !r.out.includes(expect)) throw new Error(`verify did not pass as expected:\n${r.out}`)
      return r
    }
    const pendingLine = `✓ migrations: ${count} local, 0 applied, ${count} pending`
    const appliedLine = `✓ migrations: ${count} local, ${count} applied, 0 pending`
    await run(purl, pendingLine)
    await run(url, appliedLine)
    for (let i = 0; i < runs; i++) {
      const a = await run(purl, pendingLine)
      withRisk.push(a.ms)
      const m = /✓ migration-risk: .*\((\d+) ms\)/.exec(a.out)
      if (!m) throw new Error(`no migration-risk line:\n${a.out}`)
      riskCheck.push(Number(m[1]))
      const b = await run(url, appliedLine)
      withoutRisk.push(b.ms)
    }
    const mw = median(withRisk)
    const mo = median(withoutRisk)
    const pairs = withRisk.map((w, i) => w / withoutRisk[i])
    console.log(`risk: verify with ${count} pending migrations (the check runs), median of ${runs}: ${fmt(mw)}`)
    console.log(`risk: verify with the ${count} applied (nothing pending: the check has nothing to read), median of ${runs}: ${fmt(mo)}`)
    console.log(`risk: ratio of medians ${(mw / mo).toFixed(2)}x; median of per-pair ratios ${median(pairs).toFixed(2)}x (target <= 1.50x)`)
    console.log(`risk: the migration-risk check alone (its logged duration), median of ${runs}: ${fmt(median(riskCheck))} (target <= 1000 ms)`)
  }

  const startup = []
  for (let i = 0; i < runs; i++) {
    const { env, cleanup } = actionEnv({ phase: 'none' }, project.root)
    startup.push((await timeProcess(process.execPath, [DIST], { env })).ms)
    cleanup()
  }
  const size = fs.statSync(DIST).size
  console.log(`bundle: dist/index.js ${(size / 1024).toFixed(0)} KiB; start-up (invalid phase, exits at once), median of ${runs}: ${fmt(median(startup))}`)
} finally {
  project.cleanup()
  await cluster.stop()
}
