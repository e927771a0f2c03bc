#!/usr/bin/env node
// npm run demo: the action's whole pipeline on a throwaway database, exactly as the runner runs it.
// Starts a temporary PostgreSQL, copies the sample project (examples/blog), then runs
// dist/index.js for verify, backup, rehearse (the pending migrations on a copy restored from the
// backup, on a throwaway server of its own) and deploy (builtin migrator: nothing is downloaded),
// and verify again to show 0 pending. Cleans up after itself.
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
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

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'db-deploy-demo-'))
fs.chmodSync(work, 0o755)
const workspace = path.join(work, 'workspace')
// The runner's per-job temp folder. Run as root, the rehearsal's server runs as the `postgres` OS
// user, which must be able to pass through it (0711: enter, not list).
const runnerTemp = path.join(work, 'runner-temp')
fs.mkdirSync(runnerTemp, { mode: 0o711 })
fs.chmodSync(runnerTemp, 0o711)
fs.cpSync(path.join(root, 'examples', 'blog'), workspace, { recursive: true })
let cluster
const cleanup = async () => {
  await cluster?.stop().catch(() => {})
  fs.rmSync(work, { recursive: true, force: true })
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)))

let summaryBytes = 0

/** Runs dist/index.js like the runner: INPUT_* variables and the GITHUB_* files. */
async function runPhase(title, inputs) {
  console.log(`\n${bold(`$ ${title}`)}`)
  const runner = runnerEnv({
    inputs,
    workspace,
    eventPayload: { ref: 'refs/heads/main' },
    overrides: { GITHUB_SHA: '0000000000000000000000000000000000000000', GITHUB_RUN_ID: '1001', GITHUB_RUN_ATTEMPT: '1', RUNNER_TEMP: runnerTemp }
  })
  const { env } = runner
  const code = await new Promise(resolve => {
    const child = spawn(process.execPath, [dist], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'inherit'] })
    let rest = ''
    child.stdout.setEncoding('utf8').on('data', chunk => {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop()
      for (const line of lines) {
        if (line.startsWith('::add-mask::') || line.startsWith('::endgroup::')) continue
        if (line.startsWith('::group::')) console.log(bold(line.slice('::group::'.length)))
        else if (line.startsWith('::error::')) console.log(`ERROR: ${line.slice(9).replace(/%0A/g, '\n       ')}`)
        else console.log(`  ${line}`)
      }
    })
    child.on('close', resolve)
  })
  const outputs = runner.readOutputs()
  summaryBytes += runner.readSummary().length
  runner.cleanup()
  if (code !== 0) throw new Error(`${inputs.phase} failed (exit ${code})`)
  console.log(`  outputs: ${JSON.stringify(outputs)}`)
  return outputs
}

try {
  console.log(bold('db-deploy-action demo: verify -> backup -> rehearse -> deploy on a throwaway PostgreSQL'))
  cluster = await startCluster()
  const db = await cluster.createDatabase('blog')
  const url = cluster.url({ database: db, params: { schema: 'public' } })
  // "Production" as the demo finds it: the first migration applied long ago, and some data.
  const migrationsDir = path.join(workspace, 'prisma', 'migrations')
  const first = fs.readdirSync(migrationsDir).filter(n => fs.statSync(path.join(migrationsDir, n)).isDirectory()).sort()[0]
  const client = await cluster.client({ database: db })
  await applyLikePrisma(client, [{ name: first, sql: fs.readFileSync(path.join(migrationsDir, first, 'migration.sql')) }])
  await client.query(`INSERT INTO "User" (email, name) SELECT 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 500) g`)
  await client.query(`INSERT INTO "Post" (title, content, "authorId") SELECT 'Post ' || g, repeat('lorem ipsum ', 50), 1 + g % 500 FROM generate_series(1, 5000) g`)
  await client.end()
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
