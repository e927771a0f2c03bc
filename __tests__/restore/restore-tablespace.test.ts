import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster } from '../helpers/suite.js'

/**
 * The restore's copy is the target's twin at the database level too: a database created in a
 * non-default tablespace comes back in that tablespace (read back), and a role that may not create
 * in it is refused before anything is done. Through dist/index.js against a real server.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const pg = useCluster()
let scratch: string
let space: string

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-tablespace-'))
  fs.chmodSync(scratch, 0o711)
  // A tablespace's folder must belong to the server's OS user (`postgres` when the tests run as root).
  const dir = fs.mkdtempSync(path.join(scratch, 'space-'))
  const postgresUser = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find(l => l.startsWith('postgres:'))
    ?.split(':')
  if (process.getuid?.() === 0 && postgresUser) fs.chownSync(dir, Number(postgresUser[2]), Number(postgresUser[3]))
  space = 'archive_space'
  await pg.cluster.query(`CREATE TABLESPACE ${space} LOCATION '${dir}'`)
})
afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

function runEnv(): Record<string, string | undefined> {
  return { ...GUARDED_ENV, PATH: STANDARD_PATH, HOME: scratch, TMPDIR: fs.mkdtempSync(path.join(scratch, 'tmp-')), DATABASE_URL: undefined, LANG: 'C.UTF-8', LC_ALL: undefined }
}

function run(eventName: string, inputs: Record<string, string>): Promise<RunResult> {
  return runAction({ env: runEnv(), eventName, inputs, timeoutMs: 180_000 })
}

/** A database created in the tablespace, with migrations applied as Prisma applies them and some rows. */
async function databaseInTablespace(name: string): Promise<string> {
  await pg.cluster.query(`CREATE DATABASE ${name} TABLESPACE ${space}`)
  const client = await pg.cluster.client({ database: name })
  try {
    await applyLikePrisma(client, generatedMigrations(2))
    await client.query(`INSERT INTO t0000 (name) SELECT 'n' || i FROM generate_series(1, 100) i`)
  } finally {
    await client.end()
  }
  return name
}

async function tablespaceOf(db: string): Promise<string | undefined> {
  const rows = (await pg.cluster.query(`SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = $1`, [db])) as { spcname: string }[]
  return rows[0]?.spcname
}

async function backup(db: string): Promise<string> {
  const b = await run('push', { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), 'backup-dir': fs.mkdtempSync(path.join(scratch, 'bk-')) })
  if (b.code !== 0) throw new Error(b.stdout)
  return b.outputs['backup-path']
}

function restore(db: string, backupPath: string, url = pg.cluster.url({ database: db })): Promise<RunResult> {
  return run('workflow_dispatch', { phase: 'restore', 'database-url': url, 'backup-path': backupPath, 'confirm-restore': db, 'backup-dir': fs.mkdtempSync(path.join(scratch, 'pre-')) })
}

describe('a database in a non-default tablespace', () => {
  test('restored into that tablespace, read back; the properties not carried are named', async () => {
    const db = await databaseInTablespace('shop_in_space')
    expect(await tablespaceOf(db)).toBe(space)
    const backupPath = await backup(db)
    const r = await restore(db, backupPath)
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(await tablespaceOf(db)).toBe(space)
    // Its tables too: in the database's default tablespace.
    const tables = (await pg.cluster.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname = 't0000' AND reltablespace = 0`, [], db)) as { n: number }[]
    expect(tables[0]?.n).toBe(1)
    expect(r.stdout).toMatch(
      new RegExp(
        `✓ create-copy: '[^']+' created \\(UTF8, C, tablespace ${space}\\) from template0; not carried from '${db}': oid \\(the copy's own identifier\\), datname .*datfrozenxid .*datminmxid .*datcollversion`
      )
    )
    expect(r.stdout).toMatch(new RegExp(`✓ database-properties: owner \\S+, UTF8, collation C, ctype C, tablespace ${space}, .*: as on '${db}' \\(read back\\)`))
  }, 300_000)

  test('a role without CREATE on the tablespace is refused before anything is done', async () => {
    const db = await databaseInTablespace('shop_in_space_2')
    const backupPath = await backup(db)
    await pg.cluster.query(`DO $$ BEGIN CREATE ROLE space_restorer LOGIN CREATEDB PASSWORD 'space-restorer'; EXCEPTION WHEN duplicate_object THEN NULL; END $$`)
    await pg.cluster.query(`ALTER DATABASE ${db} OWNER TO space_restorer`)
    const r = await restore(db, backupPath, pg.cluster.url({ database: db, user: 'space_restorer', password: 'space-restorer' }))
    expect(r.code).toBe(1)
    expect(errorOf(r)).toContain(
      `The role 'space_restorer' lacks the CREATE privilege on tablespace '${space}', the database's (the copy is created in it, so that it comes back where it was). Nothing was done.`
    )
    expect(errorOf(r)).toContain(`GRANT CREATE ON TABLESPACE "${space}" TO "space_restorer";`)
    expect(r.stdout).not.toContain('pre-restore')
    const left = (await pg.cluster.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $1`, [db])) as unknown[]
    expect(left).toEqual([])
  }, 300_000)
})
