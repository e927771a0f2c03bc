import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { plaintextFolderProblem } from '../../src/paths.js'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { tempProject, afterFile } from '../helpers/suite.js'

/**
 * A plaintext copy of the database is never written inside the workspace, where a later step that
 * uploads or caches the workspace would carry it off the runner: `backup-dir` (backup, and restore's
 * backup of the current state) and RUNNER_TEMP (the password file, the restore's decrypted archive,
 * the rehearsal server's data) are refused inside GITHUB_WORKSPACE, directly or through symbolic
 * links, before any connection and before any file is written. Run through dist/index.js; the
 * database URL points at a listener that counts connections (the control shows the same run does
 * reach it with the folder outside).
 */

let listener: net.Server
let port: number
let connections = 0

beforeAll(async () => {
  listener = net.createServer(socket => {
    connections++
    socket.destroy()
  })
  await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve))
  port = (listener.address() as net.AddressInfo).port
})

afterAll(async () => {
  await new Promise<void>(resolve => listener.close(() => resolve()))
})

function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
  afterFile(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Every path below `root` (links not followed), sorted: what a run may not have added to. */
function listing(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).map(String).sort()
}

interface Run {
  r: RunResult
  error: string
  connections: number
}

async function run(o: { phase: string; workspace: string; inputs?: Record<string, string>; env?: Record<string, string | undefined> }): Promise<Run> {
  const before = connections
  const r = await runAction({
    workspace: o.workspace,
    eventName: o.phase === 'restore' ? 'workflow_dispatch' : 'push',
    inputs: {
      phase: o.phase,
      'database-url': `postgresql://deployer:secret@127.0.0.1:${port}/app`,
      'connect-timeout': '2',
      migrator: 'builtin',
      ...(o.phase === 'restore' ? { 'confirm-restore': 'app', 'backup-path': path.join(tempDir('restore-in-'), 'app.dump') } : {}),
      ...(o.phase === 'rehearse' ? { 'backup-path': path.join(tempDir('rehearse-in-'), 'app.dump') } : {}),
      ...(o.inputs ?? {})
    },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined, ...(o.env ?? {}) }
  })
  await new Promise(resolve => setTimeout(resolve, 50))
  return { r, error: errorOf(r), connections: connections - before }
}

const RUNNER_TEMP_HINT = '${{ runner.temp }}/db-backup'

describe('backup-dir inside the workspace is refused before any dump, naming the input', () => {
  test('control: backup-dir outside the workspace goes on to the database', async () => {
    const ws = tempProject().root
    const out = tempDir('backups-')
    const { r, error, connections: made } = await run({ phase: 'backup', workspace: ws, inputs: { 'backup-dir': path.join(out, 'b') } })
    expect(r.code).not.toBe(0)
    expect(error).toContain('Could not connect to 127.0.0.1')
    expect(made).toBeGreaterThan(0)
  })

  test.each([
    ['a relative path (resolved in the workspace)', () => 'backups'],
    ['an absolute path inside it', (ws: string) => path.join(ws, 'build', 'db')],
    ['the workspace itself', (ws: string) => ws]
  ])('%s', async (_what, dirOf) => {
    const ws = tempProject().root
    const before = listing(ws)
    const given = dirOf(ws)
    const { r, error, connections: made } = await run({ phase: 'backup', workspace: ws, inputs: { 'backup-dir': given } })
    expect(r.code).not.toBe(0)
    expect(error).toContain(`Input 'backup-dir' ('${given}') is inside the workspace (${ws})`)
    expect(error).toContain('Nothing was dumped and no file was written.')
    expect(error).toContain(RUNNER_TEMP_HINT)
    expect(made).toBe(0)
    expect(listing(ws)).toEqual(before)
    expect(r.outputs).toEqual({})
  })

  test('a symbolic link outside the workspace that leads into it', async () => {
    const ws = tempProject().root
    fs.mkdirSync(path.join(ws, 'dumps'))
    const link = path.join(tempDir('link-'), 'backups')
    fs.symlinkSync(path.join(ws, 'dumps'), link)
    const before = listing(ws)
    const { r, error, connections: made } = await run({ phase: 'backup', workspace: ws, inputs: { 'backup-dir': link } })
    expect(r.code).not.toBe(0)
    expect(error).toContain(`Input 'backup-dir' ('${link}') leads through a symbolic link into the workspace (${link} is ${path.join(ws, 'dumps')}, inside ${ws})`)
    expect(error).toContain(RUNNER_TEMP_HINT)
    expect(made).toBe(0)
    expect(listing(ws)).toEqual(before)
  })

  test('a folder not yet created, below a linked parent that leads into the workspace', async () => {
    const ws = tempProject().root
    const linkParent = path.join(tempDir('link-'), 'out')
    fs.symlinkSync(ws, linkParent)
    const before = listing(ws)
    const given = path.join(linkParent, 'new', 'backups')
    const { r, error, connections: made } = await run({ phase: 'backup', workspace: ws, inputs: { 'backup-dir': given } })
    expect(r.code).not.toBe(0)
    expect(error).toContain(`leads through a symbolic link into the workspace (${given} is ${path.join(ws, 'new', 'backups')}`)
    expect(made).toBe(0)
    expect(listing(ws)).toEqual(before)
  })

  test('a workspace reached through a symbolic link, and backup-dir given by its real path', async () => {
    const real = tempProject().root
    const ws = path.join(tempDir('ws-link-'), 'checkout')
    fs.symlinkSync(real, ws)
    const before = listing(real)
    const given = path.join(real, 'tmp')
    const { r, error, connections: made } = await run({ phase: 'backup', workspace: ws, inputs: { 'backup-dir': given } })
    expect(r.code).not.toBe(0)
    expect(error).toContain(`Input 'backup-dir' ('${given}') leads through a symbolic link into the workspace`)
    expect(made).toBe(0)
    expect(listing(real)).toEqual(before)
  })

  test('restore: the backup of the current state would be written there; refused before anything', async () => {
    const ws = tempProject().root
    const before = listing(ws)
    const { r, error, connections: made } = await run({ phase: 'restore', workspace: ws, inputs: { 'backup-dir': 'pre-restore' } })
    expect(r.code).not.toBe(0)
    expect(error).toContain("Input 'backup-dir' ('pre-restore') is inside the workspace")
    expect(error).toContain('the backup the restore takes of the current state first')
    expect(made).toBe(0)
    expect(listing(ws)).toEqual(before)
  })

  test('verify writes no plaintext copy: a backup-dir it does not use is not judged', async () => {
    const ws = tempProject().root
    const { error, connections: made } = await run({ phase: 'verify', workspace: ws, inputs: { 'backup-dir': 'backups' } })
    expect(error).toContain('Could not connect to 127.0.0.1')
    expect(made).toBeGreaterThan(0)
  })
})

describe('RUNNER_TEMP inside the workspace (a runner configured so) is refused for every phase that writes there', () => {
  test.each(['backup', 'rehearse', 'restore'])('%s: refused before any connection or file, naming RUNNER_TEMP', async phase => {
    const ws = tempProject().root
    const runnerTemp = path.join(ws, '.runner-temp')
    fs.mkdirSync(runnerTemp)
    const before = listing(ws)
    // backup-dir outside: RUNNER_TEMP alone is what is refused.
    const { r, error, connections: made } = await run({ phase, workspace: ws, inputs: { 'backup-dir': path.join(tempDir('out-'), 'b') }, env: { RUNNER_TEMP: runnerTemp } })
    expect(r.code).not.toBe(0)
    expect(error).toContain(`RUNNER_TEMP (${runnerTemp}) is inside the workspace (${ws})`)
    expect(error).toContain('Nothing was written.')
    expect(made).toBe(0)
    expect(listing(ws)).toEqual(before)
  })

  test('through a symbolic link too', async () => {
    const ws = tempProject().root
    fs.mkdirSync(path.join(ws, 'tmp'))
    const runnerTemp = path.join(tempDir('temp-link-'), '_temp')
    fs.symlinkSync(path.join(ws, 'tmp'), runnerTemp)
    const { r, error, connections: made } = await run({ phase: 'backup', workspace: ws, env: { RUNNER_TEMP: runnerTemp } })
    expect(r.code).not.toBe(0)
    expect(error).toContain(`RUNNER_TEMP (${runnerTemp}) leads through a symbolic link into the workspace`)
    expect(made).toBe(0)
    expect(fs.readdirSync(path.join(ws, 'tmp'))).toEqual([])
  })

  test('verify does not write there and runs as before', async () => {
    const ws = tempProject().root
    const runnerTemp = path.join(ws, '.runner-temp')
    fs.mkdirSync(runnerTemp)
    const { error, connections: made } = await run({ phase: 'verify', workspace: ws, env: { RUNNER_TEMP: runnerTemp } })
    expect(error).toContain('Could not connect to 127.0.0.1')
    expect(made).toBeGreaterThan(0)
  })
})

describe('plaintextFolderProblem', () => {
  test('inside, through links either way, and beside', () => {
    const root = tempDir('pfp-')
    const ws = path.join(root, 'work', 'repo')
    fs.mkdirSync(path.join(ws, 'sub'), { recursive: true })
    fs.mkdirSync(path.join(root, 'work', '_temp'))
    fs.symlinkSync(path.join(ws, 'sub'), path.join(root, 'into'))
    fs.symlinkSync(path.join(root, 'work', '_temp'), path.join(ws, 'out'))
    expect(plaintextFolderProblem(ws, path.join(root, 'work', '_temp', 'db-backup'))).toBeUndefined()
    expect(plaintextFolderProblem(ws, path.join(root, 'work'))).toBeUndefined()
    expect(plaintextFolderProblem(ws, `${ws}2`)).toBeUndefined()
    expect(plaintextFolderProblem(ws, path.join(ws, 'sub'))).toMatch(/^is inside the workspace/)
    expect(plaintextFolderProblem(ws, path.join(root, 'into', 'x'))).toMatch(/^leads through a symbolic link into the workspace/)
    // Inside as written: a link inside the workspace is part of it, whatever a step that uploads or
    // caches the workspace does with links.
    expect(plaintextFolderProblem(ws, path.join(ws, 'out'))).toMatch(/^is inside the workspace/)
  })
})
