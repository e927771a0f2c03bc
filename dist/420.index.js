export const id = 420;
export const ids = [420];
export const modules = {

/***/ 2118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LV: () => (/* binding */ listingEntries),
/* harmony export */   _b: () => (/* binding */ missingTables),
/* harmony export */   d0: () => (/* binding */ listArchive),
/* harmony export */   uZ: () => (/* binding */ parseArchiveListing),
/* harmony export */   xU: () => (/* binding */ missingExtensions)
/* harmony export */ });
/* harmony import */ var _process_children_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2554);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7194);



async function listArchive(tools, archive, format, dieWithParent) {
    const listed = await (0,_process_children_js__WEBPACK_IMPORTED_MODULE_0__/* .runChild */ .w$)(tools.pgRestore, ['--list', `--format=${format}`, archive], { env: (0,_process_children_js__WEBPACK_IMPORTED_MODULE_0__/* .envWithoutSecrets */ .FK)(), captureStdout: true, dieWithParent }).done;
    if (listed.code !== 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`pg_restore could not list the archive ${archive}:\n${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .scrub */ ._I)(listed.stderrTail.slice(-5).join('\n'))}`, 'The archive is damaged or was written by a newer pg_dump than this pg_restore: run the backup again, or give pg-bin-dir a newer PostgreSQL client.');
    }
    return parseArchiveListing(listed.stdout);
}
/** The listing's entries: its lines but the comments (`;`) and blank ones. */
function listingEntries(listing) {
    return listing.split('\n').filter(line => line.trim() !== '' && !/^\s*;/.test(line));
}
function parseArchiveListing(listing) {
    const contents = { extensions: [], tables: [], tableData: 0 };
    for (const line of listingEntries(listing)) {
        const ext = /^\d+;\s*\d+\s+\d+\s+EXTENSION\s+-\s+(\S+)/.exec(line);
        if (ext?.[1])
            contents.extensions.push(ext[1]);
        // TABLE DATA and TABLE ATTACH (a partition attached to its parent) entries are not tables of their own.
        const table = /^\d+;\s*\d+\s+\d+\s+TABLE\s+(?!(?:DATA|ATTACH)\s)(\S+)\s+(.+?)\s+\S+\s*$/.exec(line);
        if (table?.[1] && table[2])
            contents.tables.push({ schema: table[1], name: table[2] });
        if (/^\d+;\s*\d+\s+\d+\s+TABLE DATA\s/.test(line))
            contents.tableData++;
    }
    return contents;
}
/** The archive's extensions the server cannot create (absent from pg_available_extensions). */
async function missingExtensions(session, needed) {
    if (needed.length === 0)
        return [];
    const res = await session.query('SELECT name FROM pg_available_extensions WHERE name = ANY($1::text[])', [needed]);
    const available = new Set(res.rows.map(r => r.name));
    return needed.filter(n => !available.has(n));
}
/** Tables of the archive that do not exist in the restored database. */
async function missingTables(session, tables) {
    if (tables.length === 0)
        return [];
    const res = await session.query(`SELECT t.schema, t.name FROM unnest($1::text[], $2::text[]) AS t(schema, name)
      WHERE NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = t.schema AND c.relname = t.name AND c.relkind IN ('r', 'p'))`, [tables.map(t => t.schema), tables.map(t => t.name)]);
    return res.rows.map(r => `${r.schema}.${r.name}`);
}


/***/ }),

/***/ 1933:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $M: () => (/* binding */ restrictModes),
/* harmony export */   $d: () => (/* binding */ sizeOf),
/* harmony export */   C: () => (/* binding */ placeExclusive),
/* harmony export */   Q3: () => (/* binding */ sha256File),
/* harmony export */   S2: () => (/* binding */ removeQuietly),
/* harmony export */   Sy: () => (/* binding */ identityOfStat),
/* harmony export */   cu: () => (/* binding */ identityOf),
/* harmony export */   jZ: () => (/* binding */ sha256Directory),
/* harmony export */   xc: () => (/* binding */ fileStep),
/* harmony export */   zS: () => (/* binding */ fileError)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _actions_io__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8701);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7194);







/** Size of a file, or the sum of the files in a folder (directory-format dumps). 0 when missing. */
async function sizeOf(target) {
    try {
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat(target);
        if (!stat.isDirectory())
            return stat.size;
        let total = 0;
        for (const name of await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir(target))
            total += await sizeOf(node_path__WEBPACK_IMPORTED_MODULE_3__.join(target, name));
        return total;
    }
    catch {
        return 0;
    }
}
/** sha256 of a file, read through one reused 1 MiB buffer: memory stays flat whatever the size. */
async function sha256File(file) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const buffer = Buffer.allocUnsafe(1 << 20);
    const handle = await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open(file, 'r');
    try {
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buffer.subarray(0, bytesRead));
        }
    }
    finally {
        await handle.close();
    }
    return hash.digest('hex');
}
/**
 * sha256 of a directory-format dump: of a stable manifest, one line per file (sorted by name):
 * `<sha256>  <size>  <relative path>`.
 */
async function sha256Directory(dir) {
    const names = (await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir(dir, { recursive: true })).map(n => String(n)).sort();
    const lines = [];
    for (const name of names) {
        const full = node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, name);
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat(full);
        if (!stat.isFile())
            continue;
        lines.push(`${await sha256File(full)}  ${stat.size}  ${name}`);
    }
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(lines.join('\n') + '\n')
        .digest('hex');
}
/** Removes a file or folder; never throws. */
async function removeQuietly(target) {
    await _actions_io__WEBPACK_IMPORTED_MODULE_4__/* .rmRF */ .Yz(target).catch(() => { });
}
/** Which file system object a path is: device and inode, to prove the kept file is the one hashed. */
async function identityOf(target) {
    return identityOfStat(await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat(target));
}
/** The identity (see identityOf) of the object `stat` describes. */
function identityOfStat(stat) {
    return `${stat.dev}:${stat.ino}`;
}
/**
 * Moves a finished file or folder from its private staging place to `dest` without ever
 * replacing anything at `dest`, whoever created it and whenever:
 * - a file is hard-linked (link(2) fails with EEXIST when the name exists), then its staging name
 *   unlinked; where the file system has no hard links, `dest` is first created exclusively
 *   (O_EXCL) and the file renamed onto that reservation, which only its creator does;
 * - a folder: `dest` is created exclusively (mkdir fails with EEXIST), then the folder renamed onto
 *   that empty reservation (rename fails with ENOTEMPTY if anything was put into it meanwhile).
 * The object at `dest` is afterwards the very one that was at `src` (same inode). Synchronous on
 * purpose: a few metadata calls, during which no signal handler of the action can run.
 */
function placeExclusive(src, dest) {
    const stat = node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync(src);
    if (stat.isDirectory()) {
        node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync(dest, { mode: 0o700 });
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync(src, dest);
        }
        catch (err) {
            try {
                node_fs__WEBPACK_IMPORTED_MODULE_1__.rmdirSync(dest);
            }
            catch {
                // left as it is: not empty, so not the reservation any more
            }
            throw err;
        }
        return;
    }
    try {
        node_fs__WEBPACK_IMPORTED_MODULE_1__.linkSync(src, dest);
    }
    catch (err) {
        const code = err.code;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
            throw err;
        node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync(node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync(dest, 'wx', 0o600));
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync(src, dest);
        }
        catch (renameErr) {
            const now = node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync(dest, { throwIfNoEntry: false });
            if (now?.isFile() && now.size === 0)
                node_fs__WEBPACK_IMPORTED_MODULE_1__.unlinkSync(dest);
            throw renameErr;
        }
        return;
    }
    node_fs__WEBPACK_IMPORTED_MODULE_1__.unlinkSync(src);
}
/**
 * An error of the file system while handling a backup file, as an ActionError: what was being
 * done, to which path, the cause in words, and what to do.
 */
function fileError(err, doing, target) {
    if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ)
        return err;
    const code = err.code;
    const failed = `${doing} ${target} failed`;
    const removed = 'the backup was not kept and its files were removed';
    switch (code) {
        case 'ENOSPC':
        case 'EDQUOT':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`${failed}: no space left on its volume (${code === 'EDQUOT' ? 'disk quota exceeded' : 'the volume is full'}); ${removed}.`, "Free space on that volume or point 'backup-dir' at a larger volume, then run the backup again. Do not deploy without a verified backup.");
        case 'EFBIG':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`${failed}: the file grew past the size limit of the process or the file system (EFBIG); ${removed}.`, "Raise the file-size limit (ulimit -f) of the runner or point 'backup-dir' at a file system that takes large files, then run the backup again.");
        case 'EACCES':
        case 'EPERM':
        case 'EROFS':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`${failed}: ${code === 'EROFS' ? 'the file system is read-only' : 'permission denied'} (${code}); ${removed}.`, "Point 'backup-dir' at a folder the runner user owns and can write, then run the backup again.");
        case 'EEXIST':
        case 'ENOTEMPTY':
            return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`${failed}: something with that name appeared meanwhile (${code}); it was left untouched, and this run's backup was not kept.`, "Another run writes into the same 'backup-dir' with the same name: give each job its own 'backup-dir', then run the backup again.");
        default:
            return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`${failed}: ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_6__/* .scrub */ ._I)((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err))}; ${removed}.`, 'Fix the cause above, then run the backup again. Do not deploy without a verified backup.');
    }
}
/** Runs a file operation of the backup; a failure becomes an ActionError naming what, where and why (fileError). */
async function fileStep(doing, target, fn) {
    try {
        return await fn();
    }
    catch (err) {
        throw fileError(err, doing, target);
    }
}
/** Gives `target` mode 0600 (a file), or 0700 and the same to everything in it (a folder). */
async function restrictModes(target) {
    const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat(target);
    if (!stat.isDirectory()) {
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod(target, 0o600);
        return;
    }
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod(target, 0o700);
    for (const name of await node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir(target))
        await restrictModes(node_path__WEBPACK_IMPORTED_MODULE_3__.join(target, name));
}


/***/ }),

/***/ 3161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B_: () => (/* binding */ createdEntry),
/* harmony export */   Kz: () => (/* binding */ settleCreated),
/* harmony export */   M8: () => (/* binding */ recordIntent),
/* harmony export */   QZ: () => (/* binding */ forgetCreated),
/* harmony export */   hZ: () => (/* binding */ removeCreated),
/* harmony export */   w1: () => (/* binding */ judgeCreated),
/* harmony export */   yo: () => (/* binding */ recordCreated)
/* harmony export */ });
/* unused harmony exports CREATED_PATHS_STATE, readCreated */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(235);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);


const CREATED_PATHS_STATE = 'created-paths';
const recorded = [];
function save() {
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .saveState */ .LZ(CREATED_PATHS_STATE, JSON.stringify(recorded));
}
function put(entry) {
    const at = recorded.findIndex(e => e.path === entry.path);
    if (at >= 0)
        recorded[at] = entry;
    else
        recorded.push(entry);
}
/** Records `p` (which must exist) for the post step. */
async function recordCreated(p, kind, keep) {
    const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.lstat(p);
    put({ path: p, kind, dev: stat.dev, ino: stat.ino, birthtimeMs: stat.birthtimeMs, keep });
    save();
}
/**
 * Records `p` before anything is created or moved there: with the identity of `like` (the staged
 * object that will be given the name `p`), or with no identity (a folder about to be made); and
 * whether an empty `reservation` at `p` is the action's own. Synchronous: one state write.
 */
function recordIntent(p, kind, o = {}) {
    const stat = o.like === undefined ? undefined : node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync(o.like);
    put({
        path: p,
        kind,
        ...(stat ? { dev: stat.dev, ino: stat.ino } : {}),
        birthtimeMs: stat?.birthtimeMs ?? 0,
        keep: false,
        ...(o.reservation ? { reservation: o.reservation } : {})
    });
    save();
}
/** Forgets `p` (removed by the main step itself, or not the action's). */
function forgetCreated(p) {
    settleCreated({ forget: [p] });
}
/**
 * Several changes in one state write, so that a kill leaves the state as it was before or after
 * all of them: entries forgotten (a finished backup's files are not to be removed) and whether
 * entries are kept at the end of the job.
 */
function settleCreated(o) {
    let changed = false;
    for (const p of o.forget ?? []) {
        const at = recorded.findIndex(e => e.path === p);
        if (at < 0)
            continue;
        recorded.splice(at, 1);
        changed = true;
    }
    for (const [p, keep] of Object.entries(o.keep ?? {})) {
        const entry = recorded.find(e => e.path === p);
        if (!entry || entry.keep === keep)
            continue;
        entry.keep = keep;
        changed = true;
    }
    if (changed)
        save();
}
/** The entry recorded for `p` in this process, if any. */
function createdEntry(p) {
    return recorded.find(e => e.path === p);
}
/** The entries the main step recorded, as the post step reads them back from its state. */
function readCreated(env = process.env) {
    const raw = env[`STATE_${CREATED_PATHS_STATE}`] ?? '';
    if (raw.trim() === '')
        return [];
    const parsed = JSON.parse(raw);
    if (!Array.isArray(parsed))
        return [];
    const entries = parsed;
    return entries
        .filter((e) => typeof e === 'object' && e !== null && 'path' in e && typeof e.path === 'string' && 'kind' in e && typeof e.kind === 'string')
        .map(e => {
        const identified = typeof e.dev === 'number' && typeof e.ino === 'number';
        return {
            path: e.path,
            kind: e.kind,
            ...(identified ? { dev: e.dev, ino: e.ino } : {}),
            birthtimeMs: typeof e.birthtimeMs === 'number' ? e.birthtimeMs : 0,
            keep: e.keep === true,
            ...(e.reservation === 'file' || e.reservation === 'folder' ? { reservation: e.reservation } : {})
        };
    });
}
/**
 * Whether the object `stat` describes, at the entry's path, is the one the entry records:
 * - `object`: the very object (same device, inode and creation time; never a symbolic link);
 * - `reservation`: an empty file or folder of the runner user where the entry allows one;
 * - `other`: anything else, never removed.
 */
function judgeCreated(entry, stat) {
    if (stat.isSymbolicLink())
        return 'other';
    if (entry.dev !== undefined && entry.ino !== undefined) {
        const reborn = entry.birthtimeMs !== 0 && stat.birthtimeMs !== 0 && stat.birthtimeMs !== entry.birthtimeMs;
        if (stat.dev === entry.dev && stat.ino === entry.ino && !reborn)
            return 'object';
    }
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid)
        return 'other';
    if (entry.reservation === 'file' && stat.isFile() && stat.size === 0)
        return 'reservation';
    if (entry.reservation === 'folder' && stat.isDirectory() && node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync(entry.path).length === 0)
        return 'reservation';
    return 'other';
}
/**
 * Removes what the entry records, if it is still there and is the action's (see judgeCreated): the
 * object whole, or an empty reservation (which is removed only while empty). Never follows a link.
 */
async function removeCreated(entry) {
    let stat;
    try {
        stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.lstat(entry.path);
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return 'gone';
        throw err;
    }
    const verdict = judgeCreated(entry, stat);
    if (verdict === 'other')
        return 'other';
    if (verdict === 'object')
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(entry.path, { recursive: true, force: false });
    else if (stat.isDirectory())
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rmdir(entry.path);
    else
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.unlink(entry.path);
    return 'removed';
}


/***/ }),

/***/ 4079:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  i: () => (/* reexport */ decryptBackup),
  A: () => (/* binding */ encryptArchive)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/age-encryption/dist/index.js + 50 modules
var dist = __webpack_require__(4073);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(8697);
;// CONCATENATED MODULE: ./src/crypto/age-payload.ts

/**
 * age's payload opened with Node's own ChaCha20-Poly1305 (OpenSSL), about ten times as fast as
 * age-encryption's JavaScript cipher. The library still does what needs a judgement: it parses the
 * header, unwraps the file key with the identity and checks the header's MAC
 * (`Decrypter.decryptHeader`). What is left is age's STREAM construction (the payload key is
 * HKDF-SHA256 of the file key salted with the 16-byte nonce after the header; 64 KiB chunks, each
 * sealed with a 16-byte tag under the nonce `chunk counter (11 bytes, big-endian) || last flag`):
 * every chunk is authenticated before any of its bytes is handed on, and a chunk that does not
 * authenticate, a file cut at a chunk boundary, or chunks appended after the last one all fail.
 */
/** age's payload: 64 KiB chunks, each sealed with ChaCha20-Poly1305 (16-byte tag). Shared with the encryption (age-file.ts). */
const CHUNK = 64 * 1024;
const TAG = 16;
const SEALED = CHUNK + TAG;
/** The payload is read 1 MiB of sealed chunks at a time. */
const BLOCK = 16 * SEALED;
/** The header is read this much at a time. */
const HEADER_READ = 64 * 1024;
/** Whether Node has ChaCha20-Poly1305 (else age-encryption's own cipher seals and opens the payload). */
const NATIVE_CHACHA = (0,external_node_crypto_.getCiphers)().includes('chacha20-poly1305');
/** The payload key: HKDF-SHA256 of the file key, salted with the 16-byte nonce after the header. */
function payloadKey(fileKey, nonce) {
    return Buffer.from((0,external_node_crypto_.hkdfSync)('sha256', fileKey, nonce, 'payload', 32));
}
/** Sets `nonce` (12 bytes) to chunk `index`'s: the counter (11 bytes, big-endian), then 1 for the last chunk, else 0. */
function setChunkNonce(nonce, index, last) {
    nonce.writeUIntBE(index, 5, 6);
    nonce[11] = last ? 1 : 0;
}
const INTRO = Buffer.from('age-encryption.org/v1\n');
const ARMORED = Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----');
/**
 * Finds the end of the header (just after the line `--- <MAC>`) in the bytes read so far, reading
 * line by line from where the last call stopped. A header is lines of printable ASCII (the version
 * line, the stanzas, the MAC line), of any length (one stanza per recipient): a byte that is none of
 * these before the MAC line means the file is not an age file, or its header is damaged or has no
 * MAC line, and it is refused there, without reading on.
 */
class HeaderScan {
    at = 0;
    lineStart = 0;
    end;
    scan(bytes) {
        for (; this.at < bytes.length && this.end === undefined; this.at++) {
            const b = bytes[this.at];
            if (b === 0x0a) {
                if (bytes[this.lineStart] === 0x2d && bytes[this.lineStart + 1] === 0x2d && bytes[this.lineStart + 2] === 0x2d && bytes[this.lineStart + 3] === 0x20)
                    this.end = this.at + 1;
                this.lineStart = this.at + 1;
            }
            else if (b < 0x20 || b > 0x7e) {
                throw new Error(`the age header is damaged or has no MAC line ('--- …'): byte ${this.at} is not text`);
            }
        }
    }
}
/** The header, read from the file's start: refused at once if the file does not start as a binary age file does. */
async function readHeader(handle, size) {
    if (size === 0)
        throw new Error('the file is empty (0 bytes)');
    const scan = new HeaderScan();
    // Grown by doubling: a header of any length is read in linear time.
    let bytes = Buffer.alloc(Math.min(HEADER_READ, size));
    let read = 0;
    while (scan.end === undefined) {
        if (read >= size)
            throw new Error('the file ends inside its age header: truncated');
        if (bytes.length < Math.min(read + HEADER_READ, size)) {
            const grown = Buffer.alloc(Math.min(Math.max(2 * bytes.length, read + HEADER_READ), size));
            bytes.copy(grown, 0, 0, read);
            bytes = grown;
        }
        const { bytesRead } = await handle.read(bytes, read, Math.min(HEADER_READ, size - read), read);
        if (bytesRead === 0)
            throw new Error('the file ends inside its age header: truncated');
        read += bytesRead;
        const intro = bytes.subarray(0, Math.min(read, INTRO.length));
        if (!intro.equals(INTRO.subarray(0, intro.length))) {
            const n = Math.min(read, ARMORED.length);
            if (bytes.subarray(0, n).equals(ARMORED.subarray(0, n))) {
                throw new Error('it is an ASCII-armored age file (age -a, "-----BEGIN AGE ENCRYPTED FILE-----"); only binary age files are read');
            }
            throw new Error("not an age file: it does not begin with the line 'age-encryption.org/v1'");
        }
        scan.scan(bytes.subarray(0, read));
    }
    const header = bytes.subarray(0, scan.end);
    // age refuses a passphrase-encrypted file when given identities, and says so; so does this.
    if (/\n-> scrypt /.test(header.toString('latin1')))
        throw new Error('it is passphrase-encrypted (age -p), not encrypted to age public keys');
    return header;
}
/**
 * The plaintext of the age file open at `handle` (`size` bytes), in blocks of up to 1 MiB, each
 * authenticated. The file key comes from `decrypter` (header parsed and its MAC checked there).
 */
async function* openPayload(handle, size, decrypter) {
    const header = await readHeader(handle, size);
    const fileKey = await decrypter.decryptHeader(header);
    const nonceAt = header.length;
    if (size < nonceAt + 16 + TAG)
        throw new Error('the file ends before its first payload chunk: truncated');
    const nonce = new Uint8Array(16);
    const { bytesRead: nonceRead } = await handle.read(nonce, 0, 16, nonceAt);
    if (nonceRead !== 16)
        throw new Error('the file ends inside its payload nonce: truncated');
    const key = payloadKey(fileKey, nonce);
    fileKey.fill(0);
    const payloadAt = nonceAt + 16;
    const payload = size - payloadAt;
    const chunks = Math.max(1, Math.ceil(payload / SEALED));
    // Only the first chunk of an empty file may be empty: a last chunk of nothing after others is not age.
    if (chunks > 1 && payload - (chunks - 1) * SEALED === TAG)
        throw new Error('an empty last chunk after others: the file was altered');
    const chunkNonce = Buffer.alloc(12);
    const buffer = Buffer.allocUnsafe(BLOCK);
    try {
        let position = payloadAt;
        let chunk = 0;
        while (chunk < chunks) {
            const want = Math.min(BLOCK, size - position);
            let got = 0;
            while (got < want) {
                const { bytesRead } = await handle.read(buffer, got, want - got, position + got);
                if (bytesRead === 0)
                    throw new Error('the file changed size while it was read: truncated');
                got += bytesRead;
            }
            position += got;
            const out = [];
            for (let at = 0; at < got; at += SEALED, chunk++) {
                const sealed = buffer.subarray(at, Math.min(at + SEALED, got));
                if (sealed.length < TAG)
                    throw new Error('a payload chunk shorter than its tag: truncated');
                setChunkNonce(chunkNonce, chunk, chunk === chunks - 1);
                const decipher = (0,external_node_crypto_.createDecipheriv)('chacha20-poly1305', key, chunkNonce, { authTagLength: TAG });
                decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
                const plain = decipher.update(sealed.subarray(0, sealed.length - TAG));
                try {
                    decipher.final();
                }
                catch {
                    throw new Error(`payload chunk ${chunk + 1} of ${chunks} failed authentication: the file was altered or truncated`);
                }
                out.push(plain);
            }
            yield out.length === 1 ? out[0] : Buffer.concat(out);
        }
    }
    finally {
        key.fill(0);
    }
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/backup/files.ts
var files = __webpack_require__(1933);
;// CONCATENATED MODULE: ./src/crypto/age-decrypt.ts









// Decryption of a backup for the restore phase (the encryption is in age-file.ts): the ciphertext's
// sha256 first, then streamed authenticated decryption, accepted only when the plaintext's sha256
// is the manifest's. The payload is opened with Node's ChaCha20-Poly1305 where Node has it
// (age-payload.ts; the header and file key are age-encryption's), else by age-encryption itself.
const READ_CHUNK = 256 * 1024;
/**
 * A web stream that reads the file only when the consumer asks (high-water mark 0): memory stays
 * flat whatever the file's size. (Readable.toWeb on Node 20 reads ahead without bound.)
 */
function pullFromFile(handle, hash) {
    return new ReadableStream({
        async pull(controller) {
            const buffer = new Uint8Array(READ_CHUNK);
            const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, null);
            if (bytesRead === 0)
                return controller.close();
            const chunk = buffer.subarray(0, bytesRead);
            hash?.update(chunk);
            controller.enqueue(chunk);
        }
    }, { highWaterMark: 0 });
}
/** A web stream of the generator's blocks, each made only when the consumer asks (high-water mark 0). */
function webStream(blocks) {
    return new ReadableStream({
        async pull(controller) {
            const next = await blocks.next();
            if (next.done)
                controller.close();
            else
                controller.enqueue(next.value);
        },
        async cancel() {
            await blocks.return(undefined);
        }
    }, { highWaterMark: 0 });
}
/** Writes a web stream to a new file (exclusive, 0600), hashing every byte written. */
async function writeStream(stream, out) {
    const handle = await promises_.open(out, 'wx', 0o600);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    try {
        const reader = stream.getReader();
        for (;;) {
            const { done, value } = await reader.read();
            if (done)
                break;
            hash.update(value);
            let offset = 0;
            while (offset < value.length) {
                const { bytesWritten } = await handle.write(value, offset, value.length - offset);
                offset += bytesWritten;
            }
            size += value.length;
        }
        await handle.sync();
    }
    finally {
        await handle.close();
    }
    return { size, sha256: hash.digest('hex') };
}
/**
 * Decrypts a backup and proves it is the one the manifest describes. Nothing is left at `out`
 * unless every check passed: the ciphertext's sha256, authenticated decryption, the plaintext's sha256.
 */
async function decryptBackup(o) {
    const actual = await (0,files/* sha256File */.Q3)(o.encrypted).catch(err => {
        throw new errors/* ActionError */.lZ(`The encrypted backup ${o.encrypted} cannot be read: ${(0,errors/* errorMessage */.gJ)(err)}.`, 'Check the path (download the workflow artifact first).');
    });
    if (actual !== o.encryptedSha256) {
        throw new errors/* ActionError */.lZ(`The encrypted backup ${external_node_path_.basename(o.encrypted)} does not match its manifest: sha256 ${actual.slice(0, 16)}…, the manifest says ${o.encryptedSha256.slice(0, 16)}…. It was altered or truncated; nothing was decrypted.`, 'Download the artifact again, or use another backup whose manifest matches.');
    }
    const decrypter = new dist/* Decrypter */.Hz();
    try {
        decrypter.addIdentity(o.identity);
    }
    catch {
        throw new errors/* ActionError */.lZ('The age identity is not a valid age secret key.', 'Pass the whole line starting with AGE-SECRET-KEY-1 from the key file made by age-keygen, from a secret.');
    }
    if (await exists(o.out))
        throw new errors/* ActionError */.lZ(`${o.out} exists already; it is left untouched.`, 'Move it away, or decrypt into another folder.');
    // A private folder of its own beside the output (mkdtemp: exclusive, random name, 0700): nothing
    // that exists already is ever written to or removed.
    const work = await promises_.mkdtemp(external_node_path_.join(external_node_path_.dirname(o.out), `.${external_node_path_.basename(o.out)}.partial-`));
    const partial = external_node_path_.join(work, 'plaintext');
    const onExit = [];
    try {
        const handle = await promises_.open(o.encrypted, 'r');
        onExit.push(() => handle.close().catch(() => { }));
        let plaintext;
        try {
            plaintext = NATIVE_CHACHA ? webStream(openPayload(handle, (await handle.stat()).size, decrypter)) : await decrypter.decrypt(pullFromFile(handle));
        }
        catch (err) {
            throw decryptionError(o, err);
        }
        let written;
        let digest;
        try {
            if (o.kind === 'file') {
                written = await writeStream(plaintext, partial);
                digest = written.sha256;
            }
            else {
                await promises_.mkdir(partial, { mode: 0o700 });
                written = await extractTar(plaintext, partial);
                const entries = await promises_.readdir(partial);
                if (entries.length !== 1)
                    throw new errors/* ActionError */.lZ(`The decrypted archive holds ${entries.length} top-level entries, not one folder.`, 'Use the .dir.tar.age file that the backup phase wrote.');
                digest = await (0,files/* sha256Directory */.jZ)(external_node_path_.join(partial, entries[0]));
            }
        }
        catch (err) {
            if (err instanceof errors/* ActionError */.lZ)
                throw err;
            throw decryptionError(o, err);
        }
        if (digest !== o.plaintextSha256) {
            throw new errors/* ActionError */.lZ(`The decrypted backup does not match its manifest: sha256 ${digest.slice(0, 16)}…, the manifest says ${o.plaintextSha256.slice(0, 16)}…; it was removed.`, 'Use the manifest that was written with this backup.');
        }
        // Given its name without ever replacing anything that took the name meanwhile.
        if (o.kind === 'file')
            (0,files/* placeExclusive */.C)(partial, o.out);
        else
            (0,files/* placeExclusive */.C)(external_node_path_.join(partial, (await promises_.readdir(partial))[0]), o.out);
        return { size: written.size, sha256: digest };
    }
    finally {
        for (const fn of onExit)
            await fn();
        await (0,files/* removeQuietly */.S2)(work);
    }
}
function decryptionError(o, err) {
    const text = (0,errors/* errorMessage */.gJ)(err);
    if (/no identity matched/i.test(text)) {
        return new errors/* ActionError */.lZ(`The age identity cannot decrypt ${external_node_path_.basename(o.encrypted)}: the backup was encrypted to other public keys. Nothing was written.`, "Use the identity (AGE-SECRET-KEY-1…) whose public key is listed in the manifest's 'recipients'.");
    }
    if (/passphrase-encrypted/.test(text)) {
        return new errors/* ActionError */.lZ(`${external_node_path_.basename(o.encrypted)} is passphrase-encrypted (age -p), not encrypted to age public keys: an age identity cannot decrypt it. Nothing was written.`, "Use the .age file the backup phase wrote (encrypted to 'backup-recipients'), with the identity of one of its recipients.");
    }
    if (/ASCII-armored/.test(text)) {
        return new errors/* ActionError */.lZ(`${external_node_path_.basename(o.encrypted)} is an ASCII-armored age file (age -a); only binary age files, as the backup phase writes them, are read. Nothing was written.`, 'Use the .age file the backup phase wrote, unchanged.');
    }
    return new errors/* ActionError */.lZ(`Decrypting ${external_node_path_.basename(o.encrypted)} failed: ${text}. The file is damaged or not an age file; nothing was kept.`, 'Download the artifact again, or use another backup.');
}
/** Unpacks a tar stream into `dir`, refusing links and anything outside it. Returns the bytes read. */
async function extractTar(stream, dir) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const counted = external_node_stream_.Readable.fromWeb(stream).map((chunk) => {
        hash.update(chunk);
        size += chunk.length;
        return chunk;
    });
    await new Promise((resolve, reject) => {
        const unpack = index_min.x({
            cwd: dir,
            strict: true,
            preserveOwner: false,
            filter: (_p, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory')
        });
        unpack.on('error', reject);
        unpack.on('close', () => resolve());
        counted.on('error', reject);
        counted.pipe(unpack);
    });
    return { size, sha256: hash.digest('hex') };
}
/** Whether anything, a dangling symbolic link included, holds the name. */
async function exists(p) {
    return promises_.lstat(p).then(() => true, () => false);
}

;// CONCATENATED MODULE: ./src/crypto/age-file.ts






/**
 * Encrypts the archive at `archive` (a file, or a folder sent as one tar stream holding the folder
 * under its own name) to every recipient, into `out`, created exclusively with mode 0600. On any
 * failure (or `signal`) the partial `out` this call created is removed.
 */
async function encryptArchive(archive, recipients, out, options = {}) {
    if (recipients.length === 0)
        throw new Error('internal: no recipient to encrypt to');
    const stat = await promises_.stat(archive);
    const start = await startFile(recipients, options.libraryPayload === true);
    if (stat.isDirectory()) {
        const pack = index_min.c({ cwd: external_node_path_.dirname(archive), portable: true }, [external_node_path_.basename(archive)]);
        const written = await writeSealed(seal(start, pack), out, options.signal);
        return { ...written, plaintextSha256: undefined, payloadCipher: start.payloadKey ? 'node' : 'age-encryption' };
    }
    const handle = await promises_.open(archive, 'r');
    try {
        // The plaintext is hashed as it is read for encryption: its digest is of exactly the bytes encrypted.
        const plain = (0,external_node_crypto_.createHash)('sha256');
        const written = await writeSealed(seal(start, readBlocks(handle, plain)), out, options.signal);
        return { ...written, plaintextSha256: plain.digest('hex'), payloadCipher: start.payloadKey ? 'node' : 'age-encryption' };
    }
    finally {
        await handle.close();
    }
}
/** The archive is read, sealed and written 1 MiB (16 chunks) at a time. */
const age_file_BLOCK = 16 * CHUNK;
/**
 * The header and payload key of a new age file. age-encryption makes both: it encrypts an empty
 * payload (header, nonce, and the last chunk: 16 bytes, the tag of nothing), and a recipient of
 * our own that adds no stanza to the header (the `Recipient` interface of the library) is handed
 * the file key as every recipient is. The payload key is then derived as age does; it is used only
 * if it seals the empty last chunk to the very tag the library wrote, which proves key, nonce and
 * chunk nonce are age's (otherwise the library seals the payload).
 */
async function startFile(recipients, libraryPayload) {
    const encrypter = (extra) => {
        const e = new dist/* Encrypter */.T7();
        for (const r of recipients)
            e.addRecipient(r);
        if (extra)
            e.addRecipient(extra);
        return e;
    };
    const byTheLibrary = () => ({ prefix: new Uint8Array(0), payloadKey: undefined, encrypter: encrypter() });
    if (libraryPayload || !NATIVE_CHACHA)
        return byTheLibrary();
    let fileKey;
    const empty = await encrypter({
        wrapFileKey(key) {
            fileKey = Uint8Array.from(key);
            return [];
        }
    }).encrypt(new Uint8Array(0));
    const prefix = empty.subarray(0, empty.length - TAG);
    if (!fileKey || prefix.length < 16)
        return byTheLibrary();
    const nonce = prefix.subarray(prefix.length - 16);
    const key = payloadKey(fileKey, nonce);
    fileKey.fill(0);
    const [body, tag] = new PayloadSealer(key).finish();
    if (body?.length !== 0 || !tag || !(0,external_node_crypto_.timingSafeEqual)(tag, empty.subarray(empty.length - TAG))) {
        key.fill(0);
        return byTheLibrary();
    }
    return { prefix, payloadKey: key, encrypter: undefined };
}
/**
 * age's STREAM with Node's ChaCha20-Poly1305: chunk n is sealed under the nonce n (11 bytes, big
 * endian) followed by a flag byte, 1 for the last chunk. Every chunk but the last is full; the last
 * is empty only when the whole payload is, so a full chunk is sealed only once more data follows it.
 */
class PayloadSealer {
    key;
    chunk = 0;
    nonce = Buffer.alloc(12);
    carry = Buffer.allocUnsafe(CHUNK);
    carried = 0;
    constructor(key) {
        this.key = key;
    }
    /** Seals what `data` completes; returns the ciphertext pieces, in order. */
    push(data) {
        const out = [];
        let at = 0;
        while (at < data.length) {
            if (this.carried === CHUNK) {
                out.push(...this.sealChunk(this.carry, false));
                this.carried = 0;
            }
            if (this.carried === 0 && data.length - at > CHUNK) {
                // A whole chunk with more data after it: sealed where it lies, without a copy.
                out.push(...this.sealChunk(data.subarray(at, at + CHUNK), false));
                at += CHUNK;
                continue;
            }
            const n = Math.min(CHUNK - this.carried, data.length - at);
            this.carry.set(data.subarray(at, at + n), this.carried);
            this.carried += n;
            at += n;
        }
        return out;
    }
    /** Seals the last chunk (what is carried, possibly nothing). */
    finish() {
        return this.sealChunk(this.carry.subarray(0, this.carried), true);
    }
    sealChunk(plain, last) {
        if (this.chunk >= 2 ** 48)
            throw new Error('internal: the age payload has too many chunks');
        setChunkNonce(this.nonce, this.chunk++, last);
        const cipher = (0,external_node_crypto_.createCipheriv)('chacha20-poly1305', this.key, this.nonce, { authTagLength: TAG });
        const body = cipher.update(plain);
        cipher.final();
        return [body, cipher.getAuthTag()];
    }
}
/** The whole age file, as runs of pieces to write: the header and nonce, then the sealed payload. */
async function* seal(start, plaintext) {
    if (start.payloadKey) {
        const sealer = new PayloadSealer(start.payloadKey);
        try {
            yield [start.prefix];
            for await (const block of plaintext)
                yield sealer.push(block);
            yield sealer.finish();
        }
        finally {
            start.payloadKey.fill(0);
        }
        return;
    }
    // The library reads its input as a web stream, possibly after the next block was read into the
    // same buffer: it gets copies.
    const iterator = plaintext[Symbol.asyncIterator]();
    const copies = {
        next: async () => {
            const r = await iterator.next();
            return r.done ? r : { done: false, value: Uint8Array.from(r.value) };
        },
        return: async () => (await iterator.return?.()) ?? { done: true, value: undefined }
    };
    if (!start.encrypter)
        throw new Error('internal: no payload key and no encrypter');
    const reader = (await start.encrypter.encrypt(pullFrom(copies))).getReader();
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done)
                return;
            yield [value];
        }
    }
    finally {
        await reader.cancel().catch(() => { });
    }
}
/**
 * The file's bytes in blocks of up to 1 MiB, each hashed into `hash` as it is handed on. The next
 * block is read into a second buffer while the current one is sealed (two buffers, reused: the
 * consumer must be done with a block when it asks for the next).
 */
async function* readBlocks(handle, hash) {
    const buffers = [Buffer.allocUnsafe(age_file_BLOCK), Buffer.allocUnsafe(age_file_BLOCK)];
    const bufferOf = (n) => buffers[n];
    let position = 0;
    let which = 0;
    let next = handle.read(bufferOf(which), 0, age_file_BLOCK, position);
    try {
        for (;;) {
            const { bytesRead, buffer } = await next;
            if (bytesRead === 0)
                return;
            position += bytesRead;
            which ^= 1;
            next = handle.read(bufferOf(which), 0, age_file_BLOCK, position);
            next.catch(() => { }); // awaited in turn, or settled in `finally`
            const block = buffer.subarray(0, bytesRead);
            hash.update(block);
            yield block;
        }
    }
    finally {
        await next.catch(() => { });
    }
}
/**
 * Writes the pieces to a new file (exclusive, 0600), hashing every byte written, with one write in
 * flight while the next run is produced (at most two runs in memory). The file is flushed to disk
 * before it counts as written; on failure or `signal`, the partial file is removed.
 */
async function writeSealed(runs, out, signal) {
    signal?.throwIfAborted();
    const handle = await promises_.open(out, 'wx', 0o600);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    let writing = Promise.resolve();
    let done = false;
    try {
        for await (const pieces of runs) {
            signal?.throwIfAborted();
            for (const p of pieces) {
                hash.update(p);
                size += p.length;
            }
            await writing;
            writing = writeAll(handle, pieces);
            writing.catch(() => { }); // awaited before the next write, or settled in `finally`
        }
        await writing;
        await handle.sync();
        done = true;
    }
    finally {
        await writing.catch(() => { });
        await runs.return(undefined).catch(() => { });
        const written = done ? undefined : await handle.stat().catch(() => undefined);
        await handle.close();
        if (written)
            await removeIfSame(out, written);
    }
    return { size, sha256: hash.digest('hex') };
}
/** Writes every byte of `pieces` (writev, continued after a short write). */
async function writeAll(handle, pieces) {
    let left = pieces.filter(p => p.length > 0);
    while (left.length > 0) {
        let { bytesWritten } = await handle.writev(left);
        if (bytesWritten === 0)
            throw new Error('the file system accepted no byte of a write');
        while (left.length > 0 && bytesWritten >= left[0].length) {
            bytesWritten -= left[0].length;
            left = left.slice(1);
        }
        if (bytesWritten > 0)
            left = [left[0].subarray(bytesWritten), ...left.slice(1)];
    }
}
/** Removes `file` if it is still the file `written` describes (a partial output of this process). */
async function removeIfSame(file, written) {
    const now = await promises_.lstat(file).catch(() => undefined);
    if (now && now.dev === written.dev && now.ino === written.ino)
        await promises_.unlink(file).catch(() => { });
}
/** A web stream over an async iterator, pulled one chunk at a time. */
function pullFrom(iterator) {
    return new ReadableStream({
        async pull(controller) {
            const next = await iterator.next();
            if (next.done)
                controller.close();
            else
                controller.enqueue(next.value instanceof Uint8Array ? next.value : new Uint8Array(next.value));
        },
        async cancel() {
            await iterator.return?.();
        }
    }, { highWaterMark: 0 });
}



/***/ }),

/***/ 1189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aY: () => (/* binding */ dbnameArg),
/* harmony export */   kY: () => (/* binding */ libpqEnv)
/* harmony export */ });
/* unused harmony exports NO_FILE, libpqConnectionVars */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _process_children_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2554);
/* harmony import */ var _process_temp_dir_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4689);




/**
 * A path that cannot exist: libpq otherwise falls back to ~/.postgresql/root.crt (turning
 * `require` into verify-ca) and ~/.postgresql/postgresql.crt/.key (a client certificate), files the
 * action's own sessions and Prisma do not read. Pointing the variables here keeps one meaning.
 */
const NO_FILE = '/dev/null/none';
/**
 * The PG* variables for the connection: the same host, port, user and database as the action's
 * sessions, and the effective TLS rules (libpq's own sslmode names; certificate paths absolute).
 */
function libpqConnectionVars(target) {
    return {
        PGHOST: target.host,
        PGPORT: String(target.port),
        PGUSER: target.user,
        PGDATABASE: target.database,
        PGSSLMODE: target.tls.mode,
        PGSSLROOTCERT: target.tls.rootCert ?? NO_FILE,
        PGSSLCERT: target.tls.clientCert ?? NO_FILE,
        PGSSLKEY: target.tls.clientKey ?? NO_FILE
    };
}
/**
 * The value of a libpq tool's `--dbname` that names exactly the database `database`. libpq reads a
 * `--dbname` holding `=`, or starting with `postgresql://` or `postgres://`, as a whole connection
 * string: a database named `host=elsewhere port=5432` would send pg_restore to another server. So
 * the name is always given as a connection string of its own, `dbname='…'` with `\` and `'`
 * escaped; the host, port, user and TLS rules still come from the PG* variables. (PGDATABASE is
 * never read as a connection string, so the environment may hold the name as it is.)
 */
function dbnameArg(database) {
    return `dbname='${database.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
async function libpqEnv(target, connectTimeoutMs, applicationName) {
    // Start from the process environment without inherited PG* settings or the URL: only ours apply.
    const env = (0,_process_children_js__WEBPACK_IMPORTED_MODULE_2__/* .envWithoutSecrets */ .FK)();
    Object.assign(env, libpqConnectionVars(target));
    env.PGCONNECT_TIMEOUT = String(Math.max(2, Math.ceil(connectTimeoutMs / 1000)));
    env.PGAPPNAME = applicationName;
    let dir;
    if (target.password !== undefined) {
        // Under $RUNNER_TEMP, which the runner empties even after a run killed with SIGKILL.
        dir = await (0,_process_temp_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .privateTempDir */ .n)('db-deploy-pass-');
        const passfile = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'pgpass');
        const field = (s) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile(passfile, `${field(target.host)}:${target.port}:*:${field(target.user)}:${field(target.password)}\n`, { mode: 0o600 });
        env.PGPASSFILE = passfile;
    }
    return {
        env,
        async dispose() {
            if (dir)
                await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm(dir, { recursive: true, force: true });
        }
    };
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

/***/ 4341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Su: () => (/* binding */ TABLE_COUNT_SQL),
/* harmony export */   a0: () => (/* binding */ USER_SCHEMA),
/* harmony export */   zF: () => (/* binding */ countTables)
/* harmony export */ });
/**
 * The schemas that hold the database's own tables, for a query over `pg_namespace n`: not the
 * system schemas (pg_catalog, information_schema, TOAST and temporary schemas).
 */
const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;
/**
 * The number of tables a backup's manifest records and a restore checks: ordinary and partitioned
 * tables of the whole database, the system schemas (pg_catalog, information_schema, TOAST and
 * temporary schemas) excluded. A query returning one column, for use as a scalar subquery.
 */
const TABLE_COUNT_SQL = `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND ${USER_SCHEMA}`;
/** The tables of the session's database, counted as TABLE_COUNT_SQL counts them. */
async function countTables(session) {
    const res = await session.query(TABLE_COUNT_SQL);
    return Number(res.rows[0]?.count ?? 0);
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
