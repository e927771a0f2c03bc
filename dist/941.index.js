export const id = 941;
export const ids = [941];
export const modules = {

/***/ 8941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Yv: () => (/* reexport */ MigrationFailedError),
  eH: () => (/* binding */ runBuiltinMigrator)
});

// UNUSED EXPORTS: APPLICATION_NAME

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/postgres/session.ts
var postgres_session = __webpack_require__(2515);
// EXTERNAL MODULE: ./src/prisma/migrations-folder.ts
var migrations_folder = __webpack_require__(364);
// EXTERNAL MODULE: ./src/prisma/books.ts
var books = __webpack_require__(5838);
;// CONCATENATED MODULE: ./src/prisma/books-writer.ts

/**
 * Writing Prisma Migrate's books exactly as `prisma migrate deploy` does
 * (reference/prisma-bookkeeping.md): same table, columns, UUID v4 ids, checksums and failure rows.
 */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;
/** Prisma's DDL, unqualified: it is run with `search_path` set to the target schema. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE ${books/* MIGRATIONS_TABLE */.tN} (
    id                  VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum            VARCHAR(64) NOT NULL,
    finished_at         TIMESTAMPTZ,
    migration_name      VARCHAR(255) NOT NULL,
    logs                TEXT,
    rolled_back_at      TIMESTAMPTZ,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count INTEGER NOT NULL DEFAULT 0
)`;
function qualifiedTable(session, schema) {
    return `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(books/* MIGRATIONS_TABLE */.tN)}`;
}
/**
 * The row Prisma writes before running a migration (UUID v4 id, checksum, `started_at` now,
 * `applied_steps_count` 0), as a literal statement so it can share the migration's transaction.
 */
function startedRowSql(session, schema, id, name, checksum) {
    const lit = (v) => session.escapeLiteral(v);
    return `INSERT INTO ${qualifiedTable(session, schema)} (id, checksum, started_at, migration_name, applied_steps_count) VALUES (${lit(id)}, ${lit(checksum)}, now(), ${lit(name)}, 0)`;
}
/** The statement that marks a row finished; literal so it can run in the migration's own transaction. */
function finishRowSql(session, schema, id) {
    return `UPDATE ${qualifiedTable(session, schema)} SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = ${session.escapeLiteral(id)}`;
}
/** Records a failure as Prisma does: `logs` set, `finished_at` and `rolled_back_at` left NULL. */
async function recordFailure(session, schema, id, logs) {
    await session.query(`UPDATE ${qualifiedTable(session, schema)} SET logs = $2 WHERE id = $1`, [id, logs]);
}
/**
 * The failed row as Prisma leaves it, whether or not the started row survived the failure (in an
 * all-or-nothing file it is rolled back with the file; a COMMIT inside the file may have kept it):
 * the started row written when missing, then `logs` set. Throws when either write is refused.
 */
async function writeFailedRow(session, schema, id, name, checksum, logs) {
    const table = qualifiedTable(session, schema);
    await session.query(`INSERT INTO ${table} (id, checksum, started_at, migration_name, applied_steps_count)
     SELECT $1::text, $2::text, now(), $3::text, 0 WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE id = $1::text)`, [id, checksum, name]);
    const res = await session.query(`UPDATE ${table} SET logs = $2 WHERE id = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`, [id, logs]);
    if (res.rowCount !== 1)
        throw new Error(`the row ${id} was not found failed after writing it`);
}
/** The text Prisma stores in `logs` for a failed migration (its "Database error" rendering). */
function prismaStyleLogs(migrationName, err) {
    const e = (err ?? {});
    const lines = [`Migration name: ${migrationName}`, ''];
    if (e.code)
        lines.push(`Database error code: ${e.code}`, '');
    lines.push('Database error:', `ERROR: ${e.message ?? String(err)}`);
    if (e.detail)
        lines.push(`DETAIL: ${e.detail}`);
    if (e.hint)
        lines.push(`HINT: ${e.hint}`);
    if (e.position)
        lines.push(`POSITION: ${e.position}`);
    if (e.where)
        lines.push(`CONTEXT: ${e.where}`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/migrators/sql-statements.ts
function splitStatements(sql) {
    const out = [];
    let current = '';
    let i = 0;
    const n = sql.length;
    const push = () => {
        const text = current.trim();
        if (text !== '')
            out.push({ text, head: headOf(text) });
        current = '';
    };
    while (i < n) {
        const c = sql[i];
        const next = sql[i + 1];
        if (c === '-' && next === '-') {
            const end = sql.indexOf('\n', i);
            i = end === -1 ? n : end + 1;
            current += ' ';
            continue;
        }
        if (c === '/' && next === '*') {
            let depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (sql[i] === '/' && sql[i + 1] === '*') {
                    depth++;
                    i += 2;
                }
                else if (sql[i] === '*' && sql[i + 1] === '/') {
                    depth--;
                    i += 2;
                }
                else
                    i++;
            }
            current += ' ';
            continue;
        }
        if (c === "'" || c === '"') {
            const escapes = c === "'" && /[eE]$/.test(current) && !/[A-Za-z0-9_][eE]$/.test(current);
            let j = i + 1;
            while (j < n) {
                if (escapes && sql[j] === '\\') {
                    j += 2;
                    continue;
                }
                if (sql[j] === c) {
                    if (sql[j + 1] === c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j++;
            }
            current += sql.slice(i, j + 1);
            i = j + 1;
            continue;
        }
        if (c === '$') {
            const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
            if (m && !/[A-Za-z0-9_]$/.test(current)) {
                const tag = m[0];
                const end = sql.indexOf(tag, i + tag.length);
                const stop = end === -1 ? n : end + tag.length;
                current += sql.slice(i, stop);
                i = stop;
                continue;
            }
        }
        if (c === ';') {
            push();
            i++;
            continue;
        }
        current += c;
        i++;
    }
    push();
    return out;
}
function headOf(text) {
    return text.replace(/\s+/g, ' ').split(' ').slice(0, 6).join(' ').toUpperCase();
}
/**
 * Why a statement cannot run inside a transaction block, or undefined when it can. Covers what
 * PostgreSQL refuses in a transaction block that a migration may contain.
 */
function nonTransactional(statement) {
    const t = statement.text.replace(/\s+/g, ' ').toUpperCase();
    if (/^(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/.test(t))
        return 'CREATE/DROP INDEX CONCURRENTLY';
    if (/^REINDEX\b.*\bCONCURRENTLY\b/.test(t) || /^REINDEX\s*\(.*CONCURRENTLY/.test(t))
        return 'REINDEX CONCURRENTLY';
    if (/^REINDEX\s+(SYSTEM|DATABASE)\b/.test(t))
        return 'REINDEX SYSTEM/DATABASE';
    if (/^VACUUM\b/.test(t))
        return 'VACUUM';
    if (/^(CREATE|DROP)\s+DATABASE\b/.test(t))
        return 'CREATE/DROP DATABASE';
    if (/^(CREATE|DROP)\s+TABLESPACE\b/.test(t))
        return 'CREATE/DROP TABLESPACE';
    if (/^ALTER\s+SYSTEM\b/.test(t))
        return 'ALTER SYSTEM';
    if (/^ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY\b/.test(t))
        return 'DETACH PARTITION CONCURRENTLY';
    if (/^CREATE\s+SUBSCRIPTION\b/.test(t) || /^DROP\s+SUBSCRIPTION\b/.test(t))
        return 'CREATE/DROP SUBSCRIPTION';
    return undefined;
}
/** Whether the file manages its own transactions (BEGIN/COMMIT/ROLLBACK...). */
function hasTransactionControl(statements) {
    return statements.some(s => /^(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE TRANSACTION)\b/.test(s.head));
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/migrators/schema-race.ts





/**
 * Deploy creates a missing target schema after taking the migration advisory lock, so two deploys
 * never race to create it. Another session that is not a deploy (an application starting up, a
 * person in psql) can: PostgreSQL checks that the name is free, then inserts it into pg_namespace,
 * and a CREATE SCHEMA that finds another transaction's uncommitted schema of the same name waits
 * for that transaction. When it commits, the waiting CREATE SCHEMA fails with a unique violation
 * on pg_namespace_nspname_index (23505), not `duplicate_schema` (42P06); CREATE SCHEMA IF NOT
 * EXISTS fails the same way, since its check came before the wait. When it rolls back, the waiting
 * statement creates the schema. A wait longer than `lock_timeout` fails with 55P03.
 *
 * Called with the error of deploy's CREATE SCHEMA: a schema that exists now is what deploy wanted,
 * so it is said and `true` returned; a race that leaves no schema, or a wait that timed out, is an
 * ActionError saying what happened and that running the deploy again is safe; any other error
 * returns `false` for the caller to handle.
 */
async function schemaCreatedMeanwhile(session, schema, err, lockTimeoutMs) {
    const e = err;
    const retry = 'Running the deploy again is safe: nothing was applied, and it checks for the schema again before creating it.';
    if (e.code === '42P06' || (e.code === '23505' && e.constraint === 'pg_namespace_nspname_index')) {
        if (await (0,books/* schemaExists */.OJ)(session, schema)) {
            (0,log/* info */.pq)(`Schema '${schema}' was created by another session while this deploy was creating it (${(0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err))}); it exists now, which is what the deploy needed: deploying into it.`);
            return true;
        }
        throw new errors/* ActionError */.lZ(`Schema '${schema}' was created by another session while this deploy was creating it (${(0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err))}), and it no longer exists (dropped since); nothing was applied.`, retry);
    }
    if (e.code === '55P03') {
        throw new errors/* ActionError */.lZ(`Schema '${schema}' is being created by another session whose transaction has not ended: this deploy's CREATE SCHEMA waited for it for lock-timeout (${(0,format/* formatDuration */.a3)(lockTimeoutMs)}) and gave up; nothing was applied.`, `Find that session (pg_stat_activity) and let its transaction commit or roll back. ${retry}`);
    }
    return false;
}

;// CONCATENATED MODULE: ./src/migrators/builtin-session.ts
/**
 * The builtin migrator's session: what the server reports about it (transaction status and
 * completed statements, read from the protocol), and the statements around a migration's own SQL.
 */
const QUERY_CANCELED = '57014';
function watchSession(session) {
    const watch = { status: 'I', tags: [] };
    session.connection.on('readyForQuery', (msg) => {
        watch.status = msg.status;
    });
    session.connection.on('commandComplete', (msg) => {
        watch.tags.push(msg.text ?? '');
    });
    return watch;
}
/**
 * A query whose aftermath (transaction status, completed statements) is read from `watch`. pg rejects
 * a failed query on the ErrorResponse, before the server's ReadyForQuery: that is awaited too, so
 * the status is the one after the query, or unknown when the connection is gone.
 */
async function watchedQuery(run, sql) {
    run.watch.status = undefined;
    run.watch.tags = [];
    try {
        await run.session.query(sql);
    }
    catch (err) {
        await readyForQuery(run);
        throw err;
    }
}
async function readyForQuery(run, timeoutMs = 10_000) {
    if (run.watch.status !== undefined)
        return;
    const con = run.session.connection;
    if (con.stream?.destroyed)
        return;
    await new Promise(resolve => {
        const done = () => {
            clearTimeout(timer);
            con.off('readyForQuery', done);
            con.off('end', done);
            resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        con.on('readyForQuery', done);
        con.on('end', done);
    });
}
/**
 * A bookkeeping statement. A cancel meant for the migration script can land on it when the script
 * finished just before the signal (cancel requests are one-shot): then it is run again.
 */
async function bookkeeping(run, sql, params) {
    for (let attempt = 1;; attempt++) {
        try {
            await run.session.query(sql, params);
            return;
        }
        catch (err) {
            if (err.code !== QUERY_CANCELED || attempt >= 3)
                throw err;
        }
    }
}
/**
 * Ends a transaction block the file left open (or aborted) with ROLLBACK. Returns the status the
 * server reports afterwards: 'I' when the session is idle again, otherwise it is not usable.
 */
async function rollBackOpenTransaction(run) {
    const { watch } = run;
    if (watch.status === 'T' || watch.status === 'E') {
        watch.status = undefined;
        await run.session.query('ROLLBACK').catch(() => readyForQuery(run));
    }
    return watch.status;
}

;// CONCATENATED MODULE: ./src/migrators/advisory-lock.ts




/**
 * Prisma's advisory lock, which every `prisma migrate deploy` and the builtin migrator take before
 * they apply anything: waited for at most `lock-timeout`, and on timeout the holder is named.
 */
/** Waits for Prisma's advisory lock at most `lockTimeoutMs`; on timeout names who holds it. */
async function acquireAdvisoryLock(session, o) {
    const deadline = performance.now() + o.lockTimeoutMs;
    let waited = false;
    for (;;) {
        const got = (await session.query('SELECT pg_try_advisory_lock($1) AS ok', [PRISMA_ADVISORY_LOCK_KEY])).rows[0]?.ok;
        if (got) {
            if (waited)
                (0,log/* info */.pq)('Advisory lock acquired.');
            return;
        }
        if (!waited) {
            (0,log/* info */.pq)(`Waiting up to ${(0,format/* formatDuration */.a3)(o.lockTimeoutMs)} for the migration advisory lock (${PRISMA_ADVISORY_LOCK_KEY}) held by another session…`);
            waited = true;
        }
        if (o.signal?.aborted) {
            throw new errors/* ActionError */.lZ('Deployment cancelled while waiting for the migration advisory lock; nothing was applied.', 'Run verify, then deploy again.');
        }
        if (performance.now() >= deadline)
            break;
        await new Promise(r => setTimeout(r, Math.min(200, Math.max(10, deadline - performance.now()))));
    }
    const holder = await describeLockHolder(session);
    throw new errors/* ActionError */.lZ(`Another migration holds Prisma's advisory lock (${PRISMA_ADVISORY_LOCK_KEY}); gave up after ${(0,format/* formatDuration */.a3)(o.lockTimeoutMs)}. ${holder}`, 'Wait for that deployment to finish (or end the session if it is stuck: SELECT pg_terminate_backend(<pid>)), then deploy again. Nothing was applied.');
}
async function describeLockHolder(session) {
    const res = await session
        .query(`SELECT a.pid, a.application_name AS app, host(a.client_addr) AS client, a.usename,
            justify_interval(date_trunc('second', now() - a.backend_start))::text AS connected, a.state
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
        AND l.pid <> pg_backend_pid()`, [PRISMA_ADVISORY_LOCK_KEY])
        .catch(() => undefined);
    const h = res?.rows[0];
    if (!h)
        return 'The holder could not be identified (it may have just released the lock).';
    return `Held by pid ${h.pid} (application '${h.app || 'unknown'}', user ${h.usename ?? '?'}, client ${h.client ?? 'local socket'}, connected for ${h.connected}, state ${h.state ?? 'unknown'}).`;
}

;// CONCATENATED MODULE: ./src/migrators/builtin-failure.ts




/** How a migration of the builtin migrator failed: what of it stays applied, and the error that says so. */
/**
 * What of a failed file stays applied, from what the server reported: a statement run outside a
 * transaction cannot be rolled back; otherwise what the file's own completed COMMITs committed stays,
 * and everything after the last one was rolled back (by the server on the error, or by the migrator).
 */
function whatStayed(standalone, atomic, tags, preparedNote) {
    if (tags.includes('PREPARE TRANSACTION')) {
        return {
            partial: true,
            text: `The prepared work is neither committed nor rolled back, and holds its locks until someone runs COMMIT PREPARED or ROLLBACK PREPARED with its name. ${preparedNote}`.trim()
        };
    }
    if (standalone !== undefined) {
        return {
            partial: true,
            text: `It ran outside a transaction (${standalone}), so PostgreSQL could not roll it back: check what it left behind (a CREATE INDEX CONCURRENTLY that fails or is cancelled leaves an INVALID index; drop it before retrying).`
        };
    }
    const last = tags.lastIndexOf('COMMIT');
    if (last < 0) {
        return {
            partial: false,
            text: atomic
                ? 'It ran as one transaction, which was rolled back: nothing of it stays applied.'
                : `None of its own COMMITs completed, so nothing of it stays applied (${tags.length} statement(s) completed, all rolled back).`
        };
    }
    const committed = tags.slice(0, last + 1);
    const shown = committed.length > 8 ? `${committed.slice(0, 3).join(', ')}, …, ${committed.slice(-3).join(', ')}` : committed.join(', ');
    return {
        partial: true,
        text: `It committed part of its own work before it stopped: the first ${committed.length} statement(s) it completed (${shown}) stay applied; what ran after its last COMMIT was rolled back.`
    };
}
/** The prepared transactions of the migration role in this database, read from pg_prepared_xacts. */
async function describePrepared(session) {
    try {
        const res = await session.query('SELECT gid, prepared FROM pg_prepared_xacts WHERE database = current_database() AND owner = current_user ORDER BY prepared DESC LIMIT 5');
        if (res.rows.length === 0)
            return 'No prepared transaction of this role is open in the database now.';
        return `Prepared transactions of this role open in the database now: ${res.rows.map(r => `'${r.gid}' (prepared ${r.prepared.toISOString()})`).join(', ')}.`;
    }
    catch (err) {
        return `The prepared transactions could not be listed (${(0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err))}): SELECT gid FROM pg_prepared_xacts shows them.`;
    }
}
/** A migration failed; carries what was applied before it. */
class MigrationFailedError extends errors/* ActionError */.lZ {
    failure;
    appliedBefore;
    constructor(failure, appliedBefore) {
        super(`Migration '${failure.name}' failed${failure.code ? ` (SQLSTATE ${failure.code})` : ''}: ${failure.message.replace(/[.\s]*$/, '')}.` +
            (failure.lockTimeout ? ` — gave up waiting for a lock after ${failure.attempts} attempt(s); a long transaction holds a conflicting lock.` : '') +
            ` ${failure.whatStayed}` +
            (failure.partial ? ' This file is not all-or-nothing: check what it left behind.' : ''));
        this.failure = failure;
        this.appliedBefore = appliedBefore;
        this.name = 'MigrationFailedError';
    }
}
/**
 * The failure of a file, in words from what the server reported, recorded in the books as Prisma
 * records a failed migration (when the session is still usable).
 */
async function recordFailedFile(run, migration, standalone, a) {
    const { session, o } = run;
    const schema = o.target.schema;
    const { err, statusAfter, idle, code } = a;
    const leftOpen = !a.failed;
    const preparedNote = a.prepared && idle ? await describePrepared(session) : '';
    const stayed = whatStayed(standalone, a.atomic, a.tags, preparedNote);
    const openNote = statusAfter === 'T'
        ? 'The file left a transaction open: it ended inside a transaction block (a BEGIN without its COMMIT), so its work after that BEGIN was never committed.'
        : statusAfter === 'E'
            ? "The error left the file's own transaction block (BEGIN) open and aborted."
            : statusAfter === undefined
                ? 'The server did not report the state of the session afterwards (the connection may be lost).'
                : '';
    const rollbackNote = statusAfter === 'T' || statusAfter === 'E' ? (idle ? ' The migrator rolled that transaction back and stopped.' : ' Rolling that transaction back failed; closing the session rolls it back.') : '';
    let logs;
    let message;
    if (leftOpen && statusAfter === 'I' && a.prepared) {
        const note = 'The file prepared its transaction (PREPARE TRANSACTION) instead of committing it.';
        logs = [`Migration name: ${migration.name}`, '', note].join('\n');
        message = 'the file prepared its transaction (PREPARE TRANSACTION) instead of committing it';
    }
    else if (leftOpen) {
        logs = [`Migration name: ${migration.name}`, '', `${openNote}${rollbackNote}`].join('\n');
        message = statusAfter === 'T' ? 'the file left a transaction open (BEGIN without COMMIT); that transaction was rolled back' : openNote;
    }
    else {
        logs = prismaStyleLogs(migration.name, err);
        if (openNote)
            logs += `\n\n${openNote}${rollbackNote}`;
        message = (0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err));
        if (code === QUERY_CANCELED && o.signal?.aborted)
            logs += '\n\nThe deployment was cancelled (signal) while this migration ran.';
        if (a.lockTimeout)
            logs += `\n\nGave up after ${a.attempt} attempt(s) of lock_timeout ${o.lockTimeoutMs} ms each.`;
    }
    logs += `\n\n${stayed.text}`;
    // The failed row as Prisma leaves it: finished_at and rolled_back_at NULL, logs set. In atomic
    // mode the transaction took the started row with it, so the row is written now.
    let recordError;
    if (!idle)
        recordError = 'the session was not usable after the file';
    else {
        run.journal.rows.set(a.id, migration.name);
        await writeFailedRow(session, schema, a.id, migration.name, migration.checksum, logs).catch((e) => {
            recordError = (0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(e));
        });
    }
    const fields = err;
    return {
        name: migration.name,
        message,
        code,
        lockTimeout: a.lockTimeout,
        attempts: a.attempt,
        partial: stayed.partial,
        whatStayed: stayed.text,
        recordError,
        constraint: fields?.constraint || undefined,
        table: fields?.table ? (fields.schema ? `${fields.schema}.${fields.table}` : fields.table) : undefined,
        detail: fields?.detail ? (0,secrets/* scrub */._I)(fields.detail) : undefined
    };
}

;// CONCATENATED MODULE: ./src/migrators/builtin.ts














/**
 * The builtin migrator: applies the `migrations/` folder with Prisma's bookkeeping, so that a later
 * `prisma migrate deploy` or `status` sees exactly what Prisma would have written. Beyond Prisma:
 * a bounded advisory-lock wait that names the holder, `lock_timeout` on every statement with
 * retries for all-or-nothing files, and each file's bookkeeping committed with the file itself.
 */
const APPLICATION_NAME = 'db-deploy-action deploy (builtin migrator)';
const LOCK_NOT_AVAILABLE = '55P03';

async function runBuiltinMigrator(o) {
    const folder = await (0,migrations_folder/* readMigrationsFolder */._)(o.migrationsDir, o.workspace);
    (0,migrations_folder/* assertPostgresProvider */.N4)(folder);
    const schema = o.target.schema;
    const session = await (0,postgres_session/* openSession */.fA)(o.target, {
        readOnly: false,
        connectTimeoutMs: o.connectTimeoutMs,
        statementTimeoutMs: 0,
        lockTimeoutMs: o.lockTimeoutMs,
        applicationName: APPLICATION_NAME
    });
    const run = { session, watch: watchSession(session), o, journal: o.journal ?? { rows: new Map() }, scriptRunning: false };
    const pid = (await session.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    // A signal cancels the running migration script only; bookkeeping statements are left to finish.
    const onAbort = () => {
        if (pid !== undefined && run.scriptRunning)
            void cancelBackend(o, pid);
    };
    o.signal?.addEventListener('abort', onAbort);
    try {
        // The lock first, so that concurrent deploys into a schema that does not exist yet do not race
        // to create it: the existence is checked (and the schema created) by the lock holder only.
        await acquireAdvisoryLock(session, o);
        try {
            // As Prisma does, create a missing schema; checked first, since CREATE SCHEMA IF NOT EXISTS needs
            // CREATE on the database even when the schema exists, which an application role often lacks.
            if (!(await (0,books/* schemaExists */.OJ)(session, schema)))
                await createSchema(session, o);
            await session.query(`SET search_path TO ${session.escapeIdentifier(schema)}`);
            return await applyPending(run, folder.migrations);
        }
        finally {
            await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => { });
        }
    }
    finally {
        o.signal?.removeEventListener('abort', onAbort);
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
async function createSchema(session, o) {
    const schema = o.target.schema;
    try {
        await session.query(`CREATE SCHEMA ${session.escapeIdentifier(schema)}`);
    }
    catch (err) {
        // Created by another session meanwhile: see schema-race.ts.
        if (await schemaCreatedMeanwhile(session, schema, err, o.lockTimeoutMs))
            return;
        if (err.code !== '42501')
            throw err;
        throw new errors/* ActionError */.lZ(`Schema '${schema}' does not exist and role '${o.target.user}' may not create it (${(0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err))}); nothing was applied.`, `Create the schema once as its owner (CREATE SCHEMA ${session.escapeIdentifier(schema)} AUTHORIZATION ${session.escapeIdentifier(o.target.user)};), or check the ?schema= value of the URL.`);
    }
}
async function applyPending(run, local) {
    const { session, o } = run;
    const schema = o.target.schema;
    const hasTable = await (0,books/* migrationsTableExists */.GM)(session, schema);
    if (!hasTable) {
        const tables = await (0,books/* userTables */.lJ)(session, schema);
        if (tables.length > 0) {
            throw new errors/* ActionError */.lZ(`Schema '${schema}' already has tables (${tables.join(', ')}) but no ${books/* MIGRATIONS_TABLE */.tN} table (Prisma: P3005); nothing was applied.`, `Baseline the database first: mark the migrations that already match the database as applied, e.g. \`${o.resolveCommand('applied', local[0]?.name)}\`.`);
        }
    }
    const rows = hasTable ? await (0,books/* readMigrationRows */.M6)(session, schema) : [];
    const failed = rows.filter(books/* isFailed */.Ix);
    if (failed.length > 0) {
        const names = [...new Set(failed.map(r => r.migration_name))];
        throw new errors/* ActionError */.lZ(`Failed migrations are recorded in the database (Prisma: P3009): ${names.join(', ')}; nothing was applied.`, names.map(n => `Repair the database, then \`${o.resolveCommand('rolled-back', n)}\` (to retry it) or \`${o.resolveCommand('applied', n)}\` (if completed by hand).`).join('\n'));
    }
    const live = new Set(rows.filter(r => r.rolled_back_at === null).map(r => r.migration_name));
    const pending = local.filter(m => !live.has(m.name));
    // Refuse, before changing anything, a file that cannot run as one all-or-nothing query.
    const plans = pending.map(m => planMigration(m));
    const blocked = plans.find(p => p.problem);
    if (blocked) {
        throw new errors/* ActionError */.lZ(`Migration '${blocked.migration.name}' mixes ${blocked.problem} with other statements; PostgreSQL cannot run that statement inside the transaction that makes the file all-or-nothing. Nothing was applied.`, `Move the ${blocked.problem} statement into a migration of its own (one statement in the file), then deploy again.`);
    }
    if (!hasTable)
        await session.query(CREATE_MIGRATIONS_TABLE);
    (0,log/* info */.pq)(`${pending.length} pending migration${pending.length === 1 ? '' : 's'} of ${local.length}.`);
    const applied = [];
    for (const plan of plans) {
        if (o.signal?.aborted) {
            throw new errors/* ActionError */.lZ(`Deployment cancelled before '${plan.migration.name}': it and the migrations after it were not run.`, 'Run verify, then deploy again to apply the rest.');
        }
        const started = performance.now();
        const failure = await applyOne(run, plan);
        if (failure) {
            throw new MigrationFailedError(failure, applied);
        }
        const durationMs = performance.now() - started;
        applied.push({ name: plan.migration.name, durationMs });
        (0,log/* info */.pq)(`  ✓ ${plan.migration.name} (${(0,format/* formatDuration */.a3)(durationMs)})`);
    }
    // Every file left the session idle (applyOne fails a file that does not), so this read is outside
    // any transaction a migration opened: it sees what is committed.
    const beforeIds = new Set(rows.filter(books/* isApplied */.KN).map(r => r.id));
    const after = await (0,books/* readMigrationRows */.M6)(session, schema);
    const appliedFromBooks = after.filter(r => (0,books/* isApplied */.KN)(r) && !beforeIds.has(r.id)).map(r => r.migration_name);
    return { applied, appliedFromBooks };
}
function planMigration(migration) {
    const statements = splitStatements(migration.sql.toString('utf8'));
    const special = statements.map(nonTransactional).filter((r) => r !== undefined);
    if (special.length > 0 && statements.length > 1)
        return { migration, ownTransactions: false, problem: special[0] };
    return { migration, standalone: special[0], ownTransactions: hasTransactionControl(statements) };
}
/** Applies one migration; returns the failure (recorded as Prisma records it, when it could be) or undefined. */
async function applyOne(run, plan) {
    const { session, o, watch } = run;
    const schema = o.target.schema;
    const { migration } = plan;
    const script = migration.sql.toString('utf8');
    const id = (0,external_node_crypto_.randomUUID)();
    const atomic = plan.standalone === undefined && !plan.ownTransactions;
    if (!atomic)
        await startRow(run, migration, id);
    const attempts = atomic ? Math.max(1, o.lockAttempts ?? 3) : 1;
    let backoff = o.retryBackoffMs ?? 1000;
    for (let attempt = 1;; attempt++) {
        let err;
        let failed = false;
        run.scriptRunning = true;
        try {
            if (atomic) {
                // Row, script and finish in one implicit transaction: applied and recorded, or neither.
                run.journal.rows.set(id, migration.name);
                await watchedQuery(run, `${startedRowSql(session, schema, id, migration.name, migration.checksum)};\n${script}\n;\n${finishRowSql(session, schema, id)}`);
            }
            else {
                await watchedQuery(run, script);
            }
        }
        catch (e) {
            err = e;
            failed = true;
        }
        finally {
            run.scriptRunning = false;
        }
        const tags = watch.tags.slice(atomic ? 1 : 0);
        const statusAfter = watch.status;
        // PREPARE TRANSACTION leaves the session idle but commits nothing: the work waits, holding its
        // locks, for a COMMIT PREPARED or ROLLBACK PREPARED that the file did not run.
        const prepared = tags.includes('PREPARE TRANSACTION');
        if (!failed && statusAfter === 'I' && !prepared)
            return atomic ? undefined : await finishRow(run, migration, id, attempt);
        // The file failed, or it ended without leaving the session idle (a transaction left open).
        const idle = (await rollBackOpenTransaction(run)) === 'I';
        const code = err?.code;
        const lockTimeout = code === LOCK_NOT_AVAILABLE;
        if (failed && lockTimeout && idle && attempt < attempts && !o.signal?.aborted) {
            (0,log/* info */.pq)(`  … ${migration.name}: lock not available within ${(0,format/* formatDuration */.a3)(o.lockTimeoutMs)} (attempt ${attempt} of ${attempts}); retrying in ${(0,format/* formatDuration */.a3)(backoff)}`);
            await new Promise(r => setTimeout(r, backoff));
            backoff *= 2;
            if (o.signal?.aborted) {
                throw new errors/* ActionError */.lZ(`Deployment cancelled while waiting to retry '${migration.name}' (lock not available): its attempt was rolled back and it was not run again.`, 'Run verify, then deploy again once the long transaction holding the lock has ended.');
            }
            continue;
        }
        return recordFailedFile(run, migration, plan.standalone, { id, atomic, attempt, err, failed, tags, statusAfter, prepared, idle, code, lockTimeout });
    }
}
/**
 * Prisma's order for a file that is not one transaction: the row first (committed), then the
 * script, then the row marked finished (finishRow). A cancellation before the script takes the row back.
 */
async function startRow(run, migration, id) {
    const { session, o } = run;
    const schema = o.target.schema;
    run.journal.rows.set(id, migration.name);
    await bookkeeping(run, startedRowSql(session, schema, id, migration.name, migration.checksum));
    if (o.signal?.aborted) {
        // Cancelled between the bookkeeping row and the script: nothing ran, so the books go back to as they were.
        await bookkeeping(run, `DELETE FROM ${qualifiedTable(session, schema)} WHERE id = $1`, [id]).catch(() => recordFailure(session, schema, id, `Migration name: ${migration.name}\n\nThe deployment was cancelled before this migration's SQL ran: nothing of it was applied.`).catch(() => { }));
        throw new errors/* ActionError */.lZ(`Deployment cancelled before '${migration.name}' ran; it was not applied.`, 'Run verify, then deploy again to apply the rest.');
    }
}
/** Marks the row of a file whose SQL ran to the end finished; the failure when that fails. */
async function finishRow(run, migration, id, attempt) {
    try {
        await bookkeeping(run, finishRowSql(run.session, run.o.target.schema, id));
        return undefined;
    }
    catch (finishErr) {
        const message = (0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(finishErr));
        return {
            name: migration.name,
            message: `its SQL ran to the end, but marking its row finished failed: ${message}`,
            code: finishErr.code,
            lockTimeout: false,
            attempts: attempt,
            partial: true,
            whatStayed: 'All of its statements completed and stay applied; only its row in the books is not marked finished.',
            recordError: message
        };
    }
}
/** Cancels the running statement of the migration session from a second connection. */
async function cancelBackend(o, pid) {
    let side;
    try {
        side = await (0,postgres_session/* openSession */.fA)(o.target, {
            readOnly: true,
            connectTimeoutMs: o.connectTimeoutMs,
            statementTimeoutMs: 5000,
            applicationName: `${APPLICATION_NAME} cancel`
        });
        await side.query('SELECT pg_cancel_backend($1)', [pid]);
    }
    catch {
        // the process is stopping; the server rolls the statement back when the connection closes
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(side);
    }
}


/***/ })

};
