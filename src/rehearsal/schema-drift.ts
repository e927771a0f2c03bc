import type { DeathSignal } from '../process/children.js'
import { dumpSchema, isRestrictLine } from '../archive/schema-text.js'

/**
 * Schema drift: the schema of the rehearsed copy of production against the schema the migrations
 * alone produce (all of them applied to an empty database), both as `pg_dump --schema-only`,
 * normalised (no comments, settings, ownership or grants, no blank lines) and cut into objects by the
 * headers pg_dump writes before each one (`-- Name: users; Type: TABLE; Schema: public; ...`).
 */

export interface DriftItem {
  /** e.g. `TABLE public.users`, `INDEX public.users_nickname_idx`. */
  object: string
  /**
   * `only in production`, `missing in production`, `differs`, or `not built from nothing` (the
   * migrations fail on an empty database: production holds something made outside them).
   */
  kind: 'only in production' | 'missing in production' | 'differs' | 'not built from nothing'
  /**
   * For `differs`: where order has meaning and differs, `~ <what> in another order: …` first; then
   * the lines only production has (`+`) and the lines only the migrations produce (`-`).
   * For `not built from nothing`: the first migration that fails from nothing, and its error.
   */
  lines: string[]
}

export async function schemaOnlyDump(pgDump: string, env: NodeJS.ProcessEnv, database: string, dieWithParent?: DeathSignal): Promise<string> {
  return dumpSchema({ pgDump, env, database, args: ['--no-owner', '--no-privileges', '--no-comments'], fix: 'Read the error above; the rehearsal itself passed.', dieWithParent })
}

/** The dump cut into objects: key (`TYPE schema.name`) → normalised statement lines. */
export function dumpObjects(dump: string): Map<string, string[]> {
  const objects = new Map<string, string[]>()
  let current: string[] | undefined
  for (const raw of dump.split('\n')) {
    const header = /^-- Name: (.+?); Type: (.+?); Schema: (.+?);/.exec(raw)
    if (header) {
      const [, name, type, schema] = header
      const key = `${type} ${schema === '-' ? '' : `${schema}.`}${name}`
      current = objects.get(key) ?? []
      objects.set(key, current)
      continue
    }
    const line = raw.trimEnd()
    if (line === '' || line.startsWith('--')) continue
    // Session settings and pg_dump's per-dump restrict key say nothing about the schema.
    if (/^(SET |SELECT pg_catalog\.set_config\()/.test(line) || isRestrictLine(line)) continue
    current?.push(line.replace(/,$/, ''))
  }
  return objects
}

/** Objects that differ between production's rehearsed copy and what the migrations produce. */
export function compareSchemas(production: string, migrations: string): DriftItem[] {
  const prod = dumpObjects(production)
  const mig = dumpObjects(migrations)
  const items: DriftItem[] = []
  for (const [key, lines] of prod) {
    const other = mig.get(key)
    if (!other) {
      items.push({ object: key, kind: 'only in production', lines: lines.slice(0, 5) })
      continue
    }
    const a = new Set(lines)
    const b = new Set(other)
    const plus = lines.filter(l => !b.has(l)).map(l => `+ ${l.trim()}`)
    const minus = other.filter(l => !a.has(l)).map(l => `- ${l.trim()}`)
    const order = orderDifference(key, lines, other)
    if (order || plus.length + minus.length > 0) items.push({ object: key, kind: 'differs', lines: [...(order ? [order] : []), ...plus, ...minus] })
  }
  for (const [key, lines] of mig) {
    if (!prod.has(key)) items.push({ object: key, kind: 'missing in production', lines: lines.slice(0, 5) })
  }
  return items.sort((x, y) => x.object.localeCompare(y.object))
}

/**
 * Where the order of an object's lines has meaning and differs, in words: an enum's labels (its sort
 * order), a composite type's attributes, a table's columns (what positional `INSERT … VALUES`,
 * `SELECT *` and `COPY` rely on). Compares the lines both sides have, in each side's order.
 */
export function orderDifference(key: string, production: string[], migrations: string[]): string | undefined {
  const type = key.slice(0, key.indexOf(' '))
  if (type !== 'TYPE' && type !== 'TABLE' && type !== 'FOREIGN TABLE') return undefined
  const inMigrations = new Set(migrations)
  const inProduction = new Set(production)
  const members = (lines: string[]): string[] => lines.filter(l => /^\s+\S/.test(l) && !/^\s+CONSTRAINT\s/.test(l)).map(l => memberName(type, l.trim()))
  const a = members(production.filter(l => inMigrations.has(l)))
  const b = members(migrations.filter(l => inProduction.has(l)))
  if (a.length < 2 || JSON.stringify(a) === JSON.stringify(b)) return undefined
  const what = type !== 'TYPE' ? 'columns' : production.some(l => /\bAS ENUM \($/.test(l)) ? 'labels' : 'attributes'
  return `~ ${what} in another order: production ${a.join(', ')}; the migrations ${b.join(', ')}`
}

/** A column's or attribute's name (its first word, quoted or not); an enum label as written. */
function memberName(type: string, line: string): string {
  if (type === 'TYPE' && line.startsWith("'")) return line
  return /^("(?:[^"]|"")*"|\S+)/.exec(line)?.[1] ?? line
}

/** One line per item, for the log and the summary. */
export function describeDrift(item: DriftItem): string {
  if (item.kind === 'not built from nothing') return `${item.object}: the migrations do not build the schema from an empty database: ${item.lines.join(': ')}`
  const what =
    item.kind === 'differs'
      ? `differs: ${item.lines.slice(0, 4).join('; ')}${item.lines.length > 4 ? `; … (${item.lines.length - 4} more)` : ''}`
      : item.kind === 'only in production'
        ? `exists in production but no migration creates it${item.lines[0] ? ` (${item.lines[0].trim()})` : ''}`
        : 'the migrations create it but production does not have it'
  return `${item.object}: ${what}`
}
