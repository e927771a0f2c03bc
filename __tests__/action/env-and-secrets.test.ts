import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { readInputs, readPhase, type Inputs } from '../../src/inputs.js'
import { env as envCheck } from '../../src/checks/env.js'
import { ActionError, InputError } from '../../src/errors.js'
import { freePort } from '../../test-support/pg-cluster.mjs'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, type Project } from '../helpers/suite.js'
import { actionInputs } from '../helpers/inputs.js'

/**
 * SPEC 3.2 (the env check), SPEC 7 (no secret in any output) and the validation of the inputs.
 * A password made of URL-special characters must never appear, raw or transformed, outside the
 * `::add-mask::` lines that register it.
 */

const PASSWORD = `p:/@%+ss word#?&="'\\;~`
const WRONG_PASSWORD = `wr:/@%+ng pass#?&="'\\;`

const pg = useCluster({ password: PASSWORD })
let project: Project
let db: string

beforeAll(async () => {
  const migrations = generatedMigrations(4)
  project = tempProject({ migrations })
  db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, migrations.slice(0, 3)))
})

/** verify through dist/index.js in the test project, with an explicit environment. */
function verify(inputs: Record<string, string>, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runAction({
    workspace: project.root,
    inputs: { phase: 'verify', migrator: 'builtin', 'connect-timeout': '5', ...inputs },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined, ...env }
  })
}

/** The values registered with `::add-mask::`, decoded from the workflow-command escaping. */
function maskedValues(r: RunResult): string[] {
  return r.stdout
    .split('\n')
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => line.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

function summaryRow(r: RunResult, check: string): string {
  return new RegExp(`<code>${check}</code></td><td>([^<]*)</td>`).exec(r.summary)?.[1] ?? '<no row>'
}

describe('env check through dist/index.js', () => {
  test('no URL at all (no input, no DATABASE_URL) fails naming both sources and the fix', async () => {
    const r = await verify({}, { DATABASE_URL: undefined })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain("No database URL: the input 'database-url' is empty and DATABASE_URL is not set.")
    expect(error).toContain('database-url: ${{ secrets.DATABASE_URL }}')
    expect(summaryRow(r, 'safety-guards')).toContain('passed')
    expect(summaryRow(r, 'env')).toContain('failed')
    expect(summaryRow(r, 'connection')).toContain('skipped')
  })

  test('an empty DATABASE_URL counts as missing', async () => {
    const r = await verify({ 'database-url': '' }, { DATABASE_URL: '   ' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('No database URL')
  })

  test('DATABASE_URL is the fallback when the input is empty', async () => {
    const r = await verify({}, { DATABASE_URL: pg.cluster.url({ database: db }) })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('(from environment variable DATABASE_URL)')
    expect(r.outputs['pending-count']).toBe('1')
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  })

  test('the input wins over DATABASE_URL', async () => {
    const r = await verify({ 'database-url': pg.cluster.url({ database: db }) }, { DATABASE_URL: 'postgresql://nobody:x@127.0.0.1:1/none' })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("(from input 'database-url')")
  })

  test.each([
    ['a non-numeric port', 'postgresql://deployer:pw@db.example.com:notaport/app'],
    ['no scheme separator', 'postgresql//deployer:pw@db.example.com/app'],
    ['plain words', 'my database']
  ])('a malformed URL (%s) fails naming the problem and the expected form', async (_label, url) => {
    const r = await verify({ 'database-url': url })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain("The database URL (input 'database-url') is not a valid URL.")
    expect(error).toContain('postgresql://USER:PASSWORD@HOST:5432/DATABASE')
    expect(error).toMatch(/percent-encode/)
    expect(summaryRow(r, 'env')).toContain('failed')
  })

  test('a mysql:// URL is refused: PostgreSQL only', async () => {
    const r = await verify({ 'database-url': `mysql://root:pw@127.0.0.1:${pg.cluster.port}/app` })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain("uses the scheme 'mysql://', not PostgreSQL")
    expect(error).toContain('postgresql:// or postgres:// URL')
  })

  test.each([
    ['no host', 'postgresql:///app', 'has no host', 'postgresql://USER:PASSWORD@HOST'],
    ['no database', 'postgresql://u:pw@db.example.com:5432/', 'names no database', 'Add the database name']
  ])('a URL with %s is refused', async (_label, url, problem, fix) => {
    const r = await verify({ 'database-url': url })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain(problem)
    expect(error).toContain(fix)
  })

  test('the postgres:// scheme is accepted like postgresql://', async () => {
    const r = await verify({ 'database-url': pg.cluster.url({ database: db }).replace(/^postgresql:/, 'postgres:') })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
  })

  test.each([
    ['pgbouncer=true', () => pg.cluster.url({ database: db, params: { pgbouncer: 'true' } }), "it sets 'pgbouncer=true'"],
    ['port 6543', () => `postgresql://postgres:pw@127.0.0.1:6543/${db}`, 'it uses port 6543'],
    ['a pooler host', () => 'postgresql://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres', "its host 'aws-0-eu-central-1.pooler.supabase.com' is a connection pooler"]
  ])('a pooler URL (%s) is refused: migrations need a direct connection', async (_label, url, why) => {
    const r = await verify({ 'database-url': url() })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain(`The database URL points at a connection pooler: ${why}`)
    expect(error).toMatch(/direct connection/)
    expect(error).toMatch(/directUrl/)
    expect(summaryRow(r, 'env')).toContain('failed')
    expect(summaryRow(r, 'connection')).toContain('skipped')
  })

  test.each(['db.example.com', '10.0.0.5', 'localhost.example.com'])('sslmode=disable towards %s is refused', async host => {
    const r = await verify({ 'database-url': `postgresql://deployer:pw@${host}:5432/app?sslmode=disable` })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain(`sets sslmode=disable towards '${host}'`)
    expect(error).toMatch(/unencrypted/)
    expect(error).toMatch(/sslmode=require/)
  })

  test.each([
    ['verify', 'host', '/var/run/postgresql'],
    ['verify', 'port', '5433'],
    ['backup', 'host', '/var/run/postgresql'],
    ['backup', 'dbname', 'postgres'],
    ['deploy', 'host', 'other.example.com']
  ])('%s: a URL whose ?%s= would redirect libpq and Prisma elsewhere is refused, naming the parameter', async (phase, name, value) => {
    const url = pg.cluster.url({ database: db, params: { [name]: value } })
    // Outside the workspace, as a backup folder must be.
    const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-out-'))
    const r = await runAction({
      workspace: project.root,
      eventName: 'push',
      inputs: { phase, 'database-url': url, migrator: 'builtin', 'connect-timeout': '5', 'backup-dir': backupDir },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined }
    }).finally(() => fs.rmSync(backupDir, { recursive: true, force: true }))
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`sets the query parameter '${name}', which the action refuses: it redirects the connection`)
    expect(errorOf(r)).toContain('postgresql://USER:PASSWORD@HOST:PORT/DATABASE')
  })

  test.each(['verify', 'deploy'])('%s with migrator prisma: a TLS mode Prisma cannot express (verify-ca) is refused before anything runs', async phase => {
    const url = pg.cluster.url({ database: db, params: { sslmode: 'verify-ca', sslrootcert: 'ca.crt' } })
    const r = await runAction({
      workspace: project.root,
      eventName: 'push',
      inputs: { phase, 'database-url': url, migrator: 'prisma', 'connect-timeout': '5' },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined }
    })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('cannot be given to Prisma')
    expect(errorOf(r)).toContain('migrator: builtin')
    expect(r.stdout).not.toContain('Recovery runbook')
  })

  test('sslmode=disable towards 127.0.0.1 is allowed and verify succeeds', async () => {
    const r = await verify({ 'database-url': pg.cluster.url({ database: db, params: { sslmode: 'disable' } }) })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(summaryRow(r, 'env')).toContain('passed')
  })

  test('a missing required-env name is refused and named; the ones that are set are not', async () => {
    const r = await verify(
      { 'database-url': pg.cluster.url({ database: db }), 'required-env': 'APP_SECRET, SENTRY_DSN\nEMPTY_ONE' },
      { SENTRY_DSN: 'https://dsn.example', APP_SECRET: undefined, EMPTY_ONE: '' }
    )
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain('Required environment variables are not set: APP_SECRET, EMPTY_ONE.')
    expect(error).not.toContain('SENTRY_DSN')
    expect(error).toMatch(/`env:`/)
    expect(error).toMatch(/'required-env'/)
    expect(summaryRow(r, 'env')).toContain('failed')
    expect(summaryRow(r, 'connection')).toContain('skipped')
  })

  test('required-env passes when every name is set', async () => {
    const r = await verify({ 'database-url': pg.cluster.url({ database: db }), 'required-env': 'APP_SECRET,SENTRY_DSN' }, { APP_SECRET: 's3cr3t', SENTRY_DSN: 'x' })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('required env set: APP_SECRET, SENTRY_DSN')
    expect(r.stdout).not.toContain('s3cr3t')
  })

  test.each(['MY-TOKEN', '1ST', 'API KEY'])('an invalid required-env entry %p is refused, naming the input and the fix', async name => {
    const r = await verify({ 'database-url': pg.cluster.url({ database: db }), 'required-env': `GOOD_NAME,${name}` }, { GOOD_NAME: 'x' })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain(`Input 'required-env' contains '${name}', which is not an environment variable name.`)
    expect(error).toMatch(/names only/)
  })
})

describe('env check (pure)', () => {
  const workspace = os.tmpdir()
  async function run(url: string | undefined, env: NodeJS.ProcessEnv = {}, requiredEnv: string[] = []): Promise<string> {
    const inputs = await actionInputs(workspace, { migrator: 'builtin', ...(url === undefined ? {} : { 'database-url': url }), 'required-env': requiredEnv.join(',') })
    return envCheck.run({ inputs, env, pgToolsSearch: Promise.resolve([]) })
  }

  test.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])('sslmode=disable towards %s passes', async host => {
    await expect(run(`postgresql://deployer:pw@${host}:5432/app?sslmode=disable`)).resolves.toContain('postgresql://deployer:***@')
  })

  test.each([
    ['postgresql://deployer:pw@db.example.com:5432/app?pgbouncer=true', /pooler/],
    ['postgresql://deployer:pw@db.example.com:6543/app', /port 6543/],
    ['postgresql://deployer:pw@my-POOLER.example.com/app', /connection pooler/],
    ['postgresql://deployer:pw@db.example.com/app?sslmode=disable', /sslmode=disable/],
    ['mysql://deployer:pw@db.example.com/app', /scheme 'mysql:\/\/'/],
    ['not a url', /not a valid URL/],
    [undefined, /No database URL/]
  ])('%p is refused with an ActionError', async (url, message) => {
    const err = await run(url).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ActionError)
    expect((err as ActionError).message).toMatch(message)
    expect((err as ActionError).fix).toBeTruthy()
  })

  test('a direct remote URL with TLS passes, and the result shows only the redacted URL', async () => {
    const detail = await run('postgresql://deployer:hunter2@db.example.com:5432/app?sslmode=require&schema=app', { TOKEN: 'x' }, ['TOKEN'])
    expect(detail).toContain("schema 'app'")
    expect(detail).toContain('required env set: TOKEN')
    expect(detail).not.toContain('hunter2')
  })

  test('required-env reads the given environment, not the process environment', async () => {
    await expect(run('postgresql://u:p@127.0.0.1/app', {}, ['PATH'])).rejects.toThrow('Required environment variables are not set: PATH.')
  })
})

describe('secrets never appear in any output', () => {
  function expectNoLeak(r: RunResult, ...secrets: string[]): void {
    for (const secret of secrets) {
      expect(findSecretLeaks(secret, allTexts(r))).toEqual([])
    }
  }
  function expectMasked(r: RunResult, secret: string, url?: string): void {
    const masked = maskedValues(r)
    expect(masked).toContain(secret)
    expect(masked).toContain(encodeURIComponent(secret))
    if (url !== undefined) expect(masked).toContain(url)
  }

  test('control: the scan does find a password that is printed', () => {
    const fake: RunResult = {
      code: 0,
      signal: null,
      stdout: `::add-mask::${PASSWORD}\nconnecting with ${encodeURIComponent(PASSWORD)}\n`,
      stderr: '',
      outputs: {},
      state: {},
      summary: '',
      durationMs: 0
    }
    expect(findSecretLeaks(PASSWORD, allTexts(fake))).toHaveLength(1)
  })

  test('a successful verify (URL from the input)', async () => {
    const url = pg.cluster.url({ database: db })
    const r = await verify({ 'database-url': url })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['pending-count']).toBe('1')
    expect(r.summary).toContain('postgresql://postgres:***@127.0.0.1')
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('a successful verify (URL from DATABASE_URL)', async () => {
    const url = pg.cluster.url({ database: db })
    const r = await verify({}, { DATABASE_URL: url })
    expect(r.code).toBe(0)
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('a successful verify with the password in the query string', async () => {
    const url = `postgresql://postgres@127.0.0.1:${pg.cluster.port}/${db}?password=${encodeURIComponent(PASSWORD)}`
    const r = await verify({ 'database-url': url })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('a wrong password', async () => {
    const url = pg.cluster.url({ database: db, password: WRONG_PASSWORD })
    const r = await verify({ 'database-url': url })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain("Authentication failed for user 'postgres'")
    expect(error).toMatch(/percent-encode/)
    expectNoLeak(r, WRONG_PASSWORD, PASSWORD)
    expectMasked(r, WRONG_PASSWORD, url)
  })

  test('a malformed URL that holds the raw, unencoded password', async () => {
    const url = `postgresql://postgres:${PASSWORD}@127.0.0.1:${pg.cluster.port}/${db}`
    const r = await verify({ 'database-url': url })
    const error = errorOf(r)
    expect(r.code).not.toBe(0)
    expect(error).toContain('is not a valid URL')
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('a malformed URL (bad port) with the encoded password, from DATABASE_URL', async () => {
    const url = `postgresql://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:port/${db}`
    const r = await verify({}, { DATABASE_URL: url })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('(environment variable DATABASE_URL) is not a valid URL')
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('a pooler refusal', async () => {
    const url = pg.cluster.url({ database: db, params: { pgbouncer: 'true' } })
    const r = await verify({ 'database-url': url })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('connection pooler')
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('an sslpassword (a client key passphrase) is never printed: refused by name, not shown in the log or summary', async () => {
    const keyPassphrase = `K3y:/@%+pass phrase'"`
    const url = pg.cluster.url({ database: db, params: { sslmode: 'require', sslpassword: keyPassphrase } })
    const r = await verify({ 'database-url': url })
    expectNoLeak(r, keyPassphrase, PASSWORD)
    // Also as a query string spells it (form-encoded: '+' for spaces, quotes percent-encoded).
    const formEncoded = new URLSearchParams({ k: keyPassphrase }).toString().slice(2)
    expect(
      Object.values(allTexts(r))
        .flatMap(t => t.split('\n'))
        .filter(l => !l.startsWith('::add-mask::') && l.includes(formEncoded))
    ).toEqual([])
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("sets the query parameter 'sslpassword', which the action refuses")
    expect(maskedValues(r)).toContain(keyPassphrase)
  })

  test('a password given twice (before the host and in the query) is refused without showing either', async () => {
    const other = 'qu3ry:/@%+pass'
    const url = `${pg.cluster.url({ database: db })}?password=${encodeURIComponent(other)}`
    const r = await verify({ 'database-url': url })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('has a password both before the host and in the query string')
    expectNoLeak(r, other, PASSWORD)
  })

  test('an unreachable port', async () => {
    const port = await freePort()
    const url = `postgresql://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${db}`
    const r = await verify({ 'database-url': url })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain(`Connection refused at 127.0.0.1:${port}`)
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('a database that does not exist', async () => {
    const url = pg.cluster.url({ database: 'no_such_db' })
    const r = await verify({ 'database-url': url })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("Database 'no_such_db' does not exist")
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })

  test('an input error after the URL was read', async () => {
    const url = pg.cluster.url({ database: db })
    const r = await verify({ 'database-url': url, 'connect-timeout': 'soon' })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("Input 'connect-timeout'")
    expectNoLeak(r, PASSWORD)
    expectMasked(r, PASSWORD, url)
  })
})

describe('input validation (readInputs)', () => {
  let workspace: string
  let outside: string
  let savedInputs: Record<string, string | undefined>

  beforeEach(() => {
    savedInputs = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')))
    for (const k of Object.keys(savedInputs)) delete process.env[k]
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-ws-'))
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-outside-'))
  })

  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k]
    Object.assign(process.env, savedInputs)
    fs.rmSync(workspace, { recursive: true, force: true })
    fs.rmSync(outside, { recursive: true, force: true })
  })

  async function read(inputs: Record<string, string>): Promise<Inputs> {
    for (const [name, value] of Object.entries({ phase: 'verify', ...inputs })) {
      process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
    return readInputs({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: path.join(workspace, '_temp') })
  }

  async function inputError(inputs: Record<string, string>): Promise<InputError> {
    try {
      await read(inputs)
    } catch (err) {
      expect(err).toBeInstanceOf(InputError)
      return err as InputError
    }
    throw new Error(`readInputs accepted ${JSON.stringify(inputs)}`)
  }

  test('control: the defaults are read and valid values are accepted', async () => {
    const defaults = await read({})
    expect(defaults.database.given).toBeUndefined()
    expect(defaults).toMatchObject({
      phase: 'verify',
      workspace,
      workingDirectory: workspace,
      schemaPath: path.join(workspace, 'prisma', 'schema.prisma'),
      migrationsDir: path.join(workspace, 'prisma', 'migrations'),
      connectTimeoutMs: 10_000,
      migrator: 'prisma',
      backupFormat: 'custom',
      lockTimeoutMs: 10_000,
      backupDir: path.join(workspace, '_temp', 'db-backup')
    })
    const set = await read({ 'connect-timeout': '300', migrator: 'builtin', 'backup-format': 'directory', 'lock-timeout': '500ms', 'working-directory': 'apps/api' })
    expect(set).toMatchObject({
      connectTimeoutMs: 300_000,
      migrator: 'builtin',
      backupFormat: 'directory',
      lockTimeoutMs: 500,
      workingDirectory: path.join(workspace, 'apps', 'api'),
      schemaPath: path.join(workspace, 'apps', 'api', 'prisma', 'schema.prisma')
    })
    expect((await read({ 'lock-timeout': '2m' })).lockTimeoutMs).toBe(120_000)
    expect((await read({ 'lock-timeout': '15' })).lockTimeoutMs).toBe(15_000)
  })

  test('the environment passed in decides DATABASE_URL, not the process environment', async () => {
    const saved = process.env.DATABASE_URL
    process.env.DATABASE_URL = 'postgresql://u:p@127.0.0.1/app'
    try {
      expect((await read({})).database.given).toBeUndefined()
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = saved
    }
  })

  test.each(['abc', '10s', '1.5', '-5'])('connect-timeout %p is refused as not a whole number', async value => {
    const err = await inputError({ 'connect-timeout': value })
    expect(err.message).toContain(`Input 'connect-timeout' must be a whole number of seconds, got '${value}'.`)
    expect(err.fix).toContain('Set `connect-timeout:` to a number from 1 to 300')
  })

  test.each(['0', '301', '99999'])('connect-timeout %p is refused as out of range', async value => {
    const err = await inputError({ 'connect-timeout': value })
    expect(err.message).toContain(`Input 'connect-timeout' must be between 1 and 300 seconds, got ${Number(value)}.`)
    expect(err.fix).toContain('Set `connect-timeout:` to a number from 1 to 300')
  })

  test.each(['Prisma', 'flyway', 'prisma,builtin', 'none'])('migrator %p is refused, listing the valid values', async value => {
    const err = await inputError({ migrator: value })
    expect(err.message).toContain(`Input 'migrator' has an unknown value '${value}'.`)
    expect(err.fix).toContain('Valid values: prisma, builtin')
  })

  test.each(['tar', 'plain', 'Custom', 'sql'])('backup-format %p is refused, listing the valid values', async value => {
    const err = await inputError({ 'backup-format': value })
    expect(err.message).toContain(`Input 'backup-format' has an unknown value '${value}'.`)
    expect(err.fix).toContain('Valid values: custom, directory')
  })

  test.each(['forever', '10h', '1.5s', '-1s', 'ten seconds'])('lock-timeout %p is refused as not a duration', async value => {
    const err = await inputError({ 'lock-timeout': value })
    expect(err.message).toContain(`Input 'lock-timeout' must be a duration like '10s', '500ms' or '1m', got '${value}'.`)
    expect(err.fix).toContain('Set `lock-timeout:` to a duration')
  })

  test.each(['0', '0ms', '0s', '61m'])('lock-timeout %p is refused as out of range', async value => {
    const err = await inputError({ 'lock-timeout': value })
    expect(err.message).toContain(`Input 'lock-timeout' must be between 1ms and 60m, got '${value}'.`)
    expect(err.fix).toContain('Set `lock-timeout:`')
  })

  test.each([
    ['../x', () => '../x'],
    ['sub/../../x', () => 'sub/../../x'],
    ['an absolute path elsewhere', () => outside],
    ['the parent of the workspace', () => path.dirname(workspace)],
    ['/', () => '/']
  ])('working-directory %s (outside the workspace) is refused', async (_label, value) => {
    const err = await inputError({ 'working-directory': value() })
    expect(err.message).toContain(`Input 'working-directory' points outside the workspace: '${value()}'.`)
    expect(err.fix).toContain('Give a path inside the repository checkout ($GITHUB_WORKSPACE)')
  })

  test('working-directory through a symbolic link that leaves the workspace is refused', async () => {
    fs.symlinkSync(outside, path.join(workspace, 'escape'))
    const err = await inputError({ 'working-directory': 'escape/app' })
    expect(err.message).toContain("Input 'working-directory' resolves through a symbolic link to a place outside the workspace: 'escape/app'.")
    expect(err.fix).toContain('$GITHUB_WORKSPACE')
  })

  test('an absolute working-directory inside the workspace is accepted', async () => {
    expect((await read({ 'working-directory': path.join(workspace, 'app') })).workingDirectory).toBe(path.join(workspace, 'app'))
  })

  test.each([
    ['schema', '../../schema.prisma'],
    ['migrations-dir', '../../migrations']
  ])('%s outside the workspace is refused', async (name, value) => {
    const err = await inputError({ [name]: value })
    expect(err.message).toContain(`Input '${name}' points outside the workspace`)
  })

  test('the default migrations folder (beside the schema) through a symbolic link that leaves the workspace is refused', async () => {
    fs.mkdirSync(path.join(workspace, 'prisma'))
    fs.writeFileSync(path.join(workspace, 'prisma', 'schema.prisma'), '')
    fs.symlinkSync(outside, path.join(workspace, 'prisma', 'migrations'))
    const err = await inputError({})
    expect(err.message).toContain("Input 'migrations-dir' resolves through a symbolic link to a place outside the workspace: 'prisma/migrations' (not set: its default, beside the schema).")
  })

  test('the default schema through a symbolic link that leaves the workspace is refused', async () => {
    fs.symlinkSync(outside, path.join(workspace, 'prisma'))
    const err = await inputError({})
    expect(err.message).toContain("Input 'schema' resolves through a symbolic link to a place outside the workspace: 'prisma/schema.prisma'.")
  })

  test.each([
    ['working-directory', '..prisma'],
    ['working-directory', '..app/sub'],
    ['schema', '..prisma/schema.prisma'],
    ['migrations-dir', '..migrations']
  ])('%s %p, a folder whose name starts with two dots, is inside the workspace', async (name, value) => {
    fs.mkdirSync(path.join(workspace, value.split('/')[0]))
    const inputs = await read({ [name]: value })
    const key = ({ 'working-directory': 'workingDirectory', schema: 'schemaPath', 'migrations-dir': 'migrationsDir' } as const)[name as 'schema']
    expect(inputs[key]).toBe(path.join(workspace, value))
  })

  test('a symbolic link that stays inside the workspace is accepted', async () => {
    fs.mkdirSync(path.join(workspace, 'real', 'prisma'), { recursive: true })
    fs.symlinkSync(path.join(workspace, 'real'), path.join(workspace, 'app'))
    expect((await read({ 'working-directory': 'app' })).migrationsDir).toBe(path.join(workspace, 'app', 'prisma', 'migrations'))
  })

  test('pg-bin-dir, backup-dir and backup-path are places on the runner: relative to the workspace, absolute as given', async () => {
    const inputs = await read({ 'pg-bin-dir': '/usr/lib/postgresql/17/bin', 'backup-dir': path.join(outside, 'b'), 'backup-path': 'backups/db.dump' })
    expect(inputs.pgBinDir).toBe('/usr/lib/postgresql/17/bin')
    expect(inputs.backupDir).toBe(path.join(outside, 'b'))
    expect(inputs.backupPath).toBe(path.join(workspace, 'backups', 'db.dump'))
  })

  test.each([
    ['', "Input 'phase' is required."],
    ['ship', "Input 'phase' has an unknown value 'ship'."]
  ])('phase %p is refused listing the valid phases', (value, message) => {
    process.env.INPUT_PHASE = value
    let err: unknown
    try {
      readPhase()
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).message).toContain(message)
    expect((err as InputError).fix).toContain('verify, backup, rehearse, deploy')
  })
})
