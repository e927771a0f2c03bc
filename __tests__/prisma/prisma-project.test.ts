import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { mixedMigrations, writeMigration } from '../../test-support/fixtures.mjs'
import { makePrismaProject, prismaEnv, prismaVersion, linkPrismaCli, SCHEMA_PRISMA_7 } from '../../test-support/prisma-project.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, afterFile } from '../helpers/suite.js'

// The project's Prisma configuration against the real Prisma CLI (7.x and 6.x, WebAssembly schema
// engine behind PRISMA_SCHEMA_ENGINE_BINARY): verify refuses what cannot be made to work on the
// action's database and migrations folder, naming the file, the line and the fix, and checks that
// the CLI runs with its engine; deploy then works on the verified database and no other.
// Every passing verify asserts the CLI's version line, so no test passes without the real CLI.

const PASSWORD = 'pr:/i@%+sma'
const pg = useCluster({ password: PASSWORD })
const PATH = [path.dirname(process.execPath), process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter)
const ENGINE_LINE = /prisma CLI (\d+\.\d+\.\d+) \(node_modules\/\.bin\/prisma\), schema engine [0-9a-f]{12} \(resolved by PRISMA_SCHEMA_ENGINE_BINARY\)/

type Project = ReturnType<typeof makePrismaProject>

function project(o: Parameters<typeof makePrismaProject>[0]): Project {
  const p = makePrismaProject(o)
  afterFile(p.cleanup)
  return p
}

function action(phase: 'verify' | 'deploy', root: string, major: 6 | 7, db: string, inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase, 'database-url': pg.cluster.url({ database: db }), migrator: 'prisma', ...(phase === 'deploy' ? { 'generate-client': 'false' } : {}), ...inputs },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined, DIRECT_URL: undefined, LANG: 'C.UTF-8', PATH, HOME: process.env.HOME ?? '/tmp', ...prismaEnv(major), ...env },
    timeoutMs: 120_000
  })
}

async function applied(db: string): Promise<string[]> {
  const [t] = await pg.cluster.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present", [], db)
  if (t.present !== true) return []
  const rows = await pg.cluster.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at', [], db)
  return rows.map(r => r.migration_name as string)
}

/** verify passes with the real CLI's version line, then deploy applies `names` to `db`. */
async function verifyThenDeploy(
  p: Project,
  major: 6 | 7,
  db: string,
  names: string[],
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {}
): Promise<{ verify: RunResult; deploy: RunResult }> {
  const verify = await action('verify', p.root, major, db, inputs, env)
  expect(errorOf(verify)).toBe('')
  expect(verify.code).toBe(0)
  expect(verify.stdout).toMatch(ENGINE_LINE)
  expect(ENGINE_LINE.exec(verify.stdout)?.[1]).toBe(prismaVersion(major))
  expect(verify.outputs['pending-count']).toBe(String(names.length))
  const deploy = await action('deploy', p.root, major, db, inputs, env)
  expect(errorOf(deploy)).toBe('')
  expect(deploy.code).toBe(0)
  expect(JSON.parse(deploy.outputs['applied-migrations'] ?? 'null')).toEqual(names)
  expect(await applied(db)).toEqual(names)
  for (const r of [verify, deploy]) expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  return { verify, deploy }
}

const names = (specs: { name: string }[]): string[] => specs.map(s => s.name)

describe('Prisma 7 projects', () => {
  test("a config reading DIRECT_URL, with the job's DIRECT_URL on a decoy database: verify and deploy work on the given database, the decoy is untouched", async () => {
    const specs = mixedMigrations(3)
    const config = `import { defineConfig, env } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  migrations: { path: 'prisma/migrations' },\n  datasource: { url: env('DIRECT_URL') }\n})\n`
    const p = project({ major: 7, migrations: specs, config })
    const given = await pg.cluster.createDatabase()
    const decoy = await pg.cluster.createDatabase()
    await verifyThenDeploy(p, 7, given, names(specs), {}, { DIRECT_URL: pg.cluster.url({ database: decoy }) })
    expect(await applied(decoy)).toEqual([])
  }, 240_000)

  test('a URL hard-coded in prisma.config.ts is replaced by the given one: the named database is untouched', async () => {
    const specs = mixedMigrations(2)
    const decoy = await pg.cluster.createDatabase()
    const config = `import { defineConfig } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  datasource: { url: ${JSON.stringify(pg.cluster.url({ database: decoy }))} }\n})\n`
    const p = project({ major: 7, migrations: specs, config })
    const given = await pg.cluster.createDatabase()
    await verifyThenDeploy(p, 7, given, names(specs))
    expect(await applied(decoy)).toEqual([])
  }, 240_000)

  test("'migrations-dir' elsewhere than beside the schema: Prisma deploys that folder, not prisma/migrations", async () => {
    const specs = mixedMigrations(3)
    const p = project({ major: 7, migrations: [{ name: '20200101000000_beside_schema', sql: 'CREATE TABLE "beside" ("id" int);\n' }] })
    const elsewhere = path.join(p.root, 'db', 'migrations')
    fs.mkdirSync(elsewhere, { recursive: true })
    fs.writeFileSync(path.join(elsewhere, 'migration_lock.toml'), 'provider = "postgresql"\n')
    for (const m of specs) writeMigration(elsewhere, m)
    const db = await pg.cluster.createDatabase()
    const { deploy } = await verifyThenDeploy(p, 7, db, names(specs), { 'migrations-dir': 'db/migrations' })
    expect(deploy.stdout).toContain("with the action's database URL, schema and migrations folder (db/migrations)")
  }, 240_000)

  test('prisma7.config.ts beside prisma.config.ts: the CLI loads prisma7.config.ts, and so does the action', async () => {
    const specs = mixedMigrations(2)
    const p = project({ major: 7, migrations: specs, config: "throw new Error('prisma.config.ts must not be loaded when prisma7.config.ts is present')\n" })
    fs.writeFileSync(
      path.join(p.root, 'prisma7.config.ts'),
      `import { defineConfig, env } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  datasource: { url: env('DATABASE_URL') }\n})\n`
    )
    const db = await pg.cluster.createDatabase()
    const { deploy } = await verifyThenDeploy(p, 7, db, names(specs))
    expect(deploy.stdout).toContain("Prisma configuration: prisma7.config.ts, with the action's database URL")
  }, 240_000)

  test('a schema folder (schema: prisma/schema, the datasource in a nested file): verify and deploy, migrations beside the folder by default', async () => {
    const specs = mixedMigrations(3)
    const p = project({
      major: 7,
      migrations: specs,
      config: `import { defineConfig, env } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema',\n  datasource: { url: env('DATABASE_URL') }\n})\n`
    })
    fs.rmSync(p.schemaPath)
    const folder = path.join(p.root, 'prisma', 'schema')
    fs.mkdirSync(path.join(folder, 'base'), { recursive: true })
    fs.mkdirSync(path.join(folder, 'models'), { recursive: true })
    fs.writeFileSync(path.join(folder, 'main.prisma'), 'generator client {\n  provider = "prisma-client"\n  output   = "../../generated/prisma"\n}\n')
    fs.writeFileSync(path.join(folder, 'base', 'db.prisma'), 'datasource db {\n  provider = "postgresql"\n}\n')
    fs.writeFileSync(path.join(folder, 'models', 'user.prisma'), 'model User {\n  id Int @id\n}\n')
    const db = await pg.cluster.createDatabase()
    const { verify, deploy } = await verifyThenDeploy(p, 7, db, names(specs), { schema: 'prisma/schema' })
    expect(verify.stdout).toContain('schema folder of 3 files')
    expect(deploy.stdout).toContain('$ prisma migrate deploy --schema prisma/schema --config')
    expect(Object.values(allTexts(deploy)).join('\n')).not.toContain('EISDIR')
  }, 240_000)

  test('a schema folder with generate-client: true generates the client (prisma-client generator: no engine download)', async () => {
    const specs = mixedMigrations(1)
    const p = project({
      major: 7,
      migrations: specs,
      config: `import { defineConfig, env } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema',\n  datasource: { url: env('DATABASE_URL') }\n})\n`
    })
    fs.rmSync(p.schemaPath)
    fs.mkdirSync(path.join(p.root, 'prisma', 'schema'))
    fs.writeFileSync(path.join(p.root, 'prisma', 'schema', 'schema.prisma'), SCHEMA_PRISMA_7.replace('"../generated/prisma"', '"../../generated/prisma"'))
    fs.writeFileSync(path.join(p.root, 'prisma', 'schema', 'note.prisma'), 'model Note {\n  id Int @id\n}\n')
    const db = await pg.cluster.createDatabase()
    const { deploy } = await verifyThenDeploy(p, 7, db, names(specs), { schema: 'prisma/schema', 'generate-client': 'true' })
    expect(deploy.stdout).toContain('$ prisma generate --schema prisma/schema')
    expect(deploy.stdout).toContain('Generated Prisma Client')
    expect(fs.existsSync(path.join(p.root, 'generated', 'prisma', 'models', 'Note.ts'))).toBe(true)
  }, 240_000)

  test('a config reading a variable nobody sets (env() would throw) still loads in verify and deploy', async () => {
    const specs = mixedMigrations(1)
    const config = `import { defineConfig, env } from 'prisma/config'\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  datasource: { url: env('PROD_DATABASE_URL'), shadowDatabaseUrl: env('SHADOW_DATABASE_URL') }\n})\n`
    const p = project({ major: 7, migrations: specs, config })
    const db = await pg.cluster.createDatabase()
    await verifyThenDeploy(p, 7, db, names(specs))
  }, 240_000)

  test('a url in schema.prisma under Prisma 7 (P1012) is refused by verify, naming the file, the line and the fix', async () => {
    const schema = SCHEMA_PRISMA_7.replace('provider = "postgresql"\n', 'provider = "postgresql"\n  url      = env("DATABASE_URL")\n')
    const p = project({ major: 7, migrations: mixedMigrations(1), schema })
    const db = await pg.cluster.createDatabase()
    const r = await action('verify', p.root, 7, db)
    expect(r.code).not.toBe(0)
    const line = schema.split('\n').findIndex(l => l.includes('url      =')) + 1
    expect(errorOf(r)).toContain(`prisma/schema.prisma:${line}: \`url\` in the datasource block is an error for Prisma ${prismaVersion(7)} (P1012`)
    expect(errorOf(r)).toContain(`Remove the \`url\` (line ${line}) from the datasource block of prisma/schema.prisma`)
    expect(errorOf(r)).toContain("datasource: { url: env('DATABASE_URL') }")
    expect(r.summary).toContain("Verification failed at the 'schema' check")
  }, 120_000)

  test('without the schema engine (no PRISMA_SCHEMA_ENGINE_BINARY, none installed) verify fails with the fix, and nothing is downloaded', async () => {
    const p = project({ major: 7, migrations: mixedMigrations(1) })
    const db = await pg.cluster.createDatabase()
    const r = await action('verify', p.root, 7, db, {}, { PRISMA_SCHEMA_ENGINE_BINARY: undefined })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('has no schema engine installed beside it')
    expect(errorOf(r)).toContain('PRISMA_SCHEMA_ENGINE_BINARY')
    expect(Object.values(allTexts(r)).join('\n')).not.toContain('binaries.prisma.sh')
  }, 120_000)

  test('a schema engine path that does not exist fails verify with what the CLI says', async () => {
    const p = project({ major: 7, migrations: mixedMigrations(1) })
    const db = await pg.cluster.createDatabase()
    const r = await action('verify', p.root, 7, db, {}, { PRISMA_SCHEMA_ENGINE_BINARY: path.join(p.root, 'no-such-engine') })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('`prisma --version` (node_modules/.bin/prisma) exited with code 1')
    expect(errorOf(r)).toContain("can't be resolved")
  }, 120_000)
})

describe('Prisma 6 projects', () => {
  test("url and directUrl = env(…) with the job's DIRECT_URL and a .env on a decoy: verify and deploy work on the given database", async () => {
    const specs = mixedMigrations(3)
    const schema = 'datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n'
    const p = project({ major: 6, migrations: specs, schema })
    const given = await pg.cluster.createDatabase()
    const decoy = await pg.cluster.createDatabase()
    const decoyUrl = pg.cluster.url({ database: decoy })
    fs.writeFileSync(path.join(p.root, '.env'), `DATABASE_URL="${decoyUrl}"\nDIRECT_URL="${decoyUrl}"\n`)
    const { verify } = await verifyThenDeploy(p, 6, given, names(specs), {}, { DIRECT_URL: decoyUrl })
    expect(verify.stdout).toContain(`prisma CLI ${prismaVersion(6)}`)
    expect(await applied(decoy)).toEqual([])
  }, 240_000)

  test('a literal URL to another database is refused by verify, naming the file and the line, before backup or deploy', async () => {
    const given = await pg.cluster.createDatabase()
    const other = await pg.cluster.createDatabase()
    const schema = `datasource db {\n  provider = "postgresql"\n  url      = "${pg.cluster.url({ database: other })}"\n}\n`
    const p = project({ major: 6, migrations: mixedMigrations(2), schema })
    const r = await action('verify', p.root, 6, given)
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('prisma/schema.prisma:3: the Prisma schema names its database URL literally (`url = "…"`)')
    expect(errorOf(r)).toContain('`url = env("DATABASE_URL")` on line 3 of prisma/schema.prisma')
    expect(r.summary).toContain("Verification failed at the 'schema' check")
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  }, 120_000)

  test('a schema folder with a literal URL in a nested file is refused by verify, naming that file and line', async () => {
    const given = await pg.cluster.createDatabase()
    const other = await pg.cluster.createDatabase()
    const p = project({ major: 6, migrations: mixedMigrations(1) })
    fs.rmSync(p.schemaPath)
    fs.mkdirSync(path.join(p.root, 'prisma', 'schema', 'db'), { recursive: true })
    fs.writeFileSync(path.join(p.root, 'prisma', 'schema', 'models.prisma'), 'model A {\n  id Int @id\n}\n')
    fs.writeFileSync(
      path.join(p.root, 'prisma', 'schema', 'db', 'source.prisma'),
      `// the database\ndatasource db {\n  provider = "postgresql"\n  directUrl = env("DIRECT_URL")\n  url      = "${pg.cluster.url({ database: other })}"\n}\n`
    )
    const r = await action('verify', p.root, 6, given, { schema: 'prisma/schema' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('prisma/schema/db/source.prisma:5: the Prisma schema names its database URL literally')
  }, 120_000)

  test("a schema folder with url and directUrl = env(…) in a nested file, the job's DIRECT_URL on a decoy: verify and deploy work on the given database", async () => {
    const specs = mixedMigrations(2)
    const p = project({ major: 6, migrations: specs })
    fs.rmSync(p.schemaPath)
    fs.mkdirSync(path.join(p.root, 'prisma', 'schema', 'db'), { recursive: true })
    fs.writeFileSync(path.join(p.root, 'prisma', 'schema', 'models.prisma'), 'model A {\n  id Int @id\n}\n')
    fs.writeFileSync(
      path.join(p.root, 'prisma', 'schema', 'db', 'source.prisma'),
      'datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n'
    )
    const given = await pg.cluster.createDatabase()
    const decoy = await pg.cluster.createDatabase()
    const { verify } = await verifyThenDeploy(p, 6, given, names(specs), { schema: 'prisma/schema', 'migrations-dir': 'prisma/migrations' }, { DIRECT_URL: pg.cluster.url({ database: decoy }) })
    expect(verify.stdout).toContain('schema folder of 2 files')
    expect(await applied(decoy)).toEqual([])
  }, 240_000)

  test.each([
    ['a schema folder without .prisma files', 'prisma/empty', 'The Prisma schema folder prisma/empty holds no .prisma file.'],
    ['a schema that does not exist', 'prisma/missing.prisma', 'The Prisma schema prisma/missing.prisma does not exist.'],
    ['a schema without a datasource block', 'prisma/nodatasource.prisma', 'The Prisma schema prisma/nodatasource.prisma has no datasource block']
  ])(
    '%s is refused by verify, with the fix',
    async (_label, schema, message) => {
      const p = project({ major: 6, migrations: mixedMigrations(1) })
      fs.mkdirSync(path.join(p.root, 'prisma', 'empty'))
      fs.writeFileSync(path.join(p.root, 'prisma', 'nodatasource.prisma'), 'model A {\n  id Int @id\n}\n')
      const db = await pg.cluster.createDatabase()
      const r = await action('verify', p.root, 6, db, { schema, 'migrations-dir': 'prisma/migrations' })
      expect(r.code).not.toBe(0)
      expect(errorOf(r)).toContain(message)
      expect(r.summary).toContain("Verification failed at the 'schema' check")
      expect(Object.values(allTexts(r)).join('\n')).not.toContain('EISDIR')
    },
    120_000
  )

  test('verify passes though the CLI cannot read its query engine library version (migrate deploy never loads it)', async () => {
    const p = project({ major: 6, migrations: mixedMigrations(1) })
    const db = await pg.cluster.createDatabase()
    const r = await action('verify', p.root, 6, db)
    expect(errorOf(r)).toBe('')
    expect(r.stdout).toMatch(ENGINE_LINE)
  }, 120_000)
})

describe('a CLI without a configuration of the action (before 6.18)', () => {
  /** A Prisma 6.10 package: what the action decides before it runs the CLI. */
  function oldCli(root: string): void {
    fs.rmSync(path.join(root, 'node_modules'), { recursive: true, force: true })
    linkPrismaCli(root, 6)
    fs.rmSync(path.join(root, 'node_modules', 'prisma'))
    fs.mkdirSync(path.join(root, 'node_modules', 'prisma', 'build'), { recursive: true })
    fs.writeFileSync(path.join(root, 'node_modules', 'prisma', 'package.json'), JSON.stringify({ name: 'prisma', version: '6.10.0' }))
    fs.writeFileSync(path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), '#!/bin/sh\necho "stand-in-cli-was-run"\nexit 3\n', { mode: 0o755 })
  }

  test("'migrations-dir' that Prisma will not read is refused by verify with the folder it reads", async () => {
    const p = project({ major: 6, migrations: [], cli: false })
    oldCli(p.root)
    const elsewhere = path.join(p.root, 'db', 'migrations')
    fs.mkdirSync(elsewhere, { recursive: true })
    fs.writeFileSync(path.join(elsewhere, 'migration_lock.toml'), 'provider = "postgresql"\n')
    writeMigration(elsewhere, mixedMigrations(1)[0])
    const db = await pg.cluster.createDatabase()
    const r = await action('verify', p.root, 6, db, { 'migrations-dir': 'db/migrations' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("'migrations-dir' is db/migrations, but Prisma 6.10.0 reads prisma/migrations (beside the schema file that holds the datasource block)")
    expect(errorOf(r)).toContain("Set 'migrations-dir' to prisma/migrations")
    expect(Object.values(allTexts(r)).join('\n')).not.toContain('stand-in-cli-was-run')
  }, 120_000)
})
