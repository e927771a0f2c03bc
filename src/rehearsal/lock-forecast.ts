import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { formatBytes, formatDuration } from '../format.js'
import type { AppliedMigration } from '../migrators/types.js'
import type { Finding } from '../risk/types.js'
import { MIGRATIONS_TABLE } from '../prisma/books.js'
import type { SeenLock, WatchResult } from './lock-watch.js'

/**
 * The lock forecast: what the lock watch saw, per migration and per table, with what each lock
 * blocks for the application (from PostgreSQL's lock conflict table), whether the table existed
 * before the batch (a table created in the batch is in use by nobody), its rows and size on the
 * copy, and whether it was rewritten. The lock budget is judged on it.
 */

/** pg_locks modes, weakest first. */
export const LOCK_MODES = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'] as const
export type LockModeName = (typeof LOCK_MODES)[number]

/** PostgreSQL's table-level lock conflict table ("Conflicting Lock Modes" in its manual). */
const CONFLICTS: Record<LockModeName, LockModeName[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: [...LOCK_MODES]
}

/** What the application does on a table, and the lock it takes for it. */
const OPERATIONS: { name: string; takes: LockModeName }[] = [
  { name: 'reads', takes: 'AccessShareLock' },
  { name: 'row locks (SELECT … FOR UPDATE/SHARE)', takes: 'RowShareLock' },
  { name: 'writes', takes: 'RowExclusiveLock' },
  { name: 'VACUUM, ANALYZE and other DDL', takes: 'ShareUpdateExclusiveLock' }
]

export function isLockMode(mode: string): mode is LockModeName {
  return (LOCK_MODES as readonly string[]).includes(mode)
}

/** The operations a lock in `mode` on a table in use blocks, from the conflict table. */
export function blockedOperations(mode: string): string[] {
  if (!isLockMode(mode)) return []
  return OPERATIONS.filter(o => CONFLICTS[o.takes].includes(mode)).map(o => o.name)
}

/** Whether `mode` blocks writes (INSERT, UPDATE, DELETE: ROW EXCLUSIVE): SHARE or stronger. */
export function blocksWrites(mode: string): boolean {
  return isLockMode(mode) && CONFLICTS.RowExclusiveLock.includes(mode)
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, as the manual names it. */
export function showMode(mode: string): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase()
}

export interface ForecastLock {
  table: string
  mode: string
  granted: boolean
  existedBefore: boolean
  /** The operations it blocks on a table in use; none for a table created in the batch. */
  blocks: string[]
  blocksWrites: boolean
  /** Since the migration's start (its row in the books). */
  firstSeenMs: number
  /** The span of the samples that saw it: it was held at least this long. */
  heldMs: number
  /** From the sample before its first sighting to the sample after its last: it was held at most this long (null at the watch's edge). */
  heldAtMostMs: number | null
  rows: number | null
  /** Where `rows` comes from. */
  rowsFrom: 'exact count on the copy after the batch' | 'pg_class.reltuples after the batch' | 'pg_class.reltuples before the batch' | null
  bytes: number | null
  rewritten: boolean
}

export interface MigrationForecast {
  migration: string
  durationMs: number
  locks: ForecastLock[]
  /** Pre-existing tables whose relfilenode changed when the migration's transaction ended. */
  rewritten: string[]
  /** Transactions of the migration the samples saw; 0: it ended between two samples. */
  transactionsSeen: number
}

export interface LockForecast {
  mechanism: string
  samplingIntervalMs: number
  largestGapMs: number
  samples: number
  /** The time the samples' queries took in all (the watch's own work). */
  watchQueryMs: number
  caveat: string
  migrations: MigrationForecast[]
  /** Pre-existing tables rewritten by a transaction no sample saw. */
  rewrittenUnattributed: string[]
}

export const FORECAST_CAVEAT =
  "The times are a forecast: the throwaway server is not production's hardware and runs with durability off (fsync, full_page_writes and synchronous_commit off), on a copy of production's data restored from the backup; the rows shown are the copy's."

/** The forecast from what the watch saw and the migrations the migrator applied. */
export function buildForecast(watch: WatchResult, applied: AppliedMigration[]): LockForecast {
  const books = watch.books.map(b => ({ ...b, us: BigInt(b.startedUs) }))
  // A transaction belongs to the migration whose row started last before it was first seen: the
  // builtin migrator writes the row in the migration's own transaction, Prisma just before it, and
  // the next migration's row comes after the transaction ended.
  const migrationOf = (seenUs: string): string | undefined => {
    const x = BigInt(seenUs)
    let found: string | undefined
    for (const b of books) if (b.us <= x) found = b.name
    return found
  }
  const startOf = new Map(books.map(b => [b.name, Number(b.us / 1000n)]))
  const tableName = (oid: number): string | undefined => {
    const before = watch.tablesBefore.get(oid)
    const rel = watch.relations.get(oid)
    if (rel && !['r', 'p', 'm'].includes(rel.kind)) return undefined
    // The books are the migrator's bookkeeping, not the migration's work (also when the batch creates them).
    if ((before ?? rel)?.name === MIGRATIONS_TABLE) return undefined
    if (before) return `${before.schema}.${before.name}`
    return rel ? `${rel.schema}.${rel.name}` : undefined
  }
  const showName = (oid: number): string => {
    const t = watch.tablesBefore.get(oid)
    return t ? `${t.schema}.${t.name}` : `relation ${oid}`
  }

  // Merged per migration, table and mode (a migration may run more than one transaction).
  const merged = new Map<string, { migration: string; lock: SeenLock }>()
  for (const l of watch.locks) {
    if (!l.everGranted) continue
    const migration = migrationOf(l.seenUs)
    if (!migration || tableName(l.relation) === undefined) continue
    const key = `${migration}\u0000${l.relation}\u0000${l.mode}`
    const m = merged.get(key)
    if (!m) {
      merged.set(key, { migration, lock: { ...l } })
      continue
    }
    if (l.firstSeen < m.lock.firstSeen) {
      m.lock.firstSeen = l.firstSeen
      m.lock.sampleBefore = l.sampleBefore
    }
    if (l.lastSeen > m.lock.lastSeen) {
      m.lock.lastSeen = l.lastSeen
      m.lock.sampleAfter = l.sampleAfter
    }
  }
  const rewrittenBy = new Map<string, Set<number>>()
  const txSeen = new Map<string, number>()
  for (const t of watch.transactions) {
    const migration = migrationOf(t.seenUs)
    if (!migration) continue
    txSeen.set(migration, (txSeen.get(migration) ?? 0) + 1)
    const set = rewrittenBy.get(migration) ?? new Set<number>()
    for (const oid of t.rewritten) set.add(oid)
    rewrittenBy.set(migration, set)
  }

  const migrations = applied.map((a): MigrationForecast => {
    const rewritten = rewrittenBy.get(a.name) ?? new Set<number>()
    const locks = [...merged.values()]
      .filter(m => m.migration === a.name)
      .map(({ lock: l }): ForecastLock => {
        const before = watch.tablesBefore.get(l.relation)
        const existedBefore = before !== undefined
        const counted = watch.rowsAfter.get(l.relation)
        const rows = counted?.rows ?? (before && before.reltuples >= 0 ? Math.round(before.reltuples) : null)
        return {
          table: tableName(l.relation) as string,
          mode: showMode(l.mode),
          granted: l.everGranted,
          existedBefore,
          blocks: existedBefore ? blockedOperations(l.mode) : [],
          blocksWrites: existedBefore && blocksWrites(l.mode),
          firstSeenMs: Math.max(0, Math.round(l.firstSeen - (startOf.get(a.name) ?? l.firstSeen))),
          heldMs: Math.round(l.lastSeen - l.firstSeen),
          heldAtMostMs: l.sampleBefore !== undefined && l.sampleAfter !== undefined ? Math.round(l.sampleAfter - l.sampleBefore) : null,
          rows,
          rowsFrom: counted?.from ?? (rows !== null ? 'pg_class.reltuples before the batch' : null),
          bytes: before ? before.bytes : null,
          rewritten: rewritten.has(l.relation)
        }
      })
      .sort((x, y) => y.heldMs - x.heldMs || LOCK_MODES.indexOf(modeName(y.mode)) - LOCK_MODES.indexOf(modeName(x.mode)))
    return { migration: a.name, durationMs: Math.round(a.durationMs), locks, rewritten: [...rewritten].map(showName), transactionsSeen: txSeen.get(a.name) ?? 0 }
  })
  return {
    mechanism: `pg_locks and pg_stat_activity sampled from the action's own session on the throwaway server every ${watch.intervalMs} ms while the migrations ran; relfilenode read before the batch and after each transaction`,
    samplingIntervalMs: watch.intervalMs,
    largestGapMs: Math.round(watch.largestGapMs),
    samples: watch.samples,
    watchQueryMs: Math.round(watch.sampleQueryMs),
    caveat: FORECAST_CAVEAT,
    migrations,
    rewrittenUnattributed: watch.rewrittenUnattributed.map(showName)
  }
}

function modeName(shown: string): LockModeName {
  const m = `${shown
    .toLowerCase()
    .split(' ')
    .map(w => w[0]?.toUpperCase() + w.slice(1))
    .join('')}Lock`
  return isLockMode(m) ? m : 'AccessShareLock'
}

/** A table with rows: counted rows, else the estimate, else any data on the copy. */
function hasRows(l: ForecastLock): boolean {
  return l.rows !== null ? l.rows > 0 : (l.bytes ?? 0) > 0
}

/** "12 ms" or "12–27 ms": at least, and at most when known. */
export function showHeld(l: ForecastLock): string {
  return l.heldAtMostMs !== null ? `${formatDuration(l.heldMs)}–${formatDuration(l.heldAtMostMs)}` : `≥ ${formatDuration(l.heldMs)}`
}

export interface BudgetBreach {
  migration: string
  lock: ForecastLock
  /** The reason of an allow comment that accepts it. */
  allowed?: string
  saferWay: string
}

export const ALLOW_LOCK_BUDGET = /^[ \t]*--[ \t]*db-deploy:[ \t]*allow[ \t]+lock-budget\b(.*)$/m

/**
 * The write-blocking locks on pre-existing tables with rows held longer than the budget (the
 * time the samples surely saw), with an allow comment's reason where the migration has one.
 */
export async function judgeBudget(forecast: LockForecast, budgetMs: number, migrationsDir: string, findings: readonly Finding[] = []): Promise<BudgetBreach[]> {
  const out: BudgetBreach[] = []
  for (const m of forecast.migrations) {
    const over = m.locks.filter(l => l.blocksWrites && l.existedBefore && hasRows(l) && l.heldMs > budgetMs)
    if (over.length === 0) continue
    const sql = await fs.readFile(path.join(migrationsDir, m.migration, 'migration.sql'), 'utf8').catch(() => '')
    const reason = ALLOW_LOCK_BUDGET.exec(sql)?.[1]?.trim()
    for (const lock of over) out.push({ migration: m.migration, lock, allowed: reason || undefined, saferWay: saferWay(m.migration, lock, findings) })
  }
  return out
}

/** The risk check's advice for the lock, where one of its findings is about that table in that migration. */
function saferWay(migration: string, lock: ForecastLock, findings: readonly Finding[]): string {
  const bare = lock.table.split('.').pop() ?? lock.table
  const f = findings.find(x => x.migration === migration && x.table !== undefined && (x.table === lock.table || x.table.replace(/"/g, '').endsWith(bare)))
  if (f) return f.saferWay
  if (lock.mode === 'SHARE') return 'Build the index with CREATE INDEX CONCURRENTLY, alone in a migration of its own: it blocks no writes.'
  if (lock.rewritten) return 'Avoid the rewrite: add a new column, backfill it in batches, then switch to it (expand and contract).'
  return 'Split the change so that the write-blocking step is brief (e.g. add a constraint NOT VALID, then VALIDATE it in a migration of its own), or run it in a maintenance window.'
}

export function describeBreach(b: BudgetBreach, budgetMs: number): string {
  const l = b.lock
  return `migration '${b.migration}' held ${l.mode} on ${l.table} (${l.rows !== null ? `${l.rows} rows` : 'rows unknown'}${l.bytes !== null ? `, ${formatBytes(l.bytes)}` : ''} on the copy) for ${showHeld(l)}, longer than the lock budget of ${formatDuration(budgetMs)}: it blocks ${l.blocks.join(', ')} of ${l.table} that long`
}

/** The summary table: every lock seen, longest first. */
export function forecastTable(forecast: LockForecast): { heading: string; header: string[]; rows: string[][]; empty: string } {
  const all = forecast.migrations.flatMap(m => m.locks.map(l => ({ m, l })))
  all.sort((a, b) => b.l.heldMs - a.l.heldMs)
  return {
    heading: `Lock forecast (observed on the copy; sampled every ${forecast.samplingIntervalMs} ms, largest gap ${forecast.largestGapMs} ms). ${forecast.caveat}`,
    header: ['held', 'lock', 'table', 'rows on the copy', 'size on the copy', 'blocks', 'rewritten', 'migration'],
    rows: all.map(({ m, l }) => [
      showHeld(l),
      l.mode,
      l.table,
      l.rows === null ? 'unknown' : `${l.rows}${l.rowsFrom?.startsWith('exact') ? '' : ' (reltuples)'}`,
      l.bytes === null ? '—' : formatBytes(l.bytes),
      l.existedBefore ? l.blocks.join(', ') || 'nothing' : 'nobody (created in the batch)',
      l.rewritten ? 'yes' : 'no',
      m.migration
    ]),
    empty: 'No relation lock was seen by the samples.'
  }
}
