export const id = 931;
export const ids = [931];
export const modules = {

/***/ 44:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $5: () => (/* binding */ PrismaCliError),
  dy: () => (/* binding */ assertDeployed),
  Kk: () => (/* binding */ preparePrisma),
  Xj: () => (/* binding */ runPrismaMigrator)
});

// UNUSED EXPORTS: PRISMA_ERRORS

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/prisma/cli.ts
var prisma_cli = __webpack_require__(9086);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/prisma/config.ts



/**
 * The Prisma configuration the CLI runs with during a deploy: the project's own
 * (`prisma.config.ts`, `prisma7.config.ts`, …) with its datasource URL, schema and migrations folder
 * replaced by the ones given to the action, written beside it and passed with `--config`. The URL
 * itself is never written: the generated file reads it from the child's environment.
 */
/** Where Prisma looks for its configuration, in its order (@prisma/config: Prisma 7 names first). */
const EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts'];
const CONFIG_CANDIDATES = [
    ...EXTENSIONS.map(e => `prisma7.config${e}`),
    ...EXTENSIONS.map(e => external_node_path_.join('.config', `prisma7${e}`)),
    ...['prisma.config', external_node_path_.join('.config', 'prisma'), external_node_path_.join('.config', 'prisma.config')].flatMap(base => [
        ...EXTENSIONS.map(e => `${base}${e}`),
        ...EXTENSIONS.map(e => external_node_path_.join(base, `index${e}`))
    ])
];
/** The generated file's name, beside the project's configuration (relative paths in it keep their meaning). */
const GENERATED_CONFIG_NAME = '.db-deploy-action.prisma.config.ts';
/** The project's configuration file the CLI would load in `dir`, if any. */
async function findProjectConfig(dir) {
    for (const candidate of CONFIG_CANDIDATES) {
        const file = external_node_path_.join(dir, candidate);
        try {
            if ((await promises_.stat(file)).isFile())
                return file;
        }
        catch {
            // not this one
        }
    }
    return undefined;
}
/**
 * Writes the configuration for one deploy. Prisma 7 takes the URL from `datasource.url`; Prisma 6
 * takes it from there with `engine: 'classic'`, which overrides the schema's `url`/`directUrl`.
 */
async function writeDeployConfig(o) {
    const base = await findProjectConfig(o.workingDirectory);
    const dir = base ? external_node_path_.dirname(base) : o.workingDirectory;
    const file = external_node_path_.join(dir, GENERATED_CONFIG_NAME);
    const envNames = base ? envNamesIn(await promises_.readFile(base, 'utf8')) : [];
    const importPath = base ? `./${external_node_path_.relative(dir, base).split(external_node_path_.sep).join('/')}` : undefined;
    const url = `process.env[${JSON.stringify(o.urlVariable)}]`;
    const lines = [
        "// Written by db-deploy-action for one deploy and removed afterwards: the project's Prisma",
        '// configuration with the database, schema and migrations folder given to the action.',
        ...(importPath ? [`import base from ${JSON.stringify(importPath)}`, ''] : []),
        // Its own datasource, engine and adapter give way to the action's URL.
        `const { datasource: _datasource, engine: _engine, adapter: _adapter, ...project } = (${importPath ? 'base' : '{}'} ?? {}) as Record<string, any>`,
        '',
        'export default {',
        '  ...project,',
        `  schema: ${JSON.stringify(o.schemaPath)},`,
        `  migrations: { ...(project.migrations ?? {}), path: ${JSON.stringify(o.migrationsDir)} },`,
        o.major >= 7 ? `  datasource: { url: ${url} }` : `  engine: 'classic',\n  datasource: { url: ${url} }`,
        '}',
        ''
    ];
    // Created exclusively (never through a link, never over a file that exists), and removed only
    // while it is still the file written here.
    let handle;
    try {
        handle = await promises_.open(file, 'wx', 0o600);
    }
    catch (err) {
        if (err.code !== 'EEXIST')
            throw err;
        throw new errors/* ActionError */.lZ(`${file} exists already: the action writes its own Prisma configuration under that name for one run, and never writes over a file or through a link it did not create.`, 'Remove that file from the repository (it is not part of the project), or wait for the other run of the action in this checkout to finish.');
    }
    try {
        await handle.writeFile(lines.join('\n'));
    }
    finally {
        await handle.close();
    }
    const written = await promises_.lstat(file);
    const remove = async () => {
        const now = await promises_.lstat(file).catch(() => undefined);
        if (now && now.dev === written.dev && now.ino === written.ino && now.birthtimeMs === written.birthtimeMs)
            await promises_.rm(file);
    };
    return { file, base, envNames, remove };
}
/** Names read with `env('NAME')` (Prisma's helper, which throws when one is unset). */
function envNamesIn(source) {
    return [...new Set([...source.matchAll(/\benv\(\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\)/g)].map(m => m[1]))];
}
/** Whether `url` names the same server, database and schema as the action's target. */
function sameDatabase(url, target) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return false;
    }
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return (host === target.host.replace(/^\[|\]$/g, '').toLowerCase() &&
        Number(u.port || 5432) === target.port &&
        decodeURIComponent(u.pathname.replace(/^\//, '')) === target.database &&
        (u.searchParams.get('schema') ?? 'public') === target.schema);
}

;// CONCATENATED MODULE: ./src/prisma/schema-files.ts



/** Reads the schema file or folder; refuses what the CLI could not read, naming the path. */
async function readPrismaSchema(schemaPath, shown) {
    let stat;
    try {
        stat = await promises_.stat(schemaPath);
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
        throw new errors/* ActionError */.lZ(`The Prisma schema ${shown} does not exist.`, "Set 'schema' to the project's schema file or schema folder, relative to 'working-directory' (default prisma/schema.prisma).");
    }
    if (stat.isFile())
        return { kind: 'file', path: schemaPath, files: [{ file: schemaPath, text: await promises_.readFile(schemaPath, 'utf8') }] };
    if (!stat.isDirectory())
        throw new errors/* ActionError */.lZ(`The Prisma schema ${shown} is neither a file nor a folder.`, "Set 'schema' to the project's schema file or schema folder.");
    const files = [];
    await collect(schemaPath, files, new Set());
    files.sort((a, b) => a.file.localeCompare(b.file));
    if (files.length === 0) {
        throw new errors/* ActionError */.lZ(`The Prisma schema folder ${shown} holds no .prisma file.`, "Set 'schema' to the folder that holds the project's .prisma files (or to its schema file).");
    }
    return { kind: 'folder', path: schemaPath, files };
}
async function collect(dir, out, seen) {
    const real = await promises_.realpath(dir);
    if (seen.has(real))
        return;
    seen.add(real);
    for (const entry of (await promises_.readdir(dir)).sort()) {
        const p = external_node_path_.join(dir, entry);
        const st = await promises_.stat(p).catch(() => undefined);
        if (st?.isDirectory())
            await collect(p, out, seen);
        else if (st?.isFile() && external_node_path_.extname(entry) === '.prisma')
            out.push({ file: p, text: await promises_.readFile(p, 'utf8') });
    }
}
/** The first datasource block of the schema (Prisma uses the first), with its URL settings. */
function findDatasource(schema) {
    for (const { file, text } of schema.files) {
        const lines = text.split('\n');
        const start = lines.findIndex(l => /^\s*datasource\s+\w+\s*\{/.test(l));
        if (start < 0)
            continue;
        const urls = [];
        for (let i = start; i < lines.length; i++) {
            const raw = lines[i];
            if (/^\s*\/\//.test(raw))
                continue;
            const line = i === start ? raw.replace(/^[^{]*\{/, '') : raw;
            const m = /^\s*(url|directUrl|shadowDatabaseUrl)\s*=\s*(?:env\(\s*"([^"]*)"\s*\)|"([^"]*)")/.exec(line);
            if (m)
                urls.push({ key: m[1], line: i + 1, ...(m[2] !== undefined ? { envName: m[2] } : {}), ...(m[3] !== undefined ? { literal: m[3] } : {}) });
            if (line
                .replace(/"[^"]*"/g, '')
                .replace(/\/\/.*$/, '')
                .includes('}'))
                break;
        }
        return { file, line: start + 1, urls };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/prisma/project-rules.ts





/** Whether the CLI takes its datasource (URL, schema, migrations folder) from a configuration file: 7.x, and 6.18 onwards. */
function configCarriesDatasource(version) {
    const m = /^(\d+)\.(\d+)\./.exec(version ?? '');
    const major = Number(m?.[1] ?? NaN);
    const minor = Number(m?.[2] ?? NaN);
    return major >= 7 || (major === 6 && minor >= 18);
}
async function refuseWhatCannotBeMadeToWork(o) {
    const shown = (file) => external_node_path_.relative(o.workspace, file) || file;
    const datasource = findDatasource(o.schema);
    if (!datasource) {
        throw new errors/* ActionError */.lZ(`The Prisma schema ${shown(o.schema.path)} has no datasource block${o.schema.kind === 'folder' ? ` in any of its ${o.schema.files.length} .prisma files` : ''}; the Prisma CLI cannot migrate without one.`, `Add \`datasource db { provider = "postgresql" }\` to the schema${o.schema.kind === 'folder' ? ' (in any file of the folder)' : ''}.`);
    }
    const major = Number(/^(\d+)\./.exec(o.version ?? '')?.[1] ?? NaN);
    if (major >= 7 && datasource.urls.length > 0) {
        const first = datasource.urls[0];
        throw new errors/* ActionError */.lZ(`${shown(datasource.file)}:${first.line}: \`${first.key}\` in the datasource block is an error for Prisma ${o.version} (P1012: the datasource property is no longer supported in schema files); every Prisma command would fail on it.`, `Remove the ${datasource.urls.map(u => `\`${u.key}\` (line ${u.line})`).join(' and ')} from the datasource block of ${shown(datasource.file)}; Prisma 7 reads the URL from prisma.config.ts (\`datasource: { url: env('DATABASE_URL') }\`), which the action runs with its own URL.`);
    }
    for (const u of datasource.urls) {
        if (u.literal === undefined || sameDatabase(u.literal, o.target))
            continue;
        throw new errors/* ActionError */.lZ(`${shown(datasource.file)}:${u.line}: the Prisma schema names its database URL literally (\`${u.key} = "…"\`), and not the database given to the action (${o.target.redacted}); the Prisma CLI would migrate that other database. Nothing was changed.`, `Read the URL from the environment in the datasource block, e.g. \`${u.key} = env("DATABASE_URL")\` on line ${u.line} of ${shown(datasource.file)} (the action sets it to the URL it was given), and keep credentials out of the repository.`);
    }
    if (!configCarriesDatasource(o.version)) {
        // No configuration of the action's can name the folder: the CLI reads its own.
        const read = await migrationsFolderPrismaReads(o.workingDirectory, datasource);
        if (external_node_path_.resolve(read.dir) !== external_node_path_.resolve(o.migrationsDir)) {
            throw new errors/* ActionError */.lZ(`'migrations-dir' is ${shown(o.migrationsDir)}, but Prisma ${o.version ?? '(version unknown)'} reads ${shown(read.dir)} (${read.why}): it would deploy another folder than the one verify compared with the database.`, `Set 'migrations-dir' to ${external_node_path_.relative(o.workingDirectory, read.dir) || '.'} (relative to 'working-directory'), or upgrade the project's prisma to 6.18 or later, which the action runs with its own migrations folder.`);
        }
    }
    return datasource;
}
/** The folder a CLI without the action's configuration deploys: its configuration's `migrations.path`, else `migrations` beside the datasource's file. */
async function migrationsFolderPrismaReads(workingDirectory, datasource) {
    const config = await findProjectConfig(workingDirectory);
    if (config) {
        const text = await promises_.readFile(config, 'utf8');
        const m = /migrations\s*:\s*\{[^}]*?\bpath\s*:\s*['"`]([^'"`]+)['"`]/.exec(text);
        if (m)
            return { dir: external_node_path_.resolve(external_node_path_.dirname(config), m[1]), why: `migrations.path in ${external_node_path_.basename(config)}` };
    }
    return { dir: external_node_path_.join(external_node_path_.dirname(datasource.file), 'migrations'), why: 'beside the schema file that holds the datasource block' };
}

// EXTERNAL MODULE: ./src/process/children.ts + 1 modules
var children = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/postgres/target-policy.ts
var target_policy = __webpack_require__(3249);
;// CONCATENATED MODULE: ./src/migrators/prisma.ts










/** The child's variable that carries the action's URL (also what `env("DATABASE_URL")` reads). */
const URL_VARIABLE = 'DATABASE_URL';
/** Prisma error codes and what to do about them. */
const PRISMA_ERRORS = {
    P1000: 'Authentication failed: check the user and password in the database URL secret.',
    P1001: 'The database server could not be reached: check the host, port and network access from the runner.',
    P1002: 'The database timed out; for `migrate deploy` this usually means another migration holds the advisory lock (72707369). Wait for it to finish, then deploy again.',
    P1003: 'The database does not exist: check the database name in the URL.',
    P1010: 'The user may not access the database: grant the privileges or use the owner role.',
    P1013: 'The database URL is invalid: check its form and percent-encode special characters in the password.',
    P3005: 'The schema is not empty but has no migration history: baseline it (`prisma migrate resolve --applied <migration>` for the migrations already in the database) before deploying.',
    P3009: 'Failed migrations are recorded in the database: repair the database, then run `prisma migrate resolve --rolled-back <name>` (to retry) or `--applied <name>` (if completed by hand).',
    P3015: 'A migration folder has no migration.sql: restore it from git history or remove the empty folder.',
    P3018: 'A migration failed to apply and is recorded as failed: fix the database or the migration, then `prisma migrate resolve --rolled-back <name>` and deploy again. Restore from the backup if data was damaged.',
    P3019: 'migration_lock.toml names another provider than the datasource: generate the migrations for PostgreSQL.'
};
/**
 * Finds the CLI, refuses what cannot be made to work on the action's database and folder
 * (verify calls this too), and prepares the child's environment and the generated configuration.
 */
async function preparePrisma(o) {
    const cli = await (0,prisma_cli/* findPrismaCli */.WO)(o.workingDirectory, o.workspace);
    if (!cli)
        throw (0,prisma_cli/* missingPrismaCliError */.hH)(o.workingDirectory);
    const schema = await readPrismaSchema(o.schemaPath, external_node_path_.relative(o.workspace, o.schemaPath) || o.schemaPath);
    const datasource = await refuseWhatCannotBeMadeToWork({ ...o, schema, version: cli.version });
    // The same server and TLS rules as the action's own sessions (refused when Prisma cannot have them).
    (0,target_policy/* assertPrismaCanConnect */.Dy)(o.target);
    const url = o.target.childUrl;
    const env = childEnv(datasource, url);
    const major = Number(/^(\d+)\./.exec(cli.version ?? '')?.[1] ?? NaN);
    // A datasource in the configuration file: Prisma 7, and 6.18 onwards (`engine: 'classic'`).
    // Older or unknown versions run without one; verify made sure they read the action's folder.
    const config = configCarriesDatasource(cli.version) ? await writeDeployConfig({ ...o, major, urlVariable: URL_VARIABLE }) : undefined;
    // The project's configuration must load: variables it reads and the runner lacks get the action's URL.
    for (const name of config?.envNames ?? [])
        if (!env[name])
            env[name] = url;
    const args = ['--schema', external_node_path_.relative(o.workingDirectory, o.schemaPath) || o.schemaPath, ...(config ? ['--config', external_node_path_.relative(o.workingDirectory, config.file) || config.file] : [])];
    return { cli, schema, env, config, args, remove: async () => config?.remove() };
}
async function runPrismaMigrator(o) {
    const run = await preparePrisma(o);
    (0,log/* info */.pq)(`Prisma CLI ${run.cli.version ?? '(version unknown)'}: ${external_node_path_.relative(o.workspace, run.cli.bin) || run.cli.bin}`);
    try {
        if (run.config) {
            (0,log/* info */.pq)(`Prisma configuration: ${run.config.base ? `${external_node_path_.relative(o.workspace, run.config.base)}, with` : 'generated, with'} the action's database URL, schema and migrations folder (${external_node_path_.relative(o.workspace, o.migrationsDir) || '.'})`);
        }
        const output = [];
        if (o.generateClient)
            await runPrisma(run.cli.bin, ['generate', ...run.args], o.workingDirectory, run.env, output);
        await runPrisma(run.cli.bin, ['migrate', 'deploy', ...run.args], o.workingDirectory, run.env, output);
        return { output };
    }
    finally {
        await run.remove();
    }
}
/**
 * After `prisma migrate deploy` exited 0: the books of the action's database must show every
 * migration of the action's folder applied and none failed, or the CLI worked elsewhere.
 */
function assertDeployed(c) {
    if (c.pending.length === 0 && c.failed.length === 0)
        return;
    const parts = [];
    if (c.pending.length > 0)
        parts.push(`${c.pending.length} pending migration${c.pending.length === 1 ? '' : 's'}: ${c.pending.map(m => m.name).join(', ')}`);
    if (c.failed.length > 0)
        parts.push(`${c.failed.length} failed migration${c.failed.length === 1 ? '' : 's'}: ${c.failed.map(r => r.migration_name).join(', ')}`);
    throw new errors/* ActionError */.lZ(`The migrator reported success (prisma migrate deploy exited 0), but the verified database (the one given to the action) was not migrated: it still has ${parts.join('; ')}. ` +
        "Likely cause: the CLI read another database URL or another migrations folder than the action's (the project's Prisma configuration or schema, or a CLI that does not apply migrations).", "Make the project's Prisma configuration and schema read the URL from DATABASE_URL (the action sets it) and keep 'migrations-dir' on the folder Prisma deploys; check that node_modules/.bin/prisma is the real Prisma CLI. Then run verify and deploy again.");
}
/** A run of the CLI that failed; carries its output (scrubbed), from which the cause is read. */
class PrismaCliError extends errors/* ActionError */.lZ {
    output;
    constructor(message, fix, output) {
        super(message, fix);
        this.output = output;
        this.name = 'PrismaCliError';
    }
}
async function runPrisma(bin, args, cwd, env, output) {
    (0,log/* info */.pq)(`$ prisma ${args.join(' ')}`);
    const { done } = (0,children/* runChild */.w$)(bin, args, {
        cwd,
        env,
        captureStdout: true,
        keepLines: 200,
        onStderrLine: line => {
            output.push(line);
            (0,log/* info */.pq)(`  ${line}`);
        }
    });
    const result = await done;
    for (const line of result.stdout.split('\n')) {
        if (line.trim() === '')
            continue;
        output.push(line);
        (0,log/* info */.pq)(`  ${line}`);
    }
    if (result.code !== 0) {
        const text = (0,secrets/* scrub */._I)(output.join('\n'));
        const code = /\b(P\d{4})\b/.exec(text)?.[1];
        const failed = /Migration name:\s*(\S+)/.exec(text)?.[1] ?? /`([0-9]{14}_[^`]+)`/.exec(text)?.[1];
        const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
        throw new PrismaCliError(`prisma ${args.slice(0, 2).join(' ')} ${how}${code ? ` (${code})` : ''}${failed ? `; failed migration: ${failed}` : ''}.`, code && PRISMA_ERRORS[code] ? PRISMA_ERRORS[code] : 'See the Prisma output above for the cause.', text);
    }
}
/**
 * The child's environment: the URL under DATABASE_URL and under every variable the schema's
 * datasource reads (`url = env("…")`, `directUrl = env("…")`), so the project's own configuration
 * resolves to the URL given to the action. Never on the command line.
 */
function childEnv(datasource, url) {
    const env = { ...(0,children/* envWithoutSecrets */.FK)(), [URL_VARIABLE]: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
    for (const u of datasource.urls)
        if (u.envName && /^[A-Za-z_][A-Za-z0-9_]*$/.test(u.envName))
            env[u.envName] = url;
    return env;
}


/***/ }),

/***/ 9086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OK: () => (/* binding */ resolveCommand),
/* harmony export */   WO: () => (/* binding */ findPrismaCli),
/* harmony export */   hH: () => (/* binding */ missingPrismaCliError)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _shell_words_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5933);




async function findPrismaCli(workingDirectory, workspace) {
    let dir = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(workingDirectory);
    const root = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(workspace);
    for (;;) {
        const bin = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'node_modules', '.bin', 'prisma');
        try {
            await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.access(bin, node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
            return { bin, version: await readVersion(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'node_modules', 'prisma', 'package.json')) };
        }
        catch {
            // not here: try the parent
        }
        if (dir === root)
            return undefined;
        const parent = node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(dir);
        if (parent === dir || !parent.startsWith(root))
            return undefined;
        dir = parent;
    }
}
function missingPrismaCliError(workingDirectory) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ(`The project's Prisma CLI was not found (node_modules/.bin/prisma in ${workingDirectory} or a parent folder in the workspace).`, "Add `prisma` to the project's devDependencies and install dependencies (e.g. `npm ci`) before this step; or set `migrator: builtin`.");
}
async function readVersion(packageJson) {
    try {
        const parsed = JSON.parse(await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile(packageJson, 'utf8'));
        return typeof parsed.version === 'string' ? parsed.version : undefined;
    }
    catch {
        return undefined;
    }
}
/** `npx prisma <args>` as the user runs it in `working-directory`, with `--schema` when the schema is not at Prisma's default place. */
function prismaCommand(inputs, args) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(inputs.workingDirectory, inputs.schemaPath);
    const schema = rel === node_path__WEBPACK_IMPORTED_MODULE_1__.join('prisma', 'schema.prisma') ? '' : ` --schema ${(0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .shellWord */ .r)(rel)}`;
    return `npx prisma ${args}${schema}`;
}
/**
 * `npx prisma migrate resolve --<how> <name>` for the user to copy into a shell. The name comes from
 * a folder or the database, so it is always given as one shell word (see shellWord); without a name
 * the command shows the placeholder `<migration>`.
 */
function resolveCommand(inputs, how, name) {
    return prismaCommand(inputs, `migrate resolve --${how} ${name === undefined ? '<migration>' : (0,_shell_words_js__WEBPACK_IMPORTED_MODULE_3__/* .shellWord */ .r)(name)}`);
}


/***/ }),

/***/ 364:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N4: () => (/* binding */ assertPostgresProvider),
/* harmony export */   XK: () => (/* binding */ checksumMatches),
/* harmony export */   _: () => (/* binding */ readMigrationsFolder)
/* harmony export */ });
/* unused harmony exports MIGRATION_LOCK_FILE, EXPECTED_PROVIDER_LINE, sha256Hex */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8431);





const MIGRATION_LOCK_FILE = 'migration_lock.toml';
const EXPECTED_PROVIDER_LINE = 'provider = "postgresql"';
/** C0 and C1 control characters (newline, carriage return, escape, ...) and the Unicode line separators. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/**
 * Reads the folder. `workspace` is the repository checkout: the folder, each migration folder and
 * each file read must be inside it once symbolic links are followed (a link must not lead the
 * action to read files outside the repository), checked here, at
 * the time of reading, not only when the inputs were parsed. A migration folder whose name holds a
 * control character is refused: the name is printed, and a newline in it could forge log lines.
 */
async function readMigrationsFolder(dir, workspace) {
    const realWorkspace = (0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .realpathOfExisting */ .Kx)(workspace);
    const assertInside = (p, what) => {
        const real = (0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .realpathOfExisting */ .Kx)(p);
        if (!(0,_paths_js__WEBPACK_IMPORTED_MODULE_4__/* .isWithin */ .UO)(realWorkspace, real)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${what} ${JSON.stringify(node_path__WEBPACK_IMPORTED_MODULE_2__.relative(workspace, p))} resolves through a symbolic link to ${JSON.stringify(real)}, outside the workspace; the action reads migrations only from the repository checkout.`, 'Replace the symbolic link with the real folder or file, committed in the repository.');
        }
        return real;
    };
    assertInside(dir, 'The migrations folder');
    let entries;
    try {
        entries = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir(dir, { withFileTypes: true });
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The migrations folder ${dir} does not exist.`, "Set 'working-directory', 'schema' or 'migrations-dir' so that they point at the folder Prisma writes migrations to (by default `migrations` beside schema.prisma), and check out the repository before this step.");
        }
        if (code === 'ENOTDIR') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The migrations path ${dir} is a file, not a folder.`, "Point 'migrations-dir' at the folder that holds one sub-folder per migration.");
        }
        throw err;
    }
    const names = entries
        .filter(e => e.isDirectory())
        .map(e => e.name)
        .sort((a, b) => a.localeCompare(b));
    const unprintable = names.filter(name => CONTROL_CHARACTER.test(name));
    if (unprintable.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`The migrations folder ${JSON.stringify(node_path__WEBPACK_IMPORTED_MODULE_2__.relative(workspace, dir))} holds ${unprintable.length === 1 ? 'a migration folder whose name contains' : 'migration folders whose names contain'} a control character (shown escaped): ${unprintable.map(n => JSON.stringify(n)).join(', ')}.`, 'Rename the folder to the form Prisma writes (`<timestamp>_<name>`, letters, digits and underscores); a migration name is printed in logs and stored in _prisma_migrations.');
    }
    const read = await mapWithLimit(names, 32, async (name) => {
        const sqlPath = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, name, 'migration.sql');
        try {
            // Read through the checked real path, so a link swapped in between cannot lead elsewhere.
            const sql = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile(assertInside(sqlPath, 'The migration file'));
            return { name, sqlPath, sql, checksum: sha256Hex(sql) };
        }
        catch (err) {
            const code = err.code;
            if (code === 'ENOENT' || code === 'EISDIR')
                return name;
            throw err;
        }
    });
    const missing = read.filter((r) => typeof r === 'string');
    if (missing.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(missing.length === 1
            ? `The migration folder '${missing[0]}' has no migration.sql (Prisma: P3015).`
            : `The migration folders ${missing.map(n => `'${n}'`).join(', ')} have no migration.sql (Prisma: P3015).`, `Restore migration.sql from git history, or delete the empty folder${missing.length === 1 ? '' : 's'} if never applied.`);
    }
    const migrations = read;
    let lockText;
    try {
        lockText = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile(assertInside(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, MIGRATION_LOCK_FILE), 'The lock file'), 'utf8');
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
    }
    const lockProvider = lockText
        ?.split(/\r?\n/)
        .map(line => line.trim())
        .find(line => line.startsWith('provider'));
    return { dir, migrations, lockProvider, hasLockFile: lockText !== undefined };
}
/** Throws when `migration_lock.toml` names another provider (Prisma: P3019). */
function assertPostgresProvider(folder) {
    if (!folder.hasLockFile)
        return;
    if (folder.lockProvider !== EXPECTED_PROVIDER_LINE) {
        const found = folder.lockProvider ?? 'no provider line';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`${MIGRATION_LOCK_FILE} in ${folder.dir} says '${found}', but this database is PostgreSQL (Prisma: P3019).`, 'These migrations were written for another database. Generate them for PostgreSQL (`provider = "postgresql"` in the datasource, then `npx prisma migrate dev`), or point the action at the right project.');
    }
}
function sha256Hex(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
/**
 * Whether a checksum stored in the books matches the file: the bytes as they are, or
 * with CRLF turned into LF, or LF into CRLF (a Windows checkout is not an edit); very old rows hold
 * an unpadded hex form, compared in that form.
 */
function checksumMatches(stored, migration) {
    if (stored === migration.checksum)
        return true;
    const legacy = stored.length !== 64;
    const lf = replaceBytes(migration.sql, CRLF, LF);
    const crlf = replaceBytes(lf, LF, CRLF);
    for (const variant of [migration.sql, lf, crlf]) {
        const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(variant).digest();
        const form = legacy ? unpaddedHex(digest) : digest.toString('hex');
        if (form === stored)
            return true;
    }
    return false;
}
const CRLF = Buffer.from('\r\n');
const LF = Buffer.from('\n');
function replaceBytes(input, from, to) {
    const parts = [];
    let start = 0;
    for (;;) {
        const at = input.indexOf(from, start);
        if (at === -1)
            break;
        parts.push(input.subarray(start, at), to);
        start = at + from.length;
    }
    if (start === 0)
        return input;
    parts.push(input.subarray(start));
    return Buffer.concat(parts);
}
/** Each byte as hex without zero padding, as very old Prisma versions stored checksums. */
function unpaddedHex(digest) {
    return [...digest].map(b => b.toString(16)).join('');
}
async function mapWithLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    });
    await Promise.all(workers);
    return results;
}


/***/ })

};
