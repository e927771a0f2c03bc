import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCluster, type Cluster } from '../test-support/pg-cluster.mjs'
import { applyLikePrisma } from '../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from './helpers/run-action.js'

// A real project's migration history (documenso/documenso, 163 migrations). The corpus sits beside
// the project checkout, not in it: where it is absent (e.g. a fresh clone) these tests are skipped.
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CORPUS = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpora', 'documenso', 'prisma')
const present = fs.existsSync(path.join(CORPUS, 'migrations'))
if (!present) {
  console.log(`documenso tests skipped: corpus not found at ${path.relative(PROJECT_ROOT, CORPUS)} (it is not part of the repository).`)
}

const APPLIED = 100
const TOTAL = 163

/** The environment verify needs, stated in full; nothing is taken from the caller's environment. */
const VERIFY_ENV: Record<string, string | undefined> = { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', LC_ALL: undefined }

/** Copies the corpus into a fresh, writable temporary project: `<root>/prisma/{schema.prisma,migrations}`. */
function copyCorpus(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'documenso-'))
  const copy = (from: string, to: string): void => {
    fs.mkdirSync(to, { recursive: true })
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name)
      const dst = path.join(to, entry.name)
      if (entry.isDirectory()) copy(src, dst)
      else if (entry.isFile()) fs.writeFileSync(dst, fs.readFileSync(src))
    }
  }
  copy(CORPUS, path.join(root, 'prisma'))
  return root
}

function migrationNames(migrationsDir: string): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort((a, b) => a.localeCompare(b))
}

const suite = present ? describe : describe.skip

suite('documenso corpus', () => {
  let cluster: Cluster
  let root: string
  let migrationsDir: string
  let all: string[]
  let db: string

  const verify = (): Promise<RunResult> =>
    runAction({
      workspace: root,
      inputs: { phase: 'verify', 'database-url': cluster.url({ database: db }), migrator: 'builtin' },
      env: VERIFY_ENV
    })

  beforeAll(async () => {
    root = copyCorpus()
    migrationsDir = path.join(root, 'prisma', 'migrations')
    all = migrationNames(migrationsDir)
    cluster = await startCluster()
    db = await cluster.createDatabase()
    const client = await cluster.client({ database: db })
    try {
      const first = all.slice(0, APPLIED).map(name => ({ name, sql: fs.readFileSync(path.join(migrationsDir, name, 'migration.sql')) }))
      await applyLikePrisma(client, first)
    } finally {
      await client.end()
    }
  }, 120_000)

  afterAll(async () => {
    await cluster?.stop()
    if (root) fs.rmSync(root, { recursive: true, force: true })
  })

  test(`the copy holds ${TOTAL} migrations and the first ${APPLIED} are recorded as applied`, async () => {
    expect(all).toHaveLength(TOTAL)
    const rows = await cluster.query(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at',
      [],
      db
    )
    expect(rows.map(r => r.migration_name)).toEqual(all.slice(0, APPLIED))
  })

  test(`verify reports exactly ${TOTAL - APPLIED} pending, in folder order`, async () => {
    const r = await verify()
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['pending-count']).toBe(String(TOTAL - APPLIED))
    expect(JSON.parse(r.outputs['pending-migrations'] ?? 'null')).toEqual(all.slice(APPLIED))
    expect(r.outputs['applied-count']).toBe(String(APPLIED))
  })

  test('an applied migration edited in the copy makes verify fail, naming it', async () => {
    const edited = all[41] as string
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
