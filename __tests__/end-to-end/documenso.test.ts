import { beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase, migrationFolderNames, ifDocumenso, copyDocumenso } from '../helpers/suite.js'

// A real project's migration history (documenso/documenso, 163 migrations), where it is present
// beside the project checkout (see helpers/suite.ts); otherwise these tests are skipped.

const APPLIED = 100
const TOTAL = 163

/** The environment verify needs, stated in full; nothing is taken from the caller's environment. */
const VERIFY_ENV: Record<string, string | undefined> = { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', LC_ALL: undefined }

const suite = ifDocumenso('documenso', describe, describe.skip)

suite('documenso corpus', () => {
  const pg = useCluster()
  let root: string
  let migrationsDir: string
  let all: string[]
  let db: string

  const verify = (): Promise<RunResult> =>
    runAction({
      workspace: root,
      // The pending batch drops columns and tables (high migration-risk findings, see
      // migration-risk.test.ts): reported here, not failing, so the migrations check is what is tested.
      inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin', 'risk-fail-level': 'none' },
      env: VERIFY_ENV
    })

  beforeAll(async () => {
    root = copyDocumenso('documenso-')
    migrationsDir = path.join(root, 'prisma', 'migrations')
    all = migrationFolderNames(migrationsDir)
    const first = all.slice(0, APPLIED).map(name => ({ name, sql: fs.readFileSync(path.join(migrationsDir, name, 'migration.sql')) }))
    db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, first))
  }, 120_000)

  test(`the copy holds ${TOTAL} migrations and the first ${APPLIED} are recorded as applied`, async () => {
    expect(all).toHaveLength(TOTAL)
    const rows = await pg.cluster.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at', [], db)
    expect(rows.map(r => r.migration_name)).toEqual(all.slice(0, APPLIED))
  })

  test(`verify reports exactly ${TOTAL - APPLIED} pending, in folder order`, async () => {
    const r = await verify()
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['pending-count']).toBe(String(TOTAL - APPLIED))
    expect(JSON.parse(r.outputs['pending-migrations'] ?? 'null')).toEqual(all.slice(APPLIED))
    expect(r.outputs['applied-count']).toBe(String(APPLIED))
    expect(r.outputs['risk-level']).toBe('high')
  })

  test('an applied migration edited in the copy makes verify fail, naming it', async () => {
    const edited = all[41]
    const file = path.join(migrationsDir, edited, 'migration.sql')
    const original = fs.readFileSync(file)
    fs.appendFileSync(file, '\n-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n')
    try {
      const r = await verify()
      expect(r.code).not.toBe(0)
      const message = errorOf(r)
      expect(message).toContain(`Migration '${edited}' was edited after it was applied`)
      expect(message).toContain('(1 problem)')
      expect(r.outputs['pending-count']).toBeUndefined()
    } finally {
      fs.writeFileSync(file, original)
    }
    // restored: verify passes again
    const again = await verify()
    expect(again.code).toBe(0)
    expect(again.outputs['pending-count']).toBe(String(TOTAL - APPLIED))
  })
})
