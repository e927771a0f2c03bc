export const id = 278;
export const ids = [278];
export const modules = {

/***/ 9388:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WI: () => (/* binding */ readManifest),
/* harmony export */   ev: () => (/* binding */ manifestPathFor),
/* harmony export */   i7: () => (/* binding */ readManifestBeside)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7194);




/**
 * The manifest the backup phase writes beside every archive: where it is, and reading it back with
 * every field a restore relies on checked. Nothing here looks at the archive itself (see open.ts).
 */
/**
 * The manifest beside a backup: `<name>.dump`, `<name>.dir` (with or without a trailing slash),
 * `<name>.dump.age` or `<name>.dir.tar.age` → `<name>.manifest.json` (as the backup names it).
 */
function manifestPathFor(backupPath) {
    const trimmed = backupPath.replace(/(.)\/+$/, '$1');
    const base = node_path__WEBPACK_IMPORTED_MODULE_1__.basename(trimmed).replace(/(\.dump\.age|\.dir\.tar\.age|\.dump|\.dir)$/, '');
    return node_path__WEBPACK_IMPORTED_MODULE_1__.join(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(trimmed), `${base}.manifest.json`);
}
const DAMAGED_FIX = 'Use the manifest the backup phase wrote with this backup, unchanged; run the backup again if it was damaged.';
/**
 * Reads a manifest and checks its shape: every field a restore relies on present, the text fields
 * text, `migrationsApplied` a list, `format` one the backup writes. `notFoundFix` says where the
 * phase that reads it expects the manifest to come from.
 */
async function readManifest(file, notFoundFix) {
    let text;
    try {
        text = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile(file, 'utf8');
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The backup's manifest ${file} cannot be read (${err.code ?? (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .scrub */ ._I)((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err))}): without it the archive cannot be checked (sha256, server version, migrations applied).`, notFoundFix);
    }
    let m;
    try {
        m = JSON.parse(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The backup's manifest ${file} is not valid JSON.`, DAMAGED_FIX);
    }
    if (typeof m !== 'object' || m === null)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The backup's manifest ${file} is not a JSON object.`, DAMAGED_FIX);
    const missing = ['database', 'serverVersion', 'pgDumpVersion', 'format', 'file', 'sha256', 'tables', 'migrationsApplied'].filter(k => m[k] === undefined || m[k] === null);
    const notText = ['database', 'serverVersion', 'pgDumpVersion', 'format', 'file', 'sha256'].filter(k => !missing.includes(k) && typeof m[k] !== 'string');
    const problems = [
        missing.length > 0 ? `missing: ${missing.join(', ')}` : '',
        notText.length > 0 ? `not text: ${notText.join(', ')}` : '',
        m.migrationsApplied !== undefined && m.migrationsApplied !== null && !Array.isArray(m.migrationsApplied) ? 'migrationsApplied is not a list' : '',
        typeof m.format === 'string' && m.format !== 'custom' && m.format !== 'directory' ? `format '${m.format}' is neither custom nor directory` : ''
    ].filter(Boolean);
    if (problems.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The backup's manifest ${file} is incomplete or malformed (${problems.join('; ')}).`, DAMAGED_FIX);
    }
    return m;
}
/** The manifest beside `backupPath` (see manifestPathFor), read and checked. */
async function readManifestBeside(backupPath, notFoundFix) {
    const manifestPath = manifestPathFor(backupPath);
    return { manifest: await readManifest(manifestPath, notFoundFix), manifestPath };
}


/***/ }),

/***/ 4128:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ checkArchiveDigest),
/* harmony export */   p: () => (/* binding */ openArchive)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _backup_files_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1933);
/* harmony import */ var _crypto_age_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4079);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7194);





/**
 * The proof that a backup is the archive its manifest describes: the plaintext archive's sha256
 * (computed as the backup did: the file, or the directory's manifest), or for an age file the
 * ciphertext's sha256, the decryption and the plaintext's sha256.
 */
const NAME_FIX = "Give 'backup-path' the backup its manifest describes, under the name the backup phase gave it (its 'backup-path' output, or the file of the backup artifact), with that manifest beside it.";
/**
 * Checks that the plaintext archive `archive` is the one `manifest` describes (its name and its
 * sha256) and returns the sha256.
 */
async function checkArchiveDigest(archive, manifest) {
    const name = node_path__WEBPACK_IMPORTED_MODULE_0__.basename(archive.replace(/(.)\/+$/, '$1'));
    if (manifest.file !== name) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${name} is not the backup its manifest describes (${manifest.file}).`, NAME_FIX);
    }
    let digest;
    try {
        digest = manifest.format === 'directory' ? await (0,_backup_files_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Directory */ .jZ)(archive) : await (0,_backup_files_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256File */ .Q3)(archive);
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The backup archive ${archive} cannot be read (${err.code ?? (0,_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .scrub */ ._I)((0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(err))}).`, "Check 'backup-path': the archive the backup phase wrote (its 'backup-path' output), or the backup artifact downloaded first.");
    }
    if (digest !== manifest.sha256) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The backup archive ${archive} does not match its manifest: sha256 differs, it is not the archive the backup verified: its sha256 is ${digest}, the manifest records ${manifest.sha256}. It was altered, replaced or truncated after the backup; nothing was restored.`, 'Use a backup whose manifest matches, unchanged (or run the backup again); find out what wrote to the backup folder.');
    }
    return digest;
}
/**
 * Proves that `backupPath` is the archive its manifest describes and returns the plaintext to
 * restore. A `.age` file is checked (ciphertext sha256), decrypted with `identity` into `workDir`
 * (which the caller removes) and checked again (plaintext sha256); a plaintext archive is hashed
 * (checkArchiveDigest).
 */
async function openArchive(o) {
    const { backupPath, manifest } = o;
    const name = node_path__WEBPACK_IMPORTED_MODULE_0__.basename(backupPath);
    if (name.endsWith('.age')) {
        const fix = 'Give the backup file and the manifest written with it (both are in the backup artifact).';
        if (!manifest.encrypted) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${name} is an age file, but its manifest records no encrypted copy.`, fix);
        }
        if (manifest.encrypted.file !== name) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${name} is not the encrypted backup its manifest describes (${manifest.encrypted.file}).`, fix);
        }
        if (!o.identity) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${name} is encrypted, and no 'backup-identity' was given.`, "Pass the age identity (the AGE-SECRET-KEY-1… line of the key file whose public key the backup was encrypted to) from a secret as 'backup-identity'.");
        }
        const kind = manifest.format === 'custom' ? 'file' : 'directory';
        const out = node_path__WEBPACK_IMPORTED_MODULE_0__.join(o.workDir, manifest.file);
        await (0,_crypto_age_file_js__WEBPACK_IMPORTED_MODULE_2__/* .decryptBackup */ .i)({
            encrypted: backupPath,
            identity: o.identity,
            encryptedSha256: manifest.encrypted.sha256,
            plaintextSha256: manifest.sha256,
            kind,
            out
        });
        return { archive: out, format: manifest.format, encrypted: true, sha256: manifest.sha256 };
    }
    const digest = await checkArchiveDigest(backupPath, manifest);
    return { archive: backupPath, format: manifest.format, encrypted: false, sha256: digest };
}


/***/ }),

/***/ 4174:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ runPgRestore)
/* harmony export */ });
/* harmony import */ var _process_children_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2554);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7194);
/* harmony import */ var _postgres_libpq_env_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1189);




/** pg_restore's own chatter under --verbose: not an error. */
const VERBOSE_LINE = /^pg_restore: (processing|creating|launching|finished|connecting|executing)/;
/**
 * pg_restore into one database, stopping at the first error (`--exit-on-error`), never prompting
 * for a password; owners and privileges as in the archive unless `args` say otherwise. The error
 * names how it ended and pg_restore's last lines (its progress chatter left out).
 */
async function runPgRestore(o) {
    const args = ['--exit-on-error', '--no-password', `--format=${o.format}`, `--dbname=${(0,_postgres_libpq_env_js__WEBPACK_IMPORTED_MODULE_3__/* .dbnameArg */ .aY)(o.database ?? o.env.PGDATABASE ?? '')}`, ...(o.args ?? [])];
    if (o.onProgress)
        args.push('--verbose');
    if (o.jobs !== undefined && o.jobs > 1)
        args.push(`--jobs=${o.jobs}`);
    args.push(o.archive);
    let done = 0;
    const onProgress = o.onProgress;
    const result = await (0,_process_children_js__WEBPACK_IMPORTED_MODULE_0__/* .runChild */ .w$)(o.tools.pgRestore, args, {
        env: o.env,
        dieWithParent: o.dieWithParent,
        onStderrLine: onProgress
            ? line => {
                const m = /processing data for table "(.+)"/.exec(line);
                if (m?.[1])
                    onProgress(++done, o.tableData ?? 0, m[1]);
            }
            : undefined
    }).done;
    if (result.code !== 0) {
        const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
        const errors = result.stderrTail.filter(l => !VERBOSE_LINE.test(l));
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`pg_restore ${how}, at the first error (--exit-on-error):\n${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .scrub */ ._I)(errors.slice(-6).join('\n'))}`, 'The archive does not restore into this server: fix the cause above (a role, extension or setting the archive needs that the server lacks, privileges, disk, or a damaged archive), then run again.');
    }
}


/***/ }),

/***/ 9627:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CY: () => (/* binding */ dumpSchema),
/* harmony export */   Pk: () => (/* binding */ isRestrictLine),
/* harmony export */   QC: () => (/* binding */ archiveSchema),
/* harmony export */   VF: () => (/* binding */ databaseSchema),
/* harmony export */   aI: () => (/* binding */ firstDifferentLine)
/* harmony export */ });
/* unused harmony export normalizeSchemaScript */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _process_children_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2554);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7194);
/* harmony import */ var _postgres_libpq_env_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1189);





/**
 * Schema scripts: an archive's (pg_restore --schema-only) and a database's (pg_dump --schema-only),
 * and what differs between two prints of the same schema, left out so that they compare.
 */
/** pg_dump's `\restrict` / `\unrestrict` lines: a random key per print, nothing of the schema. */
function isRestrictLine(line) {
    return /^\\(un)?restrict\b/.test(line);
}
/**
 * `pg_dump --schema-only` of one database, as written (comments included: they carry the object
 * headers). The connection comes from `env`; `database` default `env.PGDATABASE`; `args` add e.g.
 * `--no-owner`. A failure names the database; `fix` says what to do in the caller's terms.
 */
async function dumpSchema(o) {
    const database = o.database ?? o.env.PGDATABASE ?? '';
    const r = await (0,_process_children_js__WEBPACK_IMPORTED_MODULE_1__/* .runChild */ .w$)(o.pgDump, ['--schema-only', '--no-password', '--file=-', ...(o.args ?? []), `--dbname=${(0,_postgres_libpq_env_js__WEBPACK_IMPORTED_MODULE_4__/* .dbnameArg */ .aY)(database)}`], {
        env: o.env,
        captureStdout: true,
        dieWithParent: o.dieWithParent
    }).done;
    if (r.code !== 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`pg_dump --schema-only of database '${database}' failed:\n${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .scrub */ ._I)(r.stderrTail.slice(-5).join('\n'))}`, o.fix);
    }
    return r.stdout;
}
/** The schema (DDL, owners, privileges) an archive holds, as pg_restore prints it, normalized. */
async function archiveSchema(tools, archive, format, dieWithParent) {
    const result = await (0,_process_children_js__WEBPACK_IMPORTED_MODULE_1__/* .runChild */ .w$)(tools.pgRestore, ['--schema-only', '--file=-', `--format=${format}`, archive], {
        env: (0,_process_children_js__WEBPACK_IMPORTED_MODULE_1__/* .envWithoutSecrets */ .FK)(),
        captureStdout: true,
        dieWithParent
    }).done;
    if (result.code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`pg_restore could not print the schema of ${node_path__WEBPACK_IMPORTED_MODULE_0__.basename(archive)}.\n${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .scrub */ ._I)(result.stderrTail.slice(-5).join('\n'))}`, 'Use a backup written by the backup phase.');
    return normalizeSchemaScript(result.stdout);
}
/** The schema of the database named by `env` (PGDATABASE), printed by pg_dump, normalized. */
async function databaseSchema(tools, env, dieWithParent) {
    return normalizeSchemaScript(await dumpSchema({ pgDump: tools.pgDump, env, fix: 'Check the server, then run the restore again.', dieWithParent }));
}
/**
 * A schema script without what differs between two prints of the same schema: comments (they
 * name the versions), blank lines, and the random key of `\restrict` / `\unrestrict` lines.
 */
function normalizeSchemaScript(sql) {
    return sql
        .split('\n')
        .filter(line => line.trim() !== '' && !line.startsWith('--') && !isRestrictLine(line))
        .join('\n');
}
/** The first line where two schema scripts differ, for a message. */
function firstDifferentLine(a, b) {
    const la = a.split('\n');
    const lb = b.split('\n');
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
        if (la[i] !== lb[i])
            return `line ${i + 1}: backup has '${(la[i] ?? '(end)').slice(0, 120)}', restored copy has '${(lb[i] ?? '(end)').slice(0, 120)}'`;
    }
    return 'none';
}


/***/ }),

/***/ 8365:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ majorOf),
/* harmony export */   E: () => (/* binding */ versionProblem)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/** The first number of a version string (`15.4` → 15), or NaN. */
function majorOf(version) {
    return Number(/^(\d+)/.exec(version.trim())?.[1] ?? NaN);
}
/**
 * The version rules of a restore: the server's major version at least the one the dump was taken
 * from (objects and syntax of a newer server may not exist on an older one), and pg_restore at
 * least the pg_dump that wrote the archive (an older pg_restore cannot read a newer archive format).
 */
function versionProblem(manifest, serverVersion, tools) {
    const dumpServer = majorOf(manifest.serverVersion);
    const serverMajor = majorOf(serverVersion);
    if (!(serverMajor >= dumpServer)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The backup was taken from PostgreSQL ${manifest.serverVersion}, and the target server runs PostgreSQL ${serverVersion}: a dump cannot be restored into an older major version. Nothing was changed.`, `Restore into a server of PostgreSQL ${dumpServer} or newer (or upgrade this one first).`);
    }
    if (tools && !(tools.major >= majorOf(manifest.pgDumpVersion))) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The backup was written by pg_dump ${manifest.pgDumpVersion}, and the pg_restore found is ${tools.version} (${tools.dir}): an older pg_restore cannot read a newer archive. Nothing was changed.`, `Install PostgreSQL ${majorOf(manifest.pgDumpVersion)}+ client tools before this step, or set 'pg-bin-dir' to them.`);
    }
    return undefined;
}


/***/ }),

/***/ 7278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  restorePhase: () => (/* binding */ restorePhase)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/postgres/session.ts
var postgres_session = __webpack_require__(2515);
// EXTERNAL MODULE: ./src/postgres/pg-tools.ts
var pg_tools = __webpack_require__(3152);
// EXTERNAL MODULE: ./src/postgres/libpq-env.ts
var libpq_env = __webpack_require__(1189);
// EXTERNAL MODULE: ./src/postgres/table-count.ts
var table_count = __webpack_require__(4341);
// EXTERNAL MODULE: ./src/prisma/books.ts
var books = __webpack_require__(5838);
// EXTERNAL MODULE: ./src/backup/archive-check.ts
var archive_check = __webpack_require__(1333);
// EXTERNAL MODULE: ./src/archive/versions.ts
var versions = __webpack_require__(8365);
// EXTERNAL MODULE: ./src/archive/open.ts
var archive_open = __webpack_require__(4128);
// EXTERNAL MODULE: ./src/archive/pg-restore.ts
var pg_restore = __webpack_require__(4174);
// EXTERNAL MODULE: ./src/archive/schema-text.ts
var schema_text = __webpack_require__(9627);
;// CONCATENATED MODULE: ./src/restore/connect.ts


/** The application name of every session the restore opens (its checks open their own). */
const RESTORE_APPLICATION = 'db-deploy-action restore';
/** A session of the restore on `target`: statements may run 5 minutes, locks are waited for 10 s. */
function openTargetSession(target, connectTimeoutMs, o) {
    return (0,postgres_session/* openSession */.fA)(target, { ...o, connectTimeoutMs, statementTimeoutMs: 300_000, lockTimeoutMs: 10_000 });
}
/** A session on the maintenance database (`postgres`, else `template1`): renaming needs one that is neither. */
async function openMaintenanceSession(target, connectTimeoutMs) {
    let first;
    for (const database of ['postgres', 'template1']) {
        if (database === target.database)
            continue;
        try {
            return await openTargetSession({ ...target, database }, connectTimeoutMs, { readOnly: false, applicationName: RESTORE_APPLICATION });
        }
        catch (err) {
            first ??= err;
        }
    }
    throw new errors/* ActionError */.lZ(`Connecting to the maintenance database ('postgres' or 'template1') failed: ${(0,errors/* errorMessage */.gJ)(first)}. Renaming '${target.database}' needs a session on another database. Nothing was renamed; the target was not changed.`, "Grant the connecting role CONNECT on the 'postgres' database.");
}

// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
;// CONCATENATED MODULE: ./src/restore/sessions.ts

/**
 * Sessions on the database that block the rename. An autovacuum worker is not one: it comes and
 * goes on the server's schedule, and ALTER DATABASE … RENAME ends it by itself.
 */
async function sessionsOn(session, database) {
    const r = await session.query(`SELECT pid, application_name AS application, client_addr::text AS client, usename AS user,
            extract(epoch FROM now() - backend_start)::int AS "ageSeconds", state
       FROM pg_stat_activity
      WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type IS DISTINCT FROM 'autovacuum worker' ORDER BY backend_start`, [database]);
    return r.rows;
}
/** The first ten sessions in words (pid, application, user, client, age, state), then how many more. */
function describeSessions(list) {
    const shown = list
        .slice(0, 10)
        .map(s => `pid ${s.pid} (${[s.application ? `application '${s.application}'` : 'no application name', s.user ? `user ${s.user}` : '', s.client ? `from ${s.client}` : 'local', s.ageSeconds !== null ? `connected ${(0,format/* formatDuration */.a3)(s.ageSeconds * 1000)}` : '', s.state ?? ''].filter(Boolean).join(', ')})`);
    return shown.join('; ') + (list.length > 10 ? `; and ${list.length - 10} more` : '');
}
/**
 * Ends the sessions on `database` (listed first, then ended by pid: in one WHERE clause the
 * server may call pg_terminate_backend before it filters by database). Returns those it ended.
 */
async function endSessionsOn(session, database) {
    const listed = await sessionsOn(session, database);
    if (listed.length === 0)
        return [];
    const r = await session.query('SELECT pid FROM unnest($1::int[]) AS pid WHERE pg_terminate_backend(pid)', [listed.map(s => s.pid)]);
    const ended = new Set(r.rows.map(row => row.pid));
    return listed.filter(s => ended.has(s.pid));
}

// EXTERNAL MODULE: ./src/archive/manifest-file.ts
var manifest_file = __webpack_require__(9388);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/postgres/sql-text.ts
var sql_text = __webpack_require__(6079);
;// CONCATENATED MODULE: ./src/restore/swap.ts






/** The start of the name of every copy a restore of `database` creates (see swapNames). */
function copyNamePrefix(database) {
    return `${truncateBytes(database, 30)}_restore_`;
}
/**
 * New names for a restore of `database`: the copy `<database>_restore_<random>` and the name the
 * target is kept under, `<database>_pre_restore_<UTC time>` (the database's name cut to 30 bytes).
 */
function swapNames(database, now = new Date()) {
    const stamp = now
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, '');
    return {
        target: database,
        copy: `${copyNamePrefix(database)}${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`,
        previous: `${truncateBytes(database, 30)}_pre_restore_${stamp}`,
        targetOid: 0
    };
}
/** The server session `session` runs on, to follow it after its connection is lost. */
async function swapBackendOf(session) {
    const me = await session.query(`SELECT pid, backend_start::text AS started FROM pg_stat_activity WHERE pid = pg_backend_pid()`);
    return me.rows[0];
}
/**
 * Renames the target to the kept name and the copy to the target's name, in one transaction on
 * the maintenance session. With `terminate`, the sessions on the target are ended first, and
 * again (up to 5 attempts) when they reconnect before the rename. Returns the sessions it ended.
 */
async function swapDatabases(maintenance, n, terminate) {
    let terminated = [];
    for (let attempt = 1;; attempt++) {
        if (terminate)
            terminated = terminated.concat(await endSessionsOn(maintenance, n.target));
        try {
            await maintenance.query('BEGIN');
            await maintenance.query(`ALTER DATABASE ${maintenance.escapeIdentifier(n.target)} RENAME TO ${maintenance.escapeIdentifier(n.previous)}`);
            await maintenance.query(`ALTER DATABASE ${maintenance.escapeIdentifier(n.copy)} RENAME TO ${maintenance.escapeIdentifier(n.target)}`);
            await maintenance.query('COMMIT');
            return terminated;
        }
        catch (err) {
            await maintenance.query('ROLLBACK').catch(() => { });
            const code = err.code;
            if (code === '55006') {
                const now = await sessionsOn(maintenance, n.target);
                if (terminate && attempt < 5)
                    continue;
                throw new errors/* ActionError */.lZ(`'${n.target}' could not be swapped: ${now.length ? `sessions are connected (${describeSessions(now)})` : 'sessions were connected'}${terminate ? ' again after being ended, 5 times' : ''}.`, terminate ? 'Stop the application that reconnects (or block it), then run the restore again.' : "Stop the application first, or set 'terminate-connections: true'.");
            }
            throw new errors/* ActionError */.lZ(`Swapping '${n.copy}' in for '${n.target}' failed: ${(0,errors/* errorMessage */.gJ)(err)}.`, 'Renaming a database needs its ownership (or superuser) and the CREATEDB privilege; check the connecting role.');
        }
    }
}
/** Reads the swap's outcome from pg_database on `session` (see SwapState). */
async function readSwapState(session, names) {
    const r = await session.query(`SELECT oid::int AS oid, datname FROM pg_database WHERE oid = $1 OR datname = ANY($2::text[]) ORDER BY oid`, [
        names.targetOid,
        [names.target, names.copy, names.previous]
    ]);
    const original = r.rows.find(row => row.oid === names.targetOid);
    const atTarget = r.rows.find(row => row.datname === names.target);
    const atCopy = r.rows.find(row => row.datname === names.copy);
    if (original?.datname === names.target)
        return { kind: 'unchanged', copy: atCopy ? { left: `'${names.copy}' exists (oid ${atCopy.oid})` } : 'absent' };
    if (original?.datname === names.previous && atTarget && atTarget.oid !== names.targetOid && (names.copyOid === undefined || atTarget.oid === names.copyOid)) {
        return { kind: 'swapped', copyOid: atTarget.oid };
    }
    const listed = r.rows.map(row => `'${row.datname}' (oid ${row.oid})`).join(', ');
    return {
        kind: 'unknown',
        why: `pg_database shows neither the state before the swap nor the state after it (the target's database had oid ${names.targetOid}${names.copyOid !== undefined ? `, the copy oid ${names.copyOid}` : ''}; now: ${listed || 'none of these databases'})`
    };
}
/**
 * After a failure or a cancellation once the copy is being created: waits until the session that
 * ran the swap (if any) has left the server, so that its transaction can no longer commit; reads
 * pg_database; drops the copy only when the target's name is still on the target's database and
 * the copy is still under its own name. Never throws: what cannot be read is `unknown`.
 */
async function settleAfterFailure(target, connectTimeoutMs, names, backend) {
    let session;
    try {
        session = await openMaintenanceSession(target, connectTimeoutMs);
    }
    catch (err) {
        return { kind: 'unknown', why: `pg_database could not be read: ${(0,errors/* errorMessage */.gJ)(err).split('\n')[0]}` };
    }
    try {
        if (backend) {
            const gone = await waitForBackendToLeave(session, backend);
            if (gone !== true)
                return gone;
        }
        const state = await readSwapState(session, names);
        if (state.kind !== 'unchanged' || state.copy === 'absent')
            return state;
        try {
            // Dropped by name only while that name is still on the copy this run created.
            const r = await session.query(`SELECT oid::int AS oid FROM pg_database WHERE datname = $1`, [names.copy]);
            if (names.copyOid !== undefined && r.rows[0]?.oid !== names.copyOid)
                return state;
            await session.query(`DROP DATABASE IF EXISTS ${session.escapeIdentifier(names.copy)} WITH (FORCE)`);
            const gone = await session.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [names.copy]);
            return gone.rows.length === 0 ? { kind: 'unchanged', copy: 'dropped' } : state;
        }
        catch (err) {
            return { kind: 'unchanged', copy: { left: `dropping it failed: ${(0,errors/* errorMessage */.gJ)(err)}` } };
        }
    }
    catch (err) {
        return { kind: 'unknown', why: `reading pg_database failed: ${(0,errors/* errorMessage */.gJ)(err).split('\n')[0]}` };
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
/**
 * Waits (30 s at most) until the swap's server session has left; after 5 s it is ended, which
 * settles its transaction, committed or not. True once it is gone; otherwise the unknown state.
 */
async function waitForBackendToLeave(session, backend) {
    const deadline = Date.now() + 30_000;
    let asked = false;
    for (;;) {
        const r = await session.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2`, [backend.pid, backend.started]);
        if (r.rows.length === 0)
            return true;
        if (Date.now() > deadline) {
            return {
                kind: 'unknown',
                why: `the server session that ran the swap (pid ${backend.pid}) is still on the server 30 s after its connection failed, so its transaction may yet commit or roll back`
            };
        }
        // Its connection is gone or broken: ending it settles its transaction, committed or not.
        if (!asked && Date.now() > deadline - 25_000) {
            asked = true;
            await session.query('SELECT pg_terminate_backend($1)', [backend.pid]).catch(() => { });
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}
/** The outcome in words, every one of them from what was read back. */
function describeSwapState(state, n) {
    const back = `ALTER DATABASE ${(0,sql_text/* sqlIdent */.j)(n.target)} RENAME TO ${(0,sql_text/* sqlIdent */.j)(n.copy)}; ALTER DATABASE ${(0,sql_text/* sqlIdent */.j)(n.previous)} RENAME TO ${(0,sql_text/* sqlIdent */.j)(n.target)};`;
    switch (state.kind) {
        case 'unchanged': {
            const copy = state.copy === 'dropped'
                ? `the copy being restored, '${n.copy}', was dropped`
                : state.copy === 'absent'
                    ? `no copy '${n.copy}' exists`
                    : `the copy being restored was not dropped (${state.copy.left}): drop it (DROP DATABASE ${(0,sql_text/* sqlIdent */.j)(n.copy)};)`;
            return `The database was not changed: read back from pg_database, '${n.target}' is still the database it was (oid ${n.targetOid}), and ${copy}.`;
        }
        case 'swapped':
            return (`The swap committed: read back from pg_database, '${n.target}' now holds the restored copy (oid ${state.copyOid}), and the database it replaced is kept as '${n.previous}' (oid ${n.targetOid}). Nothing was dropped. ` +
                `To put the previous database back (from another database, with no session on either): ${back}`);
        case 'unknown':
            return (`Whether the swap committed cannot be known: ${state.why}. Nothing was dropped. ` +
                `Check with SELECT oid, datname FROM pg_database WHERE datname IN (${[n.target, n.previous, n.copy].map(sql_text/* sqlLiteral */.Y).join(', ')}); ` +
                `if '${n.previous}' exists, the swap committed: '${n.target}' holds the restored copy and the previous database is '${n.previous}' (to put it back: ${back}); ` +
                `if '${n.target}' has oid ${n.targetOid}, nothing was renamed: drop the copy (DROP DATABASE ${(0,sql_text/* sqlIdent */.j)(n.copy)};).`);
    }
}
/** What to do after a failure that left the swap `state`, when it is not `unchanged`. */
function swapFix(state, n) {
    return state.kind === 'swapped'
        ? `'${n.target}' holds the backup's data now, and its checks did not all run: check it before the application writes to it, then keep it (and drop '${n.previous}' when no longer needed) or put the previous database back with the statements above.`
        : `Read pg_database as above before anything writes to '${n.target}', then act on what it shows.`;
}
/** At most `max` bytes of `s` in UTF-8, cut on a character boundary. */
function truncateBytes(s, max) {
    let out = '';
    for (const ch of s) {
        if (Buffer.byteLength(out + ch) > max)
            break;
        out += ch;
    }
    return out;
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
;// CONCATENATED MODULE: ./src/restore/checks.ts











/** The typed confirmation: `confirm-restore` must be the target database's name, exactly. */
function confirmTarget(confirmRestore, target) {
    if (!confirmRestore) {
        throw new errors/* ActionError */.lZ(`The restore phase needs 'confirm-restore', and it is empty; nothing was done. The target database is '${target.database}'.`, `Set 'confirm-restore' to '${target.database}' (the database's name, typed exactly) to confirm that this database is to be replaced by the backup.`);
    }
    if (confirmRestore !== target.database) {
        throw new errors/* ActionError */.lZ(`'confirm-restore' is '${confirmRestore}', and the target database is '${target.database}': they must be equal, exactly. Nothing was done; no connection was made.`, `Check that the database URL names the database you mean to restore, then type its name exactly in 'confirm-restore'.`);
    }
    return [undefined, `'${target.database}' typed exactly`];
}
/** The manifest beside the backup: it must be of the target database. */
async function readRestoreManifest(backupPath, target) {
    if (!backupPath) {
        throw new errors/* ActionError */.lZ("No 'backup-path' was given: there is nothing to restore.", "Set 'backup-path' to the backup (the .age file of the backup artifact, or a plaintext archive), with its manifest beside it.");
    }
    const file = (0,manifest_file/* manifestPathFor */.ev)(backupPath);
    const m = await (0,manifest_file/* readManifest */.WI)(file, 'Put the manifest (<name>.manifest.json, written by the backup phase and uploaded with the .age file) beside the backup, under its own name.');
    if (m.database !== target.database) {
        throw new errors/* ActionError */.lZ(`The backup is of database '${m.database}' (host ${m.host}), and the target is database '${target.database}' (host ${target.host}): a backup is restored only into the database it was taken from. Nothing was done.`, `Restore a backup of '${target.database}', or point the database URL at '${m.database}'.`);
    }
    if (m.host !== target.host)
        (0,log/* warning */.$e)(`The backup was taken through host '${m.host}'; the target is reached through '${target.host}' (same database name '${m.database}'). Check that they are the same server.`);
    return [
        m,
        `${external_node_path_.basename(file)}: database '${m.database}', PostgreSQL ${m.serverVersion}, ${(0,format/* counted */.hS)(m.migrationsApplied.length, 'migration')} applied, taken ${m.createdAt}${m.runId ? ` by run ${m.runId}` : ''}`
    ];
}
/** The server's version against the backup's, the role's privileges, the other sessions; warns of copies left behind. */
async function checkServer(target, connectTimeoutMs, manifest) {
    const session = await openTargetSession(target, connectTimeoutMs, { readOnly: true, applicationName: RESTORE_APPLICATION });
    try {
        const v = await session.query(`SELECT current_setting('server_version') AS version`);
        const version = (v.rows[0]?.version ?? '').split(' ')[0];
        const problem = (0,versions/* versionProblem */.E)(manifest, version);
        if (problem)
            throw problem;
        await checkRestorePrivileges(session);
        const connected = await sessionsOn(session, target.database);
        // Copies a restore killed with SIGKILL could not drop: named so they never take the target's name.
        const stale = await session.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND substr(datname, length($1) + 1) ~ '^[0-9a-f]{8}$' ORDER BY 1`, [
            copyNamePrefix(target.database)
        ]);
        if (stale.rows.length > 0) {
            (0,log/* warning */.$e)(`Left behind by an earlier restore that did not finish (killed before it could clean up): ${stale.rows.map(r => `'${r.datname}'`).join(', ')}. They are not used; drop them (DROP DATABASE "<name>";) once no restore is running.`);
        }
        return [
            { version, major: (0,versions/* majorOf */.D)(version), connected },
            `PostgreSQL ${version} (the backup is of ${manifest.serverVersion}); ${connected.length} other session${connected.length === 1 ? '' : 's'} on '${target.database}'`
        ];
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
/**
 * What the restore will need, checked before anything is written: creating the copy (CREATEDB, and
 * CREATE on the target's tablespace when it is not pg_default: the copy is created in it), renaming
 * the target and giving the copy its owner (the owner's role).
 */
async function checkRestorePrivileges(session) {
    const role = await session.query(`SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreatedb AS createdb, pg_get_userbyid(d.datdba) AS owner,
            pg_has_role(current_user, d.datdba, 'MEMBER') AS member, t.spcname AS tablespace,
            (t.spcname = 'pg_default' OR has_tablespace_privilege(current_user, t.oid, 'CREATE')) AS "inTablespace"
       FROM pg_roles r, pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace
      WHERE r.rolname = current_user AND d.datname = current_database()`);
    const me = role.rows[0];
    if (me && !me.superuser && (!me.createdb || !me.member || !me.inTablespace)) {
        const missing = [
            !me.createdb ? 'the CREATEDB privilege (to create the database the backup is restored into)' : '',
            !me.member ? `membership in the database's owner role '${me.owner}' (to rename it and give the copy the same owner)` : '',
            !me.inTablespace ? `the CREATE privilege on tablespace '${me.tablespace}', the database's (the copy is created in it, so that it comes back where it was)` : ''
        ]
            .filter(Boolean)
            .join(' and ');
        const grants = [
            !me.createdb ? `ALTER ROLE ${(0,sql_text/* sqlIdent */.j)(me.role)} CREATEDB;` : '',
            !me.member ? `GRANT ${(0,sql_text/* sqlIdent */.j)(me.owner)} TO ${(0,sql_text/* sqlIdent */.j)(me.role)};` : '',
            !me.inTablespace ? `GRANT CREATE ON TABLESPACE ${(0,sql_text/* sqlIdent */.j)(me.tablespace)} TO ${(0,sql_text/* sqlIdent */.j)(me.role)};` : ''
        ]
            .filter(Boolean)
            .join(' ');
        throw new errors/* ActionError */.lZ(`The role '${me.role}' lacks ${missing}. Nothing was done.`, `Connect as the database's owner with what it lacks, e.g. ${grants} (as an administrator), then run the restore again.`);
    }
}
/** The other sessions on the target: refused unless `terminate-connections` lets the swap end them. */
function checkSessions(terminateConnections, target, connected) {
    if (connected.length === 0)
        return [undefined, `no other session on '${target.database}'`];
    const list = describeSessions(connected);
    if (!terminateConnections) {
        throw new errors/* ActionError */.lZ(`${connected.length} other session${connected.length === 1 ? ' is' : 's are'} connected to '${target.database}': ${list}. The restore replaces the database and refuses while anyone is connected. Nothing was done.`, "Stop the application (or its workers) first, or set 'terminate-connections: true' to end these sessions right before the swap.");
    }
    (0,log/* info */.pq)(`Sessions on '${target.database}' (ended right before the swap, terminate-connections: true): ${list}`);
    return [undefined, `${connected.length} other session${connected.length === 1 ? '' : 's'} listed; ended right before the swap`];
}

;// CONCATENATED MODULE: ./src/restore/database-properties.ts

/**
 * pg_database's columns a copy does not take from the database it replaces, and why: each is the
 * new database's own by nature.
 */
const NOT_CARRIED = {
    oid: "the copy's own identifier",
    datname: 'the name is swapped in by the rename',
    datfrozenxid: "the copy's own transaction ID freeze horizon (vacuum bookkeeping)",
    datminmxid: "the copy's own multixact freeze horizon (vacuum bookkeeping)",
    datcollversion: "recorded from this server's collation library when the copy is created",
    dathasloginevt: 'follows from the login event triggers the archive restores'
};
/** pg_database's columns read into the named fields above. */
const NAMED = new Set([
    'datdba',
    'encoding',
    'datcollate',
    'datctype',
    'datlocprovider',
    'datlocale',
    'daticulocale',
    'daticurules',
    'dattablespace',
    'datconnlimit',
    'datistemplate',
    'datallowconn',
    'datacl'
]);
/** The columns not carried, for the step's detail: `oid (the copy's own identifier), …`. */
function notCarriedText() {
    return Object.entries(NOT_CARRIED)
        .map(([column, why]) => `${column} (${why})`)
        .join(', ');
}
async function readProperties(session, database) {
    const r = await session.query(`SELECT d.oid::int AS oid, pg_get_userbyid(d.datdba) AS owner, pg_encoding_to_char(d.encoding) AS encoding, to_jsonb(d) AS raw,
            (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = d.dattablespace) AS tablespace,
            shobj_description(d.oid, 'pg_database') AS comment,
            CASE WHEN d.datacl IS NULL THEN NULL ELSE
              (SELECT coalesce(json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,
                                                          'privilege', a.privilege_type, 'grantable', a.is_grantable)
                                        ORDER BY a.grantee, a.privilege_type), '[]') FROM aclexplode(d.datacl) a) END AS acl,
            (SELECT coalesce(json_agg(json_build_object('role', CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END, 'config', s.setconfig)
                                      ORDER BY s.setrole), '[]') FROM pg_db_role_setting s WHERE s.setdatabase = d.oid) AS settings
       FROM pg_database d WHERE d.datname = $1`, [database]);
    const row = r.rows[0];
    if (!row)
        throw new errors/* ActionError */.lZ(`Database '${database}' was not found in pg_database.`, 'Check the database URL.');
    const raw = row.raw;
    const provider = typeof raw.datlocprovider === 'string' ? raw.datlocprovider : 'c';
    const locale = (raw.datlocale ?? raw.daticulocale ?? null);
    const other = {};
    for (const [column, value] of Object.entries(raw))
        if (!NAMED.has(column) && !(column in NOT_CARRIED))
            other[column] = value;
    return {
        oid: row.oid,
        owner: row.owner,
        encoding: row.encoding,
        collate: String(raw.datcollate),
        ctype: String(raw.datctype),
        localeProvider: provider,
        locale,
        icuRules: typeof raw.daticurules === 'string' ? raw.daticurules : null,
        tablespace: row.tablespace,
        connectionLimit: Number(raw.datconnlimit),
        isTemplate: raw.datistemplate === true,
        allowConnections: raw.datallowconn !== false,
        comment: row.comment,
        acl: row.acl,
        settings: row.settings.map(s => ({ role: s.role, config: [...s.config].sort() })),
        other
    };
}
/** Creates database `name`, empty (from template0), with the encoding, collation, ctype, locale, ICU rules and tablespace of `props`. */
async function createDatabaseLike(session, name, props) {
    const locale = props.localeProvider === 'i' && props.locale
        ? ` LOCALE_PROVIDER icu ICU_LOCALE ${session.escapeLiteral(props.locale)}`
        : props.localeProvider === 'b' && props.locale
            ? ` LOCALE_PROVIDER builtin BUILTIN_LOCALE ${session.escapeLiteral(props.locale)}`
            : '';
    const rules = props.icuRules !== null ? ` ICU_RULES ${session.escapeLiteral(props.icuRules)}` : '';
    const tablespace = props.tablespace !== 'pg_default' ? ` TABLESPACE ${session.escapeIdentifier(props.tablespace)}` : '';
    await session.query(`CREATE DATABASE ${session.escapeIdentifier(name)} TEMPLATE template0 ENCODING ${session.escapeLiteral(props.encoding)} LC_COLLATE ${session.escapeLiteral(props.collate)} LC_CTYPE ${session.escapeLiteral(props.ctype)}${locale}${rules}${tablespace}`);
}
// Settings whose value is a list, stored with each element quoted as needed (as pg_dump treats them).
const LIST_SETTINGS = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'shared_preload_libraries', 'local_preload_libraries', 'unix_socket_directories']);
/** `name=value` of pg_db_role_setting as the value part of `SET name TO …`. */
function settingValue(session, name, value) {
    if (!LIST_SETTINGS.has(name.toLowerCase()))
        return session.escapeLiteral(value);
    const items = [];
    let current = '';
    let quoted = false;
    for (let i = 0; i < value.length; i++) {
        const c = value[i];
        if (c === '"') {
            if (quoted && value[i + 1] === '"') {
                current += '"';
                i++;
            }
            else
                quoted = !quoted;
        }
        else if (c === ',' && !quoted) {
            items.push(current.trim());
            current = '';
        }
        else
            current += c;
    }
    items.push(current.trim());
    return items.map(i => session.escapeLiteral(i)).join(', ');
}
/** Gives database `name` the owner, settings, privileges, connection limit, template flag and comment of `props`. */
async function applyProperties(session, name, props) {
    const db = session.escapeIdentifier(name);
    await session.query(`ALTER DATABASE ${db} OWNER TO ${session.escapeIdentifier(props.owner)}`);
    for (const group of props.settings) {
        for (const entry of group.config) {
            const at = entry.indexOf('=');
            const key = entry.slice(0, at);
            const value = entry.slice(at + 1);
            const set = `SET ${session.escapeIdentifier(key)} TO ${settingValue(session, key, value)}`;
            await session.query(group.role ? `ALTER ROLE ${session.escapeIdentifier(group.role)} IN DATABASE ${db} ${set}` : `ALTER DATABASE ${db} ${set}`);
        }
    }
    if (props.acl) {
        await session.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
        await session.query(`REVOKE ALL ON DATABASE ${db} FROM ${session.escapeIdentifier(props.owner)}`);
        for (const a of props.acl) {
            await session.query(`GRANT ${a.privilege} ON DATABASE ${db} TO ${a.grantee ? session.escapeIdentifier(a.grantee) : 'PUBLIC'}${a.grantable ? ' WITH GRANT OPTION' : ''}`);
        }
    }
    if (props.connectionLimit !== -1)
        await session.query(`ALTER DATABASE ${db} CONNECTION LIMIT ${Number(props.connectionLimit)}`);
    if (props.isTemplate)
        await session.query(`ALTER DATABASE ${db} IS_TEMPLATE true`);
    if (props.comment !== null)
        await session.query(`COMMENT ON DATABASE ${db} IS ${session.escapeLiteral(props.comment)}`);
}
/** How the copy's properties (`b`) differ from the target's (`a`), in words; undefined when they agree. */
function propertiesDifference(a, b) {
    const pairs = [
        ['owner', a.owner, b.owner],
        ['encoding', a.encoding, b.encoding],
        ['collation', a.collate, b.collate],
        ['ctype', a.ctype, b.ctype],
        ['locale provider', a.localeProvider, b.localeProvider],
        ['locale', a.locale, b.locale],
        ['ICU rules', a.icuRules, b.icuRules],
        ['tablespace', a.tablespace, b.tablespace],
        ['template', a.isTemplate, b.isTemplate],
        ['connections allowed', a.allowConnections, b.allowConnections],
        ['settings', a.settings, b.settings],
        ['privileges', a.acl, b.acl],
        ['connection limit', a.connectionLimit, b.connectionLimit],
        ['comment', a.comment, b.comment],
        ...[...new Set([...Object.keys(a.other), ...Object.keys(b.other)])].map((column) => [column, a.other[column], b.other[column]])
    ];
    const differ = pairs.filter(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y));
    return differ.length ? differ.map(([n, x, y]) => `${n} ${JSON.stringify(x)} here, ${JSON.stringify(y)} on the copy`).join('; ') : undefined;
}

// EXTERNAL MODULE: ./src/process/temp-dir.ts
var temp_dir = __webpack_require__(4689);
// EXTERNAL MODULE: ./src/process/children.ts + 1 modules
var children = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/phases/backup.ts + 7 modules
var backup = __webpack_require__(4276);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/phases/restore.ts

























/**
 * restore: the way back, all or nothing. The backup is proven to be its manifest's and to fit the
 * server before anything is touched; the current state is backed up exactly as the backup phase
 * does; the archive is restored into a new database beside the target, checked (schema equal to
 * the archive's, books equal to the manifest's), given the target's database-level properties, and
 * only then swapped in by renaming both databases in one transaction. Until that commit the target
 * is untouched; after it, the previous database is kept under another name. Its parts live in
 * src/restore/: checks.ts (before anything is written), database-properties.ts, sessions.ts,
 * swap.ts and connect.ts.
 */
const UNTOUCHED = 'The database was not changed: the restore stopped before it created or renamed any database.';
const restorePhase = {
    phase: 'restore',
    cancellation: 'stop',
    // `afterward` is set from pg_database, read back, once the restore has begun to create its copy:
    // what the server holds after a failure or a cancellation. Before that, nothing was created or renamed.
    failureOutcome: (failed, afterward) => `The restore failed${failed ? ` at '${failed}'` : ''}. ${afterward ?? UNTOUCHED}`,
    cancelOutcome: (signal, afterward) => `The restore was cancelled (${signal}); pg_restore was stopped. ${afterward ?? UNTOUCHED}`,
    async work(run) {
        const done = await restore(run);
        return { ...done.success, result: done.result };
    }
};
async function restore(run) {
    const { inputs, env, step, onCleanup } = run;
    const target = inputs.database.target();
    const toolSearch = (0,pg_tools/* discoverPgTools */.Oh)({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH });
    toolSearch.catch(() => { });
    // 1. The typed confirmation: before any connection.
    await step('confirmation', () => Promise.resolve(confirmTarget(inputs.confirmRestore, target)));
    // 2. The manifest: the backup's own database, and where it came from.
    const manifest = await step('manifest', () => readRestoreManifest(inputs.backupPath, target));
    // 3. The archive is the manifest's: sha256, or decryption and sha256.
    const workDir = await (0,temp_dir/* privateTempDir */.n)('db-restore-', env);
    onCleanup(async () => promises_.rm(workDir, { recursive: true, force: true }));
    const opened = await step('archive', async () => {
        const a = await (0,archive_open/* openArchive */.p)({ backupPath: inputs.backupPath, manifest, identity: inputs.backupIdentity, workDir });
        return [a, `${external_node_path_.basename(inputs.backupPath)}${a.encrypted ? ' decrypted with the age identity;' : ''} sha256 ${a.sha256.slice(0, 16)}… equals the manifest's`];
    });
    // 4. The server: versions, and who is connected.
    const server = await step('database', () => checkServer(target, inputs.connectTimeoutMs, manifest));
    const tools = await step('pg_restore', async () => {
        const chosen = (0,pg_tools/* requirePgTools */.gN)(await toolSearch, server.version, Math.max(server.major, (0,versions/* majorOf */.D)(manifest.pgDumpVersion)), inputs.pgBinDir);
        const problem = (0,versions/* versionProblem */.E)(manifest, server.version, chosen);
        if (problem)
            throw problem;
        return [chosen, `pg_restore ${chosen.version} (${chosen.dir}) for an archive of pg_dump ${manifest.pgDumpVersion}`];
    });
    const dieWithParent = await (0,children/* deathSignal */.nX)();
    await step('read-archive', async () => {
        const facts = await (0,archive_check/* checkArchive */.P)(tools, opened.archive, opened.format, { dieWithParent });
        return [facts, `read end to end by pg_restore: ${facts.tocEntries} entries, ${facts.tableData} tables with data`];
    });
    // 5. Sessions: listed; refused unless they may be ended (they are ended at the swap).
    await step('sessions', () => Promise.resolve(checkSessions(inputs.terminateConnections, target, server.connected)));
    // 6. The current state, backed up exactly as the backup phase does.
    const pre = await (0,backup.createVerifiedBackup)({ ...run, step: (name, fn) => step(`pre-restore ${name}`, fn) });
    // 7.–10. The copy: created beside the target, restored, checked, swapped in, read back.
    const copy = { target, inputs, manifest, opened, tools, dieWithParent, names: swapNames(target.database) };
    const { swapped, after } = await replaceWithCopy(run, copy);
    await promises_.rm(workDir, { recursive: true, force: true });
    return restoreSuccess(copy, pre.result.path, pre.facts, swapped, after);
}
/**
 * Steps 7 to 10: the copy created, restored, given the target's properties, checked, swapped in and
 * read back. After a failure or a cancellation from the copy's creation on, what happened is read
 * back from pg_database (once): the copy is dropped only while the target's name is still on the
 * target's database, and every word of the outcome comes from that reading.
 */
async function replaceWithCopy(run, c) {
    const { step, onCleanup } = run;
    const { names } = c;
    let settling;
    const settle = () => (settling ??= (async () => {
        const state = await settleAfterFailure(c.target, c.inputs.connectTimeoutMs, names, c.swapBackend);
        const text = describeSwapState(state, names);
        run.afterward = text;
        if (state.kind === 'unchanged' && state.copy === 'dropped')
            (0,log/* info */.pq)(`Dropped the partial copy '${names.copy}'. ${text}`);
        else if (state.kind === 'unchanged')
            (0,log/* info */.pq)(text);
        else
            (0,log/* warning */.$e)(text);
        return state;
    })());
    let copyStarted = false;
    const started = () => {
        copyStarted = true;
        onCleanup(async () => {
            await settle();
        });
    };
    try {
        const before = await step('create-copy', () => createCopy(c, started));
        await step('restore', () => restoreIntoCopy(c));
        await step('database-properties', () => copyProperties(c, before));
        // 8. The copy is the backup: the same schema, the manifest's books, the manifest's table count.
        await step('verify-copy', () => verifyCopy(c));
        // 9. The swap: both renames in one transaction, from the maintenance database.
        const swapped = await step('swap', () => swap(c));
        // 10. Read back from the database now named as the target.
        const after = await step('read-back', () => readBack(c));
        return { swapped, after };
    }
    catch (err) {
        if (!copyStarted)
            throw err;
        const state = await settle();
        const text = describeSwapState(state, names);
        const fix = state.kind !== 'unchanged' ? swapFix(state, names) : err instanceof errors/* ActionError */.lZ ? err.fix : undefined;
        throw new errors/* ActionError */.lZ(`${(0,errors/* withoutFix */.yJ)(err)}\n${text}`, fix);
    }
}
/** Creates the copy beside the target with the target's encoding and locale; `started` once its name is taken. */
async function createCopy({ target, inputs, names }, started) {
    const session = await openTargetSession(target, inputs.connectTimeoutMs, { readOnly: false, applicationName: RESTORE_APPLICATION });
    try {
        const props = await readProperties(session, target.database);
        const taken = await session.query(`SELECT 1 FROM pg_database WHERE datname = $1 OR datname = $2`, [names.copy, names.previous]);
        if (taken.rows.length > 0)
            throw new errors/* ActionError */.lZ(`A database named '${names.copy}' or '${names.previous}' exists already.`, 'Run the restore again (the names are new each run).');
        names.targetOid = props.oid;
        started();
        await createDatabaseLike(session, names.copy, props);
        const created = await session.query(`SELECT oid::int AS oid FROM pg_database WHERE datname = $1`, [names.copy]);
        names.copyOid = created.rows[0]?.oid;
        return [props, `'${names.copy}' created (${props.encoding}, ${props.collate}, tablespace ${props.tablespace}) from template0; not carried from '${target.database}': ${notCarriedText()}`];
    }
    catch (err) {
        if (err instanceof errors/* ActionError */.lZ)
            throw err;
        throw new errors/* ActionError */.lZ(`Creating the database '${names.copy}' to restore into failed: ${(0,errors/* errorMessage */.gJ)(err)}.`, 'The connecting role needs the CREATEDB privilege (ALTER ROLE … CREATEDB), or connect as a role that has it.');
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
async function restoreIntoCopy({ target, inputs, opened, tools, dieWithParent, names }) {
    const libpq = await (0,libpq_env/* libpqEnv */.kY)(target, inputs.connectTimeoutMs, 'db-deploy-action pg_restore');
    libpq.env.PGDATABASE = names.copy;
    const t0 = performance.now();
    (0,log/* info */.pq)(`Restoring ${external_node_path_.basename(inputs.backupPath)} into '${names.copy}' (the target '${target.database}' is not touched until the swap)…`);
    try {
        await (0,pg_restore/* runPgRestore */.P)({ tools, env: libpq.env, archive: opened.archive, format: opened.format, dieWithParent });
    }
    catch (err) {
        throw err instanceof errors/* ActionError */.lZ ? new errors/* ActionError */.lZ(`Restoring into '${names.copy}' failed: ${err.problem}`, err.fix) : err;
    }
    finally {
        await libpq.dispose();
    }
    return [undefined, `pg_restore --exit-on-error into '${names.copy}' in ${(0,format/* formatDuration */.a3)(performance.now() - t0)} (owners and privileges as in the archive)`];
}
async function copyProperties({ target, inputs, names }, before) {
    const session = await openTargetSession(target, inputs.connectTimeoutMs, { readOnly: false, applicationName: RESTORE_APPLICATION });
    try {
        await applyProperties(session, names.copy, before);
        const after = await readProperties(session, names.copy);
        const diff = propertiesDifference(before, after);
        if (diff)
            throw new errors/* ActionError */.lZ(`The copy '${names.copy}' did not take the database-level properties of '${target.database}': ${diff}.`, 'Check the privileges of the connecting role (it must be able to grant what the database grants), then run the restore again.');
        return [
            undefined,
            `owner ${after.owner}, ${after.encoding}, collation ${after.collate}, ctype ${after.ctype}, tablespace ${after.tablespace}, ${after.settings.length} setting group${after.settings.length === 1 ? '' : 's'}, ${after.acl ? `${after.acl.length} grants` : 'default privileges'}, connection limit ${after.connectionLimit}: as on '${target.database}' (read back)`
        ];
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
async function verifyCopy({ target, inputs, manifest, opened, tools, dieWithParent, names }) {
    const libpq = await (0,libpq_env/* libpqEnv */.kY)(target, inputs.connectTimeoutMs, 'db-deploy-action restore check');
    libpq.env.PGDATABASE = names.copy;
    let expected;
    let actual;
    try {
        ;
        [expected, actual] = await Promise.all([(0,schema_text/* archiveSchema */.QC)(tools, opened.archive, opened.format, dieWithParent), (0,schema_text/* databaseSchema */.VF)(tools, libpq.env, dieWithParent)]);
    }
    finally {
        await libpq.dispose();
    }
    if (expected !== actual) {
        throw new errors/* ActionError */.lZ(`The restored copy's schema differs from the backup's (${(0,schema_text/* firstDifferentLine */.aI)(expected, actual)}).`, "Report this with the backup's manifest; restore by hand into a scratch database to investigate.");
    }
    const session = await openTargetSession({ ...target, database: names.copy }, inputs.connectTimeoutMs, { readOnly: true, applicationName: 'db-deploy-action restore check' });
    try {
        const { applied, tables } = await readBooksAndTables(session, target.schema);
        if (JSON.stringify(applied) !== JSON.stringify(manifest.migrationsApplied)) {
            throw new errors/* ActionError */.lZ(`The restored copy records ${applied.length} applied migrations, the manifest ${manifest.migrationsApplied.length}: they differ.`, 'Use the manifest written with this backup.');
        }
        if (tables !== manifest.tables) {
            throw new errors/* ActionError */.lZ(`The restored copy has ${tables} tables, the manifest says ${manifest.tables}.`, 'Use the manifest written with this backup.');
        }
        return [undefined, `schema equal to the backup's (${expected.split('\n').length} lines); ${(0,format/* counted */.hS)(tables, 'table')}; ${(0,format/* counted */.hS)(applied.length, 'migration')} applied, as in the manifest`];
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
async function swap(c) {
    const { target, inputs, names } = c;
    const maintenance = await openMaintenanceSession(target, inputs.connectTimeoutMs);
    let terminated;
    let read;
    try {
        c.swapBackend = await swapBackendOf(maintenance);
        terminated = await swapDatabases(maintenance, names, Boolean(inputs.terminateConnections));
        // The outcome, read back on the session that committed it.
        read = await readSwapState(maintenance, names);
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(maintenance);
    }
    if (read.kind !== 'swapped')
        throw new errors/* ActionError */.lZ(`The swap's transaction committed, and pg_database does not show '${names.copy}' under the name '${target.database}'.`);
    const endedText = terminated.length ? `; ${terminated.length} session${terminated.length === 1 ? '' : 's'} ended (${describeSessions(terminated)})` : '';
    return [
        read,
        `'${target.database}' is now the restored copy (oid ${read.copyOid}); the previous database is kept as '${names.previous}' (oid ${names.targetOid}) (read back from pg_database)${endedText}`
    ];
}
async function readBack({ target, inputs, manifest }) {
    const session = await openTargetSession(target, inputs.connectTimeoutMs, { readOnly: true, applicationName: RESTORE_APPLICATION });
    try {
        const books = await readBooksAndTables(session, target.schema);
        if (JSON.stringify(books.applied) !== JSON.stringify(manifest.migrationsApplied)) {
            throw new errors/* ActionError */.lZ(`After the swap, '${target.database}' records ${books.applied.length} applied migrations, not the manifest's ${manifest.migrationsApplied.length}.`, 'Investigate before anything else writes.');
        }
        return [books, `'${target.database}': ${(0,format/* counted */.hS)(books.tables, 'table')}, ${(0,format/* counted */.hS)(books.applied.length, 'migration')} applied (read back)`];
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
async function readBooksAndTables(session, schema) {
    const tables = await (0,table_count/* countTables */.zF)(session);
    const applied = await (0,books/* appliedNamesOrNone */.tM)(session, schema);
    return { applied, tables };
}
function restoreSuccess({ target, inputs, manifest, names }, preRestorePath, before, swapped, after) {
    const from = [
        manifest.runId ? `run ${manifest.runId}${manifest.runAttempt ? ` (attempt ${manifest.runAttempt})` : ''}` : 'an unknown run',
        manifest.repository ? `of ${manifest.repository}` : '',
        manifest.gitSha ? `at commit ${manifest.gitSha.slice(0, 12)}` : '',
        `taken ${manifest.createdAt}`
    ]
        .filter(Boolean)
        .join(' ');
    const removedByRestore = before.migrationsApplied.filter(m => !after.applied.includes(m));
    const outputs = { 'pre-restore-backup-path': preRestorePath, 'restored-migrations': (0,secrets/* scrubbedJson */.Bo)(after.applied) };
    (0,log/* info */.pq)(`Restore done: '${target.database}' is the backup of ${from} (oid ${swapped.copyOid}). The previous database is kept as '${names.previous}' (oid ${names.targetOid}), read back from pg_database.`);
    return {
        result: { preRestoreBackupPath: preRestorePath, restoredMigrations: after.applied, previousDatabase: names.previous },
        success: {
            verdict: 'restored',
            outcome: `'${target.database}' was restored from ${external_node_path_.basename(inputs.backupPath)} (${(0,format/* formatBytes */.z3)(manifest.size)}), the backup of ${from}: ${(0,format/* counted */.hS)(after.tables, 'table')}, ${(0,format/* counted */.hS)(after.applied.length, 'migration')} applied (before the restore: ${(0,format/* counted */.hS)(before.tables, 'table')}, ${(0,format/* counted */.hS)(before.migrationsApplied.length, 'migration')} applied). ` +
                `The state before the restore is backed up at ${preRestorePath} and kept as database '${names.previous}' (read back from pg_database: '${target.database}' is the restored copy, oid ${swapped.copyOid}; '${names.previous}' the database it replaced, oid ${names.targetOid}): drop it when you no longer need it (DROP DATABASE ${(0,sql_text/* sqlIdent */.j)(names.previous)};).`,
            outputs,
            lists: [
                { heading: 'Restored migrations, read back', items: after.applied, empty: 'None.', grows: true },
                { heading: 'Applied before the restore, not in the backup', items: removedByRestore, empty: 'None.', grows: true }
            ]
        }
    };
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


/***/ })

};
