#!/usr/bin/env node
// npm run demo:restore: a failed deploy undone by the restore phase, on a throwaway database,
// exactly as the runner runs the action. Starts a temporary PostgreSQL, copies the sample project
// (examples/blog) with one more migration that fails, then runs dist/index.js for verify, backup
// (encrypted with a fresh age key), deploy (which applies two migrations and fails on the third),
// restore (from the encrypted backup, workflow_dispatch) and verify again: the same pending list as
// before the deploy. Cleans up after itself.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { startCluster } from '../test-support/pg-cluster.mjs'
import { bold, preflight, demoWorkspace, runPhase as run, seedProduction } from './demo-lib.mjs'

preflight()
let cluster
const ws = demoWorkspace('db-restore-demo-', { cluster: () => cluster })
const { work, migrationsDir, cleanup } = ws
// The deploy that goes wrong: a backfill that fails after two good migrations were applied.
const broken = '20250301000000_backfill_comment_counts'
fs.mkdirSync(path.join(migrationsDir, broken))
fs.writeFileSync(path.join(migrationsDir, broken, 'migration.sql'), 'ALTER TABLE "Post" ADD COLUMN "commentCount" INTEGER;\nUPDATE "Post" SET "commentCount" = 1 / ("id" % 7);\n')
const runPhase = (title, inputs, o) => run(ws, title, inputs, o)

async function tables(db) {
  const rows = await cluster.query(`SELECT string_agg(table_name, ', ' ORDER BY table_name) AS t FROM information_schema.tables WHERE table_schema = 'public'`, [], db)
  const cols = await cluster.query(`SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Post'`, [], db)
  return `tables ${rows[0].t}; "Post" columns ${cols[0].c}`
}

try {
  console.log(bold('db-deploy-action demo: a failed deploy, restored (verify -> backup -> deploy fails -> restore -> verify)'))
  cluster = await startCluster()
  const db = await cluster.createDatabase('blog')
  const url = cluster.url({ database: db, params: { schema: 'public' } })
  const first = await seedProduction(cluster, db, migrationsDir)
  const identity = await generateIdentity()
  const recipient = await identityToRecipient(identity)
  console.log(`Started PostgreSQL ${cluster.version} on 127.0.0.1:${cluster.port} (temporary) as "production": ${first} applied, 500 users, 5000 posts.`)
  console.log(`Sample project: examples/blog (3 migrations) plus ${broken}, which fails. A fresh age key pair: ${recipient}.`)
  const common = { 'database-url': url, migrator: 'builtin' }
  const before = await tables(db)

  const verify = await runPhase('phase: verify', { phase: 'verify', ...common })
  const backup = await runPhase('phase: backup', { phase: 'backup', ...common, 'backup-dir': path.join(work, 'backups'), 'backup-recipients': recipient, 'keep-plaintext-backup': 'true' })
  const deploy = await runPhase('phase: deploy (fails)', { phase: 'deploy', ...common, 'backup-path': backup.outputs['backup-path'] }, { mayFail: true })
  if (deploy.code === 0) throw new Error('the deploy was expected to fail')
  const broke = await tables(db)
  const restore = await runPhase(
    'phase: restore (workflow_dispatch, from the encrypted backup)',
    {
      phase: 'restore',
      ...common,
      'backup-path': backup.outputs['encrypted-backup-path'],
      'backup-identity': identity,
      'confirm-restore': db,
      'backup-dir': path.join(work, 'pre-restore'),
      'backup-recipients': recipient
    },
    { eventName: 'workflow_dispatch', runId: '1002' }
  )
  const after = await runPhase('phase: verify (again)', { phase: 'verify', ...common })

  console.log(`\n${bold('Result')}`)
  console.log(`  before the deploy:  ${before}; pending ${verify.outputs['pending-migrations']}`)
  console.log(`  after the failure:  ${broke}`)
  console.log(`  after the restore:  ${await tables(db)}; pending ${after.outputs['pending-migrations']}`)
  console.log(`  restored migrations: ${restore.outputs['restored-migrations']}`)
  console.log(`  state before the restore backed up at: ${restore.outputs['pre-restore-backup-path']}`)
  if (after.outputs['pending-migrations'] !== verify.outputs['pending-migrations']) throw new Error('verify does not show the same pending list as before the deploy')
  if ((await tables(db)) !== before) throw new Error('the schema after the restore is not the one before the deploy')
  console.log('\nDemo passed. The temporary database and files are removed.')
} catch (err) {
  console.error(`\nDemo failed: ${err.message}`)
  process.exitCode = 1
} finally {
  await cleanup()
}
