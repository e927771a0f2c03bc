import { afterEach, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { runPhase, type PhaseDefinition } from '../../src/phases/lifecycle.js'
import { backupPhase } from '../../src/phases/backup.js'
import type { BackupResult } from '../../src/phases/backup.js'
import { actionInputs } from '../helpers/inputs.js'
import { useCluster, tempProject, freshDatabase } from '../helpers/suite.js'

/**
 * A signal that comes after the backup is finished (verified, encrypted and placed, only the phase's
 * summary left to write): the run ends as cancelled, and what it says is what is on disk — the
 * finished backup is kept and named, never "no backup exists". Driven in-process: the backup
 * phase's own work, then the signal emitted on the process (process.exit intercepted).
 */

const pg = useCluster()
const GUARDED = { CI: 'true', NODE_ENV: 'production', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push' }
const saved = { GITHUB_OUTPUT: process.env.GITHUB_OUTPUT, GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY, GITHUB_STATE: process.env.GITHUB_STATE, RUNNER_TEMP: process.env.RUNNER_TEMP }
const scratch: string[] = []

afterEach(() => {
  jest.restoreAllMocks()
  process.exitCode = undefined
  process.removeAllListeners('SIGTERM')
  process.removeAllListeners('SIGINT')
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('a signal after the backup is finished', () => {
  test('the summary says cancelled after the backup was finished, names the files kept, and they are there', async () => {
    const db = await freshDatabase(pg.cluster, async client => {
      await client.query('CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept SELECT generate_series(1, 100)')
    })
    const project = tempProject()
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-cancel-finished-'))
    scratch.push(work, project.root)
    const backupDir = path.join(work, 'backups')
    const runnerTemp = path.join(work, 'runner-temp')
    fs.mkdirSync(runnerTemp)
    const files = { GITHUB_STEP_SUMMARY: path.join(work, 'summary.md'), GITHUB_OUTPUT: path.join(work, 'output'), GITHUB_STATE: path.join(work, 'state') }
    for (const f of Object.values(files)) fs.writeFileSync(f, '')
    // @actions/core and the child processes' password file read these from the process environment.
    Object.assign(process.env, files, { RUNNER_TEMP: runnerTemp })
    const env = { ...GUARDED, ...files, RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: project.root }
    const written: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)

    const inputs = await actionInputs(project.root, { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), 'backup-dir': backupDir }, { RUNNER_TEMP: runnerTemp })
    const definition: PhaseDefinition<BackupResult> = {
      ...backupPhase,
      async work(run) {
        const done = await backupPhase.work(run)
        process.emit('SIGTERM', 'SIGTERM')
        return done
      }
    }
    void runPhase(definition, inputs, env).catch(() => undefined)
    for (let i = 0; i < 500 && exit.mock.calls.length === 0; i++) await new Promise(r => setTimeout(r, 20))
    expect(exit).toHaveBeenCalledWith(143)

    const summary = fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
    expect(summary).toMatch(/<h2>[^<]*: cancelled<\/h2>/)
    expect(summary).toContain('after the backup was finished: the verified backup had been placed at')
    expect(summary).not.toContain('No backup exists')
    // What it names is on disk: the archive and its manifest.
    const kept = fs.readdirSync(backupDir).sort()
    expect(kept.filter(f => f.endsWith('.dump'))).toHaveLength(1)
    expect(kept.filter(f => f.endsWith('.manifest.json'))).toHaveLength(1)
    for (const f of kept) expect(summary).toContain(path.join(backupDir, f))
    // No success: no outputs were set.
    expect(fs.readFileSync(files.GITHUB_OUTPUT, 'utf8')).toBe('')
  }, 60_000)
})
