export const id = 469;
export const ids = [469];
export const modules = {

/***/ 9609:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lq: () => (/* binding */ enforceGuardsStep),
/* harmony export */   n2: () => (/* binding */ enforceGuards)
/* harmony export */ });
/* unused harmony exports REQUIRED_ENVIRONMENT, ALLOWED_EVENTS_FOR_WRITING_PHASES, ALLOWED_EVENTS_FOR_RESTORE, allowedEvents, refMatches */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8855);


/**
 * The safety guards (SPEC 2). Every phase calls `enforceGuards` first, before any connection.
 * Default deny, exact values, and no input, variable or flag that turns a guard off.
 */
/** Each variable must hold exactly this value; missing or anything else (`1`, `TRUE`, ...) refuses. */
const REQUIRED_ENVIRONMENT = [
    ['CI', 'true'],
    ['NODE_ENV', 'production'],
    ['GITHUB_ACTIONS', 'true']
];
/**
 * Events are default-deny (SPEC 2): a phase that writes runs only for an event whose code is the
 * repository's own. Every other name — pull requests and their reviews, merge queues, comments,
 * and any event GitHub adds later — is refused. Names are compared exactly (case and spaces count).
 */
const ALLOWED_EVENTS_FOR_WRITING_PHASES = [
    'push',
    'workflow_dispatch',
    'schedule',
    'release',
    'deployment',
    'repository_dispatch',
    'workflow_run'
];
/** Restoring replaces the database: only a person's explicit decision may start it. */
const ALLOWED_EVENTS_FOR_RESTORE = ['workflow_dispatch'];
/**
 * The events a phase may run on; `undefined` for verify, which only reads and runs on any event
 * (its guards are the environment ones). A phase this module does not know is treated as writing.
 */
function allowedEvents(phase) {
    if (phase === 'verify')
        return undefined;
    if (phase === 'restore')
        return ALLOWED_EVENTS_FOR_RESTORE;
    return ALLOWED_EVENTS_FOR_WRITING_PHASES;
}
/** Returns a one-line description of what passed; throws an ActionError listing every refusal. */
function enforceGuards({ phase, allowedRefs, env = process.env }) {
    const refusals = [];
    for (const [name, expected] of REQUIRED_ENVIRONMENT) {
        const actual = env[name];
        if (actual === undefined) {
            refusals.push(`${name} is not set; it must be exactly '${expected}'.`);
        }
        else if (actual !== expected) {
            refusals.push(`${name} is '${printable(actual)}'; it must be exactly '${expected}'.`);
        }
    }
    const allowed = allowedEvents(phase);
    if (allowed !== undefined) {
        const event = env.GITHUB_EVENT_NAME;
        const list = allowed.join(', ');
        if (event === undefined || event === '') {
            refusals.push(`GITHUB_EVENT_NAME is not set; the ${phase} phase runs only on these events: ${list}.`);
        }
        else if (!allowed.includes(event)) {
            refusals.push(phase === 'restore'
                ? `the ${phase} phase refuses '${printable(event)}' events: it runs only on workflow_dispatch, a person's explicit decision.`
                : `the ${phase} phase refuses '${printable(event)}' events: it runs only on events whose code is the repository's own (${list}); pull requests, reviews, merge queues, comments and any other event never back up or change the production database.`);
        }
    }
    const ref = env.GITHUB_REF;
    if (allowedRefs.length > 0) {
        if (!ref) {
            refusals.push(`GITHUB_REF is not set, and 'allowed-refs' allows only: ${allowedRefs.join(', ')}.`);
        }
        else if (!allowedRefs.some(pattern => refMatches(pattern, ref))) {
            refusals.push(`GITHUB_REF '${ref}' is not in 'allowed-refs' (${allowedRefs.join(', ')}).`);
        }
    }
    if (refusals.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Safety guards refused to run the ${phase} phase:\n${refusals.map(r => `  - ${r}`).join('\n')}`, 'These guards cannot be turned off. Run the action from a GitHub Actions job whose environment sets CI=true, GITHUB_ACTIONS=true and NODE_ENV=production (e.g. `env: NODE_ENV: production` on the job), on an allowed ref.');
    }
    const parts = REQUIRED_ENVIRONMENT.map(([name, value]) => `${name}=${value}`);
    if (allowed !== undefined)
        parts.push(`event ${env.GITHUB_EVENT_NAME}`);
    if (allowedRefs.length > 0)
        parts.push(`ref ${ref} allowed`);
    return parts.join(', ');
}
/** Exact match, or `*` as a wildcard for any run of characters. */
function refMatches(pattern, ref) {
    if (!pattern.includes('*'))
        return pattern === ref;
    const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    return regex.test(ref);
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** At most 40 characters, with control characters shown as JSON escapes so a value is one line. */
function printable(value) {
    const short = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(short) ? JSON.stringify(short).slice(1, -1) : short;
}
/**
 * `enforceGuards` for the backup and deploy phases, timed as the summary's first step: a refusal
 * still writes the phase's job summary (SPEC 1) before it fails the phase.
 */
async function enforceGuardsStep(o) {
    const t0 = performance.now();
    try {
        const detail = enforceGuards(o);
        return { name: 'safety-guards', status: 'passed', durationMs: performance.now() - t0, detail };
    }
    catch (err) {
        const step = { name: 'safety-guards', status: 'failed', durationMs: performance.now() - t0, detail: err.message };
        await (0,_summary_js__WEBPACK_IMPORTED_MODULE_1__/* .writeSummary */ .Sy)({ title: `Database deployment — ${o.phase}: refused`, outcome: 'The safety guards refused to run this phase; nothing was done.', steps: [step] }, o.env);
        throw err;
    }
}


/***/ }),

/***/ 2515:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vu: () => (/* binding */ closeSession),
/* harmony export */   fA: () => (/* binding */ openSession)
/* harmony export */ });
/* unused harmony exports pgSslConfig, connectionError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3849);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7194);




async function openSession(target, options) {
    const startup = [`-c statement_timeout=${options.statementTimeoutMs}`];
    if (options.readOnly)
        startup.push('-c default_transaction_read_only=on');
    if (options.lockTimeoutMs !== undefined)
        startup.push(`-c lock_timeout=${options.lockTimeoutMs}`);
    const ssl = pgSslConfig(target.tls);
    const connect = async (withSsl) => {
        const client = new pg__WEBPACK_IMPORTED_MODULE_1__/* ["default"].Client */ .Ay.Client({
            host: target.host,
            port: target.port,
            user: target.user,
            password: target.password,
            database: target.database,
            ssl: withSsl,
            connectionTimeoutMillis: options.connectTimeoutMs,
            application_name: options.applicationName,
            options: startup.join(' ')
        });
        // A lost connection after connect surfaces as a query error; without a listener it would crash.
        client.on('error', () => { });
        try {
            await client.connect();
            return client;
        }
        catch (err) {
            await client.end().catch(() => { });
            throw err;
        }
    };
    try {
        return await connect(ssl);
    }
    catch (err) {
        // libpq's prefer: TLS first; without TLS only when the server answers that it has none.
        if (target.tls.mode === 'prefer' && ssl !== false && isNoTlsAnswer(err)) {
            try {
                return await connect(false);
            }
            catch (plainErr) {
                throw connectionError(plainErr, target, options.connectTimeoutMs);
            }
        }
        throw connectionError(err, target, options.connectTimeoutMs);
    }
}
/** node-postgres' error when the server answers 'N' to the TLS request (it has no TLS). */
function isNoTlsAnswer(err) {
    return err?.message === 'The server does not support SSL connections';
}
/**
 * node-postgres' TLS options with libpq's meaning of each sslmode (never pg-connection-string's,
 * which reads `require` as verify-full):
 * - disable: no TLS;
 * - prefer, require: TLS without certificate checks (prefer falls back, see openSession);
 * - verify-ca: the chain must lead to sslrootcert, any host name;
 * - verify-full: the chain and the host name are checked (sslrootcert, or the system CAs for
 *   `system`).
 * A client certificate (sslcert, sslkey) is presented in every TLS mode.
 */
function pgSslConfig(tls) {
    if (tls.mode === 'disable')
        return false;
    const config = {};
    if (tls.clientCert !== undefined && tls.clientKey !== undefined) {
        config.cert = readTlsFile(tls.clientCert, 'sslcert');
        config.key = readTlsFile(tls.clientKey, 'sslkey');
    }
    if (tls.mode === 'prefer' || tls.mode === 'require') {
        config.rejectUnauthorized = false;
        return config;
    }
    config.rejectUnauthorized = true;
    if (tls.rootCert !== undefined && tls.rootCert !== 'system')
        config.ca = readTlsFile(tls.rootCert, 'sslrootcert');
    if (tls.mode === 'verify-ca')
        config.checkServerIdentity = () => undefined;
    return config;
}
function readTlsFile(file, param) {
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(file);
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The database URL's ${param} names a file the action cannot read: ${file} (${err.code ?? 'error'}).`, `Write the file on the runner before this step (e.g. from a secret) and give its path in ${param}.`);
    }
}
async function closeSession(session) {
    if (!session)
        return;
    await session.end().catch(() => { });
}
/** Turns a connection failure into a message that names what went wrong and what to do. */
function connectionError(err, target, timeoutMs) {
    const e = (err ?? {});
    const where = `${target.host}:${target.port}`;
    const detail = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .scrub */ ._I)(e.message ?? String(err));
    switch (e.code) {
        case '28P01':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Authentication failed for user '${target.user}' at ${where}: the server rejected the password.`, 'Check the password in the secret that holds the database URL (percent-encode special characters such as @ : / % +), and that the user exists.');
        case '28000':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The server at ${where} refused user '${target.user}' for database '${target.database}': ${detail}`, "Allow this client in the server's pg_hba.conf (or the provider's network settings), or use TLS with ?sslmode=require if the server demands it.");
        case '3D000':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Database '${target.database}' does not exist on ${where}.`, 'Check the database name in the URL, or create the database before the first deployment.');
        case '57P03':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The server at ${where} is not accepting connections yet: ${detail}`, 'Retry once the server has finished starting or recovering.');
        case '53300':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The server at ${where} has no free connection slots: ${detail}`, 'Free connections or raise max_connections, then retry.');
        case 'ECONNREFUSED':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Connection refused at ${where}: nothing is listening there.`, 'Check the host and port in the URL and that the server is running and reachable from the runner.');
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The host '${target.host}' could not be resolved (${e.code}).`, 'Check the host name in the URL and the runner\'s DNS/network access.');
        case 'ETIMEDOUT':
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Could not reach ${where} (${e.code}).`, 'Check that the runner can reach the database (firewall, VPC, allow-list).');
    }
    if (/timeout/i.test(detail)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`No connection to ${where} within ${Math.round(timeoutMs / 1000)}s (connect-timeout).`, 'Check the host, port and firewall, or raise `connect-timeout` if the server is slow to accept connections.');
    }
    if (isNoTlsAnswer(err)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The server at ${where} does not offer TLS, and the connection requires it (${target.tls.decidedBy}); the password was not sent.`, 'Enable TLS on the server (ssl = on), or, for a server on this runner only, connect to a loopback address (127.0.0.1) where sslmode=prefer or disable is accepted.');
    }
    if (/ssl|tls|certificate/i.test(detail)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`TLS negotiation with ${where} failed (${target.tls.decidedBy}): ${detail}`, "Match the URL's sslmode and sslrootcert to the server: sslrootcert must name the certificate authority that signed the server's certificate, and verify-full needs the host name in the URL to match the certificate.");
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`Could not connect to ${where}: ${detail}`, 'Check the database URL and that the server is reachable from the runner.');
}


/***/ }),

/***/ 3249:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CJ: () => (/* binding */ prismaChildUrl),
/* harmony export */   Dy: () => (/* binding */ assertPrismaCanConnect),
/* harmony export */   im: () => (/* binding */ assertTargetPolicy)
/* harmony export */ });
/* unused harmony exports isPoolerUrl, refusePooler, refusePlaintextToRemote */
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8422);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _connection_url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7375);




/**
 * What every phase requires of the connection target: a direct connection (never a pooler) and no
 * plain-text connection to a remote host.
 */
function assertTargetPolicy(target) {
    refusePooler(target);
    refusePlaintextToRemote(target);
}
function isPoolerUrl(target) {
    if (target.params.get('pgbouncer') === 'true')
        return "it sets 'pgbouncer=true'";
    if (target.port === 6543)
        return 'it uses port 6543, the usual connection-pooler port';
    if (/pooler/i.test(target.host))
        return `its host '${target.host}' is a connection pooler`;
    return undefined;
}
function refusePooler(target) {
    const why = isPoolerUrl(target);
    if (why) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The database URL points at a connection pooler: ${why}.`, 'Migrations need a direct connection (a pooler in transaction mode breaks the advisory lock and session settings). Use the direct URL (Prisma calls it directUrl), usually port 5432 on the database host itself.');
    }
}
function refusePlaintextToRemote(target) {
    if (target.tls.mode === 'disable' && !(0,_connection_url_js__WEBPACK_IMPORTED_MODULE_2__/* .isLoopback */ .U9)(target.host)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The database URL sets sslmode=disable towards '${target.host}', which would send the password and data unencrypted over the network.`, 'Remove sslmode=disable, or use sslmode=require (or verify-full with sslrootcert) for a remote server.');
    }
}
/**
 * The prisma migrator connects with the URL the action writes for it; when Prisma cannot be given
 * the same TLS rules as the action's sessions and pg_dump, the run is refused before anything runs.
 */
function assertPrismaCanConnect(target) {
    if (target.prismaProblem) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The database URL's TLS settings (${target.tls.decidedBy}) cannot be given to Prisma: ${target.prismaProblem}.`, "Use sslmode=verify-full with sslrootcert=<CA file> (or sslrootcert=system), or sslmode=require without sslrootcert; or use `migrator: builtin`, which connects as the action's own sessions do.");
    }
}
/** The URL the prisma migrator is given: the action's normalized URL, or a refusal (see above). */
function prismaChildUrl(input) {
    const target = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDatabaseUrl */ .mx)(input);
    assertPrismaCanConnect(target);
    return target.childUrl;
}


/***/ }),

/***/ 5838:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GM: () => (/* binding */ migrationsTableExists),
/* harmony export */   Ix: () => (/* binding */ isFailed),
/* harmony export */   KN: () => (/* binding */ isApplied),
/* harmony export */   M6: () => (/* binding */ readMigrationRows),
/* harmony export */   OJ: () => (/* binding */ schemaExists),
/* harmony export */   lJ: () => (/* binding */ userTables),
/* harmony export */   tN: () => (/* binding */ MIGRATIONS_TABLE)
/* harmony export */ });
/* unused harmony export POSTGIS_TABLES */
/**
 * Reading Prisma Migrate's books (`_prisma_migrations`) and the facts around them. Read-only
 * queries, shared by the verify checks and (later) the builtin migrator.
 */
const MIGRATIONS_TABLE = '_prisma_migrations';
/** Tables PostGIS creates itself; Prisma does not count them when it decides a schema is empty. */
const POSTGIS_TABLES = ['spatial_ref_sys', 'geometry_columns', 'geography_columns', 'raster_columns', 'raster_overviews'];
async function schemaExists(session, schema) {
    const res = await session.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    return res.rowCount === 1;
}
async function migrationsTableExists(session, schema) {
    const res = await session.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`, [schema, MIGRATIONS_TABLE]);
    return res.rowCount === 1;
}
/** Ordinary tables in `schema` that make it "not empty" for Prisma (P3005), PostGIS's excluded. */
async function userTables(session, schema, limit = 5) {
    const res = await session.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> ALL($2::text[])
      ORDER BY c.relname LIMIT $3`, [schema, [...POSTGIS_TABLES, MIGRATIONS_TABLE], limit]);
    return res.rows.map(r => r.relname);
}
/** All rows, ordered by `started_at` as Prisma reads them. */
async function readMigrationRows(session, schema) {
    const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`;
    const res = await session.query(`SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM ${table} ORDER BY started_at, migration_name`);
    return res.rows;
}
function isFailed(row) {
    return row.finished_at === null && row.rolled_back_at === null;
}
function isApplied(row) {
    return row.finished_at !== null && row.rolled_back_at === null;
}


/***/ }),

/***/ 1414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ envWithoutSecrets),
/* harmony export */   LM: () => (/* binding */ stopAllChildren),
/* harmony export */   hL: () => (/* binding */ stringEnv),
/* harmony export */   nX: () => (/* binding */ deathSignal),
/* harmony export */   w$: () => (/* binding */ runChild)
/* harmony export */ });
/* unused harmony export withCancellation */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7187);
/* harmony import */ var _actions_io__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8701);



/**
 * Child processes the action runs (pg_dump, pg_restore, ...): always an argument list, never a
 * shell. Each is tracked so that cancellation (SIGINT/SIGTERM from the runner) can stop them all
 * before the partial files they write are removed.
 */
const running = new Set();
/**
 * Runs a child with an argument list (no shell), tracked for `stopAllChildren`.
 *
 * Why not @actions/exec here: cancellation needs the ChildProcess to signal it (SIGTERM, then
 * SIGKILL) and to wait for it, and pg_dump's stderr is followed line by line as it comes; exec()
 * gives neither a handle nor a way to stop the child. Short probes use @actions/exec instead.
 */
function runChild(file, args, options) {
    const prefix = options.dieWithParent?.prefix ?? [];
    // With a prefix the wrapper execs the tool in its own place: same pid, same argv for the tool.
    const [command, argv] = prefix.length > 0 ? [prefix[0], [...prefix.slice(1), file, ...args]] : [file, [...args]];
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, argv, {
        env: options.env,
        cwd: options.cwd,
        stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
        shell: false,
        ...(options.runAs ?? {})
    });
    running.add(child);
    let stdout = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    const tail = [];
    const keep = options.keepLines ?? 30;
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
            options.onStderrLine?.(line);
            tail.push(line);
            if (tail.length > keep)
                tail.shift();
        }
    });
    const done = new Promise(resolve => {
        child.on('error', err => {
            tail.push(err.message);
        });
        child.on('close', (code, signal) => {
            running.delete(child);
            if (partial) {
                options.onStderrLine?.(partial);
                tail.push(partial);
            }
            resolve({ code, signal, stderrTail: tail.slice(-keep), stdout });
        });
    });
    return { child, done };
}
let deathSignalCache;
function deathSignal() {
    deathSignalCache ??= findDeathSignal();
    return deathSignalCache;
}
async function findDeathSignal() {
    const without = (why) => ({
        prefix: [],
        note: `${why}: if the action's process is killed outright (SIGKILL), pg_dump and pg_restore outlive it until they finish.`
    });
    if (process.platform !== 'linux')
        return without(`No parent-death signal on ${process.platform}`);
    const setpriv = await _actions_io__WEBPACK_IMPORTED_MODULE_2__/* .which */ .K7('setpriv', false);
    if (!setpriv)
        return without("util-linux 'setpriv' was not found on PATH");
    // Older util-linux (before 2.33) has setpriv without --pdeathsig: ask it once.
    const probe = await _actions_exec__WEBPACK_IMPORTED_MODULE_1__/* .getExecOutput */ .H(setpriv, ['--pdeathsig', 'KILL', '--', 'true'], { silent: true, ignoreReturnCode: true, env: stringEnv(envWithoutSecrets()) })
        .catch(() => undefined);
    if (!probe || probe.exitCode !== 0)
        return without(`${setpriv} does not support --pdeathsig`);
    return { prefix: [setpriv, '--pdeathsig', 'KILL', '--'], note: undefined };
}
/** Stops every running child: SIGTERM, then SIGKILL after `graceMs`; resolves when all are gone. */
async function stopAllChildren(graceMs = 5000) {
    const children = [...running];
    await Promise.all(children.map(child => new Promise(resolve => {
        if (child.exitCode !== null || child.signalCode !== null)
            return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('close', () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill('SIGTERM');
    })));
}
/**
 * While `work` runs, SIGINT/SIGTERM stop the children, run `cleanup`, and end the process with a
 * failure. Without this the runner's cancellation would leave pg_dump running and partial files behind.
 */
async function withCancellation(work, onCancel) {
    let cancelling = false;
    const handler = (signal) => {
        if (cancelling)
            return;
        cancelling = true;
        void (async () => {
            try {
                await stopAllChildren();
                await onCancel(signal);
            }
            finally {
                process.exit(signal === 'SIGINT' ? 130 : 143);
            }
        })();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    try {
        return await work();
    }
    finally {
        if (!cancelling) {
            process.off('SIGINT', handler);
            process.off('SIGTERM', handler);
        }
    }
}
/**
 * The process environment without anything that carries the database's credentials: the
 * `database-url` input, DATABASE_URL and libpq's PG* variables. The base for every child's env.
 */
function envWithoutSecrets(env = process.env) {
    const out = {};
    for (const [k, v] of Object.entries(env)) {
        if (k.startsWith('PG') || k === 'DATABASE_URL' || k.toUpperCase() === 'INPUT_DATABASE-URL')
            continue;
        out[k] = v;
    }
    return out;
}
/** An environment without unset entries, as @actions/exec takes it. */
function stringEnv(env) {
    const out = {};
    for (const [k, v] of Object.entries(env))
        if (v !== undefined)
            out[k] = v;
    return out;
}


/***/ }),

/***/ 8855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lc: () => (/* binding */ logStep),
/* harmony export */   Sy: () => (/* binding */ writeSummary)
/* harmony export */ });
/* unused harmony export escapeSummaryText */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7264);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7194);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5625);



/** The one log line a step gets: its result and how long it took. */
function logStep(step) {
    const passed = step.status === 'passed';
    (0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq)(`${passed ? '✓' : '✗'} ${step.name}: ${passed ? step.detail : 'FAILED'} (${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(step.durationMs)})`);
}
const ICON = { passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped' };
/**
 * Writes the phase's job summary (SPEC 1). Every text is scrubbed of secrets. Without a summary
 * file (a local run) it warns and goes on: the summary must never turn a result into a failure.
 */
async function writeSummary(content, env = process.env) {
    if (!env.GITHUB_STEP_SUMMARY) {
        (0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e)('GITHUB_STEP_SUMMARY is not set: no job summary written.');
        return;
    }
    const s = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.emptyBuffer();
    s.addHeading(escapeSummaryText(content.title), 2);
    s.addRaw(`<p>${escapeSummaryText(content.outcome)}</p>`, true);
    s.addTable([
        [
            { data: 'Check', header: true },
            { data: 'Result', header: true },
            { data: 'Duration', header: true },
            { data: 'Details', header: true }
        ],
        ...content.steps.map(step => [
            `<code>${escapeSummaryText(step.name)}</code>`,
            ICON[step.status],
            step.status === 'skipped' ? '—' : (0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(step.durationMs),
            escapeSummaryText(step.detail)
        ])
    ]);
    for (const list of content.lists ?? []) {
        s.addHeading(escapeSummaryText(list.heading), 3);
        if (list.items.length === 0)
            s.addRaw(`<p>${escapeSummaryText(list.empty)}</p>`, true);
        else
            s.addList(list.items.map(item => `<code>${escapeSummaryText(item)}</code>`), true);
    }
    for (const table of content.tables ?? []) {
        s.addHeading(escapeSummaryText(table.heading), 3);
        if (table.rows.length === 0)
            s.addRaw(`<p>${escapeSummaryText(table.empty)}</p>`, true);
        else
            s.addTable([table.header.map(h => ({ data: escapeSummaryText(h), header: true })), ...table.rows.map(row => row.map(cell => escapeSummaryText(cell)))]);
    }
    if (content.outputs && Object.keys(content.outputs).length > 0) {
        s.addHeading('Outputs', 3);
        s.addTable([
            [
                { data: 'Output', header: true },
                { data: 'Value', header: true }
            ],
            ...Object.entries(content.outputs).map(([k, v]) => [`<code>${escapeSummaryText(k)}</code>`, `<code>${escapeSummaryText(v)}</code>`])
        ]);
    }
    try {
        await s.write();
    }
    catch (err) {
        (0,_log_js__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e)(`Could not write the job summary: ${err.message}`);
    }
}
/** Every line break: CR LF, LF, a lone CR (a line ending in Markdown), and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;
/**
 * Control characters (C0 but tab, DEL, C1) and the invisible bidirectional overrides and isolates,
 * which could make a name read as something else.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/**
 * Text from files, the database or error messages, made safe as the content of an HTML element of
 * the job summary: secrets scrubbed, `&`, `<`, `>` escaped, every line break a `<br>`, and every
 * other control or bidirectional formatting character shown as an escape (`\u001b`). The result
 * holds no line break at all, so it can never end the one-line HTML block it sits in (a blank
 * line would turn what follows into Markdown) or start a row of its own.
 */
function escapeSummaryText(text) {
    return (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .scrub */ ._I)(text)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(LINE_BREAK, '<br>')
        .replace(UNPRINTABLE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}


/***/ })

};
