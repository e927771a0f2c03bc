export const id = 473;
export const ids = [473];
export const modules = {

/***/ 473:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  VERIFY_CHECKS: () => (/* binding */ VERIFY_CHECKS),
  verifyPhase: () => (/* binding */ verifyPhase)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/checks/env.ts

/**
 * verify-env: the connection URL is present, is PostgreSQL, is direct (not a pooler), does not send
 * the password in clear text over the network, and every `required-env` name is set.
 */
const env = {
    name: 'env',
    async run(ctx) {
        // Read, policy-checked and registered as a secret once, with the inputs (postgres/target.ts).
        const target = ctx.inputs.database.target();
        const missing = ctx.inputs.requiredEnv.filter(name => (ctx.env[name] ?? '') === '');
        if (missing.length > 0) {
            throw new errors/* ActionError */.lZ(`Required environment variables are not set: ${missing.join(', ')}.`, "Set them on the job or step (`env:`), from secrets where they hold secrets, or remove them from 'required-env'.");
        }
        ctx.target = target;
        const extra = ctx.inputs.requiredEnv.length > 0 ? `; required env set: ${ctx.inputs.requiredEnv.join(', ')}` : '';
        return `${target.redacted} (from ${target.source}), schema '${target.schema}', TLS: ${target.tls.decidedBy}${extra}`;
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
            throw new errors/* ActionError */.lZ(`The server at ${target.host}:${target.port} is a standby (read replica, pg_is_in_recovery() is true); migrations cannot be applied there.`, 'Point the database URL at the primary (writable) server.');
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
                throw new errors/* ActionError */.lZ(`Role '${target.user}' may not read ${target.schema}.${books/* MIGRATIONS_TABLE */.tN}, so the applied migrations cannot be checked.`, `Connect as the role that owns the schema (the one that applies migrations), or GRANT SELECT ON ${session.escapeIdentifier(target.schema)}.${books/* MIGRATIONS_TABLE */.tN} TO ${session.escapeIdentifier(target.user)};`);
            });
        }
        else {
            const tables = await (0,books/* userTables */.lJ)(session, target.schema, 6);
            if (tables.length > 0) {
                throw new errors/* ActionError */.lZ(`Schema '${target.schema}' already has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) but no ${books/* MIGRATIONS_TABLE */.tN} table: Prisma would refuse it (P3005) because nothing records which migrations made them.`, `Baseline the database once: check that the migrations describe the existing schema, then mark them applied without running them, e.g. \`${(0,cli/* resolveCommand */.OK)(ctx.inputs, 'applied', folder.migrations[0]?.name)}\` for each migration already reflected in the database (see Prisma's "Baselining a database" guide).`);
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
            throw new errors/* ActionError */.lZ(`The migrations do not match the database (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(p => `  - ${p}`).join('\n')}`, 'Nothing was changed. Fix the problems above, then run verify again.');
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
    return at === null || at === undefined ? 'at an unrecorded time' : String(at);
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
    const line = lines.find(l => /^ERROR:\s/.test(l)) ??
        (afterBlock >= 0 ? lines.slice(afterBlock + 1).find(l => l !== '') : undefined) ??
        lines.find(l => !header(l)) ??
        lines.find(l => l !== '') ??
        '';
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
        throw new errors/* ActionError */.lZ(`default_transaction_read_only is on ${readOnly.where}: every deploy session would start read-only, and its first write would fail ("cannot execute … in a read-only transaction").`, `If the database is meant to take migrations, have an administrator run: ${readOnly.fix} If it was made read-only on purpose (maintenance, a frozen copy), deploy elsewhere.`);
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
            throw new errors/* ActionError */.lZ(`Role ${who} lacks ${missing.join(' and ')} on ${table}: deploy records each migration there (INSERT when it starts, UPDATE when it finishes), so it would fail before the first migration is recorded.`, `Connect as the role that owns the schema (the one that applies migrations), or have an administrator run: GRANT ${missing.join(', ')} ON ${table} TO ${who};`);
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
            throw new errors/* ActionError */.lZ(`The Prisma CLI ${cli.version ?? ''} (${shownBin}) has no schema engine installed beside it (@prisma/engines holds no schema-engine file): it would download one during deploy.`, "Install the project's dependencies with their install scripts (e.g. `npm ci`, not `npm ci --ignore-scripts`) so that @prisma/engines fetches the engine before this step, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema engine executable; or set `migrator: builtin`.");
        }
        const env = { ...run.env, PRISMA_ENGINES_MIRROR: NO_DOWNLOAD_MIRROR, PRISMA_BINARIES_MIRROR: NO_DOWNLOAD_MIRROR, CHECKPOINT_DISABLE: '1' };
        const { child, done } = (0,children/* runChild */.w$)(cli.bin, ['--version', ...run.args.slice(run.args.indexOf('--config') >= 0 ? run.args.indexOf('--config') : run.args.length)], {
            cwd: o.workingDirectory,
            env,
            captureStdout: true,
            keepLines: 40
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), VERSION_TIMEOUT_MS);
        const result = await done.finally(() => clearTimeout(timer));
        const text = (0,secrets/* scrub */._I)(`${result.stdout}\n${result.stderrTail.join('\n')}`);
        const engine = /^Schema Engine\s*:\s*schema-engine-cli ([0-9a-f]{7,40}) \(at ([^,)]+)(?:, resolved by ([A-Z_]+))?\)/m.exec(text);
        const version = /^prisma\s*:\s*(\S+)/m.exec(text)?.[1];
        if (text.includes(NO_DOWNLOAD_MIRROR) || /binaries\.prisma\.sh/.test(text)) {
            throw new errors/* ActionError */.lZ(`The Prisma CLI ${cli.version ?? ''} (${shownBin}) would download an engine before it runs (its installed engine is missing or not its version); verify does not let it.`, "Install the project's dependencies with their install scripts (e.g. `npm ci`) on the runner before this step, so that the engines match the CLI, or set PRISMA_SCHEMA_ENGINE_BINARY to a schema engine executable.");
        }
        // A CLI may exit 1 only when a query engine version cannot be read (migrate deploy never loads it).
        const unreadable = text.split('\n').filter(l => l.includes('E_CANNOT_RESOLVE_VERSION'));
        const onlyQueryEngine = unreadable.length > 0 && unreadable.every(l => /^Query Engine/.test(l));
        if (!engine || !version || (result.code !== 0 && !onlyQueryEngine)) {
            const last = text.split('\n').map(l => l.trim()).filter(l => l !== '').slice(-6).join(' | ');
            throw new errors/* ActionError */.lZ(`\`prisma --version\` (${shownBin}) ${result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`}${engine ? '' : ' without a resolved schema engine'}: ${last || 'no output'}`, "Fix what the CLI says above (the project's prisma.config must load, the engines must be installed with the CLI's version), then run verify again; or set `migrator: builtin`.");
        }
        const engineAt = engine[3] ? `resolved by ${engine[3]}` : `at ${external_node_path_.relative(o.workspace, external_node_path_.resolve(o.workingDirectory, engine[2]))}`;
        return {
            cli,
            detail: `prisma CLI ${version} (${shownBin}), schema engine ${engine[1].slice(0, 12)} (${engineAt})${run.schema.kind === 'folder' ? `, schema folder of ${run.schema.files.length} files` : ''}`
        };
    }
    finally {
        await run.remove();
    }
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
                throw new errors/* ActionError */.lZ(`Role '${row?.who ?? target.user}' lacks ${missing} on schema '${target.schema}', so migrations cannot create objects there.`, `Connect as the schema's owner (the role that owns the application's tables), or have an administrator run: GRANT USAGE, CREATE ON SCHEMA ${session.escapeIdentifier(target.schema)} TO ${session.escapeIdentifier(row?.who ?? target.user)};`);
            }
            parts.push(`schema '${target.schema}' exists, CREATE allowed`);
        }
        else {
            const res = await session.query(`SELECT has_database_privilege(current_user, current_database(), 'CREATE') AS create, current_user AS who`);
            const row = res.rows[0];
            if (!row?.create) {
                throw new errors/* ActionError */.lZ(`Schema '${target.schema}' does not exist and role '${row?.who ?? target.user}' may not create it (no CREATE on database '${target.database}').`, `Create it once as an administrator (CREATE SCHEMA ${session.escapeIdentifier(target.schema)} AUTHORIZATION ${session.escapeIdentifier(row?.who ?? target.user)};), or fix the ?schema= parameter of the URL.`);
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
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/risk/parse.ts



let parser;
let loading;
/**
 * Loads the WebAssembly module once per process, on first use (not at start-up). libpg-query's
 * loader finds `libpg-query.wasm` in `__dirname`, which an ES module bundle does not have: while it
 * loads, `__dirname` names this module's folder (dist/, where the bundle ships the wasm); a
 * CommonJS copy of the package (tests) keeps its own.
 */
function loadParser() {
    loading ??= (async () => {
        // PostgreSQL's grammar is one huge WebAssembly function: V8's optimizing tier spends longer
        // compiling it than a verify run spends parsing (measured on 1000 files: about 2-3x slower in
        // total). Its baseline compiler alone is fast enough; the flag only concerns WebAssembly
        // compiled from now on in this process, and the parser is its only module.
        external_node_v8_.setFlagsFromString('--liftoff-only');
        const g = globalThis;
        const shim = g.__dirname === undefined;
        if (shim)
            g.__dirname = external_node_path_.dirname((0,external_node_url_.fileURLToPath)(import.meta.url));
        try {
            const mod = await __webpack_require__.e(/* import() */ 627).then(__webpack_require__.t.bind(__webpack_require__, 2627, 23));
            await mod.loadModule();
            parser = mod;
            return mod;
        }
        finally {
            if (shim)
                delete g.__dirname;
        }
    })();
    return loading;
}
function loaded() {
    if (!parser)
        throw new Error('internal: parseSql before loadParser');
    return parser;
}
/** Parses one file's bytes. Never throws for bad SQL: a syntax error is returned with its position. */
function parseSql(bytes) {
    const text = bytes.toString('utf8');
    let tree;
    try {
        tree = loaded().parseSync(text);
    }
    catch (err) {
        const details = err.sqlDetails;
        const charPos = Math.max(0, Math.min(text.length, details?.cursorPosition ?? 0));
        const before = text.slice(0, charPos);
        const line = before.split('\n').length;
        const column = charPos - (before.lastIndexOf('\n') + 1) + 1;
        return { statements: [], comments: [], error: { message: details?.message ?? err.message, line, column } };
    }
    const lines = lineStarts(bytes);
    const lineOf = (byte) => {
        let lo = 0;
        let hi = lines.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (lines[mid] <= byte)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo + 1;
    };
    // The scanner gives the comments (the parser drops them). Only allow comments are needed, so a
    // file without the marker is not scanned (scanning costs more than parsing).
    let comments = [];
    if (bytes.includes(ALLOW_MARKER)) {
        try {
            comments = loaded()
                .scanSync(text)
                .tokens.filter(t => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT')
                .map(t => ({ start: t.start, line: lineOf(t.start), text: bytes.subarray(t.start, t.end).toString('utf8') }));
        }
        catch {
            comments = [];
        }
    }
    const statements = [];
    for (const [index, raw] of (tree.stmts ?? []).entries()) {
        const location = raw.stmt_location ?? 0;
        const end = raw.stmt_len ? location + raw.stmt_len : bytes.length;
        // `stmt_location` may point at blanks or comments before the first token.
        const start = Math.min(skipBlanksAndComments(bytes, location), end);
        const kind = Object.keys(raw.stmt ?? {})[0] ?? 'Unknown';
        statements.push({
            index,
            node: raw.stmt?.[kind] ?? {},
            kind,
            start,
            end,
            line: lineOf(start),
            text: bytes.subarray(start, end).toString('utf8')
        });
    }
    return { statements, comments };
}
function lineStarts(bytes) {
    const starts = [0];
    let i = bytes.indexOf(10);
    while (i !== -1) {
        starts.push(i + 1);
        i = bytes.indexOf(10, i + 1);
    }
    return starts;
}
const ALLOW_MARKER = Buffer.from('db-deploy:');
/** From a position between statements, the first byte of the next token: blanks, `--` and nested `/* *\/` comments skipped. */
function skipBlanksAndComments(bytes, at) {
    let i = at;
    for (;;) {
        const c = bytes[i];
        if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11)
            i++;
        else if (c === 45 && bytes[i + 1] === 45) {
            const nl = bytes.indexOf(10, i);
            i = nl === -1 ? bytes.length : nl + 1;
        }
        else if (c === 47 && bytes[i + 1] === 42) {
            let depth = 1;
            i += 2;
            while (i < bytes.length && depth > 0) {
                if (bytes[i] === 47 && bytes[i + 1] === 42) {
                    depth++;
                    i += 2;
                }
                else if (bytes[i] === 42 && bytes[i + 1] === 47) {
                    depth--;
                    i += 2;
                }
                else
                    i++;
            }
        }
        else
            return i;
    }
}
/** SQL found inside a statement (a function body, an EXECUTE string): its statement nodes, or the parser's message. */
function parseNested(sql) {
    try {
        const tree = loaded().parseSync(sql);
        return { statements: (tree.stmts ?? []).map(s => s.stmt ?? {}) };
    }
    catch (err) {
        return { error: err.sqlDetails?.message ?? err.message };
    }
}
/** A CREATE FUNCTION statement in PL/pgSQL through the parser's PL/pgSQL support: the function's tree, or the message. */
function parsePlpgsqlFunction(sql) {
    try {
        const result = loaded().parsePlPgSQLSync(sql);
        const fn = result?.plpgsql_funcs?.[0]?.PLpgSQL_function;
        return fn ? { tree: fn } : { error: 'no PL/pgSQL function in it' };
    }
    catch (err) {
        return { error: err.sqlDetails?.message ?? err.message };
    }
}

// EXTERNAL MODULE: ./src/risk/types.ts
var types = __webpack_require__(2842);
;// CONCATENATED MODULE: ./src/risk/live-facts/settings.ts
/** The server version, the session's TimeZone and role, and the lock_timeout a new session of this role starts with (and where it comes from). */
async function readSettings(session) {
    const settings = await session.query(`SELECT current_setting('server_version_num') AS num,
            current_setting('TimeZone') AS tz,
            current_user::text AS who,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                AND r.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS role_db,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND r.setdatabase = 0
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS role,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = 0 AND r.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS db,
            (SELECT boot_val FROM pg_settings WHERE name = 'lock_timeout') AS boot`);
    const s = settings.rows[0];
    if (!s)
        throw new Error('internal: the settings query returned no row');
    const fromSetting = (v) => (v === null ? undefined : v.slice('lock_timeout='.length));
    const lockTimeout = fromSetting(s.role_db) !== undefined
        ? { value: fromSetting(s.role_db), source: 'ALTER ROLE … IN DATABASE … SET lock_timeout' }
        : fromSetting(s.role) !== undefined
            ? { value: fromSetting(s.role), source: 'ALTER ROLE … SET lock_timeout' }
            : fromSetting(s.db) !== undefined
                ? { value: fromSetting(s.db), source: 'ALTER DATABASE … SET lock_timeout' }
                : { value: s.boot, source: 'no role or database setting' };
    return { versionNum: Number(s.num), timeZone: s.tz, role: s.who, lockTimeout };
}

;// CONCATENATED MODULE: ./src/risk/live-facts/related.ts

/** Index (`schema.name`) → its table. */
async function readIndexTables(session, facts, indexes) {
    const more = [];
    if (indexes.length === 0)
        return more;
    const res = await session.query(`SELECT n.nspname AS nsp, i.relname AS idx, tn.nspname AS tnsp, t.relname AS tbl
       FROM unnest($1::text[], $2::text[]) AS w(nsp, rel)
       JOIN pg_namespace n ON n.nspname = w.nsp
       JOIN pg_class i ON i.relnamespace = n.oid AND i.relname = w.rel AND i.relkind IN ('i', 'I')
       JOIN pg_index x ON x.indexrelid = i.oid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace tn ON tn.oid = t.relnamespace`, [indexes.map(t => t.schema), indexes.map(t => t.name)]);
    for (const r of res.rows) {
        const table = { schema: r.tnsp, name: r.tbl };
        facts.indexes.set((0,types/* tableKey */.ih)({ schema: r.nsp, name: r.idx }), table);
        more.push(table);
    }
    return more;
}
/** Domain → the table columns of that domain (or of a domain over it). */
async function readDomainColumns(session, facts, domains) {
    const more = [];
    if (domains.length === 0)
        return more;
    const res = await session.query(`WITH RECURSIVE d(oid, nsp, typ) AS (
       SELECT t.oid, w.nsp, w.typ FROM unnest($1::text[], $2::text[]) AS w(nsp, typ)
         JOIN pg_namespace n ON n.nspname = w.nsp
         JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = w.typ AND t.typtype = 'd'
       UNION
       SELECT t.oid, d.nsp, d.typ FROM pg_type t JOIN d ON t.typbasetype = d.oid AND t.typtype = 'd'
     )
     SELECT d.nsp, d.typ, cn.nspname AS tnsp, c.relname AS tbl, a.attname AS col
       FROM d JOIN pg_attribute a ON a.atttypid = d.oid AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'm')
       JOIN pg_namespace cn ON cn.oid = c.relnamespace`, [domains.map(t => t.schema), domains.map(t => t.name)]);
    for (const d of domains)
        facts.domains.set((0,types/* tableKey */.ih)(d), []);
    for (const r of res.rows) {
        const table = { schema: r.tnsp, name: r.tbl };
        facts.domains.get((0,types/* tableKey */.ih)({ schema: r.nsp, name: r.typ }))?.push({ table, column: r.col });
        more.push(table);
    }
    return more;
}
/** Table → the tables a `TRUNCATE … CASCADE` of it empties too (through foreign keys, recursively). */
async function readTruncatedWith(session, facts, truncated) {
    const more = [];
    if (truncated.length === 0)
        return more;
    const res = await session.query(`WITH RECURSIVE r(start_nsp, start_rel, oid) AS (
       SELECT w.nsp, w.rel, c.oid FROM unnest($1::text[], $2::text[]) AS w(nsp, rel)
         JOIN pg_namespace n ON n.nspname = w.nsp
         JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.rel AND c.relkind IN ('r', 'p')
       UNION
       SELECT r.start_nsp, r.start_rel, co.conrelid FROM pg_constraint co JOIN r ON co.confrelid = r.oid AND co.contype = 'f'
     )
     SELECT r.start_nsp AS nsp, r.start_rel AS rel, n.nspname AS tnsp, c.relname AS tbl
       FROM r JOIN pg_class c ON c.oid = r.oid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT (n.nspname = r.start_nsp AND c.relname = r.start_rel)`, [truncated.map(t => t.schema), truncated.map(t => t.name)]);
    for (const t of truncated)
        facts.truncatedWith.set((0,types/* tableKey */.ih)(t), []);
    for (const r of res.rows) {
        const table = { schema: r.tnsp, name: r.tbl };
        facts.truncatedWith.get((0,types/* tableKey */.ih)({ schema: r.nsp, name: r.rel }))?.push(table);
        more.push(table);
    }
    return more;
}

// EXTERNAL MODULE: ./src/postgres/sql-text.ts
var sql_text = __webpack_require__(6079);
;// CONCATENATED MODULE: ./src/risk/live-facts/casualties.ts

/**
 * Everything that goes with a dropped object, following pg_depend the way DROP … CASCADE does:
 * each object that depends on one already going (normally, automatically, as an internal part or
 * as a member of an extension) goes too, and an object that is the internal part of another takes
 * that owner with it (a view's rule takes the view). DROP OWNED starts from everything the role owns
 * in this database (pg_shdepend).
 */
async function readCasualties(session, target) {
    const none = { found: false, tables: [], columns: [], views: [], foreignKeys: [] };
    let start;
    let params;
    if (target.type === 'role') {
        start = `SELECT s.classid, s.objid, s.objsubid FROM pg_shdepend s JOIN pg_roles r ON r.oid = s.refobjid
              WHERE s.refclassid = 'pg_authid'::regclass AND r.rolname = COALESCE($1::text, current_user) AND s.deptype = 'o'
                AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;
        params = [target.names[0] === ':current_user' ? null : target.names[0]];
    }
    else if (target.routine !== undefined) {
        start = `SELECT 'pg_proc'::regclass::oid, p::oid, 0 FROM (SELECT ${target.routine.argsGiven ? 'to_regprocedure($1)' : 'to_regproc($1)'} AS p) f WHERE p IS NOT NULL`;
        params = [target.routine.text];
    }
    else {
        start = `SELECT classid, objid, objsubid FROM pg_get_object_address($1, $2::text[], $3::text[])`;
        params = [target.type, target.names, target.args];
    }
    try {
        const found = await session.query(`SELECT 1 FROM (${start}) s`, params);
        if (found.rowCount === 0)
            return none;
    }
    catch {
        return none;
    }
    const res = await session.query(`WITH RECURSIVE dep(classid, objid, objsubid) AS (
       ${start}
       UNION
       SELECT x.classid, x.objid, x.objsubid FROM dep, LATERAL (
         SELECT d.classid, d.objid, d.objsubid FROM pg_depend d
          WHERE d.refclassid = dep.classid AND d.refobjid = dep.objid AND (dep.objsubid = 0 OR d.refobjsubid = dep.objsubid)
            AND d.deptype IN ('n', 'a', 'i', 'e', 'x', 'P', 'S')
         UNION ALL
         SELECT d.refclassid, d.refobjid, d.refobjsubid FROM pg_depend d
          WHERE d.classid = dep.classid AND d.objid = dep.objid AND d.deptype = 'i'
       ) AS x
     ),
     whole AS (SELECT objid FROM dep WHERE classid = 'pg_class'::regclass AND objsubid = 0)
     SELECT CASE WHEN dep.classid = 'pg_class'::regclass AND dep.objsubid = 0 THEN 'rel'
                 WHEN dep.classid = 'pg_class'::regclass THEN 'col' ELSE 'con' END AS kind,
            c.relkind::text AS relkind, n.nspname AS nsp, c.relname AS rel, a.attname AS col, co.conname,
            (COALESCE(c.oid, co.conrelid) IN (SELECT objid FROM whole)) AS gone_table
       FROM dep
       LEFT JOIN pg_constraint co ON dep.classid = 'pg_constraint'::regclass AND co.oid = dep.objid AND co.contype = 'f'
       LEFT JOIN pg_class c ON c.oid = CASE WHEN dep.classid = 'pg_class'::regclass THEN dep.objid ELSE co.conrelid END
       LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON dep.classid = 'pg_class'::regclass AND dep.objsubid > 0 AND a.attrelid = dep.objid AND a.attnum = dep.objsubid
      WHERE (dep.classid = 'pg_class'::regclass AND c.relkind IN ('r', 'p', 'm', 'v'))
         OR co.oid IS NOT NULL`, params);
    const out = { found: true, tables: [], columns: [], views: [], foreignKeys: [] };
    for (const r of res.rows) {
        if (r.nsp === null || r.rel === null)
            continue;
        const table = { schema: r.nsp, name: r.rel };
        if (r.kind === 'rel') {
            if (r.relkind === 'r' || r.relkind === 'p')
                out.tables.push(table);
            else
                out.views.push(`${r.relkind === 'm' ? 'materialized view' : 'view'} ${quoted(table)}`);
        }
        else if (r.kind === 'col' && !r.gone_table && (r.relkind === 'r' || r.relkind === 'p') && r.col !== null) {
            out.columns.push({ table, column: r.col });
        }
        else if (r.kind === 'con' && !r.gone_table && r.conname !== null) {
            out.foreignKeys.push({ table, name: r.conname });
        }
    }
    return out;
}
function quoted(t) {
    const q = (s) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : (0,sql_text/* sqlIdent */.j)(s));
    return `${q(t.schema)}.${q(t.name)}`;
}

;// CONCATENATED MODULE: ./src/risk/live-facts/tables.ts


/**
 * Each existing table's facts: its size, row estimate, scans, columns, foreign keys, validated
 * NOT NULL checks and whether it holds a row. Fills `facts.tables`.
 */
async function readTables(session, facts, tables) {
    if (tables.length === 0)
        return;
    const byOid = await readSizes(session, facts, tables);
    if (byOid.size === 0)
        return;
    const oids = [...byOid.keys()];
    await readColumns(session, byOid, oids);
    await readConstraints(session, byOid, oids);
    await readHasRows(session, [...byOid.values()].filter(t => t.hasRows === undefined));
}
/** Size, row estimate and scans of each table, keyed by its oid. */
async function readSizes(session, facts, tables) {
    // The size in pages is the real one (pg_relation_size), never relpages: statistics of a table
    // never analysed (or analysed while empty) say nothing. A partitioned or inherited table's
    // data is in its children, so their sizes count.
    const TREE = 'WITH RECURSIVE k(oid) AS (SELECT c.oid UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN k ON i.inhparent = k.oid)';
    const rel = await session.query(`SELECT c.oid::int AS oid, n.nspname, c.relname, c.relkind::text AS relkind, c.relispopulated AS populated, c.reltuples::float8 AS reltuples,
            (COALESCE(st.seq_scan, 0) + COALESCE(st.idx_scan, 0))::text AS scans,
            CASE WHEN c.relhassubclass THEN (${TREE} SELECT sum(pg_total_relation_size(oid)) FROM k) ELSE pg_total_relation_size(c.oid) END::text AS total,
            (CASE WHEN c.relhassubclass THEN (${TREE} SELECT sum(pg_relation_size(oid)) FROM k) ELSE pg_relation_size(c.oid) END
              / current_setting('block_size')::bigint)::text AS pages
       FROM unnest($1::text[], $2::text[]) AS w(nsp, rel)
       JOIN pg_namespace n ON n.nspname = w.nsp
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.rel AND c.relkind IN ('r', 'p', 'm')
       LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid`, [tables.map(t => t.schema), tables.map(t => t.name)]);
    const byOid = new Map();
    for (const r of rel.rows) {
        const t = {
            ref: { schema: r.nspname, name: r.relname },
            relkind: r.relkind,
            totalBytes: Number(r.total),
            pages: Number(r.pages),
            rowEstimate: r.reltuples,
            // A materialized view created WITH NO DATA holds no rows (and cannot be read).
            hasRows: r.populated ? undefined : false,
            scans: Number(r.scans),
            columns: new Map(),
            references: [],
            foreignKeys: new Map(),
            notNullChecked: new Set()
        };
        byOid.set(r.oid, t);
        facts.tables.set((0,types/* tableKey */.ih)(t.ref), t);
    }
    return byOid;
}
/** Each column's current type and NOT NULL. */
async function readColumns(session, byOid, oids) {
    const cols = await session.query(`SELECT a.attrelid::int AS rel, a.attname, t.typname, a.atttypmod AS typmod, format_type(a.atttypid, a.atttypmod) AS shown, a.attnotnull AS notnull
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`, [oids]);
    for (const c of cols.rows)
        byOid.get(c.rel)?.columns.set(c.attname, { typname: c.typname, typmod: c.typmod, shown: c.shown, notNull: c.notnull });
}
/** Foreign keys (and the tables they reference) and validated `CHECK (col IS NOT NULL)` constraints. */
async function readConstraints(session, byOid, oids) {
    const cons = await session.query(`SELECT co.conrelid::int AS rel, co.conname, co.contype, rn.nspname AS nsp, rc.relname, pg_get_constraintdef(co.oid) AS def
       FROM pg_constraint co
       LEFT JOIN pg_class rc ON rc.oid = co.confrelid
       LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE co.conrelid = ANY($1::oid[]) AND (co.contype = 'f' OR (co.contype = 'c' AND co.convalidated))`, [oids]);
    for (const c of cons.rows) {
        const t = byOid.get(c.rel);
        if (!t)
            continue;
        if (c.contype === 'f' && c.nsp !== null && c.relname !== null) {
            t.references.push({ schema: c.nsp, name: c.relname });
            t.foreignKeys.set(c.conname, { schema: c.nsp, name: c.relname });
        }
        const m = /^CHECK \(\(("?)(.+)\1 IS NOT NULL\)\)$/.exec(c.def);
        if (c.contype === 'c' && m)
            t.notNullChecked.add(m[2].replace(/""/g, '"'));
    }
}
/** Whether each table holds a row: one query for all; table by table when the role may not read one. */
async function readHasRows(session, tables) {
    if (tables.length === 0)
        return;
    // Without ONLY: a partitioned table holds its rows in its partitions, and ALTER TABLE, DELETE and
    // TRUNCATE reach the children of an inheritance parent too.
    const probe = (t) => `EXISTS (SELECT 1 FROM ${(0,sql_text/* sqlIdent */.j)(t.ref.schema)}.${(0,sql_text/* sqlIdent */.j)(t.ref.name)} LIMIT 1)`;
    try {
        const res = await session.query({ text: `SELECT ${tables.map((t, i) => `${probe(t)} AS "${i}"`).join(', ')}`, rowMode: 'array' });
        const row = res.rows[0];
        tables.forEach((t, i) => (t.hasRows = row[i]));
    }
    catch {
        for (const t of tables) {
            try {
                const res = await session.query(`SELECT ${probe(t)} AS e`);
                t.hasRows = res.rows[0]?.e;
            }
            catch {
                t.hasRows = undefined;
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/risk/live-facts/catalog.ts

/** Function name → the volatilities of all functions of that name (`pg_proc.provolatile`). */
async function readVolatility(session, facts, names) {
    const functions = [...new Set(names)];
    if (functions.length === 0)
        return;
    const res = await session.query(`SELECT proname, array_agg(DISTINCT provolatile::text) AS vols FROM pg_proc WHERE proname = ANY($1::text[]) GROUP BY proname`, [
        functions
    ]);
    for (const r of res.rows)
        facts.volatility.set(r.proname, new Set(r.vols));
}
/** The values of each existing enum, in order. */
async function readEnums(session, facts, enums) {
    if (enums.length === 0)
        return;
    const res = await session.query(`SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM unnest($1::text[], $2::text[]) AS w(nsp, typ)
       JOIN pg_namespace n ON n.nspname = w.nsp
       JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = w.typ
       JOIN pg_enum e ON e.enumtypid = t.oid
      GROUP BY n.nspname, t.typname`, [enums.map(t => t.schema), enums.map(t => t.name)]);
    for (const r of res.rows)
        facts.enums.set((0,types/* tableKey */.ih)({ schema: r.nspname, name: r.typname }), r.labels);
}
/**
 * Every function and procedure of the database with one of these names, with the definition of
 * those written in SQL or PL/pgSQL outside pg_catalog (pg_get_functiondef), for the analysis to read
 * what a call runs.
 */
async function readFunctions(session, names) {
    if (names.length === 0)
        return [];
    const res = await session.query(`SELECT n.nspname AS nsp, p.proname AS name, l.lanname AS lang, p.prokind::text AS kind, p.provolatile::text AS vol,
            CASE WHEN n.nspname <> 'pg_catalog' AND l.lanname IN ('sql', 'plpgsql') AND p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE p.proname = ANY($1::text[])`, [names]);
    return res.rows.map(r => ({ schema: r.nsp, name: r.name, language: r.lang, kind: r.kind, volatility: r.vol, ...(r.def !== null ? { definition: r.def } : {}) }));
}

;// CONCATENATED MODULE: ./src/risk/live-facts.ts







async function readLiveFacts(session, want) {
    const facts = {
        ...(await readSettings(session)),
        tables: new Map(),
        volatility: new Map(),
        enums: new Map(),
        indexes: new Map(),
        domains: new Map(),
        casualties: new Map(),
        truncatedWith: new Map()
    };
    // First what names more tables (an index's table, a domain's tables, what a CASCADE drops), so
    // that their sizes are read with the others.
    const more = [];
    more.push(...(await readIndexTables(session, facts, unique(want.indexes ?? []))));
    more.push(...(await readDomainColumns(session, facts, unique(want.domains ?? []))));
    for (const target of want.drops ?? []) {
        if (facts.casualties.has(target.key))
            continue;
        const c = await readCasualties(session, target);
        facts.casualties.set(target.key, c);
        more.push(...c.tables, ...c.columns.map(x => x.table));
    }
    more.push(...(await readTruncatedWith(session, facts, unique(want.truncateCascade ?? []))));
    await readTables(session, facts, unique([...want.tables, ...more]));
    await readVolatility(session, facts, want.functions);
    await readEnums(session, facts, unique(want.enums));
    return facts;
}
function unique(refs) {
    return [...new Map(refs.map(r => [(0,types/* tableKey */.ih)(r), r])).values()];
}
/** No row to lose: read so (or no page at all), never taken from a statistics estimate. */
function holdsNoRows(t) {
    return t.hasRows === false || t.pages === 0;
}
/**
 * Empty: no rows and no pages beyond the first (a table whose rows were deleted but not vacuumed
 * still has its pages to scan or copy). A lock on it is held for a moment; rewriting it copies nothing.
 */
function isEmpty(t) {
    return holdsNoRows(t) && t.pages <= 1;
}
function formatRows(t) {
    if (t.hasRows === false)
        return '0 rows';
    if (t.rowEstimate >= 0)
        return `~${Math.round(t.rowEstimate).toLocaleString('en-US')} rows (estimate)`;
    return t.hasRows ? 'has rows (never analyzed: no estimate)' : 'rows unknown';
}
/** What the empty-table verdict rests on, for messages: `0 rows, 1 page`. */
function formatEmpty(t) {
    return `${t.hasRows === false ? '0 rows' : 'no data'}, ${t.pages} page${t.pages === 1 ? '' : 's'}: read from the table, not estimated`;
}

// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
;// CONCATENATED MODULE: ./src/risk/context.ts

function tableOf(range, schema) {
    return { schema: range?.schemaname ?? schema, name: String(range?.relname ?? '') };
}
/** The live table, or undefined when it is created earlier in the batch or does not exist. */
function existing(ctx, ref) {
    const key = (0,types/* tableKey */.ih)(ref);
    if (ctx.batch.createdTables.has(key))
        return undefined;
    return ctx.facts.tables.get(key);
}
function stringList(nodes) {
    return (nodes ?? []).map(n => String(n?.String?.sval ?? ''));
}
/** Function names called anywhere in an expression (for default volatility). */
function calledFunctions(expr, out = []) {
    if (Array.isArray(expr)) {
        for (const e of expr)
            calledFunctions(e, out);
    }
    else if (expr !== null && typeof expr === 'object') {
        if (expr.FuncCall) {
            const names = stringList(expr.FuncCall.funcname);
            out.push(names[names.length - 1]);
        }
        for (const v of Object.values(expr))
            calledFunctions(v, out);
    }
    return out;
}
function alterCommands(stmt) {
    if (stmt.kind !== 'AlterTableStmt' || (stmt.node.objtype ?? 'OBJECT_TABLE') !== 'OBJECT_TABLE')
        return [];
    return (stmt.node.cmds ?? []).map(c => c.AlterTableCmd ?? {});
}
function constraintsOf(columnDef) {
    return (columnDef?.constraints ?? []).map(c => c.Constraint ?? {});
}
const ADDRESS_TYPES = {
    OBJECT_TABLE: 'table',
    OBJECT_VIEW: 'view',
    OBJECT_MATVIEW: 'materialized view',
    OBJECT_SEQUENCE: 'sequence',
    OBJECT_INDEX: 'index',
    OBJECT_FOREIGN_TABLE: 'foreign table',
    OBJECT_SCHEMA: 'schema',
    OBJECT_EXTENSION: 'extension',
    OBJECT_TYPE: 'type',
    OBJECT_DOMAIN: 'type',
    OBJECT_COLLATION: 'collation',
    OBJECT_CONVERSION: 'conversion',
    OBJECT_STATISTIC_EXT: 'statistics object',
    OBJECT_FOREIGN_SERVER: 'server',
    OBJECT_FDW: 'foreign-data wrapper',
    OBJECT_LANGUAGE: 'language',
    OBJECT_EVENT_TRIGGER: 'event trigger',
    OBJECT_ACCESS_METHOD: 'access method',
    OBJECT_PUBLICATION: 'publication',
    OBJECT_TRIGGER: 'trigger',
    OBJECT_RULE: 'rule',
    OBJECT_POLICY: 'policy',
    OBJECT_TSCONFIGURATION: 'text search configuration',
    OBJECT_TSDICTIONARY: 'text search dictionary',
    OBJECT_TSPARSER: 'text search parser',
    OBJECT_TSTEMPLATE: 'text search template',
    OBJECT_OPERATOR: 'operator',
    OBJECT_OPCLASS: 'operator class',
    OBJECT_OPFAMILY: 'operator family',
    OBJECT_TRANSFORM: 'transform',
    OBJECT_CAST: 'cast'
};
const IN_SCHEMA = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_INDEX', 'OBJECT_FOREIGN_TABLE', 'OBJECT_COLLATION', 'OBJECT_CONVERSION', 'OBJECT_STATISTIC_EXT', 'OBJECT_TSCONFIGURATION', 'OBJECT_TSDICTIONARY', 'OBJECT_TSPARSER', 'OBJECT_TSTEMPLATE']);
const ROUTINES = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE']);
const quoteName = (s) => `"${s.replace(/"/g, '""')}"`;
/** A parsed type name as text the server's type-name parser reads: `"schema"."name"[]`. */
function typeNameText(t, schema) {
    const names = stringList(t?.names);
    const qualified = names.length === 1 && schema !== undefined ? [schema, ...names] : names;
    return `${qualified.map(quoteName).join('.')}${t?.arrayBounds ? '[]' : ''}`;
}
/**
 * The objects a `DROP … CASCADE` or `DROP OWNED` names, as the live catalog resolves them (the
 * cascade-drop rule reads what goes with each from pg_depend). Unqualified names are in the
 * target schema.
 */
function dropTargets(stmt, schema) {
    const n = stmt.node;
    const out = [];
    const add = (t) => {
        out.push({ ...t, key: JSON.stringify([t.type, t.names, t.args, t.routine?.text ?? '']) });
    };
    if (stmt.kind === 'DropOwnedStmt') {
        for (const r of (n.roles ?? [])) {
            const spec = r.RoleSpec ?? {};
            add({ type: 'role', names: [spec.roletype === 'ROLESPEC_CSTRING' ? String(spec.rolename) : ':current_user'], args: [] });
        }
        return out;
    }
    if (stmt.kind !== 'DropStmt' || n.behavior !== 'DROP_CASCADE')
        return out;
    const removeType = String(n.removeType);
    for (const o of (n.objects ?? [])) {
        if (ROUTINES.has(removeType)) {
            const owa = o.ObjectWithArgs ?? {};
            const name = typeNameText({ names: owa.objname }, stringList(owa.objname).length === 1 ? schema : undefined);
            const args = (owa.objargs ?? []).map(a => typeNameText(a.TypeName ?? a));
            add({ type: 'function', names: [name], args, routine: owa.args_unspecified ? { text: name, argsGiven: false } : { text: `${name}(${args.join(', ')})`, argsGiven: true } });
            continue;
        }
        const type = ADDRESS_TYPES[removeType];
        if (type === undefined)
            continue;
        if (o.TypeName) {
            add({ type, names: [typeNameText(o.TypeName, schema)], args: [] });
        }
        else if (o.String) {
            add({ type, names: [String(o.String.sval)], args: [] });
        }
        else if (removeType === 'OBJECT_CAST') {
            const [from, to] = (o.List?.items ?? []).map(x => typeNameText(x.TypeName));
            add({ type, names: [from ?? ''], args: [to ?? ''] });
        }
        else {
            const names = stringList(o.List?.items);
            // Trigger, rule, policy: the table's name, then the object's.
            const onTable = removeType === 'OBJECT_TRIGGER' || removeType === 'OBJECT_RULE' || removeType === 'OBJECT_POLICY';
            const qualify = (IN_SCHEMA.has(removeType) && names.length === 1) || (onTable && names.length === 2);
            add({ type, names: qualify ? [schema, ...names] : names, args: [] });
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/risk/rules/indexes.ts

const SEPARATE = 'Prisma runs a file in one transaction, and one holding a single statement outside any';
const indexNotConcurrent = {
    name: 'index-not-concurrent',
    level: 'medium',
    why: 'CREATE INDEX takes a SHARE lock: every INSERT, UPDATE and DELETE on the table waits until the whole table is read and the index built.',
    saferWay: `Create the index with \`CREATE INDEX CONCURRENTLY\`, alone in its own migration (${SEPARATE}).`,
    empty: 'lock',
    check(ctx) {
        if (ctx.stmt.kind !== 'IndexStmt' || ctx.stmt.node.concurrent)
            return [];
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        if (!existing(ctx, ref))
            return [];
        return [
            {
                table: ref,
                message: `CREATE ${ctx.stmt.node.unique ? 'UNIQUE ' : ''}INDEX takes a SHARE lock on the table: writes wait while the whole table is read and the index built, and the lock is held to the end of the migration.`,
                saferWay: this.saferWay
            }
        ];
    }
};
const concurrentlyInTransaction = {
    name: 'concurrently-in-transaction',
    level: 'high',
    why: 'CREATE/DROP/REINDEX … CONCURRENTLY, VACUUM, CREATE/DROP DATABASE or TABLESPACE, ALTER SYSTEM, DETACH PARTITION … CONCURRENTLY and the other commands PostgreSQL refuses inside a transaction block: in a file with other statements (one transaction), or inside a DO block or function, the migration fails.',
    saferWay: `Put the statement alone in its own migration file (${SEPARATE}).`,
    check(ctx) {
        const why = ctx.cls.noTransaction;
        if (why === undefined)
            return [];
        if (ctx.via !== undefined) {
            return [{ message: `${why} cannot run inside a transaction block, nor from a function or DO block: the migration fails here.`, saferWay: this.saferWay }];
        }
        if (ctx.file.parsed.statements.length <= 1)
            return [];
        return [
            {
                message: `${why} in a file of ${ctx.file.parsed.statements.length} statements: the file runs as one transaction, and PostgreSQL refuses ${why} inside one, so the migration fails.`,
                saferWay: this.saferWay
            }
        ];
    }
};

;// CONCATENATED MODULE: ./src/risk/rules/constraints.ts


const LATER = 'in a later, separate migration (Prisma runs each file in one transaction: a lock taken in a file is held to its end)';
const addForeignKey = {
    name: 'add-foreign-key',
    level: 'medium',
    why: 'Adding a validated foreign key takes SHARE ROW EXCLUSIVE on the table and on the referenced table (writes to both wait) while every row is checked.',
    saferWay: `Add it with \`NOT VALID\`, then \`ALTER TABLE … VALIDATE CONSTRAINT …\` ${LATER}.`,
    empty: 'lock',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        const hits = [];
        for (const cmd of alterCommands(ctx.stmt)) {
            const c = cmd.def?.Constraint;
            if (cmd.subtype !== 'AT_AddConstraint' || c?.contype !== 'CONSTR_FOREIGN' || c.skip_validation)
                continue;
            if (!existing(ctx, ref))
                continue;
            const target = tableOf(c.pktable, ctx.schema);
            hits.push({
                table: ref,
                message: `ADD FOREIGN KEY ${c.conname ?? ''} takes SHARE ROW EXCLUSIVE on ${(0,types/* showTable */.S_)(ref)} and on the referenced ${(0,types/* showTable */.S_)(target)}: writes to both wait while every row of ${(0,types/* showTable */.S_)(ref)} is checked, until the end of the migration.`,
                saferWay: this.saferWay
            });
        }
        return hits;
    }
};
const addCheckConstraint = {
    name: 'add-check-constraint',
    level: 'medium',
    why: 'Adding a validated CHECK constraint takes ACCESS EXCLUSIVE (reads and writes wait) while every row is checked.',
    saferWay: `Add it with \`NOT VALID\`, then \`VALIDATE CONSTRAINT\` ${LATER}.`,
    empty: 'lock',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        if (!existing(ctx, ref))
            return [];
        return alterCommands(ctx.stmt)
            .filter(cmd => cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_CHECK' && !cmd.def.Constraint.skip_validation)
            .map(cmd => ({
            table: ref,
            message: `ADD CONSTRAINT ${cmd.def.Constraint.conname ?? ''} CHECK takes ACCESS EXCLUSIVE on the table: reads and writes wait while every row is checked, until the end of the migration.`,
            saferWay: this.saferWay
        }));
    }
};
const addUniqueConstraint = {
    name: 'add-unique-constraint',
    level: 'medium',
    why: 'Adding a UNIQUE, PRIMARY KEY or EXCLUDE constraint builds its index under ACCESS EXCLUSIVE: reads and writes wait for the whole build.',
    saferWay: `Build the index with \`CREATE UNIQUE INDEX CONCURRENTLY\` alone in one migration, then \`ADD CONSTRAINT … UNIQUE USING INDEX …\` ${LATER}.`,
    empty: 'lock',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        if (!existing(ctx, ref))
            return [];
        return alterCommands(ctx.stmt)
            .filter(cmd => cmd.subtype === 'AT_AddConstraint' && ['CONSTR_UNIQUE', 'CONSTR_PRIMARY', 'CONSTR_EXCLUSION'].includes(cmd.def?.Constraint?.contype) && !cmd.def.Constraint.indexname)
            .map(cmd => ({
            table: ref,
            message: `ADD ${{ CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_EXCLUSION: 'EXCLUDE' }[cmd.def.Constraint.contype] ?? 'UNIQUE'} builds an index under ACCESS EXCLUSIVE: reads and writes on the table wait for the whole build, until the end of the migration.`,
            saferWay: this.saferWay
        }));
    }
};
const setNotNull = {
    name: 'set-not-null',
    level: 'medium',
    why: 'SET NOT NULL takes ACCESS EXCLUSIVE and reads the whole table to check for NULLs, unless a validated CHECK (col IS NOT NULL) proves it (PostgreSQL 12+).',
    saferWay: 'PostgreSQL 18+: `ADD CONSTRAINT … NOT NULL col NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration. 12–17: `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` in a later migration, then `SET NOT NULL` (no scan) and drop the check.',
    empty: 'lock',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        const live = existing(ctx, ref);
        if (!live)
            return [];
        const hits = [];
        for (const cmd of alterCommands(ctx.stmt)) {
            const isSet = cmd.subtype === 'AT_SetNotNull';
            const isConstraint = cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_NOTNULL' && !cmd.def.Constraint.skip_validation;
            if (!isSet && !isConstraint)
                continue;
            const column = isSet ? cmd.name : (stringList(cmd.def.Constraint.keys)[0] ?? '');
            if (ctx.batch.addedColumns.has(`${(0,types/* tableKey */.ih)(ref)}.${column}`))
                continue;
            const col = live.columns.get(column);
            if (col?.notNull)
                continue;
            if (ctx.facts.versionNum >= 120000 && live.notNullChecked.has(column))
                continue;
            const v18 = ctx.facts.versionNum >= 180000;
            hits.push({
                table: ref,
                message: `SET NOT NULL on ${column} takes ACCESS EXCLUSIVE on the table (reads and writes wait) while every row is read to check for NULLs, until the end of the migration.`,
                saferWay: v18
                    ? 'On this server (PostgreSQL 18+): `ALTER TABLE … ADD CONSTRAINT … NOT NULL col NOT VALID` in one migration, `ALTER TABLE … VALIDATE CONSTRAINT …` in a later one (no ACCESS EXCLUSIVE for the scan).'
                    : 'On this server (PostgreSQL 12–17): `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`; `VALIDATE CONSTRAINT` in a later migration; then `SET NOT NULL` (no scan, the check proves it) and drop the check.'
            });
        }
        return hits;
    }
};
const validateInSameFile = {
    name: 'validate-in-same-file',
    level: 'medium',
    why: 'A NOT VALID constraint validated in the same file gains nothing: the file is one transaction, so the strong lock of the ADD is held through the validation scan.',
    saferWay: 'Move `VALIDATE CONSTRAINT` into a later, separate migration.',
    empty: 'lock',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        return alterCommands(ctx.stmt)
            .filter(cmd => cmd.subtype === 'AT_ValidateConstraint' && ctx.file.notValidHere.has(`${(0,types/* tableKey */.ih)(ref)}.${cmd.name}`) && existing(ctx, ref))
            .map(cmd => ({
            table: ref,
            message: `VALIDATE CONSTRAINT ${cmd.name} runs in the same file (one transaction) as the ADD … NOT VALID: the lock taken by the ADD is held while every row is checked.`,
            saferWay: this.saferWay
        }));
    }
};

;// CONCATENATED MODULE: ./src/risk/type-change.ts
const ALIASES = {
    int: 'int4',
    integer: 'int4',
    int4: 'int4',
    bigint: 'int8',
    smallint: 'int2',
    serial: 'int4',
    bigserial: 'int8',
    smallserial: 'int2',
    decimal: 'numeric',
    real: 'float4',
    float: 'float8',
    'double precision': 'float8',
    boolean: 'bool',
    character: 'bpchar',
    char: 'bpchar',
    'character varying': 'varchar',
    timestamptz: 'timestamptz',
    timetz: 'timetz'
};
const VARHDRSZ = 4;
/** The parsed TypeName as the catalog would store it. */
function targetType(typeName) {
    const names = (typeName?.names ?? []).map((n) => String(n?.String?.sval ?? ''));
    const bare = names.length > 1 && names[0] === 'pg_catalog' ? names[1] : (names[names.length - 1] ?? '');
    let typname = ALIASES[bare] ?? bare;
    const mods = (typeName?.typmods ?? []).map((m) => Number(m?.A_Const?.ival?.ival ?? 0));
    let typmod = -1;
    if (typname === 'varchar' || typname === 'bpchar') {
        if (mods.length > 0)
            typmod = mods[0] + VARHDRSZ;
        else if (typname === 'bpchar' && names[0] === 'pg_catalog')
            typmod = 1 + VARHDRSZ; // char without length is char(1)
    }
    else if (typname === 'numeric') {
        if (mods.length > 0)
            typmod = ((mods[0] << 16) | (mods[1] ?? 0)) + VARHDRSZ;
    }
    else if (['timestamp', 'timestamptz', 'time', 'timetz', 'bit', 'varbit'].includes(typname)) {
        if (mods.length > 0)
            typmod = mods[0];
        else if (typname === 'bit')
            typmod = 1;
    }
    if (typeName?.arrayBounds)
        typname = `_${typname}`;
    const shown = `${names.filter(n => n !== 'pg_catalog').join('.')}${mods.length > 0 ? `(${mods.join(',')})` : ''}${typeName?.arrayBounds ? '[]' : ''}`;
    return { typname, typmod, shown };
}
/** Time zones with a fixed zero offset: timestamp ↔ timestamptz is then binary (PostgreSQL 12+). */
const UTC_ZONES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'uct', 'etc/uct', 'zulu', 'etc/zulu', 'universal', 'etc/universal', 'greenwich', 'etc/greenwich', 'gmt0', 'gmt+0', 'gmt-0', 'etc/gmt0', 'etc/gmt+0', 'etc/gmt-0']);
function typeChangeRewrites(from, to, o) {
    if (o.using)
        return { rewrites: true, why: 'a USING expression is evaluated for every row' };
    if (from.typname === to.typname) {
        if (from.typmod === to.typmod)
            return { rewrites: false, why: 'the type does not change' };
        switch (from.typname) {
            case 'varchar':
            case 'varbit':
                return to.typmod === -1 || (from.typmod !== -1 && to.typmod >= from.typmod)
                    ? { rewrites: false, why: 'a longer (or unlimited) length only changes the catalog' }
                    : { rewrites: true, why: 'a shorter length checks and copies every row' };
            case 'numeric': {
                if (to.typmod === -1)
                    return { rewrites: false, why: 'an unconstrained numeric only changes the catalog' };
                if (from.typmod === -1)
                    return { rewrites: true, why: 'constraining an unconstrained numeric rounds every value' };
                const scale = (m) => (m - VARHDRSZ) & 0xffff;
                const precision = (m) => ((m - VARHDRSZ) >> 16) & 0xffff;
                return scale(from.typmod) === scale(to.typmod) && precision(to.typmod) >= precision(from.typmod)
                    ? { rewrites: false, why: 'a larger precision with the same scale only changes the catalog' }
                    : { rewrites: true, why: 'a scale change (or a smaller precision) recomputes every value' };
            }
            case 'timestamp':
            case 'timestamptz':
            case 'time':
            case 'interval':
                return to.typmod === -1 || (from.typmod !== -1 && to.typmod >= from.typmod)
                    ? { rewrites: false, why: 'a larger fractional-second precision only changes the catalog' }
                    : { rewrites: true, why: 'a smaller precision rounds every value' };
            default:
                return { rewrites: true, why: `changing the modifier of ${from.shown} recomputes every value` };
        }
    }
    const pair = `${from.typname}->${to.typname}`;
    if (pair === 'varchar->text' || pair === 'cidr->inet') {
        return { rewrites: false, why: `${from.shown} → ${to.shown} is binary-coercible` };
    }
    if (pair === 'text->varchar' && to.typmod === -1)
        return { rewrites: false, why: 'text → varchar without a length is binary-coercible' };
    if ((pair === 'timestamp->timestamptz' || pair === 'timestamptz->timestamp') && (to.typmod === -1 || (from.typmod !== -1 && to.typmod >= from.typmod))) {
        if (o.versionNum >= 120000 && UTC_ZONES.has(o.timeZone.toLowerCase())) {
            return { rewrites: false, why: `the session time zone is ${o.timeZone}: PostgreSQL 12+ changes only the catalog` };
        }
        return { rewrites: true, why: `the time zone (${o.timeZone}) shifts every value` };
    }
    return { rewrites: true, why: `${from.shown} → ${to.shown} converts every value` };
}

;// CONCATENATED MODULE: ./src/risk/rules/columns.ts



const typeChangeRewrite = {
    name: 'type-change-rewrite',
    level: 'high',
    why: 'A column type change that is not binary-compatible rewrites the whole table and its indexes under ACCESS EXCLUSIVE (reads and writes wait).',
    saferWay: 'Expand and contract: add a new column of the new type, backfill it in batches, switch the application, then drop the old column, each in its own migration. A longer varchar, text, or a larger timestamp precision changes only the catalog.',
    empty: 'lock',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        const live = existing(ctx, ref);
        if (!live)
            return [];
        const hits = [];
        for (const cmd of alterCommands(ctx.stmt)) {
            if (cmd.subtype !== 'AT_AlterColumnType')
                continue;
            if (ctx.batch.addedColumns.has(`${(0,types/* tableKey */.ih)(ref)}.${cmd.name}`))
                continue;
            const from = live.columns.get(cmd.name);
            if (!from)
                continue;
            const to = targetType(cmd.def?.ColumnDef?.typeName);
            const verdict = typeChangeRewrites(from, to, { using: cmd.def?.ColumnDef?.raw_default !== undefined, versionNum: ctx.facts.versionNum, timeZone: ctx.facts.timeZone });
            if (!verdict.rewrites)
                continue;
            hits.push({
                table: ref,
                message: `ALTER COLUMN ${cmd.name} TYPE ${to.shown} (now ${from.shown}) rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE: ${verdict.why}; reads and writes wait until the end of the migration.`,
                saferWay: this.saferWay
            });
        }
        return hits;
    }
};
const addRequiredColumn = {
    name: 'add-required-column',
    level: 'high',
    why: 'ADD COLUMN … NOT NULL without a default fails on a table that has rows: the migration stops half-way through the batch.',
    saferWay: 'Add the column with a default (instant on PostgreSQL 11+ for a non-volatile default), or add it nullable, backfill, then SET NOT NULL safely in a later migration.',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        const live = existing(ctx, ref);
        if (!live || live.hasRows === false)
            return [];
        const hits = [];
        for (const cmd of alterCommands(ctx.stmt)) {
            if (cmd.subtype !== 'AT_AddColumn')
                continue;
            const def = cmd.def?.ColumnDef;
            const cons = constraintsOf(def);
            const type = targetType(def?.typeName);
            const bareType = String((def?.typeName?.names ?? []).at(-1)?.String?.sval ?? '');
            const filled = cons.some(c => ['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'].includes(c.contype)) || /serial$/.test(bareType);
            const required = cons.some(c => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
            if (!required || filled)
                continue;
            hits.push({
                table: ref,
                level: live.hasRows === undefined ? 'medium' : 'high',
                message: live.hasRows === undefined
                    ? `ADD COLUMN ${def.colname} ${type.shown} NOT NULL without a default: the role may not read the table, so whether it has rows is unknown; on a table with rows the migration fails.`
                    : `ADD COLUMN ${def.colname} ${type.shown} NOT NULL without a default on a table that has rows: PostgreSQL refuses it (the column would hold NULLs) and the migration fails.`,
                saferWay: this.saferWay
            });
        }
        return hits;
    }
};
const volatileDefault = {
    name: 'volatile-default',
    level: 'high',
    why: 'ADD COLUMN with a volatile default (gen_random_uuid(), clock_timestamp(), a serial or identity, a stored generated column) rewrites the whole table under ACCESS EXCLUSIVE; before PostgreSQL 11 any default did.',
    saferWay: 'Add the column without a default (or with a constant one), backfill it in batches, then SET DEFAULT for new rows, in separate migrations.',
    empty: 'lock',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        if (!existing(ctx, ref))
            return [];
        const hits = [];
        for (const cmd of alterCommands(ctx.stmt)) {
            if (cmd.subtype !== 'AT_AddColumn')
                continue;
            const def = cmd.def?.ColumnDef;
            const why = addColumnRewrite(ctx, cmd);
            if (why === undefined)
                continue;
            hits.push({
                table: ref,
                message: `ADD COLUMN ${def.colname} rewrites the whole table under ACCESS EXCLUSIVE (reads and writes wait until the end of the migration): ${why}.`,
                saferWay: this.saferWay
            });
        }
        return hits;
    }
};
const needsNewerServer = {
    name: 'needs-newer-server',
    level: 'high',
    why: 'The statement uses a feature the target server does not have (the parser knows PostgreSQL 18); the migration fails there.',
    saferWay: 'Write it in the form the server supports, or upgrade the server first.',
    check(ctx) {
        const v = ctx.facts.versionNum;
        const major = Math.floor(v / 10000);
        const hits = [];
        for (const cmd of alterCommands(ctx.stmt)) {
            const c = cmd.def?.Constraint;
            if (v < 180000 && cmd.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_NOTNULL') {
                hits.push({ message: `ADD CONSTRAINT … NOT NULL needs PostgreSQL 18; this server is ${major}.`, saferWay: 'Use `ALTER COLUMN … SET NOT NULL` (see set-not-null for the safe way).' });
            }
            if (v < 180000 && cmd.subtype === 'AT_AddColumn' && constraintsOf(cmd.def?.ColumnDef).some(k => k.contype === 'CONSTR_GENERATED' && k.generated_kind === 'v')) {
                hits.push({ message: `A virtual generated column needs PostgreSQL 18; this server is ${major} (write GENERATED ALWAYS AS (…) STORED).`, saferWay: this.saferWay });
            }
        }
        if (v < 120000 && ctx.stmt.kind === 'AlterEnumStmt' && ctx.stmt.node.newVal !== undefined && ctx.file.parsed.statements.length > 1) {
            hits.push({ message: `ALTER TYPE … ADD VALUE inside a transaction needs PostgreSQL 12; this server is ${major}.`, saferWay: 'Put ADD VALUE alone in its own migration file.' });
        }
        return hits;
    }
};
/** Why ADD COLUMN rewrites the table, or undefined when it changes only the catalog. */
function addColumnRewrite(ctx, cmd) {
    const def = cmd.def?.ColumnDef;
    const cons = constraintsOf(def);
    const bareType = String((def?.typeName?.names ?? []).at(-1)?.String?.sval ?? '');
    const dflt = cons.find(c => c.contype === 'CONSTR_DEFAULT');
    if (/serial$/.test(bareType))
        return `the ${bareType} type takes its default from nextval(), which is volatile`;
    if (cons.some(c => c.contype === 'CONSTR_IDENTITY'))
        return 'an identity column fills every row from its sequence';
    if (cons.some(c => c.contype === 'CONSTR_GENERATED' && c.generated_kind !== 'v'))
        return 'a stored generated column is computed for every row';
    if (!dflt)
        return undefined;
    if (ctx.facts.versionNum < 110000)
        return `before PostgreSQL 11 (this server: ${ctx.facts.versionNum}) any default is written into every row`;
    for (const fn of calledFunctions(dflt.raw_expr)) {
        const created = ctx.batch.createdFunctions.get(fn);
        const vols = created !== undefined ? new Set([created]) : ctx.facts.volatility.get(fn);
        if (vols === undefined)
            return `${fn}() is not a function in pg_catalog or the database, so it is taken as volatile`;
        if (vols.has('v'))
            return `${fn}() is volatile (pg_proc.provolatile = 'v'): each row gets its own value`;
    }
    return undefined;
}
/** Whether ALTER COLUMN TYPE rewrites, judged from the live column (unknown columns: assumed). */
function alterTypeRewrites(ctx, table, cmd) {
    const from = ctx.facts.tables.get((0,types/* tableKey */.ih)(table))?.columns.get(cmd.name);
    if (!from)
        return true;
    const to = targetType(cmd.def?.ColumnDef?.typeName);
    return typeChangeRewrites(from, to, { using: cmd.def?.ColumnDef?.raw_default !== undefined, versionNum: ctx.facts.versionNum, timeZone: ctx.facts.timeZone }).rewrites;
}

;// CONCATENATED MODULE: ./src/risk/classify/judging.ts


const ORDER = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];
const WORK = ['none', 'catalog', 'rows', 'scan', 'index build', 'rewrite'];
function strongest(a, b) {
    return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}
/** Whether a lock mode makes writers wait (SHARE and stronger), and readers (ACCESS EXCLUSIVE). */
function blocks(mode) {
    if (mode === 'ACCESS EXCLUSIVE')
        return 'reads and writes';
    return ORDER.indexOf(mode) >= ORDER.indexOf('SHARE') ? 'writes' : undefined;
}
const none = () => { };
const catalog = j => j.does('catalog');
const never = j => j.unclassified(`${j.stmt.kind} (the parser yields it only inside another statement, never as a statement of a migration)`);
/** A name list (`schema.name` or `name`) as a table reference in the target schema. */
function qualifiedName(names, schema) {
    return names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { schema, name: names[0] ?? '' };
}
/** Every table a query reads (FROM, JOIN, subqueries), ACCESS SHARE. */
function reads(j, node, except) {
    const seen = [];
    collectRangeVars(node, j.schema, seen);
    for (const t of seen)
        if ((0,types/* tableKey */.ih)(t) !== except)
            j.lock(t, 'ACCESS SHARE');
}
function collectRangeVars(node, schema, out) {
    if (Array.isArray(node)) {
        for (const x of node)
            collectRangeVars(x, schema, out);
        return;
    }
    if (node === null || typeof node !== 'object')
        return;
    if (node.RangeVar)
        out.push(tableOf(node.RangeVar, schema));
    for (const [k, v] of Object.entries(node))
        if (k !== 'RangeVar' && v !== null && typeof v === 'object')
            collectRangeVars(v, schema, out);
}
const defNames = (list) => (list ?? []).map(o => String(o?.DefElem?.defname ?? ''));
/** A `DefElem` option given without `false`/`off`/`0`. */
const optionOn = (list, name) => (list ?? []).some(o => o?.DefElem?.defname === name && !['false', 'off', '0'].includes(String(o.DefElem.arg?.String?.sval ?? o.DefElem.arg?.Boolean?.boolval ?? o.DefElem.arg?.Integer?.ival ?? 'true').toLowerCase()));

;// CONCATENATED MODULE: ./src/risk/constant.ts
/**
 * Whether a WHERE clause is true for every row whatever the row holds: `true`, `1 = 1`,
 * `'a' = 'a'`, `NOT false`, `x IS NOT NULL` on a NOT NULL column, and AND/OR/NOT of those.
 * Anything the evaluation does not know is "unknown", never true: a WHERE is judged constant-true
 * only when it provably is. Three-valued logic as in SQL (NULL is unknown; `WHERE NULL` filters all).
 */
function isConstantTrue(expr, notNullColumn) {
    return evaluate(expr, notNullColumn) === true;
}
function evaluate(e, notNull) {
    if (e === null || typeof e !== 'object')
        return undefined;
    if (e.A_Const)
        return constant(e.A_Const);
    if (e.TypeCast) {
        const v = evaluate(e.TypeCast.arg, notNull);
        const type = String((e.TypeCast.typeName?.names ?? []).at(-1)?.String?.sval ?? '');
        if (type === 'bool' && typeof v === 'string') {
            const t = v.trim().toLowerCase();
            if (['t', 'true', 'y', 'yes', 'on', '1'].includes(t))
                return true;
            if (['f', 'false', 'n', 'no', 'off', '0'].includes(t))
                return false;
            return undefined;
        }
        if (['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].includes(type) && (typeof v === 'string' || typeof v === 'number')) {
            const x = Number(v);
            return Number.isFinite(x) ? x : undefined;
        }
        if (['text', 'varchar'].includes(type) && typeof v === 'string')
            return v;
        return v === null ? null : undefined;
    }
    if (e.BoolExpr) {
        const args = (e.BoolExpr.args ?? []).map(a => evaluate(a, notNull));
        const bools = args.map(a => (typeof a === 'boolean' || a === null ? a : undefined));
        switch (e.BoolExpr.boolop) {
            case 'NOT_EXPR': {
                const a = bools[0];
                return a === undefined ? undefined : a === null ? null : !a;
            }
            case 'AND_EXPR':
                if (bools.some(b => b === false))
                    return false;
                if (bools.every(b => b === true))
                    return true;
                return undefined;
            case 'OR_EXPR':
                if (bools.some(b => b === true))
                    return true;
                if (bools.every(b => b === false))
                    return false;
                return undefined;
            default:
                return undefined;
        }
    }
    if (e.NullTest) {
        const column = columnName(e.NullTest.arg);
        if (column !== undefined && notNull(column))
            return e.NullTest.nulltesttype === 'IS_NOT_NULL';
        const v = evaluate(e.NullTest.arg, notNull);
        if (v === undefined)
            return undefined;
        return e.NullTest.nulltesttype === 'IS_NULL' ? v === null : v !== null;
    }
    if (e.BooleanTest) {
        const v = evaluate(e.BooleanTest.arg, notNull);
        if (v !== null && typeof v !== 'boolean')
            return undefined;
        switch (e.BooleanTest.booltesttype) {
            case 'IS_TRUE':
                return v === true;
            case 'IS_NOT_TRUE':
                return v !== true;
            case 'IS_FALSE':
                return v === false;
            case 'IS_NOT_FALSE':
                return v !== false;
            case 'IS_UNKNOWN':
                return v === null;
            case 'IS_NOT_UNKNOWN':
                return v !== null;
            default:
                return undefined;
        }
    }
    if (e.A_Expr && e.A_Expr.kind === 'AEXPR_OP') {
        const op = String((e.A_Expr.name ?? []).at(-1)?.String?.sval ?? '');
        const l = evaluate(e.A_Expr.lexpr, notNull);
        const r = evaluate(e.A_Expr.rexpr, notNull);
        if (l === undefined || r === undefined)
            return undefined;
        if (l === null || r === null)
            return null;
        if (typeof l !== typeof r)
            return undefined;
        switch (op) {
            case '=':
                return l === r;
            case '<>':
            case '!=':
                return l !== r;
        }
        // Ordering only for numbers and booleans: text order depends on the collation.
        if (typeof l === 'string')
            return undefined;
        switch (op) {
            case '<':
                return l < r;
            case '<=':
                return l <= r;
            case '>':
                return l > r;
            case '>=':
                return l >= r;
            default:
                return undefined;
        }
    }
    return undefined;
}
function constant(c) {
    if (c.isnull)
        return null;
    if (c.boolval !== undefined)
        return c.boolval.boolval === true;
    if (c.ival !== undefined)
        return Number(c.ival.ival ?? 0);
    if (c.fval !== undefined) {
        const x = Number(c.fval.fval);
        return Number.isFinite(x) ? x : undefined;
    }
    if (c.sval !== undefined)
        return String(c.sval.sval ?? '');
    return undefined;
}
function columnName(e) {
    const fields = (e?.ColumnRef?.fields ?? []);
    const last = fields.at(-1)?.String?.sval;
    return typeof last === 'string' ? last : undefined;
}

;// CONCATENATED MODULE: ./src/risk/classify/rows.ts
/** Statements that read and write rows: SELECT, INSERT, UPDATE, DELETE, MERGE, COPY, cursors, EXPLAIN. */




const ROW_STATEMENTS = {
    SelectStmt: j => {
        const locking = (j.n.lockingClause ?? []).length > 0;
        reads(j, { from: j.n.fromClause, where: j.n.whereClause, targets: j.n.targetList, with: j.n.withClause, larg: j.n.larg, rarg: j.n.rarg, values: j.n.valuesLists });
        if (locking) {
            const seen = [];
            collectRangeVars(j.n.fromClause, j.schema, seen);
            for (const t of seen)
                j.lock(t, 'ROW SHARE');
            j.does('rows');
        }
    },
    InsertStmt: j => {
        const target = tableOf(j.n.relation, j.schema);
        j.lock(target, 'ROW EXCLUSIVE');
        reads(j, { select: j.n.selectStmt, with: j.n.withClause }, (0,types/* tableKey */.ih)(target));
        j.does('rows');
    },
    UpdateStmt: j => {
        const target = tableOf(j.n.relation, j.schema);
        j.lock(target, 'ROW EXCLUSIVE');
        reads(j, { from: j.n.fromClause, where: j.n.whereClause, with: j.n.withClause }, (0,types/* tableKey */.ih)(target));
        j.does('rows');
        const all = wholeTable(j, target);
        if (all)
            j.allRows(all);
    },
    DeleteStmt: j => {
        const target = tableOf(j.n.relation, j.schema);
        j.lock(target, 'ROW EXCLUSIVE');
        reads(j, { using: j.n.usingClause, where: j.n.whereClause, with: j.n.withClause }, (0,types/* tableKey */.ih)(target));
        j.does('rows');
        const all = wholeTable(j, target);
        if (all) {
            j.allRows(all);
            j.destroys();
        }
    },
    MergeStmt: j => {
        const target = tableOf(j.n.relation, j.schema);
        j.lock(target, 'ROW EXCLUSIVE');
        reads(j, { source: j.n.sourceRelation, with: j.n.withClause }, (0,types/* tableKey */.ih)(target));
        j.does('rows');
    },
    CopyStmt: j => {
        if (j.n.relation)
            j.lock(tableOf(j.n.relation, j.schema), j.n.is_from ? 'ROW EXCLUSIVE' : 'ACCESS SHARE');
        if (j.n.query)
            reads(j, j.n.query);
        j.does(j.n.is_from ? 'rows' : 'none');
    },
    DeclareCursorStmt: j => reads(j, j.n.query),
    FetchStmt: none,
    ClosePortalStmt: none,
    ExplainStmt: j => reads(j, j.n.query),
    CreateTableAsStmt: j => {
        reads(j, j.n.query);
        j.does('catalog');
    }
};
/** Why an UPDATE or DELETE touches every row: no WHERE, or a WHERE that is always true. */
function wholeTable(j, target) {
    if (j.n.whereClause === undefined)
        return 'no WHERE';
    if (j.n.usingClause || j.n.fromClause)
        return undefined;
    const columns = j.facts.tables.get((0,types/* tableKey */.ih)(target))?.columns;
    return isConstantTrue(j.n.whereClause, name => columns?.get(name)?.notNull === true) ? 'a WHERE that is always true' : undefined;
}

;// CONCATENATED MODULE: ./src/risk/classify/alter-table.ts
/** ALTER TABLE (and ALTER INDEX, VIEW, SEQUENCE, TYPE through the same statement): locks and work per subcommand. */


const AT = {
    AT_AddColumn: 'special',
    AT_AddColumnToView: 'internal',
    AT_ColumnDefault: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_CookedColumnDefault: 'internal',
    AT_DropNotNull: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_SetNotNull: { mode: 'ACCESS EXCLUSIVE', work: 'scan' },
    AT_SetExpression: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
    AT_DropExpression: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_SetStatistics: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_SetOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_ResetOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_SetStorage: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_SetCompression: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_DropColumn: 'special',
    AT_AddIndex: 'internal',
    AT_ReAddIndex: 'internal',
    AT_AddConstraint: 'special',
    AT_ReAddConstraint: 'internal',
    AT_ReAddDomainConstraint: 'internal',
    AT_AlterConstraint: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_ValidateConstraint: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'scan' },
    AT_AddIndexConstraint: 'internal',
    AT_DropConstraint: 'special',
    AT_ReAddComment: 'internal',
    AT_AlterColumnType: 'special',
    AT_AlterColumnGenericOptions: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_ChangeOwner: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_ClusterOn: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_DropCluster: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_SetLogged: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
    AT_SetUnLogged: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
    AT_DropOids: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_SetAccessMethod: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
    AT_SetTableSpace: { mode: 'ACCESS EXCLUSIVE', work: 'rewrite' },
    AT_SetRelOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_ResetRelOptions: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_ReplaceRelOptions: 'internal',
    AT_EnableTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_EnableAlwaysTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_EnableReplicaTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_DisableTrig: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_EnableTrigAll: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_DisableTrigAll: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_EnableTrigUser: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_DisableTrigUser: { mode: 'SHARE ROW EXCLUSIVE', work: 'catalog' },
    AT_EnableRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_EnableAlwaysRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_EnableReplicaRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_DisableRule: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_AddInherit: 'special',
    AT_DropInherit: 'special',
    AT_AddOf: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_DropOf: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_ReplicaIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_EnableRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_DisableRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_ForceRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_NoForceRowSecurity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_GenericOptions: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_AttachPartition: 'special',
    AT_DetachPartition: 'special',
    AT_DetachPartitionFinalize: { mode: 'SHARE UPDATE EXCLUSIVE', work: 'catalog' },
    AT_AddIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_SetIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_DropIdentity: { mode: 'ACCESS EXCLUSIVE', work: 'catalog' },
    AT_ReAddStatistics: 'internal'
};
const ALTER_TABLE_SUBCOMMANDS = (/* unused pure expression or super */ null && (AT));
/** ALTER TABLE and the ALTER INDEX/VIEW/SEQUENCE/TYPE forms parsed as the same statement. */
function alterTable(j) {
    const n = j.n;
    const objtype = n.objtype ?? 'OBJECT_TABLE';
    const target = tableOf(n.relation, j.schema);
    const cmds = (n.cmds ?? []).map(c => c.AlterTableCmd ?? {});
    if (objtype === 'OBJECT_INDEX') {
        alterIndex(j, target, cmds);
        return;
    }
    if (objtype === 'OBJECT_SEQUENCE' || objtype === 'OBJECT_TYPE') {
        // ALTER SEQUENCE … OWNER/SET, ALTER TYPE … ADD ATTRIBUTE (a composite type: no table rows).
        j.does('catalog');
        return;
    }
    if (objtype === 'OBJECT_VIEW' || objtype === 'OBJECT_MATVIEW') {
        j.lock(target, 'ACCESS EXCLUSIVE');
        j.does(cmds.some(c => c.subtype === 'AT_SetTableSpace' || c.subtype === 'AT_SetAccessMethod') ? 'rewrite' : 'catalog');
        return;
    }
    for (const cmd of cmds)
        alterTableCommand(j, target, cmd);
}
/**
 * ALTER INDEX: the lock is on the index (the planner opens every index of a table it plans for,
 * so ACCESS EXCLUSIVE on one holds up the table's queries too); SET TABLESPACE copies it.
 */
function alterIndex(j, target, cmds) {
    for (const cmd of cmds) {
        if (cmd.subtype === 'AT_SetTableSpace') {
            j.lock(j.facts.indexes.get((0,types/* tableKey */.ih)(target)) ?? target, 'ACCESS EXCLUSIVE');
            j.does('rewrite');
        }
        else if (['AT_SetRelOptions', 'AT_ResetRelOptions', 'AT_SetStatistics', 'AT_AttachPartition'].includes(cmd.subtype)) {
            j.lock(target, 'SHARE UPDATE EXCLUSIVE');
            j.does('catalog');
        }
        else {
            j.lock(target, 'ACCESS EXCLUSIVE');
            j.does('catalog');
        }
    }
}
/** One ALTER TABLE subcommand: from the table above, or judged from its arguments when `special`. */
function alterTableCommand(j, target, cmd) {
    const kind = AT[cmd.subtype];
    if (kind === undefined || kind === 'internal') {
        j.unclassified(`ALTER TABLE subcommand ${String(cmd.subtype)}`);
        return;
    }
    if (kind !== 'special') {
        j.lock(target, kind.mode);
        j.does(kind.work);
        return;
    }
    switch (cmd.subtype) {
        case 'AT_AddConstraint':
            addConstraint(j, target, cmd.def?.Constraint);
            break;
        case 'AT_DropConstraint': {
            j.lock(target, 'ACCESS EXCLUSIVE');
            const referenced = j.facts.tables.get((0,types/* tableKey */.ih)(target))?.foreignKeys.get(String(cmd.name));
            if (referenced)
                j.lock(referenced, 'ACCESS EXCLUSIVE');
            j.does('catalog');
            break;
        }
        case 'AT_AlterColumnType':
            j.lock(target, 'ACCESS EXCLUSIVE');
            j.does(j.rewrites(cmd) ? 'rewrite' : 'catalog');
            break;
        case 'AT_DropColumn':
            j.lock(target, 'ACCESS EXCLUSIVE');
            j.does('catalog');
            j.destroys();
            break;
        case 'AT_AddColumn':
            j.lock(target, 'ACCESS EXCLUSIVE');
            j.does(j.rewrites(cmd) ? 'rewrite' : 'catalog');
            for (const k of constraintsOf(cmd.def?.ColumnDef))
                if (k.contype === 'CONSTR_FOREIGN')
                    j.lock(tableOf(k.pktable, j.schema), 'SHARE ROW EXCLUSIVE');
            break;
        case 'AT_AddInherit':
        case 'AT_DropInherit':
            j.lock(target, 'ACCESS EXCLUSIVE');
            j.lock(tableOf(cmd.def?.RangeVar, j.schema), 'SHARE UPDATE EXCLUSIVE');
            j.does('catalog');
            break;
        case 'AT_AttachPartition':
            attachPartition(j, target, cmd);
            break;
        case 'AT_DetachPartition':
            detachPartition(j, target, cmd);
            break;
        case 'AT_SetNotNull':
            j.lock(target, 'ACCESS EXCLUSIVE');
            j.does('scan');
            break;
        default:
            j.unclassified(`ALTER TABLE subcommand ${String(cmd.subtype)}`);
    }
}
/** ADD CONSTRAINT: a foreign key locks both tables; unique, primary and exclusion keys build an index. */
function addConstraint(j, target, c) {
    if (c?.contype === 'CONSTR_FOREIGN') {
        j.lock(target, 'SHARE ROW EXCLUSIVE');
        j.lock(tableOf(c.pktable, j.schema), 'SHARE ROW EXCLUSIVE');
        j.does(c.skip_validation ? 'catalog' : 'scan');
    }
    else {
        j.lock(target, 'ACCESS EXCLUSIVE');
        j.does(c?.contype === 'CONSTR_UNIQUE' || c?.contype === 'CONSTR_PRIMARY' || c?.contype === 'CONSTR_EXCLUSION' ? (c.indexname ? 'catalog' : 'index build') : c?.skip_validation ? 'catalog' : 'scan');
    }
}
/**
 * ATTACH PARTITION: the parent SHARE UPDATE EXCLUSIVE; the partition ACCESS EXCLUSIVE while every
 * row is checked against the partition bound (unless a CHECK constraint proves it).
 */
function attachPartition(j, target, cmd) {
    const part = tableOf(cmd.def?.PartitionCmd?.name, j.schema);
    j.lock(target, 'SHARE UPDATE EXCLUSIVE');
    j.lock(part, 'ACCESS EXCLUSIVE');
    j.does('scan');
}
/** DETACH PARTITION: ACCESS EXCLUSIVE on both, or SHARE UPDATE EXCLUSIVE CONCURRENTLY (outside a transaction). */
function detachPartition(j, target, cmd) {
    const part = tableOf(cmd.def?.PartitionCmd?.name, j.schema);
    if (cmd.def?.PartitionCmd?.concurrent) {
        j.lock(target, 'SHARE UPDATE EXCLUSIVE');
        j.lock(part, 'SHARE UPDATE EXCLUSIVE');
        j.noTransaction('ALTER TABLE … DETACH PARTITION … CONCURRENTLY');
    }
    else {
        j.lock(target, 'ACCESS EXCLUSIVE');
        j.lock(part, 'ACCESS EXCLUSIVE');
    }
    j.does('catalog');
}

;// CONCATENATED MODULE: ./src/risk/classify/table-ddl.ts
/** Statements on tables, indexes, constraints, triggers, rules, policies, statistics, views. */




const TABLE_STATEMENTS = {
    CreateStmt: j => {
        j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
        for (const elt of (j.n.tableElts ?? [])) {
            const cons = elt.ColumnDef ? constraintsOf(elt.ColumnDef) : elt.Constraint ? [elt.Constraint] : [];
            for (const c of cons)
                if (c.contype === 'CONSTR_FOREIGN')
                    j.lock(tableOf(c.pktable, j.schema), 'SHARE ROW EXCLUSIVE');
        }
        // CREATE TABLE … PARTITION OF: ACCESS EXCLUSIVE on the parent; INHERITS: SHARE UPDATE EXCLUSIVE on each parent.
        for (const p of (j.n.inhRelations ?? []))
            j.lock(tableOf(p.RangeVar, j.schema), j.n.partbound ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
    },
    IndexStmt: j => {
        j.lock(tableOf(j.n.relation, j.schema), j.n.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
        if (j.n.concurrent)
            j.noTransaction('CREATE INDEX CONCURRENTLY');
        j.does('index build');
    },
    AlterTableStmt: alterTable,
    RenameStmt: j => {
        if (j.n.relation) {
            const target = tableOf(j.n.relation, j.schema);
            // ALTER INDEX … RENAME takes SHARE UPDATE EXCLUSIVE on the index; the rest ACCESS EXCLUSIVE on the relation.
            j.lock(target, j.n.renameType === 'OBJECT_INDEX' ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
        }
        j.does('catalog');
    },
    AlterObjectSchemaStmt: j => {
        if (j.n.relation)
            j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    DropStmt: drop,
    TruncateStmt: j => {
        for (const r of (j.n.relations ?? [])) {
            const table = tableOf(r.RangeVar, j.schema);
            j.lock(table, 'ACCESS EXCLUSIVE');
            if (j.n.behavior === 'DROP_CASCADE')
                for (const t of j.facts.truncatedWith.get((0,types/* tableKey */.ih)(table)) ?? [])
                    j.lock(t, 'ACCESS EXCLUSIVE');
        }
        j.does('catalog');
        j.destroys();
    },
    CreateTrigStmt: j => {
        j.lock(tableOf(j.n.relation, j.schema), 'SHARE ROW EXCLUSIVE');
        j.does('catalog');
    },
    RuleStmt: j => {
        j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    CreatePolicyStmt: j => {
        j.lock(tableOf(j.n.table, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    AlterPolicyStmt: j => {
        j.lock(tableOf(j.n.table, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    CreateStatsStmt: j => {
        for (const r of (j.n.relations ?? []))
            if (r.RangeVar)
                j.lock(tableOf(r.RangeVar, j.schema), 'SHARE UPDATE EXCLUSIVE');
        j.does('catalog');
    },
    AlterStatsStmt: catalog,
    CommentStmt: commentOn,
    SecLabelStmt: commentOn,
    ViewStmt: j => {
        reads(j, j.n.query);
        j.does('catalog');
    },
    RefreshMatViewStmt: j => {
        j.lock(tableOf(j.n.relation, j.schema), j.n.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE');
        j.does('rewrite');
    }
};
/** DROP: the lock on the dropped relation (or the table of the dropped index, trigger, rule, policy). */
function drop(j) {
    const n = j.n;
    const objects = (n.objects ?? []);
    const names = (o) => stringList(o.List?.items);
    switch (n.removeType) {
        case 'OBJECT_TABLE':
            for (const o of objects) {
                const table = qualifiedName(names(o), j.schema);
                j.lock(table, 'ACCESS EXCLUSIVE');
                for (const r of j.facts.tables.get((0,types/* tableKey */.ih)(table))?.references ?? [])
                    j.lock(r, 'ACCESS EXCLUSIVE');
            }
            j.does('catalog');
            j.destroys();
            break;
        case 'OBJECT_INDEX':
            for (const o of objects) {
                const index = qualifiedName(names(o), j.schema);
                const table = j.facts.indexes.get((0,types/* tableKey */.ih)(index));
                if (table)
                    j.lock(table, n.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
            }
            if (n.concurrent)
                j.noTransaction('DROP INDEX CONCURRENTLY');
            j.does('catalog');
            break;
        case 'OBJECT_TRIGGER':
        case 'OBJECT_RULE':
        case 'OBJECT_POLICY':
            // The name list is the table's, then the object's: ACCESS EXCLUSIVE on the table.
            for (const o of objects)
                j.lock(qualifiedName(names(o).slice(0, -1), j.schema), 'ACCESS EXCLUSIVE');
            j.does('catalog');
            break;
        case 'OBJECT_VIEW':
        case 'OBJECT_MATVIEW':
        case 'OBJECT_SEQUENCE':
        case 'OBJECT_FOREIGN_TABLE':
            for (const o of objects)
                j.lock(qualifiedName(names(o), j.schema), 'ACCESS EXCLUSIVE');
            j.does('catalog');
            break;
        default:
            // Schemas, types, domains, functions, extensions…: catalog only, unless CASCADE takes tables
            // or columns with it (named from pg_depend by the cascade-drop rule).
            j.does('catalog');
    }
    if (n.behavior === 'DROP_CASCADE') {
        // What goes with it (pg_depend): its tables are dropped, the tables that lose a column or a
        // foreign key are altered, each under ACCESS EXCLUSIVE.
        for (const t of dropTargets(j.stmt, j.schema)) {
            const c = j.facts.casualties.get(t.key);
            if (!c?.found)
                continue;
            for (const x of [...c.tables, ...c.columns.map(y => y.table), ...c.foreignKeys.map(y => y.table)])
                j.lock(x, 'ACCESS EXCLUSIVE');
        }
        j.destroys();
    }
}
function commentOn(j) {
    const items = stringList(j.n.object?.List?.items);
    if (j.n.objtype === 'OBJECT_TABLE')
        j.lock(qualifiedName(items, j.schema), 'SHARE UPDATE EXCLUSIVE');
    else if (j.n.objtype === 'OBJECT_COLUMN')
        j.lock(qualifiedName(items.slice(0, -1), j.schema), 'SHARE UPDATE EXCLUSIVE');
    j.does('catalog');
}

;// CONCATENATED MODULE: ./src/risk/classify/maintenance.ts
/** Maintenance (VACUUM, CLUSTER, REINDEX, LOCK…) and session or transaction statements. */



const LOCK_MODES = {
    1: 'ACCESS SHARE',
    2: 'ROW SHARE',
    3: 'ROW EXCLUSIVE',
    4: 'SHARE UPDATE EXCLUSIVE',
    5: 'SHARE',
    6: 'SHARE ROW EXCLUSIVE',
    7: 'EXCLUSIVE',
    8: 'ACCESS EXCLUSIVE'
};
const MAINTENANCE_STATEMENTS = {
    // Maintenance.
    VacuumStmt: j => {
        const full = j.n.is_vacuumcmd && defNames(j.n.options).includes('full') && optionOn(j.n.options, 'full');
        const rels = (j.n.rels ?? []).map(r => tableOf(r.VacuumRelation?.relation, j.schema));
        for (const t of rels)
            j.lock(t, full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
        j.does(full ? 'rewrite' : 'scan');
        if (j.n.is_vacuumcmd)
            j.noTransaction('VACUUM');
    },
    ClusterStmt: j => {
        if (j.n.relation)
            j.lock(tableOf(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        else
            j.noTransaction('CLUSTER without a table');
        j.does('rewrite');
    },
    ReindexStmt: j => {
        const concurrently = optionOn(j.n.params, 'concurrently');
        const kind = j.n.kind;
        if (kind === 'REINDEX_OBJECT_INDEX' || kind === 'REINDEX_OBJECT_TABLE') {
            const named = tableOf(j.n.relation, j.schema);
            const table = kind === 'REINDEX_OBJECT_INDEX' ? j.facts.indexes.get((0,types/* tableKey */.ih)(named)) : named;
            if (table)
                j.lock(table, concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
        }
        else {
            j.noTransaction(`REINDEX ${kind.replace('REINDEX_OBJECT_', '')}`);
        }
        if (concurrently)
            j.noTransaction('REINDEX CONCURRENTLY');
        j.does('index build');
    },
    LockStmt: j => {
        const mode = LOCK_MODES[Number(j.n.mode ?? 8)] ?? 'ACCESS EXCLUSIVE';
        for (const r of (j.n.relations ?? []))
            j.lock(tableOf(r.RangeVar, j.schema), mode);
    },
    CheckPointStmt: none,
    DiscardStmt: none,
    LoadStmt: none,
    // Session and transaction.
    VariableSetStmt: none,
    VariableShowStmt: none,
    TransactionStmt: none,
    ConstraintsSetStmt: none,
    NotifyStmt: none,
    ListenStmt: none,
    UnlistenStmt: none,
    PrepareStmt: none,
    ExecuteStmt: none,
    DeallocateStmt: none,
    DoStmt: none,
    CallStmt: none
};

;// CONCATENATED MODULE: ./src/risk/classify/catalog.ts
/** Catalog objects (types, domains, functions, extensions, foreign data), roles, databases, replication. */



const CATALOG_STATEMENTS = {
    // Types, domains, functions and other catalog objects.
    CreateSchemaStmt: catalog,
    CreateEnumStmt: catalog,
    CreateRangeStmt: catalog,
    CompositeTypeStmt: catalog,
    AlterEnumStmt: catalog,
    AlterTypeStmt: catalog,
    CreateDomainStmt: catalog,
    AlterDomainStmt: j => {
        // ADD CONSTRAINT (validated), SET NOT NULL and VALIDATE CONSTRAINT check every column of the
        // domain (and of domains over it) under SHARE on each table; the rest change the catalog.
        const checks = (j.n.subtype === 'C' && !j.n.def?.Constraint?.skip_validation) || j.n.subtype === 'O' || j.n.subtype === 'V';
        if (checks) {
            const domain = qualifiedName(stringList(j.n.typeName), j.schema);
            for (const c of j.facts.domains.get((0,types/* tableKey */.ih)(domain)) ?? [])
                j.lock(c.table, 'SHARE');
        }
        j.does(checks ? 'scan' : 'catalog');
    },
    DefineStmt: catalog,
    CreateFunctionStmt: catalog,
    AlterFunctionStmt: catalog,
    AlterObjectDependsStmt: catalog,
    AlterOwnerStmt: catalog,
    AlterOperatorStmt: catalog,
    CreateSeqStmt: catalog,
    AlterSeqStmt: catalog,
    AlterCollationStmt: catalog,
    CreateCastStmt: catalog,
    CreateConversionStmt: catalog,
    CreateTransformStmt: catalog,
    CreateOpClassStmt: catalog,
    CreateOpFamilyStmt: catalog,
    AlterOpFamilyStmt: catalog,
    CreateAmStmt: catalog,
    CreatePLangStmt: catalog,
    AlterTSDictionaryStmt: catalog,
    AlterTSConfigurationStmt: catalog,
    CreateExtensionStmt: catalog,
    AlterExtensionStmt: catalog,
    AlterExtensionContentsStmt: catalog,
    CreateEventTrigStmt: catalog,
    AlterEventTrigStmt: catalog,
    // Foreign data.
    CreateFdwStmt: catalog,
    AlterFdwStmt: catalog,
    CreateForeignServerStmt: catalog,
    AlterForeignServerStmt: catalog,
    CreateForeignTableStmt: catalog,
    CreateUserMappingStmt: catalog,
    AlterUserMappingStmt: catalog,
    DropUserMappingStmt: catalog,
    ImportForeignSchemaStmt: catalog,
    // Roles and privileges (no table lock: GRANT and REVOKE update pg_class.relacl only).
    CreateRoleStmt: none,
    AlterRoleStmt: none,
    AlterRoleSetStmt: none,
    DropRoleStmt: none,
    GrantStmt: none,
    GrantRoleStmt: none,
    AlterDefaultPrivilegesStmt: none,
    DropOwnedStmt: j => {
        for (const t of dropTargets(j.stmt, j.schema)) {
            const c = j.facts.casualties.get(t.key);
            for (const x of [...(c?.tables ?? []), ...(c?.columns ?? []).map(y => y.table), ...(c?.foreignKeys ?? []).map(y => y.table)])
                j.lock(x, 'ACCESS EXCLUSIVE');
        }
        j.does('catalog');
        j.destroys();
    },
    ReassignOwnedStmt: catalog,
    // Databases, tablespaces, server settings.
    CreatedbStmt: j => j.noTransaction('CREATE DATABASE'),
    DropdbStmt: j => {
        j.noTransaction('DROP DATABASE');
        j.destroys();
    },
    AlterDatabaseStmt: j => {
        if (defNames(j.n.options).includes('tablespace'))
            j.noTransaction('ALTER DATABASE … SET TABLESPACE');
        j.does('catalog');
    },
    AlterDatabaseSetStmt: catalog,
    AlterDatabaseRefreshCollStmt: catalog,
    AlterSystemStmt: j => j.noTransaction('ALTER SYSTEM'),
    CreateTableSpaceStmt: j => j.noTransaction('CREATE TABLESPACE'),
    DropTableSpaceStmt: j => j.noTransaction('DROP TABLESPACE'),
    AlterTableSpaceOptionsStmt: catalog,
    AlterTableMoveAllStmt: j => {
        // ALTER TABLE ALL IN TABLESPACE … SET TABLESPACE: copies every table of the tablespace under ACCESS EXCLUSIVE.
        j.does('rewrite');
    },
    // Logical replication (the publication's tables: SHARE UPDATE EXCLUSIVE).
    CreatePublicationStmt: publication,
    AlterPublicationStmt: publication,
    CreateSubscriptionStmt: j => j.noTransaction('CREATE SUBSCRIPTION'),
    AlterSubscriptionStmt: catalog,
    DropSubscriptionStmt: j => j.noTransaction('DROP SUBSCRIPTION'),
    // Only ever inside another statement.
    RawStmt: never,
    SetOperationStmt: never,
    ReturnStmt: never,
    PLAssignStmt: never,
    ReplicaIdentityStmt: never
};
function publication(j) {
    for (const o of (j.n.pubobjects ?? [])) {
        const rel = o.PublicationObjSpec?.pubtable?.relation;
        if (rel)
            j.lock(tableOf(rel, j.schema), 'SHARE UPDATE EXCLUSIVE');
    }
    j.does('catalog');
}

;// CONCATENATED MODULE: ./src/risk/classify.ts








/**
 * How each statement kind is judged. The record's type lists every statement kind of the parser,
 * so a kind a newer parser adds fails the build until it is classified in one of the families
 * (and at run time a kind missing from the record is an unclassified-statement finding).
 */
const KINDS = {
    ...ROW_STATEMENTS,
    ...TABLE_STATEMENTS,
    ...MAINTENANCE_STATEMENTS,
    ...CATALOG_STATEMENTS
};
/** The statement kinds with a classification (for the test that enumerates the parser's kinds). */
const CLASSIFIED_KINDS = Object.keys(KINDS);
function classify(stmt, schema, facts, rewrites = () => true) {
    const locks = new Map();
    const cls = { locks: [], work: 'none', destroysData: false };
    const j = {
        n: stmt.node,
        stmt,
        schema,
        facts,
        rewrites,
        lock(table, mode) {
            if (!table.name)
                return;
            const held = locks.get((0,types/* tableKey */.ih)(table));
            locks.set((0,types/* tableKey */.ih)(table), { table, mode: held ? strongest(held.mode, mode) : mode });
        },
        does(w) {
            if (WORK.indexOf(w) > WORK.indexOf(cls.work))
                cls.work = w;
        },
        destroys() {
            cls.destroysData = true;
        },
        unclassified(what) {
            cls.unclassified ??= what;
        },
        noTransaction(why) {
            cls.noTransaction ??= why;
        },
        allRows(why) {
            cls.allRows = why;
        }
    };
    const judge = KINDS[stmt.kind];
    if (judge)
        judge(j);
    else
        j.unclassified(`statement kind ${stmt.kind}`);
    cls.locks = [...locks.values()];
    return cls;
}
function showLocks(c, show) {
    return c.locks.map(l => `${l.mode} on ${show(l.table)}`).join('; ');
}

;// CONCATENATED MODULE: ./src/risk/rules/destructive.ts





const BACKUP = 'Expand and contract: stop using it in a deployed release first, keep a verified backup, then drop it in a later migration (accept it here with an allow comment once reviewed).';
const dropTable = {
    name: 'drop-table',
    level: 'high',
    why: 'DROP TABLE destroys the data; it takes ACCESS EXCLUSIVE on the table and on the tables its foreign keys reference.',
    saferWay: BACKUP,
    empty: 'data',
    check(ctx) {
        if (ctx.stmt.kind !== 'DropStmt' || ctx.stmt.node.removeType !== 'OBJECT_TABLE')
            return [];
        const hits = [];
        for (const obj of ctx.stmt.node.objects ?? []) {
            const names = stringList(obj.List?.items);
            const ref = names.length > 1 ? { schema: names[0], name: names[1] } : { schema: ctx.schema, name: names[0] };
            const live = existing(ctx, ref);
            if (!live)
                continue;
            const also = live.references.filter(r => (0,types/* tableKey */.ih)(r) !== (0,types/* tableKey */.ih)(ref)).map(types/* showTable */.S_);
            hits.push({
                table: ref,
                message: `DROP TABLE destroys its data and takes ACCESS EXCLUSIVE on it${also.length ? ` and on the referenced ${also.join(', ')} (its foreign keys' triggers are removed there)` : ''}.`,
                saferWay: this.saferWay
            });
        }
        return hits;
    }
};
const dropColumn = {
    name: 'drop-column',
    level: 'high',
    why: "DROP COLUMN destroys the column's data, and a running release that still reads or writes it fails.",
    saferWay: BACKUP,
    empty: 'data',
    check(ctx) {
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        const live = existing(ctx, ref);
        if (!live)
            return [];
        return alterCommands(ctx.stmt)
            .filter(cmd => cmd.subtype === 'AT_DropColumn' && !ctx.batch.addedColumns.has(`${(0,types/* tableKey */.ih)(ref)}.${cmd.name}`) && live.columns.has(cmd.name))
            .map(cmd => ({
            table: ref,
            message: `DROP COLUMN ${cmd.name} destroys its data (catalog-only, under ACCESS EXCLUSIVE); a running release that still uses the column fails.`,
            saferWay: this.saferWay
        }));
    }
};
const dropEnumValue = {
    name: 'drop-enum-value',
    level: 'high',
    why: 'Replacing an enum by one without some values (Prisma writes CREATE TYPE …_new, ALTER COLUMN … TYPE, RENAME, DROP TYPE) fails on rows that hold a removed value and rewrites every table that uses it.',
    saferWay: 'First move the rows off the removed values (UPDATE in batches, released and run on its own), then remove the values in a later migration.',
    check(ctx) {
        if (ctx.stmt.kind !== 'RenameStmt' || ctx.stmt.node.renameType !== 'OBJECT_TYPE')
            return [];
        const from = stringList(ctx.stmt.node.object?.List?.items);
        const newName = String(ctx.stmt.node.newname);
        const fromRef = from.length > 1 ? { schema: from[0], name: from[1] } : { schema: ctx.schema, name: from[0] };
        const created = ctx.batch.createdEnums.get((0,types/* tableKey */.ih)(fromRef));
        const live = ctx.facts.enums.get((0,types/* tableKey */.ih)({ schema: fromRef.schema, name: newName }));
        if (!created || !live)
            return [];
        const removed = live.filter(v => !created.includes(v));
        if (removed.length === 0)
            return [];
        return [
            {
                message: `The enum ${(0,types/* showTable */.S_)({ schema: fromRef.schema, name: newName })} is replaced by one without ${removed.map(v => `'${v}'`).join(', ')}: rows holding them make the migration fail, and every column of the type is rewritten.`,
                saferWay: this.saferWay
            }
        ];
    }
};
const truncateTable = {
    name: 'truncate',
    level: 'high',
    why: 'TRUNCATE destroys every row, under ACCESS EXCLUSIVE; with CASCADE, every row of the tables that reference it through foreign keys too (read from the live catalog).',
    saferWay: BACKUP,
    check(ctx) {
        if (ctx.stmt.kind !== 'TruncateStmt')
            return [];
        const hits = [];
        const seen = new Set();
        for (const r of (ctx.stmt.node.relations ?? [])) {
            const ref = tableOf(r.RangeVar, ctx.schema);
            seen.add((0,types/* tableKey */.ih)(ref));
            const live = existing(ctx, ref);
            if (live && !holdsNoRows(live))
                hits.push({ table: ref, message: 'TRUNCATE destroys every row of the table, under ACCESS EXCLUSIVE.', saferWay: this.saferWay });
        }
        if (ctx.stmt.node.behavior !== 'DROP_CASCADE')
            return hits;
        for (const r of (ctx.stmt.node.relations ?? [])) {
            const ref = tableOf(r.RangeVar, ctx.schema);
            for (const other of ctx.facts.truncatedWith.get((0,types/* tableKey */.ih)(ref)) ?? []) {
                if (seen.has((0,types/* tableKey */.ih)(other)))
                    continue;
                seen.add((0,types/* tableKey */.ih)(other));
                const live = existing(ctx, other);
                if (live && !holdsNoRows(live)) {
                    hits.push({ table: other, message: `TRUNCATE … CASCADE destroys every row of ${(0,types/* showTable */.S_)(other)} too: it references ${(0,types/* showTable */.S_)(ref)} through foreign keys, directly or through other tables (read from the live catalog).`, saferWay: this.saferWay });
                }
            }
        }
        return hits;
    }
};
function allRowsMessage(verb, why, rest) {
    return `${verb} with ${why === 'no WHERE' ? 'no WHERE' : 'a WHERE that is true for every row'} ${rest}`;
}
const deleteAllRows = {
    name: 'delete-all-rows',
    level: 'high',
    why: "DELETE without WHERE (or with a WHERE that is always true, such as `1 = 1`) destroys every row and holds every row's lock to the end of the migration's transaction.",
    saferWay: 'Delete in batches, outside the schema migration (or accept it with an allow comment once reviewed).',
    check(ctx) {
        if (ctx.stmt.kind !== 'DeleteStmt' || ctx.cls.allRows === undefined)
            return [];
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        const live = existing(ctx, ref);
        if (!live || holdsNoRows(live))
            return [];
        return [{ table: ref, message: allRowsMessage('DELETE', ctx.cls.allRows, "destroys every row; each row stays locked until the end of the migration's transaction."), saferWay: this.saferWay }];
    }
};
const updateAllRows = {
    name: 'update-all-rows',
    level: 'medium',
    why: "UPDATE without WHERE (or with a WHERE that is always true) writes a new version of every row in the migration's transaction: every row stays locked to its end, and the table doubles in size until vacuumed.",
    saferWay: 'Backfill in batches (e.g. by primary key ranges) outside the schema migration, or in a data migration of its own.',
    check(ctx) {
        if (ctx.stmt.kind !== 'UpdateStmt' || ctx.cls.allRows === undefined)
            return [];
        const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
        const live = existing(ctx, ref);
        if (!live || holdsNoRows(live))
            return [];
        return [{ table: ref, message: allRowsMessage('UPDATE', ctx.cls.allRows, "rewrites every row in the migration's transaction; writers to those rows wait until its end."), saferWay: this.saferWay }];
    }
};
const SHOW_AT_MOST = 20;
const list = (items) => (items.length > SHOW_AT_MOST ? `${items.slice(0, SHOW_AT_MOST).join(', ')} and ${items.length - SHOW_AT_MOST} more` : items.join(', '));
const cascadeDrop = {
    name: 'cascade-drop',
    level: 'high',
    why: "`DROP … CASCADE` (a schema, a type, a domain, a function, an extension, a table…) and `DROP OWNED` take with them every object that depends on what they drop: the tables and columns that go are named from the live catalog (pg_depend), with their sizes.",
    saferWay: 'Drop the dependent tables and columns explicitly first (each is then judged on its own), and drop the object without CASCADE: it then fails instead of taking more than intended.',
    check(ctx) {
        const targets = dropTargets(ctx.stmt, ctx.schema);
        if (targets.length === 0)
            return [];
        const what = ctx.stmt.kind === 'DropOwnedStmt' ? 'DROP OWNED' : `DROP ${String(ctx.stmt.node.removeType).replace('OBJECT_', '').replace(/_/g, ' ')} … CASCADE`;
        // The tables this statement names itself are drop-table's; the rest is what goes with them.
        const named = new Set(ctx.stmt.kind === 'DropStmt' && ctx.stmt.node.removeType === 'OBJECT_TABLE' ? (ctx.stmt.node.objects ?? []).map(o => (0,types/* tableKey */.ih)(qualifiedName(stringList(o.List?.items), ctx.schema))) : []);
        const tables = new Map();
        const columns = new Map();
        const views = new Set();
        const foreignKeys = new Map();
        for (const t of targets) {
            const c = ctx.facts.casualties.get(t.key);
            if (!c?.found)
                continue;
            for (const x of c.tables)
                if (!named.has((0,types/* tableKey */.ih)(x)) && existing(ctx, x))
                    tables.set((0,types/* tableKey */.ih)(x), x);
            for (const x of c.columns)
                if (existing(ctx, x.table))
                    columns.set(`${(0,types/* tableKey */.ih)(x.table)}.${x.column}`, x);
            for (const v of c.views)
                views.add(v);
            for (const f of c.foreignKeys)
                if (!named.has((0,types/* tableKey */.ih)(f.table)))
                    foreignKeys.set(`${(0,types/* tableKey */.ih)(f.table)}.${f.name}`, f);
        }
        if (tables.size + columns.size + views.size + foreignKeys.size === 0)
            return [];
        const rowsOf = (ref) => {
            const live = ctx.facts.tables.get((0,types/* tableKey */.ih)(ref));
            return live ? ` (${(0,format/* formatBytes */.z3)(live.totalBytes)}, ${formatRows(live)})` : '';
        };
        const withData = [...tables.values(), ...[...columns.values()].map(c => c.table)].some(ref => {
            const live = ctx.facts.tables.get((0,types/* tableKey */.ih)(ref));
            return live === undefined || !holdsNoRows(live);
        });
        const parts = [];
        if (tables.size > 0)
            parts.push(`the table${tables.size === 1 ? '' : 's'} ${list([...tables.values()].map(t => `${(0,types/* showTable */.S_)(t)}${rowsOf(t)}`))}`);
        if (columns.size > 0)
            parts.push(`the column${columns.size === 1 ? '' : 's'} ${list([...columns.values()].map(c => `${(0,types/* showTable */.S_)(c.table)}.${(0,types/* quoteIdent */.v4)(c.column)}${rowsOf(c.table)}`))}`);
        if (views.size > 0)
            parts.push(list([...views]));
        if (foreignKeys.size > 0)
            parts.push(`the foreign key${foreignKeys.size === 1 ? '' : 's'} ${list([...foreignKeys.values()].map(f => `${(0,types/* quoteIdent */.v4)(f.name)} of ${(0,types/* showTable */.S_)(f.table)}`))}`);
        const first = [...tables.values()][0] ?? [...columns.values()][0]?.table;
        return [
            {
                ...(first ? { table: first } : {}),
                level: withData ? 'high' : 'low',
                message: `${what} takes with it (read from the live catalog, pg_depend): ${parts.join('; ')}.${withData ? ' Their data is destroyed.' : ' None of them holds a row: no data is lost, but a running release that uses them fails.'}`,
                saferWay: this.saferWay
            }
        ];
    }
};
const dropDatabase = {
    name: 'drop-database',
    level: 'high',
    why: 'DROP DATABASE destroys a whole database.',
    saferWay: 'Do not drop databases in a schema migration: do it by hand, after a verified backup.',
    check(ctx) {
        if (ctx.stmt.kind !== 'DropdbStmt')
            return [];
        return [{ message: `DROP DATABASE ${(0,types/* quoteIdent */.v4)(String(ctx.stmt.node.dbname))} destroys the whole database and everything in it.`, saferWay: this.saferWay }];
    }
};

;// CONCATENATED MODULE: ./src/risk/rules/renames.ts

function renameRule(name, type, what) {
    return {
        name,
        level: 'high',
        why: `Renaming a ${what} in use breaks the running release at once: its queries name the old ${what} until the new release is deployed.`,
        saferWay: `Expand and contract: add the new ${what === 'table' ? 'table (or a view under the new name)' : 'column, write both, backfill'}, switch the application, then drop the old one in a later migration; or map the old name in the Prisma schema (@@map / @map) instead of renaming.`,
        check(ctx) {
            if (ctx.stmt.kind !== 'RenameStmt' || ctx.stmt.node.renameType !== type)
                return [];
            const ref = tableOf(ctx.stmt.node.relation, ctx.schema);
            const live = existing(ctx, ref);
            if (!live)
                return [];
            const inUse = live.hasRows !== false || live.scans > 0;
            const subject = type === 'OBJECT_COLUMN' ? `column ${ctx.stmt.node.subname}` : 'table';
            return [
                {
                    table: ref,
                    level: inUse ? 'high' : 'low',
                    message: inUse
                        ? `RENAME of the ${subject} to ${ctx.stmt.node.newname} (ACCESS EXCLUSIVE): the table is in use (${live.hasRows ? 'it has rows' : `${live.scans} scans recorded`}), and the running release's queries fail until the new release is out.`
                        : `RENAME of the ${subject} to ${ctx.stmt.node.newname}: the table is empty and unused so far.`,
                    saferWay: this.saferWay
                }
            ];
        }
    };
}
const renameTable = renameRule('rename-table', 'OBJECT_TABLE', 'table');
const renameColumn = renameRule('rename-column', 'OBJECT_COLUMN', 'column');

;// CONCATENATED MODULE: ./src/risk/rules/lock-timeout.ts



const missingLockTimeout = {
    name: 'missing-lock-timeout',
    level: 'medium',
    why: 'A statement that needs ACCESS EXCLUSIVE on a busy table queues behind any long transaction, and every query on the table queues behind it: without lock_timeout, a short migration becomes an outage.',
    saferWay: "Start the migration with `SET lock_timeout = '5s';` (and retry on failure), or set it for the deploying role: `ALTER ROLE … SET lock_timeout = '5s'`.",
    empty: 'lock',
    groupFix(count, facts, migrator) {
        const role = (0,types/* quoteIdent */.v4)(facts.role);
        return (`One fix for all ${count}: set lock_timeout once for the role that deploys — \`ALTER ROLE ${role} SET lock_timeout = '5s';\` (now: ${facts.lockTimeout.value}, ${facts.lockTimeout.source}) — so that every session of it, and every migration ${migrator === 'prisma' ? '`prisma migrate deploy` runs' : 'it runs'}, starts with it; ` +
            "or deploy with `migrator: builtin`, which sets lock_timeout on every statement and retries a file that hits it.");
    },
    check(ctx) {
        if (ctx.migrator === 'builtin' || ctx.file.lockTimeoutSet || ctx.file.lockTimeoutReported)
            return [];
        if (!['0', '0ms', '0s'].includes(ctx.facts.lockTimeout.value))
            return [];
        const busy = ctx.cls.locks.filter(l => l.mode === 'ACCESS EXCLUSIVE').map(l => l.table).filter(ref => {
            const live = existing(ctx, ref);
            return live !== undefined && (live.hasRows === true || live.scans > 0);
        });
        // The finding is about the busiest table: one with data first (an empty one makes it low).
        const first = busy.find(ref => {
            const live = existing(ctx, ref);
            return live !== undefined && !isEmpty(live);
        }) ?? busy[0];
        if (!first)
            return [];
        ctx.file.lockTimeoutReported = true;
        return [
            {
                table: first,
                message: `This statement waits for ACCESS EXCLUSIVE on ${busy.map(types/* showTable */.S_).join(', ')}, a table in use, with no lock_timeout (${ctx.facts.lockTimeout.source}: ${ctx.facts.lockTimeout.value}, and none set in the file before it): while it waits, every query on the table waits behind it.`,
                saferWay: this.saferWay
            }
        ];
    }
};

;// CONCATENATED MODULE: ./src/risk/rules/operations.ts



/**
 * Locks and rewrites of maintenance and other commands from PostgreSQL's "Explicit Locking" page:
 * VACUUM FULL, CLUSTER, SET LOGGED/UNLOGGED, SET TABLESPACE, SET ACCESS METHOD, REINDEX, LOCK TABLE,
 * REFRESH MATERIALIZED VIEW, DROP INDEX, ALTER DOMAIN … ADD CONSTRAINT; and a general rule for any
 * other statement that holds a blocking lock while it reads, indexes or rewrites a table.
 */
const END = 'until the end of the migration (the file is one transaction)';
const REPACK = 'Rebuild the table online with pg_repack (or pg_squeeze) outside the schema migration, or run it in a maintenance window.';
/** The live table (not created earlier in the batch) a statement names, with what to call it. */
function live(ctx, ref) {
    return ref && ref.name && existing(ctx, ref) ? ref : undefined;
}
const tableRewrite = {
    name: 'table-rewrite',
    level: 'high',
    why: 'VACUUM FULL, CLUSTER, ALTER TABLE … SET LOGGED / SET UNLOGGED / SET TABLESPACE / SET ACCESS METHOD / ALTER COLUMN … SET EXPRESSION write a new copy of the whole table (and its indexes) under ACCESS EXCLUSIVE: reads and writes wait for the whole copy.',
    saferWay: REPACK,
    empty: 'lock',
    check(ctx) {
        const n = ctx.stmt.node;
        const hits = [];
        const general = this.saferWay;
        const hit = (ref, what, saferWay = general) => {
            if (ref === undefined)
                return;
            hits.push({ table: ref, message: `${what} under ACCESS EXCLUSIVE on ${(0,types/* showTable */.S_)(ref)}: reads and writes wait for the whole copy, ${END}.`, saferWay });
        };
        switch (ctx.stmt.kind) {
            case 'VacuumStmt': {
                const full = ctx.cls.work === 'rewrite';
                if (!full)
                    break;
                const rels = (n.rels ?? []).map(r => tableOf(r.VacuumRelation?.relation, ctx.schema));
                if (rels.length === 0) {
                    hits.push({ message: `VACUUM FULL without a table rewrites every table of the database, each under ACCESS EXCLUSIVE.`, saferWay: `Name the tables, and rebuild them online with pg_repack instead; plain VACUUM does not lock out reads or writes.` });
                }
                for (const r of rels)
                    hit(live(ctx, r), 'VACUUM FULL rewrites the table and its indexes', `${REPACK} Plain VACUUM (without FULL) does not lock out reads or writes.`);
                break;
            }
            case 'ClusterStmt':
                if (!n.relation)
                    hits.push({ message: 'CLUSTER without a table rewrites every table clustered before, each under ACCESS EXCLUSIVE.', saferWay: 'Use pg_repack --order-by to reorder a table online, outside the schema migration.' });
                else
                    hit(live(ctx, tableOf(n.relation, ctx.schema)), 'CLUSTER rewrites the table in index order, with its indexes', 'Use pg_repack --order-by to reorder the table online, outside the schema migration.');
                break;
            case 'AlterTableMoveAllStmt':
                hits.push({ message: `ALTER TABLE ALL IN TABLESPACE ${String(n.orig_tablespacename)} SET TABLESPACE ${String(n.new_tablespacename)} copies every table of the tablespace, each under ACCESS EXCLUSIVE, ${END}.`, saferWay: 'Move tables one at a time online with pg_repack --tablespace, outside the schema migration.' });
                break;
            case 'AlterTableStmt': {
                const objtype = n.objtype ?? 'OBJECT_TABLE';
                const target = tableOf(n.relation, ctx.schema);
                for (const cmd of (n.cmds ?? [])) {
                    const c = cmd.AlterTableCmd ?? {};
                    if (objtype === 'OBJECT_INDEX') {
                        if (c.subtype === 'AT_SetTableSpace') {
                            const table = live(ctx, ctx.facts.indexes.get((0,types/* tableKey */.ih)(target)));
                            if (table)
                                hits.push({ table, message: `ALTER INDEX ${(0,types/* showTable */.S_)(target)} SET TABLESPACE copies the index under ACCESS EXCLUSIVE on it: every query that plans on ${(0,types/* showTable */.S_)(table)} waits for the copy, ${END}.`, saferWay: 'Rebuild the index in the new tablespace with CREATE INDEX CONCURRENTLY … TABLESPACE, alone in its own migration, then drop the old one CONCURRENTLY.' });
                        }
                        continue;
                    }
                    if (objtype !== 'OBJECT_TABLE' && objtype !== 'OBJECT_MATVIEW')
                        continue;
                    const ref = live(ctx, target);
                    switch (c.subtype) {
                        case 'AT_SetLogged':
                            hit(ref, 'SET LOGGED writes the whole table to the write-ahead log (a rewrite)', 'There is no online way: create a logged copy and backfill it in batches, or run it in a maintenance window.');
                            break;
                        case 'AT_SetUnLogged':
                            hit(ref, 'SET UNLOGGED rewrites the table', 'There is no online way: run it in a maintenance window (an unlogged table is emptied after a crash and not replicated).');
                            break;
                        case 'AT_SetTableSpace':
                            hit(ref, `SET TABLESPACE ${String(c.name)} copies the table's files`, 'Move it online with pg_repack --tablespace, outside the schema migration.');
                            break;
                        case 'AT_SetAccessMethod':
                            hit(ref, `SET ACCESS METHOD ${String(c.name ?? '')} rewrites the table`, REPACK);
                            break;
                        case 'AT_SetExpression':
                            hit(ref, `ALTER COLUMN ${String(c.name)} SET EXPRESSION recomputes the generated column for every row (a rewrite)`, 'Add a new generated column, switch the application to it, then drop the old one, in separate migrations.');
                            break;
                    }
                }
                break;
            }
        }
        return hits;
    }
};
const reindex = {
    name: 'reindex',
    level: 'medium',
    why: 'REINDEX without CONCURRENTLY takes SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index it rebuilds (every query that plans on the table waits), for the whole rebuild.',
    saferWay: 'Use `REINDEX … CONCURRENTLY` (PostgreSQL 12+), alone in its own migration (a one-statement file runs outside a transaction).',
    empty: 'lock',
    check(ctx) {
        if (ctx.stmt.kind !== 'ReindexStmt' || ctx.cls.noTransaction === 'REINDEX CONCURRENTLY')
            return [];
        const n = ctx.stmt.node;
        const kind = String(n.kind);
        if (kind === 'REINDEX_OBJECT_INDEX' || kind === 'REINDEX_OBJECT_TABLE') {
            const named = tableOf(n.relation, ctx.schema);
            const table = live(ctx, kind === 'REINDEX_OBJECT_INDEX' ? ctx.facts.indexes.get((0,types/* tableKey */.ih)(named)) : named);
            if (!table)
                return [];
            return [
                {
                    table,
                    message: `REINDEX ${kind === 'REINDEX_OBJECT_INDEX' ? `INDEX ${(0,types/* showTable */.S_)(named)}` : 'TABLE'} takes SHARE on ${(0,types/* showTable */.S_)(table)} (writes wait) and ACCESS EXCLUSIVE on ${kind === 'REINDEX_OBJECT_INDEX' ? 'the index' : 'each index'} (queries that plan on the table wait) for the whole rebuild, ${END}.`,
                    saferWay: this.saferWay
                }
            ];
        }
        return [{ message: `REINDEX ${kind.replace('REINDEX_OBJECT_', '')} ${String(n.name ?? '')} rebuilds the indexes of every table in it, each table under SHARE and its indexes under ACCESS EXCLUSIVE.`, saferWay: this.saferWay }];
    }
};
const lockTable = {
    name: 'lock-table',
    level: 'medium',
    why: 'LOCK TABLE holds the lock to the end of the migration (the file is one transaction): in a mode of SHARE or stronger, writes (and in ACCESS EXCLUSIVE, the default, reads too) wait for everything after it in the file.',
    saferWay: 'Drop the explicit lock (each statement takes the lock it needs), or keep the rest of the file short and set `lock_timeout` first.',
    empty: 'lock',
    check(ctx) {
        if (ctx.stmt.kind !== 'LockStmt')
            return [];
        const hits = [];
        for (const l of ctx.cls.locks) {
            if (!live(ctx, l.table))
                continue;
            const blocked = blocks(l.mode);
            hits.push({
                table: l.table,
                level: blocked ? 'medium' : 'low',
                message: blocked
                    ? `LOCK TABLE ${(0,types/* showTable */.S_)(l.table)} IN ${l.mode} MODE: ${blocked} on it wait from here ${END}.`
                    : `LOCK TABLE ${(0,types/* showTable */.S_)(l.table)} IN ${l.mode} MODE ${END}: it conflicts only with schema changes and maintenance, not with reads or writes.`,
                saferWay: this.saferWay
            });
        }
        return hits;
    }
};
const refreshMaterializedView = {
    name: 'refresh-materialized-view',
    level: 'medium',
    why: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY takes ACCESS EXCLUSIVE on the view: every read of it waits while its query runs.',
    saferWay: '`REFRESH MATERIALIZED VIEW CONCURRENTLY` (needs a unique index on the view; reads go on), outside the schema migration.',
    empty: 'lock',
    check(ctx) {
        const n = ctx.stmt.node;
        if (ctx.stmt.kind !== 'RefreshMatViewStmt' || n.concurrent || n.skipData)
            return [];
        const ref = live(ctx, tableOf(n.relation, ctx.schema));
        if (!ref)
            return [];
        return [{ table: ref, message: `REFRESH MATERIALIZED VIEW ${(0,types/* showTable */.S_)(ref)} takes ACCESS EXCLUSIVE on it: reads of the view wait while its query runs, ${END}.`, saferWay: this.saferWay }];
    }
};
const dropIndexNotConcurrent = {
    name: 'drop-index-not-concurrent',
    level: 'medium',
    why: 'DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the index\'s table: it queues behind any long transaction on the table, and every query on it queues behind it, to the end of the migration.',
    saferWay: '`DROP INDEX CONCURRENTLY`, alone in its own migration (a one-statement file runs outside a transaction).',
    empty: 'lock',
    check(ctx) {
        const n = ctx.stmt.node;
        if (ctx.stmt.kind !== 'DropStmt' || n.removeType !== 'OBJECT_INDEX' || n.concurrent)
            return [];
        const hits = [];
        for (const o of (n.objects ?? [])) {
            const index = qualifiedName(stringList(o.List?.items), ctx.schema);
            if (ctx.batch.createdIndexes.has((0,types/* tableKey */.ih)(index)))
                continue;
            const table = live(ctx, ctx.facts.indexes.get((0,types/* tableKey */.ih)(index)));
            if (!table)
                continue;
            hits.push({ table, message: `DROP INDEX ${(0,types/* showTable */.S_)(index)} takes ACCESS EXCLUSIVE on ${(0,types/* showTable */.S_)(table)}: reads and writes wait ${END}.`, saferWay: this.saferWay });
        }
        return hits;
    }
};
const domainConstraint = {
    name: 'domain-constraint',
    level: 'medium',
    why: 'ALTER DOMAIN … ADD CONSTRAINT (validated), SET NOT NULL and VALIDATE CONSTRAINT check every column of the domain in every table, each table under SHARE (writes wait) while its rows are read.',
    saferWay: 'Add the constraint with `NOT VALID` (new values are checked at once) and validate it in a quiet moment in a later migration (VALIDATE still takes SHARE on each table); or put a CHECK constraint on each table instead: `NOT VALID`, then `VALIDATE CONSTRAINT` takes only SHARE UPDATE EXCLUSIVE.',
    empty: 'lock',
    check(ctx) {
        if (ctx.stmt.kind !== 'AlterDomainStmt' || ctx.cls.work !== 'scan')
            return [];
        const n = ctx.stmt.node;
        const domain = qualifiedName(stringList(n.typeName), ctx.schema);
        if (ctx.batch.createdTypes.has((0,types/* tableKey */.ih)(domain)))
            return [];
        const what = n.subtype === 'O' ? 'SET NOT NULL' : n.subtype === 'V' ? `VALIDATE CONSTRAINT ${String(n.name)}` : `ADD CONSTRAINT ${String(n.def?.Constraint?.conname ?? '')}`.trim();
        const byTable = new Map();
        for (const c of ctx.facts.domains.get((0,types/* tableKey */.ih)(domain)) ?? []) {
            if (!existing(ctx, c.table))
                continue;
            const entry = byTable.get((0,types/* tableKey */.ih)(c.table)) ?? { table: c.table, columns: [] };
            entry.columns.push(c.column);
            byTable.set((0,types/* tableKey */.ih)(c.table), entry);
        }
        return [...byTable.values()].map(({ table, columns }) => ({
            table,
            message: `ALTER DOMAIN ${(0,types/* showTable */.S_)(domain)} ${what} checks every value of ${columns.join(', ')} in ${(0,types/* showTable */.S_)(table)} under SHARE: writes to the table wait while it is read, ${END}.`,
            saferWay: this.saferWay
        }));
    }
};
/** Statement kinds and ALTER TABLE subcommands a rule of their own judges. */
const OWNED_KINDS = new Set(['IndexStmt', 'VacuumStmt', 'ClusterStmt', 'ReindexStmt', 'RefreshMatViewStmt', 'AlterDomainStmt', 'LockStmt', 'AlterTableMoveAllStmt']);
const OWNED_SUBCOMMANDS = new Set(['AT_AddConstraint', 'AT_ValidateConstraint', 'AT_SetNotNull', 'AT_AlterColumnType', 'AT_AddColumn', 'AT_SetLogged', 'AT_SetUnLogged', 'AT_SetTableSpace', 'AT_SetAccessMethod', 'AT_SetExpression']);
const longLock = {
    name: 'long-lock',
    level: 'medium',
    why: 'Any other statement that holds a lock blocking writes (or reads) while it reads every row, builds an index or rewrites a table (e.g. ALTER TABLE … ATTACH PARTITION, which checks every row of the partition under ACCESS EXCLUSIVE).',
    saferWay: 'Find the form of the command that does not need the strong lock (e.g. a CHECK constraint matching the partition bound, validated beforehand, lets ATTACH PARTITION skip its scan), or run it in a maintenance window.',
    empty: 'lock',
    check(ctx) {
        const work = ctx.cls.work;
        if (work !== 'scan' && work !== 'index build' && work !== 'rewrite')
            return [];
        if (ctx.found.some(r => r !== 'missing-lock-timeout') || OWNED_KINDS.has(ctx.stmt.kind))
            return [];
        if (ctx.stmt.kind === 'AlterTableStmt' && (ctx.stmt.node.cmds ?? []).some(c => OWNED_SUBCOMMANDS.has(c.AlterTableCmd?.subtype)))
            return [];
        const doing = work === 'scan' ? 'reads every row' : work === 'index build' ? 'builds an index' : 'rewrites the table';
        const what = ctx.stmt.kind === 'AlterTableStmt' ? 'ALTER TABLE' : ctx.stmt.kind.replace(/Stmt$/, '');
        return ctx.cls.locks
            .filter(l => blocks(l.mode) !== undefined && live(ctx, l.table))
            .map((l) => ({
            table: l.table,
            level: work === 'rewrite' ? 'high' : 'medium',
            message: `${what} takes ${l.mode} on ${(0,types/* showTable */.S_)(l.table)} (${blocks(l.mode)} wait) while it ${doing}, ${END}.`,
            saferWay: this.saferWay
        }));
    }
};

;// CONCATENATED MODULE: ./src/risk/rules/analysis.ts
/** What the analysis could not judge: nothing is safe by default. */
const unclassifiedStatement = {
    name: 'unclassified-statement',
    level: 'medium',
    why: 'A statement kind (or ALTER TABLE subcommand) the analysis does not classify: nothing about its locks, its work or the data it touches was judged, so it is never taken as safe.',
    saferWay: 'Review the statement by hand (the locks it takes, whether it rewrites or destroys data); once reviewed, accept it with `-- db-deploy: allow unclassified-statement <reason>`.',
    check(ctx) {
        const what = ctx.cls.unclassified;
        if (what === undefined)
            return [];
        return [{ message: `${what} is not classified by the analysis: nothing about its locks, its work or the data it touches was judged.`, saferWay: this.saferWay }];
    }
};
/** Reported from what the expansion could not read (see expand.ts); it has no statement check of its own. */
const opaqueCode = {
    name: 'opaque-code',
    level: 'medium',
    why: 'Code the analysis cannot see into: a DO block or function body in another language or that does not parse, a function or procedure it cannot find or read, SQL that EXECUTE builds at run time, LOAD, COPY … PROGRAM, ALTER EXTENSION … UPDATE. What it runs was not judged. (What can be read — PL/pgSQL and SQL bodies, EXECUTE of a constant string — is analysed like any other statement.)',
    saferWay: 'Write the statements in the migration itself, where they are analysed (or EXECUTE constant strings); or review the code by hand and accept it with `-- db-deploy: allow opaque-code <reason>`.',
    check() {
        return [];
    }
};

;// CONCATENATED MODULE: ./src/risk/rules/index.ts








/** Every rule, in the order the rules' table lists them. long-lock runs last: it covers what no rule before it found. */
const RULES = [
    indexNotConcurrent,
    concurrentlyInTransaction,
    addForeignKey,
    addCheckConstraint,
    addUniqueConstraint,
    setNotNull,
    validateInSameFile,
    typeChangeRewrite,
    addRequiredColumn,
    volatileDefault,
    needsNewerServer,
    dropTable,
    dropColumn,
    dropEnumValue,
    truncateTable,
    deleteAllRows,
    updateAllRows,
    cascadeDrop,
    dropDatabase,
    renameTable,
    renameColumn,
    tableRewrite,
    reindex,
    lockTable,
    refreshMaterializedView,
    dropIndexNotConcurrent,
    domainConstraint,
    unclassifiedStatement,
    opaqueCode,
    missingLockTimeout,
    longLock
];
/** Findings about the analysis itself, not about a statement's effect. */
const PARSE_ERROR_RULE = 'parse-error';
const ALLOW_COMMENT_RULE = 'allow-comment';
const OPAQUE_CODE_RULE = opaqueCode.name;

;// CONCATENATED MODULE: ./src/risk/expand/code-text.ts
/** The text of code run indirectly: a DO block as a function to parse, the constant SQL string EXECUTE is given. */


/** A DO block's body as the PL/pgSQL parser takes it: the body of a function returning void. */
function doBlockAsFunction(body) {
    let tag = '$do$';
    for (let i = 0; body.includes(tag); i++)
        tag = `$do${i}$`;
    return `CREATE FUNCTION pg_temp.do_block() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`;
}
/** The value of a constant string expression: a literal, or literals joined with `||`. */
function constantString(expr) {
    const parsed = parseNested(`SELECT ${expr}`);
    if ('error' in parsed || parsed.statements.length !== 1)
        return undefined;
    const target = parsed.statements[0]?.SelectStmt?.targetList;
    if (!Array.isArray(target) || target.length !== 1)
        return undefined;
    const value = (e) => {
        if (e?.A_Const?.sval !== undefined)
            return String(e.A_Const.sval.sval ?? '');
        if (e?.TypeCast)
            return value(e.TypeCast.arg);
        if (e?.A_Expr?.kind === 'AEXPR_OP' && stringList(e.A_Expr.name).join() === '||') {
            const l = value(e.A_Expr.lexpr);
            const r = value(e.A_Expr.rexpr);
            return l !== undefined && r !== undefined ? l + r : undefined;
        }
        return undefined;
    };
    return value(target[0]?.ResTarget?.val);
}

;// CONCATENATED MODULE: ./src/risk/expand.ts



const MAX_DEPTH = 4;
const EXECUTING = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CreateTableAsStmt', 'CopyStmt']);
const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
function expand(top, cx, units, unreadable) {
    walkStatement(top, top, undefined, cx, units, unreadable, 0, new Set());
}
function nested(top, node, text) {
    if (node === null || typeof node !== 'object')
        return undefined;
    const kind = Object.keys(node)[0];
    if (kind === undefined)
        return undefined;
    return { index: top.index, node: node[kind] ?? {}, kind, start: top.start, end: top.end, line: top.line, text };
}
function expand_short(text, max = 80) {
    const one = text.replace(/\s+/g, ' ').trim();
    return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
function walkStatement(stmt, top, via, cx, units, unreadable, depth, calling) {
    units.push(via === undefined ? { stmt, top } : { stmt, top, via });
    const n = stmt.node;
    const cannot = (message) => {
        unreadable.push(via === undefined ? { top, message } : { top, message, via });
    };
    const sub = (node, how, text = stmt.text) => {
        const s = nested(top, node, text);
        if (s)
            walkStatement(s, top, via ?? how, cx, units, unreadable, depth, calling);
    };
    switch (stmt.kind) {
        case 'DoStmt': {
            const args = (n.args ?? []);
            const language = String(args.find(a => a.DefElem?.defname === 'language')?.DefElem?.arg?.String?.sval ?? 'plpgsql').toLowerCase();
            const body = String(args.find(a => a.DefElem?.defname === 'as')?.DefElem?.arg?.String?.sval ?? '');
            if (language !== 'plpgsql') {
                cannot(`A DO block in LANGUAGE ${language}: the analysis cannot read what it runs.`);
                break;
            }
            const tree = parsePlpgsqlFunction(doBlockAsFunction(body));
            if ('error' in tree) {
                cannot(`The DO block's body does not parse as PL/pgSQL (${tree.error}): nothing in it was judged.`);
                break;
            }
            walkPlpgsql(tree.tree, top, via ?? 'the DO block', cx, units, unreadable, depth, calling);
            break;
        }
        case 'CallStmt':
            callFunction(n.funccall?.FuncCall ?? n.funccall, 'procedure', top, via, cx, units, unreadable, depth, calling, cannot);
            break;
        case 'ExecuteStmt': {
            const prepared = cx.prepared.get(String(n.name));
            if (prepared)
                sub(prepared, `EXECUTE ${String(n.name)}`);
            else
                cannot(`EXECUTE ${String(n.name)}: no PREPARE ${String(n.name)} earlier in the file, so what it runs cannot be read.`);
            break;
        }
        case 'PrepareStmt':
            cx.prepared.set(String(n.name), n.query);
            break;
        case 'ExplainStmt': {
            const analyze = (n.options ?? []).some(o => o.DefElem?.defname === 'analyze' && !['false', 'off', '0'].includes(String(o.DefElem.arg?.String?.sval ?? o.DefElem.arg?.Boolean?.boolval ?? 'true').toLowerCase()));
            if (analyze)
                sub(n.query, 'EXPLAIN ANALYZE');
            break;
        }
        case 'CreateSchemaStmt':
            for (const elt of (n.schemaElts ?? [])) {
                const kind = Object.keys(elt)[0];
                const inner = elt[kind];
                // The elements are created in the new schema.
                if (inner?.relation && inner.relation.schemaname === undefined)
                    inner.relation.schemaname = n.schemaname;
                sub(elt, `CREATE SCHEMA ${String(n.schemaname)}`);
            }
            break;
        case 'LoadStmt':
            cannot(`LOAD '${expand_short(String(n.filename ?? ''))}' loads a shared library into the session: its code cannot be read.`);
            break;
        case 'AlterExtensionStmt':
            cannot(`ALTER EXTENSION ${String(n.extname)} UPDATE runs the extension's update scripts: what they do cannot be read here.`);
            break;
        case 'CopyStmt':
            if (n.is_program)
                cannot(`COPY … PROGRAM runs a shell command on the database server: what it does cannot be read.`);
            break;
    }
    if (DML.has(stmt.kind) || stmt.kind === 'SelectStmt') {
        for (const cte of (n.withClause?.WithClause?.ctes ?? n.withClause?.ctes ?? [])) {
            const q = cte.CommonTableExpr?.ctequery;
            const kind = q ? Object.keys(q)[0] : undefined;
            if (kind && DML.has(kind))
                sub(q, 'a WITH clause');
        }
    }
    if (EXECUTING.has(stmt.kind)) {
        for (const call of functionCalls(n))
            callFunction(call, 'function', top, via, cx, units, unreadable, depth, calling, cannot);
    }
}
/** The function calls an executed statement makes (not those of its data-modifying CTEs: they are walked as statements of their own). */
function functionCalls(node, out = []) {
    if (Array.isArray(node)) {
        for (const x of node)
            functionCalls(x, out);
    }
    else if (node !== null && typeof node === 'object') {
        if (node.FuncCall)
            out.push(node.FuncCall);
        if (node.CommonTableExpr && DML.has(Object.keys(node.CommonTableExpr.ctequery ?? {})[0] ?? ''))
            return out;
        for (const v of Object.values(node))
            if (v !== null && typeof v === 'object')
                functionCalls(v, out);
    }
    return out;
}
/**
 * A call's body, analysed like the statement's own: a function or procedure created earlier in the
 * batch, or one the database holds (its definition read with pg_get_functiondef). Built-in
 * functions (pg_catalog) are known. Anything else is code the analysis cannot read.
 */
function callFunction(call, what, top, via, cx, units, unreadable, depth, calling, cannot) {
    const names = stringList(call?.funcname);
    const name = names[names.length - 1] ?? '';
    const schema = names.length > 1 ? names[names.length - 2] : undefined;
    if (schema === 'pg_catalog' || name === '')
        return;
    const shown = `${names.join('.')}()`;
    if (calling.has(name))
        return;
    if (depth >= MAX_DEPTH) {
        cannot(`${shown} is called ${MAX_DEPTH} calls deep: the analysis stops following calls there, so what it runs was not judged.`);
        return;
    }
    const inner = new Set(calling).add(name);
    const here = `${what} ${shown}${via === undefined ? '' : ` called in ${via}`}`;
    const created = (cx.created.get(name) ?? []).filter(f => schema === undefined || (f.schema ?? cx.schema) === schema);
    if (created.length > 0) {
        // The latest definition in the batch is the one that runs.
        const f = created[created.length - 1];
        readBody(f.node, f.text, top, here, cx, units, unreadable, depth + 1, inner, cannot);
        return;
    }
    if (!cx.fetched.has(name) && !cx.final) {
        cx.wanted.add(name);
        return;
    }
    const all = cx.live.get(name) ?? [];
    if (schema === undefined && all.some(f => f.schema === 'pg_catalog'))
        return;
    const candidates = all.filter(f => schema === undefined || f.schema === schema);
    if (candidates.length === 0) {
        cannot(`${shown} is not a ${what} of the database or of a migration before it: what it runs cannot be read.`);
        return;
    }
    for (const f of candidates) {
        if (f.definition === undefined) {
            // An IMMUTABLE or STABLE function may not modify the database: whatever its language, it
            // takes no lock and changes no row.
            if (f.volatility !== 'v' && f.kind === 'f')
                continue;
            cannot(`${shown} is written in ${f.language} (and VOLATILE): the analysis cannot read what it runs.`);
            continue;
        }
        const def = parseNested(f.definition);
        const node = 'statements' in def ? def.statements[0]?.CreateFunctionStmt : undefined;
        if (!node) {
            cannot(`The definition of ${shown} does not parse: what it runs was not judged.`);
            continue;
        }
        readBody(node, f.definition, top, here, cx, units, unreadable, depth + 1, inner, cannot);
    }
}
function readBody(fn, text, top, here, cx, units, unreadable, depth, calling, cannot) {
    const options = (fn.options ?? []);
    const language = String(options.find(o => o.DefElem?.defname === 'language')?.DefElem?.arg?.String?.sval ?? 'sql').toLowerCase();
    const body = stringList(options.find(o => o.DefElem?.defname === 'as')?.DefElem?.arg?.List?.items);
    if (language === 'sql') {
        if (fn.sql_body) {
            // BEGIN ATOMIC … END (a list of statement lists) or RETURN expr.
            const statements = fn.sql_body.ReturnStmt
                ? [{ SelectStmt: { targetList: [{ ResTarget: { val: fn.sql_body.ReturnStmt.returnval } }] } }]
                : (fn.sql_body.List?.items ?? []).flatMap(l => (l.List?.items ?? []));
            for (const s of statements) {
                const p = nested(top, s, text);
                if (p)
                    walkStatement(p, top, here, cx, units, unreadable, depth, calling);
            }
            return;
        }
        const parsed = parseNested(body[0] ?? '');
        if ('error' in parsed) {
            cannot(`The body of ${here} does not parse (${parsed.error}): what it runs was not judged.`);
            return;
        }
        for (const s of parsed.statements) {
            const p = nested(top, s, body[0] ?? '');
            if (p)
                walkStatement(p, top, here, cx, units, unreadable, depth, calling);
        }
        return;
    }
    if (language === 'plpgsql') {
        const tree = parsePlpgsqlFunction(text);
        if ('error' in tree) {
            cannot(`The body of ${here} does not parse as PL/pgSQL (${tree.error}): what it runs was not judged.`);
            return;
        }
        walkPlpgsql(tree.tree, top, here, cx, units, unreadable, depth, calling);
        return;
    }
    const volatility = String(options.find(o => o.DefElem?.defname === 'volatility')?.DefElem?.arg?.String?.sval ?? 'volatile');
    if (!fn.is_procedure && volatility !== 'volatile')
        return;
    cannot(`${here[0]?.toUpperCase()}${here.slice(1)} is written in ${language} (and VOLATILE): the analysis cannot read what it runs.`);
}
/**
 * Every SQL statement and expression of a PL/pgSQL function tree: statements (parse mode 0) are
 * judged like top-level ones; expressions and assignments are read for the functions they call;
 * dynamic SQL (EXECUTE, FOR … IN EXECUTE, OPEN … FOR EXECUTE, RETURN QUERY EXECUTE) is read when its
 * string is a constant, and reported as unreadable when it is built at run time.
 */
function walkPlpgsql(tree, top, via, cx, units, unreadable, depth, calling) {
    const cannot = (message) => {
        unreadable.push({ top, message, via });
    };
    const statements = (sql, how) => {
        const parsed = parseNested(sql);
        if ('error' in parsed) {
            cannot(`${how} \`${expand_short(sql)}\` does not parse (${parsed.error}): it was not judged.`);
            return;
        }
        for (const s of parsed.statements) {
            const p = nested(top, s, sql);
            if (p)
                walkStatement(p, top, via, cx, units, unreadable, depth, calling);
        }
    };
    const dynamic = (expr, how) => {
        const q = String(expr?.PLpgSQL_expr?.query ?? '');
        const text = constantString(q);
        if (text === undefined) {
            cannot(`${how} ${expand_short(q)} builds its SQL when it runs: what it runs cannot be read.`);
            return;
        }
        statements(text, `The SQL ${how} is given`);
    };
    const walk = (node) => {
        if (Array.isArray(node)) {
            for (const x of node)
                walk(x);
            return;
        }
        if (node === null || typeof node !== 'object')
            return;
        if (node.PLpgSQL_stmt_dynexecute) {
            dynamic(node.PLpgSQL_stmt_dynexecute.query, 'EXECUTE');
            walk(node.PLpgSQL_stmt_dynexecute.params);
            return;
        }
        if (node.PLpgSQL_stmt_dynfors) {
            dynamic(node.PLpgSQL_stmt_dynfors.query, 'FOR … IN EXECUTE');
            walk(node.PLpgSQL_stmt_dynfors.body);
            walk(node.PLpgSQL_stmt_dynfors.params);
            return;
        }
        if (node.PLpgSQL_stmt_open?.dynquery) {
            dynamic(node.PLpgSQL_stmt_open.dynquery, 'OPEN … FOR EXECUTE');
            return;
        }
        if (node.PLpgSQL_stmt_return_query?.dynquery) {
            dynamic(node.PLpgSQL_stmt_return_query.dynquery, 'RETURN QUERY EXECUTE');
            return;
        }
        if (node.PLpgSQL_expr) {
            const q = String(node.PLpgSQL_expr.query ?? '');
            const mode = Number(node.PLpgSQL_expr.parseMode ?? 0);
            if (mode === 0)
                statements(q, 'The statement');
            else {
                // An expression (`IF f() THEN`), or an assignment (`x := f()`): read for the calls it makes.
                const expr = mode >= 3 ? q.slice(q.indexOf(':=') + 2) : q;
                statements(`SELECT ${expr}`, 'The expression');
            }
            return;
        }
        for (const v of Object.values(node))
            if (v !== null && typeof v === 'object')
                walk(v);
    };
    walk(tree);
}

;// CONCATENATED MODULE: ./src/risk/facts-wanted.ts


/**
 * What the analysis reads from the database for these statements (each file's, nested code
 * included): the tables they name, the functions their new columns' defaults call, the enums they
 * rename, the indexes and domains whose tables they lock, and what their CASCADEs take along.
 */
function factsWanted(expanded, schema) {
    const tables = [];
    const functions = [];
    const enums = [];
    const indexes = [];
    const domains = [];
    const drops = [];
    const truncateCascade = [];
    for (const units of expanded) {
        for (const { stmt: s } of units) {
            const n = s.node;
            collectTables(n, schema, tables);
            if (s.kind === 'DropStmt' && (n.removeType === 'OBJECT_TABLE' || n.removeType === 'OBJECT_VIEW' || n.removeType === 'OBJECT_MATVIEW')) {
                for (const o of n.objects ?? [])
                    tables.push(qualifiedName(stringList(o.List?.items), schema));
            }
            if (s.kind === 'DropStmt' && n.removeType === 'OBJECT_INDEX')
                for (const o of n.objects ?? [])
                    indexes.push(qualifiedName(stringList(o.List?.items), schema));
            if (s.kind === 'ReindexStmt' && n.kind === 'REINDEX_OBJECT_INDEX')
                indexes.push(tableOf(n.relation, schema));
            if (s.kind === 'AlterTableStmt' && n.objtype === 'OBJECT_INDEX')
                indexes.push(tableOf(n.relation, schema));
            if (s.kind === 'AlterDomainStmt')
                domains.push(qualifiedName(stringList(n.typeName), schema));
            if (s.kind === 'TruncateStmt' && n.behavior === 'DROP_CASCADE')
                for (const r of n.relations ?? [])
                    truncateCascade.push(tableOf(r.RangeVar, schema));
            if (s.kind === 'CommentStmt' || s.kind === 'SecLabelStmt') {
                const items = stringList(n.object?.List?.items);
                if (n.objtype === 'OBJECT_TABLE')
                    tables.push(qualifiedName(items, schema));
                if (n.objtype === 'OBJECT_COLUMN')
                    tables.push(qualifiedName(items.slice(0, -1), schema));
            }
            if (s.kind === 'DropStmt' || s.kind === 'DropOwnedStmt')
                drops.push(...dropTargets(s, schema));
            for (const cmd of alterCommands(s)) {
                if (cmd.subtype === 'AT_AddColumn')
                    for (const c of constraintsOf(cmd.def?.ColumnDef))
                        if (c.contype === 'CONSTR_DEFAULT')
                            calledFunctions(c.raw_expr, functions);
            }
            if (s.kind === 'RenameStmt' && n.renameType === 'OBJECT_TYPE') {
                enums.push({ schema: qualifiedName(stringList(n.object?.List?.items), schema).schema, name: String(n.newname) });
            }
        }
    }
    return { tables, functions, enums, indexes, domains, drops, truncateCascade };
}
/** Every table named by a RangeVar anywhere in the statement. */
function collectTables(node, schema, out) {
    if (Array.isArray(node)) {
        for (const x of node)
            collectTables(x, schema, out);
        return;
    }
    if (node === null || typeof node !== 'object')
        return;
    if (typeof node.relname === 'string')
        out.push(tableOf(node, schema));
    for (const v of Object.values(node))
        if (v !== null && typeof v === 'object')
            collectTables(v, schema, out);
}

;// CONCATENATED MODULE: ./src/risk/analyze.ts












const ALLOW = /^--\s*db-deploy:\s*allow\b(.*)$/s;
async function analyzeMigrations(input) {
    const { schema } = input;
    if (input.pending.length === 0)
        return { findings: [], level: 'none', files: 0, statements: 0, classified: [] };
    await loadParser();
    const files = input.pending.map(m => ({
        migration: m.name,
        file: external_node_path_.relative(input.workspace, m.sqlPath).split(external_node_path_.sep).join('/'),
        parsed: parseSql(m.sql)
    }));
    // Pass 1: what each statement runs (nested code included), then what to read from the database.
    const expanded = await expandAll(files, schema, input.session);
    const facts = await readLiveFacts(input.session, factsWanted(expanded.map(e => e.units), schema));
    // Pass 2: the rules, statement by statement, in the order the deploy runs them.
    const pass = {
        schema,
        facts,
        migrator: input.migrator,
        batch: { createdTables: new Set(), addedColumns: new Set(), createdEnums: new Map(), createdFunctions: new Map(), createdIndexes: new Set(), createdTypes: new Set() },
        classified: []
    };
    const findings = [];
    let statements = 0;
    for (const [fi, f] of files.entries()) {
        if (f.parsed.error) {
            findings.push(parseErrorFinding(f, f.parsed.error));
            continue;
        }
        statements += f.parsed.statements.length;
        findings.push(...analyzeFile(pass, f, expanded[fi]));
    }
    const open = findings.filter(x => x.allowed === undefined);
    const level = open.reduce((max, x) => ((0,types/* levelRank */.Le)(x.level) > (0,types/* levelRank */.Le)(max) ? x.level : max), 'none');
    return { findings, level, files: files.length, statements, classified: pass.classified, facts, migrator: input.migrator };
}
function parseErrorFinding(f, error) {
    return {
        rule: PARSE_ERROR_RULE,
        level: 'high',
        file: f.file,
        migration: f.migration,
        line: error.line,
        message: `The file does not parse with PostgreSQL's parser: ${error.message} (line ${error.line}, column ${error.column}); the deploy would fail here and nothing in it was analysed.`,
        saferWay: 'Fix the SQL (run it against a development database with `prisma migrate dev`).'
    };
}
/** The findings of one file: each statement classified and checked by every rule, then the file's allow comments applied. */
function analyzeFile(pass, f, { units, unreadable }) {
    const file = { ...f, lockTimeoutSet: false, notValidHere: new Set(), lockTimeoutReported: false };
    const fileFindings = [];
    const opaque = opaqueFindings(unreadable);
    for (const unit of units) {
        // What could not be read in a statement is reported at its line, before what could.
        if (unit.stmt === unit.top) {
            for (const u of opaque.get(unit.top) ?? []) {
                fileFindings.push({
                    stmt: unit.top,
                    finding: { rule: OPAQUE_CODE_RULE, level: opaqueCode.level, file: f.file, migration: f.migration, line: unit.top.line, message: u, saferWay: opaqueCode.saferWay }
                });
            }
        }
        for (const finding of analyzeUnit(pass, file, unit))
            fileFindings.push({ stmt: unit.top, finding });
        remember(unit.stmt, pass.schema, pass.batch, file, pass.facts);
    }
    return [...fileFindings.map(x => x.finding), ...applyAllows(file, fileFindings)];
}
/** One statement (or one a statement runs): its classification recorded, and what each rule finds in it. */
function analyzeUnit(pass, file, unit) {
    const { schema, facts, batch } = pass;
    const stmt = unit.stmt;
    const table = tableOf(stmt.node.relation, schema);
    const cls = classify(stmt, schema, facts, cmd => (cmd.subtype === 'AT_AlterColumnType' ? alterTypeRewrites({ facts }, table, cmd) : addColumnRewrite({ facts, batch }, cmd) !== undefined));
    pass.classified.push({
        migration: file.migration,
        line: stmt.line,
        kind: stmt.kind,
        ...(unit.via !== undefined ? { via: unit.via } : {}),
        locks: cls.locks.map(l => ({ table: (0,types/* showTable */.S_)(l.table), mode: l.mode })),
        work: cls.work,
        destroysData: cls.destroysData,
        ...(cls.unclassified !== undefined ? { unclassified: cls.unclassified } : {})
    });
    const ctx = { stmt, file, batch, facts, schema, cls, migrator: pass.migrator, found: [], ...(unit.via !== undefined ? { via: unit.via } : {}) };
    const out = [];
    for (const rule of RULES) {
        for (const hit of rule.check(ctx)) {
            ctx.found.push(rule.name);
            const live = hit.table ? facts.tables.get((0,types/* tableKey */.ih)(hit.table)) : undefined;
            let level = hit.level ?? rule.level;
            let message = hit.message;
            // An empty table is not a big one: a lock on it is held for a moment, and destroying its
            // data destroys nothing. Emptiness is read (a row, the real size in pages), never estimated.
            if (live && level !== 'low' && rule.empty === 'lock' && isEmpty(live)) {
                level = 'low';
                message += ` The table is empty (${formatEmpty(live)}): the lock is held for a moment, with nothing to read or copy.`;
            }
            else if (live && level !== 'low' && rule.empty === 'data' && holdsNoRows(live)) {
                level = 'low';
                message += ` The table holds no rows (${formatEmpty(live)}): no data is lost.`;
            }
            if (unit.via !== undefined)
                message += ` (In ${unit.via}, which the statement at line ${unit.top.line} runs.)`;
            const finding = { rule: rule.name, level, file: file.file, migration: file.migration, line: stmt.line, message, saferWay: hit.saferWay };
            if (cls.locks.length > 0)
                finding.locks = showLocks(cls, types/* showTable */.S_);
            if (cls.work !== 'none')
                finding.work = cls.work;
            if (hit.table)
                finding.table = (0,types/* showTable */.S_)(hit.table);
            if (live) {
                finding.tableSize = (0,format/* formatBytes */.z3)(live.totalBytes);
                finding.tableRows = formatRows(live);
            }
            out.push(finding);
        }
    }
    return out;
}
/**
 * The opaque-code messages of a file, by statement: the same unreadable code (a function several
 * statements call) is reported once, at its first statement, naming the lines of the others.
 */
function opaqueFindings(unreadable) {
    const first = new Map();
    for (const u of unreadable) {
        const seen = first.get(u.message);
        if (seen === undefined)
            first.set(u.message, { u, lines: [] });
        else if (seen.u.top !== u.top && !seen.lines.includes(u.top.line))
            seen.lines.push(u.top.line);
    }
    const out = new Map();
    for (const { u, lines } of first.values()) {
        const text = `${u.message}${u.via !== undefined ? ` (In ${u.via}.)` : ''}${lines.length > 0 ? ` The statement${lines.length === 1 ? '' : 's'} at line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} run${lines.length === 1 ? 's' : ''} it too.` : ''}`;
        out.set(u.top, [...(out.get(u.top) ?? []), text]);
    }
    return out;
}
/**
 * Every statement with the code it runs, in batch order (a function created earlier in the batch is
 * the one a later call runs). The definitions of the functions the database holds are read for the
 * names called, in rounds, since a body read may call more.
 */
async function expandAll(files, schema, session) {
    const live = new Map();
    const fetched = new Set();
    for (let round = 0;; round++) {
        const cx = { schema, created: new Map(), live, fetched, wanted: new Set(), final: round >= 3, prepared: new Map() };
        const out = files.map(f => {
            const result = { units: [], unreadable: [] };
            if (f.parsed.error)
                return result;
            cx.prepared = new Map();
            for (const s of f.parsed.statements) {
                const from = result.units.length;
                expand(s, cx, result.units, result.unreadable);
                // A function created here is the one that later calls run.
                for (let i = from; i < result.units.length; i++) {
                    const u = result.units[i];
                    if (u.stmt.kind !== 'CreateFunctionStmt')
                        continue;
                    const names = stringList(u.stmt.node.funcname);
                    const name = names[names.length - 1];
                    cx.created.set(name, [...(cx.created.get(name) ?? []), { ...(names.length > 1 ? { schema: names[names.length - 2] } : {}), node: u.stmt.node, text: u.stmt.text }]);
                }
            }
            return result;
        });
        if (cx.wanted.size === 0 || cx.final)
            return out;
        const names = [...cx.wanted];
        for (const fn of await readFunctions(session, names))
            live.set(fn.name, [...(live.get(fn.name) ?? []), fn]);
        for (const name of names)
            fetched.add(name);
    }
}
/** What a statement leaves behind for the statements after it. */
function remember(stmt, schema, batch, file, facts) {
    const n = stmt.node;
    switch (stmt.kind) {
        case 'CreateStmt':
            batch.createdTables.add((0,types/* tableKey */.ih)(tableOf(n.relation, schema)));
            break;
        case 'CreateTableAsStmt':
            batch.createdTables.add((0,types/* tableKey */.ih)(tableOf(n.into?.rel, schema)));
            break;
        case 'CreateEnumStmt':
            batch.createdEnums.set((0,types/* tableKey */.ih)(qualifiedName(stringList(n.typeName), schema)), (n.vals ?? []).map(v => String(v.String?.sval ?? '')));
            batch.createdTypes.add((0,types/* tableKey */.ih)(qualifiedName(stringList(n.typeName), schema)));
            break;
        case 'CreateDomainStmt':
            batch.createdTypes.add((0,types/* tableKey */.ih)(qualifiedName(stringList(n.domainname), schema)));
            break;
        case 'IndexStmt':
            if (n.idxname)
                batch.createdIndexes.add((0,types/* tableKey */.ih)({ schema: n.relation?.schemaname ?? schema, name: String(n.idxname) }));
            break;
        case 'SelectStmt':
            if (n.intoClause?.rel)
                batch.createdTables.add((0,types/* tableKey */.ih)(tableOf(n.intoClause.rel, schema)));
            break;
        case 'CreateFunctionStmt': {
            const names = stringList(n.funcname);
            const vol = (n.options ?? []).find(o => o.DefElem?.defname === 'volatility')?.DefElem?.arg?.String?.sval;
            batch.createdFunctions.set(names[names.length - 1], vol === 'immutable' ? 'i' : vol === 'stable' ? 's' : 'v');
            break;
        }
        case 'VariableSetStmt':
            if (n.name === 'lock_timeout') {
                const arg = n.args?.[0]?.A_Const;
                const value = arg?.sval?.sval ?? arg?.ival?.ival ?? 0;
                file.lockTimeoutSet = n.kind === 'VAR_SET_VALUE' && !['0', '0ms', '0s'].includes(String(value));
            }
            break;
        case 'RenameStmt':
            if (n.renameType === 'OBJECT_TABLE' && n.relation) {
                const from = tableOf(n.relation, schema);
                const to = { schema: from.schema, name: String(n.newname) };
                if (batch.createdTables.has((0,types/* tableKey */.ih)(from)))
                    batch.createdTables.add((0,types/* tableKey */.ih)(to));
                const live = facts.tables.get((0,types/* tableKey */.ih)(from));
                if (live && !facts.tables.has((0,types/* tableKey */.ih)(to)))
                    facts.tables.set((0,types/* tableKey */.ih)(to), live);
            }
            else if (n.renameType === 'OBJECT_TYPE') {
                const from = qualifiedName(stringList(n.object?.List?.items), schema);
                const values = batch.createdEnums.get((0,types/* tableKey */.ih)(from));
                if (values)
                    batch.createdEnums.set((0,types/* tableKey */.ih)({ schema: from.schema, name: String(n.newname) }), values);
            }
            break;
        case 'AlterTableStmt': {
            const ref = tableOf(n.relation, schema);
            for (const cmd of alterCommands(stmt)) {
                if (cmd.subtype === 'AT_AddColumn')
                    batch.addedColumns.add(`${(0,types/* tableKey */.ih)(ref)}.${cmd.def?.ColumnDef?.colname}`);
                if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.skip_validation)
                    file.notValidHere.add(`${(0,types/* tableKey */.ih)(ref)}.${cmd.def.Constraint.conname}`);
            }
            break;
        }
    }
}
/**
 * `-- db-deploy: allow <rule> <reason>` accepts the findings of <rule> on the statement that
 * follows the comment (or holds it). A reason is required; an unknown rule, a missing reason or an
 * allow that matches nothing is itself a finding.
 */
function applyAllows(file, found) {
    const out = [];
    const known = new Set([...RULES.map(r => r.name), PARSE_ERROR_RULE]);
    for (const comment of file.parsed.comments) {
        const m = ALLOW.exec(comment.text);
        if (!m)
            continue;
        const [rule = '', ...words] = m[1].trim().split(/\s+/);
        const reason = words.join(' ').trim();
        const stmt = file.parsed.statements.find(s => s.end > comment.start);
        const at = { file: file.file, migration: file.migration, line: comment.line };
        const problem = (level, message, saferWay) => {
            out.push({ rule: ALLOW_COMMENT_RULE, level, ...at, message, saferWay });
        };
        if (rule === '') {
            problem('medium', 'A `db-deploy: allow` comment names no rule.', 'Write `-- db-deploy: allow <rule> <reason>` with a rule name from the README.');
            continue;
        }
        if (!known.has(rule)) {
            problem('medium', `A \`db-deploy: allow\` comment names an unknown rule '${rule}'.`, `Use one of: ${[...known].join(', ')}.`);
            continue;
        }
        if (reason === '') {
            problem('medium', `The \`db-deploy: allow ${rule}\` comment gives no reason, so it is not accepted.`, `Say why the statement is safe: \`-- db-deploy: allow ${rule} <reason>\`.`);
            continue;
        }
        const matches = found.filter(x => x.stmt === stmt && x.finding.rule === rule && x.finding.allowed === undefined);
        if (matches.length === 0) {
            problem('low', `The \`db-deploy: allow ${rule}\` comment matches no finding on the statement after it${stmt ? ` (line ${stmt.line})` : ''}.`, 'Remove the comment, or put it right above the statement it is about.');
            continue;
        }
        for (const x of matches)
            x.finding.allowed = reason;
    }
    return out;
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 3 modules
var core = __webpack_require__(235);
// EXTERNAL MODULE: ./src/visible-text.ts
var visible_text = __webpack_require__(3325);
;// CONCATENATED MODULE: ./src/risk/report.ts






/**
 * How findings are shown. Every finding stays in the `risk-findings` output, one object each. In
 * the annotations and the job summary, repeated findings of one rule at one level (GROUP_AT or
 * more, not accepted) are grouped: one annotation at the first of them and one summary row, with
 * the list of every place and one fix for all (for missing-lock-timeout: the deploy role's
 * lock_timeout, or the builtin migrator). Fewer stay one by one, as do accepted findings (each has
 * its own reason).
 */
const GROUP_AT = 3;
/** Places listed in a grouped annotation (the job summary lists them all). */
const ANNOTATION_PLACES = 20;
/** The findings as shown: groups at the place of their first finding, the rest in order. */
function shownFindings(analysis) {
    const key = (f) => `${f.rule}\u0000${f.level}`;
    const byKey = new Map();
    for (const f of analysis.findings) {
        if (f.allowed !== undefined || !RULES.some(r => r.name === f.rule))
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
        const rule = RULES.find(r => r.name === f.rule);
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
/** The job summary's table of every finding (GitHub shows only ten annotations per level). */
function findingsTable(analysis) {
    return {
        heading: `Migration risk (${analysis.findings.length} finding${analysis.findings.length === 1 ? '' : 's'}, level ${analysis.level})`,
        header: ['Level', 'Rule', 'Where', 'Table', 'Locks (work)', 'What happens', 'Safer way'],
        rows: shownFindings(analysis).map(shown => {
            if ('group' in shown) {
                const g = shown.group;
                const tables = [...new Set(g.findings.map(f => f.table).filter((t) => t !== undefined))];
                return [g.level, `${g.rule} (×${g.findings.length})`, g.findings.map(f => `${f.file}:${f.line}`).join(', '), tables.length > 0 ? tables.join(', ') : '—', '—', g.why, g.fix];
            }
            const f = shown.finding;
            return [
                f.allowed !== undefined ? `accepted (${f.level}): ${f.allowed}` : f.level,
                f.rule,
                `${f.file}:${f.line}`,
                f.table ? `${f.table}${f.tableSize ? ` (${f.tableSize}, ${f.tableRows})` : ''}` : '—',
                f.locks ? `${f.locks}${f.work ? ` (${f.work})` : ''}` : '—',
                f.message,
                f.saferWay
            ];
        }),
        empty: `No findings in ${analysis.statements} statement${analysis.statements === 1 ? '' : 's'} of ${analysis.files} pending migration${analysis.files === 1 ? '' : 's'}.`
    };
}

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
                await loadParser();
        }
        catch (err) {
            throw new errors/* ActionError */.lZ(`The SQL parser could not be loaded (libpg-query.wasm, expected beside the action's dist/index.js): ${(0,errors/* errorMessage */.gJ)(err)}`, 'The action\'s dist/ folder is incomplete: use a released version of the action, or rebuild it with `npm run bundle`, which copies the WebAssembly file.');
        }
        const analysis = await analyzeMigrations({
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
            throw new errors/* ActionError */.lZ(`Migration risk: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above risk-fail-level '${ctx.inputs.riskFailLevel}' in ${scope} (${counts}${accepted ? `, ${accepted} accepted` : ''}); the first: ${first.rule} at ${first.file}:${first.line}: ${first.message}`, `Rewrite the statements the safer way shown in the annotations and the job summary, or, once reviewed, accept one with \`-- db-deploy: allow <rule> <reason>\` above it; 'risk-fail-level' sets which level fails.`);
        }
        return `${scope}: ${open.length === 0 ? 'no findings' : counts}${accepted ? ` (${accepted} accepted)` : ''}; risk level ${analysis.level}`;
    }
};

// EXTERNAL MODULE: ./src/summary.ts + 1 modules
var summary = __webpack_require__(1577);
;// CONCATENATED MODULE: ./src/pr-comment/event.ts

const NAME = /^[A-Za-z0-9_.-]+$/;
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
    if (!NAME.test(owner) || !NAME.test(repo))
        return 'the repository is not known (GITHUB_REPOSITORY is not set or not owner/name)';
    const head = pr?.head?.sha;
    const serverUrl = /^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/.test(env.GITHUB_SERVER_URL ?? '') ? env.GITHUB_SERVER_URL.replace(/\/+$/, '') : 'https://github.com';
    const runId = env.GITHUB_RUN_ID ?? '';
    const headRepo = pr?.head?.repo?.full_name;
    return {
        owner,
        repo,
        number,
        headSha: typeof head === 'string' && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(head) ? head : undefined,
        fromFork: typeof headRepo === 'string' && headRepo.toLowerCase() !== `${owner}/${repo}`.toLowerCase(),
        serverUrl,
        runUrl: /^\d+$/.test(runId) ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}${/^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}` : undefined
    };
}

;// CONCATENATED MODULE: ./src/pr-comment/markup.ts


/**
 * Text from files, the database and error messages, made inert in the comment's HTML. Every part of
 * the body that is not the action's own words goes through `text`: secrets scrubbed (before it is
 * shortened, so a cut can never leave part of a secret unscrubbed), HTML escaped and on one line
 * like the job summary's text, every invisible or bidirectional formatting character shown as an
 * escape (escapeSummaryText, through the one function of visible-text.ts), and the
 * sequences GitHub turns into mentions, references or links after rendering (`@name`, `#123`,
 * `GH-123`, `https://…`, `www.…`) split by a zero-width space so that they stay plain text.
 */
function markup_text(value, max = 2000) {
    return (0,summary/* escapeSummaryText */.NU)(shorten((0,secrets/* scrub */._I)(value), max))
        .replace(/@|:\/\/|www\.|#(?=\d)|gh-(?=\d)/gi, m => (m === '://' ? ':&#8203;//' : m.endsWith('.') ? `${m.slice(0, -1)}&#8203;.` : `${m}&#8203;`));
}
/** `text` with each `quoted` span (as the action's messages quote SQL and commands) shown as code. */
function prose(value, max = 2000) {
    return markup_text(value, max).replace(/`([^`<]+)`/g, '<code>$1</code>');
}
/** `text` in a `<code>` element: GitHub's renderer leaves what is inside code alone. */
function code(value, max = 300) {
    return `<code>${markup_text(value, max)}</code>`;
}
/** At most `max` characters (whole code points), with `…` where it was cut. */
function shorten(value, max) {
    const chars = [...value];
    return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}
/** A link the action builds itself (never from text it was given), `label` already markup. */
function markup_link(url, label) {
    return url === undefined ? label : `<a href="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '%3C').replace(/>/g, '%3E')}">${label}</a>`;
}
/** UTF-8 size of the body: what GitHub's limit counts is at most this. */
function byteSize(body) {
    return Buffer.byteLength(body, 'utf8');
}

;// CONCATENATED MODULE: ./src/pr-comment/render.ts



/**
 * The comment's body: the action's own words in Markdown-free HTML blocks, one block a line, so
 * that no text it quotes can start Markdown (an HTML block ends only at a blank line, and quoted
 * text holds no line break). Everything quoted goes through markup.ts.
 */
/** GitHub refuses a comment over 65,536 characters; the body's UTF-8 size stays below that with room to spare. */
const MAX_BODY_BYTES = 65_000;
/** More rows than this fold into `<details>`. */
const FOLD_ROWS = 10;
/** More pending migrations than this are never listed one by one (the job summary lists them all). */
const MAX_PENDING_LISTED = 300;
/** The whole body, shortened (findings table first, then the pending list) until it fits the size limit. */
function renderComment(input) {
    const rows = orderedFindings(input.facts.risk?.findings ?? []);
    const pending = input.facts.pending ?? [];
    let listed = Math.min(pending.length, MAX_PENDING_LISTED);
    const fits = (shownRows, shownPending) => {
        const body = renderBody(input, rows, shownRows, shownPending);
        return byteSize(body) <= MAX_BODY_BYTES ? body : undefined;
    };
    const whole = fits(rows.length, listed);
    if (whole !== undefined)
        return whole;
    const rowCount = largest(rows.length, n => fits(n, listed) !== undefined);
    if (rowCount > 0 || fits(0, listed) !== undefined)
        return fits(rowCount, listed);
    listed = largest(listed, n => fits(0, n) !== undefined);
    return fits(0, listed) ?? renderBody(input, rows, 0, 0);
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
/** Findings not accepted, the highest level first (in file order within a level), then the accepted ones. */
function orderedFindings(findings) {
    const open = findings.filter(f => f.allowed === undefined);
    const accepted = findings.filter(f => f.allowed !== undefined);
    return [...open.map((f, i) => ({ f, i })).sort((a, b) => (0,types/* levelRank */.Le)(b.f.level) - (0,types/* levelRank */.Le)(a.f.level) || a.i - b.i).map(x => x.f), ...accepted];
}
function renderBody(input, rows, shownRows, shownPending) {
    const { target, pr } = input;
    const blocks = [target.marker];
    const { database, schema, server } = target.label;
    blocks.push(`<h3>Database migrations: ${code(database, 100)} (schema ${code(schema, 100)}) on ${code(server, 200)}</h3>`);
    blocks.push(statusBlock(input));
    blocks.push(...pendingBlocks(input, shownPending));
    blocks.push(...riskBlocks(input, rows, shownRows));
    blocks.push(`<p><sub>Written by the read-only verify step of db-deploy-action${pr.runUrl ? ` in ${markup_link(pr.runUrl, 'this workflow run')}` : ''} and updated in place on every run for this database and workflow; the job summary holds the full report.</sub></p>`);
    // Each block is one line; blank lines between them end each HTML block.
    return (0,secrets/* scrub */._I)(blocks.join('\n\n')) + '\n';
}
function statusBlock({ facts, pr }) {
    const at = pr.headSha ? ` for the pull request at ${markup_link(`${repoUrl(pr)}/commit/${pr.headSha}`, `<code>${pr.headSha.slice(0, 7)}</code>`)}` : '';
    const server = facts.serverVersion ? ` on PostgreSQL ${markup_text(facts.serverVersion, 50)}` : '';
    if (facts.failure !== undefined) {
        const failed = facts.checks.find(c => c.status === 'failed');
        return `<p>❌ <b>verify failed</b>${failed ? ` at the ${code(failed.name, 50)} check` : ''}${server}${at}: ${prose(facts.failure, 3000)}</p>`;
    }
    const pending = facts.pending?.length ?? 0;
    const risk = facts.risk?.level ?? 'none';
    return `<p>✅ <b>verify passed</b>${server}${at}: ${pending === 0 ? 'nothing pending' : `${pending} migration${plural(pending)} pending`}, migration risk <b>${risk}</b>.</p>`;
}
function pendingBlocks({ facts, pr, repoPath }, shown) {
    const pending = facts.pending;
    if (pending === undefined)
        return ['<h4>Pending migrations</h4>', '<p>Not known: verify stopped before it compared the migrations folder with the database.</p>'];
    if (pending.length === 0) {
        return ['<h4>Pending migrations: none</h4>', '<p>Nothing pending: the database already has every migration in this pull request, so merging it applies no migration to this database.</p>'];
    }
    const heading = `<h4>What merging this pull request would apply: ${pending.length} pending migration${plural(pending.length)}, in order</h4>`;
    const items = pending.slice(0, shown).map(m => `<li>${markup_link(blobUrl(pr, repoPath(m.sqlPath)), code(m.name, 260))}</li>`);
    const rest = pending.length - shown;
    const list = `<ol>${items.join('')}</ol>`;
    const note = rest > 0 ? `<p>${rest} more not listed here to keep this comment within GitHub's size limit; the job summary and verify's <code>pending-migrations</code> output list all ${pending.length}.</p>` : '';
    if (shown > FOLD_ROWS)
        return [heading, `<details><summary>Show the ${shown === pending.length ? shown : `first ${shown}`} migrations</summary>${list}</details>`, ...(note ? [note] : [])];
    return [heading, ...(shown > 0 ? [list] : []), ...(note ? [note] : [])];
}
function riskBlocks(input, rows, shownRows) {
    const { facts } = input;
    const risk = facts.risk;
    if (risk === undefined) {
        return ['<h4>Migration risk</h4>', '<p>Not analysed: verify stopped before the migration-risk check.</p>'];
    }
    const open = rows.filter(f => f.allowed === undefined);
    const accepted = rows.filter(f => f.allowed !== undefined);
    const scope = `${risk.statements} statement${plural(risk.statements)} of ${risk.files} pending migration${plural(risk.files)}`;
    const blocks = [`<h4>Migration risk: ${risk.level}</h4>`];
    if (risk.files === 0) {
        blocks.push('<p>Nothing to analyse: no migration is pending.</p>');
        return blocks;
    }
    if (rows.length === 0) {
        blocks.push(`<p>Nothing found: no finding in ${scope}.</p>`);
        return blocks;
    }
    const counts = ['high', 'medium', 'low']
        .map(l => [l, open.filter(f => f.level === l).length])
        .filter(([, n]) => n > 0)
        .map(([l, n]) => `${n} ${l}`);
    const failing = open.filter(f => (0,types/* failsAt */.ZN)(f.level, facts.riskFailLevel)).length;
    blocks.push(`<p>${open.length === 0 ? 'No open finding' : `${open.length} finding${plural(open.length)} (${counts.join(', ')})`}${accepted.length ? ` and ${accepted.length} accepted` : ''} in ${scope}. ` +
        `${facts.riskFailLevel === 'none' ? 'With <code>risk-fail-level: none</code> no finding fails verify.' : `Findings at or above <code>risk-fail-level</code> <b>${facts.riskFailLevel}</b> fail verify: ${failing === 0 ? 'none here' : `${failing} here`}.`}</p>`);
    const shownOpen = open.slice(0, Math.min(shownRows, open.length));
    const shownAccepted = accepted.slice(0, Math.max(0, shownRows - open.length));
    if (open.length > 0) {
        const table = `<table><tr><th>Level</th><th>Rule</th><th>Where</th><th>Table</th><th>What happens</th><th>Safer way</th></tr>${shownOpen.map(f => findingRow(input, f)).join('')}</table>`;
        blocks.push(shownOpen.length === 0 ? '' : shownOpen.length > FOLD_ROWS ? `<details><summary>Show the ${shownOpen.length === open.length ? shownOpen.length : `first ${shownOpen.length} of ${open.length}`} findings</summary>${table}</details>` : table);
    }
    if (accepted.length > 0) {
        blocks.push(`<h4>Accepted after review: ${accepted.length}</h4>`);
        if (shownAccepted.length > 0) {
            const table = `<table><tr><th>Level</th><th>Rule</th><th>Where</th><th>Table</th><th>What happens</th><th>Reason given</th></tr>${shownAccepted.map(f => acceptedRow(input, f)).join('')}</table>`;
            blocks.push(shownAccepted.length > FOLD_ROWS ? `<details><summary>Show the ${shownAccepted.length === accepted.length ? shownAccepted.length : `first ${shownAccepted.length} of ${accepted.length}`} accepted findings</summary>${table}</details>` : table);
        }
    }
    const hidden = rows.length - shownOpen.length - shownAccepted.length;
    if (hidden > 0) {
        blocks.push(`<p>⚠️ Shortened to stay within GitHub's size limit for a comment: ${hidden} of ${rows.length} findings are not shown here (the highest levels are shown first). The job summary${input.pr.runUrl ? ` of ${markup_link(input.pr.runUrl, 'this run')}` : ''} and verify's <code>risk-findings</code> output hold every finding.</p>`);
    }
    const example = open[0]?.rule ?? accepted[0]?.rule ?? 'drop-column';
    blocks.push(`<details><summary>How to accept a finding after review</summary><p>Put <code>-- db-deploy: allow &lt;rule&gt; &lt;reason&gt;</code> on the line above the statement in its <code>migration.sql</code>, e.g. <code>-- db-deploy: allow ${markup_text(example, 60)} reviewed: why it is safe here</code>. The reason is required. An accepted finding no longer fails verify and is listed here with its reason.</p></details>`);
    return blocks.filter(b => b !== '');
}
const LEVEL_MARK = { high: '🔴 high', medium: '🟠 medium', low: '🟡 low' };
function findingRow(input, f) {
    const fails = (0,types/* failsAt */.ZN)(f.level, input.facts.riskFailLevel);
    return `<tr><td>${fails ? `<b>${LEVEL_MARK[f.level]}</b>` : LEVEL_MARK[f.level]}</td><td>${code(f.rule, 60)}</td><td>${where(input, f)}</td><td>${tableCell(f)}</td><td>${whatHappens(f)}</td><td>${prose(f.saferWay, 1200)}</td></tr>`;
}
function acceptedRow(input, f) {
    return `<tr><td>${LEVEL_MARK[f.level]}, accepted</td><td>${code(f.rule, 60)}</td><td>${where(input, f)}</td><td>${tableCell(f)}</td><td>${whatHappens(f)}</td><td>${markup_text(f.allowed ?? '', 600)}</td></tr>`;
}
function where({ pr, repoPath }, f) {
    return markup_link(blobUrl(pr, repoPath(f.file), f.line), `${code(f.migration, 260)} line ${f.line}`);
}
function tableCell(f) {
    if (!f.table)
        return '—';
    const size = f.tableSize ? `<br>${markup_text(`${f.tableSize}${f.tableRows ? `, ${f.tableRows}` : ''}`, 120)}` : '';
    return `${code(f.table, 140)}${size}`;
}
function whatHappens(f) {
    const locks = f.locks ? `<br><i>Locks:</i> ${markup_text(`${f.locks}${f.work ? ` (${f.work})` : ''}`, 400)}` : '';
    return `${prose(f.message, 1500)}${locks}`;
}
function repoUrl(pr) {
    return `${pr.serverUrl}/${pr.owner}/${pr.repo}`;
}
/**
 * The file at the pull request's head commit, at `line`. The path is scrubbed before it is
 * encoded (a name holding a secret's form must not reach the body encoded once more).
 */
function blobUrl(pr, file, line) {
    if (!pr.headSha)
        return undefined;
    const encoded = (0,secrets/* scrub */._I)(file)
        .split('/')
        .map(s => encodeURIComponent(s))
        .join('/');
    return `${repoUrl(pr)}/blob/${pr.headSha}/${encoded}${line ? `#L${line}` : ''}`;
}
function plural(n) {
    return n === 1 ? '' : 's';
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










const PERMISSION_FIX = "Give the job `permissions: pull-requests: write` (with `contents: read`), or set `pr-comment: off`. A pull request from a fork gets a read-only token whatever the workflow asks: its report stays in the job summary.";
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
            return { step: { name: pr_comment_types/* PR_COMMENT_STEP */.y, status: 'failed', durationMs, detail: problem }, failure: new errors/* ActionError */.lZ(`The pull-request comment could not be written: ${problem}`, fix) };
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
        return cannot(`it failed unexpectedly: ${(0,errors/* errorMessage */.gJ)(err)}.`, 'The job summary holds the report.');
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
        return cannot(`the GitHub client could not be loaded: ${(0,errors/* errorMessage */.gJ)(err)}.`, "The action's dist/ folder is incomplete: use a released version of the action.");
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
    const status = typeof err.status === 'number' ? (err.status) : undefined;
    const said = shorten((0,errors/* errorMessage */.gJ)(err).split('\n')[0] ?? '', 300);
    if (status === 403 || status === 401) {
        const fork = pr.fromFork ? ' (the pull request comes from a fork, whose token is read-only)' : '';
        return { problem: `GitHub refused the token (HTTP ${status}: ${said})${fork}: it may not comment on this pull request.`, fix: PERMISSION_FIX };
    }
    if (status === 404) {
        return { problem: `GitHub answered HTTP 404 (${said}): the repository or pull request is not visible to the token.`, fix: `Check that the token may read ${pr.owner}/${pr.repo}; ${PERMISSION_FIX}` };
    }
    if (status === 429) {
        return { problem: `GitHub's rate limit still refused the request after the retries (HTTP 429: ${said}).`, fix: 'Run verify again later; the job summary holds the report meanwhile.' };
    }
    return {
        problem: status === undefined ? `the request to the GitHub API failed: ${said}.` : `GitHub answered HTTP ${status}: ${said}.`,
        fix: 'Run verify again; the job summary holds the report meanwhile.'
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
        return external_node_path_.relative(rootOf(external_node_path_.dirname(absolute)), absolute).split(external_node_path_.sep).join('/');
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
                        if (err instanceof errors/* ActionError */.lZ)
                            throw err;
                        throw new errors/* ActionError */.lZ(`The '${check.name}' check failed unexpectedly: ${(0,errors/* errorMessage */.gJ)(err)}`, 'Nothing was changed. Fix the cause above and run verify again.');
                    }
                });
            }
            await commentOnPullRequest(ctx, run.steps);
        }
        catch (err) {
            // The checks failed (or the comment, under `pr-comment: required`): the comment still reports it.
            if (!run.steps.some(s => s.name === pr_comment_types/* PR_COMMENT_STEP */.y))
                await commentOnPullRequest(ctx, run.steps, err).catch(() => undefined);
            if (ctx.risk)
                run.failure.tables = [findingsTable(ctx.risk)];
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
            lists: [{ heading: `Pending migrations (${pending.length})`, items: pending, empty: 'None: the database is up to date.' }],
            tables: ctx.risk ? [findingsTable(ctx.risk)] : []
        };
    }
};
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
        failure: failure === undefined ? undefined : (0,errors/* errorMessage */.gJ)(failure)
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
    const seen = found.length === 0
        ? 'no pg_dump/pg_restore was found'
        : `found only ${found.map(t => `pg_dump ${t.version} (${t.dir})`).join(', ')}`;
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

/***/ 6079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ sqlLiteral),
/* harmony export */   j: () => (/* binding */ sqlIdent)
/* harmony export */ });
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3325);

/**
 * SQL text built by the action outside a driver's parameters: statements it runs on a server it
 * administers (the rehearsal's throwaway server) and statements it prints for a person to run.
 *
 * A name holding a line break, a control character or an invisible or bidirectional formatting
 * character (visible-text.ts) is written in PostgreSQL's Unicode escape form (`U&"…"`, `U&'…'`,
 * each such character as `\XXXX` or `\+XXXXXX`): the printed statement then shows what the name
 * holds, survives the log's escaping unchanged and still names exactly that object.
 */
/** `name` as a quoted SQL identifier (double quotes doubled). */
function sqlIdent(name) {
    return needsUnicodeEscapes(name) ? `U&"${unicodeEscaped(name).replace(/"/g, '""')}"` : `"${name.replace(/"/g, '""')}"`;
}
/** `text` as a standard SQL string literal (single quotes doubled). */
function sqlLiteral(text) {
    return needsUnicodeEscapes(text) ? `U&'${unicodeEscaped(text).replace(/'/g, "''")}'` : `'${text.replace(/'/g, "''")}'`;
}
function needsUnicodeEscapes(text) {
    return /[\t\n]/.test(text) || (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_0__/* .hasInvisible */ .w)(text);
}
/** The body of a `U&` form: `\` doubled, every tab, line break and invisible character as its code point. */
function unicodeEscaped(text) {
    let out = '';
    for (const c of text) {
        const cp = c.codePointAt(0);
        if (c === '\\')
            out += '\\\\';
        else if (c === '\t' || c === '\n' || (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_0__/* .hasInvisible */ .w)(c))
            out += cp > 0xffff ? `\\+${cp.toString(16).padStart(6, '0')}` : `\\${cp.toString(16).padStart(4, '0')}`;
        else
            out += c;
    }
    return out;
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
/* harmony export */   tN: () => (/* binding */ MIGRATIONS_TABLE)
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
/** All rows, ordered by `started_at` as Prisma reads them. */
async function readMigrationRows(session, schema) {
    const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`;
    const res = await session.query(`SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
       FROM ${table} ORDER BY started_at, migration_name`);
    return res.rows;
}
/**
 * The names of the migrations the books record as applied (finished, not rolled back), in the
 * order Prisma applied them. The books must exist (see migrationsTableExists).
 */
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
