import { describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeMigration, generatedMigrations, applyLikePrisma, insertRow, checksumOf } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, type Project, type Spec } from '../helpers/suite.js'
import { actionInputs } from '../helpers/inputs.js'
import { checksumMatches, readMigrationsFolder, assertPostgresProvider, sha256Hex, type LocalMigration } from '../../src/prisma/migrations-folder.js'
import { compareMigrations } from '../../src/prisma/compare.js'
import type { MigrationRow } from '../../src/prisma/books.js'
import { migrations as migrationsCheck } from '../../src/checks/migrations.js'
import type { VerifyContext } from '../../src/checks/check.js'
import type { Inputs } from '../../src/inputs.js'
import { parseDatabaseUrl } from '../../src/postgres/target.js'
import { openSession, closeSession } from '../../src/postgres/session.js'
import { ActionError } from '../../src/errors.js'

/** The environment verify needs, stated in full; nothing is taken from the caller's environment. */
const VERIFY_ENV: Record<string, string | undefined> = { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', LC_ALL: undefined }

const pg = useCluster()

/** verify through dist/index.js, the builtin migrator, the project as the workspace. */
function verify(p: Project, db: string, params?: Record<string, string>): Promise<RunResult> {
  return runAction({
    workspace: p.root,
    inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db, params }), migrator: 'builtin' },
    env: VERIFY_ENV
  })
}

function expectPassed(r: RunResult, pending: string[], applied: number): void {
  expect(errorOf(r)).toBe('')
  expect(r.code).toBe(0)
  expect(r.outputs['pending-count']).toBe(String(pending.length))
  expect(JSON.parse(r.outputs['pending-migrations'] ?? 'null')).toEqual(pending)
  expect(r.outputs['applied-count']).toBe(String(applied))
}

function expectFailed(r: RunResult): string {
  expect(r.code).not.toBe(0)
  const message = errorOf(r)
  expect(message).not.toBe('')
  expect(r.outputs['pending-count']).toBeUndefined()
  return message
}

const names = (specs: Spec[]): string[] => specs.map(m => m.name)
const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n')
const sqlFile = (p: Project, name: string): string => path.join(p.migrationsDir, name, 'migration.sql')

/** Each sha256 byte as hex without zero padding, as very old Prisma versions stored checksums. */
function unpaddedChecksum(data: string | Buffer): string {
  return [...createHash('sha256').update(data).digest()].map(b => b.toString(16)).join('')
}

/** A migration whose legacy checksum is really shorter than 64 characters (some byte < 0x10). */
function migrationWithShortLegacyChecksum(name: string): Spec {
  for (let i = 0; ; i++) {
    const sql = `-- variant ${i}\nCREATE TABLE "legacy" ("id" INTEGER PRIMARY KEY);\n`
    if (unpaddedChecksum(sql).length < 64) return { name, sql }
  }
}

// ---------------------------------------------------------------------------------------------
// Pure functions
// ---------------------------------------------------------------------------------------------

function local(name: string, sql: string | Buffer): LocalMigration {
  const bytes = Buffer.isBuffer(sql) ? sql : Buffer.from(sql)
  return { name, sqlPath: path.join('migrations', name, 'migration.sql'), sql: bytes, checksum: sha256Hex(bytes) }
}

let clock = Date.UTC(2024, 0, 1)
function row(name: string, checksum: string, state: 'applied' | 'failed' | 'rolled-back' | 'rolled-back-finished'): MigrationRow {
  clock += 60_000
  const at = new Date(clock)
  return {
    id: `${name}-${clock}`,
    checksum,
    migration_name: name,
    started_at: at,
    finished_at: state === 'applied' || state === 'rolled-back-finished' ? at : null,
    rolled_back_at: state === 'rolled-back' || state === 'rolled-back-finished' ? at : null,
    logs: state === 'failed' ? 'ERROR: boom' : null,
    applied_steps_count: state === 'applied' ? 1 : 0
  }
}

describe('checksumMatches', () => {
  const lf = 'CREATE TABLE "a" ("id" INTEGER);\n\nCREATE INDEX "a_idx" ON "a"("id");\n'

  test('the file as it is matches its own sha256', () => {
    expect(checksumMatches(checksumOf(lf), local('m', lf))).toBe(true)
  })

  test('an edit does not match', () => {
    expect(checksumMatches(checksumOf(lf), local('m', `${lf}-- edited\n`))).toBe(false)
    expect(checksumMatches(checksumOf(lf), local('m', lf.replace('INTEGER', 'BIGINT')))).toBe(false)
  })

  test('CRLF-only and LF-only differences are not edits, in both directions', () => {
    const crlf = toCrlf(lf)
    expect(crlf).not.toBe(lf)
    expect(checksumMatches(checksumOf(lf), local('m', crlf))).toBe(true)
    expect(checksumMatches(checksumOf(crlf), local('m', lf))).toBe(true)
    // mixed endings in the file, LF recorded
    const mixed = lf.replace('\n', '\r\n')
    expect(checksumMatches(checksumOf(lf), local('m', mixed))).toBe(true)
    // an edit hidden behind a line-ending change is still an edit
    expect(checksumMatches(checksumOf(lf), local('m', toCrlf(`${lf}-- edited\n`)))).toBe(false)
  })

  test('a legacy unpadded-hex checksum matches, also across line endings, and still detects edits', () => {
    const m = migrationWithShortLegacyChecksum('m')
    const legacy = unpaddedChecksum(m.sql)
    expect(legacy.length).toBeLessThan(64)
    expect(checksumMatches(legacy, local('m', m.sql))).toBe(true)
    expect(checksumMatches(legacy, local('m', toCrlf(String(m.sql))))).toBe(true)
    expect(checksumMatches(legacy, local('m', `${String(m.sql)}-- edited\n`))).toBe(false)
    // a padded checksum of other bytes is not mistaken for a legacy one
    expect(checksumMatches(checksumOf('other'), local('m', m.sql))).toBe(false)
  })

  test('a byte-order mark is part of the hashed text', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lf)])
    expect(checksumMatches(checksumOf(withBom), local('m', withBom))).toBe(true)
    expect(checksumMatches(checksumOf(lf), local('m', withBom))).toBe(false)
  })
})

describe('compareMigrations', () => {
  const a = local('20240101000000_a', 'CREATE TABLE a ();\n')
  const b = local('20240102000000_b', 'CREATE TABLE b ();\n')
  const c = local('20240103000000_c', 'CREATE TABLE c ();\n')

  test('no rows: everything pending in folder order', () => {
    const r = compareMigrations([a, b, c], [])
    expect(r.pending.map(m => m.name)).toEqual([a.name, b.name, c.name])
    expect(r.applied).toEqual([])
    expect(r.failed).toEqual([])
    expect(r.edited).toEqual([])
    expect(r.missingLocally).toEqual([])
  })

  test('applied, pending, failed, edited and missing locally are told apart', () => {
    const rows = [row(a.name, a.checksum, 'applied'), row(b.name, checksumOf('old text'), 'applied'), row(c.name, c.checksum, 'failed'), row('20231231000000_gone', checksumOf('gone'), 'applied')]
    const r = compareMigrations([a, b, c], rows)
    expect(r.applied.map(m => m.name)).toEqual([a.name, b.name])
    expect(r.pending).toEqual([])
    expect(r.failed.map(x => x.migration_name)).toEqual([c.name])
    expect(r.edited.map(e => e.migration.name)).toEqual([b.name])
    expect(r.missingLocally.map(x => x.migration_name)).toEqual(['20231231000000_gone'])
  })

  test('a rolled-back-only migration is pending; rolled back then applied is applied', () => {
    const rows = [row(a.name, a.checksum, 'rolled-back'), row(b.name, b.checksum, 'rolled-back'), row(b.name, b.checksum, 'applied'), row(c.name, c.checksum, 'rolled-back-finished')]
    const r = compareMigrations([a, b, c], rows)
    expect(r.pending.map(m => m.name)).toEqual([a.name, c.name])
    expect(r.applied.map(m => m.name)).toEqual([b.name])
    expect(r.failed).toEqual([])
    expect(r.edited).toEqual([])
  })

  test('the latest applied row decides whether the file was edited; rolled-back rows are not compared', () => {
    const rows = [row(a.name, checksumOf('first version'), 'applied'), row(a.name, a.checksum, 'applied')]
    expect(compareMigrations([a], rows).edited).toEqual([])
    const reversed = [row(a.name, a.checksum, 'applied'), row(a.name, checksumOf('changed'), 'applied')]
    expect(compareMigrations([a], reversed).edited.map(e => e.migration.name)).toEqual([a.name])
    const rolledBack = [row(a.name, checksumOf('first version'), 'rolled-back-finished'), row(a.name, a.checksum, 'applied')]
    expect(compareMigrations([a], rolledBack).edited).toEqual([])
  })

  test('an applied row without a checksum (NULL) is reported, not compared', () => {
    const nullRow = { ...row(a.name, a.checksum, 'applied'), checksum: null }
    const r = compareMigrations([a, b], [nullRow, row(b.name, b.checksum, 'applied')])
    expect(r.applied.map(m => m.name)).toEqual([a.name, b.name])
    expect(r.edited).toEqual([])
    expect(r.noChecksum.map(x => x.row.migration_name)).toEqual([a.name])
  })

  test('a rolled-back row with no local folder is not "missing locally"', () => {
    const r = compareMigrations([a], [row(a.name, a.checksum, 'applied'), row('20231231000000_tried', checksumOf('x'), 'rolled-back')])
    expect(r.missingLocally).toEqual([])
    expect(r.applied.map(m => m.name)).toEqual([a.name])
  })
})

describe('readMigrationsFolder', () => {
  test('orders by localeCompare and skips files and symbolic links', async () => {
    const specs = generatedMigrations(2)
    const p = tempProject({ migrations: specs })
    writeMigration(p.migrationsDir, { name: '20240102000000_Zeta', sql: 'SELECT 1;\n' })
    writeMigration(p.migrationsDir, { name: '20240102000000_alpha', sql: 'SELECT 1;\n' })
    fs.writeFileSync(path.join(p.migrationsDir, 'README.md'), 'notes\n')
    fs.writeFileSync(path.join(p.migrationsDir, '20240105000000_file'), 'SELECT 1;\n')
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'linked-migration-'))
    fs.writeFileSync(path.join(elsewhere, 'migration.sql'), 'SELECT 1;\n')
    fs.symlinkSync(elsewhere, path.join(p.migrationsDir, '20240106000000_linked'))
    fs.symlinkSync(path.join(p.root, 'nowhere'), path.join(p.migrationsDir, '20240107000000_dangling'))
    try {
      const folder = await readMigrationsFolder(p.migrationsDir, p.root)
      expect(folder.migrations.map(m => m.name)).toEqual([specs[0]?.name, specs[1]?.name, '20240102000000_alpha', '20240102000000_Zeta'])
      expect(folder.hasLockFile).toBe(true)
      expect(folder.lockProvider).toBe('provider = "postgresql"')
      const first = folder.migrations[0]
      expect(first?.checksum).toBe(checksumOf(specs[0]?.sql ?? ''))
      expect(() => assertPostgresProvider(folder)).not.toThrow()
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true })
    }
  })

  test('a migration folder without migration.sql is an error naming it', async () => {
    const p = tempProject({ migrations: generatedMigrations(2) })
    fs.mkdirSync(path.join(p.migrationsDir, '20240101000050_no_sql'))
    const err = await readMigrationsFolder(p.migrationsDir, p.root).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ActionError)
    expect((err as Error).message).toContain("'20240101000050_no_sql' has no migration.sql")
  })

  test('migration_lock.toml: another provider fails, none is fine, CRLF is fine, no provider line fails', async () => {
    const folderOf = (lockFile: string | null) => {
      const p = tempProject({ migrations: generatedMigrations(1), lockFile })
      return readMigrationsFolder(p.migrationsDir, p.root)
    }
    const mysql = await folderOf('# Please do not edit this file manually\nprovider = "mysql"\n')
    expect(mysql.lockProvider).toBe('provider = "mysql"')
    expect(() => assertPostgresProvider(mysql)).toThrow(/'provider = "mysql"'.*P3019/)
    const none = await folderOf(null)
    expect(none.hasLockFile).toBe(false)
    expect(() => assertPostgresProvider(none)).not.toThrow()
    const crlf = await folderOf('# comment\r\nprovider = "postgresql"\r\n')
    expect(() => assertPostgresProvider(crlf)).not.toThrow()
    const noLine = await folderOf('# only a comment\n')
    expect(() => assertPostgresProvider(noLine)).toThrow(/no provider line/)
  })
})

// ---------------------------------------------------------------------------------------------
// verify end to end: dist/index.js against a real server
// ---------------------------------------------------------------------------------------------

describe('verify: pending and applied', () => {
  test('empty database: every migration pending, in folder order', async () => {
    const specs = generatedMigrations(4)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster)
    const r = await verify(p, db)
    expectPassed(r, names(specs), 0)
    expect(r.stdout).toContain('(no _prisma_migrations table yet)')
  })

  test('all applied: nothing pending', async () => {
    const specs = generatedMigrations(4)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, specs))
    expectPassed(await verify(p, db), [], 4)
  })

  test('ordering follows localeCompare of the names, not byte order', async () => {
    const specs: Spec[] = ['20240101000000_init', '20240102000000_Zeta', '20240102000000_alpha', '20240102000000_beta', '202401030000_y', '20240103_x'].map((name, i) => ({
      name,
      sql: `CREATE TABLE "o${i}" ("id" INTEGER);\n`
    }))
    const expected = ['20240101000000_init', '20240102000000_alpha', '20240102000000_beta', '20240102000000_Zeta', '20240103_x', '202401030000_y']
    expect([...names(specs)].sort()).not.toEqual(expected)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, c =>
      applyLikePrisma(
        c,
        specs.filter(s => s.name === '20240101000000_init')
      )
    )
    expectPassed(await verify(p, db), expected.slice(1), 1)
  })

  test('a rolled-back-only migration is pending; rolled back then applied again is applied', async () => {
    const specs = generatedMigrations(3)
    const [m0, m1, m2] = specs as [Spec, Spec, Spec]
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, async c => {
      await applyLikePrisma(c, [m0])
      await insertRow(c, { name: m1.name, checksum: checksumOf(m1.sql), finished: false, rolledBack: true, logs: 'ERROR: first try failed' })
      await insertRow(c, { name: m2.name, checksum: checksumOf(m2.sql), finished: false, rolledBack: true, logs: 'ERROR: first try failed' })
      await insertRow(c, { name: m2.name, checksum: checksumOf(m2.sql), finished: true })
    })
    expectPassed(await verify(p, db), [m1.name], 2)
  })

  test('files and symbolic links directly in migrations/ are skipped', async () => {
    const specs = generatedMigrations(2)
    const p = tempProject({ migrations: specs })
    fs.writeFileSync(path.join(p.migrationsDir, 'README.md'), '# notes\n')
    fs.writeFileSync(path.join(p.migrationsDir, '20240101000050_stray.sql'), 'DROP TABLE everything;\n')
    const target = path.join(p.root, 'elsewhere')
    writeMigration(target, { name: 'linked', sql: 'SELECT 1;\n' })
    fs.symlinkSync(path.join(target, 'linked'), path.join(p.migrationsDir, '20240101000060_linked'))
    fs.symlinkSync(path.join(p.root, 'nowhere'), path.join(p.migrationsDir, '20240101000070_dangling'))
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, specs.slice(0, 1)))
    expectPassed(await verify(p, db), names(specs.slice(1)), 1)
  })
})

describe('verify: refusals', () => {
  test('a failed row fails, naming the migration and the exact resolve commands', async () => {
    const specs = generatedMigrations(2)
    const broken: Spec = { name: '20240201000000_broken', sql: 'CREATE TABLE "ok_part" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n' }
    const p = tempProject({ migrations: [...specs, broken, ...generatedMigrations(1, 10)] })
    const db = await freshDatabase(pg.cluster, async c => {
      await applyLikePrisma(c, specs)
      await expect(applyLikePrisma(c, [broken])).rejects.toThrow(/no_such_table/)
    })
    const state = await pg.cluster.query('SELECT finished_at, rolled_back_at, logs FROM _prisma_migrations WHERE migration_name = $1', [broken.name], db)
    expect(state).toEqual([{ finished_at: null, rolled_back_at: null, logs: expect.stringContaining('no_such_table') }])

    const message = expectFailed(await verify(p, db))
    expect(message).toContain(`Migration '${broken.name}' failed`)
    expect(message).toContain(`\`npx prisma migrate resolve --rolled-back ${broken.name}\``)
    expect(message).toContain(`\`npx prisma migrate resolve --applied ${broken.name}\``)
    expect(message).toContain('no_such_table')
    expect(message).toContain('(1 problem)')
  })

  test('a failed row inserted directly (finished_at and rolled_back_at NULL, logs set) fails too', async () => {
    const specs = generatedMigrations(2)
    const [m0, m1] = specs as [Spec, Spec]
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, async c => {
      await applyLikePrisma(c, [m0])
      await insertRow(c, { name: m1.name, checksum: checksumOf(m1.sql), finished: false, logs: 'ERROR: deadlock detected\nDETAIL: more' })
    })
    const message = expectFailed(await verify(p, db))
    expect(message).toContain(`npx prisma migrate resolve --rolled-back ${m1.name}`)
    expect(message).toContain(`npx prisma migrate resolve --applied ${m1.name}`)
    expect(message).toContain('ERROR: deadlock detected')
    expect(message).not.toContain('DETAIL: more')
  })

  test('an applied row with a NULL checksum fails with a message naming it, not a TypeError', async () => {
    const specs = generatedMigrations(2)
    const [m0, m1] = specs as [Spec, Spec]
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, async c => {
      // A table made by hand (or an old tool) without Prisma's NOT NULL on checksum.
      await c.query(`CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64), finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL,
        logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`)
      await applyLikePrisma(c, [m0])
      await c.query(`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x-1', NULL, now(), $1, 1)`, [m1.name])
      await c.query(`CREATE TABLE "t0001" ("id" int)`)
    })
    const message = expectFailed(await verify(p, db))
    expect(message).not.toMatch(/TypeError|Cannot read/)
    expect(message).toContain(`Migration '${m1.name}'`)
    expect(message).toMatch(/no checksum/)
    expect(message).toContain(checksumOf(m1.sql))
  })

  test.each([
    {
      who: 'the builtin migrator',
      logs: 'Migration name: 20240101000100_m0001\n\nDatabase error code: 42P01\n\nDatabase error:\nERROR: relation "no_such_table" does not exist\nPOSITION: 15'
    },
    {
      who: 'Prisma',
      logs: 'Database error code: 42P01\n\nDatabase error:\nERROR: relation "no_such_table" does not exist\n\nDbError { severity: "ERROR", parsed_severity: Some(Error), code: SqlState(E42P01), message: "relation \\"no_such_table\\" does not exist" }\n\n   0: sql_schema_connector::apply_migration::apply_script'
    },
    {
      who: 'Prisma (P3018 text)',
      logs: 'A migration failed to apply. New migrations cannot be applied before the error is recovered from.\n\nMigration name: 20240101000100_m0001\n\nDatabase error code: 42P01\n\nDatabase error:\nERROR: relation "no_such_table" does not exist\n'
    }
  ])('a failed row written by $who is quoted by its database error, not its first line', async ({ logs }) => {
    const specs = generatedMigrations(2)
    const [m0, m1] = specs as [Spec, Spec]
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, async c => {
      await applyLikePrisma(c, [m0])
      await insertRow(c, { name: m1.name, checksum: checksumOf(m1.sql), finished: false, logs })
    })
    const message = expectFailed(await verify(p, db))
    expect(message).toContain(`Migration '${m1.name}' failed`)
    expect(message).toContain('ERROR: relation "no_such_table" does not exist')
    expect(message).toContain('42P01')
    expect(message).not.toContain('failed: Migration name:')
    expect(message).not.toContain('A migration failed to apply')
  })

  test('an applied migration edited since fails, naming it', async () => {
    const specs = generatedMigrations(3)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, specs))
    const edited = specs[1]
    fs.appendFileSync(sqlFile(p, edited.name), 'ALTER TABLE "t0001" ADD COLUMN "extra" TEXT;\n')
    const message = expectFailed(await verify(p, db))
    expect(message).toContain(`Migration '${edited.name}' was edited after it was applied`)
    expect(message).toContain(path.join('prisma', 'migrations', edited.name, 'migration.sql'))
    expect(message).not.toContain(`'${specs[0]?.name}'`)
    expect(message).not.toContain(`'${specs[2]?.name}'`)
  })

  test('a file rewritten with CRLF after being applied with LF is not an edit', async () => {
    const specs = generatedMigrations(2)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, specs))
    for (const m of specs) fs.writeFileSync(sqlFile(p, m.name), toCrlf(String(m.sql)))
    expect(fs.readFileSync(sqlFile(p, specs[0]?.name ?? '')).includes('\r\n')).toBe(true)
    expectPassed(await verify(p, db), [], 2)
  })

  test('a file rewritten with LF after being applied with CRLF is not an edit', async () => {
    const lfSpecs = generatedMigrations(2)
    const crlfSpecs = lfSpecs.map(m => ({ name: m.name, sql: toCrlf(String(m.sql)) }))
    const p = tempProject({ migrations: lfSpecs })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, crlfSpecs))
    const stored = await pg.cluster.query('SELECT checksum FROM _prisma_migrations ORDER BY started_at', [], db)
    expect(stored.map(r => r.checksum)).toEqual(crlfSpecs.map(m => checksumOf(m.sql)))
    expectPassed(await verify(p, db), [], 2)
  })

  test('a legacy unpadded-hex checksum matches; a legacy checksum of other text is an edit', async () => {
    const legacy = migrationWithShortLegacyChecksum('20240101000000_legacy')
    const later = generatedMigrations(1, 5)
    const p = tempProject({ migrations: [legacy, ...later] })
    const db = await freshDatabase(pg.cluster, c => insertRow(c, { name: legacy.name, checksum: unpaddedChecksum(legacy.sql) }))
    const [{ checksum }] = (await pg.cluster.query('SELECT checksum FROM _prisma_migrations', [], db)) as [{ checksum: string }]
    expect(checksum.length).toBeLessThan(64)
    expectPassed(await verify(p, db), names(later), 1)

    fs.appendFileSync(sqlFile(p, legacy.name), '-- edited\n')
    expect(expectFailed(await verify(p, db))).toContain(`Migration '${legacy.name}' was edited after it was applied`)
  })

  test('an applied migration missing locally fails, naming it', async () => {
    const specs = generatedMigrations(3)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, specs))
    const gone = specs[1]
    fs.rmSync(path.join(p.migrationsDir, gone.name), { recursive: true })
    const message = expectFailed(await verify(p, db))
    expect(message).toContain(`Migration '${gone.name}' is applied in the database but has no folder in ${path.join('prisma', 'migrations')}`)
  })

  test('provider mismatch in migration_lock.toml fails; no lock file is fine', async () => {
    const specs = generatedMigrations(2)
    const mysql = tempProject({ migrations: specs, lockFile: '# Please do not edit this file manually\nprovider = "mysql"\n' })
    const db = await freshDatabase(pg.cluster)
    const message = expectFailed(await verify(mysql, db))
    expect(message).toContain('migration_lock.toml')
    expect(message).toContain(`'provider = "mysql"'`)
    expect(message).toContain('P3019')

    const none = tempProject({ migrations: specs, lockFile: null })
    expect(fs.existsSync(path.join(none.migrationsDir, 'migration_lock.toml'))).toBe(false)
    expectPassed(await verify(none, db), names(specs), 0)
  })

  test('a migration folder without migration.sql fails, naming the folder', async () => {
    const specs = generatedMigrations(3)
    const p = tempProject({ migrations: specs })
    fs.rmSync(sqlFile(p, specs[2]?.name ?? ''))
    fs.writeFileSync(path.join(p.migrationsDir, specs[2]?.name ?? '', 'README.md'), 'not a migration\n')
    const db = await freshDatabase(pg.cluster)
    const message = expectFailed(await verify(p, db))
    expect(message).toContain(`The migration folder '${specs[2]?.name}' has no migration.sql (Prisma: P3015)`)
  })

  test('a non-empty schema without _prisma_migrations fails with the baseline advice', async () => {
    const specs = generatedMigrations(2)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, c => c.query('CREATE TABLE "User" ("id" INTEGER PRIMARY KEY)').then(() => undefined))
    const message = expectFailed(await verify(p, db))
    expect(message).toContain("Schema 'public' already has tables (User)")
    expect(message).toContain('P3005')
    expect(message).toContain(`npx prisma migrate resolve --applied ${specs[0]?.name}`)
  })

  test('PostGIS-named tables alone do not make the schema non-empty', async () => {
    const specs = generatedMigrations(2)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, async c => {
      for (const t of ['spatial_ref_sys', 'geometry_columns', 'geography_columns', 'raster_columns', 'raster_overviews']) {
        await c.query(`CREATE TABLE "${t}" ("id" INTEGER)`)
      }
      // objects that are not ordinary tables do not count either
      await c.query('CREATE VIEW "a_view" AS SELECT 1 AS one')
      await c.query('CREATE SEQUENCE "a_seq"')
    })
    expectPassed(await verify(p, db), names(specs), 0)
  })

  test('multiple problems are all listed in one message', async () => {
    const specs = generatedMigrations(4)
    const [m0, m1, m2, m3] = specs as [Spec, Spec, Spec, Spec]
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, async c => {
      await applyLikePrisma(c, [m0, m1, m2])
      await insertRow(c, { name: m3.name, checksum: checksumOf(m3.sql), finished: false, logs: 'ERROR: boom' })
    })
    fs.appendFileSync(sqlFile(p, m0.name), '-- changed\n')
    fs.rmSync(path.join(p.migrationsDir, m1.name), { recursive: true })
    const message = expectFailed(await verify(p, db))
    expect(message).toContain('(3 problems)')
    expect(message).toContain(`Migration '${m3.name}' failed`)
    expect(message).toContain(`Migration '${m0.name}' was edited after it was applied`)
    expect(message).toContain(`Migration '${m1.name}' is applied in the database but has no folder`)
    expect(message).not.toContain(`'${m2.name}'`)
  })
})

describe('verify: custom ?schema=', () => {
  test('the books are read from that schema; the public schema and its books are ignored', async () => {
    const specs = generatedMigrations(3)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, async c => {
      // public: everything applied, one of them since edited locally, plus a failed row and a stray table
      await applyLikePrisma(c, specs)
      await insertRow(c, { name: '20200101000000_public_only', checksum: checksumOf('x'), finished: false, logs: 'ERROR: public' })
      await c.query('CREATE TABLE public."Legacy" ("id" INTEGER)')
      // tenant_a: the first migration applied
      await applyLikePrisma(c, specs.slice(0, 1), { schema: 'tenant_a' })
    })
    expectPassed(await verify(p, db, { schema: 'tenant_a' }), names(specs.slice(1)), 1)
    // public as the target sees its own failed row
    expect(expectFailed(await verify(p, db))).toContain("Migration '20200101000000_public_only' failed")
  })

  test('a schema that does not exist yet has no books: everything pending, public ignored', async () => {
    const specs = generatedMigrations(2)
    const p = tempProject({ migrations: specs })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, specs))
    expectPassed(await verify(p, db, { schema: 'tenant_b' }), names(specs), 0)
  })

  test('the check run directly: a failed row in tenant_a is found, the command names a non-default schema path', async () => {
    const specs = generatedMigrations(2)
    const [m0, m1] = specs as [Spec, Spec]
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-project-'))
    const p = tempProject({ migrations: specs, root: path.join(root, 'app') })
    const schemaPath = path.join(p.root, 'db', 'schema.prisma')
    fs.mkdirSync(path.dirname(schemaPath), { recursive: true })
    fs.renameSync(p.schemaPath, schemaPath)
    const db = await freshDatabase(pg.cluster, async c => {
      await applyLikePrisma(c, specs)
      await applyLikePrisma(c, [m0], { schema: 'tenant_a' })
      await insertRow(c, { name: m1.name, checksum: checksumOf(m1.sql), finished: false, logs: 'ERROR: tenant', schema: 'tenant_a' })
    })

    const run = async (schema: string) => {
      const target = parseDatabaseUrl({ raw: pg.cluster.url({ database: db, params: { schema } }), source: "input 'database-url'" })
      const inputs: Inputs = await actionInputs(root, {
        'working-directory': path.relative(root, p.root) || '.',
        schema: path.relative(p.root, schemaPath),
        'migrations-dir': path.relative(p.root, p.migrationsDir),
        'backup-dir': path.join(root, 'backup'),
        'backup-jobs': '1',
        'generate-client': 'false'
      })
      const session = await openSession(target, { readOnly: true, connectTimeoutMs: 10_000, statementTimeoutMs: 30_000, applicationName: 'migrations test' })
      const ctx: VerifyContext = { inputs, env: { ...GUARDED_ENV }, target, session, pgToolsSearch: Promise.resolve([]) }
      try {
        const detail = await migrationsCheck.run(ctx)
        return { detail, ctx }
      } finally {
        await closeSession(session)
      }
    }

    try {
      const ok = await run('public')
      expect(ok.detail).toContain('2 local, 2 applied, 0 pending')
      expect(ok.ctx.migrations?.pending).toEqual([])

      const err = await run('tenant_a').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ActionError)
      const message = (err as Error).message
      expect(message).toContain(`Migration '${m1.name}' failed`)
      expect(message).toContain(`\`npx prisma migrate resolve --rolled-back ${m1.name} --schema ${path.join('db', 'schema.prisma')}\``)
      expect(message).toContain(`\`npx prisma migrate resolve --applied ${m1.name} --schema ${path.join('db', 'schema.prisma')}\``)
      expect(message).toContain('ERROR: tenant')
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })
})
