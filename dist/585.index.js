export const id = 585;
export const ids = [585];
export const modules = {

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
            problem('medium', 'A `db-deploy: allow` comment names no rule.', 'Write `-- db-deploy: allow <rule> <reason>` with a rule name from docs/migration-risk.md.');
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

/***/ 8936:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Bv: () => (/* reexport */ blocks),
  L8: () => (/* binding */ classify),
  OL: () => (/* reexport */ qualifiedName),
  gF: () => (/* binding */ showLocks)
});

// UNUSED EXPORTS: ALTER_TABLE_SUBCOMMANDS, CLASSIFIED_KINDS, strongest

// EXTERNAL MODULE: ./src/risk/types.ts
var types = __webpack_require__(2842);
// EXTERNAL MODULE: ./src/risk/context.ts
var context = __webpack_require__(8116);
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
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ alterCommands),
/* harmony export */   Bm: () => (/* binding */ calledFunctions),
/* harmony export */   Im: () => (/* binding */ constraintsOf),
/* harmony export */   Wb: () => (/* binding */ dropTargets),
/* harmony export */   Yn: () => (/* binding */ stringList),
/* harmony export */   c_: () => (/* binding */ tableOf),
/* harmony export */   gT: () => (/* binding */ existing)
/* harmony export */ });
/* unused harmony export typeNameText */
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2842);

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
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DS: () => (/* binding */ formatEmpty),
  dZ: () => (/* binding */ formatRows),
  PK: () => (/* binding */ holdsNoRows),
  Im: () => (/* binding */ isEmpty),
  yJ: () => (/* reexport */ readFunctions),
  m1: () => (/* binding */ readLiveFacts)
});

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


/***/ }),

/***/ 5581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  s8: () => (/* binding */ addColumnRewrite),
  l7: () => (/* binding */ addRequiredColumn),
  gu: () => (/* binding */ alterTypeRewrites),
  Oe: () => (/* binding */ needsNewerServer),
  pv: () => (/* binding */ typeChangeRewrite),
  Yi: () => (/* binding */ volatileDefault)
});

// EXTERNAL MODULE: ./src/risk/context.ts
var context = __webpack_require__(8116);
// EXTERNAL MODULE: ./src/risk/types.ts
var types = __webpack_require__(2842);
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
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Bb: () => (/* binding */ ALLOW_COMMENT_RULE),
  lC: () => (/* binding */ OPAQUE_CODE_RULE),
  kX: () => (/* binding */ PARSE_ERROR_RULE),
  y0: () => (/* binding */ RULES)
});

// EXTERNAL MODULE: ./src/risk/context.ts
var context = __webpack_require__(8116);
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
var types = __webpack_require__(2842);
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
var columns = __webpack_require__(2180);
// EXTERNAL MODULE: ./src/risk/classify.ts + 7 modules
var classify = __webpack_require__(8936);
// EXTERNAL MODULE: ./src/risk/live-facts.ts + 5 modules
var live_facts = __webpack_require__(5006);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
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
var analysis = __webpack_require__(5581);
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


/***/ })

};
