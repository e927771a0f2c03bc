import type { Session } from '../../postgres/session.js'
import type { TableRef } from '../types.js'
import { sqlIdent } from '../../postgres/sql-text.js'
import type { Casualties, DropTarget } from './facts.js'

/**
 * Everything that goes with a dropped object, following pg_depend the way DROP … CASCADE does:
 * each object that depends on one already going (normally, automatically, as an internal part or
 * as a member of an extension) goes too, and an object that is the internal part of another takes
 * that owner with it (a view's rule takes the view). DROP OWNED starts from everything the role owns
 * in this database (pg_shdepend).
 */
export async function readCasualties(session: Session, target: DropTarget): Promise<Casualties> {
  const none: Casualties = { found: false, tables: [], columns: [], views: [], foreignKeys: [] }
  let start: string
  let params: unknown[]
  if (target.type === 'role') {
    start = `SELECT s.classid, s.objid, s.objsubid FROM pg_shdepend s JOIN pg_roles r ON r.oid = s.refobjid
              WHERE s.refclassid = 'pg_authid'::regclass AND r.rolname = COALESCE($1::text, current_user) AND s.deptype = 'o'
                AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`
    params = [target.names[0] === ':current_user' ? null : target.names[0]]
  } else if (target.routine !== undefined) {
    start = `SELECT 'pg_proc'::regclass::oid, p::oid, 0 FROM (SELECT ${target.routine.argsGiven ? 'to_regprocedure($1)' : 'to_regproc($1)'} AS p) f WHERE p IS NOT NULL`
    params = [target.routine.text]
  } else {
    start = `SELECT classid, objid, objsubid FROM pg_get_object_address($1, $2::text[], $3::text[])`
    params = [target.type, target.names, target.args]
  }
  try {
    const found = await session.query(`SELECT 1 FROM (${start}) s`, params)
    if (found.rowCount === 0) return none
  } catch {
    return none
  }
  const res = await session.query<{ kind: string; relkind: string | null; nsp: string | null; rel: string | null; col: string | null; conname: string | null; gone_table: boolean }>(
    `WITH RECURSIVE dep(classid, objid, objsubid) AS (
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
         OR co.oid IS NOT NULL`,
    params
  )
  const out: Casualties = { found: true, tables: [], columns: [], views: [], foreignKeys: [] }
  for (const r of res.rows) {
    if (r.nsp === null || r.rel === null) continue
    const table = { schema: r.nsp, name: r.rel }
    if (r.kind === 'rel') {
      if (r.relkind === 'r' || r.relkind === 'p') out.tables.push(table)
      else out.views.push(`${r.relkind === 'm' ? 'materialized view' : 'view'} ${quoted(table)}`)
    } else if (r.kind === 'col' && !r.gone_table && (r.relkind === 'r' || r.relkind === 'p') && r.col !== null) {
      out.columns.push({ table, column: r.col })
    } else if (r.kind === 'con' && !r.gone_table && r.conname !== null) {
      out.foreignKeys.push({ table, name: r.conname })
    }
  }
  return out
}

function quoted(t: TableRef): string {
  const q = (s: string): string => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : sqlIdent(s))
  return `${q(t.schema)}.${q(t.name)}`
}
