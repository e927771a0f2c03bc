import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseDatabaseUrl, type DatabaseTarget } from '../../src/postgres/target.js'
import { ActionError } from '../../src/errors.js'
import { libpqEnv } from '../../src/postgres/libpq-env.js'
import * as session from '../../src/postgres/session.js'
import { env as envCheck } from '../../src/checks/env.js'
import type { Inputs } from '../../src/inputs.js'
import { actionInputs } from '../helpers/inputs.js'

/**
 * SPEC 10, one meaning for every connection parameter: the URL is read once with libpq's meaning;
 * a query parameter the action cannot honour identically in its own sessions, in pg_dump (PG*
 * variables) and in Prisma (the URL the action writes for it) is refused by name; the effective
 * TLS mode is the same for all three. No server needed: what a server decides is tested in
 * connection-tls.test.ts.
 */

const BASE = 'postgresql://deployer:pw@db.example.com:5432/app'

function parse(url: string): DatabaseTarget {
  return parseDatabaseUrl({ raw: url, source: "input 'database-url'" })
}

function refusal(url: string): ActionError {
  let err: unknown
  try {
    parse(url)
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(ActionError)
  return err as ActionError
}

// libpqEnv keeps its password file under RUNNER_TEMP, as on a runner.
let runnerTemp: string
beforeAll(() => {
  runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'conn-params-runner-'))
  process.env.RUNNER_TEMP = runnerTemp
})
afterAll(() => {
  delete process.env.RUNNER_TEMP
  fs.rmSync(runnerTemp, { recursive: true, force: true })
})

/** The PG* variables pg_dump would get. */
async function childVars(target: DatabaseTarget): Promise<NodeJS.ProcessEnv> {
  const e = await libpqEnv(target, 5000, 'test')
  await e.dispose()
  return e.env
}

describe('query parameters that redirect or reconfigure the connection are refused by name', () => {
  test.each([
    ['host', '/var/run/postgresql'],
    ['host', 'other.example.com'],
    ['hostaddr', '10.1.2.3'],
    ['port', '5433'],
    ['user', 'postgres'],
    ['dbname', 'otherdb'],
    ['service', 'prod'],
    ['servicefile', '/tmp/pg_service.conf'],
    ['passfile', '/tmp/pgpass'],
    ['options', '-c default_transaction_read_only=off'],
    ['target_session_attrs', 'read-write'],
    ['load_balance_hosts', 'random'],
    ['ssl', 'true'],
    ['requiressl', '1'],
    ['uselibpqcompat', 'true'],
    ['sslaccept', 'accept_invalid_certs'],
    ['sslidentity', '/tmp/id.p12'],
    ['sslpassword', 'key-passphrase'],
    ['connect_timeout', '3'],
    ['channel_binding', 'require'],
    ['gssencmode', 'disable'],
    ['sslnegotiation', 'direct'],
    ['client_encoding', 'LATIN1'],
    ['replication', 'database'],
    ['keepalives', '0'],
    ['socket', '/tmp'],
    ['unknown_thing', 'x']
  ])('?%s=%s', (name, value) => {
    const err = refusal(`${BASE}?sslmode=require&${name}=${encodeURIComponent(value)}`)
    expect(err.message).toContain(`sets the query parameter '${name}', which the action refuses`)
    expect(err.fix).toBeTruthy()
    // The refusal never shows the value (it may be a credential).
    if (value.length > 8) expect(`${err.message} ${err.fix}`).not.toContain(value)
  })

  test('the redirecting ones explain the redirect and the form to use', () => {
    const err = refusal(`postgresql://deployer:pw@127.0.0.1:5432/app?host=${encodeURIComponent('/tmp/other')}`)
    expect(err.message).toMatch(/redirects the connection/)
    expect(err.fix).toContain('postgresql://USER:PASSWORD@HOST:PORT/DATABASE')
  })

  test('a query host is named even when the URL has no host of its own', () => {
    expect(refusal('postgresql://deployer:pw@/app?host=/var/run/postgresql').message).toContain("'host'")
  })

  test('a parameter given twice is refused (libpq takes the last, URLSearchParams.get the first)', () => {
    const err = refusal(`postgresql://deployer:pw@127.0.0.1:5432/app?sslmode=disable&sslmode=require`)
    expect(err.message).toContain("sets the query parameter 'sslmode' more than once")
  })

  test.each([
    ['two hosts', 'postgresql://deployer:pw@db1.example.com,db2.example.com/app', /names several hosts/],
    ['two hosts with ports', 'postgresql://deployer:pw@db1.example.com:5432,db2.example.com:5433/app', /names several hosts/],
    ['a percent-encoded socket folder', 'postgresql://deployer:pw@%2Fvar%2Frun%2Fpostgresql/app', /Unix-domain socket/],
    ['a lower-case percent-encoded socket folder', 'postgresql://deployer:pw@%2fvar%2frun%2fpostgresql:5432/app', /Unix-domain socket/]
  ])('%s in the host part is refused', (_label, url, message) => {
    expect(refusal(url).message).toMatch(message)
  })

  test.each([
    ['a database name libpq would expand as a connection string', 'postgresql://deployer:pw@127.0.0.1:5432/host%3Dother%20dbname%3Dx', /read as a connection string/],
    ['a database name that is a URL', `postgresql://deployer:pw@127.0.0.1:5432/${encodeURIComponent('postgresql://other/x')}`, /names no database|read as a connection string/],
    ['no user (each client has its own default)', 'postgresql://127.0.0.1:5432/app', /names no user/],
    ['an empty user', 'postgresql://:pw@127.0.0.1:5432/app', /names no user/],
    ['pgbouncer with a value Prisma cannot read', 'postgresql://deployer:pw@127.0.0.1:5432/app?pgbouncer=1', /pgbouncer=1/]
  ])('%s is refused', (_label, url, message) => {
    expect(refusal(url).message).toMatch(message)
  })

  test('a password both before the host and in the query string is refused (libpq and Prisma would disagree)', () => {
    const err = refusal('postgresql://deployer:uno1secret@127.0.0.1:5432/app?password=dos2secret')
    expect(err.message).toMatch(/password both before the host and in the query string/)
    expect(`${err.message} ${err.fix}`).not.toMatch(/uno1secret|dos2secret/)
  })

  test('a password with a line break is refused before anything runs, without showing it (a libpq password file holds one per line)', () => {
    for (const encoded of ['line1%0Aline2', 'line1%0D%0Aline2', 'nul%00byte']) {
      const err = refusal(`postgresql://deployer:${encoded}@127.0.0.1:5432/app`)
      expect(err.message).toMatch(/password containing a line break or a NUL character \(not shown\)/)
      expect(`${err.message} ${err.fix}`).not.toMatch(/line1|line2|byte/)
    }
  })

  test("a query-string password is read as libpq reads it: '+' is a plus, not a space", () => {
    expect(parse('postgresql://deployer@127.0.0.1:5432/app?password=a+b%2Bc%20d').password).toBe('a+b+c d')
  })

  test('a query string made of part of an unencoded password is refused without showing it', () => {
    // `?` unencoded in the password: the URL parses with port 12 and the query 'Secr3tPart@db.example.com/app'.
    const err = refusal('postgresql://deployer:12?Secr3tPart@db.example.com/app')
    expect(err.message).toMatch(/not connection parameters/)
    expect(`${err.message} ${err.fix}`).not.toContain('Secr3tPart')
  })

  test("Prisma's own parameters are read as Prisma reads them: '+' in schema is a space", () => {
    const t = parse('postgresql://deployer:pw@127.0.0.1:5432/app?schema=Tenant+One')
    expect(t.schema).toBe('Tenant One')
    expect(new URL(t.childUrl).searchParams.get('schema')).toBe('Tenant One')
  })

  test('control: the accepted parameters pass', () => {
    const t = parse(`${BASE}?schema=app&sslmode=require&application_name=deploy&connection_limit=1&pool_timeout=20&pgbouncer=false`)
    expect(t.schema).toBe('app')
    expect(t.host).toBe('db.example.com')
  })
})

describe("the effective TLS mode is libpq's, the same for the sessions, pg_dump and Prisma", () => {
  // A file to name as sslrootcert (its content matters only to a server, not here).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conn-params-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const ca = path.join(dir, 'ca.crt')
  fs.writeFileSync(ca, 'not a real certificate\n')
  test.each([
    // url, effective mode, Prisma's sslmode, Prisma's sslaccept
    ['postgresql://u:p@127.0.0.1:5432/app', 'prefer', 'prefer', 'accept_invalid_certs'],
    ['postgresql://u:p@localhost:5432/app', 'prefer', 'prefer', 'accept_invalid_certs'],
    ['postgresql://u:p@[::1]:5432/app', 'prefer', 'prefer', 'accept_invalid_certs'],
    ['postgresql://u:p@127.0.0.1:5432/app?sslmode=disable', 'disable', 'disable', null],
    ['postgresql://u:p@db.example.com:5432/app', 'require', 'require', 'accept_invalid_certs'],
    ['postgresql://u:p@10.0.0.5:5432/app', 'require', 'require', 'accept_invalid_certs'],
    ['postgresql://u:p@db.localhost:5432/app', 'require', 'require', 'accept_invalid_certs'],
    ['postgresql://u:p@[::ffff:127.0.0.1]:5432/app', 'require', 'require', 'accept_invalid_certs'],
    ['postgresql://u:p@db.example.com:5432/app?sslmode=prefer', 'require', 'require', 'accept_invalid_certs'],
    ['postgresql://u:p@db.example.com:5432/app?sslmode=require', 'require', 'require', 'accept_invalid_certs'],
    [`postgresql://u:p@db.example.com:5432/app?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`, 'verify-full', 'require', 'strict'],
    ['postgresql://u:p@db.example.com:5432/app?sslmode=verify-full&sslrootcert=system', 'verify-full', 'require', 'strict'],
    [`postgresql://u:p@db.example.com:5432/app?sslmode=verify-ca&sslrootcert=${encodeURIComponent(ca)}`, 'verify-ca', 'require', null],
    [`postgresql://u:p@db.example.com:5432/app?sslmode=require&sslrootcert=${encodeURIComponent(ca)}`, 'verify-ca', 'require', null]
  ])('%s → %s', async (url, mode, prismaMode, prismaAccept) => {
    const t = parse(url)
    expect(t.tls.mode).toBe(mode)
    // pg_dump / pg_restore
    const vars = await childVars(t)
    expect(vars.PGSSLMODE).toBe(mode)
    expect(vars.PGHOST).toBe(t.host)
    // Prisma
    const child = new URL(t.childUrl)
    expect(child.searchParams.get('sslmode')).toBe(prismaMode)
    expect(child.searchParams.get('sslaccept')).toBe(prismaAccept)
    expect(child.hostname.replace(/^\[|\]$/g, '')).toBe(t.host)
    expect(Number(child.port)).toBe(t.port)
    expect(decodeURIComponent(child.password)).toBe('p')
    // the action's own sessions
    const ssl = session.pgSslConfig(t.tls)
    if (mode === 'disable') expect(ssl).toBe(false)
    else if (mode === 'prefer' || mode === 'require') expect(ssl).toMatchObject({ rejectUnauthorized: false })
    else expect(ssl).toMatchObject({ rejectUnauthorized: true })
  })

  test('a certificate path is made absolute for every client (Prisma would resolve it against the schema folder)', async () => {
    const t = parse('postgresql://u:p@db.example.com:5432/app?sslmode=verify-full&sslrootcert=certs/ca.pem')
    const absolute = path.resolve(process.cwd(), 'certs/ca.pem')
    expect(t.tls.rootCert).toBe(absolute)
    expect((await childVars(t)).PGSSLROOTCERT).toBe(absolute)
    expect(new URL(t.childUrl).searchParams.get('sslcert')).toBe(absolute)
  })

  test('without sslrootcert, pg_dump is kept from reading ~/.postgresql/root.crt and a default client certificate', async () => {
    const vars = await childVars(parse('postgresql://u:p@db.example.com:5432/app?sslmode=require'))
    for (const name of ['PGSSLROOTCERT', 'PGSSLCERT', 'PGSSLKEY']) expect(vars[name]).toMatch(/^\/dev\/null\//)
  })

  test('verify-ca has no Prisma equivalent: a reason is kept, and the prisma migrator is refused in verify', async () => {
    const url = `postgresql://u:p@db.example.com:5432/app?sslmode=verify-ca&sslrootcert=${encodeURIComponent(ca)}`
    expect(parse(url).prismaProblem).toMatch(/verify the certificate authority without also checking the host name/)
    const run = async (migrator: 'prisma' | 'builtin'): Promise<string> => envCheck.run({ inputs: await inputsFor(url, migrator), env: {}, pgToolsSearch: Promise.resolve([]) })
    await expect(run('prisma')).rejects.toThrow(/cannot be given to Prisma/)
    await expect(run('builtin')).resolves.toContain('verify-ca')
  })

  test('a client certificate is presented by the sessions and pg_dump alike; Prisma is refused (PKCS#12 only)', async () => {
    const cert = path.join(dir, 'client.crt')
    const key = path.join(dir, 'client.key')
    fs.writeFileSync(cert, 'client certificate\n')
    fs.writeFileSync(key, 'client key\n', { mode: 0o600 })
    const t = parse(`postgresql://u:p@db.example.com:5432/app?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}&sslcert=${encodeURIComponent(cert)}&sslkey=${encodeURIComponent(key)}`)
    const ssl = session.pgSslConfig(t.tls) as { cert: Buffer; key: Buffer; ca: Buffer }
    expect(ssl.cert.toString()).toBe('client certificate\n')
    expect(ssl.key.toString()).toBe('client key\n')
    expect(ssl.ca.toString()).toBe('not a real certificate\n')
    const vars = await childVars(t)
    expect([vars.PGSSLCERT, vars.PGSSLKEY, vars.PGSSLROOTCERT]).toEqual([cert, key, ca])
    expect(t.prismaProblem).toMatch(/PKCS#12/)
  })

  test.each([
    ['sslmode=allow', /sslmode=allow, which the action does not accept/],
    ['sslmode=verify-full', /without sslrootcert/],
    ['sslmode=verify-ca', /without sslrootcert/],
    ['sslmode=require&sslrootcert=system', /sslrootcert=system with sslmode=require/],
    ['sslmode=REQUIRE', /sslmode=REQUIRE, which the action does not accept/],
    ['sslmode=require&sslcert=client.crt', /sslcert without sslkey/]
  ])('%s is refused', (query, message) => {
    expect(refusal(`${BASE}?${query}`).message).toMatch(message)
  })
})

describe('the printed form of the URL', () => {
  test('shows only scheme, user, host, port, database and harmless parameters', () => {
    const t = parse('postgresql://deployer:hunter2@db.example.com:5432/app?schema=app&sslmode=require&application_name=deploy')
    expect(t.redacted).toBe('postgresql://deployer:***@db.example.com:5432/app?schema=app&sslmode=require&application_name=deploy')
  })

  test('a password in the query string is shown as ***', () => {
    const t = parse('postgresql://deployer@db.example.com:5432/app?password=hunter2&sslmode=require')
    expect(t.redacted).toBe('postgresql://deployer@db.example.com:5432/app?password=***&sslmode=require')
  })
})

function inputsFor(url: string, migrator: Inputs['migrator'] = 'builtin'): Promise<Inputs> {
  return actionInputs(os.tmpdir(), { 'database-url': url, migrator })
}
