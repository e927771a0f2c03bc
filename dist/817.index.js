export const id = 817;
export const ids = [817];
export const modules = {

/***/ 3817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEPLOY_GROUP: () => (/* binding */ DEPLOY_GROUP),
/* harmony export */   runDeploy: () => (/* binding */ runDeploy)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7264);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8422);
/* harmony import */ var _guards_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9609);
/* harmony import */ var _prisma_migrations_folder_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(364);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _postgres_target_policy_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3249);
/* harmony import */ var _postgres_session_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2515);
/* harmony import */ var _prisma_books_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(5838);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7194);
/* harmony import */ var _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7983);
/* harmony import */ var _migrators_prisma_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(44);
/* harmony import */ var _prisma_compare_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(1899);
/* harmony import */ var _prisma_cli_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(9086);
/* harmony import */ var _process_children_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(1414);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(8855);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(5625);

















const DEPLOY_GROUP = '[STEP 3/3] Deploying database migrations';
/**
 * deploy-db: exactly one action, applying the pending migrations. No backup and no verification
 * here: those are the earlier phases. The applied list is read from `_prisma_migrations` before
 * and after, never parsed from a tool's output.
 */
async function runDeploy(inputs, env = process.env) {
    const guardStep = await (0,_guards_js__WEBPACK_IMPORTED_MODULE_3__/* .enforceGuardsStep */ .lq)({ phase: 'deploy', allowedRefs: inputs.allowedRefs, env });
    let target;
    try {
        target = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDatabaseUrl */ .mx)(inputs.databaseUrl);
        (0,_postgres_target_policy_js__WEBPACK_IMPORTED_MODULE_6__/* .assertTargetPolicy */ .im)(target);
        if (inputs.migrator === 'prisma')
            (0,_postgres_target_policy_js__WEBPACK_IMPORTED_MODULE_6__/* .assertPrismaCanConnect */ .Dy)(target);
    }
    catch (err) {
        const urlStep = { name: 'database-url', status: 'failed', durationMs: 0, detail: (0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err) };
        await (0,_summary_js__WEBPACK_IMPORTED_MODULE_14__/* .writeSummary */ .Sy)({ title: 'Database deployment — deploy: failed', outcome: 'The database URL was refused; nothing was applied.', steps: [guardStep, urlStep] }, env);
        throw err;
    }
    const resolve = (how, name) => (0,_prisma_cli_js__WEBPACK_IMPORTED_MODULE_12__/* .resolveCommand */ .OK)(inputs, how, name);
    const cancel = new AbortController();
    const onSignal = (signal) => {
        if (cancel.signal.aborted)
            return;
        (0,_log_js__WEBPACK_IMPORTED_MODULE_15__/* .info */ .pq)(`Received ${signal}: stopping after the running migration is rolled back or recorded.`);
        cancel.abort(signal);
        void (0,_process_children_js__WEBPACK_IMPORTED_MODULE_13__/* .stopAllChildren */ .LM)();
        setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 30_000).unref();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const started = performance.now();
    const step = { name: `migrate (${inputs.migrator})`, status: 'failed', durationMs: 0, detail: '' };
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(DEPLOY_GROUP);
    // The prisma migrator's books are read here before and after; the builtin migrator reads them
    // itself, on its own session under the advisory lock, so a concurrent run's rows are never counted.
    // After a failure the books are read back on a fresh session (what was applied, what is recorded as
    // failed), never assumed: the builtin migrator's rows by the ids it wrote, Prisma's by the ids new since `before`.
    let before;
    const journal = { rows: new Map() };
    let applied = [];
    try {
        if (inputs.migrator === 'builtin') {
            const run = await (0,_migrators_builtin_js__WEBPACK_IMPORTED_MODULE_9__/* .runBuiltinMigrator */ .eH)({
                target,
                migrationsDir: inputs.migrationsDir,
                workspace: inputs.workspace,
                connectTimeoutMs: inputs.connectTimeoutMs,
                lockTimeoutMs: inputs.lockTimeoutMs,
                resolveCommand: resolve,
                signal: cancel.signal,
                journal
            });
            applied = run.appliedFromBooks;
        }
        else {
            // Prisma reads the folder itself: first the checks verify makes on it (inside the workspace
            // through symbolic links, printable names), so deploy never runs files verify would refuse.
            await (0,_prisma_migrations_folder_js__WEBPACK_IMPORTED_MODULE_4__/* .readMigrationsFolder */ ._)(inputs.migrationsDir, inputs.workspace);
            before = await rowIds(target, inputs);
            await (0,_migrators_prisma_js__WEBPACK_IMPORTED_MODULE_10__/* .runPrismaMigrator */ .Xj)({
                workingDirectory: inputs.workingDirectory,
                workspace: inputs.workspace,
                schemaPath: inputs.schemaPath,
                migrationsDir: inputs.migrationsDir,
                databaseUrl: inputs.databaseUrl,
                target,
                generateClient: inputs.generateClient
            });
            applied = await newlyApplied(target, inputs, before);
            (0,_migrators_prisma_js__WEBPACK_IMPORTED_MODULE_10__/* .assertDeployed */ .dy)(await booksAgainstFolder(target, inputs));
        }
        if (cancel.signal.aborted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`The deployment was cancelled (${String(cancel.signal.reason)}).`, 'Run verify to see what was applied, then deploy again.');
    }
    catch (err) {
        step.durationMs = performance.now() - started;
        step.detail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err);
        const books = await readBack(target, inputs, inputs.migrator === 'builtin' ? { ids: journal.rows } : before ? { before } : undefined);
        const runbook = recoveryRunbook(inputs, target, err, books, resolve, env);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
        (0,_log_js__WEBPACK_IMPORTED_MODULE_15__/* .info */ .pq)(runbook.join('\n'));
        const appliedLine = books.kind === 'read'
            ? `${books.applied.length} migration(s) were applied before the failure (read back from ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .MIGRATIONS_TABLE */ .tN}).`
            : books.kind === 'unread'
                ? `Could not read the books to see what was applied: ${books.error}; run verify to see.`
                : 'No migration was run.';
        await (0,_summary_js__WEBPACK_IMPORTED_MODULE_14__/* .writeSummary */ .Sy)({
            title: 'Database deployment — deploy: failed',
            outcome: `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err).split('\n')[0]} ${appliedLine}`,
            steps: [guardStep, step],
            lists: [
                {
                    heading: 'Applied by this run',
                    items: books.kind === 'read' ? books.applied : [],
                    empty: books.kind === 'unread' ? `Unknown: could not read the books (${books.error}); run verify to see.` : 'None.'
                },
                { heading: 'Recovery runbook', items: runbook.slice(1), empty: '' }
            ]
        }, env);
        throw err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ ? new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`${err.message}\nSee the recovery runbook in the log and the job summary.`) : err;
    }
    finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
    step.status = 'passed';
    step.durationMs = performance.now() - started;
    step.detail = `${applied.length} migration${applied.length === 1 ? '' : 's'} applied`;
    const outputs = { 'applied-count': String(applied.length), 'applied-migrations': (0,_secrets_js__WEBPACK_IMPORTED_MODULE_8__/* .scrubbedJson */ .Bo)(applied) };
    for (const [name, value] of Object.entries(outputs))
        (0,_log_js__WEBPACK_IMPORTED_MODULE_15__/* .setOutput */ .uH)(name, value);
    (0,_log_js__WEBPACK_IMPORTED_MODULE_15__/* .info */ .pq)(`Deploy finished in ${(0,_log_js__WEBPACK_IMPORTED_MODULE_15__/* .formatDuration */ .a3)(step.durationMs)}: ${applied.length} migration${applied.length === 1 ? '' : 's'} applied.`);
    await (0,_summary_js__WEBPACK_IMPORTED_MODULE_14__/* .writeSummary */ .Sy)({
        title: 'Database deployment — deploy: done',
        outcome: applied.length === 0 ? 'The database was already up to date: nothing was applied.' : `${applied.length} migration${applied.length === 1 ? '' : 's'} applied with the ${inputs.migrator} migrator.`,
        steps: [guardStep, step],
        lists: [{ heading: `Applied migrations (${applied.length})`, items: applied, empty: 'None.' }],
        outputs
    }, env);
    return { applied };
}
async function withReader(target, inputs, fn) {
    const session = await (0,_postgres_session_js__WEBPACK_IMPORTED_MODULE_7__/* .openSession */ .fA)(target, {
        readOnly: true,
        connectTimeoutMs: inputs.connectTimeoutMs,
        statementTimeoutMs: 30_000,
        applicationName: 'db-deploy-action deploy (books)'
    });
    try {
        return await fn(session);
    }
    finally {
        await (0,_postgres_session_js__WEBPACK_IMPORTED_MODULE_7__/* .closeSession */ .Vu)(session);
    }
}
/** Ids of all rows before the run (any state), so that rows the run adds can be told apart. */
async function rowIds(target, inputs) {
    return withReader(target, inputs, async (s) => {
        if (!(await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .migrationsTableExists */ .GM)(s, target.schema)))
            return new Set();
        return new Set((await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .readMigrationRows */ .M6)(s, target.schema)).map(r => r.id));
    });
}
/** The action's migrations folder against the books of the action's database. */
async function booksAgainstFolder(target, inputs) {
    const folder = await (0,_prisma_migrations_folder_js__WEBPACK_IMPORTED_MODULE_4__/* .readMigrationsFolder */ ._)(inputs.migrationsDir, inputs.workspace);
    return withReader(target, inputs, async (s) => {
        const rows = (await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .migrationsTableExists */ .GM)(s, target.schema)) ? await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .readMigrationRows */ .M6)(s, target.schema) : [];
        return (0,_prisma_compare_js__WEBPACK_IMPORTED_MODULE_11__/* .compareMigrations */ .h)(folder.migrations, rows);
    });
}
/** Names of the migrations applied since `before`, in the order they were started. */
async function newlyApplied(target, inputs, before) {
    return withReader(target, inputs, async (s) => {
        if (!(await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .migrationsTableExists */ .GM)(s, target.schema)))
            return [];
        return (await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .readMigrationRows */ .M6)(s, target.schema))
            .filter(r => (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .isApplied */ .KN)(r) && !before.has(r.id))
            .map(r => r.migration_name);
    });
}
/**
 * Reads `_prisma_migrations` on a fresh read-only session: the rows this run added (the builtin
 * migrator's by the ids it wrote, Prisma's as the ids not there before) that count as applied, and
 * those left failed.
 */
async function readBack(target, inputs, mine) {
    if (!mine)
        return { kind: 'not-run' };
    try {
        const rows = await withReader(target, inputs, async (s) => ((await (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .migrationsTableExists */ .GM)(s, target.schema)) ? (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .readMigrationRows */ .M6)(s, target.schema) : []));
        const ours = rows.filter(r => ('ids' in mine ? mine.ids.has(r.id) : !mine.before.has(r.id)));
        const earlier = rows.filter(r => (0,_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .isFailed */ .Ix)(r) && !ours.includes(r));
        return {
            kind: 'read',
            applied: ours.filter(_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .isApplied */ .KN).map(r => r.migration_name),
            failed: [...new Set(ours.filter(_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .isFailed */ .Ix).map(r => r.migration_name))],
            failedEarlier: [...new Set(earlier.map(r => r.migration_name))]
        };
    }
    catch (err) {
        return { kind: 'unread', error: (0,_secrets_js__WEBPACK_IMPORTED_MODULE_8__/* .scrub */ ._I)((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err).split('\n')[0] ?? '') };
    }
}
/** What to do next, with the backup to restore and the resolve commands; never a credential. */
function recoveryRunbook(inputs, target, err, books, resolve, env) {
    const failedName = err instanceof _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_9__/* .MigrationFailedError */ .Yv ? err.failure.name : /migration[: ]+'?([0-9]{8,}_[A-Za-z0-9_-]+)/i.exec((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err))?.[1];
    const dbUrl = `postgresql://<user>:<password>@${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}/${target.database}`;
    const lines = ['Recovery runbook:'];
    const appliedText = books.kind === 'read'
        ? ` Applied by this run before it stopped (read back from ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .MIGRATIONS_TABLE */ .tN}): ${books.applied.length ? books.applied.join(', ') : 'none'}.`
        : books.kind === 'unread'
            ? ` What this run applied is not known: could not read the books (${books.error}); run verify to see.`
            : '';
    lines.push(`1. What happened: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err).split('\n')[0]}${appliedText}`);
    if (inputs.backupPath) {
        const run = env.GITHUB_RUN_ID ? `run id ${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `, attempt ${env.GITHUB_RUN_ATTEMPT}` : ''}` : "this run's id";
        lines.push(`2. If data was damaged, restore the backup taken before this deploy (${inputs.backupPath}): run the 'Restore database' workflow (workflow-templates/db-restore.yml: phase restore, all or nothing, the state before kept) with ${run} and confirm-restore '${target.database}'. Only if it cannot run, by hand: download the workflow artifact, decrypt it (age -d -i key.txt), check its sha256 against the manifest, then with pg_restore of the server's major version or newer: pg_restore --clean --if-exists --no-owner --dbname "${dbUrl}" "${node_path__WEBPACK_IMPORTED_MODULE_1__.basename(inputs.backupPath).replace(/\.age$/, '')}" — fill in the credentials from your secret store.`);
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
        lines.push(`3. ${recorded.map(({ n, when }) => `The migration '${n}' is recorded as failed in ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .MIGRATIONS_TABLE */ .tN} (${when}). ${resolveHint(n)}`).join(' ')}`);
    }
    else if (failedName && books.kind === 'read') {
        const why = err instanceof _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_9__/* .MigrationFailedError */ .Yv && err.failure.recordError ? ` (writing it failed: ${err.failure.recordError})` : '';
        const partial = err instanceof _migrators_builtin_js__WEBPACK_IMPORTED_MODULE_9__/* .MigrationFailedError */ .Yv ? err.failure.partial : true;
        lines.push(`3. The migration '${failedName}' failed, but ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .MIGRATIONS_TABLE */ .tN} holds no failed row for it from this run${why}. ` +
            (partial
                ? 'What it left behind is not recorded: repair the database by hand (see above) before deploying again.'
                : 'Its changes were rolled back and nothing records it, so the next deploy runs it again: fix the cause above first.'));
    }
    else if (books.kind === 'not-run') {
        lines.push('3. The migrator did not run, so no migration was applied or recorded as failed by this run; fix the cause above.');
    }
    else {
        lines.push(`3. No migration is recorded as failed by this run (read back from ${_prisma_books_js__WEBPACK_IMPORTED_MODULE_16__/* .MIGRATIONS_TABLE */ .tN}); fix the cause above.`);
    }
    lines.push('4. Run the verify phase again; deploy once it passes.');
    return lines;
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


/***/ })

};
