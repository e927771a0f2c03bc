#!/usr/bin/env node
// npm run demo: the action's whole pipeline on a throwaway database, exactly as the runner runs it.
// Starts a temporary PostgreSQL, copies the sample project (examples/blog), then runs
// dist/index.js for verify, backup, rehearse (the pending migrations on a copy restored from the
// backup, on a throwaway server of its own) and deploy (builtin migrator: nothing is downloaded),
// and verify again to show 0 pending. Cleans up after itself.
import * as path from 'node:path'
import { startCluster } from '../test-support/pg-cluster.mjs'
import { bold, preflight, demoWorkspace, runPhase as run, seedProduction } from './demo-lib.mjs'

preflight()
let cluster
const ws = demoWorkspace('db-deploy-demo-', { cluster: () => cluster })
const { work, cleanup } = ws
let summaryBytes = 0
const runPhase = async (title, inputs) => {
  const r = await run(ws, title, inputs)
  summaryBytes += r.summaryBytes
  return r.outputs
}

try {
  console.log(bold('db-deploy-action demo: verify -> backup -> rehearse -> deploy on a throwaway PostgreSQL'))
  cluster = await startCluster()
  const db = await cluster.createDatabase('blog')
  const url = cluster.url({ database: db, params: { schema: 'public' } })
  const first = await seedProduction(cluster, db, ws.migrationsDir)
  console.log(`Started PostgreSQL ${cluster.version} on 127.0.0.1:${cluster.port} (temporary) as "production": ${first} applied, 500 users, 5000 posts.`)
  console.log('Sample project: examples/blog (3 migrations).')
  const common = { 'database-url': url, migrator: 'builtin' }

  const verify = await runPhase('phase: verify', { phase: 'verify', ...common })
  const backup = await runPhase('phase: backup', { phase: 'backup', ...common, 'backup-dir': path.join(work, 'backups') })
  const rehearse = await runPhase('phase: rehearse', { phase: 'rehearse', migrator: 'builtin', 'backup-path': backup['backup-path'] })
  const deploy = await runPhase('phase: deploy', { phase: 'deploy', ...common, 'backup-path': backup['backup-path'] })
  const after = await runPhase('phase: verify (again)', { phase: 'verify', ...common })

  console.log(`\n${bold('Result')}`)
  console.log(`  pending before: ${verify['pending-count']} ${verify['pending-migrations']}`)
  console.log(`  backup: ${backup['backup-path']} (${backup['backup-size']} bytes, sha256 ${backup['backup-sha256'].slice(0, 16)}…)`)
  const report = JSON.parse(rehearse['rehearsal-report'])
  console.log(`  rehearsal: restored in ${report.restoreMs} ms; ${report.migrations.map(m => `${m.name} ${m.durationMs} ms`).join(', ')}; drift ${rehearse['drift-count']}`)
  console.log(`  applied: ${deploy['applied-count']} ${deploy['applied-migrations']}`)
  console.log(`  pending after: ${after['pending-count']}`)
  if (after['pending-count'] !== '0') throw new Error('verify still reports pending migrations after the deploy')
  console.log(`  job summary (as GitHub would render it): ${summaryBytes} bytes of Markdown/HTML written by the five runs`)
  console.log('\nDemo passed. The temporary database and files are removed.')
} catch (err) {
  console.error(`\nDemo failed: ${err.message}`)
  process.exitCode = 1
} finally {
  await cleanup()
}
