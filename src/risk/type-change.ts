import type { PgNode } from './types.js'
import type { ColumnFacts } from './live-facts.js'

/**
 * Whether `ALTER COLUMN … TYPE` rewrites the table, from the current type and typmod (live) and
 * the new one (parsed). Follows PostgreSQL's rules: binary-coercible casts and length coercions
 * whose support function says "no-op" (varchar, numeric, timestamp, time, interval, varbit) keep
 * the files; everything else rewrites the table and its indexes. The test suite checks each case
 * against the server (the table's relfilenode changes on a rewrite).
 */
export interface TargetType {
  typname: string
  /** PostgreSQL's internal typmod, -1 when none. */
  typmod: number
  shown: string
}

const ALIASES: Record<string, string> = {
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
}

const VARHDRSZ = 4

/** The parsed TypeName as the catalog would store it. */
export function targetType(typeName: PgNode): TargetType {
  const names: string[] = (typeName?.names ?? []).map((n: PgNode) => String(n?.String?.sval ?? ''))
  const bare = names.length > 1 && names[0] === 'pg_catalog' ? names[1] : (names[names.length - 1] ?? '')
  let typname = ALIASES[bare] ?? bare
  const mods: number[] = (typeName?.typmods ?? []).map((m: PgNode) => Number(m?.A_Const?.ival?.ival ?? 0))
  let typmod = -1
  if (typname === 'varchar' || typname === 'bpchar') {
    if (mods.length > 0) typmod = mods[0] + VARHDRSZ
    else if (typname === 'bpchar' && names[0] === 'pg_catalog') typmod = 1 + VARHDRSZ // char without length is char(1)
  } else if (typname === 'numeric') {
    if (mods.length > 0) typmod = ((mods[0] << 16) | (mods[1] ?? 0)) + VARHDRSZ
  } else if (['timestamp', 'timestamptz', 'time', 'timetz', 'bit', 'varbit'].includes(typname)) {
    if (mods.length > 0) typmod = mods[0]
    else if (typname === 'bit') typmod = 1
  }
  if (typeName?.arrayBounds) typname = `_${typname}`
  const shown = `${names.filter(n => n !== 'pg_catalog').join('.')}${mods.length > 0 ? `(${mods.join(',')})` : ''}${typeName?.arrayBounds ? '[]' : ''}`
  return { typname, typmod, shown }
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
])

export interface RewriteVerdict {
  rewrites: boolean
  why: string
}

export function typeChangeRewrites(from: ColumnFacts, to: TargetType, o: { using: boolean; versionNum: number; timeZone: string }): RewriteVerdict {
  if (o.using) return { rewrites: true, why: 'a USING expression is evaluated for every row' }
  if (from.typname === to.typname) {
    if (from.typmod === to.typmod) return { rewrites: false, why: 'the type does not change' }
    switch (from.typname) {
      case 'varchar':
      case 'varbit':
        return to.typmod === -1 || (from.typmod !== -1 && to.typmod >= from.typmod)
          ? { rewrites: false, why: 'a longer (or unlimited) length only changes the catalog' }
          : { rewrites: true, why: 'a shorter length checks and copies every row' }
      case 'numeric': {
        if (to.typmod === -1) return { rewrites: false, why: 'an unconstrained numeric only changes the catalog' }
        if (from.typmod === -1) return { rewrites: true, why: 'constraining an unconstrained numeric rounds every value' }
        const scale = (m: number): number => (m - VARHDRSZ) & 0xffff
        const precision = (m: number): number => ((m - VARHDRSZ) >> 16) & 0xffff
        return scale(from.typmod) === scale(to.typmod) && precision(to.typmod) >= precision(from.typmod)
          ? { rewrites: false, why: 'a larger precision with the same scale only changes the catalog' }
          : { rewrites: true, why: 'a scale change (or a smaller precision) recomputes every value' }
      }
      case 'timestamp':
      case 'timestamptz':
      case 'time':
      case 'interval':
        return to.typmod === -1 || (from.typmod !== -1 && to.typmod >= from.typmod)
          ? { rewrites: false, why: 'a larger fractional-second precision only changes the catalog' }
          : { rewrites: true, why: 'a smaller precision rounds every value' }
      default:
        return { rewrites: true, why: `changing the modifier of ${from.shown} recomputes every value` }
    }
  }
  const pair = `${from.typname}->${to.typname}`
  if (pair === 'varchar->text' || pair === 'cidr->inet') {
    return { rewrites: false, why: `${from.shown} → ${to.shown} is binary-coercible` }
  }
  if (pair === 'text->varchar' && to.typmod === -1) return { rewrites: false, why: 'text → varchar without a length is binary-coercible' }
  if ((pair === 'timestamp->timestamptz' || pair === 'timestamptz->timestamp') && (to.typmod === -1 || (from.typmod !== -1 && to.typmod >= from.typmod))) {
    if (o.versionNum >= 120000 && UTC_ZONES.has(o.timeZone.toLowerCase())) {
      return { rewrites: false, why: `the session time zone is ${o.timeZone}: PostgreSQL 12+ changes only the catalog` }
    }
    return { rewrites: true, why: `the time zone (${o.timeZone}) shifts every value` }
  }
  return { rewrites: true, why: `${from.shown} → ${to.shown} converts every value` }
}
