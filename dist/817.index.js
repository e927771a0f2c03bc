export const id = 817;
export const ids = [817];
export const modules = {

/***/ 3817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deployPhase: () => (/* binding */ deployPhase)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _prisma_migrations_folder_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(364);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _postgres_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2515);
/* harmony import */ var _prisma_books_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(5838);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7194);
/* harmony import */ var _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8941);
/* harmony import */ var _migrators_prisma_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(44);
/* harmony import */ var _prisma_compare_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1899);
/* harmony import */ var _prisma_cli_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9086);
/* harmony import */ var _shell_words_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(5933);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5625);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6264);













/**
 * deploy-db: exactly one action, applying the pending migrations. No backup and no verification
 * here: those are the earlier phases. The applied list is read from the books before
 * and after, never parsed from a tool's output. On SIGINT/SIGTERM the running migration is let
 * roll back or be recorded, then the run fails through its recovery runbook.
 */
const deployPhase = {
    phase: 'deploy',
    cancellation: 'finish-step',
    failureOutcome: failed => (failed === 'database-url' ? 'The database URL was refused; nothing was applied.' : 'The deploy failed; see the recovery runbook.'),
    cancelOutcome: signal => `The deploy was cancelled (${signal}).`,
    async work(run) {
        const { inputs } = run;
        const target = await run.step('database-url', () => {
            const t = inputs.database.target();
            return Promise.resolve([t, `${t.redacted} (from ${t.source})`]);
        });
        const applied = await run.step(`migrate (${inputs.migrator})`, () => migrate(run, target));
        return {
            result: { applied },
            verdict: 'done',
            outcome: applied.length === 0 ? 'The database was already up to date: nothing was applied.' : `${(0,_format_js__WEBPACK_IMPORTED_MODULE_10__/* .counted */ .hS)(applied.length, 'migration')} applied with the ${inputs.migrator} migrator.`,
            finished: elapsed => `Deploy finished in ${elapsed}: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_10__/* .counted */ .hS)(applied.length, 'migration')} applied.`,
            outputs: { 'applied-count': String(applied.length), 'applied-migrations': (0,_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .scrubbedJson */ .Bo)(applied) },
            lists: [{ heading: 'Applied migrations', items: applied, empty: 'None.', grows: true }]
        };
    }
};
/**
 * Runs the migrator. The prisma migrator's books are read here before and after; the builtin
 * migrator reads them itself, on its own session under the advisory lock, so a concurrent run's
 * rows are never counted. After a failure the books are read back on a fresh session (what was
 * applied, what is recorded as failed), never assumed: the builtin migrator's rows by the ids it
 * wrote, Prisma's by the ids new since `before`; the failure's summary carries the recovery runbook.
 */
async function migrate(run, target) {
    const { inputs, env } = run;
    const resolve = (how, name) => (0,_prisma_cli_js__WEBPACK_IMPORTED_MODULE_8__/* .resolveCommand */ .OK)(inputs, how, name);
    let before;
    const journal = { rows: new Map() };
    let applied;
    try {
        if (inputs.migrator === 'builtin') {
            const done = await (0,_migrators_builtin_js__WEBPACK_IMPORTED_MODULE_5__/* .runBuiltinMigrator */ .eH)({
                target,
                migrationsDir: inputs.migrationsDir,
                workspace: inputs.workspace,
                connectTimeoutMs: inputs.connectTimeoutMs,
                lockTimeoutMs: inputs.lockTimeoutMs,
                resolveCommand: resolve,
                signal: run.signal,
                journal
            });
            applied = done.appliedFromBooks;
        }
        else {
            // Prisma reads the folder itself: first the checks verify makes on it (inside the workspace
            // through symbolic links, printable names), so deploy never runs files verify would refuse.
            await (0,_prisma_migrations_folder_js__WEBPACK_IMPORTED_MODULE_1__/* .readMigrationsFolder */ ._)(inputs.migrationsDir, inputs.workspace);
            before = await rowIds(target, inputs);
            await (0,_migrators_prisma_js__WEBPACK_IMPORTED_MODULE_6__/* .runPrismaMigrator */ .Xj)({ ...inputs, target });
            applied = await newlyApplied(target, inputs, before);
            (0,_migrators_prisma_js__WEBPACK_IMPORTED_MODULE_6__/* .assertDeployed */ .dy)(await booksAgainstFolder(target, inputs));
        }
        if (run.signal.aborted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The deployment was cancelled (${String(run.signal.reason)}).`, 'Run verify to see what was applied, then deploy again.');
    }
    catch (err) {
        const books = await readBack(target, inputs, inputs.migrator === 'builtin' ? { ids: journal.rows } : before ? { before } : undefined);
        const runbook = recoveryRunbook(inputs, target, err, books, resolve, env);
        (0,_log_js__WEBPACK_IMPORTED_MODULE_9__/* .info */ .pq)(runbook.join('\n'));
        const appliedLine = books.kind === 'read'
            ? `${books.applied.length} migration(s) were applied before the failure (read back from ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .MIGRATIONS_TABLE */ .tN}).`
            : books.kind === 'unread'
                ? `Could not read the books to see what was applied: ${books.error}; run verify to see.`
                : 'No migration was run.';
        run.failure.outcome = `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err).split('\n')[0]} ${appliedLine}`;
        run.failure.lists = [
            {
                heading: 'Applied by this run',
                items: books.kind === 'read' ? books.applied : [],
                empty: books.kind === 'unread' ? `Unknown: could not read the books (${books.error}); run verify to see.` : 'None.',
                grows: true
            },
            // The summary numbers the steps itself.
            { heading: 'Recovery runbook', items: runbook.slice(1).map(step => step.replace(/^\d+\. /, '')), empty: '', prose: true }
        ];
        throw err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ ? new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`${err.message}\nSee the recovery runbook in the log and the job summary.`) : err;
    }
    return [applied, `${(0,_format_js__WEBPACK_IMPORTED_MODULE_10__/* .counted */ .hS)(applied.length, 'migration')} applied`];
}
async function withReader(target, inputs, fn) {
    const session = await (0,_postgres_session_js__WEBPACK_IMPORTED_MODULE_3__/* .openSession */ .fA)(target, {
        readOnly: true,
        connectTimeoutMs: inputs.connectTimeoutMs,
        statementTimeoutMs: 30_000,
        applicationName: 'db-deploy-action deploy (books)'
    });
    try {
        return await fn(session);
    }
    finally {
        await (0,_postgres_session_js__WEBPACK_IMPORTED_MODULE_3__/* .closeSession */ .Vu)(session);
    }
}
/** Ids of all rows before the run (any state), so that rows the run adds can be told apart. */
async function rowIds(target, inputs) {
    return withReader(target, inputs, async (s) => {
        return new Set((await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .readBooksRows */ .ue)(s, target.schema)).map(r => r.id));
    });
}
/** The action's migrations folder against the books of the action's database. */
async function booksAgainstFolder(target, inputs) {
    const folder = await (0,_prisma_migrations_folder_js__WEBPACK_IMPORTED_MODULE_1__/* .readMigrationsFolder */ ._)(inputs.migrationsDir, inputs.workspace);
    return withReader(target, inputs, async (s) => {
        return (0,_prisma_compare_js__WEBPACK_IMPORTED_MODULE_7__/* .compareMigrations */ .h)(folder.migrations, await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .readBooksRows */ .ue)(s, target.schema));
    });
}
/** Names of the migrations applied since `before`, in the order they were started. */
async function newlyApplied(target, inputs, before) {
    return withReader(target, inputs, async (s) => {
        return (await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .readBooksRows */ .ue)(s, target.schema)).filter(r => (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .isApplied */ .KN)(r) && !before.has(r.id)).map(r => r.migration_name);
    });
}
/**
 * Reads the books on a fresh read-only session: the rows this run added (the builtin
 * migrator's by the ids it wrote, Prisma's as the ids not there before) that count as applied, and
 * those left failed.
 */
async function readBack(target, inputs, mine) {
    if (!mine)
        return { kind: 'not-run' };
    try {
        const rows = await withReader(target, inputs, s => (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .readBooksRows */ .ue)(s, target.schema));
        const ours = rows.filter(r => ('ids' in mine ? mine.ids.has(r.id) : !mine.before.has(r.id)));
        const earlier = rows.filter(r => (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .isFailed */ .Ix)(r) && !ours.includes(r));
        return {
            kind: 'read',
            applied: ours.filter(_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .isApplied */ .KN).map(r => r.migration_name),
            failed: [...new Set(ours.filter(_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .isFailed */ .Ix).map(r => r.migration_name))],
            failedEarlier: [...new Set(earlier.map(r => r.migration_name))]
        };
    }
    catch (err) {
        return { kind: 'unread', error: (0,_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .scrub */ ._I)((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err).split('\n')[0] ?? '') };
    }
}
/**
 * The runbook's way back by hand: decrypting the artifact's file (an age file; a directory archive
 * is one tar stream) and restoring it with pg_restore, each command a line a person can copy, every
 * argument one shell word (shell-words.ts). The URL carries placeholders for the credentials, never
 * a credential; the database name is percent-encoded, so the URL names exactly that database.
 */
function manualRestore(backupPath, target) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_0__.basename(backupPath);
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    const url = target.host.startsWith('/')
        ? `postgresql://<user>:<password>@/${encodeURIComponent(target.database)}?host=${encodeURIComponent(target.host)}&port=${target.port}`
        : `postgresql://<user>:<password>@${host}:${target.port}/${encodeURIComponent(target.database)}`;
    const plain = file.replace(/\.tar\.age$/, '').replace(/\.age$/, '');
    const decrypt = !file.endsWith('.age')
        ? ''
        : file.endsWith('.tar.age')
            ? `decrypt it (\`${(0,_shell_words_js__WEBPACK_IMPORTED_MODULE_12__/* .shellCommand */ .q)(['age', '-d', '-i', 'key.txt', file])} | tar -x\`), `
            : `decrypt it (\`${(0,_shell_words_js__WEBPACK_IMPORTED_MODULE_12__/* .shellCommand */ .q)(['age', '-d', '-i', 'key.txt', '-o', plain, file])}\`), `;
    const restore = (0,_shell_words_js__WEBPACK_IMPORTED_MODULE_12__/* .shellCommand */ .q)(['pg_restore', '--clean', '--if-exists', '--no-owner', '--dbname', url, plain]);
    return `download the workflow artifact, ${decrypt}check its sha256 against the manifest, then with pg_restore of the server's major version or newer: \`${restore}\``;
}
/** What to do next, with the backup to restore and the resolve commands; never a credential. */
function recoveryRunbook(inputs, target, err, books, resolve, env) {
    const failedName = err instanceof _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_5__/* .MigrationFailedError */ .Yv ? err.failure.name : /migration[: ]+'?([0-9]{8,}_[A-Za-z0-9_-]+)/i.exec((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err))?.[1];
    const lines = ['Recovery runbook:'];
    const appliedText = books.kind === 'read'
        ? ` Applied by this run before it stopped (read back from ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .MIGRATIONS_TABLE */ .tN}): ${books.applied.length ? books.applied.join(', ') : 'none'}.`
        : books.kind === 'unread'
            ? ` What this run applied is not known: could not read the books (${books.error}); run verify to see.`
            : '';
    lines.push(`1. What happened: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err).split('\n')[0]}${appliedText}`);
    if (inputs.backupPath) {
        const run = env.GITHUB_RUN_ID ? `run id ${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `, attempt ${env.GITHUB_RUN_ATTEMPT}` : ''}` : "this run's id";
        lines.push(`2. If data was damaged, restore the backup taken before this deploy (${inputs.backupPath}): run the 'Restore database' workflow (workflow-templates/db-restore.yml: phase restore, all or nothing, the state before kept) with ${run} and confirm-restore '${target.database}'. Only if it cannot run, by hand: ${manualRestore(inputs.backupPath, target)} — fill in the credentials from your secret store.`);
    }
    else {
        lines.push("2. No 'backup-path' was given to this step: if data was damaged, restore your latest backup with the 'Restore database' workflow (workflow-templates/db-restore.yml), or by hand from your own backup.");
    }
    const resolveHint = (name) => `Once the database is repaired, run \`${resolve('rolled-back', name)}\` to retry it on the next deploy, or \`${resolve('applied', name)}\` if you completed it by hand.`;
    const recorded = books.kind === 'read' ? [...books.failed.map(n => ({ n, when: 'by this run' })), ...books.failedEarlier.map(n => ({ n, when: 'by an earlier run' }))] : [];
    if (books.kind === 'unread') {
        lines.push(`3. ${failedName ? `Whether the migration '${failedName}' is recorded as failed` : 'Whether a migration is recorded as failed'} could not be read (${books.error}); run verify to see, and follow what it says.`);
    }
    else if (recorded.length > 0) {
        lines.push(`3. ${recorded.map(({ n, when }) => `The migration '${n}' is recorded as failed in ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .MIGRATIONS_TABLE */ .tN} (${when}). ${resolveHint(n)}`).join(' ')}`);
    }
    else if (failedName && books.kind === 'read') {
        const why = err instanceof _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_5__/* .MigrationFailedError */ .Yv && err.failure.recordError ? ` (writing it failed: ${err.failure.recordError})` : '';
        const partial = err instanceof _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_5__/* .MigrationFailedError */ .Yv ? err.failure.partial : true;
        lines.push(`3. The migration '${failedName}' failed, but ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .MIGRATIONS_TABLE */ .tN} holds no failed row for it from this run${why}. ` +
            (partial
                ? 'What it left behind is not recorded: repair the database by hand (see above) before deploying again.'
                : 'Its changes were rolled back and nothing records it, so the next deploy runs it again: fix the cause above first.'));
    }
    else if (books.kind === 'not-run') {
        lines.push('3. The migrator did not run, so no migration was applied or recorded as failed by this run; fix the cause above.');
    }
    else {
        lines.push(`3. No migration is recorded as failed by this run (read back from ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_11__/* .MIGRATIONS_TABLE */ .tN}); fix the cause above.`);
    }
    lines.push('4. Run the verify phase again; deploy once it passes.');
    return lines;
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
            return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The host '${target.host}' could not be resolved (${e.code}).`, "Check the host name in the URL and the runner's DNS/network access.");
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

/***/ 5838:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GM: () => (/* binding */ migrationsTableExists),
/* harmony export */   Ix: () => (/* binding */ isFailed),
/* harmony export */   KN: () => (/* binding */ isApplied),
/* harmony export */   M6: () => (/* binding */ readMigrationRows),
/* harmony export */   OJ: () => (/* binding */ schemaExists),
/* harmony export */   SP: () => (/* binding */ appliedMigrationNames),
/* harmony export */   lJ: () => (/* binding */ userTables),
/* harmony export */   tM: () => (/* binding */ appliedNamesOrNone),
/* harmony export */   tN: () => (/* binding */ MIGRATIONS_TABLE),
/* harmony export */   ue: () => (/* binding */ readBooksRows)
/* harmony export */ });
/* unused harmony export POSTGIS_TABLES */
/**
 * The books: Prisma's `_prisma_migrations` table, one row per migration started, where Prisma
 * Migrate records what it applied, what failed and what was rolled back. Everywhere in this
 * project "the books" means that table. This module reads them (read-only queries shared by the
 * verify checks, the migrators and the phases); books-writer.ts writes them as Prisma does.
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
/** Every row of the books, as readMigrationRows gives them; none when the schema has no books yet. */
async function readBooksRows(session, schema) {
    return (await migrationsTableExists(session, schema)) ? readMigrationRows(session, schema) : [];
}
/** All rows, ordered by `started_at` as Prisma reads them. The books must exist (see readBooksRows). */
async function readMigrationRows(session, schema) {
    const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`;
    const res = await session.query(`SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM ${table} ORDER BY started_at, migration_name`);
    return res.rows;
}
/**
 * The names of the migrations the books record as applied (finished, not rolled back), in the
 * order Prisma applied them; none when the schema has no books yet.
 */
async function appliedNamesOrNone(session, schema) {
    return (await migrationsTableExists(session, schema)) ? appliedMigrationNames(session, schema) : [];
}
/** As appliedNamesOrNone, for books known to exist (see migrationsTableExists). */
async function appliedMigrationNames(session, schema) {
    const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`;
    const res = await session.query(`SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`);
    return res.rows.map(r => r.migration_name);
}
function isFailed(row) {
    return row.finished_at === null && row.rolled_back_at === null;
}
function isApplied(row) {
    return row.finished_at !== null && row.rolled_back_at === null;
}


/***/ }),

/***/ 1899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ compareMigrations)
/* harmony export */ });
/* harmony import */ var _migrations_folder_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(364);
/* harmony import */ var _books_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5838);


function compareMigrations(local, rows) {
    const rowsByName = new Map();
    for (const row of rows) {
        const list = rowsByName.get(row.migration_name);
        if (list)
            list.push(row);
        else
            rowsByName.set(row.migration_name, [row]);
    }
    const localNames = new Set(local.map(m => m.name));
    const pending = [];
    const applied = [];
    const edited = [];
    const noChecksum = [];
    for (const migration of local) {
        const own = rowsByName.get(migration.name) ?? [];
        if (!own.some(r => r.rolled_back_at === null)) {
            pending.push(migration);
            continue;
        }
        const appliedRows = own.filter(_books_js__WEBPACK_IMPORTED_MODULE_1__/* .isApplied */ .KN);
        if (appliedRows.length === 0)
            continue; // only a failed row: reported below
        applied.push(migration);
        const latest = appliedRows[appliedRows.length - 1];
        if (typeof latest.checksum !== 'string' || latest.checksum === '')
            noChecksum.push({ migration, row: latest });
        else if (!(0,_migrations_folder_js__WEBPACK_IMPORTED_MODULE_0__/* .checksumMatches */ .XK)(latest.checksum, migration))
            edited.push({ migration, row: latest });
    }
    const failed = rows.filter(_books_js__WEBPACK_IMPORTED_MODULE_1__/* .isFailed */ .Ix);
    const missingNames = new Set();
    const missingLocally = rows.filter(r => {
        if (!(0,_books_js__WEBPACK_IMPORTED_MODULE_1__/* .isApplied */ .KN)(r) || localNames.has(r.migration_name) || missingNames.has(r.migration_name))
            return false;
        missingNames.add(r.migration_name);
        return true;
    });
    return { pending, applied, failed, edited, missingLocally, noChecksum };
}


/***/ }),

/***/ 5933:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ shellCommand),
/* harmony export */   r: () => (/* binding */ shellWord)
/* harmony export */ });
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3325);

/**
 * Commands the action prints for a person to copy into a shell (the `prisma migrate resolve`
 * suggestions, the recovery runbook's `age` and `pg_restore` lines): every argument is written as
 * exactly one word, whatever it holds. A migration name read from the database such as
 * `x;curl …|sh`, `$(…)` or one with a line break then stays one argument of the command someone
 * copies, and never runs as a command of its own.
 */
/** Characters no POSIX shell treats specially, anywhere in a word. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;
/**
 * `word` as one word for a shell:
 * - as it is, when it holds only characters no shell treats specially;
 * - in single quotes (a quote inside written `'\''`), when every character in it is visible;
 * - in ANSI-C quotes (`$'…'`: bash, zsh, ksh, BusyBox ash, and POSIX sh since its 2024 edition)
 *   when it holds a line break, a control character or an invisible or bidirectional formatting
 *   character (visible-text.ts), a backtick, or `##[`. Those are written as escapes of their UTF-8
 *   bytes (`\n`, `\xe2\x80\xae`, `\x60`), so the printed command shows them, still gives the shell
 *   that exact word, fits on one line, never holds a backtick (commands are quoted in Markdown code
 *   spans in messages and the summary) and passes the log's own rewriting of `##[` (log.ts) intact.
 *   `!` is escaped too, so that no shell's history expansion applies.
 */
function shellWord(word) {
    if (PLAIN.test(word))
        return word;
    if (!/[\n`]|##\[/.test(word) && !(0,_visible_text_js__WEBPACK_IMPORTED_MODULE_0__/* .hasInvisible */ .w)(word))
        return `'${word.replace(/'/g, `'\\''`)}'`;
    let out = '';
    for (const c of word) {
        if (c === '\\' || c === "'")
            out += `\\${c}`;
        else if (c === '\n')
            out += '\\n';
        else if (c === '\t')
            out += '\\t';
        else if (c === '`' || c === '[' || c === '!' || (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_0__/* .hasInvisible */ .w)(c))
            for (const byte of Buffer.from(c, 'utf8'))
                out += `\\x${byte.toString(16).padStart(2, '0')}`;
        else
            out += c;
    }
    return `$'${out}'`;
}
/** The words as one command line, each written by `shellWord`. */
function shellCommand(words) {
    return words.map(shellWord).join(' ');
}


/***/ })

};
