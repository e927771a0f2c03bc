/**
 * What the database says about the objects a migration touches, read on verify's read-only
 * session. The reads themselves live in ./live-facts/ by subject; this module runs them in order.
 */
import type { Session } from '../postgres/session.js'
import { type TableRef, tableKey } from './types.js'
import type { FactsWanted, LiveFacts, TableFacts } from './live-facts/facts.js'
import { readSettings } from './live-facts/settings.js'
import { readDomainColumns, readIndexTables, readTruncatedWith } from './live-facts/related.js'
import { readCasualties } from './live-facts/casualties.js'
import { readTables } from './live-facts/tables.js'
import { readEnums, readVolatility } from './live-facts/catalog.js'

export type { Casualties, ColumnFacts, DropTarget, FactsWanted, FunctionFacts, LiveFacts, TableFacts } from './live-facts/facts.js'
export { readFunctions } from './live-facts/catalog.js'

export async function readLiveFacts(session: Session, want: FactsWanted): Promise<LiveFacts> {
  const facts: LiveFacts = {
    ...(await readSettings(session)),
    tables: new Map(),
    volatility: new Map(),
    enums: new Map(),
    indexes: new Map(),
    domains: new Map(),
    casualties: new Map(),
    truncatedWith: new Map()
  }
  // First what names more tables (an index's table, a domain's tables, what a CASCADE drops), so
  // that their sizes are read with the others.
  const more: TableRef[] = []
  more.push(...(await readIndexTables(session, facts, unique(want.indexes ?? []))))
  more.push(...(await readDomainColumns(session, facts, unique(want.domains ?? []))))
  for (const target of want.drops ?? []) {
    if (facts.casualties.has(target.key)) continue
    const c = await readCasualties(session, target)
    facts.casualties.set(target.key, c)
    more.push(...c.tables, ...c.columns.map(x => x.table))
  }
  more.push(...(await readTruncatedWith(session, facts, unique(want.truncateCascade ?? []))))
  await readTables(session, facts, unique([...want.tables, ...more]))
  await readVolatility(session, facts, want.functions)
  await readEnums(session, facts, unique(want.enums))
  return facts
}

function unique(refs: TableRef[]): TableRef[] {
  return [...new Map(refs.map(r => [tableKey(r), r])).values()]
}

/** No row to lose: read so (or no page at all), never taken from a statistics estimate. */
export function holdsNoRows(t: TableFacts): boolean {
  return t.hasRows === false || t.pages === 0
}

/**
 * Empty: no rows and no pages beyond the first (a table whose rows were deleted but not vacuumed
 * still has its pages to scan or copy). A lock on it is held for a moment; rewriting it copies nothing.
 */
export function isEmpty(t: TableFacts): boolean {
  return holdsNoRows(t) && t.pages <= 1
}

export function formatRows(t: TableFacts): string {
  if (t.hasRows === false) return '0 rows'
  if (t.rowEstimate >= 0) return `~${Math.round(t.rowEstimate).toLocaleString('en-US')} rows (estimate)`
  return t.hasRows ? 'has rows (never analyzed: no estimate)' : 'rows unknown'
}

/** What the empty-table verdict rests on, for messages: `0 rows, 1 page`. */
export function formatEmpty(t: TableFacts): string {
  return `${t.hasRows === false ? '0 rows' : 'no data'}, ${t.pages} page${t.pages === 1 ? '' : 's'}: read from the table, not estimated`
}
