import { closeSession, type Session } from '../postgres/session.js'
import { MIGRATIONS_TABLE } from '../prisma/books.js'
import { USER_SCHEMA } from '../postgres/table-count.js'
import type { ThrowawayServer } from './throwaway-server.js'

/**
 * The lock watch: while the migrator applies the pending migrations to the copy, the action's own
 * session on the throwaway server samples, every `intervalMs`, the relation locks of every other
 * client backend on the copy's database (pg_locks, keyed by backend and virtual transaction; each
 * lock's backend type read in the same query, so that autovacuum is left out). The throwaway server has
 * no client but the migrator and the action, so every other backend is the migrator's, whichever
 * migrator it is (the builtin one in this process, or the Prisma CLI as a child process).
 *
 * What a sample shows is what the server held at that moment: a lock is reported only when a
 * sample saw it, with its first and last sighting. A lock is held to the end of its transaction,
 * so the time it was held lies between the span of the samples that saw it and the span from the
 * sample before the first sighting to the sample after the last: both are recorded. A transaction
 * that starts and ends between two samples is not seen at all.
 *
 * Rewrites: each table's relfilenode is read before the batch, and again for the tables a
 * transaction locked, as soon as a sample shows that transaction ended: a new relfilenode means
 * the table was rewritten (or truncated) by that transaction.
 */

/** PostgreSQL's first object id for user objects: lower ids are the system catalogs. */
const FIRST_NORMAL_OBJECT_ID = 16384

export interface TableBefore {
  oid: number
  schema: string
  name: string
  relfilenode: number
  /** The planner's estimate (pg_class.reltuples); -1 when the table was never analyzed or vacuumed. */
  reltuples: number
  /** pg_table_size on the copy: heap, TOAST and maps, without indexes. */
  bytes: number
}

/** One relation lock of one transaction, as the samples saw it. */
export interface SeenLock {
  /** The backend, and when its transaction was first seen (microseconds since the epoch, as text). */
  pid: number
  seenUs: string
  relation: number
  mode: string
  /** Whether a sample saw it granted; a lock only ever seen waiting was never held. */
  everGranted: boolean
  /** Server clock (ms since the epoch) of the first and last samples that saw it. */
  firstSeen: number
  lastSeen: number
  /** The sample before the first sighting and after the last (undefined at the watch's edges). */
  sampleBefore: number | undefined
  sampleAfter: number | undefined
}

/** A transaction of the migrator, as the samples saw it. */
export interface SeenTransaction {
  pid: number
  /** Its first sighting (microseconds since the epoch, as text): after its start, before its end. */
  seenUs: string
  firstSeen: number
  lastSeen: number
  /** Pre-existing tables whose relfilenode changed when this transaction ended. */
  rewritten: number[]
}

export interface WatchResult {
  intervalMs: number
  samples: number
  /** The largest time between two consecutive samples: the observation's precision. */
  largestGapMs: number
  /** Total time the samples took (the watch's own cost on the server). */
  sampleQueryMs: number
  tablesBefore: Map<number, TableBefore>
  locks: SeenLock[]
  transactions: SeenTransaction[]
  /** Relations the locks name, as the catalog shows them after the batch (tables created in it included). */
  relations: Map<number, { schema: string; name: string; kind: string }>
  /** Pre-existing tables rewritten by a transaction no sample saw. */
  rewrittenUnattributed: number[]
  /** The books' rows the batch wrote: name and start (microseconds since the epoch, as text), in order. */
  books: { name: string; startedUs: string }[]
  /**
   * Rows on the copy after the batch, for the pre-existing tables a lock was seen on: the planner's
   * figure (pg_class.reltuples) where the server has one (an index build or a rewrite sets it to
   * the rows it read), else an exact count.
   */
  rowsAfter: Map<number, { rows: number; from: 'pg_class.reltuples after the batch' | 'exact count on the copy after the batch' }>
}

export interface LockWatch {
  /** Ends the sampling and reads what the batch did (relations, rewrites, the books, row counts). */
  stop(): Promise<WatchResult>
  /** Ends the sampling without reading anything (the batch failed). */
  abandon(): Promise<void>
}

/**
 * The copy's tables before the batch, with the server's clock (microseconds since the epoch) and the
 * database's oid on every row: one round trip (a copy without tables gives one row of nulls).
 */
const BEFORE_SQL = `SELECT s.us, s.db, c.oid, c.schema, c.name, c.relfilenode, c.reltuples, c.bytes
FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::int8::text AS us, d.oid::int8::text AS db FROM pg_database d WHERE d.datname = current_database()) s
LEFT JOIN (SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relfilenode::int8 AS relfilenode,
    c.reltuples::float8 AS reltuples, pg_table_size(c.oid)::int8 AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm') AND c.oid >= ${FIRST_NORMAL_OBJECT_ID} AND ${USER_SCHEMA}) c ON true`

/**
 * The relation locks on user relations of `database` (an oid) held or awaited by other client
 * backends; one row with the clock when there are none. Each lock's backend type is read in the
 * same query (pg_stat_get_activity of its pid): autovacuum and parallel workers are left out, and a
 * short-lived connection or a reused pid is judged by what it is at that sample.
 */
function sampleSql(database: number): string {
  return `SELECT (extract(epoch FROM t.c) * 1000)::float8 AS at, l.pid, l.vxid, l.rel, l.mode, l.granted
FROM (SELECT clock_timestamp() AS c) t
LEFT JOIN (SELECT l.pid, l.virtualtransaction AS vxid, l.relation::int8 AS rel, l.mode, l.granted
  FROM pg_locks l CROSS JOIN LATERAL pg_stat_get_activity(l.pid) a
  WHERE l.locktype = 'relation' AND l.database = ${database} AND l.relation >= ${FIRST_NORMAL_OBJECT_ID} AND l.pid <> pg_backend_pid()
    AND a.backend_type = 'client backend') l ON true`
}

interface SampleRow {
  at: number
  pid: number | null
  vxid: string | null
  rel: string | null
  mode: string | null
  granted: boolean | null
}

export async function startLockWatch(server: ThrowawayServer, database: string, schema: string, intervalMs = 10): Promise<LockWatch> {
  const session = await server.session(database, 'db-deploy-action lock watch')
  let stopped = false
  try {
    const tablesBefore = new Map<number, TableBefore>()
    const before = (await session.query<{ us: string; db: string; oid: string | null; schema: string; name: string; relfilenode: string; reltuples: number; bytes: string }>(BEFORE_SQL)).rows
    for (const r of before) {
      if (r.oid === null) continue
      tablesBefore.set(Number(r.oid), { oid: Number(r.oid), schema: r.schema, name: r.name, relfilenode: Number(r.relfilenode), reltuples: Number(r.reltuples), bytes: Number(r.bytes) })
    }
    const books = tablesBefore.size > 0 ? [...tablesBefore.values()].find(t => t.schema === schema && t.name === MIGRATIONS_TABLE)?.oid : undefined
    const relfilenodes = new Map([...tablesBefore.values()].map(t => [t.oid, t.relfilenode]))
    const startedUs = before[0]?.us ?? '0'
    // A prepared statement: parsed and planned once, then only executed at every sample.
    const SAMPLE = { name: 'db-deploy-action-lock-sample', text: sampleSql(Number(before[0]?.db)) }

    const locks = new Map<string, SeenLock>()
    const transactions = new Map<string, SeenTransaction & { relations: Set<number> }>()
    let open = new Set<string>()
    let openLocks = new Set<string>()
    let lastAt: number | undefined
    let largestGapMs = 0
    let samples = 0
    let sampleQueryMs = 0

    /** Reads the relfilenodes of the pre-existing tables a finished transaction locked. */
    const readRewrites = async (tx: SeenTransaction & { relations: Set<number> }): Promise<void> => {
      const oids = [...tx.relations].filter(o => relfilenodes.has(o))
      if (oids.length === 0) return
      const r = await session.query<{ oid: string; relfilenode: string }>('SELECT oid::int8 AS oid, relfilenode::int8 AS relfilenode FROM pg_class WHERE oid = ANY($1::oid[])', [oids])
      for (const row of r.rows) {
        const oid = Number(row.oid)
        const now = Number(row.relfilenode)
        if (relfilenodes.get(oid) !== now) {
          tx.rewritten.push(oid)
          relfilenodes.set(oid, now)
        }
      }
    }

    const sampleOnce = async (): Promise<void> => {
      const t0 = performance.now()
      const rows = (await session.query<SampleRow>(SAMPLE)).rows
      sampleQueryMs += performance.now() - t0
      samples++
      const at = Number(rows[0]?.at)
      if (lastAt !== undefined) largestGapMs = Math.max(largestGapMs, at - lastAt)
      const nowOpen = new Set<string>()
      const nowLocks = new Set<string>()
      for (const r of rows) {
        if (r.pid === null || r.vxid === null) continue
        const txKey = `${r.pid}:${r.vxid}`
        nowOpen.add(txKey)
        let tx = transactions.get(txKey)
        if (!tx) {
          tx = { pid: r.pid, seenUs: msToUs(at), firstSeen: at, lastSeen: at, rewritten: [], relations: new Set() }
          transactions.set(txKey, tx)
        }
        tx.lastSeen = at
        if (r.rel === null || r.mode === null) continue
        const rel = Number(r.rel)
        if (rel === books) continue
        tx.relations.add(rel)
        const key = `${txKey}:${rel}:${r.mode}`
        nowLocks.add(key)
        const seen = locks.get(key)
        if (seen) {
          seen.lastSeen = at
          seen.everGranted ||= r.granted === true
        } else {
          locks.set(key, { pid: r.pid, seenUs: tx.seenUs, relation: rel, mode: r.mode, everGranted: r.granted === true, firstSeen: at, lastSeen: at, sampleBefore: lastAt, sampleAfter: undefined })
        }
      }
      for (const key of openLocks) {
        const l = locks.get(key)
        if (!nowLocks.has(key) && l && l.sampleAfter === undefined) l.sampleAfter = at
      }
      for (const key of open) {
        const tx = transactions.get(key)
        if (!nowOpen.has(key) && tx) await readRewrites(tx)
      }
      open = nowOpen
      openLocks = nowLocks
      lastAt = at
    }

    let failure: Error | undefined
    // The wait between samples ends early when the watch stops: stopping never waits out an interval.
    let wake: (() => void) | undefined
    const loop = (async () => {
      while (!stopped) {
        try {
          await sampleOnce()
        } catch (err) {
          failure = err instanceof Error ? err : new Error(String(err))
          return
        }
        if (stopped) return
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, intervalMs)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        wake = undefined
      }
    })()

    const finish = async (): Promise<void> => {
      stopped = true
      wake?.()
      await loop
    }

    return {
      async abandon() {
        await finish()
        await closeSession(session)
      },
      async stop() {
        try {
          await finish()
          if (failure) throw failure
          // One last sample closes what the last sample still saw open.
          await sampleOnce()
          for (const key of open) {
            const tx = transactions.get(key)
            if (tx) await readRewrites(tx)
          }
          // One catalog read: the pre-existing tables as the batch left them (no size is read again) and
          // every relation a lock names (tables created in the batch included).
          const seenLocks = [...locks.values()]
          const oids = [...new Set(seenLocks.map(l => l.relation))]
          const catalog = (
            await session.query<{ oid: string; relfilenode: string; reltuples: number; schema: string; name: string; kind: string }>(
              'SELECT c.oid::int8 AS oid, c.relfilenode::int8 AS relfilenode, c.reltuples::float8 AS reltuples, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])',
              [[...new Set([...tablesBefore.keys(), ...oids])]]
            )
          ).rows
          const afterRows = catalog.filter(r => tablesBefore.has(Number(r.oid)))
          const after = new Map(afterRows.map(r => [Number(r.oid), Number(r.relfilenode)]))
          const reltuplesAfter = new Map(afterRows.map(r => [Number(r.oid), Number(r.reltuples)]))
          const attributed = new Set([...transactions.values()].flatMap(t => t.rewritten))
          const rewrittenUnattributed = [...tablesBefore.values()].filter(t => after.has(t.oid) && after.get(t.oid) !== t.relfilenode && !attributed.has(t.oid)).map(t => t.oid)
          const lockedOids = new Set(oids)
          const relations = new Map<number, { schema: string; name: string; kind: string }>()
          for (const row of catalog) if (lockedOids.has(Number(row.oid))) relations.set(Number(row.oid), { schema: row.schema, name: row.name, kind: row.kind })
          const bookRows = await readBooks(session, schema, startedUs, books !== undefined)
          const rowsAfter: WatchResult['rowsAfter'] = new Map()
          // Counted under the name the table has after the batch: a migration may have renamed it, and
          // another table may have taken its old name.
          const locked = oids
            .filter(o => tablesBefore.has(o))
            .flatMap(oid => {
              const now = relations.get(oid)
              return now ? [{ oid, schema: now.schema, name: now.name }] : []
            })
          for (const t of locked) {
            const known = reltuplesAfter.get(t.oid) ?? -1
            if (known >= 0) rowsAfter.set(t.oid, { rows: Math.round(known), from: 'pg_class.reltuples after the batch' })
          }
          for (const [oid, rows] of await countRows(
            session,
            locked.filter(t => !rowsAfter.has(t.oid))
          ))
            rowsAfter.set(oid, { rows, from: 'exact count on the copy after the batch' })
          return {
            intervalMs,
            samples,
            largestGapMs,
            sampleQueryMs,
            tablesBefore,
            locks: seenLocks,
            transactions: [...transactions.values()].map(({ relations: _r, ...t }) => t),
            relations,
            rewrittenUnattributed,
            books: bookRows,
            rowsAfter
          }
        } finally {
          // The session's end is not waited for: its backend exits on its own, and the server is stopped after the phase.
          void closeSession(session)
        }
      }
    }
  } catch (err) {
    stopped = true
    await closeSession(session)
    throw err
  }
}

function msToUs(ms: number): string {
  return String(Math.floor(ms * 1000))
}

/** The books' rows written since `sinceUs`, in the order they started. */
async function readBooks(session: Session, schema: string, sinceUs: string, existedBefore: boolean): Promise<{ name: string; startedUs: string }[]> {
  const table = `${session.escapeIdentifier(schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`
  // A table that existed before the batch is still there (the batch does not drop the books); one the batch may have created is looked up first.
  const exists = existedBefore || (await session.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table])).rows[0]?.ok === true
  if (!exists) return []
  const r = await session.query<{ name: string; us: string }>(
    `SELECT migration_name AS name, (extract(epoch FROM started_at) * 1000000)::int8::text AS us FROM ${table} WHERE (extract(epoch FROM started_at) * 1000000)::int8 >= $1::int8 ORDER BY started_at`,
    [sinceUs]
  )
  return r.rows.map(x => ({ name: x.name, startedUs: x.us }))
}

/** Exact counts (SELECT count(*)) of the given tables on the copy, by their names now; a table that does not answer within 30 s is left out. */
async function countRows(session: Session, tables: { oid: number; schema: string; name: string }[]): Promise<Map<number, number>> {
  const out = new Map<number, number>()
  for (const t of tables) {
    try {
      await session.query('SET statement_timeout = 30000')
      const r = await session.query<{ n: string }>(`SELECT count(*)::int8::text AS n FROM ONLY ${session.escapeIdentifier(t.schema)}.${session.escapeIdentifier(t.name)}`)
      out.set(t.oid, Number(r.rows[0]?.n ?? 0))
    } catch {
      // gone (dropped by the batch) or too large to count in time: the estimate stands
    } finally {
      await session.query('SET statement_timeout = 0').catch(() => {})
    }
  }
  return out
}
