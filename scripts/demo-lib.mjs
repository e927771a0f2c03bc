// What the demos share: the checks before starting, a temporary copy of the sample project, running
// dist/index.js exactly as the runner does, and "production" as the demos find it.
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findServerBinDir } from '../test-support/pg-cluster.mjs'
import { applyLikePrisma } from '../test-support/fixtures.mjs'
import { runnerEnv } from '../test-support/runner-env.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist', 'index.js')
export const bold = s => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

/** Exits with a message naming what to install or build when the demo cannot run here. */
export function preflight() {
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
}

/**
 * A temporary folder with a copy of examples/blog as the workspace and the runner's per-job temp
 * folder. Run as root, the rehearsal's server runs as the `postgres` OS user, which must be able to
 * pass through it (0711: enter, not list). `cleanup` stops `o.cluster()` and removes everything.
 */
export function demoWorkspace(prefix, o) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  fs.chmodSync(work, 0o755)
  const workspace = path.join(work, 'workspace')
  const runnerTemp = path.join(work, 'runner-temp')
  fs.mkdirSync(runnerTemp, { mode: 0o711 })
  fs.chmodSync(runnerTemp, 0o711)
  fs.cpSync(path.join(root, 'examples', 'blog'), workspace, { recursive: true })
  const cleanup = async () => {
    await o
      .cluster()
      ?.stop()
      .catch(() => {})
    fs.rmSync(work, { recursive: true, force: true })
  }
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)))
  return { work, workspace, runnerTemp, migrationsDir: path.join(workspace, 'prisma', 'migrations'), cleanup }
}

/**
 * Runs dist/index.js like the runner: INPUT_* variables and the GITHUB_* files; its log is shown
 * without the workflow commands. Throws on a failure unless `o.mayFail`.
 */
export async function runPhase(ws, title, inputs, o = {}) {
  console.log(`\n${bold(`$ ${title}`)}`)
  const runner = runnerEnv({
    inputs,
    workspace: ws.workspace,
    eventName: o.eventName ?? 'push',
    eventPayload: { ref: 'refs/heads/main' },
    overrides: { GITHUB_SHA: '0000000000000000000000000000000000000000', GITHUB_RUN_ID: o.runId ?? '1001', GITHUB_RUN_ATTEMPT: '1', RUNNER_TEMP: ws.runnerTemp }
  })
  const code = await new Promise(resolve => {
    const child = spawn(process.execPath, [dist], { cwd: ws.workspace, env: runner.env, stdio: ['ignore', 'pipe', 'inherit'] })
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
  const summaryBytes = runner.readSummary().length
  runner.cleanup()
  if (code !== 0 && !o.mayFail) throw new Error(`${inputs.phase} failed (exit ${code})`)
  console.log(`  exit ${code}; outputs: ${JSON.stringify(outputs)}`)
  return { code, outputs, summaryBytes }
}

/** "Production" as the demos find it: the first migration applied long ago, 500 users, 5000 posts. Returns that migration's name. */
export async function seedProduction(cluster, db, migrationsDir) {
  const first = fs
    .readdirSync(migrationsDir)
    .filter(n => fs.statSync(path.join(migrationsDir, n)).isDirectory())
    .sort()[0]
  const client = await cluster.client({ database: db })
  try {
    await applyLikePrisma(client, [{ name: first, sql: fs.readFileSync(path.join(migrationsDir, first, 'migration.sql')) }])
    await client.query(`INSERT INTO "User" (email, name) SELECT 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 500) g`)
    await client.query(`INSERT INTO "Post" (title, content, "authorId") SELECT 'Post ' || g, repeat('lorem ipsum ', 50), 1 + g % 500 FROM generate_series(1, 5000) g`)
  } finally {
    await client.end()
  }
  return first
}
