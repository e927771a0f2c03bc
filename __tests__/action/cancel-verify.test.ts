import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { startAction, errorOf, GUARDED_ENV } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase } from '../helpers/suite.js'
import { startFakeGitHub, type FakeGitHub } from '../helpers/github-api.js'

/**
 * Verify cancelled through dist/index.js, as the runner cancels a job (SIGINT first, SIGTERM after):
 * the check the signal stopped (here waiting for a lock another session holds on the books) is
 * interrupted, never failed or passed; the checks not reached say the run was cancelled.
 */

const pg = useCluster()
const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
let gh: FakeGitHub
beforeAll(async () => {
  gh = await startFakeGitHub(TOKEN)
})
afterAll(async () => {
  await gh.close()
})

/**
 * Verify started on a database whose books another session holds locked (ACCESS EXCLUSIVE): the
 * migrations check waits (up to its lock timeout). Resolves once the server shows it waiting, with
 * the log so far; the lock is held until `release`.
 */
async function verifyWaitingOnTheBooks(o: { eventName: string; eventPayload?: unknown; env?: Record<string, string>; inputs?: Record<string, string> }) {
  const migrations = generatedMigrations(2)
  const project = tempProject({ migrations })
  const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, migrations.slice(0, 1)))
  const holder = await pg.cluster.client({ database: db })
  const release = async (): Promise<void> => {
    await holder.query('ROLLBACK').catch(() => undefined)
    await holder.end()
  }
  try {
    await holder.query('BEGIN')
    await holder.query('LOCK TABLE "_prisma_migrations" IN ACCESS EXCLUSIVE MODE')
    const started = startAction({
      workspace: project.root,
      env: { ...GUARDED_ENV, ...o.env },
      eventName: o.eventName,
      eventPayload: o.eventPayload,
      inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin', ...o.inputs }
    })
    let out = ''
    started.child.stdout.on('data', d => (out += d))
    const waiting = async (): Promise<boolean> =>
      (await pg.cluster.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'db-deploy-action verify' AND wait_event_type = 'Lock'", [], db))[0]?.n === 1
    for (let i = 0; i < 200 && !(await waiting()); i++) await new Promise(r => setTimeout(r, 20))
    return { started, waiting: await waiting(), out: () => out, release }
  } catch (err) {
    await release()
    throw err
  }
}

describe('verify cancelled while a check waits', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s: the waiting check interrupted, the rest not run, the process ends with the signal',
    async signal => {
      const run = await verifyWaitingOnTheBooks({ eventName: 'push' })
      try {
        expect(run.waiting).toBe(true)
        expect(run.out()).toMatch(/✓ connection:/)
        run.started.child.kill(signal)
        const r = await run.started.result
        expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143)
        expect(errorOf(r)).toBe(`Verification was cancelled (${signal}); nothing was changed. Do not run the later phases.`)
        expect(r.summary).toMatch(/<h2>[^<]*: cancelled<\/h2>/)
        expect(r.summary).toMatch(new RegExp(`<tr><td><code>migrations</code></td><td>⏹️ interrupted</td><td>[^<]+</td><td>stopped by ${signal} before it finished</td></tr>`))
        for (const name of ['schema', 'migration-risk']) {
          expect(r.summary).toContain(`<tr><td><code>${name}</code></td><td>⏭️ skipped</td><td>—</td><td>not run: cancelled by ${signal}</td></tr>`)
        }
        expect(r.summary).not.toContain('❌ failed')
        expect(r.summary).not.toContain('⏳ running')
        expect(r.stdout).toMatch(/^✗ migrations: INTERRUPTED \(/m)
        expect(r.stdout).not.toMatch(/^✗ migrations: FAILED/m)
        expect(r.stdout).not.toMatch(/^✓ (schema|migration-risk):/m)
      } finally {
        await run.release()
      }
    },
    60_000
  )

  test('on a pull request: a run the signal stopped posts no comment (it did not fail, its checks did not finish)', async () => {
    gh.reset()
    const run = await verifyWaitingOnTheBooks({
      eventName: 'pull_request',
      eventPayload: {
        action: 'synchronize',
        number: 7,
        pull_request: { number: 7, head: { sha: '8'.repeat(40), repo: { full_name: 'acme/shop' } }, base: { sha: '0'.repeat(40), repo: { full_name: 'acme/shop' } } },
        repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } }
      },
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/shop', GITHUB_SERVER_URL: 'https://github.com' },
      inputs: { 'github-token': TOKEN }
    })
    try {
      expect(run.waiting).toBe(true)
      run.started.child.kill('SIGTERM')
      const r = await run.started.result
      expect(r.code).toBe(143)
      expect(r.summary).toMatch(/<h2>[^<]*: cancelled<\/h2>/)
      expect(gh.requests.map(q => `${q.method} ${q.url}`)).toEqual([])
      expect(gh.comments).toEqual([])
    } finally {
      await run.release()
    }
  }, 60_000)
})
