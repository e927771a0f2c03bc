import { describe, expect, test } from '@jest/globals'
import { splitStatements, nonTransactional, hasTransactionControl, type Statement } from '../../src/migrators/sql-statements.js'

const texts = (sql: string): string[] => splitStatements(sql).map(s => s.text)
const stmt = (text: string): Statement => {
  const [s] = splitStatements(text)
  if (!s) throw new Error(`no statement in ${JSON.stringify(text)}`)
  return s
}

describe('splitStatements', () => {
  test('splits on semicolons and drops empty statements', () => {
    expect(texts('CREATE TABLE a (id int);\n\nCREATE TABLE b (id int);;\n;')).toEqual(['CREATE TABLE a (id int)', 'CREATE TABLE b (id int)'])
  })

  test('keeps a last statement without a semicolon', () => {
    expect(texts('SELECT 1;\nSELECT 2')).toEqual(['SELECT 1', 'SELECT 2'])
  })

  test('an empty file or a file of comments has no statements', () => {
    expect(splitStatements('')).toEqual([])
    expect(splitStatements('  \n-- only a comment\n/* and a block; comment */\n')).toEqual([])
  })

  test('semicolons inside single-quoted strings, with doubled quotes', () => {
    expect(texts("INSERT INTO t VALUES ('a;b', 'it''s; fine');\nSELECT 1;")).toEqual(["INSERT INTO t VALUES ('a;b', 'it''s; fine')", 'SELECT 1'])
  })

  test('a backslash does not escape in a standard string', () => {
    // 'C:\' ends at the second quote: the backslash is an ordinary character.
    expect(texts("SELECT 'C:\\'; SELECT 2;")).toEqual(["SELECT 'C:\\'", 'SELECT 2'])
  })

  test("E'' strings: a backslash escapes the quote and the semicolon stays inside", () => {
    expect(texts("SELECT E'it\\'s; here'; SELECT 2;")).toEqual(["SELECT E'it\\'s; here'", 'SELECT 2'])
    expect(texts("SELECT e'a\\\\'; SELECT 3;")).toEqual(["SELECT e'a\\\\'", 'SELECT 3'])
  })

  test("an identifier ending in e before a string is not an E'' prefix", () => {
    // `LIKE'x\'` is LIKE followed by the standard string 'x\' — the backslash does not escape.
    expect(texts("SELECT 1 WHERE 'a' LIKE'x\\'; SELECT 2;")).toEqual(["SELECT 1 WHERE 'a' LIKE'x\\'", 'SELECT 2'])
  })

  test('semicolons inside quoted identifiers, with doubled quotes', () => {
    expect(texts('CREATE TABLE "a;b" ("c""d;" int); SELECT 1')).toEqual(['CREATE TABLE "a;b" ("c""d;" int)', 'SELECT 1'])
  })

  test('dollar quotes, anonymous and tagged, keep their bodies whole', () => {
    const sql = `CREATE FUNCTION f() RETURNS trigger AS $$
BEGIN
  NEW.x := 'y;'; -- a comment; with a semicolon
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DO $body$ BEGIN PERFORM 1; PERFORM $$inner;$$; END $body$;
SELECT 3;`
    const out = texts(sql)
    expect(out).toHaveLength(3)
    expect(out[0]).toMatch(/^CREATE FUNCTION f\(\) RETURNS trigger AS \$\$[\s\S]*RETURN NEW;\nEND;\n\$\$ LANGUAGE plpgsql$/)
    expect(out[1]).toBe('DO $body$ BEGIN PERFORM 1; PERFORM $$inner;$$; END $body$')
    expect(out[2]).toBe('SELECT 3')
  })

  test('positional parameters and identifiers with $ are not dollar quotes', () => {
    expect(texts('PREPARE p AS SELECT $1; SELECT a$b$c FROM t; SELECT 2')).toEqual(['PREPARE p AS SELECT $1', 'SELECT a$b$c FROM t', 'SELECT 2'])
  })

  test('line comments and nested block comments are removed, semicolons in them ignored', () => {
    const sql = `-- CreateTable; not a statement
CREATE TABLE a (id int); /* outer ; /* nested ; */ still comment ; */ CREATE TABLE b (id int) -- trailing; comment`
    expect(texts(sql)).toEqual(['CREATE TABLE a (id int)', 'CREATE TABLE b (id int)'])
  })

  test('comment markers inside strings are text, not comments', () => {
    expect(texts("SELECT '-- no; comment', '/* no; */'; SELECT 2")).toEqual(["SELECT '-- no; comment', '/* no; */'", 'SELECT 2'])
  })

  test('head holds the first keywords in upper case, whitespace folded', () => {
    expect(stmt('-- x\ncreate   unique\n index   concurrently "i" on "t"("c")').head).toBe('CREATE UNIQUE INDEX CONCURRENTLY "I" ON')
  })

  test('the Prisma style of a generated migration', () => {
    const sql = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_id_key" ON "User"("id");
`
    expect(splitStatements(sql).map(s => s.head.split(' ').slice(0, 3).join(' '))).toEqual(['CREATE TYPE "ROLE"', 'CREATE TABLE "USER"', 'CREATE UNIQUE INDEX'])
  })
})

describe('nonTransactional', () => {
  test.each([
    ['CREATE INDEX CONCURRENTLY "i" ON "t"("c")', 'CREATE/DROP INDEX CONCURRENTLY'],
    ['create unique index concurrently if not exists i on t (c)', 'CREATE/DROP INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY IF EXISTS "i"', 'CREATE/DROP INDEX CONCURRENTLY'],
    ['/* comment first */ CREATE  INDEX\tCONCURRENTLY i ON t (c)', 'CREATE/DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX CONCURRENTLY'],
    ['REINDEX (VERBOSE) TABLE CONCURRENTLY t', 'REINDEX CONCURRENTLY'],
    ['REINDEX DATABASE app', 'REINDEX SYSTEM/DATABASE'],
    ['VACUUM ANALYZE t', 'VACUUM'],
    ['CREATE DATABASE other', 'CREATE/DROP DATABASE'],
    ['DROP TABLESPACE ts', 'CREATE/DROP TABLESPACE'],
    ["ALTER SYSTEM SET work_mem = '64MB'", 'ALTER SYSTEM'],
    ['ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY', 'DETACH PARTITION CONCURRENTLY'],
    ["CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p", 'CREATE/DROP SUBSCRIPTION']
  ])('%s → %s', (sql, why) => {
    expect(nonTransactional(stmt(sql))).toBe(why)
  })

  test.each([
    'CREATE INDEX "i" ON "t"("c")',
    'CREATE UNIQUE INDEX "concurrently" ON "t"("c")',
    'ALTER TABLE t ADD COLUMN c int',
    'ALTER TABLE p DETACH PARTITION p1',
    'REINDEX INDEX i',
    "SELECT 'CREATE INDEX CONCURRENTLY i ON t (c)'",
    'CREATE FUNCTION f() RETURNS void AS $$ CREATE INDEX CONCURRENTLY i ON t (c) $$ LANGUAGE sql',
    'CREATE TABLE "vacuum" (id int)',
    'CREATE INDEX concurrently_idx ON t (c)'
  ])('%s runs inside a transaction', sql => {
    expect(nonTransactional(stmt(sql))).toBeUndefined()
  })
})

describe('hasTransactionControl', () => {
  test('finds BEGIN/COMMIT and friends as statements', () => {
    expect(hasTransactionControl(splitStatements('BEGIN; CREATE TABLE a (id int); COMMIT;'))).toBe(true)
    expect(hasTransactionControl(splitStatements('START TRANSACTION; SELECT 1; ROLLBACK;'))).toBe(true)
    expect(hasTransactionControl(splitStatements('SAVEPOINT s; SELECT 1; RELEASE s;'))).toBe(true)
  })

  test('a BEGIN inside a DO block or function body is not transaction control', () => {
    expect(hasTransactionControl(splitStatements('DO $$ BEGIN PERFORM 1; END $$; CREATE TABLE a (id int);'))).toBe(false)
    expect(hasTransactionControl(splitStatements("CREATE FUNCTION f() RETURNS int AS 'BEGIN; SELECT 1' LANGUAGE sql;"))).toBe(false)
  })
})
