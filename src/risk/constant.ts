import type { PgNode } from './types.js'

/**
 * Whether a WHERE clause is true for every row whatever the row holds: `true`, `1 = 1`,
 * `'a' = 'a'`, `NOT false`, `x IS NOT NULL` on a NOT NULL column, and AND/OR/NOT of those.
 * Anything the evaluation does not know is "unknown", never true: a WHERE is judged constant-true
 * only when it provably is. Three-valued logic as in SQL (NULL is unknown; `WHERE NULL` filters all).
 */
export function isConstantTrue(expr: PgNode, notNullColumn: (name: string) => boolean): boolean {
  return evaluate(expr, notNullColumn) === true
}

type Value = boolean | number | string | null | undefined // undefined: not a constant

function evaluate(e: PgNode, notNull: (name: string) => boolean): Value {
  if (e === null || typeof e !== 'object') return undefined
  if (e.A_Const) return constant(e.A_Const)
  if (e.TypeCast) {
    const v = evaluate(e.TypeCast.arg, notNull)
    const type = String(((e.TypeCast.typeName?.names ?? []) as PgNode[]).at(-1)?.String?.sval ?? '')
    if (type === 'bool' && typeof v === 'string') {
      const t = v.trim().toLowerCase()
      if (['t', 'true', 'y', 'yes', 'on', '1'].includes(t)) return true
      if (['f', 'false', 'n', 'no', 'off', '0'].includes(t)) return false
      return undefined
    }
    if (['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].includes(type) && (typeof v === 'string' || typeof v === 'number')) {
      const x = Number(v)
      return Number.isFinite(x) ? x : undefined
    }
    if (['text', 'varchar'].includes(type) && typeof v === 'string') return v
    return v === null ? null : undefined
  }
  if (e.BoolExpr) {
    const args = ((e.BoolExpr.args ?? []) as PgNode[]).map(a => evaluate(a, notNull))
    const bools = args.map(a => (typeof a === 'boolean' || a === null ? a : undefined))
    switch (e.BoolExpr.boolop) {
      case 'NOT_EXPR': {
        const a = bools[0]
        return a === undefined ? undefined : a === null ? null : !a
      }
      case 'AND_EXPR':
        if (bools.some(b => b === false)) return false
        if (bools.every(b => b === true)) return true
        return undefined
      case 'OR_EXPR':
        if (bools.some(b => b === true)) return true
        if (bools.every(b => b === false)) return false
        return undefined
      default:
        return undefined
    }
  }
  if (e.NullTest) {
    const column = columnName(e.NullTest.arg)
    if (column !== undefined && notNull(column)) return e.NullTest.nulltesttype === 'IS_NOT_NULL'
    const v = evaluate(e.NullTest.arg, notNull)
    if (v === undefined) return undefined
    return e.NullTest.nulltesttype === 'IS_NULL' ? v === null : v !== null
  }
  if (e.BooleanTest) {
    const v = evaluate(e.BooleanTest.arg, notNull)
    if (v !== null && typeof v !== 'boolean') return undefined
    switch (e.BooleanTest.booltesttype) {
      case 'IS_TRUE':
        return v === true
      case 'IS_NOT_TRUE':
        return v !== true
      case 'IS_FALSE':
        return v === false
      case 'IS_NOT_FALSE':
        return v !== false
      case 'IS_UNKNOWN':
        return v === null
      case 'IS_NOT_UNKNOWN':
        return v !== null
      default:
        return undefined
    }
  }
  if (e.A_Expr && e.A_Expr.kind === 'AEXPR_OP') {
    const op = String(((e.A_Expr.name ?? []) as PgNode[]).at(-1)?.String?.sval ?? '')
    const l = evaluate(e.A_Expr.lexpr, notNull)
    const r = evaluate(e.A_Expr.rexpr, notNull)
    if (l === undefined || r === undefined) return undefined
    if (l === null || r === null) return null
    if (typeof l !== typeof r) return undefined
    switch (op) {
      case '=':
        return l === r
      case '<>':
      case '!=':
        return l !== r
    }
    // Ordering only for numbers and booleans: text order depends on the collation.
    if (typeof l === 'string') return undefined
    switch (op) {
      case '<':
        return l < r
      case '<=':
        return l <= r
      case '>':
        return l > r
      case '>=':
        return l >= r
      default:
        return undefined
    }
  }
  return undefined
}

function constant(c: PgNode): Value {
  if (c.isnull) return null
  if (c.boolval !== undefined) return c.boolval.boolval === true
  if (c.ival !== undefined) return Number(c.ival.ival ?? 0)
  if (c.fval !== undefined) {
    const x = Number(c.fval.fval)
    return Number.isFinite(x) ? x : undefined
  }
  if (c.sval !== undefined) return String(c.sval.sval ?? '')
  return undefined
}

function columnName(e: PgNode): string | undefined {
  const fields = (e?.ColumnRef?.fields ?? []) as PgNode[]
  const last = fields.at(-1)?.String?.sval
  return typeof last === 'string' ? last : undefined
}
