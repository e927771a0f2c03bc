export const id = 585;
export const ids = [585];
export const modules = {

/***/ 9585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ analyzeMigrations)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/risk/parse.ts
var parse = __webpack_require__(8060);
// EXTERNAL MODULE: ./src/risk/live-facts.ts + 5 modules
var live_facts = __webpack_require__(5006);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/risk/context.ts
var context = __webpack_require__(8116);
// EXTERNAL MODULE: ./src/risk/rules/index.ts + 6 modules
var rules = __webpack_require__(9043);
// EXTERNAL MODULE: ./src/risk/rules/analysis.ts
var analysis = __webpack_require__(5581);
// EXTERNAL MODULE: ./src/risk/classify.ts + 7 modules
var classify = __webpack_require__(8936);
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
    const parsed = (0,parse/* parseNested */.P_)(`SELECT ${expr}`);
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
        if (e?.A_Expr?.kind === 'AEXPR_OP' && (0,context/* stringList */.Yn)(e.A_Expr.name).join() === '||') {
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
            const tree = (0,parse/* parsePlpgsqlFunction */.FP)(doBlockAsFunction(body));
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
    const names = (0,context/* stringList */.Yn)(call?.funcname);
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
        const def = (0,parse/* parseNested */.P_)(f.definition);
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
    const body = (0,context/* stringList */.Yn)(options.find(o => o.DefElem?.defname === 'as')?.DefElem?.arg?.List?.items);
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
        const parsed = (0,parse/* parseNested */.P_)(body[0] ?? '');
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
        const tree = (0,parse/* parsePlpgsqlFunction */.FP)(text);
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
        const parsed = (0,parse/* parseNested */.P_)(sql);
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
                    tables.push((0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(o.List?.items), schema));
            }
            if (s.kind === 'DropStmt' && n.removeType === 'OBJECT_INDEX')
                for (const o of n.objects ?? [])
                    indexes.push((0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(o.List?.items), schema));
            if (s.kind === 'ReindexStmt' && n.kind === 'REINDEX_OBJECT_INDEX')
                indexes.push((0,context/* tableOf */.c_)(n.relation, schema));
            if (s.kind === 'AlterTableStmt' && n.objtype === 'OBJECT_INDEX')
                indexes.push((0,context/* tableOf */.c_)(n.relation, schema));
            if (s.kind === 'AlterDomainStmt')
                domains.push((0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(n.typeName), schema));
            if (s.kind === 'TruncateStmt' && n.behavior === 'DROP_CASCADE')
                for (const r of n.relations ?? [])
                    truncateCascade.push((0,context/* tableOf */.c_)(r.RangeVar, schema));
            if (s.kind === 'CommentStmt' || s.kind === 'SecLabelStmt') {
                const items = (0,context/* stringList */.Yn)(n.object?.List?.items);
                if (n.objtype === 'OBJECT_TABLE')
                    tables.push((0,classify/* qualifiedName */.OL)(items, schema));
                if (n.objtype === 'OBJECT_COLUMN')
                    tables.push((0,classify/* qualifiedName */.OL)(items.slice(0, -1), schema));
            }
            if (s.kind === 'DropStmt' || s.kind === 'DropOwnedStmt')
                drops.push(...(0,context/* dropTargets */.Wb)(s, schema));
            for (const cmd of (0,context/* alterCommands */.$f)(s)) {
                if (cmd.subtype === 'AT_AddColumn')
                    for (const c of (0,context/* constraintsOf */.Im)(cmd.def?.ColumnDef))
                        if (c.contype === 'CONSTR_DEFAULT')
                            (0,context/* calledFunctions */.Bm)(c.raw_expr, functions);
            }
            if (s.kind === 'RenameStmt' && n.renameType === 'OBJECT_TYPE') {
                enums.push({ schema: (0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(n.object?.List?.items), schema).schema, name: String(n.newname) });
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
        out.push((0,context/* tableOf */.c_)(node, schema));
    for (const v of Object.values(node))
        if (v !== null && typeof v === 'object')
            collectTables(v, schema, out);
}

// EXTERNAL MODULE: ./src/risk/rules/columns.ts + 1 modules
var columns = __webpack_require__(2180);
// EXTERNAL MODULE: ./src/risk/types.ts
var types = __webpack_require__(2842);
;// CONCATENATED MODULE: ./src/risk/analyze.ts












const ALLOW = /^--\s*db-deploy:\s*allow\b(.*)$/s;
async function analyzeMigrations(input) {
    const { schema } = input;
    if (input.pending.length === 0)
        return { findings: [], level: 'none', files: 0, statements: 0, classified: [] };
    await (0,parse/* loadParser */.qd)();
    const files = input.pending.map(m => ({
        migration: m.name,
        file: external_node_path_.relative(input.workspace, m.sqlPath).split(external_node_path_.sep).join('/'),
        parsed: (0,parse/* parseSql */.eg)(m.sql)
    }));
    // Pass 1: what each statement runs (nested code included), then what to read from the database.
    const expanded = await expandAll(files, schema, input.session);
    const facts = await (0,live_facts/* readLiveFacts */.m1)(input.session, factsWanted(expanded.map(e => e.units), schema));
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
        rule: rules/* PARSE_ERROR_RULE */.kX,
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
                    finding: { rule: rules/* OPAQUE_CODE_RULE */.lC, level: analysis/* opaqueCode */.P.level, file: f.file, migration: f.migration, line: unit.top.line, message: u, saferWay: analysis/* opaqueCode */.P.saferWay }
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
    const table = (0,context/* tableOf */.c_)(stmt.node.relation, schema);
    const cls = (0,classify/* classify */.L8)(stmt, schema, facts, cmd => (cmd.subtype === 'AT_AlterColumnType' ? (0,columns/* alterTypeRewrites */.gu)({ facts }, table, cmd) : (0,columns/* addColumnRewrite */.s8)({ facts, batch }, cmd) !== undefined));
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
    for (const rule of rules/* RULES */.y0) {
        for (const hit of rule.check(ctx)) {
            ctx.found.push(rule.name);
            const live = hit.table ? facts.tables.get((0,types/* tableKey */.ih)(hit.table)) : undefined;
            let level = hit.level ?? rule.level;
            let message = hit.message;
            // An empty table is not a big one: a lock on it is held for a moment, and destroying its
            // data destroys nothing. Emptiness is read (a row, the real size in pages), never estimated.
            if (live && level !== 'low' && rule.empty === 'lock' && (0,live_facts/* isEmpty */.Im)(live)) {
                level = 'low';
                message += ` The table is empty (${(0,live_facts/* formatEmpty */.DS)(live)}): the lock is held for a moment, with nothing to read or copy.`;
            }
            else if (live && level !== 'low' && rule.empty === 'data' && (0,live_facts/* holdsNoRows */.PK)(live)) {
                level = 'low';
                message += ` The table holds no rows (${(0,live_facts/* formatEmpty */.DS)(live)}): no data is lost.`;
            }
            if (unit.via !== undefined)
                message += ` (In ${unit.via}, which the statement at line ${unit.top.line} runs.)`;
            const finding = { rule: rule.name, level, file: file.file, migration: file.migration, line: stmt.line, message, saferWay: hit.saferWay };
            if (cls.locks.length > 0)
                finding.locks = (0,classify/* showLocks */.gF)(cls, types/* showTable */.S_);
            if (cls.work !== 'none')
                finding.work = cls.work;
            if (hit.table)
                finding.table = (0,types/* showTable */.S_)(hit.table);
            if (live) {
                finding.tableSize = (0,format/* formatBytes */.z3)(live.totalBytes);
                finding.tableRows = (0,live_facts/* formatRows */.dZ)(live);
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
                    const names = (0,context/* stringList */.Yn)(u.stmt.node.funcname);
                    const name = names[names.length - 1];
                    cx.created.set(name, [...(cx.created.get(name) ?? []), { ...(names.length > 1 ? { schema: names[names.length - 2] } : {}), node: u.stmt.node, text: u.stmt.text }]);
                }
            }
            return result;
        });
        if (cx.wanted.size === 0 || cx.final)
            return out;
        const names = [...cx.wanted];
        for (const fn of await (0,live_facts/* readFunctions */.yJ)(session, names))
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
            batch.createdTables.add((0,types/* tableKey */.ih)((0,context/* tableOf */.c_)(n.relation, schema)));
            break;
        case 'CreateTableAsStmt':
            batch.createdTables.add((0,types/* tableKey */.ih)((0,context/* tableOf */.c_)(n.into?.rel, schema)));
            break;
        case 'CreateEnumStmt':
            batch.createdEnums.set((0,types/* tableKey */.ih)((0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(n.typeName), schema)), (n.vals ?? []).map(v => String(v.String?.sval ?? '')));
            batch.createdTypes.add((0,types/* tableKey */.ih)((0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(n.typeName), schema)));
            break;
        case 'CreateDomainStmt':
            batch.createdTypes.add((0,types/* tableKey */.ih)((0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(n.domainname), schema)));
            break;
        case 'IndexStmt':
            if (n.idxname)
                batch.createdIndexes.add((0,types/* tableKey */.ih)({ schema: n.relation?.schemaname ?? schema, name: String(n.idxname) }));
            break;
        case 'SelectStmt':
            if (n.intoClause?.rel)
                batch.createdTables.add((0,types/* tableKey */.ih)((0,context/* tableOf */.c_)(n.intoClause.rel, schema)));
            break;
        case 'CreateFunctionStmt': {
            const names = (0,context/* stringList */.Yn)(n.funcname);
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
                const from = (0,context/* tableOf */.c_)(n.relation, schema);
                const to = { schema: from.schema, name: String(n.newname) };
                if (batch.createdTables.has((0,types/* tableKey */.ih)(from)))
                    batch.createdTables.add((0,types/* tableKey */.ih)(to));
                const live = facts.tables.get((0,types/* tableKey */.ih)(from));
                if (live && !facts.tables.has((0,types/* tableKey */.ih)(to)))
                    facts.tables.set((0,types/* tableKey */.ih)(to), live);
            }
            else if (n.renameType === 'OBJECT_TYPE') {
                const from = (0,classify/* qualifiedName */.OL)((0,context/* stringList */.Yn)(n.object?.List?.items), schema);
                const values = batch.createdEnums.get((0,types/* tableKey */.ih)(from));
                if (values)
                    batch.createdEnums.set((0,types/* tableKey */.ih)({ schema: from.schema, name: String(n.newname) }), values);
            }
            break;
        case 'AlterTableStmt': {
            const ref = (0,context/* tableOf */.c_)(n.relation, schema);
            for (const cmd of (0,context/* alterCommands */.$f)(stmt)) {
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
    const known = new Set([...rules/* RULES */.y0.map(r => r.name), rules/* PARSE_ERROR_RULE */.kX]);
    for (const comment of file.parsed.comments) {
        const m = ALLOW.exec(comment.text);
        if (!m)
            continue;
        const [rule = '', ...words] = m[1].trim().split(/\s+/);
        const reason = words.join(' ').trim();
        const stmt = file.parsed.statements.find(s => s.end > comment.start);
        const at = { file: file.file, migration: file.migration, line: comment.line };
        const problem = (level, message, saferWay) => {
            out.push({ rule: rules/* ALLOW_COMMENT_RULE */.Bb, level, ...at, message, saferWay });
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


/***/ }),

/***/ 8060:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FP: () => (/* binding */ parsePlpgsqlFunction),
/* harmony export */   P_: () => (/* binding */ parseNested),
/* harmony export */   eg: () => (/* binding */ parseSql),
/* harmony export */   qd: () => (/* binding */ loadParser)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8877);
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_v8__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);



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
        node_v8__WEBPACK_IMPORTED_MODULE_1__.setFlagsFromString('--liftoff-only');
        const g = globalThis;
        const shim = g.__dirname === undefined;
        if (shim)
            g.__dirname = node_path__WEBPACK_IMPORTED_MODULE_0__.dirname((0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(import.meta.url));
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


/***/ })

};
