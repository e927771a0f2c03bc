import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { neutralize } from '../../src/log.js'
import { readMigrationsFolder } from '../../src/prisma/migrations-folder.js'
import { isWithin } from '../../src/paths.js'
import { ActionError } from '../../src/errors.js'
import { writeMigration, generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, afterFile } from '../helpers/suite.js'

/**
 * SPEC 10: text from files and from the database is printed so that it cannot start a workflow
 * command, and every path the action reads from the repository stays inside the workspace, also
 * once symbolic links are followed, also at the time the file is read.
 */

/**
 * The lines of `stdout` as the runner reads them (a line ends at `\n`, `\r\n` or `\r`) that it would
 * take as a workflow command: `::` after leading white space, or the legacy `##[` anywhere.
 */
function runnerCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter(line => /^[\s\u0085\u200b\ufeff]*::/u.test(line) || line.includes('##['))
}

/** The commands the action itself issues, at the start of a line. */
const OWN_COMMAND = /^::(group|endgroup|error|warning|add-mask|debug)::/

/** Every command line is one of the action's own, and none was forged from `pwned` text. */
function expectNoForgedCommand(r: RunResult): void {
  const commands = runnerCommands(r.stdout)
  expect(commands.filter(line => !OWN_COMMAND.test(line))).toEqual([])
  expect(commands.filter(line => /^\s*::[a-z-]+::pwned/.test(line))).toEqual([])
}

const HOSTILE = [
  '::error::pwned',
  '  ::error::pwned',
  '\t::warning file=x::pwned',
  '\u00a0::error::pwned',
  '\u2003::error::pwned',
  '\u0085::error::pwned',
  '\ufeff::error::pwned',
  '\u200b::error::pwned',
  'before\n::error::pwned',
  'before\r::error::pwned',
  'before\r\n::add-mask::pwned',
  'text ##[error]pwned',
  '##[set-output name=x;]pwned',
  '::stop-commands::token',
  '\u001b[2K::error::pwned',
  '\u2028::error::pwned'
]

describe('neutralize', () => {
  test.each(HOSTILE.map(text => [JSON.stringify(text), text]))('%s prints as lines the runner takes as no command', (_shown, text) => {
    const out = neutralize(text)
    expect(runnerCommands(out)).toEqual([])
    if (text.includes('pwned')) expect(out).toContain('pwned')
  })

  test('ordinary text is printed as it is', () => {
    for (const text of ['✓ migrations: 3 local, 1 applied', 'PostgreSQL 16.4 at ::1:5432', 'a::b', 'tab\there', 'two\nlines', '# heading [x]']) {
      expect(neutralize(text)).toBe(text)
    }
  })
})

describe('isWithin', () => {
  test('a name that starts with two dots is inside; the parent is not', () => {
    const root = path.join(os.tmpdir(), 'ws')
    expect(isWithin(root, path.join(root, '..prisma'))).toBe(true)
    expect(isWithin(root, path.join(root, '..', 'x'))).toBe(false)
    expect(isWithin(root, path.dirname(root))).toBe(false)
    expect(isWithin(root, root)).toBe(true)
    expect(isWithin(root, `${root}2`)).toBe(false)
  })
})

describe('readMigrationsFolder checks every file when it reads it', () => {
  function outsideDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-ws-'))
    afterFile(() => fs.rmSync(dir, { recursive: true, force: true }))
    return dir
  }

  test('a migration.sql that is a symbolic link out of the workspace is refused, naming it', async () => {
    const p = tempProject({ migrations: generatedMigrations(2) })
    const elsewhere = outsideDir()
    fs.writeFileSync(path.join(elsewhere, 'evil.sql'), 'DROP TABLE users;\n')
    const name = '20240201000000_linked_file'
    fs.mkdirSync(path.join(p.migrationsDir, name))
    fs.symlinkSync(path.join(elsewhere, 'evil.sql'), path.join(p.migrationsDir, name, 'migration.sql'))
    const err = await readMigrationsFolder(p.migrationsDir, p.root).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ActionError)
    expect((err as Error).message).toContain(`The migration file "prisma/migrations/${name}/migration.sql" resolves through a symbolic link`)
    expect((err as Error).message).toContain('outside the workspace')
  })

  test('a migration.sql linked to a file inside the workspace is read', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    fs.writeFileSync(path.join(p.root, 'shared.sql'), 'SELECT 1;\n')
    const name = '20240201000000_linked_inside'
    fs.mkdirSync(path.join(p.migrationsDir, name))
    fs.symlinkSync(path.join(p.root, 'shared.sql'), path.join(p.migrationsDir, name, 'migration.sql'))
    const folder = await readMigrationsFolder(p.migrationsDir, p.root)
    expect(folder.migrations.map(m => m.sql.toString())).toContain('SELECT 1;\n')
  })

  test('a migrations folder or lock file linked out of the workspace is refused', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    const elsewhere = outsideDir()
    fs.writeFileSync(path.join(elsewhere, 'migration_lock.toml'), 'provider = "postgresql"\n')
    fs.rmSync(path.join(p.migrationsDir, 'migration_lock.toml'))
    fs.symlinkSync(path.join(elsewhere, 'migration_lock.toml'), path.join(p.migrationsDir, 'migration_lock.toml'))
    const lock = await readMigrationsFolder(p.migrationsDir, p.root).catch((e: unknown) => e)
    expect((lock as Error).message).toContain('The lock file "prisma/migrations/migration_lock.toml" resolves through a symbolic link')

    const linkedDir = path.join(p.root, 'linked-migrations')
    fs.symlinkSync(elsewhere, linkedDir)
    const dir = await readMigrationsFolder(linkedDir, p.root).catch((e: unknown) => e)
    expect((dir as Error).message).toContain('The migrations folder "linked-migrations" resolves through a symbolic link')
  })

  test.each(['20240201000000_x\n::error::pwned', '20240201000000_cr\rx', '20240201000000_esc\u001b[31m', '20240201000000_nel\u0085', '20240201000000_tab\tx'].map(n => [JSON.stringify(n), n]))(
    'a migration folder named %s (a control character) is refused, shown escaped',
    async (_shown, name) => {
      const p = tempProject({ migrations: generatedMigrations(1) })
      writeMigration(p.migrationsDir, { name, sql: 'SELECT 1;\n' })
      const err = await readMigrationsFolder(p.migrationsDir, p.root).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ActionError)
      expect((err as Error).message).toContain(`a migration folder whose name contains a control character (shown escaped): ${JSON.stringify(name)}`)
      expect((err as ActionError).message.split('\n')).toHaveLength(2)
    }
  )
})

describe('through dist/index.js', () => {
  const pg = useCluster()
  const ENV = { ...GUARDED_ENV, DATABASE_URL: undefined }

  function run(phase: string, root: string, db: string, inputs: Record<string, string> = {}): Promise<RunResult> {
    return runAction({
      workspace: root,
      inputs: { phase, 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin', ...inputs },
      env: ENV,
      timeoutMs: 120_000
    })
  }

  test('a migration folder named "x\\n::error::pwned" forges no command, and verify refuses the name', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    writeMigration(p.migrationsDir, { name: '20240201000000_x\n::error::pwned', sql: 'SELECT 1;\n' })
    const db = await freshDatabase(pg.cluster)
    const r = await run('verify', p.root, db)
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('a migration folder whose name contains a control character (shown escaped): "20240201000000_x\\n::error::pwned"')
    expectNoForgedCommand(r)
    for (const phase of ['deploy']) {
      const d = await run(phase, p.root, db)
      expect(d.code).not.toBe(0)
      expect(errorOf(d)).toContain('control character')
      expectNoForgedCommand(d)
    }
  })

  test('a migration folder named "##[error]pwned" is printed as no legacy command', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    writeMigration(p.migrationsDir, { name: '20240201000000_##[error]pwned', sql: 'SELECT 1;\n' })
    const db = await freshDatabase(pg.cluster)
    const r = await run('verify', p.root, db)
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('20240201000000_## [error]pwned')
    expectNoForgedCommand(r)
    const d = await run('deploy', p.root, db)
    expect(errorOf(d)).toBe('')
    expect(d.code).toBe(0)
    expectNoForgedCommand(d)
  })

  test("a server's error text with a carriage return and a legacy command forges none in deploy's runbook", async () => {
    const p = tempProject({
      migrations: [...generatedMigrations(1), { name: '20240201000000_boom', sql: "DO $$ BEGIN RAISE EXCEPTION E'boom\\r::error::pwned ##[warning]pwned'; END $$;\n" }]
    })
    const db = await freshDatabase(pg.cluster)
    const r = await run('deploy', p.root, db)
    expect(r.code).not.toBe(0)
    expect(r.stdout).toContain('boom')
    expectNoForgedCommand(r)
  })

  test('a migration name read from the database forges no command', async () => {
    const migrations = generatedMigrations(1)
    const p = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, [...migrations, { name: '20200101000000_gone\r::error::pwned', sql: 'SELECT 1;' }]))
    const r = await run('verify', p.root, db)
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('20200101000000_gone')
    expectNoForgedCommand(r)
  })

  test('verify refuses a default migrations folder that is a symbolic link out of the workspace', async () => {
    const p = tempProject({ migrations: [] })
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-ws-'))
    afterFile(() => fs.rmSync(elsewhere, { recursive: true, force: true }))
    for (const m of generatedMigrations(1)) writeMigration(elsewhere, m)
    fs.rmSync(p.migrationsDir, { recursive: true })
    fs.symlinkSync(elsewhere, p.migrationsDir)
    const db = await freshDatabase(pg.cluster)
    const r = await run('verify', p.root, db)
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("Input 'migrations-dir' resolves through a symbolic link to a place outside the workspace: 'prisma/migrations'")
  })

  test('verify refuses a migration.sql that is a symbolic link out of the workspace', async () => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-ws-'))
    afterFile(() => fs.rmSync(elsewhere, { recursive: true, force: true }))
    fs.writeFileSync(path.join(elsewhere, 'evil.sql'), 'SELECT 1;\n')
    fs.mkdirSync(path.join(p.migrationsDir, '20240201000000_linked'))
    fs.symlinkSync(path.join(elsewhere, 'evil.sql'), path.join(p.migrationsDir, '20240201000000_linked', 'migration.sql'))
    const db = await freshDatabase(pg.cluster)
    const r = await run('verify', p.root, db)
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('The migration file "prisma/migrations/20240201000000_linked/migration.sql" resolves through a symbolic link')
  })

  test.each([
    ['a migration.sql linked out of the workspace', 'linked'],
    ['a migration folder name with a newline', 'newline']
  ])('deploy with the prisma migrator refuses %s before Prisma runs', async (_label, kind) => {
    const p = tempProject({ migrations: generatedMigrations(1) })
    // A stand-in Prisma CLI that only records that it was called.
    const marker = path.join(p.root, 'prisma-was-called')
    fs.mkdirSync(path.join(p.root, 'node_modules', '.bin'), { recursive: true })
    fs.writeFileSync(path.join(p.root, 'node_modules', '.bin', 'prisma'), `#!/bin/sh\necho "$@" >> '${marker}'\n`, { mode: 0o755 })
    if (kind === 'linked') {
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-ws-'))
      afterFile(() => fs.rmSync(elsewhere, { recursive: true, force: true }))
      fs.writeFileSync(path.join(elsewhere, 'evil.sql'), 'SELECT 1;\n')
      fs.mkdirSync(path.join(p.migrationsDir, '20240201000000_linked'))
      fs.symlinkSync(path.join(elsewhere, 'evil.sql'), path.join(p.migrationsDir, '20240201000000_linked', 'migration.sql'))
    } else {
      writeMigration(p.migrationsDir, { name: '20240201000000_x\n::error::pwned', sql: 'SELECT 1;\n' })
    }
    const db = await freshDatabase(pg.cluster)
    const r = await run('deploy', p.root, db, { migrator: 'prisma', 'generate-client': 'false' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(kind === 'linked' ? 'resolves through a symbolic link' : 'control character')
    expect(fs.existsSync(marker)).toBe(false)
    expectNoForgedCommand(r)
  })

  test('a project in a folder named "..prisma" inside the workspace is verified', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-dots-'))
    afterFile(() => fs.rmSync(root, { recursive: true, force: true }))
    tempProject({ migrations: generatedMigrations(1), root: path.join(root, '..prisma') })
    const db = await freshDatabase(pg.cluster)
    const r = await run('verify', root, db, { 'working-directory': '..prisma' })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
  })
})
