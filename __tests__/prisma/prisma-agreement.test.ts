import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as path from 'node:path'
import { mixedMigrations } from '../../test-support/fixtures.mjs'
import { makePrismaProject, prismaEnv, linkPrismaCli, runPrismaCli } from '../../test-support/prisma-project.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, afterFile, ifDocumenso, copyDocumenso, type Spec } from '../helpers/suite.js'

// Builtin and Prisma agree, proven with the real Prisma CLI (WebAssembly schema engine): on the
// Documenso corpus (163 real migrations; skipped with a message where absent) the builtin
// migrator's books and `pg_dump --schema-only` equal Prisma's, and `prisma migrate status` reads
// the builtin migrator's books as up to date; the rows Prisma writes on a failure and with
// `migrate resolve` are read by verify as Prisma means them.

const pg = useCluster()
const PATH = [path.dirname(process.execPath), process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter)
const BROKEN: Spec = { name: '20250201000000_broken', sql: 'CREATE TABLE "half" ("id" int);\nCREAT TABLE "oops" ("id" int);\n' }

/** The project's real CLI in its root, with only the environment given here (every URL variable the schema reads). */
function prisma(root: string, major: 6 | 7, db: string, args: string[], urlVars: string[] = ['DATABASE_URL']): ReturnType<typeof runPrismaCli> {
  const url = pg.cluster.url({ database: db })
  return runPrismaCli(root, major, args, { PATH, ...Object.fromEntries(urlVars.map(v => [v, url])) }, 300_000)
}

function action(phase: 'verify' | 'deploy', root: string, db: string, inputs: Record<string, string>): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase, 'database-url': pg.cluster.url({ database: db }), ...inputs },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined, LANG: 'C.UTF-8', PATH, ...prismaEnv(6) },
    timeoutMs: 300_000
  })
}

async function books(db: string): Promise<unknown[]> {
  return pg.cluster.query(
    `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back, logs
       FROM _prisma_migrations ORDER BY migration_name, started_at`,
    [],
    db
  )
}

/** `pg_dump --schema-only` of the server's own major version, without what differs between two databases by name or run. */
function schemaDump(db: string): string {
  const r = spawnSync(path.join(pg.cluster.binDir, 'pg_dump'), ['--schema-only', '--no-owner', '--no-privileges', '-d', pg.cluster.url({ database: db })], { encoding: 'utf8' })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return r.stdout
    .split('\n')
    .filter(l => !l.startsWith('--') && !/^\\(un)?restrict /.test(l))
    .join('\n')
}

const suite = ifDocumenso('prisma-agreement (documenso)', describe, describe.skip)

suite('the Documenso corpus with the real Prisma 6.x CLI', () => {
  test('migrate deploy and the builtin migrator leave equal books and equal pg_dump --schema-only; migrate status reads the builtin books as up to date', async () => {
    const root = copyDocumenso('documenso-prisma-')
    linkPrismaCli(root, 6)
    const vars = ['NEXT_PRIVATE_DATABASE_URL', 'NEXT_PRIVATE_DIRECT_DATABASE_URL']
    const viaPrisma = await pg.cluster.createDatabase()
    const viaBuiltin = await pg.cluster.createDatabase()

    const deployed = await prisma(root, 6, viaPrisma, ['migrate', 'deploy'], vars)
    expect(deployed.stderr).not.toContain('Error')
    expect(deployed.code).toBe(0)
    expect(deployed.stdout).toContain('All migrations have been successfully applied.')
    const builtin = await action('deploy', root, viaBuiltin, { migrator: 'builtin' })
    expect(errorOf(builtin)).toBe('')
    expect(builtin.outputs['applied-count']).toBe('163')

    const prismaBooks = await books(viaPrisma)
    expect(prismaBooks).toHaveLength(163)
    expect(await books(viaBuiltin)).toEqual(prismaBooks)
    const dump = schemaDump(viaPrisma)
    expect(dump).toContain('CREATE TABLE public."User"')
    expect(schemaDump(viaBuiltin)).toEqual(dump)

    const status = await prisma(root, 6, viaBuiltin, ['migrate', 'status'], vars)
    expect(status.code).toBe(0)
    expect(status.stdout).toContain('163 migrations found in prisma/migrations')
    expect(status.stdout).toContain('Database schema is up to date!')
  }, 600_000)
})

describe('the rows the real Prisma CLI writes, read by verify (Prisma 6.x and generated migrations)', () => {
  function project(specs: Spec[]): string {
    const p = makePrismaProject({ major: 6, migrations: specs })
    afterFile(p.cleanup)
    return p.root
  }

  test('after a failure of prisma migrate deploy, verify names the migration and the resolve commands; after resolve --rolled-back it is pending again', async () => {
    const good = mixedMigrations(2)
    const root = project([...good, BROKEN])
    const db = await pg.cluster.createDatabase()
    const failed = await prisma(root, 6, db, ['migrate', 'deploy'])
    expect(failed.code).toBe(1)

    const v = await action('verify', root, db, { migrator: 'builtin' })
    expect(v.code).not.toBe(0)
    expect(errorOf(v)).toContain(BROKEN.name)
    expect(errorOf(v)).toContain(`npx prisma migrate resolve --rolled-back ${BROKEN.name}`)

    const resolved = await prisma(root, 6, db, ['migrate', 'resolve', '--rolled-back', BROKEN.name])
    expect(resolved.code).toBe(0)
    // The broken file is pending again: the risk check reports it (it does not parse) without failing here.
    const again = await action('verify', root, db, { migrator: 'builtin', 'risk-fail-level': 'none' })
    expect(errorOf(again)).toBe('')
    expect(again.outputs['risk-level']).toBe('high')
    expect(again.outputs['applied-count']).toBe('2')
    expect(JSON.parse(again.outputs['pending-migrations'] ?? 'null')).toEqual([BROKEN.name])
  }, 300_000)

  test('migrate resolve --applied: verify counts the migration applied, and nothing is pending', async () => {
    const good = mixedMigrations(2)
    const root = project([...good, BROKEN])
    const db = await pg.cluster.createDatabase()
    expect((await prisma(root, 6, db, ['migrate', 'deploy'])).code).toBe(1)
    const resolved = await prisma(root, 6, db, ['migrate', 'resolve', '--applied', BROKEN.name])
    expect(resolved.code).toBe(0)
    expect(resolved.stdout).toContain(`Migration ${BROKEN.name} marked as applied.`)

    const v = await action('verify', root, db, { migrator: 'builtin' })
    expect(errorOf(v)).toBe('')
    expect(v.outputs['pending-count']).toBe('0')
    expect(v.outputs['applied-count']).toBe('3')
  }, 300_000)

  test('migrate resolve --applied on a migration never run: verify reads it applied, Prisma agrees it is up to date', async () => {
    const specs = mixedMigrations(3)
    const root = project(specs)
    const db = await pg.cluster.createDatabase()
    for (const m of specs.slice(0, 2)) expect((await prisma(root, 6, db, ['migrate', 'resolve', '--applied', m.name])).code).toBe(0)
    const v = await action('verify', root, db, { migrator: 'builtin' })
    expect(errorOf(v)).toBe('')
    expect(v.outputs['applied-count']).toBe('2')
    expect(JSON.parse(v.outputs['pending-migrations'] ?? 'null')).toEqual([specs[2]?.name])
    const status = await prisma(root, 6, db, ['migrate', 'status'])
    expect(status.stdout).toContain(`Following migration have not yet been applied:\n${specs[2]?.name}`)
  }, 300_000)
})
