import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, type Project } from '../helpers/suite.js'
import { openSession, closeSession } from '../../src/postgres/session.js'
import { libpqEnv } from '../../src/postgres/libpq-env.js'
import { parseDatabaseUrl } from '../../src/postgres/target.js'

/**
 * SPEC 10, TLS by default, against a TLS-enabled throwaway server (a self-signed certificate made
 * with openssl) whose pg_hba.conf uses `password` authentication: the password then crosses the
 * connection in clear unless TLS protects it. A relay on 127.0.0.1 records every byte between the
 * action and the server; the password must never be among them, and the server must see TLS.
 */

const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const PASSWORD = 'tls:/@%+ pass word'
const MIGRATIONS = generatedMigrations(2)
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])

/**
 * A name for this machine that is not loopback by its text but that /etc/hosts maps to 127.0.0.1
 * (the machine's own host name, usually): it stands for a remote host without leaving the machine.
 * Read from /etc/hosts only, never looked up in DNS.
 */
function loopbackAlias(): string | undefined {
  let hosts: string
  try {
    hosts = fs.readFileSync('/etc/hosts', 'utf8')
  } catch {
    return undefined
  }
  const names = hosts
    .split('\n')
    .map(line => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter(([address]) => address === '127.0.0.1')
    .flatMap(([, ...rest]) => rest)
    .filter(name => name !== 'localhost' && !name.endsWith('.localhost') && /^[a-z0-9.-]+$/i.test(name))
  return names.includes(os.hostname()) ? os.hostname() : names[0]
}
const ALIAS = loopbackAlias()
const withAlias = ALIAS ? test : test.skip
if (!ALIAS) console.log('connection-tls: no name in /etc/hosts maps to 127.0.0.1; the remote-host tests are skipped.')

const pg = useCluster(() => ({
  // The certificate names the alias and 127.0.0.1, not `localhost`: a host-name check to
  // localhost fails while a CA-only check passes.
  tls: { names: [...(ALIAS ? [ALIAS] : []), '127.0.0.1'] },
  hba: ['hostnossl all postgres 127.0.0.1/32 scram-sha-256', 'hostssl all postgres 127.0.0.1/32 scram-sha-256', 'host all deployer 127.0.0.1/32 password']
}))

let project: Project
let db: string
let scratch: string

/** The relay: every connection's bytes, both directions, as they crossed 127.0.0.1. */
interface Recorded {
  fromClient: Buffer[]
  fromServer: Buffer[]
}
let relay: net.Server
let relayPort: number
const recorded: Recorded[] = []

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'conn-tls-'))
  // libpqEnv keeps its password file under RUNNER_TEMP, as on a runner.
  process.env.RUNNER_TEMP = scratch
  project = tempProject({ migrations: MIGRATIONS })
  await pg.cluster.query(`CREATE ROLE deployer LOGIN PASSWORD '${PASSWORD.replace(/'/g, "''")}'`)
  db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, MIGRATIONS.slice(0, 1)))
  await pg.cluster.query(`ALTER DATABASE "${db}" OWNER TO deployer`)
  await pg.cluster.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO deployer', [], db)
  await pg.cluster.query('GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO deployer', [], db)
  // The role deploy would act as: verify checks that it may write the books.
  await pg.cluster.query('GRANT INSERT, UPDATE ON _prisma_migrations TO deployer', [], db)
  relay = net.createServer(client => {
    const record: Recorded = { fromClient: [], fromServer: [] }
    recorded.push(record)
    const server = net.connect(pg.cluster.port, '127.0.0.1')
    client.on('data', d => {
      record.fromClient.push(Buffer.from(d))
      server.write(d)
    })
    server.on('data', d => {
      record.fromServer.push(Buffer.from(d))
      client.write(d)
    })
    client.on('close', () => server.destroy())
    server.on('close', () => client.destroy())
    client.on('error', () => server.destroy())
    server.on('error', () => client.destroy())
  })
  await new Promise<void>(resolve => relay.listen(0, '127.0.0.1', resolve))
  relayPort = (relay.address() as net.AddressInfo).port
}, 120_000)

afterAll(async () => {
  await new Promise<void>(resolve => (relay ? relay.close(() => resolve()) : resolve()))
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
  delete process.env.RUNNER_TEMP
})

function url(host: string, port: number, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString()
  return `postgresql://deployer:${encodeURIComponent(PASSWORD)}@${host}:${port}/${db}${query ? `?${query}` : ''}`
}

function run(phase: 'verify' | 'backup', databaseUrl: string, extra: Record<string, string> = {}): Promise<RunResult> {
  const home = fs.mkdtempSync(path.join(scratch, 'home-'))
  return runAction({
    workspace: project.root,
    env: { ...GUARDED_ENV, PATH: STANDARD_PATH, HOME: home, TMPDIR: fs.mkdtempSync(path.join(scratch, 'tmp-')) },
    eventName: 'push',
    inputs: { phase, 'database-url': databaseUrl, migrator: 'builtin', 'connect-timeout': '10', ...extra },
    timeoutMs: 120_000
  })
}

/** Every password form that could cross a connection in clear. */
function passwordIn(bytes: Buffer): boolean {
  return [PASSWORD, encodeURIComponent(PASSWORD)].some(form => bytes.includes(Buffer.from(form, 'utf8')))
}

/** Runs `work`, then checks what crossed the relay meanwhile: TLS from the first byte, no password. */
async function throughRelay(work: () => Promise<void>): Promise<Recorded[]> {
  const first = recorded.length
  await work()
  const mine = recorded.slice(first)
  expect(mine.length).toBeGreaterThan(0)
  for (const c of mine) {
    const fromClient = Buffer.concat(c.fromClient)
    expect(passwordIn(fromClient)).toBe(false)
    expect(passwordIn(Buffer.concat(c.fromServer))).toBe(false)
    expect(fromClient.subarray(0, 8).equals(SSL_REQUEST)).toBe(true)
  }
  return mine
}

async function sslOfSession(databaseUrl: string): Promise<boolean> {
  const target = parseDatabaseUrl({ raw: databaseUrl, source: "input 'database-url'" })
  const session = await openSession(target, { readOnly: true, connectTimeoutMs: 10_000, statementTimeoutMs: 10_000, applicationName: 'tls-test' })
  try {
    const row = (await session.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]
    return row?.ssl === true
  } finally {
    await closeSession(session)
  }
}

describe('towards a loopback host without sslmode (libpq prefer): TLS when the server offers it', () => {
  test('verify through a recording relay: every connection starts TLS, the password never crosses in clear', async () => {
    let r: RunResult | undefined
    await throughRelay(async () => {
      r = await run('verify', url('127.0.0.1', relayPort))
    })
    expect(errorOf(r as RunResult)).toBe('')
    expect(r?.code).toBe(0)
    expect(r?.stdout).toContain('TLS: no sslmode in the URL: prefer (libpq default) towards a loopback host')
    expect(findSecretLeaks(PASSWORD, allTexts(r as RunResult))).toEqual([])
  })

  test("backup through the relay: the action's sessions and pg_dump/pg_restore all use TLS", async () => {
    await throughRelay(async () => {
      const r = await run('backup', url('127.0.0.1', relayPort), { 'backup-dir': path.join(scratch, 'backup-out') })
      expect(errorOf(r)).toBe('')
      expect(r.code).toBe(0)
      expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
    })
  })

  test("the action's session shows TLS in pg_stat_ssl; sslmode=disable (control) does not", async () => {
    expect(await sslOfSession(url('127.0.0.1', pg.cluster.port))).toBe(true)
    expect(await sslOfSession(url('127.0.0.1', pg.cluster.port, { sslmode: 'disable' }))).toBe(false)
  })
})

describe("sslmode has libpq's meaning in the action's sessions", () => {
  test('require accepts a self-signed certificate (encryption without verification), as psql does', async () => {
    expect(await sslOfSession(url('127.0.0.1', pg.cluster.port, { sslmode: 'require' }))).toBe(true)
  })

  test('verify-ca checks the certificate authority but not the host name', async () => {
    const ca = pg.cluster.tlsCertFile as string
    expect(await sslOfSession(url('localhost', pg.cluster.port, { sslmode: 'verify-ca', sslrootcert: ca }))).toBe(true)
    expect(await sslOfSession(url('localhost', pg.cluster.port, { sslmode: 'require', sslrootcert: ca }))).toBe(true)
  })

  test('verify-full checks the host name too: 127.0.0.1 is in the certificate, localhost is not', async () => {
    const ca = pg.cluster.tlsCertFile as string
    expect(await sslOfSession(url('127.0.0.1', pg.cluster.port, { sslmode: 'verify-full', sslrootcert: ca }))).toBe(true)
    const err = await sslOfSession(url('localhost', pg.cluster.port, { sslmode: 'verify-full', sslrootcert: ca })).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/TLS negotiation with localhost:\d+ failed \(sslmode=verify-full from the URL\)/)
  })

  test('verify-full against a certificate from another authority fails', async () => {
    const other = path.join(scratch, 'other-ca.crt')
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', path.join(scratch, 'other.key'), '-out', other])
    expect(made.status).toBe(0)
    const err = await sslOfSession(url('127.0.0.1', pg.cluster.port, { sslmode: 'verify-full', sslrootcert: other })).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/TLS negotiation .* failed/)
  })
})

describe('towards a host that is not loopback by its text, TLS is required by default', () => {
  withAlias("no sslmode: the session uses TLS, and pg_dump's libpq is told require", async () => {
    const databaseUrl = url(ALIAS as string, pg.cluster.port)
    expect(await sslOfSession(databaseUrl)).toBe(true)
    const target = parseDatabaseUrl({ raw: databaseUrl, source: "input 'database-url'" })
    const child = await libpqEnv(target, 10_000, 'tls-test')
    try {
      expect(child.env.PGSSLMODE).toBe('require')
      const psql = spawnSync(path.join(pg.cluster.binDir, 'psql'), ['-XAtc', 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'], { env: child.env, encoding: 'utf8' })
      expect(psql.stderr).toBe('')
      expect(psql.stdout.trim()).toBe('t')
    } finally {
      await child.dispose()
    }
  })

  withAlias('a server without TLS is refused before the password is sent: the action and pg_dump', async () => {
    // A stand-in server that has no TLS and asks for the password in clear (AuthenticationCleartextPassword).
    const received: Buffer[] = []
    const fake = net.createServer(socket => {
      let buffered = Buffer.alloc(0)
      socket.on('error', () => {})
      socket.on('data', d => {
        received.push(Buffer.from(d))
        buffered = Buffer.concat([buffered, d])
        while (buffered.length >= 8) {
          const length = buffered.readUInt32BE(0)
          if (buffered.length < length) break
          const code = buffered.readUInt32BE(4)
          buffered = buffered.subarray(length)
          if (code === 80877103) socket.write('N')
          else if (code === 196608) socket.write(Buffer.from([82, 0, 0, 0, 8, 0, 0, 0, 3]))
        }
      })
    })
    await new Promise<void>(resolve => fake.listen(0, '127.0.0.1', resolve))
    const port = (fake.address() as net.AddressInfo).port
    try {
      const r = await run('verify', url(ALIAS as string, port))
      expect(r.code).not.toBe(0)
      expect(errorOf(r)).toMatch(/does not offer TLS, and the connection requires it \(no sslmode in the URL: TLS required towards a remote host\)/)

      const target = parseDatabaseUrl({ raw: url(ALIAS as string, port), source: "input 'database-url'" })
      const child = await libpqEnv(target, 5_000, 'tls-test')
      try {
        const psql = spawnSync(path.join(pg.cluster.binDir, 'psql'), ['-XAtc', 'SELECT 1'], { env: child.env, encoding: 'utf8' })
        expect(psql.status).not.toBe(0)
      } finally {
        await child.dispose()
      }
      expect(received.length).toBeGreaterThan(0)
      expect(passwordIn(Buffer.concat(received))).toBe(false)
    } finally {
      await new Promise<void>(resolve => fake.close(() => resolve()))
    }
  })
})
