#!/usr/bin/env node
// npm run demo:restore: a failed deploy undone by the restore phase, on a throwaway database,
// exactly as the runner runs the action. Starts a temporary PostgreSQL, copies the sample project
// (examples/blog) with one more migration that fails, then runs dist/index.js for verify, backup
// (encrypted with a fresh age key), deploy (which applies two migrations and fails on the third),
// restore (from the encrypted backup, workflow_dispatch) and verify again: the same pending list as
// before the deploy. Cleans up after itself.
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { startCluster, findServerBinDir } from '../test-support/pg-cluster.mjs'
import { applyLikePrisma } from '../test-support/fixtures.mjs'
import { runnerEnv } from '../test-support/runner-env.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist', 'index.js')
const bold = s => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

if (!fs.existsSync(dist)) {
  console.error('dist/index.js is missing: run `npm run bundle` first.')
  process.exit(1)
}
if (!findServerBinDir()) {
  console.error(
    'The demo needs the PostgreSQL server binaries (initdb, pg_ctl, postgres) to start a throwaway database, and none were found.\n' +
      'Install them, e.g. on Debian/Ubuntu: sudo apt-get install -y postgresql   (the demo never touches any existing cluster)'
  )
  process.exit(1)
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'db-restore-demo-'))
fs.chmodSync(work, 0o755)
const workspace = path.join(work, 'workspace')
fs.cpSync(path.join(root, 'examples', 'blog'), workspace, { recursive: true })
const migrationsDir = path.join(workspace, 'prisma', 'migrations')
// The deploy that goes wrong: a backfill that fails after two good migrations were applied.
const broken = '20250301000000_backfill_comment_counts'
fs.mkdirSync(path.join(migrationsDir, broken))
fs.writeFileSync(path.join(migrationsDir, broken, 'migration.sql'), 'ALTER TABLE "Post" ADD COLUMN "commentCount" INTEGER;\nUPDATE "Post" SET "commentCount" = 1 / ("id" % 7);\n')
let cluster
const cleanup = async () => {
  await cluster?.stop().catch(() => {})
  fs.rmSync(work, { recursive: true, force: true })
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)))

/** Runs dist/index.js like the runner: INPUT_* variables and the GITHUB_* files. */
async function runPhase(title, inputs, o = {}) {
  console.log(`\n${bold(`$ ${title}`)}`)
  const runner = runnerEnv({
    inputs,
    workspace,
    eventName: o.eventName ?? 'push',
    eventPayload: { ref: 'refs/heads/main' },
    overrides: { GITHUB_SHA: '0000000000000000000000000000000000000000', GITHUB_RUN_ID: o.runId ?? '1001', GITHUB_RUN_ATTEMPT: '1' }
  })
  const code = await new Promise(resolve => {
    const child = spawn(process.execPath, [dist], { cwd: workspace, env: runner.env, stdio: ['ignore', 'pipe', 'inherit'] })
    let rest = ''
    child.stdout.setEncoding('utf8').on('data', chunk => {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop()
      for (const line of lines) {
        if (line.startsWith('::add-mask::') || line.startsWith('::endgroup::')) continue
        if (line.startsWith('::group::')) console.log(bold(line.slice('::group::'.length)))
        else if (line.startsWith('::error::')) console.log(`ERROR: ${line.slice(9).replace(/%0A/g, '\n       ')}`)
        else if (line.startsWith('::warning::')) console.log(`WARNING: ${line.slice(11)}`)
        else console.log(`  ${line}`)
      }
    })
    child.on('close', resolve)
  })
  const outputs = runner.readOutputs()
  runner.cleanup()
  if (code !== 0 && !o.mayFail) throw new Error(`${inputs.phase} failed (exit ${code})`)
  console.log(`  exit ${code}; outputs: ${JSON.stringify(outputs)}`)
  return { code, outputs }
}

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
  const first = fs.readdirSync(migrationsDir).filter(n => fs.statSync(path.join(migrationsDir, n)).isDirectory()).sort()[0]
  const client = await cluster.client({ database: db })
  await applyLikePrisma(client, [{ name: first, sql: fs.readFileSync(path.join(migrationsDir, first, 'migration.sql')) }])
  await client.query(`INSERT INTO "User" (email, name) SELECT 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 500) g`)
  await client.query(`INSERT INTO "Post" (title, content, "authorId") SELECT 'Post ' || g, repeat('lorem ipsum ', 50), 1 + g % 500 FROM generate_series(1, 5000) g`)
  await client.end()
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
