import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   yJ: () => (/* binding */ withoutFix)
/* harmony export */ });
/**
 * An expected failure: the message says what failed, `fix` says what to do next. It travels up to
 * main.ts, which fails the step with it (`setFailed`, log.ts); on the way the phase's lifecycle
 * writes the failure summary, and a caller may catch it to add what it knows and throw it again
 * (restore adds what pg_database shows after a failed swap; see `withoutFix`).
 */
class ActionError extends Error {
    fix;
    /** What failed, without the fix (the message is both, on two lines). */
    problem;
    constructor(message, fix) {
        super(fix ? `${message}\n${fix}` : message);
        this.name = 'ActionError';
        this.fix = fix;
        this.problem = message;
    }
}
/** An input that is missing or malformed: names the input and how to correct it. */
class InputError extends ActionError {
    constructor(input, problem, fix) {
        super(`Input '${input}' ${problem}`, fix);
        this.name = 'InputError';
    }
}
/** What failed, without the fix an ActionError carries: for a caller that gives its own fix. */
function withoutFix(err) {
    return err instanceof ActionError ? err.problem : errorMessage(err);
}
function errorMessage(err) {
    if (err instanceof Error)
        return err.message;
    return String(err);
}


/***/ }),

/***/ 6264:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   hS: () => (/* binding */ counted),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/** The one home of the formatters every phase prints with. */
/** `1 migration`, `2 migrations`. */
function counted(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
/** A size in IEC units (powers of 1024): `512 B`, `1.5 KiB`, `20.0 MiB`. */
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
/** `250 ms`, `4.2 s`, `3 min 7 s`. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60_000);
    return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7761);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 5625:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   YI: () => (/* binding */ neutralize),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(235);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7194);
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3325);



/**
 * Log helpers: every line the action prints goes through `scrub` and `neutralize`.
 *
 * The runner reads a step's output line by line (a line ends at `\n` or `\r`) and takes a line as a
 * workflow command when, after leading white space, it starts with `::` (`::error::…`), or when it
 * holds `##[` anywhere (the legacy `##[error]…` form). Printed text comes from files and from the
 * database, so a migration name or a server message could otherwise forge a command (an annotation,
 * a mask, a group, `::stop-commands::`). `neutralize` keeps every line readable and unable to parse.
 */
function info(text) {
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(neutralize((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(text)));
}
/**
 * The one way the action sets an output: the value scrubbed of every registered secret form
 * (outputs carry text from files and the database, e.g. a parse error quoting a migration's SQL),
 * with invisible characters escaped (visible-text.ts; in a JSON output that is JSON's own escape,
 * so the value parses to the same names). @actions/core writes it to GITHUB_OUTPUT between a random
 * delimiter, so no value can end it.
 */
function setOutput(name, value) {
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .setOutput */ .uH(name, (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInvisible */ .t)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(value)));
}
/**
 * The one way the action fails the step: the message scrubbed and its invisible characters escaped
 * like any printed text (@actions/core writes its line breaks into the one `::error::` line).
 */
function setFailed(message) {
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .setFailed */ .C1((0,_visible_text_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInvisible */ .t)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(message)));
}
function warning(text) {
    // core.warning escapes line breaks into its one `::warning::` line; neutralizing keeps the text
    // identical to what `info` would show.
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(neutralize((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(text)));
}
/** Leading characters the runner trims, and any other invisible ones, before looking for `::`. */
const LEADING_BLANKS = /^[\s\p{Cc}\p{Cf}\p{Z}]*/u;
/**
 * Text that cannot start a workflow command and shows what it holds: each line whose first visible
 * characters are `::` has them written `: :`, every `##[` becomes `## [`, a lone carriage return,
 * any other control character (except tab) and every invisible or bidirectional formatting
 * character is shown as an escape (`\r`, `\u001b`, `\u202e`; see visible-text.ts), and lines end
 * in `\n` only.
 */
function neutralize(text) {
    return text
        .split(/\r?\n/)
        .map(line => {
        let out = (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeInvisible */ .t)(line.replace(/##\[/g, '## ['));
        const lead = LEADING_BLANKS.exec(out)?.[0] ?? '';
        if (out.startsWith('::', lead.length))
            out = `${lead}: :${out.slice(lead.length + 2)}`;
        return out;
    })
        .join('\n');
}


/***/ }),

/***/ 7761:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 3 modules
var core = __nccwpck_require__(235);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __nccwpck_require__(7194);
// EXTERNAL MODULE: ./src/paths.ts
var paths = __nccwpck_require__(8431);
;// CONCATENATED MODULE: ./src/ref-patterns.ts
/**
 * `allowed-refs` patterns, with the rules of GitHub's branch and tag filters in workflows
 * (`on.push.branches`, `tags`; GitHub's "Filter pattern cheat sheet"), which users already know.
 * A pattern is matched against the whole of GITHUB_REF (`refs/heads/main`, `refs/tags/v1.2.0`):
 *
 * - `*` matches any run of characters except `/`; `**` any run, `/` included; `**` followed by `/`
 *   also matches nothing at all (`refs/heads/**\/fix` matches `refs/heads/fix`);
 * - `?` makes the character (or `[]` range) before it optional, `+` repeats it once or more
 *   (`v[0-9]+` matches `v1` and `v10`);
 * - `[]` matches one character listed in it or in one of its ranges; as in GitHub's filters, only
 *   letters and digits may be listed, and ranges only within `a-z`, `A-Z` or `0-9`;
 * - `\` makes the next character literal (`refs/heads/c\+\+`);
 * - `!` first in a pattern makes it exclude what it matches; patterns are read in order and the
 *   last one that matches a ref decides, so a `!` pattern excludes refs an earlier pattern allowed,
 *   and a later plain pattern can allow them again. A list needs at least one plain pattern;
 *   `!` anywhere else is a literal character;
 * - every other character matches only itself (`.` is a dot).
 */
/** An entry that is not a pattern by these rules: `problem` says where and why. */
class RefPatternError extends Error {
    pattern;
    problem;
    constructor(pattern, problem) {
        super(`'${pattern}' ${problem}`);
        this.pattern = pattern;
        this.problem = problem;
        this.name = 'RefPatternError';
    }
}
const RANGES = [
    ['a', 'z'],
    ['A', 'Z'],
    ['0', '9']
];
function inRange(c) {
    return c === undefined ? undefined : RANGES.find(([lo, hi]) => c >= lo && c <= hi && c.length === 1);
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
/** Compiles one `allowed-refs` entry; throws RefPatternError naming the position of what is wrong. */
function ref_patterns_compileRefPattern(text) {
    const negated = text.startsWith('!');
    const body = negated ? text.slice(1) : text;
    const offset = negated ? 1 : 0;
    if (body === '')
        throw new RefPatternError(text, 'is empty after its `!`: name the refs to exclude, e.g. `!refs/heads/wip/**`.');
    const at = (i) => `at position ${i + offset + 1}`;
    let source = '';
    /** Whether the last thing written is a single character or range that `?` or `+` may apply to. */
    let repeatable = false;
    const chars = [...body];
    for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        if (c === '*') {
            if (chars[i + 1] === '*') {
                if (chars[i + 2] === '/') {
                    source += '(?:.+/)?';
                    i += 2;
                }
                else {
                    source += '.*';
                    i += 1;
                }
            }
            else {
                source += '[^/]*';
            }
            repeatable = false;
        }
        else if (c === '?' || c === '+') {
            if (!repeatable) {
                throw new RefPatternError(text, `has '${c}' ${at(i)} with no character or range before it to ${c === '+' ? 'repeat' : 'make optional'}; to match '${c}' itself, write '\\${c}'.`);
            }
            source += c;
            repeatable = false;
        }
        else if (c === '\\') {
            const next = chars[i + 1];
            if (next === undefined)
                throw new RefPatternError(text, `ends with '\\' ${at(i)}, which has no character after it to make literal.`);
            source += escapeRegExp(next);
            i += 1;
            repeatable = true;
        }
        else if (c === '[') {
            const start = i;
            let cls = '';
            i += 1;
            if (chars[i] === ']')
                throw new RefPatternError(text, `has an empty '[]' ${at(start)}: list the letters or digits it may match, e.g. '[0-9]'.`);
            for (; i < chars.length && chars[i] !== ']'; i++) {
                const d = chars[i];
                const range = inRange(d);
                if (!range) {
                    throw new RefPatternError(text, `has '${d}' ${at(i)} inside '[]', which may list only letters and digits, and ranges within a-z, A-Z or 0-9 (as in GitHub's branch and tag filters); match other characters outside brackets, with '\\' if they are special.`);
                }
                if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
                    const hi = chars[i + 2];
                    if (inRange(hi) !== range || hi < d) {
                        throw new RefPatternError(text, `has the range '${d}-${hi}' ${at(i)}, which is not within a-z, A-Z or 0-9 in order.`);
                    }
                    cls += `${d}-${hi}`;
                    i += 2;
                }
                else {
                    cls += d;
                }
            }
            if (chars[i] !== ']')
                throw new RefPatternError(text, `has a '[' ${at(start)} that is never closed with ']'.`);
            source += `[${cls}]`;
            repeatable = true;
        }
        else {
            source += escapeRegExp(c);
            repeatable = true;
        }
    }
    return { text, negated, regex: new RegExp(`^${source}$`, 'u') };
}
/**
 * Why a pattern can never match GITHUB_REF, which always has the form `refs/<kind>/<name>`, or
 * `undefined`. Catches the usual mistake of a branch filter's short name (`main`, `release/*`)
 * where the input needs the full ref; not every pattern that matches no ref.
 */
function neverMatchesARef(pattern) {
    const body = pattern.negated ? pattern.text.slice(1) : pattern.text;
    const literalPrefix = /^[^*?+[\\]*/.exec(body)?.[0] ?? '';
    const short = body.replace(/^(refs\/)?(heads\/|tags\/)?/, '');
    const suggestion = `write the full ref, e.g. 'refs/heads/${short}' for branches or 'refs/tags/${short}' for tags`;
    if (!body.includes('/') && !body.includes('**')) {
        return `can never match GITHUB_REF, which always holds slashes (refs/heads/<branch>, refs/tags/<tag>), and '*' does not match '/': ${suggestion} ('refs/heads/**' matches every branch).`;
    }
    if (!literalPrefix.startsWith('refs/') && !'refs/'.startsWith(literalPrefix)) {
        return `can never match GITHUB_REF, which always starts with 'refs/': ${suggestion}.`;
    }
    return undefined;
}
/**
 * Whether `ref` is allowed by `patterns`, read in order: the last pattern that matches decides (a
 * plain one allows, a `!` one excludes); none matching refuses. Returns the deciding pattern too.
 */
function refAllowed(patterns, ref) {
    let by;
    for (const p of patterns)
        if (p.regex.test(ref))
            by = p;
    return { allowed: by !== undefined && !by.negated, by };
}

;// CONCATENATED MODULE: ./src/inputs/readers.ts
/** Readers of single inputs: each reads one input, checks it and names what is wrong and how to fix it. */




/** Comma- or newline-separated list, trimmed, empties dropped. */
function readList(name) {
    return core/* getInput */.V4(name)
        .split(/[,\n]/)
        .map(s => s.trim())
        .filter(s => s !== '');
}
function validateEnvName(name) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new errors/* InputError */.dz('required-env', `contains '${name.split('=')[0]}${name.includes('=') ? '=…' : ''}', which is not an environment variable name.`, 'List variable names only (letters, digits and underscores), separated by commas or new lines — never their values.');
    }
    return name;
}
function readInteger(name, fallback, min, max, unit) {
    const raw = core/* getInput */.V4(name);
    if (raw === '')
        return fallback;
    if (!/^\d+$/.test(raw)) {
        throw new errors/* InputError */.dz(name, `must be a whole number of ${unit}, got '${raw}'.`, `Set \`${name}:\` to a number from ${min} to ${max}, e.g. '${fallback}'.`);
    }
    const value = Number(raw);
    if (value < min || value > max) {
        throw new errors/* InputError */.dz(name, `must be between ${min} and ${max} ${unit}, got ${value}.`, `Set \`${name}:\` to a number from ${min} to ${max}.`);
    }
    return value;
}
function readChoice(name, choices, fallback) {
    const raw = core/* getInput */.V4(name);
    if (raw === '')
        return fallback;
    if (!choices.includes(raw)) {
        throw new errors/* InputError */.dz(name, `has an unknown value '${raw}'.`, `Valid values: ${choices.join(', ')} (default '${fallback}').`);
    }
    return raw;
}
function readBoolean(name, fallback) {
    const raw = core/* getInput */.V4(name);
    if (raw === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(raw))
        return true;
    if (['false', 'False', 'FALSE'].includes(raw))
        return false;
    throw new errors/* InputError */.dz(name, `must be 'true' or 'false', got '${raw}'.`, `Set \`${name}:\` to true or false.`);
}
/** `10s`, `500ms`, `2m`, or a bare number of seconds. */
function readDuration(name, fallback) {
    const raw = core/* getInput */.V4(name) || fallback;
    const match = /^(\d+)\s*(ms|s|m)?$/.exec(raw.trim());
    if (!match) {
        throw new errors/* InputError */.dz(name, `must be a duration like '10s', '500ms' or '1m', got '${raw}'.`, `Set \`${name}:\` to a duration (default '${fallback}').`);
    }
    const amount = Number(match[1]);
    const ms = match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000;
    if (ms < 1 || ms > 3_600_000) {
        throw new errors/* InputError */.dz(name, `must be between 1ms and 60m, got '${raw}'.`, `Set \`${name}:\` to a duration such as '10s'.`);
    }
    return ms;
}
/**
 * `allowed-refs`: patterns with the rules of GitHub's branch and tag filters (ref-patterns.ts),
 * each checked here: one that is not a pattern by those rules, or that can never match a full ref
 * name (a branch's short name), is refused with where and how to fix it, as is a list of `!`
 * entries only (it would allow nothing).
 */
function readAllowedRefs() {
    const entries = readList('allowed-refs');
    const fix = "Write each entry as a full ref name or pattern, e.g. 'refs/heads/main', 'refs/heads/release/**' or 'refs/tags/v[0-9]+.*'; see the input's documentation for the pattern rules.";
    for (const entry of entries) {
        try {
            const problem = neverMatchesARef(ref_patterns_compileRefPattern(entry));
            if (problem)
                throw new errors/* InputError */.dz('allowed-refs', `has the entry '${entry}', which ${problem}`, fix);
        }
        catch (err) {
            if (err instanceof RefPatternError)
                throw new errors/* InputError */.dz('allowed-refs', `has an entry that is not a valid pattern: ${err.message}`, fix);
            throw err;
        }
    }
    if (entries.length > 0 && entries.every(e => e.startsWith('!'))) {
        throw new errors/* InputError */.dz('allowed-refs', 'lists only exclusions (entries starting with `!`), which allow no ref at all.', "Put the refs to allow first and the exclusions after them, e.g. 'refs/heads/release/**, !refs/heads/release/**-alpha'.");
    }
    return entries;
}
/**
 * `backup-recipients`: age public keys, separated by commas, spaces or new lines. As in an age
 * recipients file (`age -R`), blank lines are ignored and `#` starts a comment to the end of its
 * line (at the start of a line or after a space or comma; a key never holds one), so a recipients
 * file can be pasted whole. Anything that looks like an age secret key, comments included, is
 * registered as a secret before the input is judged (it is refused, never printed); a key that
 * is refused is named by its line (and its place on the line) and first characters only.
 */
async function readRecipients() {
    const raw = core/* getInput */.V4('backup-recipients', { trimWhitespace: false });
    const lines = raw.split(/\r?\n/);
    for (const token of raw.split(/[\s,#]+/))
        if (/^AGE-SECRET-KEY-/i.test(token))
            (0,secrets/* registerSecret */.cl)(token);
    const entries = [];
    for (const [i, text] of lines.entries()) {
        const cut = /(^|[\s,])#/.exec(text);
        const keys = (cut ? text.slice(0, cut.index + cut[1].length) : text).split(/[,\s]+/).filter(k => k !== '');
        if (cut && /AGE-SECRET-KEY-/i.test(text.slice(cut.index))) {
            throw new errors/* InputError */.dz('backup-recipients', `line ${i + 1} holds an age secret key (an AGE-SECRET-KEY-1… value, not shown) in a comment.`, 'Remove it from the workflow and keep it only in a secret manager: anyone who can read the workflow can read it, so make a new key pair if it was ever committed. Only the public key (age1…) belongs here.');
        }
        for (const [k, key] of keys.entries())
            entries.push({ key, line: i + 1, onLine: k + 1, ofLine: keys.length });
    }
    if (raw.trim() !== '' && entries.length === 0) {
        throw new errors/* InputError */.dz('backup-recipients', `is given but holds no key${raw.includes('#') ? ' (only comments and blank lines)' : ''}.`, 'List one or more age public keys (age1…), separated by commas or new lines, or remove the input.');
    }
    if (entries.length === 0)
        return [];
    const multiline = lines.filter(l => l.trim() !== '').length > 1;
    // The age library is loaded only when there are keys to judge: most runs (verify, deploy) have
    // none, and loading it is a large part of the action's start-up.
    const { recipientProblem } = await Promise.all(/* import() */[__nccwpck_require__.e(73), __nccwpck_require__.e(509)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7509));
    for (const e of entries) {
        // Only the start of something shaped like a public key is shown; anything else may be a secret.
        const found = recipientProblem(e.key);
        if (!found)
            continue;
        const where = multiline ? `line ${e.line}${e.ofLine > 1 ? `, key ${e.onLine}` : ''}` : entries.length > 1 ? `key ${e.onLine}` : 'key';
        throw new errors/* InputError */.dz('backup-recipients', `${where} (${found.shown}) ${found.problem}.`, found.fix);
    }
    return [...new Set(entries.map(e => e.key))];
}

// EXTERNAL MODULE: ./src/process/temp-dir.ts
var temp_dir = __nccwpck_require__(4689);
;// CONCATENATED MODULE: ./src/inputs/workspace-paths.ts
/** The checks of input paths against the workspace: repository content stays inside it, plaintext dumps outside. */




/**
 * Resolves `value` against `base` and refuses a result outside the workspace, also when a
 * symbolic link inside the workspace points outside it. Used for every path the action reads from
 * the repository, given or defaulted: working-directory, schema and migrations-dir.
 */
function insideWorkspace(workspace, base, name, value, defaulted = false) {
    const resolved = external_node_path_.resolve(base, value);
    const fix = `Give a path inside the repository checkout (${'$'}GITHUB_WORKSPACE), e.g. 'prisma/schema.prisma' relative to 'working-directory'.`;
    const shown = `'${value}'${defaulted ? ' (not set: its default, beside the schema)' : ''}`;
    const problem = (0,paths/* workspaceProblem */.BQ)(workspace, resolved);
    if (problem === 'outside') {
        throw new errors/* InputError */.dz(name, `points outside the workspace: ${shown}.`, fix);
    }
    if (problem === 'symlink-outside') {
        throw new errors/* InputError */.dz(name, `resolves through a symbolic link to a place outside the workspace: ${shown}.`, fix);
    }
    return resolved;
}
/**
 * `backup-dir` (given, or its default $RUNNER_TEMP/db-backup), checked for the phases that write a
 * plaintext copy of the database: the backup folder (backup; restore, which backs up the current
 * state first) and $RUNNER_TEMP (backup, rehearse and restore keep their temporary files there; see
 * runnerTempDir) must be outside the workspace, also through symbolic links. Refused here, before
 * any connection, dump or file.
 */
function plaintextFolders(phase, workspace, given, env) {
    const backupDir = given ? external_node_path_.resolve(workspace, given) : external_node_path_.join(env.RUNNER_TEMP || external_node_path_.join(workspace, '..', '_temp'), 'db-backup');
    if (phase !== 'backup' && phase !== 'rehearse' && phase !== 'restore')
        return backupDir;
    // Checked here when set, so that the refusal comes before anything runs; unset, the phase is
    // refused where it first needs the folder (runnerTempDir).
    if (env.RUNNER_TEMP)
        (0,temp_dir/* runnerTempDir */.c)(env);
    if (phase === 'rehearse')
        return backupDir;
    const problem = (0,paths/* plaintextFolderProblem */.px)(workspace, backupDir);
    if (problem) {
        throw new errors/* InputError */.dz('backup-dir', `${given ? `('${given}')` : `(not set: its default, ${backupDir})`} ${problem}: the plaintext dump of the database${phase === 'restore' ? ' (the backup the restore takes of the current state first)' : ''} would sit where a later step that uploads or caches the workspace (an artifact of '.', a cache, a container build context) could carry it off the runner. Nothing was dumped and no file was written.`, "Point 'backup-dir' at a folder outside the repository checkout, e.g. `backup-dir: ${{ runner.temp }}/db-backup` (the default when it is not set); only the encrypted .age file should leave the runner.");
    }
    return backupDir;
}

// EXTERNAL MODULE: ./src/postgres/connection-url.ts + 2 modules
var connection_url = __nccwpck_require__(2992);
// EXTERNAL MODULE: ./src/postgres/target-policy.ts
var target_policy = __nccwpck_require__(3249);
;// CONCATENATED MODULE: ./src/postgres/target.ts





/**
 * Parses the database URL with libpq's meaning (postgres/connection-url.ts), refuses a pooler and a
 * plain-text connection to a remote host, and, when Prisma will connect, TLS settings Prisma cannot
 * honour. The URL itself never appears in an error.
 */
function readDatabaseTarget(given, rules) {
    let parsed;
    try {
        parsed = { target: parseTarget(given, rules) };
    }
    catch (error) {
        parsed = { error };
    }
    return {
        given,
        target() {
            if ('error' in parsed)
                throw parsed.error;
            return parsed.target;
        }
    };
}
function parseTarget(given, rules) {
    const target = parseDatabaseUrl(given);
    (0,target_policy/* assertTargetPolicy */.im)(target);
    if (rules.prisma)
        (0,target_policy/* assertPrismaCanConnect */.Dy)(target);
    return target;
}
/**
 * The parse alone, before the target policy: the URL with libpq's meaning, every query parameter
 * the action cannot honour identically everywhere refused, the URL for Prisma registered as a secret.
 */
function parseDatabaseUrl(given) {
    if (!given) {
        throw new errors/* ActionError */.lZ("No database URL: the input 'database-url' is empty and DATABASE_URL is not set.", 'Pass the direct connection URL from a secret: `with: database-url: ${{ secrets.DATABASE_URL }}` (or `env: DATABASE_URL: ...`).');
    }
    // Counted by a test: the URL is parsed once per run.
    core/* debug */.Yz(`Parsing the database URL from the ${given.source}.`);
    const parsed = (0,connection_url/* readConnectionUrl */.K$)(given.raw, given.source);
    (0,secrets/* registerSecret */.cl)(parsed.childUrl);
    return { ...parsed, sslmode: parsed.params.get('sslmode') ?? undefined, source: given.source };
}
/** A database input for a target the action built itself (tests, and servers the action starts). */
function givenTarget(target) {
    return { given: undefined, target: () => target };
}

;// CONCATENATED MODULE: ./src/phases/table.ts
/**
 * The phase table: the one list of the action's phases. For each: its description (action.yml's
 * `phase` input), the events it may run on (the guards read them), its log group's title, its job
 * summary's title, and whether the Prisma CLI connects to the target with the prisma migrator (the
 * URL is then also checked for what Prisma can honour). Each phase's loader is in phases/index.ts,
 * keyed by this table's names: this module imports no phase, so a phase that reads it (through the
 * lifecycle) does not reach the other phases' code.
 *
 * A test holds the names and descriptions equal to action.yml's `phase` input and the events to the
 * documented allow-lists.
 */
/**
 * Events whose code is the repository's own. Every other name — pull requests and their reviews,
 * merge queues, comments, and any event GitHub adds later — is refused by the phases that write or
 * copy production's data. Names are compared exactly (case and spaces count).
 */
const ALLOWED_EVENTS_FOR_WRITING_PHASES = ['push', 'workflow_dispatch', 'schedule', 'release', 'deployment', 'repository_dispatch', 'workflow_run'];
/** Restoring replaces the database: only a person's explicit decision may start it. */
const ALLOWED_EVENTS_FOR_RESTORE = ['workflow_dispatch'];
const PHASE_TABLE = {
    verify: {
        description: 'read-only checks and the migration risk analysis',
        events: 'any',
        group: '[STEP 1/3] Pre-deployment verification (read-only)',
        title: 'Database deployment — verify',
        prismaConnects: true
    },
    backup: {
        description: 'a verified backup, encrypted with backup-recipients',
        events: ALLOWED_EVENTS_FOR_WRITING_PHASES,
        group: '[STEP 2/3] Creating production database backup',
        title: 'Database deployment — backup',
        prismaConnects: false
    },
    rehearse: {
        description: 'the migrations on a restored copy of the backup',
        events: ALLOWED_EVENTS_FOR_WRITING_PHASES,
        group: '[REHEARSAL] Rehearsing the migrations on a restored copy of the backup (production untouched)',
        title: 'Database deployment — rehearse',
        prismaConnects: false
    },
    deploy: {
        description: 'apply the pending migrations',
        events: ALLOWED_EVENTS_FOR_WRITING_PHASES,
        group: '[STEP 3/3] Deploying database migrations',
        title: 'Database deployment — deploy',
        prismaConnects: true
    },
    restore: {
        description: 'replace the database with a verified backup; workflow_dispatch only',
        events: ALLOWED_EVENTS_FOR_RESTORE,
        group: '[RESTORE] Restoring the database from a verified backup',
        title: 'Database deployment — restore',
        prismaConnects: false
    }
};
/** The phases, in the order a pipeline runs them. */
const PHASES = Object.keys(PHASE_TABLE);

// EXTERNAL MODULE: ./src/risk/types.ts
var types = __nccwpck_require__(2842);
// EXTERNAL MODULE: ./src/pr-comment/types.ts
var pr_comment_types = __nccwpck_require__(215);
;// CONCATENATED MODULE: ./src/archive/format.ts
/** The archive formats of pg_dump the action writes and reads: one file (`-Fc`) or a folder (`-Fd`). */
const BACKUP_FORMATS = ['custom', 'directory'];

;// CONCATENATED MODULE: ./src/inputs.ts













/**
 * The one place where the action's inputs are read and validated. Every other module receives
 * the typed `Inputs`; none calls `core.getInput` itself.
 */

const MIGRATORS = ['prisma', 'builtin'];
const DRIFT_MODES = ['warn', 'fail', 'ignore'];
/** Reads the phase alone: an unknown phase fails before anything else is read. */
function readPhase() {
    const value = core/* getInput */.V4('phase').trim();
    if (value === '') {
        throw new errors/* InputError */.dz('phase', 'is required.', `Set \`phase:\` to one of: ${PHASES.join(', ')}.`);
    }
    if (!PHASES.includes(value)) {
        throw new errors/* InputError */.dz('phase', `has an unknown value '${value}'.`, `Valid phases: ${PHASES.join(', ')} (run them in that order).`);
    }
    return value;
}
/**
 * Registers the database URL and every credential in it (the password, as written and decoded,
 * also in the query string, and sslpassword) as secrets, before any other input is read and before
 * anything is printed; returns the URL the phase uses (the input, else DATABASE_URL). The URL the
 * action writes for Prisma is registered when the chosen URL is parsed (postgres/target.ts).
 */
function registerDatabaseSecrets(env = process.env) {
    const fromInput = core/* getInput */.V4('database-url');
    const fromEnv = env.DATABASE_URL ?? '';
    for (const raw of [fromInput, fromEnv]) {
        if (raw.trim() === '')
            continue;
        (0,secrets/* registerSecret */.cl)(raw);
        (0,secrets/* registerSecret */.cl)(raw.trim());
        for (const secret of (0,connection_url/* secretsOfUrl */.mE)(raw.trim()))
            (0,secrets/* registerSecret */.cl)(secret);
    }
    if (fromInput.trim() !== '')
        return { raw: fromInput.trim(), source: "input 'database-url'" };
    if (fromEnv.trim() !== '')
        return { raw: fromEnv.trim(), source: 'environment variable DATABASE_URL' };
    return undefined;
}
async function readInputs(env = process.env) {
    const databaseUrl = registerDatabaseSecrets(env);
    const backupIdentity = registerIdentitySecret();
    const githubToken = registerTokenSecret();
    const phase = readPhase();
    const migrator = readChoice('migrator', MIGRATORS, 'prisma');
    const workspace = (0,paths/* workspaceOf */.B3)(env);
    const workingDirectory = insideWorkspace(workspace, workspace, 'working-directory', core/* getInput */.V4('working-directory') || '.');
    const schemaPath = insideWorkspace(workspace, workingDirectory, 'schema', core/* getInput */.V4('schema') || 'prisma/schema.prisma');
    // The default (`migrations` beside the schema) is checked like a given value: it may be a link too.
    const migrationsInput = core/* getInput */.V4('migrations-dir');
    const migrationsDir = insideWorkspace(workspace, workingDirectory, 'migrations-dir', migrationsInput || external_node_path_.relative(workingDirectory, external_node_path_.join(external_node_path_.dirname(schemaPath), 'migrations')), migrationsInput === '');
    // pg-bin-dir, backup-dir and backup-path are places on the runner, not repository content: a
    // PostgreSQL installation (/usr/lib/postgresql/17/bin), the runner's temporary folder (the
    // default backup-dir) or where an earlier backup step wrote its archive. A relative value is
    // resolved against the workspace; an absolute one is taken as given. What the repository holds
    // (working-directory, schema, migrations) never leaves the workspace.
    const pgBinDirInput = core/* getInput */.V4('pg-bin-dir');
    const backupDirInput = core/* getInput */.V4('backup-dir');
    const backupPathInput = core/* getInput */.V4('backup-path');
    return {
        phase,
        database: readDatabaseTarget(databaseUrl, { prisma: migrator === 'prisma' && PHASE_TABLE[phase].prismaConnects }),
        workspace,
        workingDirectory,
        schemaPath,
        migrationsDir,
        requiredEnv: readList('required-env').map(name => validateEnvName(name)),
        allowedRefs: readAllowedRefs(),
        connectTimeoutMs: readInteger('connect-timeout', 10, 1, 300, 'seconds') * 1000,
        pgBinDir: pgBinDirInput ? external_node_path_.resolve(workspace, pgBinDirInput) : undefined,
        backupDir: plaintextFolders(phase, workspace, backupDirInput, env),
        backupFormat: readChoice('backup-format', BACKUP_FORMATS, 'custom'),
        backupJobs: readInteger('backup-jobs', 2, 1, 64, 'jobs'),
        migrator,
        generateClient: readBoolean('generate-client', true),
        lockTimeoutMs: readDuration('lock-timeout', '10s'),
        lockBudgetMs: core/* getInput */.V4('lock-budget').trim() ? readDuration('lock-budget', '') : undefined,
        backupPath: backupPathInput ? external_node_path_.resolve(workspace, backupPathInput) : undefined,
        backupRecipients: await readRecipients(),
        keepPlaintextBackup: readBoolean('keep-plaintext-backup', false),
        backupIdentity,
        confirmRestore: core/* getInput */.V4('confirm-restore').trim(),
        terminateConnections: readBoolean('terminate-connections', false),
        rehearsalPgBinDir: core/* getInput */.V4('rehearsal-pg-bin-dir') ? external_node_path_.resolve(workspace, core/* getInput */.V4('rehearsal-pg-bin-dir')) : undefined,
        drift: readChoice('drift', DRIFT_MODES, 'warn'),
        riskFailLevel: readChoice('risk-fail-level', types/* RISK_FAIL_LEVELS */.bK, 'high'),
        prComment: readChoice('pr-comment', pr_comment_types/* PR_COMMENT_MODES */.U, 'auto'),
        githubToken
    };
}
/** `github-token` (verify's pull-request comment): registered as a secret before anything is printed. */
function registerTokenSecret() {
    const raw = core/* getInput */.V4('github-token');
    (0,secrets/* registerSecret */.cl)(raw);
    (0,secrets/* registerSecret */.cl)(raw.trim());
    return raw.trim();
}
/**
 * `backup-identity` (restore): an age secret key. Registered as a secret, each line and trimmed,
 * before anything else is read or printed; only its presence is ever reported.
 */
function registerIdentitySecret() {
    const raw = core/* getInput */.V4('backup-identity');
    if (raw.trim() === '')
        return undefined;
    (0,secrets/* registerSecret */.cl)(raw);
    (0,secrets/* registerSecret */.cl)(raw.trim());
    // A key file pasted whole: its comment lines are public, the AGE-SECRET-KEY line is the key.
    const key = raw
        .split('\n')
        .map(l => l.trim())
        .find(l => /^AGE-SECRET-KEY-/i.test(l));
    if (key)
        (0,secrets/* registerSecret */.cl)(key);
    return key ?? raw.trim();
}

// EXTERNAL MODULE: ./src/log.ts
var log = __nccwpck_require__(5625);
;// CONCATENATED MODULE: ./src/phases/index.ts
/**
 * Each phase's loader, keyed by the phase table's names (phases/table.ts; the type makes the two
 * agree). A phase's code and libraries are loaded only when it runs (a chunk of its own in dist/),
 * so the action's start-up holds none of them.
 */
const PHASE_LOADERS = {
    verify: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(931), __nccwpck_require__.e(585), __nccwpck_require__.e(149)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4149))).verifyPhase,
    backup: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(73), __nccwpck_require__.e(697), __nccwpck_require__.e(908), __nccwpck_require__.e(602)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9602))).backupPhase,
    rehearse: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(73), __nccwpck_require__.e(697), __nccwpck_require__.e(908), __nccwpck_require__.e(931), __nccwpck_require__.e(585), __nccwpck_require__.e(941), __nccwpck_require__.e(812)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2812))).rehearsePhase,
    deploy: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(931), __nccwpck_require__.e(941), __nccwpck_require__.e(817)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3817))).deployPhase,
    restore: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(73), __nccwpck_require__.e(697), __nccwpck_require__.e(908), __nccwpck_require__.e(602), __nccwpck_require__.e(278)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7278))).restorePhase
};

;// CONCATENATED MODULE: ./src/guards.ts



/**
 * The safety guards. Every phase runs them first (phases/lifecycle.ts), before any connection:
 * default deny, exact values, and no input, variable or flag that turns a guard off.
 */
/** Each variable must hold exactly this value; missing or anything else (`1`, `TRUE`, ...) refuses. */
const REQUIRED_ENVIRONMENT = [
    ['CI', 'true'],
    ['NODE_ENV', 'production'],
    ['GITHUB_ACTIONS', 'true']
];

/**
 * The events a phase may run on, from the phase table; `undefined` for verify, which only reads and
 * runs on any event (its guards are the environment ones). A phase the table does not know is
 * treated as one that writes.
 */
function allowedEvents(phase) {
    const events = PHASE_TABLE[phase]?.events ?? ALLOWED_EVENTS_FOR_WRITING_PHASES;
    return events === 'any' ? undefined : events;
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
        const patterns = [];
        for (const text of allowedRefs) {
            try {
                patterns.push(ref_patterns_compileRefPattern(text));
            }
            catch (err) {
                if (!(err instanceof RefPatternError))
                    throw err;
                refusals.push(`'allowed-refs' entry ${err.message}`);
            }
        }
        if (!ref) {
            refusals.push(`GITHUB_REF is not set, and 'allowed-refs' allows only: ${allowedRefs.join(', ')}.`);
        }
        else if (patterns.length === allowedRefs.length) {
            const { allowed, by } = refAllowed(patterns, ref);
            if (!allowed)
                refusals.push(`GITHUB_REF '${ref}' is not in 'allowed-refs' (${allowedRefs.join(', ')})${by ? `: '${by.text}', the last entry that matches it, excludes it` : ''}.`);
        }
    }
    if (refusals.length > 0) {
        throw new errors/* ActionError */.lZ(`Safety guards refused to run the ${phase} phase:\n${refusals.map(r => `  - ${r}`).join('\n')}`, 'These guards cannot be turned off. Run the action from a GitHub Actions job whose environment sets CI=true, GITHUB_ACTIONS=true and NODE_ENV=production (e.g. `env: NODE_ENV: production` on the job), on an allowed ref.');
    }
    const parts = REQUIRED_ENVIRONMENT.map(([name, value]) => `${name}=${value}`);
    if (allowed !== undefined)
        parts.push(`event ${env.GITHUB_EVENT_NAME}`);
    if (allowedRefs.length > 0)
        parts.push(`ref ${ref} allowed`);
    return parts.join(', ');
}
/**
 * Whether one `allowed-refs` pattern matches `ref`, with GitHub's branch and tag filter rules
 * (ref-patterns.ts); a `!` pattern matches the refs it excludes.
 */
function refMatches(pattern, ref) {
    return compileRefPattern(pattern).regex.test(ref);
}
/** At most 40 characters, with control characters shown as JSON escapes so a value is one line. */
function printable(value) {
    const short = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(short) ? JSON.stringify(short).slice(1, -1) : short;
}
/**
 * verify-safety-guards: the guards as the first step of every phase (phases/lifecycle.ts runs it
 * before anything else), timed for the summary.
 */
function safetyGuardsStep(o) {
    const t0 = performance.now();
    try {
        const detail = enforceGuards(o);
        return { status: 'passed', record: { name: 'safety-guards', status: 'passed', durationMs: performance.now() - t0, detail } };
    }
    catch (error) {
        const record = { name: 'safety-guards', status: 'failed', durationMs: performance.now() - t0, detail: error.message };
        return { status: 'failed', record, error };
    }
}

// EXTERNAL MODULE: ./src/process/children.ts + 1 modules
var children = __nccwpck_require__(2554);
// EXTERNAL MODULE: ./src/summary.ts + 1 modules
var summary = __nccwpck_require__(1577);
// EXTERNAL MODULE: ./src/format.ts
var format = __nccwpck_require__(6264);
;// CONCATENATED MODULE: ./src/phases/lifecycle.ts








/** How long a `finish-step` phase may take to end after a signal before the process exits anyway. */
const FINISH_STEP_GRACE_MS = 30_000;
async function runPhase(definition, inputs, env = process.env) {
    const entry = PHASE_TABLE[definition.phase];
    const title = (verdict) => `${entry.title}: ${verdict}`;
    const started = performance.now();
    core/* startGroup */.Oh(entry.group);
    const guards = safetyGuardsStep({ phase: definition.phase, allowedRefs: inputs.allowedRefs, env });
    (0,summary/* logStep */.Lc)(guards.record);
    const steps = [guards.record];
    if (guards.status === 'failed') {
        core/* endGroup */.N4();
        const outcome = 'The safety guards refused to run this phase; nothing was done.';
        await (0,summary/* writeSummary */.Sy)({ title: title('refused'), outcome, steps: withSkipped(steps, definition.plannedSteps) }, env);
        throw guards.error;
    }
    // Files the action and its children create are private to the runner user from the first byte.
    process.umask(0o077);
    const cleanups = [];
    const runCleanups = async () => {
        for (const fn of cleanups.splice(0).reverse()) {
            await fn().catch(err => (0,log/* warning */.$e)(`A cleanup after the ${definition.phase} phase failed: ${(0,errors/* errorMessage */.gJ)(err)}`));
        }
    };
    const abort = new AbortController();
    const state = { cancelled: false };
    const run = {
        inputs,
        env,
        steps,
        step: (name, fn) => timedStep(steps, name, fn),
        onCleanup(fn) {
            cleanups.push(fn);
            return () => {
                const at = cleanups.indexOf(fn);
                if (at >= 0)
                    cleanups.splice(at, 1);
            };
        },
        cancelled: () => state.cancelled,
        signal: abort.signal,
        failure: {},
        afterward: undefined
    };
    const stopListening = listenForCancellation({ definition, run, abort, state, runCleanups, title });
    let success;
    try {
        success = await definition.work(run);
    }
    catch (err) {
        // A `stop` phase's signal handler ends the process: nothing more happens here.
        if (state.cancelled && definition.cancellation === 'stop')
            return new Promise(() => { });
        await runCleanups();
        core/* endGroup */.N4();
        const failedStep = steps.find(s => s.status === 'failed')?.name;
        await (0,summary/* writeSummary */.Sy)({
            title: title('failed'),
            outcome: run.failure.outcome ?? definition.failureOutcome(failedStep, run.afterward),
            steps: withSkipped(steps, definition.plannedSteps),
            lists: run.failure.lists,
            tables: run.failure.tables
        }, env);
        throw err;
    }
    finally {
        if (!state.cancelled)
            stopListening();
    }
    core/* endGroup */.N4();
    for (const [name, value] of Object.entries(success.outputs))
        (0,log/* setOutput */.uH)(name, value);
    const elapsed = (0,format/* formatDuration */.a3)(performance.now() - started);
    (0,log/* info */.pq)(success.finished ? success.finished(elapsed) : `${definition.phase} finished in ${elapsed}.`);
    await (0,summary/* writeSummary */.Sy)({ title: title(success.verdict), outcome: success.outcome, steps, lists: success.lists, tables: success.tables, outputs: success.outputs }, env);
    return success.result;
}
/**
 * SIGINT and SIGTERM while a phase runs: the phase's work is aborted, and then either the running
 * step is left to finish (`finish-step`: rolled back or recorded, with a grace period before the
 * process exits) or everything stops now (`stop`: children stopped, cleanups run, the cancelled
 * summary written). Returns the function that stops listening.
 */
function listenForCancellation(phase) {
    const { definition, run, abort, state, runCleanups, title } = phase;
    const onSignal = (signal) => {
        if (state.cancelled)
            return;
        state.cancelled = true;
        abort.abort(signal);
        const exitCode = signal === 'SIGINT' ? 130 : 143;
        if (definition.cancellation === 'finish-step') {
            (0,log/* info */.pq)(`Received ${signal}: stopping after the running step is rolled back or recorded.`);
            void (0,children/* stopAllChildren */.LM)();
            setTimeout(() => process.exit(exitCode), FINISH_STEP_GRACE_MS).unref();
            return;
        }
        void (async () => {
            try {
                (0,log/* info */.pq)(`Received ${signal}: stopping.`);
                await (0,children/* stopAllChildren */.LM)();
                await runCleanups();
                core/* endGroup */.N4();
                const message = definition.cancelOutcome(signal, run.afterward);
                await (0,summary/* writeSummary */.Sy)({ title: title('cancelled'), outcome: message, steps: withSkipped(run.steps, definition.plannedSteps) }, run.env);
                (0,log/* setFailed */.C1)(message);
            }
            finally {
                process.exit(exitCode);
            }
        })();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    };
}
async function timedStep(steps, name, fn) {
    const record = { name, status: 'failed', durationMs: 0, detail: '' };
    steps.push(record);
    const t0 = performance.now();
    try {
        const [value, detail] = await fn();
        record.status = 'passed';
        record.detail = detail;
        return value;
    }
    catch (err) {
        record.detail = (0,errors/* errorMessage */.gJ)(err);
        throw err;
    }
    finally {
        record.durationMs = performance.now() - t0;
        (0,summary/* logStep */.Lc)(record);
    }
}
/** The steps that ran, then the planned ones that did not, as skipped. */
function withSkipped(steps, planned) {
    const ran = new Set(steps.map(s => s.name));
    const skipped = (planned ?? []).filter(name => !ran.has(name));
    return [...steps, ...skipped.map(name => ({ name, status: 'skipped', durationMs: 0, detail: 'not run: an earlier step failed' }))];
}

;// CONCATENATED MODULE: ./src/main.ts





/**
 * The action's entry point. Every failure of a phase ends here, in `setFailed` (log.ts), and the
 * process exits non-zero; a phase cancelled by a signal ends in its own handler instead
 * (phases/lifecycle.ts). The phase's module is loaded from the phase table only when that phase
 * runs (a chunk of its own in dist/): a run pays the start-up of its own phase's code and libraries.
 */
async function run() {
    try {
        // readInputs registers the URL and its password as secrets before anything else.
        const inputs = await readInputs();
        const definition = await PHASE_LOADERS[inputs.phase]();
        await runPhase(definition, inputs);
    }
    catch (err) {
        (0,log/* setFailed */.C1)((0,errors/* errorMessage */.gJ)(err));
    }
}


/***/ }),

/***/ 8431:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B3: () => (/* binding */ workspaceOf),
/* harmony export */   BQ: () => (/* binding */ workspaceProblem),
/* harmony export */   Kx: () => (/* binding */ realpathOfExisting),
/* harmony export */   UO: () => (/* binding */ isWithin),
/* harmony export */   px: () => (/* binding */ plaintextFolderProblem)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * Paths the action reads from the repository: resolved inside the workspace, and still inside it
 * once every symbolic link on the way is followed. Folders where the action writes a plaintext copy
 * of data: outside it, the same way (plaintextFolderProblem).
 */
/** Whether `candidate` is `root` or below it. A name that merely starts with `..` (`..prisma`) is below. */
function isWithin(root, candidate) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(root, candidate);
    if (rel === '')
        return true;
    if (node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(rel))
        return false;
    return rel !== '..' && !rel.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}`);
}
/** realpath of the longest existing prefix of `p`, with the rest appended. */
function realpathOfExisting(p) {
    let current = p;
    const rest = [];
    for (;;) {
        try {
            return node_path__WEBPACK_IMPORTED_MODULE_1__.join(node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync(current), ...rest);
        }
        catch {
            const parent = node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(current);
            if (parent === current)
                return p;
            rest.unshift(node_path__WEBPACK_IMPORTED_MODULE_1__.basename(current));
            current = parent;
        }
    }
}
/**
 * Why `p` is not inside `workspace`: lexically outside, or inside but reached through a symbolic
 * link that leads out of it. `undefined` when it is inside both ways.
 */
function workspaceProblem(workspace, p) {
    if (!isWithin(workspace, p))
        return 'outside';
    if (!isWithin(realpathOfExisting(workspace), realpathOfExisting(p)))
        return 'symlink-outside';
    return undefined;
}
/** The workspace as the action sees it: GITHUB_WORKSPACE, or the current folder without it. */
function workspaceOf(env) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(env.GITHUB_WORKSPACE || process.cwd());
}
/**
 * Folders that hold a plaintext copy of the database (the backup folder, the restore's working
 * folder with the decrypted archive, the rehearsal server's data) or a credential (the password
 * file for pg_dump and pg_restore) must be outside the workspace: a later step of the job that
 * uploads or caches the workspace (an artifact of `.`, a cache of a build folder, a container build
 * context) would otherwise carry them off the runner. This is the one check of that rule: why
 * `folder` may not hold such a copy (inside the workspace as written, or once symbolic links on
 * either side are followed), or `undefined` when it may.
 */
function plaintextFolderProblem(workspace, folder) {
    if (isWithin(workspace, folder))
        return `is inside the workspace (${workspace})`;
    const realWorkspace = realpathOfExisting(workspace);
    const realFolder = realpathOfExisting(folder);
    if (isWithin(realWorkspace, realFolder)) {
        return `leads through a symbolic link into the workspace (${folder} is ${realFolder}, inside ${realWorkspace}${realWorkspace === workspace ? '' : `, which is the workspace ${workspace}`})`;
    }
    return undefined;
}


/***/ }),

/***/ 2992:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  U9: () => (/* reexport */ isLoopback),
  K$: () => (/* binding */ readConnectionUrl),
  mE: () => (/* binding */ secretsOfUrl)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
;// CONCATENATED MODULE: ./src/postgres/url-params.ts

/**
 * The query parameters of the database URL (see connection-url.ts): the ones the action accepts,
 * decoded as the client that reads each one decodes it, and every other one refused by name with
 * the reason and what to write instead.
 */
/** Parameters passed on to Prisma as written (besides those the action writes itself). */
const PRISMA_PASS_THROUGH = [
    'application_name',
    'pgbouncer',
    'connection_limit',
    'pool_timeout',
    'socket_timeout',
    'statement_cache_size',
    'max_connection_lifetime',
    'max_idle_connection_lifetime'
];
/**
 * Query parameters that are harmless to print (values shown in the redacted URL). Prisma's pool
 * settings only tune Prisma's own connection pool: they change neither the server nor TLS, and the
 * action's single sessions and pg_dump have no pool to apply them to.
 */
const SHOWN_PARAMS = ['schema', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', ...PRISMA_PASS_THROUGH];
/** Query parameters that carry a credential: registered as secrets, never shown. */
const SECRET_PARAMS = ['password', 'sslpassword'];
const ACCEPTED = new Set([...SHOWN_PARAMS, 'password']);
const URL_FORM = 'postgresql://USER:PASSWORD@HOST:PORT/DATABASE';
/** Why a parameter the action does not accept is refused, and what to do instead. */
function refusal(name) {
    switch (name) {
        case 'host':
        case 'hostaddr':
        case 'port':
        case 'user':
        case 'dbname':
            return {
                why: `it redirects the connection: libpq (pg_dump) and Prisma would connect with it while the URL's own ${name === 'dbname' ? 'database' : name === 'hostaddr' ? 'host' : name} says otherwise`,
                fix: `Remove '${name}' from the query string and put the value in the URL itself: ${URL_FORM}. Unix-domain sockets are not supported: use TCP.`
            };
        case 'service':
        case 'servicefile':
        case 'passfile':
            return {
                why: 'it makes libpq read connection settings or passwords from a file on the runner that the action and Prisma would not read',
                fix: `Remove '${name}' and give host, port, user, password and database in the URL: ${URL_FORM}.`
            };
        case 'options':
            return {
                why: "it sends server settings at connection start that would override the action's own (read-only verify session, statement and lock timeouts)",
                fix: "Remove 'options' from the URL; set per-role or per-database defaults on the server (ALTER ROLE ... SET) if the migrations need them."
            };
        case 'target_session_attrs':
        case 'load_balance_hosts':
            return {
                why: 'it chooses among several hosts, and the action deploys to exactly one server',
                fix: `Remove '${name}' and name the primary server directly: ${URL_FORM}.`
            };
        case 'ssl':
        case 'requiressl':
        case 'uselibpqcompat':
            return {
                why: 'its meaning differs between libpq, Prisma and node-postgres',
                fix: "Use libpq's sslmode instead: sslmode=require, or sslmode=verify-full with sslrootcert=<CA file> (or sslrootcert=system)."
            };
        case 'sslaccept':
        case 'sslidentity':
            return {
                why: 'it is a Prisma-only TLS parameter that pg_dump and the action would not honour',
                fix: "Use libpq's parameters: sslmode (verify-full to check the certificate), sslrootcert (the CA file); the action writes Prisma's own TLS parameters from them."
            };
        case 'sslpassword':
            return {
                why: 'a passphrase-protected client key could reach pg_dump only on its command line, where the passphrase would be visible',
                fix: 'Use a client key without a passphrase (sslkey=<file>, readable only by the runner user), stored as a secret file for the job.'
            };
        case 'connect_timeout':
            return {
                why: "each client would use its own value; the action's `connect-timeout` input applies to every connection of the run",
                fix: "Remove 'connect_timeout' from the URL and set the action's `connect-timeout` input (seconds) instead."
            };
        default:
            return {
                why: 'the action cannot make its own sessions, pg_dump and Prisma all honour it the same way',
                fix: `Remove '${name}' from the URL. Accepted query parameters: ${[...SHOWN_PARAMS, 'password'].join(', ')}.`
            };
    }
}
/** Parameters only Prisma reads: their values are form-decoded, as Prisma does ('+' is a space). */
const PRISMA_PARAMS = new Set(['schema', ...PRISMA_PASS_THROUGH]);
/**
 * The query string as its reader decodes it: a parameter libpq reads (sslmode, sslrootcert,
 * password, ...) as libpq does, `%XX` only, so a '+' stays a '+' (URLSearchParams would read
 * `?password=a+b` as 'a b'); a parameter only Prisma reads (schema, pool settings) as Prisma does,
 * with '+' for a space.
 */
function libpqParams(search) {
    const out = new URLSearchParams();
    for (const pair of search.replace(/^\?/, '').split('&')) {
        if (pair === '')
            continue;
        const eq = pair.indexOf('=');
        const name = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
        const value = eq < 0 ? '' : pair.slice(eq + 1);
        out.append(name, safeDecode(PRISMA_PARAMS.has(name) ? value.replace(/\+/g, ' ') : value));
    }
    return out;
}
/** Refuses a repeated parameter and every parameter the action does not accept, by name. */
function checkParams(params, source) {
    const seen = new Set();
    for (const name of params.keys()) {
        // A name that is not keyword-shaped may be part of a password (e.g. an unencoded '?' in it):
        // it is never shown.
        const keyword = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(name);
        if (seen.has(name)) {
            throw new errors/* ActionError */.lZ(`The database URL (${source}) sets the query parameter ${keyword ? `'${name}'` : '(name not shown)'} more than once; clients disagree on which one counts.`, 'Keep each query parameter once in the URL.');
        }
        seen.add(name);
        if (!ACCEPTED.has(name)) {
            if (!keyword) {
                throw new errors/* ActionError */.lZ(`The database URL (${source}) has a query string that is not connection parameters (not shown: it may hold part of the password).`, 'Percent-encode special characters in the password (? as %3F, & as %26, = as %3D, # as %23, @ as %40, / as %2F, : as %3A).');
            }
            const { why, fix } = refusal(name);
            throw new errors/* ActionError */.lZ(`The database URL (${source}) sets the query parameter '${name}', which the action refuses: ${why}.`, fix);
        }
    }
}
/** `%XX` decoded; the text as it is when it is not valid percent-encoding. */
function safeDecode(value) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        return value;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/postgres/url-tls.ts


/**
 * The TLS rules of the database URL (see connection-url.ts), with libpq's meaning of sslmode,
 * sslrootcert, sslcert and sslkey: one set of rules for the action's sessions, libpq's children
 * and Prisma.
 */
/** libpq's sslmode values the action implements (`allow` is refused: see `tlsSettings`). */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];
/**
 * A host is loopback by its text alone: localhost, 127.0.0.0/8, ::1. Names under `.localhost` are
 * not: resolving them may ask DNS, and a fallback to no TLS must never leave the machine.
 */
function isLoopback(host) {
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
/**
 * The effective libpq sslmode and certificates. Towards a loopback host the default is libpq's
 * (`prefer`); towards any other host TLS is required: no sslmode means `require`, and `prefer` is
 * raised to `require` (a server without TLS is refused rather than sent the password in clear).
 * `disable` stays as written (the target policy refuses it towards a remote host). `allow` is
 * refused: it tries a plain connection first, and Prisma cannot express it.
 */
function tlsSettings(params, host, source, cwd) {
    const written = params.get('sslmode') ?? undefined;
    if (written !== undefined && !SSL_MODES.includes(written)) {
        const fix = written === 'allow'
            ? "Use sslmode=require (or verify-full with sslrootcert) for a remote server; towards a loopback host sslmode=prefer or disable. 'allow' tries a connection without TLS first and Prisma cannot express it."
            : `Use one of libpq's sslmode values: ${SSL_MODES.join(', ')}.`;
        throw new errors/* ActionError */.lZ(`The database URL (${source}) sets sslmode=${written}, which the action does not accept.`, fix);
    }
    const loopback = isLoopback(host);
    let mode;
    let decidedBy;
    if (written === undefined) {
        mode = loopback ? 'prefer' : 'require';
        decidedBy = loopback ? 'no sslmode in the URL: prefer (libpq default) towards a loopback host' : 'no sslmode in the URL: TLS required towards a remote host';
    }
    else if (written === 'prefer' && !loopback) {
        mode = 'require';
        decidedBy = 'sslmode=prefer raised to require: TLS is required towards a remote host';
    }
    else {
        mode = written;
        decidedBy = `sslmode=${written} from the URL`;
    }
    const file = (name) => {
        const value = params.get(name);
        if (value === null)
            return undefined;
        if (value === '') {
            throw new errors/* ActionError */.lZ(`The database URL (${source}) sets '${name}' to nothing.`, `Give '${name}' the path of a file on the runner, or remove it.`);
        }
        return name === 'sslrootcert' && value === 'system' ? value : external_node_path_.resolve(cwd, value);
    };
    const rootCert = mode === 'disable' ? undefined : file('sslrootcert');
    const clientCert = mode === 'disable' ? undefined : file('sslcert');
    const clientKey = mode === 'disable' ? undefined : file('sslkey');
    if ((clientCert === undefined) !== (clientKey === undefined)) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) sets ${clientCert ? 'sslcert without sslkey' : 'sslkey without sslcert'}.`, 'A client certificate needs both: sslcert=<certificate file>&sslkey=<key file>.');
    }
    if (rootCert === 'system' && mode !== 'verify-full') {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) sets sslrootcert=system with sslmode=${mode}; the runner's trusted CAs are used only with verify-full.`, 'Use sslmode=verify-full with sslrootcert=system (libpq refuses weaker modes with it too).');
    }
    if ((mode === 'verify-ca' || mode === 'verify-full') && rootCert === undefined) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) sets sslmode=${mode} without sslrootcert; the clients would trust different certificate authorities.`, `Add sslrootcert=<CA file> (the server's certificate authority), or sslrootcert=system to trust the runner's CAs (verify-full only).`);
    }
    if (mode === 'prefer' && rootCert !== undefined) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) sets sslrootcert with sslmode=prefer, which would fall back to no TLS at all.`, 'Use sslmode=verify-full (or verify-ca) with sslrootcert, or remove sslrootcert.');
    }
    if (mode === 'require' && rootCert !== undefined) {
        // libpq: "require" with a root certificate verifies it as "verify-ca" does.
        mode = 'verify-ca';
        decidedBy = 'sslmode=require with sslrootcert: the certificate authority is verified (libpq verify-ca)';
    }
    return { mode, decidedBy, rootCert, clientCert, clientKey };
}

;// CONCATENATED MODULE: ./src/postgres/connection-url.ts



/** Re-exported for the target policy, which reads it from here. */

/**
 * Reads a PostgreSQL URL with libpq's meaning and refuses what the action cannot honour
 * identically everywhere. `source` names where the URL came from, for messages; `cwd` resolves
 * relative certificate paths (libpq resolves them against the working directory).
 */
function readConnectionUrl(raw, source, cwd = process.cwd()) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw malformedUrlError(raw, source);
    }
    if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) uses the scheme '${url.protocol.replace(/:$/, '')}://', not PostgreSQL.`, 'This action deploys to PostgreSQL only: use a postgresql:// or postgres:// URL.');
    }
    // Query parameters first: a refused `?host=` must be named even when the URL has no host.
    const params = libpqParams(url.search);
    checkParams(params, source);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === '') {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) has no host.`, `Use the form ${URL_FORM}.`);
    }
    if (host.includes(',')) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) names several hosts; the action deploys to exactly one server.`, `Name the primary server alone: ${URL_FORM}.`);
    }
    if (/[%/\\@]/.test(host)) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) has a host that is not a host name or address (a percent-encoded Unix-domain socket folder such as %2Fvar%2Frun%2Fpostgresql?).`, `Unix-domain sockets are not supported: connect over TCP with ${URL_FORM}.`);
    }
    const database = safeDecode(url.pathname.replace(/^\//, ''));
    if (database === '' || database.includes('/')) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) names no database.`, 'Add the database name after the host: postgresql://USER:PASSWORD@HOST:5432/DATABASE.');
    }
    const port = url.port === '' ? 5432 : Number(url.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) has the port ${url.port}, outside 1–65535.`, `Use the form ${URL_FORM}.`);
    }
    if (/=/.test(database) || /^postgres(?:ql)?:\/\//i.test(database)) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) names a database that libpq would read as a connection string (it contains '=' or starts with postgres://).`, `Name the database itself after the host: ${URL_FORM}.`);
    }
    const user = safeDecode(url.username);
    if (user === '') {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) names no user; each client would fall back to a different default (the runner's OS user, or none).`, `Put the user before the host: ${URL_FORM}.`);
    }
    const pgbouncer = params.get('pgbouncer');
    if (pgbouncer !== null && pgbouncer !== 'true' && pgbouncer !== 'false') {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) sets pgbouncer=${pgbouncer}; Prisma accepts only true or false.`, 'Remove pgbouncer (migrations need a direct connection, not a pooler).');
    }
    const queryPassword = params.get('password') ?? undefined;
    if (url.password !== '' && queryPassword !== undefined) {
        throw new errors/* ActionError */.lZ(`The database URL (${source}) has a password both before the host and in the query string; libpq would use one and Prisma the other.`, 'Keep one password, before the host: postgresql://USER:PASSWORD@HOST:5432/DATABASE.');
    }
    const password = url.password !== '' ? safeDecode(url.password) : queryPassword;
    if (password !== undefined && /[\r\n\0]/.test(password)) {
        // libpq reads a password for pg_dump and pg_restore from a password file, one entry per line.
        throw new errors/* ActionError */.lZ(`The database URL (${source}) has a password containing a line break or a NUL character (not shown), which pg_dump and pg_restore cannot be given: libpq's password file holds one password per line.`, 'Use a password without line breaks (set a new one for the role with ALTER ROLE … PASSWORD), and update the secret that holds the URL.');
    }
    const schema = params.get('schema') || 'public';
    const tls = tlsSettings(params, host, source, cwd);
    const { childUrl, prismaProblem } = prismaUrl({ host, port, database, user, password, schema, params, tls });
    return { host, port, database, user, password, schema, params, tls, childUrl, prismaProblem, redacted: redact(url) };
}
/**
 * Why a URL that does not parse is refused. A refused parameter is named even when the rest does
 * not parse (e.g. `postgresql:///db?host=/socket`); only names from a fixed list are echoed: the
 * rest of a malformed URL may be its password.
 */
function malformedUrlError(raw, source) {
    const redirecting = ['host', 'hostaddr', 'port', 'user', 'dbname', 'service'];
    const query = libpqParams(/\?([^#]*)$/.exec(raw)?.[1] ?? '');
    for (const name of redirecting) {
        if (query.has(name)) {
            const { why, fix } = refusal(name);
            return new errors/* ActionError */.lZ(`The database URL (${source}) sets the query parameter '${name}', which the action refuses: ${why}.`, fix);
        }
    }
    const multiHost = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?[^/?#]*,/i.test(raw);
    if (multiHost) {
        return new errors/* ActionError */.lZ(`The database URL (${source}) names several hosts; the action deploys to exactly one server.`, `Name the primary server alone: ${URL_FORM}.`);
    }
    return new errors/* ActionError */.lZ(`The database URL (${source}) is not a valid URL.`, 'Use the form postgresql://USER:PASSWORD@HOST:5432/DATABASE?schema=public, and percent-encode special characters in the password (e.g. @ as %40, : as %3A, / as %2F).');
}
/**
 * The URL for Prisma: same user, password, host, port, database and schema, and Prisma's own TLS
 * parameters written from the effective mode (Prisma reads only sslmode=disable|prefer|require,
 * sslaccept=strict|accept_invalid_certs, sslcert = the CA file; a mode it does not know silently
 * becomes `prefer`). verify-ca and client certificates have no Prisma equivalent.
 */
function prismaUrl(t) {
    const query = new URLSearchParams();
    query.set('schema', t.schema);
    let prismaProblem;
    switch (t.tls.mode) {
        case 'disable':
        case 'prefer':
            query.set('sslmode', t.tls.mode);
            if (t.tls.mode === 'prefer')
                query.set('sslaccept', 'accept_invalid_certs');
            break;
        case 'require':
            query.set('sslmode', 'require');
            query.set('sslaccept', 'accept_invalid_certs');
            break;
        case 'verify-full':
            query.set('sslmode', 'require');
            query.set('sslaccept', 'strict');
            if (t.tls.rootCert !== 'system' && t.tls.rootCert !== undefined)
                query.set('sslcert', t.tls.rootCert);
            break;
        case 'verify-ca':
            query.set('sslmode', 'require');
            prismaProblem = 'Prisma cannot verify the certificate authority without also checking the host name (libpq verify-ca, or require with sslrootcert)';
            break;
    }
    if (t.tls.clientCert !== undefined) {
        prismaProblem ??= 'Prisma reads a client certificate only as a PKCS#12 bundle (sslidentity), not as sslcert and sslkey files';
    }
    for (const name of PRISMA_PASS_THROUGH) {
        const value = t.params.get(name);
        if (value !== null)
            query.set(name, value);
    }
    const userinfo = `${encodeURIComponent(t.user)}${t.password !== undefined ? `:${encodeURIComponent(t.password)}` : ''}`;
    const hostPart = t.host.includes(':') ? `[${t.host}]` : t.host;
    return {
        childUrl: `postgresql://${userinfo}${userinfo ? '@' : ''}${hostPart}:${t.port}/${encodeURIComponent(t.database)}?${query.toString()}`,
        prismaProblem
    };
}
/**
 * The only printed form of a URL: scheme, user, host, port, database, and the values of harmless
 * parameters; the password and every other value are `***`.
 */
function redact(url) {
    const query = [...libpqParams(url.search).entries()].map(([k, v]) => `${encodeURIComponent(k)}=${SHOWN_PARAMS.includes(k) ? encodeURIComponent(v) : '***'}`).join('&');
    const user = url.username;
    const userinfo = user !== '' || url.password !== '' ? `${user}${url.password !== '' ? ':***' : ''}@` : '';
    return `${url.protocol}//${userinfo}${url.host}${url.pathname}${query ? `?${query}` : ''}`;
}
/** The secrets a URL holds, as written and decoded: its password, query password and sslpassword. */
function secretsOfUrl(raw) {
    const found = [];
    // As a person meant it: the text between the first ':' after '//' and the last '@', also when an
    // unencoded character in it ('?', '#', '/') makes a URL parser read it differently.
    const meant = /^[a-z]+:\/\/[^:/@]*:(.*)@[^@]*$/i.exec(raw)?.[1];
    if (meant)
        found.push(meant, safeDecode(meant));
    try {
        const url = new URL(raw);
        if (url.password)
            found.push(url.password, safeDecode(url.password));
        // Every occurrence, also of a repeated parameter, and as written in the query string.
        for (const name of SECRET_PARAMS)
            for (const value of url.searchParams.getAll(name))
                if (value)
                    found.push(value);
        for (const m of url.search.matchAll(/[?&](?:password|sslpassword)=([^&#]*)/g))
            if (m[1])
                found.push(m[1], safeDecode(m[1]));
    }
    catch {
        // malformed URL: query values as written
        for (const m of raw.matchAll(/[?&](?:password|sslpassword)=([^&#]*)/g))
            if (m[1])
                found.push(m[1], safeDecode(m[1]));
    }
    return found;
}


/***/ }),

/***/ 6079:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ sqlLiteral),
/* harmony export */   j: () => (/* binding */ sqlIdent)
/* harmony export */ });
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3325);

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

/***/ 3249:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dy: () => (/* binding */ assertPrismaCanConnect),
/* harmony export */   im: () => (/* binding */ assertTargetPolicy)
/* harmony export */ });
/* unused harmony exports isPoolerUrl, refusePooler, refusePlaintextToRemote */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/* harmony import */ var _connection_url_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2992);



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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The database URL points at a connection pooler: ${why}.`, 'Migrations need a direct connection (a pooler in transaction mode breaks the advisory lock and session settings). Use the direct URL (Prisma calls it directUrl), usually port 5432 on the database host itself.');
    }
}
function refusePlaintextToRemote(target) {
    if (target.tls.mode === 'disable' && !(0,_connection_url_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopback */ .U9)(target.host)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The database URL sets sslmode=disable towards '${target.host}', which would send the password and data unencrypted over the network.`, 'Remove sslmode=disable, or use sslmode=require (or verify-full with sslrootcert) for a remote server.');
    }
}
/**
 * The prisma migrator connects with the URL the action writes for it; when Prisma cannot be given
 * the same TLS rules as the action's sessions and pg_dump, the run is refused before anything runs.
 */
function assertPrismaCanConnect(target) {
    if (target.prismaProblem) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`The database URL's TLS settings (${target.tls.decidedBy}) cannot be given to Prisma: ${target.prismaProblem}.`, "Use sslmode=verify-full with sslrootcert=<CA file> (or sslrootcert=system), or sslmode=require without sslrootcert; or use `migrator: builtin`, which connects as the action's own sessions do.");
    }
}


/***/ }),

/***/ 215:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ PR_COMMENT_MODES),
/* harmony export */   y: () => (/* binding */ PR_COMMENT_STEP)
/* harmony export */ });
/** `pr-comment`: comment when the token may (else one warning), never, or fail verify when it cannot. */
const PR_COMMENT_MODES = ['auto', 'off', 'required'];
/** The name of the step the comment adds to verify's log and job summary. */
const PR_COMMENT_STEP = 'pr-comment';


/***/ }),

/***/ 2554:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  nX: () => (/* binding */ deathSignal),
  FK: () => (/* binding */ envWithoutSecrets),
  w$: () => (/* binding */ runChild),
  LM: () => (/* binding */ stopAllChildren),
  hL: () => (/* binding */ stringEnv)
});

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __nccwpck_require__(7187);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __nccwpck_require__(8701);
;// CONCATENATED MODULE: ./src/process/children.ts



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
    const child = (0,external_node_child_process_namespaceObject.spawn)(command, argv, {
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
    const setpriv = await io/* which */.K7('setpriv', false);
    if (!setpriv)
        return without("util-linux 'setpriv' was not found on PATH");
    // Older util-linux (before 2.33) has setpriv without --pdeathsig: ask it once.
    const probe = await exec/* getExecOutput */.H(setpriv, ['--pdeathsig', 'KILL', '--', 'true'], { silent: true, ignoreReturnCode: true, env: stringEnv(envWithoutSecrets()) }).catch(() => undefined);
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

/***/ 4689:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ runnerTempDir),
/* harmony export */   n: () => (/* binding */ privateTempDir)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3916);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8431);




/**
 * Where the action keeps its temporary files (the password file for pg_dump and pg_restore, the
 * restore's decrypted archive, the rehearsal server's data): the runner's per-job temp folder,
 * $RUNNER_TEMP, which the runner empties after every job even when the action was killed. Never
 * the system temp folder, which a killed run would leave a password file in for as long as the
 * machine lives (a self-hosted runner: for good).
 *
 * GitHub's runners keep RUNNER_TEMP beside the workspace (`<work>/_temp`), never inside it. A
 * runner configured with RUNNER_TEMP inside the workspace (directly or through a symbolic link) is
 * refused before anything is written there: every temporary file of the action holds a credential
 * or a plaintext copy of data, which a later step that uploads or caches the workspace would carry
 * off the runner. There is no fallback to another folder.
 */
function runnerTempDir(env = process.env) {
    const dir = env.RUNNER_TEMP;
    if (!dir || !node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(dir)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`RUNNER_TEMP is ${dir ? `not an absolute path ('${dir}')` : 'not set'}: the action keeps its temporary files (the database password file for pg_dump) only in the runner's per-job temp folder, never in the system temp folder.`, 'Run the action on a GitHub Actions runner (it sets RUNNER_TEMP), or set RUNNER_TEMP to an absolute path of a private folder that is emptied after the job.');
    }
    const problem = (0,_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .plaintextFolderProblem */ .px)((0,_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .workspaceOf */ .B3)(env), dir);
    if (problem) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`RUNNER_TEMP (${dir}) ${problem}: the action keeps its temporary files there (the database password file for pg_dump and pg_restore, a decrypted or restored copy of the database), and nothing that holds a credential or a plaintext copy of data may be written where a later step that uploads or caches the workspace would carry it off the runner. Nothing was written.`, "Run the job on a runner whose temp folder is outside the repository checkout (GitHub's runners use <work folder>/_temp, beside it); set RUNNER_TEMP to such a folder if the runner lets you.");
    }
    return dir;
}
/** A new folder only the runner user can enter (0700), inside $RUNNER_TEMP; its name is unique. */
async function privateTempDir(prefix, env = process.env) {
    const root = runnerTempDir(env);
    // mkdtemp creates the folder exclusively, with a random name and mode 0700.
    const dir = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp(node_path__WEBPACK_IMPORTED_MODULE_1__.join(root, prefix));
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.chmod(dir, 0o700);
    return dir;
}


/***/ }),

/***/ 9334:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ findingsBlocks)
/* harmony export */ });
/* unused harmony export findingRows */
/* harmony import */ var _risk_report_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2985);
/* harmony import */ var _risk_rules_index_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9043);
/* harmony import */ var _risk_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2842);
/* harmony import */ var _markup_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8132);




/** Rows of the table shown before the rest fold into `<details>`. */
const FOLD_ROWS = 10;
/** Places a grouped row names before `and N more` (the rule's `<details>` lists the rest). */
const ROW_PLACES = 2;
/** A no-break space: a level or a line number is never split from its word. */
const NBSP = '\u00a0';
const LEVEL_MARK = { high: `🔴${NBSP}high`, medium: `🟠${NBSP}medium`, low: `🟡${NBSP}low` };
/** The rows: groups and single findings not accepted, the highest level first (in file order within a level), then the accepted ones. */
function findingRows(risk) {
    const rows = (0,_risk_report_js__WEBPACK_IMPORTED_MODULE_0__/* .shownFindings */ .qA)(risk).map(rowOf);
    const open = rows
        .filter(r => r.findings[0]?.allowed === undefined)
        .map((r, i) => ({ r, i }))
        .sort((a, b) => (0,_risk_types_js__WEBPACK_IMPORTED_MODULE_2__/* .levelRank */ .Le)(b.r.level) - (0,_risk_types_js__WEBPACK_IMPORTED_MODULE_2__/* .levelRank */ .Le)(a.r.level) || a.i - b.i)
        .map(x => x.r);
    return { open, accepted: rows.filter(r => r.findings[0]?.allowed !== undefined) };
}
function rowOf(shown) {
    if ('group' in shown)
        return { rule: shown.group.rule, level: shown.group.level, findings: shown.group.findings, fix: shown.group.fix, why: shown.group.why };
    const f = shown.finding;
    return { rule: f.rule, level: f.level, findings: [f], fix: f.saferWay, why: _risk_rules_index_js__WEBPACK_IMPORTED_MODULE_1__/* .RULES */ .y0.find(r => r.name === f.rule)?.why };
}
function findingsBlocks(report, o) {
    const { risk, failLevel } = report;
    const m = o.markup;
    const h = o.heading;
    const total = risk.findings.length;
    const { open, accepted } = findingRows(risk);
    const openCount = open.reduce((n, r) => n + r.findings.length, 0);
    const acceptedCount = total - openCount;
    const scope = `${risk.statements} statement${(0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .plural */ .LS)(risk.statements)} of ${risk.files} pending migration${(0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .plural */ .LS)(risk.files)}`;
    const counted = [...(openCount > 0 ? [`${openCount} finding${(0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .plural */ .LS)(openCount)}`] : []), ...(acceptedCount > 0 ? [`${acceptedCount} accepted`] : [])];
    const blocks = [`<${h}>Migration risk: ${risk.level}${counted.length > 0 ? ` (${counted.join(', ')})` : ''}</${h}>`];
    if (risk.files === 0)
        return { blocks: [...blocks, '<p>Nothing to analyse: no migration is pending.</p>'], unlisted: 0 };
    if (total === 0)
        return { blocks: [...blocks, `<p>Nothing found: no finding in ${scope}.</p>`], unlisted: 0 };
    const counts = ['high', 'medium', 'low']
        .map(l => [l, open.filter(r => r.level === l).reduce((n, r) => n + r.findings.length, 0)])
        .filter(([, n]) => n > 0)
        .map(([l, n]) => `${n} ${l}`);
    const failing = open.filter(r => (0,_risk_types_js__WEBPACK_IMPORTED_MODULE_2__/* .failsAt */ .ZN)(r.level, failLevel)).reduce((n, r) => n + r.findings.length, 0);
    blocks.push(`<p>${openCount === 0 ? 'No open finding' : `${openCount} finding${(0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .plural */ .LS)(openCount)} (${counts.join(', ')})`}${acceptedCount ? ` and ${acceptedCount} accepted after review` : ''} in ${scope}. ` +
        `${failLevel === 'none' ? 'With <code>risk-fail-level: none</code> no finding fails verify.' : `Findings at or above <code>risk-fail-level</code> <b>${failLevel}</b> fail verify: ${failing === 0 ? 'none here' : `${failing} here`}.`}</p>`);
    const rowLimit = o.rows ?? Infinity;
    const shownOpen = open.slice(0, Math.min(rowLimit, open.length));
    const shownAccepted = accepted.slice(0, Math.max(0, rowLimit - shownOpen.length));
    const listed = new Set();
    const where = (f) => {
        listed.add(f);
        return (0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .link */ .nf)(o.link(f.file, f.line), `${m.code(f.migration, 200)} line${NBSP}${f.line}`);
    };
    const row = (r, last) => `<tr><td>${(0,_risk_types_js__WEBPACK_IMPORTED_MODULE_2__/* .failsAt */ .ZN)(r.level, failLevel) && r.findings[0]?.allowed === undefined ? `<b>${LEVEL_MARK[r.level]}</b>` : LEVEL_MARK[r.level]}</td>` +
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
        const moreNote = more > 0 ? `<p>${more === findings.length ? `${more} place${(0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .plural */ .LS)(more)}` : `${more} more place${(0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .plural */ .LS)(more)}`} not listed here${o.elsewhere ? `: ${o.elsewhere}` : ''}.</p>` : '';
        const fixes = [...new Set(rows.filter(r => r.findings[0]?.allowed === undefined).map(r => r.fix))];
        const safer = fixes.map(fix => `<p><b>Safer way:</b> ${m.prose(fix, 1500)}</p>`).join('');
        const count = `${findings.length} finding${(0,_markup_js__WEBPACK_IMPORTED_MODULE_3__/* .plural */ .LS)(findings.length)}`;
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


/***/ }),

/***/ 3303:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D3: () => (/* binding */ commitOf),
/* harmony export */   D4: () => (/* binding */ repositoryPaths),
/* harmony export */   Ek: () => (/* binding */ repositoryUrl),
/* harmony export */   Gh: () => (/* binding */ serverUrlOf),
/* harmony export */   Yk: () => (/* binding */ runRepository),
/* harmony export */   en: () => (/* binding */ isRepositoryName),
/* harmony export */   qE: () => (/* binding */ fileLinks)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7194);



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
        const encoded = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .scrub */ ._I)(repoPath(file))
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
        const parent = node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(dir);
        const root = node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, '.git')) ? dir : parent === dir ? workspace : rootOf(parent);
        roots.set(dir, root);
        return root;
    };
    return file => {
        const absolute = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(workspace, file);
        return node_path__WEBPACK_IMPORTED_MODULE_1__.relative(rootOf(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(absolute)), absolute)
            .split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep)
            .join('/');
    };
}


/***/ }),

/***/ 4703:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ foldedList),
/* harmony export */   o: () => (/* binding */ SHOWN_BEFORE_FOLD)
/* harmony export */ });
/* harmony import */ var _markup_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8132);

/**
 * Lists in a report. A list that grows with the project (pending, rehearsed, restored migrations)
 * shows its first few items and folds the rest into a `<details>`, so that a hundred migrations
 * take no more room than five until the reader asks for them.
 */
/** Items a growing list shows before it folds the rest. */
const SHOWN_BEFORE_FOLD = 5;
/**
 * The list as HTML blocks, each one line: an `<ol>` of the items shown, then (when some are folded)
 * a `<details>` holding the rest, numbered on. No blocks for an empty list.
 */
function foldedList(items, m, o = {}) {
    if (items.length === 0)
        return [];
    const shown = o.shown === undefined || items.length <= o.shown + 1 ? items.length : o.shown;
    const li = (item) => {
        if (typeof item === 'string')
            return `<li>${o.prose ? m.prose(item) : m.code(item, o.maxName)}</li>`;
        return `<li>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(item.href, m.code(item.name, o.maxName))}${item.note ? ` ${m.text(item.note, 200)}` : ''}</li>`;
    };
    const blocks = shown > 0 ? [`<ol>${items.slice(0, shown).map(li).join('')}</ol>`] : [];
    const rest = items.slice(shown);
    if (rest.length > 0) {
        const summary = shown > 0 ? `Show the other ${rest.length}` : `Show all ${rest.length}`;
        blocks.push(`<details><summary>${summary}</summary><ol${shown > 0 ? ` start="${shown + 1}"` : ''}>${rest.map(li).join('')}</ol></details>`);
    }
    return blocks;
}


/***/ }),

/***/ 8132:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   LS: () => (/* binding */ plural),
/* harmony export */   gu: () => (/* binding */ commentMarkup),
/* harmony export */   h$: () => (/* binding */ summaryMarkup),
/* harmony export */   ml: () => (/* binding */ shorten),
/* harmony export */   mz: () => (/* binding */ byteSize),
/* harmony export */   nf: () => (/* binding */ link)
/* harmony export */ });
/* unused harmony export escapeSummaryText */
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7194);
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3325);


/**
 * The markup the job summary and the pull-request comment share. Both are Markdown documents made
 * of one-line HTML blocks: GitHub reads no Markdown inside raw HTML, so everything the action
 * writes is HTML (`<code>`, `<b>`, `<a>`), never backticks or asterisks, and every text it quotes
 * goes through `Markup`, which leaves it inert.
 */
/** Every line break: CR LF, LF, a lone CR (a line ending in Markdown), and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;
/**
 * Text from files, the database or error messages, made safe as the content of an HTML element:
 * secrets scrubbed, `&`, `<`, `>` escaped, every line break a `<br>`, and every other control,
 * invisible or bidirectional formatting character shown as an escape (`\u001b`, `\u202e`; see
 * visible-text.ts). The result holds no line break at all, so it can never end the one-line HTML
 * block it sits in (a blank line would turn what follows into Markdown) or start a row of its own.
 */
function escapeSummaryText(text) {
    return (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeInvisible */ .t)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(LINE_BREAK, '<br>'));
}
function markupOf(text) {
    return {
        text,
        prose: (value, max) => text(value, max).replace(/`([^`<]+)`/g, '<code>$1</code>'),
        code: (value, max) => `<code>${text(value, max)}</code>`
    };
}
/** The job summary's: every text whole (GitHub takes a summary of up to 1 MiB a step). */
const summaryMarkup = markupOf(value => escapeSummaryText(value));
/**
 * The pull-request comment's: each text at most `max` characters (secrets scrubbed before it is
 * shortened, so a cut can never leave part of a secret unscrubbed), escaped as in the job summary,
 * and the sequences GitHub turns into mentions, references or links after rendering (`@name`,
 * `#123`, `GH-123`, `https://…`, `www.…`) split by a zero-width space so that they stay plain text:
 * a comment notifies the people it mentions.
 */
const commentMarkup = markupOf((value, max = 2000) => escapeSummaryText(shorten((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(value), max)).replace(/@|:\/\/|www\.|#(?=\d)|gh-(?=\d)/gi, m => (m === '://' ? ':&#8203;//' : m.endsWith('.') ? `${m.slice(0, -1)}&#8203;.` : `${m}&#8203;`)));
/** At most `max` characters (whole code points), with `…` where it was cut. */
function shorten(value, max) {
    const chars = [...value];
    return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}
/** A link the action builds itself (never from text it was given), `label` already markup; the label alone without a URL. */
function link(url, label) {
    return url === undefined ? label : `<a href="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '%3C').replace(/>/g, '%3E')}">${label}</a>`;
}
/** UTF-8 size: what GitHub's limit on a comment counts is at most this. */
function byteSize(body) {
    return Buffer.byteLength(body, 'utf8');
}
function plural(n) {
    return n === 1 ? '' : 's';
}


/***/ }),

/***/ 8936:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Bv: () => (/* reexport */ blocks),
  L8: () => (/* binding */ classify),
  OL: () => (/* reexport */ qualifiedName),
  gF: () => (/* binding */ showLocks)
});

// UNUSED EXPORTS: ALTER_TABLE_SUBCOMMANDS, CLASSIFIED_KINDS, strongest

// EXTERNAL MODULE: ./src/risk/types.ts
var types = __nccwpck_require__(2842);
// EXTERNAL MODULE: ./src/risk/context.ts
var context = __nccwpck_require__(8116);
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
        out.push((0,context/* tableOf */.c_)(node.RangeVar, schema));
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
        const target = (0,context/* tableOf */.c_)(j.n.relation, j.schema);
        j.lock(target, 'ROW EXCLUSIVE');
        reads(j, { select: j.n.selectStmt, with: j.n.withClause }, (0,types/* tableKey */.ih)(target));
        j.does('rows');
    },
    UpdateStmt: j => {
        const target = (0,context/* tableOf */.c_)(j.n.relation, j.schema);
        j.lock(target, 'ROW EXCLUSIVE');
        reads(j, { from: j.n.fromClause, where: j.n.whereClause, with: j.n.withClause }, (0,types/* tableKey */.ih)(target));
        j.does('rows');
        const all = wholeTable(j, target);
        if (all)
            j.allRows(all);
    },
    DeleteStmt: j => {
        const target = (0,context/* tableOf */.c_)(j.n.relation, j.schema);
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
        const target = (0,context/* tableOf */.c_)(j.n.relation, j.schema);
        j.lock(target, 'ROW EXCLUSIVE');
        reads(j, { source: j.n.sourceRelation, with: j.n.withClause }, (0,types/* tableKey */.ih)(target));
        j.does('rows');
    },
    CopyStmt: j => {
        if (j.n.relation)
            j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), j.n.is_from ? 'ROW EXCLUSIVE' : 'ACCESS SHARE');
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
    const target = (0,context/* tableOf */.c_)(n.relation, j.schema);
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
            for (const k of (0,context/* constraintsOf */.Im)(cmd.def?.ColumnDef))
                if (k.contype === 'CONSTR_FOREIGN')
                    j.lock((0,context/* tableOf */.c_)(k.pktable, j.schema), 'SHARE ROW EXCLUSIVE');
            break;
        case 'AT_AddInherit':
        case 'AT_DropInherit':
            j.lock(target, 'ACCESS EXCLUSIVE');
            j.lock((0,context/* tableOf */.c_)(cmd.def?.RangeVar, j.schema), 'SHARE UPDATE EXCLUSIVE');
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
        j.lock((0,context/* tableOf */.c_)(c.pktable, j.schema), 'SHARE ROW EXCLUSIVE');
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
    const part = (0,context/* tableOf */.c_)(cmd.def?.PartitionCmd?.name, j.schema);
    j.lock(target, 'SHARE UPDATE EXCLUSIVE');
    j.lock(part, 'ACCESS EXCLUSIVE');
    j.does('scan');
}
/** DETACH PARTITION: ACCESS EXCLUSIVE on both, or SHARE UPDATE EXCLUSIVE CONCURRENTLY (outside a transaction). */
function detachPartition(j, target, cmd) {
    const part = (0,context/* tableOf */.c_)(cmd.def?.PartitionCmd?.name, j.schema);
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
        j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
        for (const elt of (j.n.tableElts ?? [])) {
            const cons = elt.ColumnDef ? (0,context/* constraintsOf */.Im)(elt.ColumnDef) : elt.Constraint ? [elt.Constraint] : [];
            for (const c of cons)
                if (c.contype === 'CONSTR_FOREIGN')
                    j.lock((0,context/* tableOf */.c_)(c.pktable, j.schema), 'SHARE ROW EXCLUSIVE');
        }
        // CREATE TABLE … PARTITION OF: ACCESS EXCLUSIVE on the parent; INHERITS: SHARE UPDATE EXCLUSIVE on each parent.
        for (const p of (j.n.inhRelations ?? []))
            j.lock((0,context/* tableOf */.c_)(p.RangeVar, j.schema), j.n.partbound ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
    },
    IndexStmt: j => {
        j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), j.n.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
        if (j.n.concurrent)
            j.noTransaction('CREATE INDEX CONCURRENTLY');
        j.does('index build');
    },
    AlterTableStmt: alterTable,
    RenameStmt: j => {
        if (j.n.relation) {
            const target = (0,context/* tableOf */.c_)(j.n.relation, j.schema);
            // ALTER INDEX … RENAME takes SHARE UPDATE EXCLUSIVE on the index; the rest ACCESS EXCLUSIVE on the relation.
            j.lock(target, j.n.renameType === 'OBJECT_INDEX' ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
        }
        j.does('catalog');
    },
    AlterObjectSchemaStmt: j => {
        if (j.n.relation)
            j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    DropStmt: drop,
    TruncateStmt: j => {
        for (const r of (j.n.relations ?? [])) {
            const table = (0,context/* tableOf */.c_)(r.RangeVar, j.schema);
            j.lock(table, 'ACCESS EXCLUSIVE');
            if (j.n.behavior === 'DROP_CASCADE')
                for (const t of j.facts.truncatedWith.get((0,types/* tableKey */.ih)(table)) ?? [])
                    j.lock(t, 'ACCESS EXCLUSIVE');
        }
        j.does('catalog');
        j.destroys();
    },
    CreateTrigStmt: j => {
        j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), 'SHARE ROW EXCLUSIVE');
        j.does('catalog');
    },
    RuleStmt: j => {
        j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    CreatePolicyStmt: j => {
        j.lock((0,context/* tableOf */.c_)(j.n.table, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    AlterPolicyStmt: j => {
        j.lock((0,context/* tableOf */.c_)(j.n.table, j.schema), 'ACCESS EXCLUSIVE');
        j.does('catalog');
    },
    CreateStatsStmt: j => {
        for (const r of (j.n.relations ?? []))
            if (r.RangeVar)
                j.lock((0,context/* tableOf */.c_)(r.RangeVar, j.schema), 'SHARE UPDATE EXCLUSIVE');
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
        j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), j.n.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE');
        j.does('rewrite');
    }
};
/** DROP: the lock on the dropped relation (or the table of the dropped index, trigger, rule, policy). */
function drop(j) {
    const n = j.n;
    const objects = (n.objects ?? []);
    const names = (o) => (0,context/* stringList */.Yn)(o.List?.items);
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
        for (const t of (0,context/* dropTargets */.Wb)(j.stmt, j.schema)) {
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
    const items = (0,context/* stringList */.Yn)(j.n.object?.List?.items);
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
        const rels = (j.n.rels ?? []).map(r => (0,context/* tableOf */.c_)(r.VacuumRelation?.relation, j.schema));
        for (const t of rels)
            j.lock(t, full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
        j.does(full ? 'rewrite' : 'scan');
        if (j.n.is_vacuumcmd)
            j.noTransaction('VACUUM');
    },
    ClusterStmt: j => {
        if (j.n.relation)
            j.lock((0,context/* tableOf */.c_)(j.n.relation, j.schema), 'ACCESS EXCLUSIVE');
        else
            j.noTransaction('CLUSTER without a table');
        j.does('rewrite');
    },
    ReindexStmt: j => {
        const concurrently = optionOn(j.n.params, 'concurrently');
        const kind = j.n.kind;
        if (kind === 'REINDEX_OBJECT_INDEX' || kind === 'REINDEX_OBJECT_TABLE') {
            const named = (0,context/* tableOf */.c_)(j.n.relation, j.schema);
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
            j.lock((0,context/* tableOf */.c_)(r.RangeVar, j.schema), mode);
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
            const domain = qualifiedName((0,context/* stringList */.Yn)(j.n.typeName), j.schema);
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
        for (const t of (0,context/* dropTargets */.Wb)(j.stmt, j.schema)) {
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
            j.lock((0,context/* tableOf */.c_)(rel, j.schema), 'SHARE UPDATE EXCLUSIVE');
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


/***/ }),

/***/ 8116:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ alterCommands),
/* harmony export */   Bm: () => (/* binding */ calledFunctions),
/* harmony export */   Im: () => (/* binding */ constraintsOf),
/* harmony export */   Wb: () => (/* binding */ dropTargets),
/* harmony export */   Yn: () => (/* binding */ stringList),
/* harmony export */   c_: () => (/* binding */ tableOf),
/* harmony export */   gT: () => (/* binding */ existing)
/* harmony export */ });
/* unused harmony export typeNameText */
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2842);

function tableOf(range, schema) {
    return { schema: range?.schemaname ?? schema, name: String(range?.relname ?? '') };
}
/** The live table, or undefined when it is created earlier in the batch or does not exist. */
function existing(ctx, ref) {
    const key = (0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .tableKey */ .ih)(ref);
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
const IN_SCHEMA = new Set([
    'OBJECT_TABLE',
    'OBJECT_VIEW',
    'OBJECT_MATVIEW',
    'OBJECT_SEQUENCE',
    'OBJECT_INDEX',
    'OBJECT_FOREIGN_TABLE',
    'OBJECT_COLLATION',
    'OBJECT_CONVERSION',
    'OBJECT_STATISTIC_EXT',
    'OBJECT_TSCONFIGURATION',
    'OBJECT_TSDICTIONARY',
    'OBJECT_TSPARSER',
    'OBJECT_TSTEMPLATE'
]);
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


/***/ }),

/***/ 5006:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  DS: () => (/* binding */ formatEmpty),
  dZ: () => (/* binding */ formatRows),
  PK: () => (/* binding */ holdsNoRows),
  Im: () => (/* binding */ isEmpty),
  yJ: () => (/* reexport */ readFunctions),
  m1: () => (/* binding */ readLiveFacts)
});

// EXTERNAL MODULE: ./src/risk/types.ts
var types = __nccwpck_require__(2842);
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
var sql_text = __nccwpck_require__(6079);
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


/***/ }),

/***/ 2985:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   fz: () => (/* binding */ annotate),
/* harmony export */   p0: () => (/* binding */ findingsJson),
/* harmony export */   qA: () => (/* binding */ shownFindings)
/* harmony export */ });
/* unused harmony export GROUP_AT */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(235);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7194);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5625);
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3325);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(2842);
/* harmony import */ var _rules_index_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9043);






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
        if (f.allowed !== undefined || !_rules_index_js__WEBPACK_IMPORTED_MODULE_3__/* .RULES */ .y0.some(r => r.name === f.rule))
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
        const rule = _rules_index_js__WEBPACK_IMPORTED_MODULE_3__/* .RULES */ .y0.find(r => r.name === f.rule);
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
        const props = { title: (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeInvisible */ .t)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(title)), file: (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeInvisible */ .t)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(first.file)), startLine: first.line };
        if ((0,_types_js__WEBPACK_IMPORTED_MODULE_2__/* .failsAt */ .ZN)(first.level, failLevel))
            _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .error */ .z3((0,_log_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralize */ .YI)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(text)), props);
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e((0,_log_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralize */ .YI)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrub */ ._I)(text)), props);
    }
}
function findingsJson(findings) {
    return (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .scrubbedJson */ .Bo)(findings);
}


/***/ }),

/***/ 5581:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ unclassifiedStatement),
/* harmony export */   P: () => (/* binding */ opaqueCode)
/* harmony export */ });
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


/***/ }),

/***/ 2180:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  s8: () => (/* binding */ addColumnRewrite),
  l7: () => (/* binding */ addRequiredColumn),
  gu: () => (/* binding */ alterTypeRewrites),
  Oe: () => (/* binding */ needsNewerServer),
  pv: () => (/* binding */ typeChangeRewrite),
  Yi: () => (/* binding */ volatileDefault)
});

// EXTERNAL MODULE: ./src/risk/context.ts
var context = __nccwpck_require__(8116);
// EXTERNAL MODULE: ./src/risk/types.ts
var types = __nccwpck_require__(2842);
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
const UTC_ZONES = new Set([
    'utc',
    'etc/utc',
    'gmt',
    'etc/gmt',
    'uct',
    'etc/uct',
    'zulu',
    'etc/zulu',
    'universal',
    'etc/universal',
    'greenwich',
    'etc/greenwich',
    'gmt0',
    'gmt+0',
    'gmt-0',
    'etc/gmt0',
    'etc/gmt+0',
    'etc/gmt-0'
]);
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        const live = (0,context/* existing */.gT)(ctx, ref);
        if (!live)
            return [];
        const hits = [];
        for (const cmd of (0,context/* alterCommands */.$f)(ctx.stmt)) {
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        const live = (0,context/* existing */.gT)(ctx, ref);
        if (!live || live.hasRows === false)
            return [];
        const hits = [];
        for (const cmd of (0,context/* alterCommands */.$f)(ctx.stmt)) {
            if (cmd.subtype !== 'AT_AddColumn')
                continue;
            const def = cmd.def?.ColumnDef;
            const cons = (0,context/* constraintsOf */.Im)(def);
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        if (!(0,context/* existing */.gT)(ctx, ref))
            return [];
        const hits = [];
        for (const cmd of (0,context/* alterCommands */.$f)(ctx.stmt)) {
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
        for (const cmd of (0,context/* alterCommands */.$f)(ctx.stmt)) {
            const c = cmd.def?.Constraint;
            if (v < 180000 && cmd.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_NOTNULL') {
                hits.push({ message: `ADD CONSTRAINT … NOT NULL needs PostgreSQL 18; this server is ${major}.`, saferWay: 'Use `ALTER COLUMN … SET NOT NULL` (see set-not-null for the safe way).' });
            }
            if (v < 180000 && cmd.subtype === 'AT_AddColumn' && (0,context/* constraintsOf */.Im)(cmd.def?.ColumnDef).some(k => k.contype === 'CONSTR_GENERATED' && k.generated_kind === 'v')) {
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
    const cons = (0,context/* constraintsOf */.Im)(def);
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
    for (const fn of (0,context/* calledFunctions */.Bm)(dflt.raw_expr)) {
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


/***/ }),

/***/ 9043:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Bb: () => (/* binding */ ALLOW_COMMENT_RULE),
  lC: () => (/* binding */ OPAQUE_CODE_RULE),
  kX: () => (/* binding */ PARSE_ERROR_RULE),
  y0: () => (/* binding */ RULES)
});

// EXTERNAL MODULE: ./src/risk/context.ts
var context = __nccwpck_require__(8116);
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        if (!(0,context/* existing */.gT)(ctx, ref))
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

// EXTERNAL MODULE: ./src/risk/types.ts
var types = __nccwpck_require__(2842);
;// CONCATENATED MODULE: ./src/risk/rules/constraints.ts


const LATER = 'in a later, separate migration (Prisma runs each file in one transaction: a lock taken in a file is held to its end)';
const addForeignKey = {
    name: 'add-foreign-key',
    level: 'medium',
    why: 'Adding a validated foreign key takes SHARE ROW EXCLUSIVE on the table and on the referenced table (writes to both wait) while every row is checked.',
    saferWay: `Add it with \`NOT VALID\`, then \`ALTER TABLE … VALIDATE CONSTRAINT …\` ${LATER}.`,
    empty: 'lock',
    check(ctx) {
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        const hits = [];
        for (const cmd of (0,context/* alterCommands */.$f)(ctx.stmt)) {
            const c = cmd.def?.Constraint;
            if (cmd.subtype !== 'AT_AddConstraint' || c?.contype !== 'CONSTR_FOREIGN' || c.skip_validation)
                continue;
            if (!(0,context/* existing */.gT)(ctx, ref))
                continue;
            const target = (0,context/* tableOf */.c_)(c.pktable, ctx.schema);
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        if (!(0,context/* existing */.gT)(ctx, ref))
            return [];
        return (0,context/* alterCommands */.$f)(ctx.stmt)
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        if (!(0,context/* existing */.gT)(ctx, ref))
            return [];
        return (0,context/* alterCommands */.$f)(ctx.stmt)
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        const live = (0,context/* existing */.gT)(ctx, ref);
        if (!live)
            return [];
        const hits = [];
        for (const cmd of (0,context/* alterCommands */.$f)(ctx.stmt)) {
            const isSet = cmd.subtype === 'AT_SetNotNull';
            const isConstraint = cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_NOTNULL' && !cmd.def.Constraint.skip_validation;
            if (!isSet && !isConstraint)
                continue;
            const column = isSet ? cmd.name : ((0,context/* stringList */.Yn)(cmd.def.Constraint.keys)[0] ?? '');
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        return (0,context/* alterCommands */.$f)(ctx.stmt)
            .filter(cmd => cmd.subtype === 'AT_ValidateConstraint' && ctx.file.notValidHere.has(`${(0,types/* tableKey */.ih)(ref)}.${cmd.name}`) && (0,context/* existing */.gT)(ctx, ref))
            .map(cmd => ({
            table: ref,
            message: `VALIDATE CONSTRAINT ${cmd.name} runs in the same file (one transaction) as the ADD … NOT VALID: the lock taken by the ADD is held while every row is checked.`,
            saferWay: this.saferWay
        }));
    }
};

// EXTERNAL MODULE: ./src/risk/rules/columns.ts + 1 modules
var columns = __nccwpck_require__(2180);
// EXTERNAL MODULE: ./src/risk/classify.ts + 7 modules
var classify = __nccwpck_require__(8936);
// EXTERNAL MODULE: ./src/risk/live-facts.ts + 5 modules
var live_facts = __nccwpck_require__(5006);
// EXTERNAL MODULE: ./src/format.ts
var format = __nccwpck_require__(6264);
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
            const names = (0,context/* stringList */.Yn)(obj.List?.items);
            const ref = names.length > 1 ? { schema: names[0], name: names[1] } : { schema: ctx.schema, name: names[0] };
            const live = (0,context/* existing */.gT)(ctx, ref);
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        const live = (0,context/* existing */.gT)(ctx, ref);
        if (!live)
            return [];
        return (0,context/* alterCommands */.$f)(ctx.stmt)
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
        const from = (0,context/* stringList */.Yn)(ctx.stmt.node.object?.List?.items);
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
            const ref = (0,context/* tableOf */.c_)(r.RangeVar, ctx.schema);
            seen.add((0,types/* tableKey */.ih)(ref));
            const live = (0,context/* existing */.gT)(ctx, ref);
            if (live && !(0,live_facts/* holdsNoRows */.PK)(live))
                hits.push({ table: ref, message: 'TRUNCATE destroys every row of the table, under ACCESS EXCLUSIVE.', saferWay: this.saferWay });
        }
        if (ctx.stmt.node.behavior !== 'DROP_CASCADE')
            return hits;
        for (const r of (ctx.stmt.node.relations ?? [])) {
            const ref = (0,context/* tableOf */.c_)(r.RangeVar, ctx.schema);
            for (const other of ctx.facts.truncatedWith.get((0,types/* tableKey */.ih)(ref)) ?? []) {
                if (seen.has((0,types/* tableKey */.ih)(other)))
                    continue;
                seen.add((0,types/* tableKey */.ih)(other));
                const live = (0,context/* existing */.gT)(ctx, other);
                if (live && !(0,live_facts/* holdsNoRows */.PK)(live)) {
                    hits.push({
                        table: other,
                        message: `TRUNCATE … CASCADE destroys every row of ${(0,types/* showTable */.S_)(other)} too: it references ${(0,types/* showTable */.S_)(ref)} through foreign keys, directly or through other tables (read from the live catalog).`,
                        saferWay: this.saferWay
                    });
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        const live = (0,context/* existing */.gT)(ctx, ref);
        if (!live || (0,live_facts/* holdsNoRows */.PK)(live))
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
        const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
        const live = (0,context/* existing */.gT)(ctx, ref);
        if (!live || (0,live_facts/* holdsNoRows */.PK)(live))
            return [];
        return [{ table: ref, message: allRowsMessage('UPDATE', ctx.cls.allRows, "rewrites every row in the migration's transaction; writers to those rows wait until its end."), saferWay: this.saferWay }];
    }
};
const SHOW_AT_MOST = 20;
const list = (items) => (items.length > SHOW_AT_MOST ? `${items.slice(0, SHOW_AT_MOST).join(', ')} and ${items.length - SHOW_AT_MOST} more` : items.join(', '));
const cascadeDrop = {
    name: 'cascade-drop',
    level: 'high',
    why: '`DROP … CASCADE` (a schema, a type, a domain, a function, an extension, a table…) and `DROP OWNED` take with them every object that depends on what they drop: the tables and columns that go are named from the live catalog (pg_depend), with their sizes.',
    saferWay: 'Drop the dependent tables and columns explicitly first (each is then judged on its own), and drop the object without CASCADE: it then fails instead of taking more than intended.',
    check(ctx) {
        const targets = (0,context/* dropTargets */.Wb)(ctx.stmt, ctx.schema);
        if (targets.length === 0)
            return [];
        const what = ctx.stmt.kind === 'DropOwnedStmt' ? 'DROP OWNED' : `DROP ${String(ctx.stmt.node.removeType).replace('OBJECT_', '').replace(/_/g, ' ')} … CASCADE`;
        // The tables this statement names itself are drop-table's; the rest is what goes with them.
        const named = new Set(ctx.stmt.kind === 'DropStmt' && ctx.stmt.node.removeType === 'OBJECT_TABLE'
            ? (ctx.stmt.node.objects ?? []).map(o => (0,types/* tableKey */.ih)((0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(o.List?.items), ctx.schema)))
            : []);
        const tables = new Map();
        const columns = new Map();
        const views = new Set();
        const foreignKeys = new Map();
        for (const t of targets) {
            const c = ctx.facts.casualties.get(t.key);
            if (!c?.found)
                continue;
            for (const x of c.tables)
                if (!named.has((0,types/* tableKey */.ih)(x)) && (0,context/* existing */.gT)(ctx, x))
                    tables.set((0,types/* tableKey */.ih)(x), x);
            for (const x of c.columns)
                if ((0,context/* existing */.gT)(ctx, x.table))
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
            return live ? ` (${(0,format/* formatBytes */.z3)(live.totalBytes)}, ${(0,live_facts/* formatRows */.dZ)(live)})` : '';
        };
        const withData = [...tables.values(), ...[...columns.values()].map(c => c.table)].some(ref => {
            const live = ctx.facts.tables.get((0,types/* tableKey */.ih)(ref));
            return live === undefined || !(0,live_facts/* holdsNoRows */.PK)(live);
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
            const ref = (0,context/* tableOf */.c_)(ctx.stmt.node.relation, ctx.schema);
            const live = (0,context/* existing */.gT)(ctx, ref);
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
            'or deploy with `migrator: builtin`, which sets lock_timeout on every statement and retries a file that hits it.');
    },
    check(ctx) {
        if (ctx.migrator === 'builtin' || ctx.file.lockTimeoutSet || ctx.file.lockTimeoutReported)
            return [];
        if (!['0', '0ms', '0s'].includes(ctx.facts.lockTimeout.value))
            return [];
        const busy = ctx.cls.locks
            .filter(l => l.mode === 'ACCESS EXCLUSIVE')
            .map(l => l.table)
            .filter(ref => {
            const live = (0,context/* existing */.gT)(ctx, ref);
            return live !== undefined && (live.hasRows === true || live.scans > 0);
        });
        // The finding is about the busiest table: one with data first (an empty one makes it low).
        const first = busy.find(ref => {
            const live = (0,context/* existing */.gT)(ctx, ref);
            return live !== undefined && !(0,live_facts/* isEmpty */.Im)(live);
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
    return ref && ref.name && (0,context/* existing */.gT)(ctx, ref) ? ref : undefined;
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
                const rels = (n.rels ?? []).map(r => (0,context/* tableOf */.c_)(r.VacuumRelation?.relation, ctx.schema));
                if (rels.length === 0) {
                    hits.push({
                        message: `VACUUM FULL without a table rewrites every table of the database, each under ACCESS EXCLUSIVE.`,
                        saferWay: `Name the tables, and rebuild them online with pg_repack instead; plain VACUUM does not lock out reads or writes.`
                    });
                }
                for (const r of rels)
                    hit(live(ctx, r), 'VACUUM FULL rewrites the table and its indexes', `${REPACK} Plain VACUUM (without FULL) does not lock out reads or writes.`);
                break;
            }
            case 'ClusterStmt':
                if (!n.relation)
                    hits.push({
                        message: 'CLUSTER without a table rewrites every table clustered before, each under ACCESS EXCLUSIVE.',
                        saferWay: 'Use pg_repack --order-by to reorder a table online, outside the schema migration.'
                    });
                else
                    hit(live(ctx, (0,context/* tableOf */.c_)(n.relation, ctx.schema)), 'CLUSTER rewrites the table in index order, with its indexes', 'Use pg_repack --order-by to reorder the table online, outside the schema migration.');
                break;
            case 'AlterTableMoveAllStmt':
                hits.push({
                    message: `ALTER TABLE ALL IN TABLESPACE ${String(n.orig_tablespacename)} SET TABLESPACE ${String(n.new_tablespacename)} copies every table of the tablespace, each under ACCESS EXCLUSIVE, ${END}.`,
                    saferWay: 'Move tables one at a time online with pg_repack --tablespace, outside the schema migration.'
                });
                break;
            case 'AlterTableStmt': {
                const objtype = n.objtype ?? 'OBJECT_TABLE';
                const target = (0,context/* tableOf */.c_)(n.relation, ctx.schema);
                for (const cmd of (n.cmds ?? [])) {
                    const c = cmd.AlterTableCmd ?? {};
                    if (objtype === 'OBJECT_INDEX') {
                        if (c.subtype === 'AT_SetTableSpace') {
                            const table = live(ctx, ctx.facts.indexes.get((0,types/* tableKey */.ih)(target)));
                            if (table)
                                hits.push({
                                    table,
                                    message: `ALTER INDEX ${(0,types/* showTable */.S_)(target)} SET TABLESPACE copies the index under ACCESS EXCLUSIVE on it: every query that plans on ${(0,types/* showTable */.S_)(table)} waits for the copy, ${END}.`,
                                    saferWay: 'Rebuild the index in the new tablespace with CREATE INDEX CONCURRENTLY … TABLESPACE, alone in its own migration, then drop the old one CONCURRENTLY.'
                                });
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
            const named = (0,context/* tableOf */.c_)(n.relation, ctx.schema);
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
        return [
            {
                message: `REINDEX ${kind.replace('REINDEX_OBJECT_', '')} ${String(n.name ?? '')} rebuilds the indexes of every table in it, each table under SHARE and its indexes under ACCESS EXCLUSIVE.`,
                saferWay: this.saferWay
            }
        ];
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
            const blocked = (0,classify/* blocks */.Bv)(l.mode);
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
        const ref = live(ctx, (0,context/* tableOf */.c_)(n.relation, ctx.schema));
        if (!ref)
            return [];
        return [{ table: ref, message: `REFRESH MATERIALIZED VIEW ${(0,types/* showTable */.S_)(ref)} takes ACCESS EXCLUSIVE on it: reads of the view wait while its query runs, ${END}.`, saferWay: this.saferWay }];
    }
};
const dropIndexNotConcurrent = {
    name: 'drop-index-not-concurrent',
    level: 'medium',
    why: "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the index's table: it queues behind any long transaction on the table, and every query on it queues behind it, to the end of the migration.",
    saferWay: '`DROP INDEX CONCURRENTLY`, alone in its own migration (a one-statement file runs outside a transaction).',
    empty: 'lock',
    check(ctx) {
        const n = ctx.stmt.node;
        if (ctx.stmt.kind !== 'DropStmt' || n.removeType !== 'OBJECT_INDEX' || n.concurrent)
            return [];
        const hits = [];
        for (const o of (n.objects ?? [])) {
            const index = (0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(o.List?.items), ctx.schema);
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
        const domain = (0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(n.typeName), ctx.schema);
        if (ctx.batch.createdTypes.has((0,types/* tableKey */.ih)(domain)))
            return [];
        const what = n.subtype === 'O' ? 'SET NOT NULL' : n.subtype === 'V' ? `VALIDATE CONSTRAINT ${String(n.name)}` : `ADD CONSTRAINT ${String(n.def?.Constraint?.conname ?? '')}`.trim();
        const byTable = new Map();
        for (const c of ctx.facts.domains.get((0,types/* tableKey */.ih)(domain)) ?? []) {
            if (!(0,context/* existing */.gT)(ctx, c.table))
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
const OWNED_SUBCOMMANDS = new Set([
    'AT_AddConstraint',
    'AT_ValidateConstraint',
    'AT_SetNotNull',
    'AT_AlterColumnType',
    'AT_AddColumn',
    'AT_SetLogged',
    'AT_SetUnLogged',
    'AT_SetTableSpace',
    'AT_SetAccessMethod',
    'AT_SetExpression'
]);
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
            .filter(l => (0,classify/* blocks */.Bv)(l.mode) !== undefined && live(ctx, l.table))
            .map((l) => ({
            table: l.table,
            level: work === 'rewrite' ? 'high' : 'medium',
            message: `${what} takes ${l.mode} on ${(0,types/* showTable */.S_)(l.table)} (${(0,classify/* blocks */.Bv)(l.mode)} wait) while it ${doing}, ${END}.`,
            saferWay: this.saferWay
        }));
    }
};

// EXTERNAL MODULE: ./src/risk/rules/analysis.ts
var analysis = __nccwpck_require__(5581);
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
    columns/* typeChangeRewrite */.pv,
    columns/* addRequiredColumn */.l7,
    columns/* volatileDefault */.Yi,
    columns/* needsNewerServer */.Oe,
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
    analysis/* unclassifiedStatement */.K,
    analysis/* opaqueCode */.P,
    missingLockTimeout,
    longLock
];
/** Findings about the analysis itself, not about a statement's effect. */
const PARSE_ERROR_RULE = 'parse-error';
const ALLOW_COMMENT_RULE = 'allow-comment';
const OPAQUE_CODE_RULE = analysis/* opaqueCode */.P.name;


/***/ }),

/***/ 2842:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Le: () => (/* binding */ levelRank),
/* harmony export */   S_: () => (/* binding */ showTable),
/* harmony export */   ZN: () => (/* binding */ failsAt),
/* harmony export */   bK: () => (/* binding */ RISK_FAIL_LEVELS),
/* harmony export */   ih: () => (/* binding */ tableKey),
/* harmony export */   v4: () => (/* binding */ quoteIdent)
/* harmony export */ });
/* unused harmony export RISK_LEVELS */
/** Migration risk analysis: the shapes the parser, the rules and the report share. */
const RISK_LEVELS = (/* unused pure expression or super */ null && (['high', 'medium', 'low']));
const RISK_FAIL_LEVELS = ['high', 'medium', 'low', 'none'];
const RANK = { high: 3, medium: 2, low: 1 };
function levelRank(level) {
    return level === 'none' ? 0 : RANK[level];
}
/** Whether a finding of `level` fails verify under `failLevel` (`none` never fails). */
function failsAt(level, failLevel) {
    return failLevel !== 'none' && RANK[level] >= RANK[failLevel];
}
function tableKey(t) {
    return `${t.schema}.${t.name}`;
}
function showTable(t) {
    return `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
}
function quoteIdent(name) {
    return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}


/***/ }),

/***/ 7194:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bo: () => (/* binding */ scrubbedJson),
/* harmony export */   _I: () => (/* binding */ scrub),
/* harmony export */   cl: () => (/* binding */ registerSecret)
/* harmony export */ });
/* unused harmony export secretForms */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(235);

/**
 * Every secret the action knows of, registered with the runner (`::add-mask::`) and kept here so that
 * the action can remove it from any text it prints itself. The runner's masking misses transformed
 * forms (URL-encoded, quoted, escaped), so the action builds every form a child process or library
 * may print a secret in, once, here, and scrubs them all before printing; it never relies on the
 * runner.
 */
const secrets = new Set();
/** Patterns for the forms whose spelling varies (the case of percent-encoding's hex digits). */
const patterns = new Map();
/** Parts of a multi-line secret shorter than this are not scrubbed on their own (too common). */
const MIN_LINE_PART = 4;
/**
 * The forms `value` may be printed in: as is; percent-encoded (encodeURIComponent, encodeURI,
 * escape(), form-encoding with '+' for spaces); decoded; JSON string content (as is and ASCII-only
 * with \u escapes); libpq conninfo quoting and .pgpass escaping (backslashes); SQL string literals
 * and quoted identifiers (quotes doubled); shell single and double quoting; HTML escaping; base64
 * and base64url of its UTF-8 bytes. For a multi-line value, also each line of four or more
 * characters, since children print line by line.
 */
function secretForms(value) {
    const forms = new Set();
    const add = (form) => {
        if (form)
            forms.add(form);
    };
    const bases = new Set([value]);
    try {
        bases.add(decodeURIComponent(value));
    }
    catch {
        // not valid percent-encoding: the raw form covers it
    }
    try {
        bases.add(decodeURIComponent(value.replace(/\+/g, ' ')));
    }
    catch {
        // as above
    }
    for (const v of bases) {
        add(v);
        add(encodeURIComponent(v));
        add(encodeURI(v));
        add(escape(v));
        add(encodeURIComponent(v).replace(/%20/g, '+'));
        add(new URLSearchParams({ v }).toString().slice(2));
        const json = JSON.stringify(v).slice(1, -1);
        add(json);
        add(json.replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
        add(v.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
        add(v.replace(/\\/g, '\\\\').replace(/:/g, '\\:'));
        add(v.replace(/'/g, "'\\''"));
        // SQL: a string literal doubles its quotes (an E'' literal its backslashes too), a quoted
        // identifier its double quotes; the parser's and the server's messages quote tokens so.
        add(v.replace(/'/g, "''"));
        add(v.replace(/\\/g, '\\\\').replace(/'/g, "''"));
        add(v.replace(/"/g, '""'));
        add(v.replace(/(["\\$`])/g, '\\$1'));
        add(v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
        add(v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
        const base64 = Buffer.from(v, 'utf8').toString('base64');
        add(base64);
        add(base64.replace(/=+$/, ''));
        add(Buffer.from(v, 'utf8').toString('base64url'));
        if (/[\r\n]/.test(v)) {
            for (const line of v.split(/\r\n|\r|\n/))
                if (line.length >= MIN_LINE_PART)
                    add(line);
        }
    }
    return forms;
}
function registerSecret(value) {
    if (!value)
        return;
    for (const form of secretForms(value)) {
        if (form.length === 0 || secrets.has(form))
            continue;
        secrets.add(form);
        if (/%[0-9A-Fa-f]{2}/.test(form))
            patterns.set(form, percentPattern(form));
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
    }
}
/** A pattern matching `form` with the hex digits of each %XX in either case. */
function percentPattern(form) {
    const parts = form.split(/(%[0-9A-Fa-f]{2})/);
    const source = parts
        .map(part => /^%[0-9A-Fa-f]{2}$/.test(part) ? `%${[...part.slice(1)].map(c => (/[a-f]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('')}` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('');
    return new RegExp(source, 'g');
}
/**
 * JSON for an output or the summary, with every string in `value` scrubbed before it is encoded:
 * JSON escaping (`"` as `\"`, `\` as `\\`) applied on top of another form of a secret (e.g. an SQL
 * literal quoted in a parser's message) would give a form no list of forms holds.
 */
function scrubbedJson(value) {
    return scrub(JSON.stringify(value, (_key, v) => (typeof v === 'string' ? scrub(v) : v)));
}
/** Replaces every registered secret, in every form (longest first), in `text` with `***`. */
function scrub(text) {
    let out = text;
    const ordered = [...secrets].sort((a, b) => b.length - a.length);
    for (const secret of ordered) {
        const pattern = patterns.get(secret);
        if (pattern) {
            pattern.lastIndex = 0;
            out = out.replace(pattern, '***');
        }
        else if (out.includes(secret)) {
            out = out.split(secret).join('***');
        }
    }
    return out;
}


/***/ }),

/***/ 1577:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Lc: () => (/* binding */ logStep),
  Sy: () => (/* binding */ writeSummary)
});

// UNUSED EXPORTS: escapeSummaryText

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
// EXTERNAL MODULE: ./src/log.ts
var log = __nccwpck_require__(5625);
// EXTERNAL MODULE: ./src/format.ts
var format = __nccwpck_require__(6264);
// EXTERNAL MODULE: ./src/report/markup.ts
var markup = __nccwpck_require__(8132);
// EXTERNAL MODULE: ./src/report/lists.ts
var lists = __nccwpck_require__(4703);
// EXTERNAL MODULE: ./src/report/findings.ts
var findings = __nccwpck_require__(9334);
// EXTERNAL MODULE: ./src/report/links.ts
var report_links = __nccwpck_require__(3303);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __nccwpck_require__(7194);
;// CONCATENATED MODULE: ./src/summary.ts









/** The one log line a step gets: its result and how long it took. */
function logStep(step) {
    const passed = step.status === 'passed';
    (0,log/* info */.pq)(`${passed ? '✓' : '✗'} ${step.name}: ${passed ? step.detail : 'FAILED'} (${(0,format/* formatDuration */.a3)(step.durationMs)})`);
}
const ICON = { passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped' };
/** A step's detail longer than this is cut in the table of checks (a failed step's whole message is above it). */
const STEP_DETAIL_IN_TABLE = 160;
/** An output longer than this is cut in the table of outputs and shown whole, folded, under it. */
const OUTPUT_IN_TABLE = 160;
/**
 * Writes the phase's job summary. Every text is scrubbed of secrets and escaped (report/markup.ts).
 * What a reader needs first comes first: the verdict and what happened, why a step failed, the
 * phase's lists and findings (long lists folded after their first few items), then the table of
 * steps and the outputs. Without a summary file (a local run) it warns and goes on: the summary must
 * never turn a result into a failure.
 */
async function writeSummary(content, env = process.env) {
    if (!env.GITHUB_STEP_SUMMARY) {
        (0,log/* warning */.$e)('GITHUB_STEP_SUMMARY is not set: no job summary written.');
        return;
    }
    const blocks = [`<h2>${markup/* summaryMarkup */.h$.text(content.title)}</h2>`, `<p>${markup/* summaryMarkup */.h$.prose(content.outcome)}</p>`];
    // Why a step failed, whole, unless the outcome already says it: the table below has room for a line.
    const explained = new Set();
    for (const step of content.steps.filter(s => s.status === 'failed' && !content.outcome.includes(firstLine(s.detail)))) {
        blocks.push(`<p>❌ <b>${markup/* summaryMarkup */.h$.code(step.name)}</b> failed: ${markup/* summaryMarkup */.h$.prose(step.detail)}</p>`);
        explained.add(step);
    }
    for (const list of content.lists ?? []) {
        const count = list.grows && list.items.length > 0 ? ` (${list.items.length})` : '';
        blocks.push(`<h3>${markup/* summaryMarkup */.h$.text(list.heading)}${count}</h3>`);
        if (list.items.length === 0)
            blocks.push(`<p>${markup/* summaryMarkup */.h$.text(list.empty)}</p>`);
        else
            blocks.push(...(0,lists/* foldedList */.H)(list.items, markup/* summaryMarkup */.h$, { shown: list.grows ? lists/* SHOWN_BEFORE_FOLD */.o : undefined, prose: list.prose }));
    }
    for (const table of content.tables ?? []) {
        if ('findings' in table) {
            const links = (0,report_links/* fileLinks */.qE)((0,report_links/* runRepository */.Yk)(env), (0,report_links/* repositoryPaths */.D4)(table.findings.workspace));
            blocks.push(...(0,findings/* findingsBlocks */.T)(table.findings, { markup: markup/* summaryMarkup */.h$, link: links, heading: 'h3' }).blocks);
            continue;
        }
        blocks.push(`<h3>${markup/* summaryMarkup */.h$.text(table.heading)}</h3>`);
        if (table.rows.length === 0)
            blocks.push(`<p>${markup/* summaryMarkup */.h$.text(table.empty)}</p>`);
        else
            blocks.push(`<table><tr>${table.header.map(h => `<th>${markup/* summaryMarkup */.h$.text(h)}</th>`).join('')}</tr>${table.rows.map(row => `<tr>${row.map(cell => `<td>${markup/* summaryMarkup */.h$.text(cell)}</td>`).join('')}</tr>`).join('')}</table>`);
    }
    blocks.push('<h3>Checks</h3>', `<table><tr><th>Check</th><th>Result</th><th>Duration</th><th>Details</th></tr>${content.steps
        .map(step => {
        const detail = explained.has(step) ? cut(firstLine(step.detail), STEP_DETAIL_IN_TABLE) : markup/* summaryMarkup */.h$.prose(step.detail);
        return `<tr><td>${markup/* summaryMarkup */.h$.code(step.name)}</td><td>${ICON[step.status]}</td><td>${step.status === 'skipped' ? '—' : (0,format/* formatDuration */.a3)(step.durationMs)}</td><td>${detail}</td></tr>`;
    })
        .join('')}</table>`);
    const outputs = Object.entries(content.outputs ?? {});
    if (outputs.length > 0) {
        blocks.push('<h3>Outputs</h3>');
        blocks.push(`<table><tr><th>Output</th><th>Value</th></tr>${outputs
            .map(([k, v]) => `<tr><td>${markup/* summaryMarkup */.h$.code(k)}</td><td>${[...v].length > OUTPUT_IN_TABLE ? `${markup/* summaryMarkup */.h$.code(cut(v, OUTPUT_IN_TABLE / 2))} <i>(${[...v].length} characters: the whole value below)</i>` : markup/* summaryMarkup */.h$.code(v)}</td></tr>`)
            .join('')}</table>`);
        for (const [k, v] of outputs.filter(([, v]) => [...v].length > OUTPUT_IN_TABLE)) {
            blocks.push(`<details><summary>The whole ${markup/* summaryMarkup */.h$.code(k)} output</summary><p>${markup/* summaryMarkup */.h$.code(v)}</p></details>`);
        }
    }
    try {
        await summary
            .emptyBuffer()
            .addRaw(blocks.map(b => `${b}\n`).join(''))
            .write();
    }
    catch (err) {
        (0,log/* warning */.$e)(`Could not write the job summary: ${err.message}`);
    }
}
function firstLine(text) {
    return text.split(/\r\n|[\n\r\u2028\u2029]/)[0] ?? '';
}
/** At most `max` characters of `text`, scrubbed before it is cut (a cut never leaves part of a secret), escaped. */
function cut(text, max) {
    return markup/* summaryMarkup */.h$.text((0,markup/* shorten */.ml)((0,secrets/* scrub */._I)(text), max));
}


/***/ }),

/***/ 3325:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ escapeInvisible),
/* harmony export */   w: () => (/* binding */ hasInvisible)
/* harmony export */ });
/**
 * The one rule for printing text the action did not write itself (migration folder names, SQL,
 * server messages, rows of `_prisma_migrations`): every character that shows as nothing, or that
 * changes how the characters around it show, is written as an escape, so that a name cannot look
 * like another name. Log lines, annotations, outputs and the job summary all go through
 * `escapeInvisible` (log.ts and summary.ts apply it).
 *
 * Shown escaped:
 * - control characters (Unicode category Cc: C0, DEL, C1), except tab and line feed, which every
 *   place that prints text handles on its own terms (a log line, a `<br>` in the summary);
 * - format characters (category Cf): the bidirectional embeddings, overrides and isolates
 *   (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C), zero-width characters
 *   (U+200B–U+200D, U+2060–U+2064, U+FEFF), the soft hyphen (U+00AD), the tag characters
 *   (U+E0001, U+E0020–U+E007F), ...;
 * - the line and paragraph separators (U+2028, U+2029), which some viewers take as line breaks;
 * - every other default-ignorable code point (Unicode's Default_Ignorable_Code_Point: variation
 *   selectors, Hangul fillers, ...), which a font draws as nothing;
 * - lone surrogates (category Cs), which are not characters at all.
 *
 * The escape is JavaScript's and JSON's: `\u` and four hexadecimal digits per UTF-16 unit (a
 * character above U+FFFF as its two surrogates), and a carriage return as `\r`. Inside a JSON string
 * that is the same value, so a JSON output escaped this way still parses to the names it lists.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
function escapeInvisible(text) {
    return text.replace(INVISIBLE, escapeCharacter);
}
/** Whether `text` holds a character `escapeInvisible` would escape (tab and line feed do not count). */
function hasInvisible(text) {
    for (const match of text.matchAll(INVISIBLE))
        if (match[0] !== '\t' && match[0] !== '\n')
            return true;
    return false;
}
function escapeCharacter(c) {
    if (c === '\t' || c === '\n')
        return c;
    if (c === '\r')
        return '\\r';
    let out = '';
    for (let i = 0; i < c.length; i++)
        out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 2250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 1376:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 8877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 8253:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util/types");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 235:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Yz: () => (/* binding */ debug),
  N4: () => (/* binding */ endGroup),
  z3: () => (/* binding */ error),
  V4: () => (/* binding */ getInput),
  pq: () => (/* binding */ info),
  LZ: () => (/* binding */ saveState),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ setSecret),
  Oh: () => (/* binding */ startGroup),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, addPath, exportVariable, getBooleanInput, getIDToken, getMultilineInput, getState, group, isDebug, markdownSummary, notice, platform, setCommandEcho, summary, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __nccwpck_require__(6982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return __awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return file_command_issueFileCommand('STATE', file_command_prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, utils_toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return __awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ }),

/***/ 7187:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  H: () => (/* binding */ getExecOutput)
});

// UNUSED EXPORTS: exec

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __nccwpck_require__(8701);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util = __nccwpck_require__(90);
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return __awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!io_util/* isRooted */.Qh(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield io/* which */.K7(this.toolPath, true);
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield io_util/* exists */.t2(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new external_string_decoder_.StringDecoder('utf8');
        const stderrDecoder = new external_string_decoder_.StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map

/***/ }),

/***/ 90:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ mkdir),
/* harmony export */   H8: () => (/* binding */ IS_WINDOWS),
/* harmony export */   Qh: () => (/* binding */ isRooted),
/* harmony export */   rm: () => (/* binding */ rm),
/* harmony export */   t2: () => (/* binding */ exists),
/* harmony export */   vr: () => (/* binding */ tryGetExecutablePath)
/* harmony export */ });
/* unused harmony exports chmod, copyFile, lstat, open, readdir, rename, rmdir, stat, symlink, unlink, readlink, UV_FS_O_EXLOCK, READONLY, isDirectory, getCmdPath */
/* harmony import */ var fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9896);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs__WEBPACK_IMPORTED_MODULE_0__.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = path__WEBPACK_IMPORTED_MODULE_1__.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = path__WEBPACK_IMPORTED_MODULE_1__.dirname(filePath);
                        const upperName = path__WEBPACK_IMPORTED_MODULE_1__.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = path__WEBPACK_IMPORTED_MODULE_1__.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map

/***/ }),

/***/ 8701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K7: () => (/* binding */ which),
/* harmony export */   U$: () => (/* binding */ mkdirP),
/* harmony export */   Yz: () => (/* binding */ rmRF)
/* harmony export */ });
/* unused harmony exports cp, mv, findInPath */
/* harmony import */ var assert__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2613);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
/* harmony import */ var _io_util_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(90);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return __awaiter(this, void 0, void 0, function* () {
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        (0,assert__WEBPACK_IMPORTED_MODULE_0__.ok)(fsPath, 'a path argument must be provided');
        yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .mkdir */ .Ck(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8 && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .isRooted */ .Qh(tool)) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(path__WEBPACK_IMPORTED_MODULE_1__.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return __awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function copyFile(srcFile, destFile, force) {
    return __awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
