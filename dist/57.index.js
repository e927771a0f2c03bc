export const id = 57;
export const ids = [57];
export const modules = {

/***/ 6057:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  VERIFY_CHECKS: () => (/* binding */ VERIFY_CHECKS),
  verifyPhase: () => (/* binding */ verifyPhase)
});

// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/checks/env.ts

/**
 * verify-env: the connection URL is present, is PostgreSQL, is direct (not a pooler), does not send
 * the password in clear text over the network, and every `required-env` name is set.
 */
const env = {
    name: 'env',
    run(ctx) {
        // Read, policy-checked and registered as a secret once, with the inputs (postgres/target.ts).
        const target = ctx.inputs.database.target();
        const missing = ctx.inputs.requiredEnv.filter(name => (ctx.env[name] ?? '') === '');
        if (missing.length > 0) {
            throw new src_errors/* ActionError */.lZ(`Required environment variables are not set: ${missing.join(', ')}.`, "Set them on the job or step (`env:`), from secrets where they hold secrets, or remove them from 'required-env'.");
        }
        ctx.target = target;
        const extra = ctx.inputs.requiredEnv.length > 0 ? `; required env set: ${ctx.inputs.requiredEnv.join(', ')}` : '';
        return Promise.resolve(`${target.redacted} (from ${target.source}), schema '${target.schema}', TLS: ${target.tls.decidedBy}${extra}`);
    }
};

;// CONCATENATED MODULE: ./src/checks/check.ts
/** For checks that need what an earlier check provides. */
function required(value, what) {
    if (value === undefined)
        throw new Error(`internal: ${what} is not available; the checks ran out of order`);
    return value;
}

// EXTERNAL MODULE: ./src/postgres/session.ts
var postgres_session = __webpack_require__(2515);
;// CONCATENATED MODULE: ./src/checks/connection.ts



/** Longest time one verify statement may run; all of them are catalog reads. */
const VERIFY_STATEMENT_TIMEOUT_MS = 30_000;
/**
 * verify's connection check: connect within `connect-timeout`, on a read-only session; report the server version;
 * refuse a standby.
 */
const connection = {
    name: 'connection',
    async run(ctx) {
        const target = required(ctx.target, 'the database URL');
        const session = await (0,postgres_session/* openSession */.fA)(target, {
            readOnly: true,
            connectTimeoutMs: ctx.inputs.connectTimeoutMs,
            statementTimeoutMs: VERIFY_STATEMENT_TIMEOUT_MS,
            lockTimeoutMs: 5_000,
            applicationName: 'db-deploy-action verify'
        });
        ctx.session = session;
        const res = await session.query(`SELECT current_setting('server_version') AS server_version,
              current_setting('server_version_num') AS num,
              pg_is_in_recovery() AS standby,
              current_setting('default_transaction_read_only') AS read_only,
              current_user AS who`);
        const row = res.rows[0];
        if (!row)
            throw new Error('internal: the server returned no row for the version query');
        const major = Math.floor(Number(row.num) / 10000);
        const version = row.server_version.split(' ')[0] ?? row.server_version;
        ctx.server = { full: row.server_version, version, major };
        if (row.standby) {
            throw new src_errors/* ActionError */.lZ(`The server at ${target.host}:${target.port} is a standby (read replica, pg_is_in_recovery() is true); migrations cannot be applied there.`, 'Point the database URL at the primary (writable) server.');
        }
        if (row.read_only !== 'on') {
            throw new Error('internal: the verify session is not read-only');
        }
        return `PostgreSQL ${row.server_version} at ${target.host}:${target.port}, database '${target.database}' as '${row.who}', primary; session read-only`;
    }
};

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/prisma/migrations-folder.ts
var migrations_folder = __webpack_require__(364);
// EXTERNAL MODULE: ./src/prisma/books.ts
var books = __webpack_require__(5838);
// EXTERNAL MODULE: ./src/prisma/compare.ts
var compare = __webpack_require__(1899);
// EXTERNAL MODULE: ./src/prisma/cli.ts
var cli = __webpack_require__(9086);
// EXTERNAL MODULE: ./src/shell-words.ts
var shell_words = __webpack_require__(5933);
;// CONCATENATED MODULE: ./src/checks/migrations.ts









/**
 * verify's migrations check: the local migrations folder against the books, stricter than Prisma: failed
 * rows, edited or missing applied migrations, a provider mismatch and an un-baselined schema all
 * fail, each naming the migration and the command to run next.
 */
const migrations = {
    name: 'migrations',
    async run(ctx) {
        const session = required(ctx.session, 'the database session');
        const target = required(ctx.target, 'the database URL');
        const folder = await (0,migrations_folder/* readMigrationsFolder */._)(ctx.inputs.migrationsDir, ctx.inputs.workspace);
        (0,migrations_folder/* assertPostgresProvider */.N4)(folder);
        ctx.folder = folder;
        let rows = [];
        const hasTable = await (0,books/* migrationsTableExists */.GM)(session, target.schema);
        if (hasTable) {
            rows = await (0,books/* readMigrationRows */.M6)(session, target.schema).catch(err => {
                if (err.code !== '42501')
                    throw err;
                throw new src_errors/* ActionError */.lZ(`Role '${target.user}' may not read ${target.schema}.${books/* MIGRATIONS_TABLE */.tN}, so the applied migrations cannot be checked.`, `Connect as the role that owns the schema (the one that applies migrations), or GRANT SELECT ON ${session.escapeIdentifier(target.schema)}.${books/* MIGRATIONS_TABLE */.tN} TO ${session.escapeIdentifier(target.user)};`);
            });
        }
        else {
            const tables = await (0,books/* userTables */.lJ)(session, target.schema, 6);
            if (tables.length > 0) {
                throw new src_errors/* ActionError */.lZ(`Schema '${target.schema}' already has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) but no ${books/* MIGRATIONS_TABLE */.tN} table: Prisma would refuse it (P3005) because nothing records which migrations made them.`, `Baseline the database once: check that the migrations describe the existing schema, then mark them applied without running them, e.g. \`${(0,cli/* resolveCommand */.OK)(ctx.inputs, 'applied', folder.migrations[0]?.name)}\` for each migration already reflected in the database (see Prisma's "Baselining a database" guide).`);
            }
        }
        const result = (0,compare/* compareMigrations */.h)(folder.migrations, rows);
        const problems = [];
        for (const row of result.failed) {
            const log = databaseError(row.logs);
            problems.push(`Migration '${row.migration_name}' failed (started ${startedAt(row)}) and is still marked failed${log ? `: ${log}` : ' (its row holds no logs)'}. ` +
                `Repair the database (undo what the migration left behind, or finish it), then run \`${(0,cli/* resolveCommand */.OK)(ctx.inputs, 'rolled-back', row.migration_name)}\` to retry it, ` +
                `or \`${(0,cli/* resolveCommand */.OK)(ctx.inputs, 'applied', row.migration_name)}\` if you completed it by hand.`);
        }
        for (const { migration, row } of result.edited) {
            const rel = external_node_path_.relative(ctx.inputs.workspace, migration.sqlPath);
            problems.push(`Migration '${migration.name}' was edited after it was applied: ${rel} hashes to ${migration.checksum.slice(0, 12)}…, the database recorded ${(row.checksum ?? '').slice(0, 12)}…. ` +
                `Restore the applied version (\`${(0,shell_words/* shellCommand */.q)(['git', 'log', '-p', '--', rel])}\` shows the change; \`git checkout <commit> -- ${(0,shell_words/* shellWord */.r)(rel)}\`) and put the change in a new migration (\`npx prisma migrate dev --name <change>\`).`);
        }
        for (const { migration, row } of result.noChecksum) {
            const rel = external_node_path_.relative(ctx.inputs.workspace, migration.sqlPath);
            const table = `${session.escapeIdentifier(target.schema)}.${books/* MIGRATIONS_TABLE */.tN}`;
            problems.push(`Migration '${migration.name}' is applied but its row in ${table} (id ${row.id}) has no checksum (${row.checksum === null ? 'NULL' : 'empty'}), so whether ${rel} was edited since cannot be checked (Prisma itself expects a checksum there). ` +
                `Confirm that ${rel} is the version that was applied (\`${(0,shell_words/* shellCommand */.q)(['git', 'log', '-p', '--', rel])}\`), then record its checksum: UPDATE ${table} SET checksum = '${migration.checksum}' WHERE id = ${session.escapeLiteral(row.id)};`);
        }
        for (const row of result.missingLocally) {
            problems.push(`Migration '${row.migration_name}' is applied in the database but has no folder in ${external_node_path_.relative(ctx.inputs.workspace, folder.dir) || '.'}: this checkout is behind or diverged from production. ` +
                'Deploy from a commit that contains it (restore the folder from git history), never by deleting its row.');
        }
        if (problems.length > 0) {
            throw new src_errors/* ActionError */.lZ(`The migrations do not match the database (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(p => `  - ${p}`).join('\n')}`, 'Nothing was changed. Fix the problems above, then run verify again.');
        }
        ctx.migrations = result;
        const names = result.pending.map(m => m.name);
        const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, … (${names.length - 3} more)` : names.join(', ');
        return `${folder.migrations.length} local, ${result.applied.length} applied, ${result.pending.length} pending${names.length ? `: ${shown}` : ''}${hasTable ? '' : ` (no ${books/* MIGRATIONS_TABLE */.tN} table yet)`}`;
    }
};
function startedAt(row) {
    const at = row.started_at;
    if (at instanceof Date && !Number.isNaN(at.getTime()))
        return at.toISOString();
    if (at === null || at === undefined)
        return 'at an unrecorded time';
    // A table made by hand may hold text or a number in the column instead of a timestamp.
    return typeof at === 'string' || typeof at === 'number' || at instanceof Date ? String(at) : JSON.stringify(at);
}
/**
 * The line of a failed row's `logs` that states the database's error. Prisma's text and the builtin
 * migrator's both start with headers ("A migration failed to apply…", "Migration name: …",
 * "Database error code: …") before the `Database error:` block, whose first line is the server's
 * `ERROR: …`; logs written by other tools may be just the message. The SQLSTATE is added when the
 * logs give one and the chosen line does not.
 */
function databaseError(text) {
    const lines = (text ?? '').split('\n').map(l => l.trim());
    const code = lines.map(l => /^Database error code:\s*(\S+)/i.exec(l)?.[1]).find(c => c !== undefined);
    const header = (l) => l === '' || /^(Migration name:|Database error code:|Database error:$|A migration failed to apply\b)/i.test(l);
    const afterBlock = lines.findIndex(l => /^Database error:$/i.test(l));
    const line = lines.find(l => /^ERROR:\s/.test(l)) ?? (afterBlock >= 0 ? lines.slice(afterBlock + 1).find(l => l !== '') : undefined) ?? lines.find(l => !header(l)) ?? lines.find(l => l !== '') ?? '';
    // Scrubbed before it is shortened: a secret cut at the 300th character would match no form.
    const bare = (0,secrets/* scrub */._I)(line).replace(/[.\s]+$/, '');
    const withCode = code && !bare.includes(code) ? `${bare} (SQLSTATE ${code})` : bare;
    return withCode.length > 300 ? `${withCode.slice(0, 300)}…` : withCode;
}

;// CONCATENATED MODULE: ./src/checks/deploy-privileges.ts


/**
 * What deploy will need from the server, read without writing (for verify's schema check): verify's
 * own session is read-only by its startup options, so the setting a deploy session would get is read
 * from where the server takes it — pg_db_role_setting (ALTER ROLE / ALTER DATABASE) and, when this
 * role may read it, pg_file_settings (postgresql.conf, ALTER SYSTEM) — never from this session.
 */
/** PostgreSQL's boolean spellings: on/off, true/false, yes/no, 1/0 and unique prefixes. */
function pgBoolean(value) {
    const v = value.trim().toLowerCase();
    if (v === '')
        return undefined;
    if (v === 'on' || v === '1' || 'true'.startsWith(v) || 'yes'.startsWith(v))
        return true;
    if (v === 'off' || v === '0' || 'false'.startsWith(v) || 'no'.startsWith(v))
        return false;
    return undefined;
}
/**
 * The `default_transaction_read_only` a new session of this role on this database starts with, and
 * where it comes from, in the server's order: role in database, role, database, all roles, file.
 */
async function defaultReadOnlyForNewSessions(session, target) {
    const res = await session.query(`SELECT CASE WHEN s.setdatabase <> 0 AND s.setrole <> 0 THEN 'role-in-database'
                 WHEN s.setrole <> 0 THEN 'role'
                 WHEN s.setdatabase <> 0 THEN 'database'
                 ELSE 'all' END AS level,
            c.config
       FROM pg_db_role_setting s
       CROSS JOIN LATERAL unnest(s.setconfig) AS c(config)
      WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
        AND s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = session_user))
        AND lower(c.config) LIKE 'default_transaction_read_only=%'`);
    const who = session.escapeIdentifier(await sessionUser(session));
    const db = session.escapeIdentifier(target.database);
    const levels = {
        'role-in-database': { where: `for role ${who} in database ${db} (ALTER ROLE … IN DATABASE …)`, fix: `ALTER ROLE ${who} IN DATABASE ${db} RESET default_transaction_read_only;` },
        role: { where: `for role ${who} (ALTER ROLE … SET)`, fix: `ALTER ROLE ${who} RESET default_transaction_read_only;` },
        database: { where: `for database ${db} (ALTER DATABASE … SET)`, fix: `ALTER DATABASE ${db} RESET default_transaction_read_only;` },
        all: { where: 'for all roles (ALTER ROLE ALL SET)', fix: 'ALTER ROLE ALL RESET default_transaction_read_only;' }
    };
    for (const level of ['role-in-database', 'role', 'database', 'all']) {
        const row = res.rows.find(r => r.level === level);
        if (!row)
            continue;
        const value = pgBoolean(row.config.slice(row.config.indexOf('=') + 1));
        if (value === undefined)
            continue;
        return { value, ...levels[level] };
    }
    // postgresql.conf and ALTER SYSTEM: visible to superusers and pg_read_all_settings members only.
    const file = await session
        .query(`SELECT setting, sourcefile FROM pg_file_settings
        WHERE name = 'default_transaction_read_only' AND applied ORDER BY seqno DESC LIMIT 1`)
        .catch(err => {
        if (err.code === '42501')
            return undefined;
        throw err;
    });
    const row = file?.rows[0];
    if (row) {
        const value = pgBoolean(row.setting);
        if (value !== undefined) {
            return {
                value,
                where: `in the server's configuration (${row.sourcefile.endsWith('postgresql.auto.conf') ? 'ALTER SYSTEM' : row.sourcefile})`,
                fix: 'ALTER SYSTEM SET default_transaction_read_only = off; SELECT pg_reload_conf(); (or remove it from postgresql.conf and reload)'
            };
        }
    }
    return undefined;
}
async function sessionUser(session) {
    const res = await session.query('SELECT session_user AS who');
    return res.rows[0]?.who ?? '';
}
/**
 * Throws when deploy would be refused writing: a read-only default for new sessions, or missing
 * privileges on the books (when they exist). Returns what it found, for the check's line.
 */
async function assertDeployCanWrite(session, target, hasBooks) {
    const parts = [];
    const readOnly = await defaultReadOnlyForNewSessions(session, target);
    if (readOnly?.value) {
        throw new src_errors/* ActionError */.lZ(`default_transaction_read_only is on ${readOnly.where}: every deploy session would start read-only, and its first write would fail ("cannot execute … in a read-only transaction").`, `If the database is meant to take migrations, have an administrator run: ${readOnly.fix} If it was made read-only on purpose (maintenance, a frozen copy), deploy elsewhere.`);
    }
    parts.push('new sessions read-write');
    if (hasBooks) {
        const table = `${session.escapeIdentifier(target.schema)}.${session.escapeIdentifier(books/* MIGRATIONS_TABLE */.tN)}`;
        const res = await session.query(
        // current_user: the role a deploy session acts as (the same as here: role settings such as
        // `SET role` apply to both), with the privileges of the roles it inherits from.
        `SELECT current_user AS who,
              has_table_privilege(current_user, $1, 'SELECT') AS select,
              has_table_privilege(current_user, $1, 'INSERT') AS insert,
              has_table_privilege(current_user, $1, 'UPDATE') AS update`, [table]);
        const row = res.rows[0];
        const missing = ['select', 'insert', 'update'].filter(p => !row?.[p]).map(p => p.toUpperCase());
        if (missing.length > 0) {
            const who = session.escapeIdentifier(row?.who ?? target.user);
            throw new src_errors/* ActionError */.lZ(`Role ${who} lacks ${missing.join(' and ')} on ${table}: deploy records each migration there (INSERT when it starts, UPDATE when it finishes), so it would fail before the first migration is recorded.`, `Connect as the role that owns the schema (the one that applies migrations), or have an administrator run: GRANT ${missing.join(', ')} ON ${table} TO ${who};`);
        }
        parts.push(`${books/* MIGRATIONS_TABLE */.tN} writable`);
    }
    return parts;
}

// EXTERNAL MODULE: ./src/postgres/pg-tools.ts
var pg_tools = __webpack_require__(3152);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(1376);
// EXTERNAL MODULE: ./src/migrators/prisma.ts + 3 modules
var prisma = __webpack_require__(44);
// EXTERNAL MODULE: ./src/process/children.ts + 1 modules
var children = __webpack_require__(2554);
;// CONCATENATED MODULE: ./src/prisma/readiness.ts







/** Where the CLI's engine downloads would go: a closed local port, so that none can happen. */
const NO_DOWNLOAD_MIRROR = 'http://127.0.0.1:9/db-deploy-action-no-download';
const VERSION_TIMEOUT_MS = 60_000;
async function checkPrismaReadiness(o) {
    const run = await (0,prisma/* preparePrisma */.Kk)(o);
    const { cli } = run;
    const shownBin = external_node_path_.relative(o.workspace, cli.bin) || cli.bin;
    try {
        const engineOverride = run.env.PRISMA_SCHEMA_ENGINE_BINARY || run.env.PRISMA_MIGRATION_ENGINE_BINARY;
        if (!engineOverride && !nativeEngineInstalled(cli.bin)) {
            throw new src_errors/* ActionError */.lZ(`The Prisma CLI ${cli.version ?? ''} (${shownBin}) has no schema engine installed beside it (@prisma/engines holds no schema-engine file): it would download one during deploy.`, "Install the project's dependencies with their install scripts (e.g. `npm ci`, not `npm ci --ignore-scripts`) so that @prisma/engines fetches the engine before this step, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema engine executable; or set `migrator: builtin`.");
        }
        const env = { ...run.env, PRISMA_ENGINES_MIRROR: NO_DOWNLOAD_MIRROR, PRISMA_BINARIES_MIRROR: NO_DOWNLOAD_MIRROR, CHECKPOINT_DISABLE: '1' };
        // The CLI's own read-only check of the schema, with the configuration deploy will use, beside
        // the version: no database is reached and, with the mirrors closed, nothing is downloaded.
        const validating = runCli(cli.bin, ['validate', ...run.args], o.workingDirectory, env);
        validating.catch(() => { });
        const result = await runCli(cli.bin, ['--version', ...run.args.slice(run.args.indexOf('--config') >= 0 ? run.args.indexOf('--config') : run.args.length)], o.workingDirectory, env);
        const text = (0,secrets/* scrub */._I)(`${result.stdout}\n${result.stderrTail.join('\n')}`);
        const engine = /^Schema Engine\s*:\s*schema-engine-cli ([0-9a-f]{7,40}) \(at ([^,)]+)(?:, resolved by ([A-Z_]+))?\)/m.exec(text);
        const version = /^prisma\s*:\s*(\S+)/m.exec(text)?.[1];
        if (text.includes(NO_DOWNLOAD_MIRROR) || /binaries\.prisma\.sh/.test(text)) {
            throw new src_errors/* ActionError */.lZ(`The Prisma CLI ${cli.version ?? ''} (${shownBin}) would download an engine before it runs (its installed engine is missing or not its version); verify does not let it.`, "Install the project's dependencies with their install scripts (e.g. `npm ci`) on the runner before this step, so that the engines match the CLI, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema engine executable.");
        }
        // A CLI may exit 1 only when a query engine version cannot be read (migrate deploy never loads it).
        const unreadable = text.split('\n').filter(l => l.includes('E_CANNOT_RESOLVE_VERSION'));
        const onlyQueryEngine = unreadable.length > 0 && unreadable.every(l => /^Query Engine/.test(l));
        if (!engine || !version || (result.code !== 0 && !onlyQueryEngine)) {
            const last = lastLines(text);
            throw new src_errors/* ActionError */.lZ(`\`prisma --version\` (${shownBin}) ${result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`}${engine ? '' : ' without a resolved schema engine'}: ${last || 'no output'}`, "Fix what the CLI says above (the project's prisma.config must load, the engines must be installed with the CLI's version), then run verify again; or set `migrator: builtin`.");
        }
        const detail = validated(await validating, shownBin, cli.version);
        const engineAt = engine[3] ? `resolved by ${engine[3]}` : `at ${external_node_path_.relative(o.workspace, external_node_path_.resolve(o.workingDirectory, engine[2]))}`;
        return {
            cli,
            detail: `prisma CLI ${version} (${shownBin}), schema engine ${engine[1].slice(0, 12)} (${engineAt})${run.schema.kind === 'folder' ? `, schema folder of ${run.schema.files.length} files` : ''}; ${detail}`
        };
    }
    finally {
        await run.remove();
    }
}
/** Runs the CLI with `args`, killed after VERSION_TIMEOUT_MS. */
async function runCli(bin, args, cwd, env) {
    const { child, done } = (0,children/* runChild */.w$)(bin, args, { cwd, env, captureStdout: true, keepLines: 40 });
    const timer = setTimeout(() => child.kill('SIGKILL'), VERSION_TIMEOUT_MS);
    return done.finally(() => clearTimeout(timer));
}
/** Terminal colours and styles the CLI writes (ESC [ … m). */
const STYLE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/**
 * `prisma validate`'s verdict: the detail's words when the CLI accepts the schema; else the refusal,
 * named (its error code and its own error lines), before any backup is taken.
 */
function validated(result, shownBin, version) {
    const text = (0,secrets/* scrub */._I)(`${result.stdout}\n${result.stderrTail.join('\n')}`).replace(STYLE, '');
    if (text.includes(NO_DOWNLOAD_MIRROR) || /binaries\.prisma\.sh/.test(text)) {
        throw new src_errors/* ActionError */.lZ(`The Prisma CLI ${version ?? ''} (${shownBin}) would download an engine to validate the schema; verify does not let it.`, "Install the project's dependencies with their install scripts (e.g. `npm ci`) on the runner before this step, so that the engines match the CLI.");
    }
    if (result.code === 0 && !result.signal)
        return 'schema valid (prisma validate)';
    const code = /Error code:\s*(P\d{4})/.exec(text)?.[1] ?? /\b(P\d{4})\b/.exec(text)?.[1];
    const errors = text
        .split('\n')
        .map(l => l.trim())
        .filter(l => /^error:|^Error:/.test(l) || /^-->/.test(l))
        .slice(0, 8);
    const shown = errors.length > 0 ? errors.join(' | ') : lastLines(text);
    throw new src_errors/* ActionError */.lZ(`The Prisma CLI ${version ?? ''} (${shownBin}) refuses the schema: \`prisma validate\`, with the configuration deploy will use, ${result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`}${code ? ` (${code})` : ''}: ${shown || 'no output'}. Deploy would fail the same way; nothing was backed up or changed.`, code === 'P1012'
        ? 'Fix the schema as the error says (e.g. remove a preview feature this Prisma version no longer knows from `previewFeatures`), run `npx prisma validate` locally, then run verify again.'
        : "Fix what the CLI says (the project's schema and prisma.config must load with this CLI), run `npx prisma validate` locally, then run verify again; or set `migrator: builtin`.");
}
/** Whether the native schema engine is in the @prisma/engines package the CLI uses. */
function nativeEngineInstalled(bin) {
    try {
        const pkg = external_node_path_.dirname(external_node_path_.dirname(external_node_fs_.realpathSync(bin)));
        const engines = external_node_path_.dirname((0,external_node_module_.createRequire)(external_node_path_.join(pkg, 'package.json')).resolve('@prisma/engines/package.json'));
        return external_node_fs_.readdirSync(engines).some(f => f.startsWith('schema-engine') || f.startsWith('migration-engine'));
    }
    catch {
        return false;
    }
}
/** The CLI's last six non-empty lines, trimmed, on one line: what a failure message shows of its output. */
function lastLines(text) {
    return text
        .split('\n')
        .map(l => l.trim())
        .filter(l => l !== '')
        .slice(-6)
        .join(' | ');
}

;// CONCATENATED MODULE: ./src/checks/schema.ts






/**
 * verify's schema check: the target schema exists (or may be created) and the role may CREATE in it;
 * deploy will be able to write (new sessions are not read-only, the books take INSERT and UPDATE);
 * the tools the next phases need are usable: pg_dump/pg_restore able to dump this server, and the
 * migrator. Every privilege is read from the catalogs: nothing is tried by writing.
 */
const schema = {
    name: 'schema',
    async run(ctx) {
        const session = required(ctx.session, 'the database session');
        const target = required(ctx.target, 'the database URL');
        const server = required(ctx.server, 'the server version');
        const parts = [];
        const exists = await (0,books/* schemaExists */.OJ)(session, target.schema);
        if (exists) {
            const res = await session.query(`SELECT has_schema_privilege(current_user, $1, 'USAGE') AS usage,
                has_schema_privilege(current_user, $1, 'CREATE') AS create,
                current_user AS who`, [target.schema]);
            const row = res.rows[0];
            if (!row?.usage || !row.create) {
                const missing = [!row?.usage && 'USAGE', !row?.create && 'CREATE'].filter(Boolean).join(' and ');
                throw new src_errors/* ActionError */.lZ(`Role '${row?.who ?? target.user}' lacks ${missing} on schema '${target.schema}', so migrations cannot create objects there.`, `Connect as the schema's owner (the role that owns the application's tables), or have an administrator run: GRANT USAGE, CREATE ON SCHEMA ${session.escapeIdentifier(target.schema)} TO ${session.escapeIdentifier(row?.who ?? target.user)};`);
            }
            parts.push(`schema '${target.schema}' exists, CREATE allowed`);
        }
        else {
            const res = await session.query(`SELECT has_database_privilege(current_user, current_database(), 'CREATE') AS create, current_user AS who`);
            const row = res.rows[0];
            if (!row?.create) {
                throw new src_errors/* ActionError */.lZ(`Schema '${target.schema}' does not exist and role '${row?.who ?? target.user}' may not create it (no CREATE on database '${target.database}').`, `Create it once as an administrator (CREATE SCHEMA ${session.escapeIdentifier(target.schema)} AUTHORIZATION ${session.escapeIdentifier(row?.who ?? target.user)};), or fix the ?schema= parameter of the URL.`);
            }
            parts.push(`schema '${target.schema}' will be created by the first migration run`);
        }
        const hasBooks = exists && (await (0,books/* migrationsTableExists */.GM)(session, target.schema));
        parts.push(...(await assertDeployCanWrite(session, target, hasBooks)));
        const found = await (ctx.pgToolsSearch ?? (0,pg_tools/* discoverPgTools */.Oh)({ pgBinDir: ctx.inputs.pgBinDir, pathEnv: ctx.env.PATH }));
        const tools = (0,pg_tools/* requirePgTools */.gN)(found, server.version, server.major, ctx.inputs.pgBinDir);
        ctx.pgTools = tools;
        parts.push(`pg_dump ${tools.version} (${tools.dir})`);
        if (ctx.inputs.migrator === 'prisma') {
            // The project's CLI runs with its engine, and its schema and configuration resolve to this database and folder.
            const ready = await checkPrismaReadiness({ ...ctx.inputs, target });
            ctx.prismaCli = ready.cli;
            parts.push(ready.detail);
        }
        else {
            parts.push('builtin migrator');
        }
        return parts.join('; ');
    }
};

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/risk/analyze.ts + 3 modules
var analyze = __webpack_require__(9585);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 3 modules
var core = __webpack_require__(235);
// EXTERNAL MODULE: ./src/visible-text.ts
var visible_text = __webpack_require__(3325);
// EXTERNAL MODULE: ./src/risk/types.ts
var types = __webpack_require__(2842);
// EXTERNAL MODULE: ./src/risk/rules/index.ts + 6 modules
var rules = __webpack_require__(9043);
;// CONCATENATED MODULE: ./src/risk/report.ts






/**
 * How findings are shown. Every finding stays in the `risk-findings` output, one object each. In
 * the annotations, the job summary and the pull-request comment, repeated findings of one rule at
 * one level (GROUP_AT or more, not accepted) are grouped: one annotation at the first of them and
 * one row of the findings table (report/findings.ts), with every place and one fix for all (for
 * missing-lock-timeout: the deploy role's lock_timeout, or the builtin migrator). Fewer stay one by
 * one, as do accepted findings (each has its own reason).
 */
const GROUP_AT = 3;
/** Places listed in a grouped annotation (the job summary lists them all). */
const ANNOTATION_PLACES = 20;
/** The findings as shown: groups at the place of their first finding, the rest in order. */
function shownFindings(analysis) {
    const key = (f) => `${f.rule}\u0000${f.level}`;
    const byKey = new Map();
    for (const f of analysis.findings) {
        if (f.allowed !== undefined || !rules/* RULES */.y0.some(r => r.name === f.rule))
            continue;
        byKey.set(key(f), [...(byKey.get(key(f)) ?? []), f]);
    }
    const out = [];
    const placed = new Set();
    for (const f of analysis.findings) {
        const same = f.allowed === undefined ? byKey.get(key(f)) : undefined;
        if (same === undefined || same.length < GROUP_AT) {
            out.push({ finding: f });
            continue;
        }
        if (placed.has(key(f)))
            continue;
        placed.add(key(f));
        const rule = rules/* RULES */.y0.find(r => r.name === f.rule);
        const fixes = new Set(same.map(x => x.saferWay));
        const fix = rule?.groupFix && analysis.facts && analysis.migrator
            ? rule.groupFix(same.length, analysis.facts, analysis.migrator)
            : fixes.size === 1
                ? `One fix for all ${same.length}: ${f.saferWay}`
                : `For all ${same.length}: ${[...fixes].join(' / ')}`;
        out.push({ group: { rule: f.rule, level: f.level, findings: same, why: rule?.why ?? f.message, fix } });
    }
    return out;
}
function place(f) {
    return `${f.file}:${f.line}${f.table ? ` (${f.table})` : ''}`;
}
/**
 * Annotations: `core.error` for findings at or above `risk-fail-level`, `core.warning` below it,
 * with the file (relative to the workspace) and line; a group is one annotation at its first
 * finding. Accepted findings are not annotated; they stay in the summary table and the
 * `risk-findings` output.
 */
function annotate(analysis, failLevel) {
    for (const shown of shownFindings(analysis)) {
        let text;
        let first;
        let title;
        if ('group' in shown) {
            const g = shown.group;
            first = g.findings[0];
            const places = g.findings.slice(0, ANNOTATION_PLACES).map(place);
            const more = g.findings.length - places.length;
            text = `${g.findings.length} findings of this rule: ${g.why}\nAt: ${places.join(', ')}${more > 0 ? ` and ${more} more (the job summary lists them all)` : ''}.\n${g.fix}`;
            title = `migration-risk: ${g.rule} (${g.level}) ×${g.findings.length}`;
        }
        else {
            first = shown.finding;
            if (first.allowed !== undefined)
                continue;
            text = `${first.message}${first.table && first.tableSize ? ` [${first.table}: ${first.tableSize}, ${first.tableRows}]` : ''}\nSafer: ${first.saferWay}`;
            title = `migration-risk: ${first.rule} (${first.level})`;
        }
        // The properties are printed too (the file path holds the migration folder's name): scrubbed
        // and with invisible characters escaped like the message; @actions/core escapes their separators.
        const props = { title: (0,visible_text/* escapeInvisible */.t)((0,secrets/* scrub */._I)(title)), file: (0,visible_text/* escapeInvisible */.t)((0,secrets/* scrub */._I)(first.file)), startLine: first.line };
        if ((0,types/* failsAt */.ZN)(first.level, failLevel))
            core/* error */.z3((0,log/* neutralize */.YI)((0,secrets/* scrub */._I)(text)), props);
        else
            core/* warning */.$e((0,log/* neutralize */.YI)((0,secrets/* scrub */._I)(text)), props);
    }
}
function findingsJson(findings) {
    return (0,secrets/* scrubbedJson */.Bo)(findings);
}

// EXTERNAL MODULE: ./src/risk/parse.ts
var parse = __webpack_require__(8060);
;// CONCATENATED MODULE: ./src/checks/migration-risk.ts







/**
 * Every pending migration.sql through PostgreSQL's parser, judged with live facts read on
 * the read-only session. Sets `risk-level` and `risk-findings` whether it passes or not; fails
 * when a finding not accepted by an allow comment is at or above `risk-fail-level`.
 */
const migrationRisk = {
    name: 'migration-risk',
    async run(ctx) {
        const session = required(ctx.session, 'the database session');
        const comparison = required(ctx.migrations, 'the migration comparison');
        const target = required(ctx.target, 'the database URL');
        try {
            if (comparison.pending.length > 0)
                await (0,parse/* loadParser */.qd)();
        }
        catch (err) {
            throw new src_errors/* ActionError */.lZ(`The SQL parser could not be loaded (libpg-query.wasm, expected beside the action's dist/index.js): ${(0,src_errors/* errorMessage */.gJ)(err)}`, "The action's dist/ folder is incomplete: use a released version of the action, or rebuild it with `npm run bundle`, which copies the WebAssembly file.");
        }
        const analysis = await (0,analyze/* analyzeMigrations */.k)({
            pending: comparison.pending,
            workspace: ctx.inputs.workspace,
            schema: target.schema,
            migrator: ctx.inputs.migrator,
            session
        });
        ctx.risk = analysis;
        (0,log/* setOutput */.uH)('risk-level', analysis.level);
        (0,log/* setOutput */.uH)('risk-findings', findingsJson(analysis.findings));
        annotate(analysis, ctx.inputs.riskFailLevel);
        const open = analysis.findings.filter(f => f.allowed === undefined);
        const accepted = analysis.findings.length - open.length;
        const counts = ['high', 'medium', 'low'].map(l => `${open.filter(f => f.level === l).length} ${l}`).join(', ');
        const scope = `${analysis.statements} statement${analysis.statements === 1 ? '' : 's'} in ${analysis.files} pending migration${analysis.files === 1 ? '' : 's'}`;
        const failing = open.filter(f => (0,types/* failsAt */.ZN)(f.level, ctx.inputs.riskFailLevel));
        if (failing.length > 0) {
            const first = failing[0];
            throw new src_errors/* ActionError */.lZ(`Migration risk: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above risk-fail-level '${ctx.inputs.riskFailLevel}' in ${scope} (${counts}${accepted ? `, ${accepted} accepted` : ''}); the first: ${first.rule} at ${first.file}:${first.line}: ${first.message}`, `Rewrite the statements the safer way shown in the annotations and the job summary, or, once reviewed, accept one with \`-- db-deploy: allow <rule> <reason>\` above it; 'risk-fail-level' sets which level fails.`);
        }
        return `${scope}: ${open.length === 0 ? 'no findings' : counts}${accepted ? ` (${accepted} accepted)` : ''}; risk level ${analysis.level}`;
    }
};

;// CONCATENATED MODULE: ./src/report/links.ts



const NAME = /^[A-Za-z0-9_.-]+$/;
const SERVER = /^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** `GITHUB_SERVER_URL` when it is an address, else github.com. */
function serverUrlOf(env) {
    return SERVER.test(env.GITHUB_SERVER_URL ?? '') ? env.GITHUB_SERVER_URL.replace(/\/+$/, '') : 'https://github.com';
}
/** Whether `owner` and `repo` are names as GitHub allows them. */
function isRepositoryName(owner, repo) {
    return NAME.test(owner) && NAME.test(repo);
}
/** A commit id as Git writes it (SHA-1 or SHA-256), else undefined. */
function commitOf(value) {
    return typeof value === 'string' && SHA.test(value) ? value : undefined;
}
/** The run's repository at the commit it checked out (`GITHUB_REPOSITORY`, `GITHUB_SHA`); undefined outside a runner. */
function runRepository(env) {
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const sha = commitOf(env.GITHUB_SHA);
    if (!isRepositoryName(owner, repo) || sha === undefined)
        return undefined;
    return { serverUrl: serverUrlOf(env), owner, repo, sha };
}
function repositoryUrl(r) {
    return `${r.serverUrl}/${r.owner}/${r.repo}`;
}
/**
 * Links to the files at `at`'s commit. `repoPath` turns a path relative to the workspace into the
 * file's path in the repository. The path is scrubbed before it is encoded (a name holding a
 * secret's form must not reach the report encoded once more).
 */
function fileLinks(at, repoPath) {
    return (file, line) => {
        if (at?.sha === undefined)
            return undefined;
        const encoded = (0,secrets/* scrub */._I)(repoPath(file))
            .split('/')
            .map(s => encodeURIComponent(s))
            .join('/');
        return `${repositoryUrl(at)}/blob/${at.sha}/${encoded}${line ? `#L${line}` : ''}`;
    };
}
/**
 * Paths in the repository (links on GitHub) from paths relative to the workspace: the repository
 * is the nearest folder holding `.git` above the file (a checkout into a sub-folder of the
 * workspace), else the workspace itself.
 */
function repositoryPaths(workspace) {
    const roots = new Map();
    const rootOf = (dir) => {
        const known = roots.get(dir);
        if (known !== undefined)
            return known;
        const parent = external_node_path_.dirname(dir);
        const root = external_node_fs_.existsSync(external_node_path_.join(dir, '.git')) ? dir : parent === dir ? workspace : rootOf(parent);
        roots.set(dir, root);
        return root;
    };
    return file => {
        const absolute = external_node_path_.resolve(workspace, file);
        return external_node_path_.relative(rootOf(external_node_path_.dirname(absolute)), absolute)
            .split(external_node_path_.sep)
            .join('/');
    };
}

// EXTERNAL MODULE: ./src/report/markup.ts
var markup = __webpack_require__(8132);
;// CONCATENATED MODULE: ./src/report/findings.ts





/** Rows of the table shown before the rest fold into `<details>`. */
const FOLD_ROWS = 10;
/** Places a grouped row names before `and N more` (the rule's `<details>` lists the rest). */
const ROW_PLACES = 2;
/** A no-break space: a level or a line number is never split from its word. */
const NBSP = '\u00a0';
const LEVEL_MARK = { high: `🔴${NBSP}high`, medium: `🟠${NBSP}medium`, low: `🟡${NBSP}low` };
/** The rows: groups and single findings not accepted, the highest level first (in file order within a level), then the accepted ones. */
function findingRows(risk) {
    const rows = shownFindings(risk).map(rowOf);
    const open = rows
        .filter(r => r.findings[0]?.allowed === undefined)
        .map((r, i) => ({ r, i }))
        .sort((a, b) => (0,types/* levelRank */.Le)(b.r.level) - (0,types/* levelRank */.Le)(a.r.level) || a.i - b.i)
        .map(x => x.r);
    return { open, accepted: rows.filter(r => r.findings[0]?.allowed !== undefined) };
}
function rowOf(shown) {
    if ('group' in shown)
        return { rule: shown.group.rule, level: shown.group.level, findings: shown.group.findings, fix: shown.group.fix, why: shown.group.why };
    const f = shown.finding;
    return { rule: f.rule, level: f.level, findings: [f], fix: f.saferWay, why: rules/* RULES */.y0.find(r => r.name === f.rule)?.why };
}
function findingsBlocks(report, o) {
    const { risk, failLevel } = report;
    const m = o.markup;
    const h = o.heading;
    const total = risk.findings.length;
    const { open, accepted } = findingRows(risk);
    const openCount = open.reduce((n, r) => n + r.findings.length, 0);
    const acceptedCount = total - openCount;
    const scope = `${risk.statements} statement${(0,markup/* plural */.LS)(risk.statements)} of ${risk.files} pending migration${(0,markup/* plural */.LS)(risk.files)}`;
    const counted = [...(openCount > 0 ? [`${openCount} finding${(0,markup/* plural */.LS)(openCount)}`] : []), ...(acceptedCount > 0 ? [`${acceptedCount} accepted`] : [])];
    const blocks = [`<${h}>Migration risk: ${risk.level}${counted.length > 0 ? ` (${counted.join(', ')})` : ''}</${h}>`];
    if (risk.files === 0)
        return { blocks: [...blocks, '<p>Nothing to analyse: no migration is pending.</p>'], unlisted: 0 };
    if (total === 0)
        return { blocks: [...blocks, `<p>Nothing found: no finding in ${scope}.</p>`], unlisted: 0 };
    const counts = ['high', 'medium', 'low']
        .map(l => [l, open.filter(r => r.level === l).reduce((n, r) => n + r.findings.length, 0)])
        .filter(([, n]) => n > 0)
        .map(([l, n]) => `${n} ${l}`);
    const failing = open.filter(r => (0,types/* failsAt */.ZN)(r.level, failLevel)).reduce((n, r) => n + r.findings.length, 0);
    blocks.push(`<p>${openCount === 0 ? 'No open finding' : `${openCount} finding${(0,markup/* plural */.LS)(openCount)} (${counts.join(', ')})`}${acceptedCount ? ` and ${acceptedCount} accepted after review` : ''} in ${scope}. ` +
        `${failLevel === 'none' ? 'With <code>risk-fail-level: none</code> no finding fails verify.' : `Findings at or above <code>risk-fail-level</code> <b>${failLevel}</b> fail verify: ${failing === 0 ? 'none here' : `${failing} here`}.`}</p>`);
    const rowLimit = o.rows ?? Infinity;
    const shownOpen = open.slice(0, Math.min(rowLimit, open.length));
    const shownAccepted = accepted.slice(0, Math.max(0, rowLimit - shownOpen.length));
    const listed = new Set();
    const where = (f) => {
        listed.add(f);
        return (0,markup/* link */.nf)(o.link(f.file, f.line), `${m.code(f.migration, 200)} line${NBSP}${f.line}`);
    };
    const row = (r, last) => `<tr><td>${(0,types/* failsAt */.ZN)(r.level, failLevel) && r.findings[0]?.allowed === undefined ? `<b>${LEVEL_MARK[r.level]}</b>` : LEVEL_MARK[r.level]}</td>` +
        `<td>${m.code(r.rule, 60)}${r.findings.length > 1 ? ` ×${r.findings.length}` : ''}</td><td>${places(r, where)}</td><td>${last}</td></tr>`;
    if (shownOpen.length > 0) {
        blocks.push(...foldedTable('<tr><th>Level</th><th>Rule</th><th>Where</th><th>Table</th></tr>', shownOpen.map(r => row(r, tablesOf(r, m))), open.length));
    }
    // Under the table, once per rule: why, every place with what happens there, and the safer way.
    const rules = [...new Set([...open, ...accepted].map(r => r.rule))];
    let placesLeft = o.places ?? Infinity;
    for (const rule of rules) {
        const rows = [...open, ...accepted].filter(r => r.rule === rule);
        const findings = rows.flatMap(r => r.findings);
        const top = rows.find(r => r.findings[0]?.allowed === undefined) ?? rows[0];
        if (!top)
            continue;
        const why = top.why ? `<p>${m.prose(top.why, 1200)}</p>` : '';
        const listedHere = findings.slice(0, Math.max(0, Math.min(placesLeft, findings.length)));
        placesLeft -= listedHere.length;
        // A place whose message is the one above but for its table says so, instead of repeating it.
        let previous;
        const items = listedHere.map(f => {
            const said = whatHappens(f, m);
            const same = said.generic === previous;
            previous = said.generic;
            const accepted = f.allowed !== undefined ? ` <i>Accepted after review:</i> ${m.text(f.allowed, 600)}` : '';
            return `<li>${where(f)}${f.table ? ` on ${m.code(f.table, 140)}${sizeOf(f, m, ', ')}` : ''}: ${same ? 'as above.' : said.html}${accepted}</li>`;
        });
        const more = findings.length - listedHere.length;
        const list = items.length > 0 ? `<ul>${items.join('')}</ul>` : '';
        const moreNote = more > 0 ? `<p>${more === findings.length ? `${more} place${(0,markup/* plural */.LS)(more)}` : `${more} more place${(0,markup/* plural */.LS)(more)}`} not listed here${o.elsewhere ? `: ${o.elsewhere}` : ''}.</p>` : '';
        const fixes = [...new Set(rows.filter(r => r.findings[0]?.allowed === undefined).map(r => r.fix))];
        const safer = fixes.map(fix => `<p><b>Safer way:</b> ${m.prose(fix, 1500)}</p>`).join('');
        const count = `${findings.length} finding${(0,markup/* plural */.LS)(findings.length)}`;
        const mark = top.findings[0]?.allowed === undefined ? LEVEL_MARK[top.level] : `${LEVEL_MARK[top.level]}, accepted`;
        blocks.push(`<details><summary>${mark}: ${m.code(rule, 60)}, ${count}: what happens${fixes.length > 0 ? ' and the safer way' : ''}</summary>${why}${list}${moreNote}${safer}</details>`);
    }
    if (accepted.length > 0) {
        blocks.push(`<${h}>Accepted after review: ${acceptedCount}</${h}>`);
        if (shownAccepted.length > 0) {
            const rowsHtml = shownAccepted.map(r => row(r, m.text(r.findings[0]?.allowed ?? '', 300)));
            blocks.push(...foldedTable('<tr><th>Level</th><th>Rule</th><th>Where</th><th>Reason given</th></tr>', rowsHtml, accepted.length));
        }
    }
    return { blocks, unlisted: risk.findings.filter(f => !listed.has(f)).length };
}
/** What happens at a finding's place: its message and locks, and the same with its table's name left out (to compare places). */
function whatHappens(f, m) {
    const html = `${m.prose(f.message, 1500)}${f.locks ? ` <i>Locks:</i> ${m.text(`${f.locks}${f.work ? ` (${f.work})` : ''}`, 400)}.` : ''}`;
    return { html, generic: f.table ? html.split(m.text(f.table, 140)).join('\u0000') : html };
}
/** The places of a row: one link each, a group's first few and how many more (its rule's `<details>` lists them). */
function places(r, where) {
    const n = r.findings.length <= ROW_PLACES + 1 ? r.findings.length : ROW_PLACES;
    const rest = r.findings.length - n;
    return `${r.findings.slice(0, n).map(where).join('<br>')}${rest > 0 ? `<br>and ${rest} more (see below)` : ''}`;
}
/** The table cell: the table with its size and rows; a group's tables. */
function tablesOf(r, m) {
    const tables = [...new Set(r.findings.map(f => f.table).filter((t) => t !== undefined))];
    if (tables.length === 0)
        return '—';
    if (r.findings.length === 1)
        return `${m.code(tables[0], 140)}${sizeOf(r.findings[0], m, '<br>')}`;
    if (tables.length <= ROW_PLACES)
        return tables.map(t => m.code(t, 140)).join('<br>');
    return `${m.code(tables[0], 140)} and ${tables.length - 1} other tables`;
}
function sizeOf(f, m, before) {
    return f.tableSize ? `${before}${m.text(`${f.tableSize}${f.tableRows ? `, ${f.tableRows}` : ''}`, 120)}` : '';
}
/** A table of rows; past FOLD_ROWS, the rest in a second table inside `<details>`. */
function foldedTable(header, rows, total) {
    if (rows.length <= FOLD_ROWS + 1)
        return [`<table>${header}${rows.join('')}</table>`];
    const rest = rows.slice(FOLD_ROWS);
    const of = rows.length < total ? ` (${total - rows.length} more not shown here)` : '';
    return [`<table>${header}${rows.slice(0, FOLD_ROWS).join('')}</table>`, `<details><summary>Show the other ${rest.length} rows${of}</summary><table>${header}${rest.join('')}</table></details>`];
}
/** The findings as a section of the job summary, rendered when the summary is written (summary.ts). */
function summaryFindings(report) {
    return {
        renderFindings: env => findingsBlocks(report, { markup: markup/* summaryMarkup */.h$, link: fileLinks(runRepository(env), repositoryPaths(report.workspace)), heading: 'h3' }).blocks
    };
}

// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/summary.ts + 1 modules
var summary = __webpack_require__(1577);
;// CONCATENATED MODULE: ./src/pr-comment/event.ts


/**
 * Reads `GITHUB_EVENT_PATH`. Returns a sentence saying what is missing instead when the payload does
 * not describe a pull request of a repository named as GitHub names them.
 */
function readPullRequest(env) {
    const file = env.GITHUB_EVENT_PATH;
    if (!file)
        return 'GITHUB_EVENT_PATH is not set, so the pull request is not known';
    let payload;
    try {
        payload = JSON.parse(external_node_fs_.readFileSync(file, 'utf8'));
    }
    catch (err) {
        return `the event payload (GITHUB_EVENT_PATH) could not be read as JSON: ${err.message}`;
    }
    const pr = payload?.pull_request;
    const number = pr?.number ?? payload?.number;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1)
        return 'the event payload holds no pull request number';
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY || pr?.base?.repo?.full_name || '').split('/');
    if (!isRepositoryName(owner, repo))
        return 'the repository is not known (GITHUB_REPOSITORY is not set or not owner/name)';
    const head = pr?.head?.sha;
    const serverUrl = serverUrlOf(env);
    const runId = env.GITHUB_RUN_ID ?? '';
    const headRepo = pr?.head?.repo?.full_name;
    return {
        owner,
        repo,
        number,
        headSha: commitOf(head),
        fromFork: typeof headRepo === 'string' && headRepo.toLowerCase() !== `${owner}/${repo}`.toLowerCase(),
        serverUrl,
        runUrl: /^\d+$/.test(runId) ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}${/^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}` : undefined
    };
}

// EXTERNAL MODULE: ./src/report/lists.ts
var lists = __webpack_require__(4703);
;// CONCATENATED MODULE: ./src/pr-comment/render.ts





/**
 * The comment's body: the action's own words in Markdown-free HTML blocks, one block a line, so
 * that no text it quotes can start Markdown (an HTML block ends only at a blank line, and quoted
 * text holds no line break). The pending list and the findings are rendered as in the job summary
 * (src/report); everything quoted goes through its comment markup, which also keeps mentions,
 * references and links from forming.
 */
/** GitHub refuses a comment over 65,536 characters; the body's UTF-8 size stays below that with room to spare. */
const MAX_BODY_BYTES = 65_000;
/** More pending migrations than this are never listed one by one (the job summary lists them all). */
const MAX_PENDING_LISTED = 300;
/**
 * The whole body, shortened until it fits the size limit: first the places listed under each rule
 * (the table keeps one row per rule and level), then the findings' rows (the highest levels are
 * kept longest, accepted findings go first), then the pending list.
 */
function renderComment(input) {
    const findings = input.facts.risk?.findings.length ?? 0;
    const all = { places: findings, rows: findings, pending: Math.min(input.facts.pending?.length ?? 0, MAX_PENDING_LISTED) };
    const fits = (s) => {
        const body = renderBody(input, s);
        return (0,markup/* byteSize */.mz)(body) <= MAX_BODY_BYTES ? body : undefined;
    };
    const whole = fits(all);
    if (whole !== undefined)
        return whole;
    const places = largest(all.places, n => fits({ ...all, places: n }) !== undefined);
    if (places > 0 || fits({ ...all, places: 0 }) !== undefined)
        return fits({ ...all, places });
    const rows = largest(all.rows, n => fits({ ...all, places: 0, rows: n }) !== undefined);
    if (rows > 0 || fits({ ...all, places: 0, rows: 0 }) !== undefined)
        return fits({ ...all, places: 0, rows });
    const pending = largest(all.pending, n => fits({ places: 0, rows: 0, pending: n }) !== undefined);
    return fits({ places: 0, rows: 0, pending }) ?? renderBody(input, { places: 0, rows: 0, pending: 0 });
}
/** The largest n in 0..max for which `ok(n)` holds (`ok` is monotonic: true up to some n); 0 when none. */
function largest(max, ok) {
    let lo = 0;
    let hi = max;
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (ok(mid))
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}
function renderBody(input, shown) {
    const { target, pr } = input;
    const links = fileLinks(pr.headSha ? { serverUrl: pr.serverUrl, owner: pr.owner, repo: pr.repo, sha: pr.headSha } : undefined, input.repoPath);
    const blocks = [target.marker];
    const { database, schema, server } = target.label;
    blocks.push(`<h3>Database migrations: ${markup/* commentMarkup */.gu.code(database, 100)} (schema ${markup/* commentMarkup */.gu.code(schema, 100)}) on ${markup/* commentMarkup */.gu.code(server, 200)}</h3>`);
    blocks.push(statusBlock(input));
    blocks.push(...pendingBlocks(input, links, shown.pending));
    blocks.push(...riskBlocks(input, links, shown));
    blocks.push(`<p><sub>Written by the read-only verify step of db-deploy-action${pr.runUrl ? ` in ${(0,markup/* link */.nf)(pr.runUrl, 'this workflow run')}` : ''} and updated in place on every run for this database and workflow; the job summary holds the full report.</sub></p>`);
    // Each block is one line; blank lines between them end each HTML block.
    return (0,secrets/* scrub */._I)(blocks.join('\n\n')) + '\n';
}
function statusBlock({ facts, pr }) {
    const at = pr.headSha ? ` for the pull request at ${(0,markup/* link */.nf)(`${repositoryUrl(pr)}/commit/${pr.headSha}`, `<code>${pr.headSha.slice(0, 7)}</code>`)}` : '';
    const server = facts.serverVersion ? ` on PostgreSQL ${markup/* commentMarkup */.gu.text(facts.serverVersion, 50)}` : '';
    if (facts.failure !== undefined) {
        const failed = facts.checks.find(c => c.status === 'failed');
        return `<p>❌ <b>verify failed</b>${failed ? ` at the ${markup/* commentMarkup */.gu.code(failed.name, 50)} check` : ''}${server}${at}: ${markup/* commentMarkup */.gu.prose(facts.failure, 3000)}</p>`;
    }
    const pending = facts.pending?.length ?? 0;
    const risk = facts.risk?.level ?? 'none';
    return `<p>✅ <b>verify passed</b>${server}${at}: ${pending === 0 ? 'nothing pending' : `${pending} migration${(0,markup/* plural */.LS)(pending)} pending`}, migration risk <b>${risk}</b>.</p>`;
}
function pendingBlocks({ facts }, links, shown) {
    const pending = facts.pending;
    if (pending === undefined)
        return ['<h4>Pending migrations</h4>', '<p>Not known: verify stopped before it compared the migrations folder with the database.</p>'];
    if (pending.length === 0) {
        return ['<h4>Pending migrations: none</h4>', '<p>Nothing pending: the database already has every migration in this pull request, so merging it applies no migration to this database.</p>'];
    }
    const heading = `<h4>What merging this pull request would apply: ${pending.length} pending migration${(0,markup/* plural */.LS)(pending.length)}, in order</h4>`;
    const items = pending.slice(0, shown).map(p => ({ name: p.name, href: links(p.sqlPath) }));
    const rest = pending.length - shown;
    const note = rest > 0
        ? [`<p>${rest} more not listed here to keep this comment within GitHub's size limit; the job summary and verify's <code>pending-migrations</code> output list all ${pending.length}.</p>`]
        : [];
    return [heading, ...(0,lists/* foldedList */.H)(items, markup/* commentMarkup */.gu, { shown: lists/* SHOWN_BEFORE_FOLD */.o, maxName: 260 }), ...note];
}
function riskBlocks(input, links, shown) {
    const { facts, pr } = input;
    const risk = facts.risk;
    if (risk === undefined) {
        return ['<h4>Migration risk</h4>', '<p>Not analysed: verify stopped before the migration-risk check.</p>'];
    }
    const where = `the job summary${pr.runUrl ? ` of ${(0,markup/* link */.nf)(pr.runUrl, 'this run')}` : ''} and verify's <code>risk-findings</code> output hold every finding`;
    const { blocks, unlisted } = findingsBlocks({ risk, failLevel: facts.riskFailLevel }, { markup: markup/* commentMarkup */.gu, link: links, heading: 'h4', rows: shown.rows, places: shown.places, elsewhere: where });
    if (risk.findings.length === 0)
        return blocks;
    if (unlisted > 0) {
        blocks.push(`<p>⚠️ Shortened to stay within GitHub's size limit for a comment: ${unlisted} of ${risk.findings.length} findings are not shown here (the highest levels are shown first); ${where}.</p>`);
    }
    const example = risk.findings.find(f => f.allowed === undefined)?.rule ?? risk.findings[0]?.rule ?? 'drop-column';
    blocks.push(`<details><summary>How to accept a finding after review</summary><p>Put <code>-- db-deploy: allow &lt;rule&gt; &lt;reason&gt;</code> on the line above the statement in its <code>migration.sql</code>, e.g. <code>-- db-deploy: allow ${markup/* commentMarkup */.gu.text(example, 60)} reviewed: why it is safe here</code>. The reason is required. An accepted finding no longer fails verify and is listed here with its reason.</p></details>`);
    return blocks;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/pr-comment/target.ts

function commentTarget(target, env) {
    const key = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify(['db-deploy-action verify', workflowOf(env), target.host.toLowerCase(), target.port, target.database, target.schema]))
        .digest('hex')
        .slice(0, 24);
    return {
        marker: `<!-- db-deploy-action:pr-comment ${key} -->`,
        label: { database: target.database, schema: target.schema, server: `${target.host}:${target.port}` }
    };
}
/**
 * The workflow file, without the ref it ran at (`owner/repo/.github/workflows/verify.yml` from
 * `GITHUB_WORKFLOW_REF`, which ends in `@refs/pull/N/merge`); the workflow's name where the runner
 * does not give the file.
 */
function workflowOf(env) {
    const ref = env.GITHUB_WORKFLOW_REF ?? '';
    const at = ref.lastIndexOf('@');
    return at > 0 ? ref.slice(0, at) : (env.GITHUB_WORKFLOW ?? '');
}

// EXTERNAL MODULE: ./src/pr-comment/types.ts
var pr_comment_types = __webpack_require__(215);
;// CONCATENATED MODULE: ./src/pr-comment/index.ts









const PERMISSION_FIX = 'Give the job `permissions: pull-requests: write` (with `contents: read`), or set `pr-comment: off`. A pull request from a fork gets a read-only token whatever the workflow asks: its report stays in the job summary.';
/**
 * The pull-request comment: on `pull_request` events, writes this database's comment on the pull
 * request, or updates it in place (found again by its marker), with what verify found. Never on
 * `pull_request_target`. Returns nothing when there is nothing to do (`pr-comment: off`, or not a
 * pull request event); otherwise the step to record. When the comment cannot be written it gives
 * one warning and a skipped step (`auto`) or a failed step and the failure (`required`). It throws
 * nothing.
 */
async function publishPullRequestComment(facts, settings) {
    const { mode, env } = settings;
    if (mode === 'off')
        return undefined;
    const event = env.GITHUB_EVENT_NAME;
    if (event !== 'pull_request' && event !== 'pull_request_target')
        return undefined;
    const started = performance.now();
    const cannot = (problem, fix, o = {}) => {
        const durationMs = performance.now() - started;
        if (mode === 'required' && facts.failure === undefined && !o.quiet) {
            return { step: { name: pr_comment_types/* PR_COMMENT_STEP */.y, status: 'failed', durationMs, detail: problem }, failure: new src_errors/* ActionError */.lZ(`The pull-request comment could not be written: ${problem}`, fix) };
        }
        if (!o.quiet)
            (0,log/* warning */.$e)(`No pull-request comment: ${problem} ${fix}`);
        return { step: { name: pr_comment_types/* PR_COMMENT_STEP */.y, status: 'skipped', durationMs, detail: `not written: ${problem}` } };
    };
    try {
        return await publish(facts, settings, event, cannot, started);
    }
    catch (err) {
        // A fault in the comment's own code changes verify's result no more than a refusal by GitHub.
        return cannot(`it failed unexpectedly: ${(0,src_errors/* errorMessage */.gJ)(err)}.`, 'The job summary holds the report.');
    }
}
async function publish(facts, settings, event, cannot, started) {
    const { env } = settings;
    if (event === 'pull_request_target') {
        return cannot("verify never comments on 'pull_request_target' events, which run with the base repository's secrets and a write token beside the pull request's code: the classic way to leak them.", 'Verify pull requests on `on: pull_request` (see the verify-on-pull-request template).');
    }
    const pr = readPullRequest(env);
    if (typeof pr === 'string')
        return cannot(`${pr}.`, 'Run verify from a workflow triggered by `on: pull_request`.');
    // Without the database, verify failed before anything a comment could report, and its failure
    // says why; the comment is kept per database, so there is none to update.
    if (!facts.target)
        return cannot('verify stopped before it read the database URL, and the comment is kept per database.', '', { quiet: true });
    if (settings.token.trim() === '') {
        return cannot("the input 'github-token' is empty.", "Leave 'github-token' unset (it defaults to the job's token), or pass a token that may comment on pull requests.");
    }
    const target = commentTarget(facts.target, env);
    const body = renderComment({ facts, target, pr, repoPath: repositoryPaths(facts.workspace) });
    let client;
    try {
        const { commentsClient } = await Promise.all(/* import() */[__webpack_require__.e(239), __webpack_require__.e(739)]).then(__webpack_require__.bind(__webpack_require__, 739));
        client = commentsClient({
            token: settings.token.trim(),
            baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
            owner: pr.owner,
            repo: pr.repo,
            issue: pr.number,
            onWait: log/* info */.pq
        });
    }
    catch (err) {
        return cannot(`the GitHub client could not be loaded: ${(0,src_errors/* errorMessage */.gJ)(err)}.`, "The action's dist/ folder is incomplete: use a released version of the action.");
    }
    try {
        const existing = await ownComment(client, await client.findMarked(target.marker));
        const written = existing ? await client.update(existing.id, body) : await client.create(body);
        const detail = `${existing ? 'updated' : 'wrote'} the comment on pull request #${pr.number}: ${written.url}`;
        return { step: { name: pr_comment_types/* PR_COMMENT_STEP */.y, status: 'passed', durationMs: performance.now() - started, detail } };
    }
    catch (err) {
        const { problem, fix } = explain(err, pr);
        return cannot(problem, fix);
    }
}
/**
 * Which of the comments holding the marker is this action's: anyone can paste the marker into a
 * comment of their own. One written by a bot account (the job's token writes as
 * `github-actions[bot]`, an app's token as the app) is taken first; otherwise one by the account a
 * personal token writes as. None: a new comment is written.
 */
async function ownComment(client, marked) {
    const bot = marked.find(c => c.author?.type === 'Bot');
    if (bot || marked.length === 0)
        return bot;
    const login = await client.ownLogin();
    return login === undefined ? undefined : marked.find(c => c.author?.login === login);
}
/** What GitHub's answer means, and what to do. */
function explain(err, pr) {
    const status = typeof err.status === 'number' ? err.status : undefined;
    const said = (0,markup/* shorten */.ml)((0,src_errors/* errorMessage */.gJ)(err).split('\n')[0] ?? '', 300);
    if (status === 403 || status === 401) {
        const fork = pr.fromFork ? ' (the pull request comes from a fork, whose token is read-only)' : '';
        return { problem: `GitHub refused the token (HTTP ${status}: ${said})${fork}: it may not comment on this pull request.`, fix: PERMISSION_FIX };
    }
    if (status === 404) {
        return {
            problem: `GitHub answered HTTP 404 (${said}): the repository or pull request is not visible to the token.`,
            fix: `Check that the token may read ${pr.owner}/${pr.repo}; ${PERMISSION_FIX}`
        };
    }
    if (status === 429) {
        return { problem: `GitHub's rate limit still refused the request after the retries (HTTP 429: ${said}).`, fix: 'Run verify again later; the job summary holds the report meanwhile.' };
    }
    return {
        problem: status === undefined ? `the request to the GitHub API failed: ${said}.` : `GitHub answered HTTP ${status}: ${said}.`,
        fix: 'Run verify again; the job summary holds the report meanwhile.'
    };
}

;// CONCATENATED MODULE: ./src/phases/verify.ts














/**
 * The checks after the safety guards (which the lifecycle runs first for every phase), in order.
 * The first failure stops the rest.
 */
const VERIFY_CHECKS = [env, connection, migrations, schema, migrationRisk];
/** predeploy-verify: a thin orchestrator of single-purpose checks. Read-only from its first statement to its last. */
const verifyPhase = {
    phase: 'verify',
    cancellation: 'stop',
    plannedSteps: VERIFY_CHECKS.map(c => c.name),
    failureOutcome: failed => `Verification failed at the '${failed}' check; nothing was changed and later phases must not run.`,
    cancelOutcome: signal => `Verification was cancelled (${signal}); nothing was changed. Do not run the later phases.`,
    async work(run) {
        const { inputs } = run;
        const ctx = { inputs, env: run.env };
        run.onCleanup(() => (0,postgres_session/* closeSession */.Vu)(ctx.session));
        // Local files only (pg_dump --version), overlapping the database checks; awaited by the schema check.
        ctx.pgToolsSearch = (0,pg_tools/* discoverPgTools */.Oh)({ pgBinDir: inputs.pgBinDir, pathEnv: run.env.PATH });
        ctx.pgToolsSearch.catch(() => { });
        try {
            for (const check of VERIFY_CHECKS) {
                await run.step(check.name, async () => {
                    try {
                        return [undefined, await check.run(ctx)];
                    }
                    catch (err) {
                        if (err instanceof src_errors/* ActionError */.lZ)
                            throw err;
                        throw new src_errors/* ActionError */.lZ(`The '${check.name}' check failed unexpectedly: ${(0,src_errors/* errorMessage */.gJ)(err)}`, 'Nothing was changed. Fix the cause above and run verify again.');
                    }
                });
            }
            await commentOnPullRequest(ctx, run.steps);
        }
        catch (err) {
            // The checks failed (or the comment, under `pr-comment: required`): the comment still reports it.
            // A run a signal stopped posts nothing: it did not fail, and its checks did not finish.
            if (!run.cancelled() && !run.steps.some(s => s.name === pr_comment_types/* PR_COMMENT_STEP */.y))
                await commentOnPullRequest(ctx, run.steps, err).catch(() => undefined);
            if (ctx.migrations)
                run.failure.lists = [pendingList(ctx)];
            if (ctx.risk)
                run.failure.tables = [findingsSection(ctx, ctx.risk)];
            throw err;
        }
        await (0,postgres_session/* closeSession */.Vu)(ctx.session);
        const pending = (ctx.migrations?.pending ?? []).map(m => m.name);
        const result = { pending, appliedCount: ctx.migrations?.applied.length ?? 0, serverVersion: ctx.server?.version ?? '' };
        return {
            result,
            verdict: 'passed',
            outcome: `All ${run.steps.filter(s => s.name !== pr_comment_types/* PR_COMMENT_STEP */.y).length} checks passed on PostgreSQL ${result.serverVersion}; the database was opened read-only. ${(0,format/* counted */.hS)(pending.length, 'migration')} pending.`,
            finished: elapsed => `Verification passed in ${elapsed}: ${(0,format/* counted */.hS)(pending.length, 'pending migration')}, ${result.appliedCount} applied.`,
            outputs: {
                'pending-count': String(pending.length),
                'pending-migrations': (0,secrets/* scrubbedJson */.Bo)(pending),
                'applied-count': String(result.appliedCount),
                'server-version': result.serverVersion,
                'risk-level': ctx.risk?.level ?? 'none',
                'risk-findings': findingsJson(ctx.risk?.findings ?? [])
            },
            lists: [pendingList(ctx)],
            tables: ctx.risk ? [findingsSection(ctx, ctx.risk)] : []
        };
    }
};
/** The pending migrations in the order the deploy applies them: the summary shows the first few and folds the rest. */
function pendingList(ctx) {
    return { heading: 'Pending migrations', items: (ctx.migrations?.pending ?? []).map(m => m.name), empty: 'None: the database is up to date.', grows: true };
}
/** The migration-risk findings as the summary shows them (report/findings.ts). */
function findingsSection(ctx, risk) {
    return summaryFindings({ risk, failLevel: ctx.inputs.riskFailLevel, workspace: ctx.inputs.workspace });
}
/**
 * The pull-request comment (src/pr-comment), after the checks whatever their result: records its
 * step, and throws its failure under `pr-comment: required`.
 */
async function commentOnPullRequest(ctx, steps, failure) {
    const outcome = await publishPullRequestComment({
        workspace: ctx.inputs.workspace,
        target: ctx.target,
        serverVersion: ctx.server?.version,
        pending: ctx.migrations?.pending,
        risk: ctx.risk,
        riskFailLevel: ctx.inputs.riskFailLevel,
        checks: steps,
        failure: failure === undefined ? undefined : (0,src_errors/* errorMessage */.gJ)(failure)
    }, { mode: ctx.inputs.prComment ?? 'auto', token: ctx.inputs.githubToken ?? '', env: ctx.env });
    if (!outcome)
        return;
    steps.push(outcome.step);
    (0,summary/* logStep */.Lc)(outcome.step);
    if (outcome.failure)
        throw outcome.failure;
}


/***/ }),

/***/ 3152:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Oh: () => (/* binding */ discoverPgTools),
/* harmony export */   fX: () => (/* binding */ toolVersion),
/* harmony export */   gN: () => (/* binding */ requirePgTools)
/* harmony export */ });
/* unused harmony exports SYSTEM_ROOTS, choosePgTools, noFittingPgToolsError, VERSION_PROBE_TIMEOUT_MS */
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7187);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _process_children_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2554);





const SYSTEM_ROOTS = ['/usr/lib/postgresql'];
/** Every usable pair found, newest first (ties keep search order; Debian's pg_wrapper last). */
async function discoverPgTools(options = {}) {
    const dirs = [];
    if (options.pgBinDir)
        dirs.push(options.pgBinDir);
    for (const entry of (options.pathEnv ?? process.env.PATH ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter)) {
        if (entry)
            dirs.push(entry);
    }
    for (const root of options.systemRoots ?? SYSTEM_ROOTS) {
        const versions = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir(root).catch(() => []);
        versions
            .filter(v => /^\d+(\.\d+)?$/.test(v))
            .sort((a, b) => Number(b) - Number(a))
            .forEach(v => dirs.push(node_path__WEBPACK_IMPORTED_MODULE_2__.join(root, v, 'bin')));
    }
    const seen = new Set();
    const candidates = [];
    for (const [order, dir] of dirs.entries()) {
        const pgDump = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'pg_dump');
        const pgRestore = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'pg_restore');
        const real = await executableRealpath(pgDump);
        if (!real || !(await executableRealpath(pgRestore)))
            continue;
        if (seen.has(real))
            continue;
        seen.add(real);
        candidates.push({ dir, pgDump, pgRestore, order, wrapper: node_path__WEBPACK_IMPORTED_MODULE_2__.basename(real) === 'pg_wrapper' });
    }
    // Debian's pg_wrapper picks a version by its own rules at run time; ask it only when nothing else
    // exists — except in an explicit pg-bin-dir, which is always asked (it is used as given).
    const explicit = (c) => options.pgBinDir !== undefined && c.dir === options.pgBinDir;
    const anyDirect = candidates.some(c => !c.wrapper);
    const toProbe = candidates.filter(c => !anyDirect || !c.wrapper || explicit(c));
    const probed = await Promise.all(toProbe.map(async (c) => {
        const version = await toolVersion(c.pgDump);
        return version ? { ...c, ...version } : undefined;
    }));
    return probed
        .filter((c) => c !== undefined)
        .sort((a, b) => b.major - a.major || compareVersions(b.version, a.version) || a.order - b.order)
        .map(({ dir, pgDump, pgRestore, version, major }) => ({ dir, pgDump, pgRestore, version, major }));
}
/** The newest pair whose major version is at least the server's, or undefined. */
function choosePgTools(found, serverMajor) {
    return found.find(t => t.major >= serverMajor);
}
/**
 * The pair to use for a server, or an ActionError. An explicit `pgBinDir` is used as given: never
 * replaced by a newer pg_dump found elsewhere, and refused (naming why) when it holds no working
 * pair or one older than the server. Without it, the newest pair that can dump the server.
 */
function requirePgTools(found, serverVersion, serverMajor, pgBinDir) {
    if (pgBinDir) {
        const given = found.find(t => t.dir === pgBinDir);
        if (!given) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`'pg-bin-dir' is set to ${pgBinDir}, but that folder holds no working pg_dump and pg_restore.`, `Point 'pg-bin-dir' at the bin folder of a PostgreSQL ${serverMajor}+ client installation (e.g. /usr/lib/postgresql/${serverMajor}/bin), or leave it empty to search PATH and /usr/lib/postgresql.`);
        }
        if (given.major < serverMajor) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`'pg-bin-dir' (${pgBinDir}) holds pg_dump ${given.version}, which cannot dump the server: it runs PostgreSQL ${serverVersion}, and pg_dump must be version ${serverMajor} or newer. The folder is used as given, not replaced by another pg_dump.`, `Point 'pg-bin-dir' at PostgreSQL ${serverMajor}+ client tools (e.g. /usr/lib/postgresql/${serverMajor}/bin after \`sudo apt-get install -y postgresql-client-${serverMajor}\`), or leave 'pg-bin-dir' empty to search PATH and /usr/lib/postgresql.`);
        }
        return given;
    }
    const chosen = choosePgTools(found, serverMajor);
    if (!chosen)
        throw noFittingPgToolsError(found, serverVersion, serverMajor);
    return chosen;
}
/** The error when no pair fits: names the server version, what was found, and the package to install. */
function noFittingPgToolsError(found, serverVersion, serverMajor) {
    const seen = found.length === 0 ? 'no pg_dump/pg_restore was found' : `found only ${found.map(t => `pg_dump ${t.version} (${t.dir})`).join(', ')}`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The server runs PostgreSQL ${serverVersion}, and pg_dump must be version ${serverMajor} or newer to back it up; ${seen}.`, `Install the client tools before this step (Debian/Ubuntu: \`sudo apt-get install -y postgresql-client-${serverMajor}\` from the PostgreSQL apt repository, apt.postgresql.org), or set 'pg-bin-dir' to a folder holding pg_dump and pg_restore ${serverMajor} or newer.`);
}
async function executableRealpath(file) {
    try {
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access(file, node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
        const real = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath(file);
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat(real);
        return stat.isFile() ? real : undefined;
    }
    catch {
        return undefined;
    }
}
/** How long a `--version` probe may take before the tool counts as unusable. */
const VERSION_PROBE_TIMEOUT_MS = 10_000;
/**
 * Runs `<tool> --version` (argument list, no shell, through @actions/exec) and parses
 * `pg_dump (PostgreSQL) 16.4 ...`. @actions/exec has no timeout and gives no handle to stop the
 * child: a probe that does not answer in time counts as no tool (it is left to end on its own).
 */
async function toolVersion(file) {
    let timer;
    const timeout = new Promise(resolve => {
        timer = setTimeout(() => resolve(undefined), VERSION_PROBE_TIMEOUT_MS);
        timer.unref();
    });
    const probe = _actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H(file, ['--version'], { silent: true, ignoreReturnCode: true, env: (0,_process_children_js__WEBPACK_IMPORTED_MODULE_4__/* .stringEnv */ .hL)((0,_process_children_js__WEBPACK_IMPORTED_MODULE_4__/* .envWithoutSecrets */ .FK)()) })
        .then(r => (r.exitCode === 0 ? r.stdout : undefined))
        .catch(() => undefined);
    const out = await Promise.race([probe, timeout]);
    clearTimeout(timer);
    const match = out && /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(out);
    if (!match)
        return undefined;
    const version = [match[1], match[2], match[3]].filter(p => p !== undefined).join('.');
    return { version, major: Number(match[1]) };
}
function compareVersions(a, b) {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
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
