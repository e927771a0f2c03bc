import type { Session } from '../../postgres/session.js'
import { type TableRef, tableKey } from '../types.js'
import type { FunctionFacts, LiveFacts } from './facts.js'

/** Function name → the volatilities of all functions of that name (`pg_proc.provolatile`). */
export async function readVolatility(session: Session, facts: LiveFacts, names: string[]): Promise<void> {
  const functions = [...new Set(names)]
  if (functions.length === 0) return
  const res = await session.query<{ proname: string; vols: string[] }>(`SELECT proname, array_agg(DISTINCT provolatile::text) AS vols FROM pg_proc WHERE proname = ANY($1::text[]) GROUP BY proname`, [
    functions
  ])
  for (const r of res.rows) facts.volatility.set(r.proname, new Set(r.vols))
}

/** The values of each existing enum, in order. */
export async function readEnums(session: Session, facts: LiveFacts, enums: TableRef[]): Promise<void> {
  if (enums.length === 0) return
  const res = await session.query<{ nspname: string; typname: string; labels: string[] }>(
    `SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM unnest($1::text[], $2::text[]) AS w(nsp, typ)
       JOIN pg_namespace n ON n.nspname = w.nsp
       JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = w.typ
       JOIN pg_enum e ON e.enumtypid = t.oid
      GROUP BY n.nspname, t.typname`,
    [enums.map(t => t.schema), enums.map(t => t.name)]
  )
  for (const r of res.rows) facts.enums.set(tableKey({ schema: r.nspname, name: r.typname }), r.labels)
}

/**
 * Every function and procedure of the database with one of these names, with the definition of
 * those written in SQL or PL/pgSQL outside pg_catalog (pg_get_functiondef), for the analysis to read
 * what a call runs.
 */
export async function readFunctions(session: Session, names: string[]): Promise<FunctionFacts[]> {
  if (names.length === 0) return []
  const res = await session.query<{ nsp: string; name: string; lang: string; kind: string; vol: string; def: string | null }>(
    `SELECT n.nspname AS nsp, p.proname AS name, l.lanname AS lang, p.prokind::text AS kind, p.provolatile::text AS vol,
            CASE WHEN n.nspname <> 'pg_catalog' AND l.lanname IN ('sql', 'plpgsql') AND p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE p.proname = ANY($1::text[])`,
    [names]
  )
  return res.rows.map(r => ({ schema: r.nsp, name: r.name, language: r.lang, kind: r.kind, volatility: r.vol, ...(r.def !== null ? { definition: r.def } : {}) }))
}
