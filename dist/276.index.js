export const id = 276;
export const ids = [276];
export const modules = {

/***/ 1333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ checkArchive)
/* harmony export */ });
/* unused harmony export splitListing */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _process_children_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2554);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7194);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1933);
/* harmony import */ var _archive_listing_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2118);








async function checkArchive(tools, archive, format, options = {}) {
    const { dieWithParent } = options;
    const size = await (0,_files_js__WEBPACK_IMPORTED_MODULE_6__/* .sizeOf */ .$d)(archive);
    if (size === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionError */ .lZ(`The backup at ${archive} is empty (0 bytes); it was removed.`, 'Check the disk and pg_dump output above, then run the backup again.');
    }
    const env = (0,_process_children_js__WEBPACK_IMPORTED_MODULE_3__/* .envWithoutSecrets */ .FK)();
    const listed = await (0,_process_children_js__WEBPACK_IMPORTED_MODULE_3__/* .runChild */ .w$)(tools.pgRestore, ['--list', `--format=${format}`, archive], { env, captureStdout: true, dieWithParent }).done;
    if (listed.code !== 0)
        throw unreadable(archive, listed.stderrTail);
    const lists = options.tableBytes ? splitListing(listed.stdout, options.tableBytes, options.readers ?? Math.min(4, node_os__WEBPACK_IMPORTED_MODULE_1__.availableParallelism())) : [undefined];
    // The lists sit beside the archive (the backup's private staging folder, removed with the partial files on failure or cancellation).
    const folder = lists.length > 1 ? await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp(node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(archive), '.verify-lists-')) : undefined;
    try {
        // Every list is written before any reader starts: a failed write (a full disk) leaves no reader running.
        const listArgs = [];
        for (const [i, list] of lists.entries()) {
            if (list === undefined || !folder) {
                listArgs.push([]);
                continue;
            }
            const file = node_path__WEBPACK_IMPORTED_MODULE_2__.join(folder, `list-${i + 1}.txt`);
            await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile(file, list, { mode: 0o600 });
            listArgs.push([`--use-list=${file}`]);
        }
        const reads = await Promise.all(listArgs.map(args => (0,_process_children_js__WEBPACK_IMPORTED_MODULE_3__/* .runChild */ .w$)(tools.pgRestore, ['--file=/dev/null', `--format=${format}`, ...args, archive], { env, dieWithParent }).done));
        const failed = reads.find(r => r.code !== 0);
        if (failed)
            throw unreadable(archive, failed.stderrTail);
    }
    finally {
        if (folder)
            await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm(folder, { recursive: true, force: true }).catch(() => { });
    }
    const contents = (0,_archive_listing_js__WEBPACK_IMPORTED_MODULE_7__/* .parseArchiveListing */ .uZ)(listed.stdout);
    const tocEntries = (0,_archive_listing_js__WEBPACK_IMPORTED_MODULE_7__/* .listingEntries */ .LV)(listed.stdout).length;
    return { size, tables: contents.tables.length, tableData: contents.tableData, tocEntries, readers: lists.length };
}
/**
 * A TABLE DATA entry of the listing, `<dump id>; 0 <table oid> TABLE DATA <schema> <name> <owner>`:
 * the entry names its table by oid, as the sizes do. Its names are no key: a schema, table or owner
 * name may hold spaces, and the listing shows a newline in one as a space; and the table's own entry
 * in a schema named DATA reads `<dump id>; 1259 <oid> TABLE DATA <name> <owner>`.
 */
const TABLE_DATA = /^\d+;\s*0\s+(\d+)\s+TABLE DATA\s/;
/**
 * The listing split into at most `readers` lists for pg_restore --use-list: every entry in exactly
 * one list; the first list holds every entry that is not TABLE DATA; the TABLE DATA entries are
 * placed largest first, each on the list with the fewest bytes so far. A table of unknown size
 * counts as empty. One list (the whole listing) when there is nothing worth sharing.
 */
function splitListing(listing, tableBytes, readers) {
    const lines = (0,_archive_listing_js__WEBPACK_IMPORTED_MODULE_7__/* .listingEntries */ .LV)(listing);
    const data = lines.flatMap(line => {
        const m = TABLE_DATA.exec(line);
        return m ? [{ line, bytes: tableBytes.get(m[1]) ?? 0 }] : [];
    });
    const n = Math.min(Math.max(1, Math.floor(readers)), data.filter(d => d.bytes > 0).length);
    if (n < 2)
        return [listing];
    const lists = Array.from({ length: n }, () => ({ bytes: 0, lines: [] }));
    lists[0].lines.push(...lines.filter(line => !TABLE_DATA.test(line)));
    for (const d of [...data].sort((a, b) => b.bytes - a.bytes)) {
        const lightest = lists.reduce((min, l) => (l.bytes < min.bytes ? l : min));
        lightest.lines.push(d.line);
        lightest.bytes += d.bytes;
    }
    return lists.map(l => `${l.lines.join('\n')}\n`);
}
function unreadable(archive, tail) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionError */ .lZ(`The backup at ${archive} failed verification: pg_restore could not read it end to end; it was removed.\n${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_5__/* .scrub */ ._I)(tail.slice(-5).join('\n'))}`, 'The dump is truncated or corrupt (disk full, interrupted write). Run the backup again; do not deploy without a verified backup.');
}


/***/ }),

/***/ 4276:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DUMP_LOCK_WAIT_TIMEOUT_MS: () => (/* binding */ DUMP_LOCK_WAIT_TIMEOUT_MS),
  backupName: () => (/* binding */ backupName),
  backupPhase: () => (/* binding */ backupPhase),
  createVerifiedBackup: () => (/* binding */ createVerifiedBackup)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/postgres/session.ts
var postgres_session = __webpack_require__(2515);
// EXTERNAL MODULE: ./src/postgres/pg-tools.ts
var pg_tools = __webpack_require__(3152);
// EXTERNAL MODULE: ./src/postgres/libpq-env.ts
var libpq_env = __webpack_require__(1189);
// EXTERNAL MODULE: ./src/process/children.ts + 1 modules
var children = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/backup/files.ts
var backup_files = __webpack_require__(1933);
;// CONCATENATED MODULE: ./src/backup/pg-dump.ts




/** The pg_dump argument list: no connection details and no secret, those are in the environment. */
function pgDumpArgs(o) {
    const args = [`--format=${o.format}`, `--file=${o.out}`, '--no-password', '--verbose', `--lock-wait-timeout=${o.lockWaitTimeoutMs}`];
    if (o.format === 'directory')
        args.push(`--jobs=${o.jobs}`);
    return args;
}
/** Runs pg_dump to completion; throws an ActionError with its last error lines when it fails. */
async function runPgDump(o) {
    let currentTable;
    const started = performance.now();
    const { done } = (0,children/* runChild */.w$)(o.tools.pgDump, pgDumpArgs(o), {
        env: o.env,
        dieWithParent: o.dieWithParent,
        onStderrLine: line => {
            const m = /dumping contents of table "?([^"]+(?:"\."[^"]+)?)"?/.exec(line);
            if (m)
                currentTable = m[1]?.replace(/"/g, '');
        }
    });
    const timer = setInterval(() => {
        void (0,backup_files/* sizeOf */.$d)(o.out).then(bytes => o.onProgress?.(bytes, performance.now() - started, currentTable));
    }, o.progressEveryMs ?? 5000);
    let result;
    try {
        result = await done;
    }
    finally {
        clearInterval(timer);
    }
    if (result.code !== 0) {
        const errors = result.stderrTail.filter(l => /error|fatal|could not|abort/i.test(l) && !/^pg_dump: (dumping|reading|saving|last built-in|finding|identifying|flagging|processing)/.test(l));
        const detail = (0,secrets/* scrub */._I)((errors.length ? errors : result.stderrTail.slice(-5)).join('\n'));
        const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
        throw new src_errors/* ActionError */.lZ(`pg_dump ${how}; the backup is incomplete and was removed.\n${detail}`, explainDumpFailure(detail, result.signal));
    }
}
function explainDumpFailure(detail, signal) {
    if (signal === 'SIGXFSZ' || /file too large|no space left|disk quota/i.test(detail)) {
        return "The backup did not fit: free space on the runner or point 'backup-dir' at a larger volume, then run the backup again. Do not deploy without a backup.";
    }
    if (/lock/i.test(detail) && /timeout|timed out/i.test(detail)) {
        return 'pg_dump could not lock a table in time: a long transaction or migration holds a conflicting lock. Wait for it to finish, then run the backup again.';
    }
    if (/terminat|connection|server closed|lost/i.test(detail)) {
        return 'The connection to the database was lost during the dump. Check the server (restarts, idle or statement timeouts, terminated backends), then run the backup again.';
    }
    if (/server version|aborting because of server version mismatch/i.test(detail)) {
        return "pg_dump is older than the server: install a newer client (postgresql-client-<server major>) or set 'pg-bin-dir'.";
    }
    return 'Fix the cause above, then run the backup again. Do not run the deploy phase without a verified backup.';
}

// EXTERNAL MODULE: ./src/crypto/age-file.ts + 2 modules
var age_file = __webpack_require__(4079);
// EXTERNAL MODULE: ./src/backup/archive-check.ts
var archive_check = __webpack_require__(1333);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
;// CONCATENATED MODULE: ./src/backup/verify-and-encrypt.ts




async function verifyAndEncrypt(o) {
    const { encryption } = o;
    // A custom-format file being encrypted is hashed by the encryption's read; anything else here.
    const hashedByEncryption = encryption !== undefined && o.format === 'custom';
    const stopEncryption = new AbortController();
    const verifying = o.step('verify-archive', async () => {
        const t0 = performance.now();
        const identity = await (0,backup_files/* identityOf */.cu)(o.archive);
        const [facts, digest] = await Promise.all([
            (0,archive_check/* checkArchive */.P)(o.tools, o.archive, o.format, { dieWithParent: o.dieWithParent, tableBytes: o.tableBytes }),
            hashedByEncryption
                ? Promise.resolve(undefined)
                : (o.format === 'custom' ? (0,backup_files/* sha256File */.Q3)(o.archive) : (0,backup_files/* sha256Directory */.jZ)(o.archive)).catch((err) => {
                    throw (0,backup_files/* fileError */.zS)(err, 'Hashing (sha256) the archive', o.archive);
                })
        ]);
        return [
            { ...facts, identity, digest, durationMs: performance.now() - t0 },
            `read end to end by pg_restore${facts.readers > 1 ? ` (${facts.readers} processes, each a share of the entries)` : ''}: ${facts.tocEntries} entries, ${facts.tableData} tables with data`
        ];
    });
    // A failed verification stops the encryption at once: its copy would be of an unusable archive.
    const passed = verifying.then(() => true, () => {
        stopEncryption.abort(new Error('the archive failed verification'));
        return false;
    });
    const encrypting = encryption
        ? o.step('encrypt', async () => {
            const t0 = performance.now();
            let written;
            try {
                written = await (0,age_file/* encryptArchive */.A)(o.archive, encryption.recipients, encryption.out, { signal: stopEncryption.signal });
            }
            catch (err) {
                if (stopEncryption.signal.aborted)
                    throw stopped();
                throw (0,backup_files/* fileError */.zS)(err, 'Encrypting the backup into', encryption.out);
            }
            const ms = performance.now() - t0;
            // Reported only once the archive it was made from has passed verification.
            if (!(await passed)) {
                await (0,backup_files/* removeQuietly */.S2)(encryption.out);
                throw stopped();
            }
            const n = encryption.recipients.length;
            return [
                { size: written.size, sha256: written.sha256, plaintextSha256: written.plaintextSha256, durationMs: Math.round(ms) },
                `age, ${n} recipient${n === 1 ? '' : 's'}: ${(0,format/* formatBytes */.z3)(written.size)} in ${Math.round(ms)} ms (${(0,format/* formatBytes */.z3)((written.size * 1000) / Math.max(ms, 1))}/s), alongside the verification; sha256 ${written.sha256.slice(0, 16)}…`
            ];
        })
        : undefined;
    const [v, e] = await Promise.allSettled([verifying, encrypting]);
    if (v.status === 'rejected')
        throw v.reason;
    if (e.status === 'rejected')
        throw e.reason;
    const sealed = e.value;
    const sha256 = hashedByEncryption ? sealed?.plaintextSha256 : v.value.digest;
    if (!sha256)
        throw new Error('internal: the archive was not hashed');
    const { size, tables, tableData, tocEntries, readers, identity, durationMs } = v.value;
    return {
        verified: { size, tables, tableData, tocEntries, readers, identity, sha256, hashedByEncryption, durationMs: Math.round(durationMs) },
        encrypted: sealed ? { size: sealed.size, sha256: sealed.sha256, durationMs: sealed.durationMs } : undefined
    };
}
function stopped() {
    return new Error('Stopped: the archive failed verification, so no encrypted copy of it was kept.');
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/backup/manifest.ts

/**
 * Writes the manifest to a new file (created exclusively: an existing file is never replaced) and
 * flushes it to disk; a manifest that could not be written whole is removed.
 */
async function writeManifest(file, manifest) {
    const handle = await promises_.open(file, 'wx', 0o600);
    try {
        await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
        await handle.sync();
        await handle.chmod(0o600);
    }
    catch (err) {
        await handle.close().catch(() => { });
        await promises_.rm(file, { force: true }).catch(() => { });
        throw err;
    }
    await handle.close();
}

// EXTERNAL MODULE: ./src/postgres/table-count.ts
var table_count = __webpack_require__(4341);
// EXTERNAL MODULE: ./src/prisma/books.ts
var books = __webpack_require__(5838);
;// CONCATENATED MODULE: ./src/backup/twin-facts.ts
async function readTwinFacts(session) {
    const db = await session.query(`SELECT to_jsonb(d) - 'datacl' AS d, pg_encoding_to_char(d.encoding) AS encoding, t.spcname AS tablespace, pg_get_userbyid(d.datdba) AS owner
       FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = current_database()`);
    const row = db.rows[0];
    if (!row)
        throw new Error('internal: the current database is not in pg_database');
    const providerCode = typeof row.d.datlocprovider === 'string' ? row.d.datlocprovider : 'c';
    const provider = providerCode === 'i' ? 'icu' : providerCode === 'b' ? 'builtin' : 'libc';
    const text = (v) => (typeof v === 'string' && v !== '' ? v : null);
    const locale = {
        encoding: row.encoding,
        collate: String(row.d.datcollate),
        ctype: String(row.d.datctype),
        provider,
        // PostgreSQL 15-16 name it daticulocale; 17 datlocale (also the builtin provider's locale).
        icuLocale: provider === 'libc' ? null : text(row.d.datlocale ?? row.d.daticulocale),
        icuRules: text(row.d.daticurules)
    };
    const grants = await session.query(`SELECT d.datacl IS NOT NULL AS acl, CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type AS privilege, a.is_grantable AS grantable
       FROM pg_database d LEFT JOIN LATERAL aclexplode(d.datacl) a ON true WHERE d.datname = current_database()`);
    const databaseGrants = grants.rows[0]?.acl ? grants.rows.filter(g => g.privilege).map(g => ({ grantee: g.grantee, privilege: g.privilege, grantable: Boolean(g.grantable) })) : null;
    const role = await session.query('SELECT to_jsonb(r) AS r FROM pg_roles r WHERE r.rolname = current_user');
    const r = role.rows[0]?.r;
    if (!r)
        throw new Error('internal: the current user is not in pg_roles');
    const deployRole = {
        name: String(r.rolname),
        superuser: r.rolsuper === true,
        createrole: r.rolcreaterole === true,
        createdb: r.rolcreatedb === true,
        bypassrls: r.rolbypassrls === true,
        replication: r.rolreplication === true,
        inherit: r.rolinherit === true,
        settings: Array.isArray(r.rolconfig) ? r.rolconfig.map(String) : []
    };
    // Every membership on the way up from the deploy role; the options of PostgreSQL 16+ read through to_jsonb.
    const members = await session.query(`WITH RECURSIVE up(roleid, member, m) AS (
       SELECT am.roleid, am.member, to_jsonb(am) FROM pg_auth_members am WHERE am.member = (SELECT oid FROM pg_roles WHERE rolname = current_user)
       UNION
       SELECT am.roleid, am.member, to_jsonb(am) FROM pg_auth_members am JOIN up ON am.member = up.roleid)
     SELECT pg_get_userbyid(roleid) AS role, pg_get_userbyid(member) AS member, m FROM up ORDER BY 2, 1`);
    const memberships = members.rows.map(m => ({
        role: m.role,
        member: m.member,
        admin: m.m.admin_option === true,
        inherit: typeof m.m.inherit_option === 'boolean' ? m.m.inherit_option : true,
        set: typeof m.m.set_option === 'boolean' ? m.m.set_option : true
    }));
    // Owners and grantees of the database's objects (pg_shdepend: owner, ACL, policy and initial
    // privileges entries; the bootstrap superuser is pinned and not listed there), the database's owner.
    const named = await session.query(`SELECT r.rolname AS name FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
      WHERE d.refclassid = 'pg_authid'::regclass AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()
     UNION SELECT current_user::text
     ORDER BY 1`);
    const all = await session.query(`SELECT rolname AS name FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1`);
    return {
        locale,
        tablespace: row.tablespace,
        owner: row.owner,
        databaseGrants,
        deployRole,
        memberships,
        roles: named.rows.map(n => n.name),
        serverRoles: all.rows.map(n => n.name)
    };
}

;// CONCATENATED MODULE: ./src/backup/database-facts.ts





/**
 * The catalog's size of every ordinary table (heap and TOAST pages, as VACUUM, ANALYZE and index
 * builds last recorded them; 0 for a table never measured). From pg_class alone: pg_table_size
 * would take a lock on every table, and wait behind any session holding one.
 */
const TABLE_BYTES_SQL = `SELECT c.oid::text AS oid,
       ((c.relpages::int8 + coalesce(t.relpages, 0)::int8) * current_setting('block_size')::int8)::text AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
 WHERE c.relkind = 'r' AND ${table_count/* USER_SCHEMA */.a0}`;
async function readDatabaseFacts(session, target, lockTimeoutMs) {
    const schema = target.schema;
    const res = await session.query(`SELECT current_setting('server_version') AS version,
            current_setting('server_version_num') AS num,
            (${table_count/* TABLE_COUNT_SQL */.Su}) AS tables,
            pg_database_size(current_database()) AS bytes`);
    const row = res.rows[0];
    if (!row)
        throw new Error('internal: no row from the server facts query');
    let migrationsApplied = [];
    if (await (0,books/* migrationsTableExists */.GM)(session, schema)) {
        const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(books/* MIGRATIONS_TABLE */.tN)}`;
        try {
            migrationsApplied = await (0,books/* appliedMigrationNames */.SP)(session, schema);
        }
        catch (err) {
            const code = err.code;
            if (code !== '55P03' && code !== '57014')
                throw err;
            const holders = await lockHolders(session, table);
            const waited = code === '55P03' ? `waited ${(0,format/* formatDuration */.a3)(lockTimeoutMs)} for a lock on it and gave up (lock timeout)` : 'was cancelled by the statement timeout';
            throw new src_errors/* ActionError */.lZ(`Reading the books (${schema}.${books/* MIGRATIONS_TABLE */.tN}) of database '${target.database}' ${waited}: another session holds a conflicting lock on the table${holders ? ` (${holders})` : ''}, e.g. a migration or deploy in progress or a transaction left open. Nothing was dumped and no file was written.`, `Wait for that session to finish (find it in pg_stat_activity joined with pg_locks on '${schema}.${books/* MIGRATIONS_TABLE */.tN}'), or end it if it is stuck, then run the backup again.`);
        }
    }
    return {
        serverVersion: row.version.split(' ')[0] ?? row.version,
        serverMajor: Math.floor(Number(row.num) / 10000),
        tables: Number(row.tables),
        databaseBytes: Number(row.bytes),
        migrationsApplied,
        twin: await readTwinFacts(session),
        tableBytes: new Map((await session.query(TABLE_BYTES_SQL)).rows.map(r => [r.oid, Number(r.bytes)]))
    };
}
/** Who holds a lock on `table` (best effort, for the message): "pid 123 (application 'psql', idle in transaction)". */
async function lockHolders(session, table) {
    try {
        const r = await session.query(`SELECT l.pid, a.application_name AS app, a.state, l.mode FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.relation = $1::regclass AND l.granted AND l.pid <> pg_backend_pid() ORDER BY l.pid`, [table]);
        if (r.rows.length === 0)
            return undefined;
        return r.rows
            .slice(0, 3)
            .map(h => `pid ${h.pid} holds ${h.mode}${h.app ? `, application '${h.app}'` : ''}${h.state ? `, ${h.state}` : ''}`)
            .join('; ');
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __webpack_require__(8701);
// EXTERNAL MODULE: ./src/shell-words.ts
var shell_words = __webpack_require__(5933);
;// CONCATENATED MODULE: ./src/backup/backup-dir.ts






/**
 * Makes `dir` ready for backups without touching what the action did not create:
 * - missing: created 0700 (missing parents too, through the umask), and said so;
 * - existing: used as it is, never chmod-ed; refused when it is not a folder, belongs to another
 *   user, or its group or other users may write in it (sticky or not: they could read names,
 *   plant files under names a backup will take, or remove backups).
 * `create` then makes the run's first object in it (the staging folder): the proof that it is writable.
 * Returns the step detail.
 */
async function prepareBackupDir(dir, create) {
    const fix = "Set 'backup-dir' to a folder the runner user can create and write (default: $RUNNER_TEMP/db-backup).";
    let created = false;
    // A private folder is only as safe as its parents: in a parent every user may write to without
    // the sticky bit, anyone can rename the folder away and put their own in its place. The parents
    // of the path as given and, through symbolic links, of the folder it really is are checked.
    const real = await promises_.realpath(dir).catch(() => undefined);
    for (const start of real && real !== dir ? [dir, real] : [dir]) {
        for (let parent = external_node_path_.dirname(start);; parent = external_node_path_.dirname(parent)) {
            const p = await promises_.stat(parent).catch(() => undefined);
            if (p && p.mode & 0o002 && !(p.mode & 0o1000)) {
                throw new src_errors/* ActionError */.lZ(`The backup folder ${dir} cannot be used: its parent folder ${parent}${start === dir ? '' : ` (where ${dir} leads through a symbolic link)`} is writable by every user and not sticky (mode ${(p.mode & 0o7777).toString(8).padStart(4, '0')}), so anyone could move the folder away and put a folder of their own in its place. The action never changes the mode of a folder it did not create.`, "Point 'backup-dir' at a folder whose parent folders only their owners can change (or leave it empty: $RUNNER_TEMP/db-backup).");
            }
            if (external_node_path_.dirname(parent) === parent)
                break;
        }
    }
    try {
        // The umask (0077, set by the phase lifecycle before any phase works) makes every folder created here, parents included, 0700.
        await io/* mkdirP */.U$(external_node_path_.dirname(dir));
        try {
            await promises_.mkdir(dir, { mode: 0o700 });
            created = true;
        }
        catch (err) {
            if (err.code !== 'EEXIST')
                throw err;
        }
    }
    catch (err) {
        throw new src_errors/* ActionError */.lZ(`The backup folder ${dir} cannot be used: ${(0,secrets/* scrub */._I)((0,src_errors/* errorMessage */.gJ)(err))}.`, fix);
    }
    const stat = await promises_.stat(dir).catch((err) => {
        throw new src_errors/* ActionError */.lZ(`The backup folder ${dir} cannot be used: ${(0,secrets/* scrub */._I)((0,src_errors/* errorMessage */.gJ)(err))}.`, fix);
    });
    const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
    if (!stat.isDirectory())
        throw new src_errors/* ActionError */.lZ(`The backup folder ${dir} cannot be used: it exists and is not a folder.`, fix);
    if (!created) {
        const uid = process.getuid?.();
        if (uid !== undefined && stat.uid !== uid) {
            throw new src_errors/* ActionError */.lZ(`The backup folder ${dir} cannot be used: it belongs to another user (uid ${stat.uid}, the runner runs as uid ${uid}), who could read, replace or remove backups in it. Its mode and owner are left as they are.`, "Leave 'backup-dir' empty ($RUNNER_TEMP/db-backup), or point it at a folder the runner user owns (or a new one, which the action creates 0700).");
        }
        const writers = [stat.mode & 0o020 ? 'its group' : '', stat.mode & 0o002 ? 'other users' : ''].filter(Boolean).join(' and ');
        if (writers) {
            throw new src_errors/* ActionError */.lZ(`The backup folder ${dir} cannot be used: it is writable by ${writers} (mode ${mode}${stat.mode & 0o1000 ? ', sticky' : ''}), who could create files or links under the names a backup takes${stat.mode & 0o1000 ? '' : ', or move and replace backups'}. The action never changes the mode of a folder it did not create.`, `${stat.mode & 0o1000 ? `Point 'backup-dir' at a new subfolder, e.g. ${external_node_path_.join(dir, 'db-backup')} (the action creates it 0700; the sticky bit keeps others from moving it), or leave` : 'Leave'} 'backup-dir' empty ($RUNNER_TEMP/db-backup); or, if the folder is yours alone, remove the write bits yourself (\`${(0,shell_words/* shellCommand */.q)(['chmod', 'go-w', dir])}\`).`);
        }
    }
    try {
        await promises_.access(dir, promises_.constants.W_OK | promises_.constants.X_OK);
        create();
    }
    catch (err) {
        throw new src_errors/* ActionError */.lZ(`The backup folder ${dir} cannot be used: ${(0,secrets/* scrub */._I)((0,src_errors/* errorMessage */.gJ)(err))}.`, fix);
    }
    return created ? `${dir} (created, mode ${mode})` : `${dir} (existing, mode ${mode}, left as it is)`;
}

// EXTERNAL MODULE: ./src/cleanup/created-paths.ts
var created_paths = __webpack_require__(3161);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
;// CONCATENATED MODULE: ./src/backup/placement.ts






/** The backup's files, removed by a cleanup (registered with `onCleanup`) on failure and cancellation. */
function trackBackupFiles(onCleanup) {
    const files = { unfinished: [], partials: new Set() };
    onCleanup(async () => {
        for (const p of files.partials)
            await (0,backup_files/* removeQuietly */.S2)(p);
        for (const p of files.unfinished.splice(0).reverse()) {
            const entry = (0,created_paths/* createdEntry */.B_)(p);
            if (!entry)
                continue;
            try {
                await (0,created_paths/* removeCreated */.hZ)(entry);
                (0,created_paths/* forgetCreated */.QZ)(p);
            }
            catch (err) {
                // Left recorded: the post step tries again at the end of the job.
                (0,log/* warning */.$e)(`Could not remove ${p}: ${(0,secrets/* scrub */._I)((0,src_errors/* errorMessage */.gJ)(err))}. The post step tries again at the end of the job.`);
            }
        }
    });
    return files;
}
/**
 * Creates the staging folder (0700), recorded for the post step before it exists: if the action is
 * killed (SIGKILL) and no cleanup runs, the post step still removes the staging folder and the
 * plaintext it holds at the end of the job.
 */
function createStaging(files, staging) {
    (0,created_paths/* recordIntent */.M8)(staging, 'plaintext-backup', { reservation: 'folder' });
    files.unfinished.push(staging);
    try {
        external_node_fs_.mkdirSync(staging, { mode: 0o700 });
    }
    catch (err) {
        files.unfinished.pop();
        (0,created_paths/* forgetCreated */.QZ)(staging);
        throw err;
    }
    (0,created_paths/* recordIntent */.M8)(staging, 'plaintext-backup', { like: staging, reservation: 'folder' });
}
/**
 * Gives a finished file or folder of the staging folder its final name, recorded for the post
 * step (with the identity it keeps there) before it is moved, without ever replacing anything
 * (placeExclusive). Synchronous: the signal handler cannot run in the middle of it, and a run
 * already cancelled places nothing. `verified` is the identity the staged object must have.
 */
function place(files, cancelled, staged, dest, kind, what, verified) {
    const { unfinished } = files;
    if (cancelled())
        throw new Error('The run was cancelled before its files were placed.');
    let stat;
    try {
        stat = external_node_fs_.lstatSync(staged);
    }
    catch (err) {
        throw (0,backup_files/* fileError */.zS)(err, `Moving the ${what} to`, dest);
    }
    if (verified !== undefined && (0,backup_files/* identityOfStat */.Sy)(stat) !== verified) {
        throw new src_errors/* ActionError */.lZ(`The ${what} in the staging folder is not the one that was verified; this run's backup was not kept.`, "Give this job a 'backup-dir' that no other process writes to, then run the backup again.");
    }
    (0,created_paths/* recordIntent */.M8)(dest, kind, { like: staged, reservation: stat.isDirectory() ? 'folder' : 'file' });
    unfinished.push(dest);
    const notOurs = () => {
        unfinished.splice(unfinished.indexOf(dest), 1);
        (0,created_paths/* forgetCreated */.QZ)(dest);
    };
    try {
        (0,backup_files/* placeExclusive */.C)(staged, dest);
    }
    catch (err) {
        notOurs(); // nothing of this run is at `dest`: whatever holds the name is left alone
        throw (0,backup_files/* fileError */.zS)(err, `Moving the ${what} to`, dest);
    }
    // The object at the final name must be the one staged (and, for the archive, hashed and verified).
    const entry = (0,created_paths/* createdEntry */.B_)(dest);
    const now = external_node_fs_.lstatSync(dest, { throwIfNoEntry: false });
    if (!entry || !now || (0,created_paths/* judgeCreated */.w1)(entry, now) !== 'object') {
        notOurs();
        throw new src_errors/* ActionError */.lZ(`The object now at ${dest} is not the ${what} that was ${verified === undefined ? 'written' : 'verified'}: something replaced it right after it was placed. It is left untouched, and this run's backup was not kept.`, "Give this job a 'backup-dir' that no other process writes to, then run the backup again.");
    }
}

;// CONCATENATED MODULE: ./src/phases/backup.ts

















/** How long pg_dump may wait for a table lock before it gives up instead of queueing forever. */
const DUMP_LOCK_WAIT_TIMEOUT_MS = 120_000;
/**
 * backup-production: a verified, restorable dump or a hard stop. Exit 0 only for a dump that
 * pg_restore has read end to end; on any failure or cancellation the partial files are removed.
 * With `backup-recipients`, the verified archive is also encrypted (the only form that may leave
 * the runner), and the post step removes the plaintext at the end of the job. Its parts live in
 * src/backup/: the backup folder, the database's facts, pg_dump, the archive check, the staging
 * and placement of the files, the manifest.
 */
const backupPhase = {
    phase: 'backup',
    cancellation: 'stop',
    failureOutcome: failed => `The backup failed${failed ? ` at '${failed}'` : ''}; no backup file was kept. Do not run the deploy phase.`,
    cancelOutcome: (signal, afterward) => afterward
        ? `The backup run was cancelled (${signal}) after the backup was finished: ${afterward}. The job itself was cancelled: run the pipeline again rather than deploy from this job.`
        : `The backup was cancelled (${signal}); the running tools were stopped and the partial files were removed. No backup exists from this run. Do not run the deploy phase.`,
    async work(run) {
        const done = await createVerifiedBackup(run);
        return { ...done.success, result: done.result };
    }
};
/**
 * The backup phase's work, callable from another phase (the restore phase backs up the current
 * state this way before it touches anything): a verified, placed and optionally encrypted backup
 * with its manifest, or an error with every partial file removed (through `onCleanup`).
 */
async function createVerifiedBackup(run) {
    const { inputs, env, step } = run;
    const files = trackBackupFiles(run.onCleanup);
    const target = inputs.database.target();
    const toolSearch = (0,pg_tools/* discoverPgTools */.Oh)({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH });
    toolSearch.catch(() => { });
    const paths = backupPaths(target, env, inputs.backupDir, inputs.backupFormat);
    await step('backup-dir', async () => [
        undefined,
        // Creating the staging folder is the proof that the folder is writable.
        await prepareBackupDir(paths.dir, () => createStaging(files, paths.staging))
    ]);
    const facts = await step('database', () => readFacts(target, inputs.connectTimeoutMs));
    const tools = await step('pg_dump', async () => {
        const found = await toolSearch;
        const chosen = (0,pg_tools/* requirePgTools */.gN)(found, facts.serverVersion, facts.serverMajor, inputs.pgBinDir);
        return [chosen, `pg_dump ${chosen.version} (${chosen.dir}) for server ${facts.serverVersion}`];
    });
    const dieWithParent = await (0,children/* deathSignal */.nX)();
    if (dieWithParent.note)
        (0,log/* info */.pq)(dieWithParent.note);
    const dumpStarted = performance.now();
    await step('dump', () => dump(run, files, target, tools, dieWithParent, paths.partialPath));
    const dumpMs = performance.now() - dumpStarted;
    const checked = await backup_verifyAndEncrypt(run, tools, dieWithParent, paths, facts.tableBytes);
    const manifest = backupManifest(run, target, facts, tools, paths, checked, dumpMs);
    await placeBackup(run, files, paths, manifest, checked);
    return backupSuccess(run, target, facts, tools, paths, checked, dumpMs);
}
function backupPaths(target, env, dir, format) {
    const base = backupName(target, env);
    const staging = external_node_path_.join(dir, `.${base}.partial-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
    const finalPath = external_node_path_.join(dir, format === 'custom' ? `${base}.dump` : `${base}.dir`);
    return { dir, base, staging, finalPath, partialPath: external_node_path_.join(staging, external_node_path_.basename(finalPath)), manifestPath: external_node_path_.join(dir, `${base}.manifest.json`) };
}
async function readFacts(target, connectTimeoutMs) {
    let session;
    try {
        session = await (0,postgres_session/* openSession */.fA)(target, {
            readOnly: true,
            connectTimeoutMs,
            statementTimeoutMs: 60_000,
            lockTimeoutMs: 10_000,
            applicationName: 'db-deploy-action backup'
        });
        const f = await readDatabaseFacts(session, target, 10_000);
        return [f, `PostgreSQL ${f.serverVersion}, database '${target.database}' (${(0,format/* formatBytes */.z3)(f.databaseBytes)} on disk, ${f.tables} tables, ${f.migrationsApplied.length} migrations applied)`];
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
/** pg_dump into the staging folder, the password through a password file that goes with the partial files. */
async function dump({ inputs, env }, files, target, tools, dieWithParent, partialPath) {
    const libpq = await (0,backup_files/* fileStep */.xc)('Writing the password file for pg_dump under', env.RUNNER_TEMP ?? '$RUNNER_TEMP', () => (0,libpq_env/* libpqEnv */.kY)(target, inputs.connectTimeoutMs, 'db-deploy-action pg_dump'));
    // The passfile's folder goes with the partial files if the run is cancelled mid-dump.
    const passDir = libpq.env.PGPASSFILE ? external_node_path_.dirname(libpq.env.PGPASSFILE) : undefined;
    if (passDir)
        files.partials.add(passDir);
    try {
        await runPgDump({
            tools,
            env: libpq.env,
            format: inputs.backupFormat,
            jobs: inputs.backupJobs,
            out: partialPath,
            lockWaitTimeoutMs: DUMP_LOCK_WAIT_TIMEOUT_MS,
            dieWithParent,
            onProgress: (bytes, elapsed, table) => (0,log/* info */.pq)(`  … ${(0,format/* formatBytes */.z3)(bytes)} written in ${(0,format/* formatDuration */.a3)(elapsed)} (${(0,format/* formatBytes */.z3)((bytes * 1000) / Math.max(elapsed, 1))}/s)${table ? `, dumping ${table}` : ''}`)
        });
    }
    finally {
        await libpq.dispose();
        if (passDir)
            files.partials.delete(passDir);
    }
    await (0,backup_files/* fileStep */.xc)('Restricting the modes (0600 files, 0700 folders) of', partialPath, () => (0,backup_files/* restrictModes */.$M)(partialPath));
    return [undefined, `${inputs.backupFormat} format${inputs.backupFormat === 'directory' ? `, ${inputs.backupJobs} jobs` : ''}`];
}
/**
 * The steps verify-archive and encrypt (with `backup-recipients`), run together on the dumped
 * archive; the archive's sha256 from whichever read it.
 */
async function backup_verifyAndEncrypt({ inputs, step }, tools, dieWithParent, { dir, base, staging, partialPath }, tableBytes) {
    // Verified and encrypted at the same time (backup/verify-and-encrypt.ts); the encrypted copy is
    // placed only once the archive is verified.
    const agePath = external_node_path_.join(dir, inputs.backupFormat === 'custom' ? `${base}.dump.age` : `${base}.dir.tar.age`);
    const stagedAge = external_node_path_.join(staging, external_node_path_.basename(agePath));
    const { verified, encrypted: sealed } = await verifyAndEncrypt({
        tools,
        archive: partialPath,
        format: inputs.backupFormat,
        dieWithParent,
        encryption: inputs.backupRecipients.length > 0 ? { recipients: inputs.backupRecipients, out: stagedAge } : undefined,
        tableBytes,
        step
    });
    const sha256 = verified.sha256;
    (0,log/* info */.pq)(`  archive sha256 ${sha256}${verified.hashedByEncryption ? ' (hashed as it was read for encryption)' : ''}`);
    const verificationMs = verified.durationMs;
    const encrypted = sealed ? { ...sealed, path: agePath } : undefined;
    return { verified, sha256, verificationMs, encrypted, agePath, stagedAge };
}
function backupManifest({ inputs, env }, target, facts, tools, paths, checked, dumpMs) {
    const { verified, sha256, verificationMs, encrypted } = checked;
    return {
        database: target.database,
        host: target.host,
        schema: target.schema,
        serverVersion: facts.serverVersion,
        pgDumpVersion: tools.version,
        format: inputs.backupFormat,
        file: external_node_path_.basename(paths.finalPath),
        size: verified.size,
        sha256,
        sha256Of: inputs.backupFormat === 'custom' ? 'file' : 'directory-manifest',
        tables: facts.tables,
        tablesWithData: verified.tableData,
        databaseBytes: facts.databaseBytes,
        migrationsApplied: facts.migrationsApplied,
        twin: facts.twin,
        createdAt: new Date().toISOString(),
        durationMs: Math.round(dumpMs),
        verificationMs: Math.round(verificationMs),
        gitSha: env.GITHUB_SHA ?? null,
        runId: env.GITHUB_RUN_ID ?? null,
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? null,
        repository: env.GITHUB_REPOSITORY ?? null,
        encrypted: encrypted
            ? { file: external_node_path_.basename(encrypted.path), size: encrypted.size, sha256: encrypted.sha256, format: 'age', recipients: [...inputs.backupRecipients], durationMs: encrypted.durationMs }
            : null
    };
}
/**
 * The manifest written whole in the staging folder first; then every file is given its final name,
 * and the backup is finished, in one synchronous run (see place).
 */
async function placeBackup(run, files, paths, manifest, { verified, encrypted, agePath, stagedAge }) {
    const { inputs, cancelled } = run;
    const { staging, partialPath, finalPath, manifestPath } = paths;
    const stagedManifest = external_node_path_.join(staging, external_node_path_.basename(manifestPath));
    await (0,backup_files/* fileStep */.xc)('Writing the manifest', manifestPath, () => writeManifest(stagedManifest, manifest));
    place(files, cancelled, partialPath, finalPath, 'plaintext-backup', 'archive', verified.identity);
    if (encrypted)
        place(files, cancelled, stagedAge, agePath, 'encrypted-backup', 'encrypted backup');
    place(files, cancelled, stagedManifest, manifestPath, 'backup-manifest', 'manifest');
    let stagingRemoved = true;
    try {
        external_node_fs_.rmdirSync(staging);
    }
    catch {
        stagingRemoved = false; // still recorded: the cleanups and the post step remove it
    }
    // One state write: the encrypted file and the manifest are the finished backup's and stay; the
    // plaintext must not outlive the job (a self-hosted runner keeps 'backup-dir'): it stays recorded
    // and the post step removes it at the end of the job, unless 'keep-plaintext-backup' is true.
    // Until this write, a killed run's post step removes all of them.
    (0,created_paths/* settleCreated */.Kz)({ forget: [...(stagingRemoved ? [staging] : []), agePath, manifestPath], keep: { [finalPath]: inputs.keepPlaintextBackup } });
    files.unfinished.splice(0, files.unfinished.length, ...(stagingRemoved ? [] : [staging]));
    // A signal from here on finds a finished backup, which it keeps: the cancellation says so.
    run.afterward = `the verified backup had been placed at ${finalPath}${encrypted ? `, its encrypted copy at ${agePath}` : ''} and its manifest at ${manifestPath}; they are kept`;
}
function backupSuccess({ inputs }, target, facts, tools, paths, { verified, sha256, encrypted }, dumpMs) {
    const result = { path: paths.finalPath, size: verified.size, sha256, manifestPath: paths.manifestPath, encryptedPath: encrypted?.path, encryptedSha256: encrypted?.sha256 };
    const outputs = {
        'backup-path': result.path,
        'backup-size': String(result.size),
        'backup-sha256': result.sha256,
        'manifest-path': result.manifestPath,
        ...(encrypted ? { 'encrypted-backup-path': encrypted.path, 'encrypted-backup-sha256': encrypted.sha256 } : {})
    };
    const rate = (0,format/* formatBytes */.z3)((verified.size * 1000) / Math.max(dumpMs, 1));
    const where = encrypted
        ? ` Encrypted to ${inputs.backupRecipients.length} age recipient${inputs.backupRecipients.length === 1 ? '' : 's'}: ${external_node_path_.basename(encrypted.path)} (${(0,format/* formatBytes */.z3)(encrypted.size)}) is the file to upload.`
        : ' Not encrypted (no backup-recipients): do not upload it; it holds production data in clear.';
    const after = inputs.keepPlaintextBackup
        ? ' The plaintext archive is kept after the job (keep-plaintext-backup: true).'
        : ' The plaintext archive stays on the runner for the next steps and is removed at the end of the job.';
    (0,log/* info */.pq)(`Backup verified: ${result.path}`);
    return {
        result,
        facts,
        success: {
            verdict: 'verified',
            outcome: `Backup of '${target.database}' verified: ${(0,format/* formatBytes */.z3)(verified.size)} in ${(0,format/* formatDuration */.a3)(dumpMs)} (${rate}/s), read end to end by pg_restore ${tools.version}.${where}${after}`,
            outputs
        }
    };
}
/**
 * `<database>_<UTC time>[_run<id>-<attempt>][_<job>]_<target>_<random>`, safe as a file name, and
 * unique per job: two jobs of a matrix (there is no matrix variable) on one self-hosted runner
 * with a shared `backup-dir`, the same database name, run id and second still differ by the target
 * (a hash of host, port and database) and, always, by a random part. Uniqueness of the name is a
 * courtesy; safety does not rest on it (files are created and placed exclusively).
 */
function backupName(target, env, now = new Date(), random = (0,external_node_crypto_.randomBytes)(4).toString('hex')) {
    const safe = (s, max) => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, max);
    const stamp = now
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
    const run = env.GITHUB_RUN_ID ? `_run${safe(env.GITHUB_RUN_ID, 20)}-${safe(env.GITHUB_RUN_ATTEMPT || '1', 6)}` : '';
    const job = env.GITHUB_JOB ? `_${safe(env.GITHUB_JOB, 40)}` : '';
    const where = (0,external_node_crypto_.createHash)('sha256').update(`${target.host}\0${target.port}\0${target.database}`).digest('hex').slice(0, 8);
    return `${safe(target.database, 60)}_${stamp}${run}${job}_${where}_${random}`;
}


/***/ })

};
