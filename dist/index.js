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
    verify: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(931), __nccwpck_require__.e(585), __nccwpck_require__.e(57)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6057))).verifyPhase,
    backup: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(73), __nccwpck_require__.e(697), __nccwpck_require__.e(420), __nccwpck_require__.e(276)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4276))).backupPhase,
    rehearse: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(73), __nccwpck_require__.e(697), __nccwpck_require__.e(420), __nccwpck_require__.e(931), __nccwpck_require__.e(585), __nccwpck_require__.e(941), __nccwpck_require__.e(838)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7838))).rehearsePhase,
    deploy: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(931), __nccwpck_require__.e(941), __nccwpck_require__.e(817)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3817))).deployPhase,
    restore: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(849), __nccwpck_require__.e(73), __nccwpck_require__.e(697), __nccwpck_require__.e(420), __nccwpck_require__.e(276), __nccwpck_require__.e(278)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7278))).restorePhase
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
    const state = { cancelled: false, failing: false };
    // A `stop` phase after a signal: the handler stops the tools, runs the cleanups and ends the run.
    const stoppedBySignal = () => state.cancelled && definition.cancellation === 'stop';
    const run = {
        inputs,
        env,
        steps,
        step: (name, fn) => {
            // After a signal a `stop` phase's cleanups are running or done: a step the work reaches then
            // (the running one ended on its own) is not begun; it is shown as not run.
            if (stoppedBySignal())
                return Promise.reject(new Error(`${name}: not run: cancelled by ${String(abort.signal.reason)}`));
            return timedStep(steps, name, fn);
        },
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
        if (stoppedBySignal())
            return new Promise(() => { });
        // From here the failure's own path ends the run: a signal now lets its cleanups and summary finish.
        state.failing = true;
        await runCleanups();
        core/* endGroup */.N4();
        const failedStep = steps.find(s => s.status === 'failed')?.name;
        interruptRunning(steps, 'did not finish: the phase failed in another step');
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
    // Work that ended on its own after a signal: the signal's handler is already stopping the tools and
    // running the cleanups, and it ends the run as cancelled; no outputs, no success summary.
    if (stoppedBySignal())
        return new Promise(() => { });
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
        if (state.failing && definition.cancellation === 'stop') {
            // The run already failed and its cleanups are running: exiting now would cut them short (a
            // server or a folder left behind). They and the failure's summary finish, with the same grace.
            (0,log/* info */.pq)(`Received ${signal}: the phase already failed; stopping once its cleanups have run.`);
            setTimeout(() => process.exit(exitCode), FINISH_STEP_GRACE_MS).unref();
            return;
        }
        if (definition.cancellation === 'finish-step') {
            (0,log/* info */.pq)(`Received ${signal}: stopping after the running step is rolled back or recorded.`);
            void (0,children/* stopAllChildren */.LM)();
            setTimeout(() => process.exit(exitCode), FINISH_STEP_GRACE_MS).unref();
            return;
        }
        // What is running now is stopped by the signal: shown as interrupted, not as failed by what stopping it causes.
        interruptRunning(run.steps, `stopped by ${signal} before it finished`);
        void (async () => {
            try {
                (0,log/* info */.pq)(`Received ${signal}: stopping.`);
                await (0,children/* stopAllChildren */.LM)();
                await runCleanups();
                core/* endGroup */.N4();
                const message = definition.cancelOutcome(signal, run.afterward);
                await (0,summary/* writeSummary */.Sy)({ title: title('cancelled'), outcome: message, steps: withSkipped(run.steps, definition.plannedSteps, `not run: cancelled by ${signal}`) }, run.env);
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
    const t0 = performance.now();
    const record = { name, status: 'running', durationMs: 0, detail: '', startedAt: t0 };
    steps.push(record);
    try {
        const [value, detail] = await fn();
        if (record.status !== 'running')
            return value; // already shown as interrupted
        record.status = 'passed';
        record.detail = detail;
        return value;
    }
    catch (err) {
        if (record.status === 'running') {
            record.status = 'failed';
            record.detail = (0,errors/* errorMessage */.gJ)(err);
        }
        throw err;
    }
    finally {
        if (record.status !== 'interrupted') {
            record.durationMs = performance.now() - t0;
            (0,summary/* logStep */.Lc)(record);
        }
    }
}
/** Steps still running when the run ends (a signal, or a failure elsewhere) are shown as interrupted, with the time they ran. */
function interruptRunning(steps, detail) {
    for (const step of steps.filter(s => s.status === 'running')) {
        step.status = 'interrupted';
        step.durationMs = performance.now() - (step.startedAt ?? performance.now());
        step.detail = detail;
        (0,summary/* logStep */.Lc)(step);
    }
}
/** The steps that ran, then the planned ones that did not, as skipped. */
function withSkipped(steps, planned, why = 'not run: an earlier step failed') {
    const ran = new Set(steps.map(s => s.name));
    const skipped = (planned ?? []).filter(name => !ran.has(name));
    return [...steps, ...skipped.map(name => ({ name, status: 'skipped', durationMs: 0, detail: why }))];
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
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __nccwpck_require__(7194);
;// CONCATENATED MODULE: ./src/summary.ts







/** The one log line a step gets: its result and how long it took. */
function logStep(step) {
    const passed = step.status === 'passed';
    (0,log/* info */.pq)(`${passed ? '✓' : '✗'} ${step.name}: ${passed ? step.detail : step.status === 'interrupted' ? 'INTERRUPTED' : 'FAILED'} (${(0,format/* formatDuration */.a3)(step.durationMs)})`);
}
const ICON = { running: '⏳ running', passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped', interrupted: '⏹️ interrupted' };
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
        if ('renderFindings' in table) {
            blocks.push(...table.renderFindings(env));
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
