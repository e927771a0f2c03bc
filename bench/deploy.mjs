#!/usr/bin/env node
// bench/deploy: the builtin migrator (node dist/index.js, phase deploy, whole process) applying
// 1000 generated migrations (tables, indexes, alters) into an empty database, against the floor
// measured in the same run: bench/deploy-floor.mjs runs the same files in order on one connection
// without bookkeeping. Prints medians and the ratio; target <= 1.2x.
// Usage: node bench/deploy.mjs [runs=5] [migrations=1000]
import * as path from 'node:path'
import { startCluster } from '../test-support/pg-cluster.mjs'
import { makeProject, mixedMigrations } from '../test-support/fixtures.mjs'
import { ROOT, DIST, timeProcess, median, actionEnv, fmt } from './lib.mjs'

const runs = Number(process.argv[2] ?? 5)
const count = Number(process.argv[3] ?? 1000)

const cluster = await startCluster()
const project = makeProject({ migrations: mixedMigrations(count) })
try {
  const action = []
  const floor = []
  let n = 0
  const fresh = async () => cluster.createDatabase(`bench_deploy_${n++}`)
  const runFloor = async () => {
    const db = await fresh()
    const f = await timeProcess(process.execPath, [path.join(ROOT, 'bench', 'deploy-floor.mjs'), cluster.url({ database: db }), project.migrationsDir], { env: process.env })
    if (f.code !== 0) throw new Error(`floor failed: ${f.out}`)
    floor.push(f.ms)
    return db
  }
  const runAction = async () => {
    const db = await fresh()
    const { env, cleanup } = actionEnv({ phase: 'deploy', 'database-url': cluster.url({ database: db }), migrator: 'builtin' }, project.root)
    const a = await timeProcess(process.execPath, [DIST], { env, cwd: project.root })
    cleanup()
    if (a.code !== 0) throw new Error(`deploy failed:\n${a.out.slice(-3000)}`)
    const [{ c }] = await cluster.query('SELECT count(*)::int AS c FROM _prisma_migrations WHERE finished_at IS NOT NULL', [], db)
    if (c !== count) throw new Error(`deploy recorded ${c} migrations, expected ${count}`)
    action.push(a.ms)
    return db
  }
  // One of each first as a warm-up, not counted; then alternate which goes first.
  for (const db of [await runFloor(), await runAction()]) await cluster.query(`DROP DATABASE "${db}"`)
  floor.length = 0
  action.length = 0
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [runFloor, runAction] : [runAction, runFloor]
    const dbs = []
    for (const task of order) dbs.push(await task())
    await cluster.query('CHECKPOINT')
    for (const db of dbs) await cluster.query(`DROP DATABASE "${db}"`)
  }
  const ma = median(action)
  const mf = median(floor)
  console.log(`builtin migrator (node dist/index.js, ${count} migrations), median of ${runs}: ${fmt(ma)}`)
  console.log(`floor (pg, same files, one connection, no bookkeeping), median of ${runs}: ${fmt(mf)}`)
  // The machine's speed drifts over seconds; a pair runs back to back, so its ratio cancels the drift.
  const pairRatios = action.map((a, i) => a / floor[i])
  console.log(`ratio of medians: ${(ma / mf).toFixed(2)}x; median of per-pair ratios: ${median(pairRatios).toFixed(2)}x (target <= 1.20x)`)
  console.log(`runs (ms): action ${action.map(v => v.toFixed(0)).join(' ')}; floor ${floor.map(v => v.toFixed(0)).join(' ')}`)
} finally {
  project.cleanup()
  await cluster.stop()
}
