#!/usr/bin/env node
// A stand-in for Prisma's native schema engine binary, for the real Prisma CLI in tests, the demo
// and the benchmarks. The native engine cannot be downloaded in this project's build environment;
// Prisma's own WebAssembly build of the same engine (@prisma/schema-engine-wasm) runs instead,
// over node-postgres through @prisma/adapter-pg. The CLI finds this file through
// PRISMA_SCHEMA_ENGINE_BINARY and talks to it as to the native binary:
//
//   <bin> --version
//   <bin> --datasource '{"url":…}' cli can-connect-to-database | create-database   (Prisma 7)
//   <bin> cli --datasource <url> can-connect-to-database | create-database         (Prisma 6)
//   <bin> --datamodels <file>… [--datasource '{…}'] …    JSON-RPC 2.0 session on stdin/stdout,
//                                                       one message a line; JSON log lines on stderr
//
// Two behaviours of the driver adapter are adjusted so that migrations run as with the native
// engine: every migration script is sent as one simple query (the adapter splits scripts on `;`,
// which breaks `DO $$ … $$` bodies and makes a script non-atomic), and system column types the
// adapter cannot describe (`"char"`, `regclass`, … prisma/orm#27403) are reported as text.
// The pool holds one connection, as the native engine's single connection does (its advisory lock
// and the migrations share that session).
//
// Known differences from the native engine are listed in docs/prisma.md (the README says so in brief).
import { createRequire } from 'node:module'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as readline from 'node:readline'

const require = createRequire(import.meta.url)

/** OIDs the adapter describes itself (see fieldToColumnType in @prisma/adapter-pg). */
const DESCRIBED_OIDS = new Set([
  16, 17, 19, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1266, 1560, 1562, 1700, 2950, 3802, 143, 199, 651, 791, 1000, 1001, 1002, 1005, 1007, 1009,
  1014, 1015, 1016, 1021, 1022, 1028, 1041, 1115, 1182, 1183, 1185, 1231, 1561, 1563, 2951, 3807
])
/** Objects with OIDs from here on are user-defined; the adapter reports them as text itself. */
const FIRST_NORMAL_OBJECT_ID = 16384
const TEXT_OID = 25

function log(level, message, fields = {}, target = 'schema_engine_bridge') {
  process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target }) + '\n')
}

/** Value of `--name <value>` options, in order. */
function optionValues(argv, name) {
  const out = []
  for (let i = 0; i < argv.length; i++) if (argv[i] === name && i + 1 < argv.length) out.push(argv[++i])
  return out
}

async function loadEngine() {
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const wasmFile = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm')
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), { './schema_engine_bg.js': bg })
  bg.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start()
  return bg
}

/** Rewrites columns of system types the adapter rejects into text columns (values as strings). */
function describeSystemTypesAsText(result) {
  if (!result || !Array.isArray(result.fields)) return result
  result.fields.forEach((field, i) => {
    if (field.dataTypeID < FIRST_NORMAL_OBJECT_ID && !DESCRIBED_OIDS.has(field.dataTypeID)) {
      field.dataTypeID = TEXT_OID
      for (const row of result.rows) if (row[i] !== null && row[i] !== undefined) row[i] = Array.isArray(row[i]) ? `{${row[i].join(',')}}` : String(row[i])
    }
  })
  return result
}

/**
 * node-postgres settings for a URL read as Prisma's native engine reads it: `sslmode` disable |
 * prefer (the default: TLS when the server offers it) | require, `sslaccept` strict |
 * accept_invalid_certs (the default), `sslcert` the root certificate. The TLS parameters are taken
 * out of the connection string, where node-postgres would give them its own meaning.
 */
async function pgConfig(url) {
  const u = new URL(url)
  const mode = u.searchParams.get('sslmode') ?? 'prefer'
  const strict = u.searchParams.get('sslaccept') === 'strict'
  const rootCert = u.searchParams.get('sslcert')
  for (const key of ['sslmode', 'sslaccept', 'sslcert', 'sslidentity', 'sslpassword']) u.searchParams.delete(key)
  const connectionString = u.toString()
  if (mode === 'disable') return { connectionString, ssl: false }
  const ssl = { rejectUnauthorized: strict, ...(rootCert ? { ca: fs.readFileSync(rootCert, 'utf8') } : {}), ...(strict ? {} : { checkServerIdentity: () => undefined }) }
  if (mode === 'require') return { connectionString, ssl }
  // prefer: TLS when the server offers it, plain text when it answers that it has none.
  const { default: pg } = await import('pg')
  const probe = new pg.Client({ connectionString, ssl })
  try {
    await probe.connect()
    return { connectionString, ssl }
  } catch (err) {
    if (/does not support SSL/i.test(String(err?.message))) return { connectionString, ssl: false }
    return { connectionString, ssl }
  } finally {
    await probe.end().catch(() => {})
  }
}

let patched = false
/** The adapter factory for `url`, with the two adjustments (see the top of this file). */
async function adapterFactory(url) {
  const { PrismaPg } = await import('@prisma/adapter-pg')
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils')
  const factory = new PrismaPg({ ...(await pgConfig(url)), max: 1 })
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = await connect()
    if (!patched) {
      // PgQueryable.prototype, shared by the adapter and its transactions.
      const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter))
      const performIO = queryable.performIO
      queryable.performIO = async function (query) {
        return describeSystemTypesAsText(await performIO.call(this, query))
      }
      patched = true
    }
    // One script, one simple query: atomic, and `;` inside bodies stays where it is.
    adapter.executeScript = async script => {
      try {
        await adapter.client.query(script)
      } catch (err) {
        adapter.onError(err)
      }
    }
    return adapter
  }
  return bindMigrationAwareSqlAdapterFactory(factory)
}

/** The datasource URL: `--datasource` (Prisma 7 passes its config's URL), else the schema's (Prisma 6). */
function datasourceUrl(argv, datamodels) {
  const [datasource] = optionValues(argv, '--datasource')
  if (datasource) {
    const parsed = JSON.parse(datasource)
    if (parsed.url) return parsed.url
  }
  for (const [, content] of datamodels) {
    const block = /datasource\s+\w+\s*\{([^}]*)\}/m.exec(content)?.[1]
    if (!block) continue
    // The native engine migrates through directUrl when the schema has one.
    for (const key of ['directUrl', 'url']) {
      const m = new RegExp(`\\b${key}\\s*=\\s*(?:env\\(\\s*"([^"]+)"\\s*\\)|"([^"]*)")`).exec(block)
      if (!m) continue
      const value = m[1] !== undefined ? process.env[m[1]] : m[2]
      if (value) return value
      if (m[1] !== undefined) throw new Error(`Environment variable not found: ${m[1]}.`)
    }
  }
  throw new Error('The datasource has no URL: pass --datasource or set it in the schema.')
}

/** Native user-facing errors for a failed connection (P1000, P1001, P1003), from the server's answer. */
function connectionError(err, url) {
  const u = new URL(url)
  const at = `${u.hostname}:${u.port || 5432}`
  const db = decodeURIComponent(u.pathname.slice(1)) || 'postgres'
  if (err.code === '28P01' || err.code === '28000') {
    return {
      error_code: 'P1000',
      message: `Authentication failed against the database server, the provided database credentials for \`${decodeURIComponent(u.username)}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`
    }
  }
  if (err.code === '3D000') return { error_code: 'P1003', message: `Database \`${db}\` does not exist on the database server at \`${at}\`.` }
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ETIMEDOUT') {
    return { error_code: 'P1001', message: `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.` }
  }
  return { message: String(err.message) }
}

async function withClient(url, f) {
  const { default: pg } = await import('pg')
  const client = new pg.Client(await pgConfig(url))
  await client.connect()
  try {
    return await f(client)
  } finally {
    await client.end()
  }
}

/** `cli can-connect-to-database` / `cli create-database`: errors as the native engine logs them. */
async function cliCommand(argv) {
  // Prisma 7: `--datasource '{"url":…}' cli <command>`; Prisma 6: `cli --datasource <url> <command>`.
  const [datasource = ''] = optionValues(argv, '--datasource')
  const url = datasource.startsWith('{') ? JSON.parse(datasource).url : datasource
  const command = argv.find(a => a === 'can-connect-to-database' || a === 'create-database' || a === 'drop-database') ?? argv[argv.length - 1]
  // The CLI skips the first stderr line.
  log('INFO', `Starting schema engine CLI command ${command}`)
  try {
    if (command === 'can-connect-to-database') {
      await withClient(url, c => c.query('SELECT 1'))
      log('INFO', 'Connection successful')
    } else if (command === 'create-database') {
      const u = new URL(url)
      const name = decodeURIComponent(u.pathname.slice(1))
      u.pathname = '/postgres'
      await withClient(u.href, c => c.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`))
      log('INFO', `Database '${name}' was successfully created.`)
    } else {
      throw new Error(`Unknown CLI command: ${command}`)
    }
    process.exit(0)
  } catch (err) {
    const e = connectionError(err, url)
    log('ERROR', e.message, e.error_code ? { error_code: e.error_code } : {}, 'schema_engine::logger')
    process.exit(1)
  }
}

/** An error object for a JSON-RPC response, shaped like the native engine's. */
function rpcError(err) {
  const panic = err instanceof WebAssembly.RuntimeError
  const data = { is_panic: panic, message: String(err?.message ?? err), backtrace: null }
  if (err && typeof err === 'object' && typeof err.code === 'string' && /^P\d{4}$/.test(err.code)) {
    data.error_code = err.code
    data.meta = err.meta ?? null
  }
  return { code: 4466, message: 'An error happened. Check the data field for details.', data }
}

async function rpcSession(argv) {
  const files = optionValues(argv, '--datamodels')
  const datamodels = files.map(f => [f, fs.readFileSync(f, 'utf8')])
  const bg = await loadEngine()
  const url = datasourceUrl(argv, datamodels)
  const factory = await adapterFactory(url)
  const engine = await bg.SchemaEngine.new({ datamodels }, line => process.stderr.write(String(line).trim() + '\n'), factory)

  /** Methods of the native JSON-RPC API the WebAssembly engine does not have. */
  const extra = {
    getDatabaseVersion: () => withClient(url, async c => (await c.query('SELECT version()')).rows[0].version),
    createDatabase: async () => {
      const u = new URL(url)
      const name = decodeURIComponent(u.pathname.slice(1))
      u.pathname = '/postgres'
      await withClient(u.href, c => c.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`))
      return { databaseName: name }
    }
  }

  const send = msg => process.stdout.write(JSON.stringify(msg) + '\n')
  const pending = new Set()
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  lines.on('line', line => {
    if (line.trim() === '') return
    let request
    try {
      request = JSON.parse(line)
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } })
      return
    }
    if (request.method === undefined) return // a response to a request of ours (none are sent)
    const work = (async () => {
      try {
        let result
        if (typeof extra[request.method] === 'function') result = await extra[request.method](request.params)
        else if (typeof engine[request.method] === 'function' && request.method !== 'free') result = await engine[request.method](request.params ?? {})
        else {
          send({ jsonrpc: '2.0', id: request.id, error: { code: -32601, message: `Method not found: ${request.method}` } })
          return
        }
        if (request.method === 'diff' && result && typeof result.stdout === 'string') {
          // The WebAssembly engine returns what the native one prints through the CLI (`print`).
          const { stdout, ...rest } = result
          if (stdout !== '') send({ jsonrpc: '2.0', id: `print-${request.id}`, method: 'print', params: { content: stdout.replace(/\n$/, '') } })
          result = rest
        }
        send({ jsonrpc: '2.0', id: request.id, result: result ?? {} })
      } catch (err) {
        send({ jsonrpc: '2.0', id: request.id, error: rpcError(err) })
      }
    })()
    pending.add(work)
    void work.finally(() => pending.delete(work))
  })
  lines.on('close', async () => {
    await Promise.allSettled([...pending])
    try {
      engine.free()
    } catch {
      // already freed
    }
    process.exit(0)
  })
}

async function main() {
  const argv = process.argv.slice(2)
  if (argv.includes('--version') || argv.includes('-V')) {
    const bg = await loadEngine()
    process.stdout.write(`schema-engine-cli ${bg.version()}\n`)
    return
  }
  if (argv.includes('cli')) return cliCommand(argv)
  return rpcSession(argv)
}

main().catch(err => {
  log('ERROR', String(err?.message ?? err), {}, 'schema_engine::logger')
  process.exit(1)
})
