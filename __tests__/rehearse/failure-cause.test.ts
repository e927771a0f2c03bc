import { describe, expect, test } from '@jest/globals'
import { attributeSqlState, attributePrisma, describeCause, type FailureCause } from '../../src/rehearsal/failure-cause.js'

/** The rehearsal's attribution of a failure, from the messages PostgreSQL and the Prisma CLI really write. */

describe('attributeSqlState: the SQLSTATE class, and the message where one code covers several causes', () => {
  const cases: { code: string; message: string; cause: FailureCause }[] = [
    { code: '23505', message: 'could not create unique index "User_email_key"', cause: 'data' },
    { code: '23502', message: 'column "name" of relation "User" contains null values', cause: 'data' },
    { code: '23503', message: 'insert or update on table "Post" violates foreign key constraint "Post_authorId_fkey"', cause: 'data' },
    { code: '23514', message: 'check constraint "age_positive" of relation "User" is violated by some row', cause: 'data' },
    { code: '22P02', message: 'invalid input syntax for type integer: "abc"', cause: 'data' },
    { code: '22001', message: 'value too long for type character varying(3)', cause: 'data' },
    { code: '42601', message: 'syntax error at or near ";"', cause: 'migration' },
    { code: '42P01', message: 'relation "Legacy" does not exist', cause: 'migration' },
    { code: '42703', message: 'column "nickname" does not exist', cause: 'migration' },
    { code: '42P07', message: 'relation "User" already exists', cause: 'migration' },
    { code: '42704', message: 'type "citext" does not exist', cause: 'migration' },
    { code: '25001', message: 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block', cause: 'migration' },
    { code: 'P0001', message: 'raised by the migration', cause: 'migration' },
    { code: '42704', message: 'role "app_readonly" does not exist', cause: 'environment' },
    { code: '42704', message: 'tablespace "fastspace" does not exist', cause: 'environment' },
    { code: '42704', message: 'collation "de-DE-x-icu" for encoding "UTF8" does not exist', cause: 'environment' },
    { code: '42704', message: 'unrecognized configuration parameter "pg_stat_statements.track"', cause: 'environment' },
    { code: '58P01', message: 'could not open extension control file "/usr/share/postgresql/15/extension/postgis.control": No such file or directory', cause: 'environment' },
    { code: '0A000', message: 'extension "postgis" is not available', cause: 'environment' },
    { code: '22023', message: 'could not create locale "de_DE.utf8": No such file or directory', cause: 'environment' },
    { code: '42501', message: 'permission denied to create extension "pg_trgm"', cause: 'environment' },
    { code: '42501', message: 'must be owner of table User', cause: 'migration' },
    { code: '53100', message: 'could not extend file: No space left on device', cause: 'environment' },
    { code: '53200', message: 'out of memory', cause: 'environment' },
    { code: 'ZZ999', message: 'something new', cause: 'unknown' }
  ]
  test.each(cases)('$code $message → $cause', ({ code, message, cause }) => {
    const a = attributeSqlState(code, message)
    expect(a.cause).toBe(cause)
    expect(a.code).toBe(`SQLSTATE ${code}`)
    expect(a.next.length).toBeGreaterThan(20)
  })

  test('no SQLSTATE at all: not attributed, and the message says so', () => {
    const a = attributeSqlState(undefined, 'connection lost')
    expect(a.cause).toBe('unknown')
    expect(describeCause(a)).toMatch(/^Cause not attributed: the error could not be attributed/)
  })

  test('each cause has its own heading and next step', () => {
    const picked = [attributeSqlState('23505', ''), attributeSqlState('42601', ''), attributeSqlState('42704', 'role "x" does not exist'), attributePrisma('Error code: P1012')]
    expect(new Set(picked.map(a => a.cause)).size).toBe(4)
    expect(new Set(picked.map(a => a.next)).size).toBe(4)
    expect(new Set(picked.map(a => describeCause(a).split(' (')[0])).size).toBe(4)
    expect(describeCause(picked[2])).toContain('production may well have')
  })
})

describe('attributePrisma: the SQLSTATE Prisma reports first, then an engine download, then its own code', () => {
  test('P3018 with the database error code: attributed from the SQLSTATE', () => {
    const output =
      'Error: P3018\n\nA migration failed to apply. New migrations cannot be applied before the error is recovered from.\n\nMigration name: 20240201000000_unique_email\n\nDatabase error code: 23505\n\nDatabase error:\nERROR: could not create unique index "User_email_key"\nDETAIL: Key (email)=(a@x) is duplicated.'
    const a = attributePrisma(output)
    expect(a).toMatchObject({ cause: 'data', code: 'SQLSTATE 23505' })
  })

  test("the SQLSTATE found in the failed migration's logs in the books", () => {
    const a = attributePrisma('prisma migrate deploy exited with code 1 (P3018)', 'Migration name: x\n\nDatabase error code: 42704\n\nDatabase error:\nERROR: tablespace "fastspace" does not exist')
    expect(a).toMatchObject({ cause: 'environment', code: 'SQLSTATE 42704' })
  })

  test('through a driver adapter: its words for the SQLSTATE it mapped, or the original code it carries', () => {
    expect(attributePrisma('prisma migrate deploy exited with code 1.', 'external connector error\nUnique constraint failed: User_email_key')).toMatchObject({ cause: 'data', code: 'SQLSTATE 23505' })
    expect(attributePrisma('external connector error\nNull constraint failed: name')).toMatchObject({ cause: 'data', code: 'SQLSTATE 23502' })
    expect(attributePrisma('external connector error\nNo such table: Legacy')).toMatchObject({ cause: 'migration', code: 'SQLSTATE 42P01' })
    expect(attributePrisma('external connector error {"originalCode":"42601","originalMessage":"syntax error at or near \\";\\""}')).toMatchObject({ cause: 'migration', code: 'SQLSTATE 42601' })
  })

  test('P1012: the CLI refused the schema', () => {
    const output = 'Error: Prisma schema validation - (get-config wasm)\nError code: P1012\nerror: The preview feature "metrics" is not known.'
    expect(attributePrisma(output)).toMatchObject({ cause: 'migrator', code: 'Prisma P1012' })
  })

  test('P1001: the CLI could not reach the copy', () => {
    expect(attributePrisma("Error: P1001: Can't reach database server")).toMatchObject({ cause: 'migrator', code: 'Prisma P1001' })
  })

  test('an engine download attempt', () => {
    const a = attributePrisma('Error: Failed to fetch the engine file at https://binaries.prisma.sh/all_commits/abc/debian-openssl-3.0.x/schema-engine.gz - 404 Not Found')
    expect(a).toMatchObject({ cause: 'migrator', code: 'engine download' })
  })

  test('nothing recognisable: not attributed', () => {
    expect(attributePrisma('Segmentation fault').cause).toBe('unknown')
  })
})
