import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 609:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runPost)
});

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/cleanup/created-paths.ts


const CREATED_PATHS_STATE = 'created-paths';
const recorded = (/* unused pure expression or super */ null && ([]));
function save() {
    core.saveState(CREATED_PATHS_STATE, JSON.stringify(recorded));
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
    const stat = await fs.promises.lstat(p);
    put({ path: p, kind, dev: stat.dev, ino: stat.ino, birthtimeMs: stat.birthtimeMs, keep });
    save();
}
/**
 * Records `p` before anything is created or moved there: with the identity of `like` (the staged
 * object that will be given the name `p`), or with no identity (a folder about to be made); and
 * whether an empty `reservation` at `p` is the action's own. Synchronous: one state write.
 */
function recordIntent(p, kind, o = {}) {
    const stat = o.like === undefined ? undefined : fs.lstatSync(o.like);
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
    if (entry.reservation === 'folder' && stat.isDirectory() && external_node_fs_namespaceObject.readdirSync(entry.path).length === 0)
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
        stat = await external_node_fs_namespaceObject.promises.lstat(entry.path);
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
        await external_node_fs_namespaceObject.promises.rm(entry.path, { recursive: true, force: false });
    else if (stat.isDirectory())
        await external_node_fs_namespaceObject.promises.rmdir(entry.path);
    else
        await external_node_fs_namespaceObject.promises.unlink(entry.path);
    return 'removed';
}

;// CONCATENATED MODULE: ./src/errors.ts
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

;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
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
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
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
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
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
    issueCommand('add-mask', {}, secret);
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
        return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    }
    process.stdout.write(os.EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
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
    issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
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
    process.stdout.write(message + external_os_namespaceObject.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
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
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
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
;// CONCATENATED MODULE: ./src/secrets.ts

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
        core.setSecret(form);
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
    return secrets_scrub(JSON.stringify(value, (_key, v) => (typeof v === 'string' ? secrets_scrub(v) : v)));
}
/** Replaces every registered secret, in every form (longest first), in `text` with `***`. */
function secrets_scrub(text) {
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

;// CONCATENATED MODULE: ./src/visible-text.ts
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
function visible_text_escapeInvisible(text) {
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

;// CONCATENATED MODULE: ./src/log.ts



/**
 * Log helpers: every line the action prints goes through `scrub` and `neutralize`.
 *
 * The runner reads a step's output line by line (a line ends at `\n` or `\r`) and takes a line as a
 * workflow command when, after leading white space, it starts with `::` (`::error::…`), or when it
 * holds `##[` anywhere (the legacy `##[error]…` form). Printed text comes from files and from the
 * database, so a migration name or a server message could otherwise forge a command (an annotation,
 * a mask, a group, `::stop-commands::`). `neutralize` keeps every line readable and unable to parse.
 */
function log_info(text) {
    info(neutralize(secrets_scrub(text)));
}
/**
 * The one way the action sets an output: the value scrubbed of every registered secret form
 * (outputs carry text from files and the database, e.g. a parse error quoting a migration's SQL),
 * with invisible characters escaped (visible-text.ts; in a JSON output that is JSON's own escape,
 * so the value parses to the same names). @actions/core writes it to GITHUB_OUTPUT between a random
 * delimiter, so no value can end it.
 */
function log_setOutput(name, value) {
    core.setOutput(name, escapeInvisible(scrub(value)));
}
/**
 * The one way the action fails the step: the message scrubbed and its invisible characters escaped
 * like any printed text (@actions/core writes its line breaks into the one `::error::` line).
 */
function log_setFailed(message) {
    core.setFailed(escapeInvisible(scrub(message)));
}
function log_warning(text) {
    // core.warning escapes line breaks into its one `::warning::` line; neutralizing keeps the text
    // identical to what `info` would show.
    warning(neutralize(secrets_scrub(text)));
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
        let out = visible_text_escapeInvisible(line.replace(/##\[/g, '## ['));
        const lead = LEADING_BLANKS.exec(out)?.[0] ?? '';
        if (out.startsWith('::', lead.length))
            out = `${lead}: :${out.slice(lead.length + 2)}`;
        return out;
    })
        .join('\n');
}

;// CONCATENATED MODULE: ./src/cleanup/post-step.ts



const WHAT = {
    'plaintext-backup': 'plaintext backup',
    'encrypted-backup': 'encrypted file of an unfinished backup',
    'backup-manifest': 'manifest of an unfinished backup',
    'rehearsal-data': "rehearsal server's data folder"
};
async function runPost(env = process.env) {
    const result = { removed: [], kept: [], skipped: [] };
    let entries;
    try {
        entries = readCreated(env);
    }
    catch (err) {
        log_warning(`The post step could not read what the main step created (${errorMessage(err)}); nothing was removed.`);
        return result;
    }
    for (const entry of entries) {
        const what = WHAT[entry.kind] ?? entry.kind;
        if (entry.keep) {
            log_info(`Kept the ${what} ${entry.path} (keep-plaintext-backup: true). It holds production data in clear: remove it when done.`);
            result.kept.push(entry.path);
            continue;
        }
        try {
            const outcome = await removeCreated(entry);
            if (outcome === 'gone') {
                log_info(`The ${what} ${entry.path} is already gone.`);
            }
            else if (outcome === 'other') {
                log_warning(`${entry.path} is no longer the ${what} this job created (it was replaced since); it was left untouched.`);
                result.skipped.push(entry.path);
            }
            else {
                log_info(`Removed the ${what} ${entry.path}.`);
                result.removed.push(entry.path);
            }
        }
        catch (err) {
            log_warning(`Could not remove the ${what} ${entry.path}: ${errorMessage(err)}. Remove it by hand${entry.kind === 'plaintext-backup' || entry.kind === 'rehearsal-data' ? ': it holds production data in clear' : ''}.`);
            result.skipped.push(entry.path);
        }
    }
    return result;
}


/***/ }),

/***/ 661:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cleanup_post_step_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(609);

await (0,_cleanup_post_step_js__WEBPACK_IMPORTED_MODULE_0__/* .runPost */ .a)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

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
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
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
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(661);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
