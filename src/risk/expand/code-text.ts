/** The text of code run indirectly: a DO block as a function to parse, the constant SQL string EXECUTE is given. */
import { parseNested } from '../parse.js'
import { stringList } from '../context.js'
import type { PgNode } from '../types.js'

/** A DO block's body as the PL/pgSQL parser takes it: the body of a function returning void. */
export function doBlockAsFunction(body: string): string {
  let tag = '$do$'
  for (let i = 0; body.includes(tag); i++) tag = `$do${i}$`
  return `CREATE FUNCTION pg_temp.do_block() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`
}

/** The value of a constant string expression: a literal, or literals joined with `||`. */
export function constantString(expr: string): string | undefined {
  const parsed = parseNested(`SELECT ${expr}`)
  if ('error' in parsed || parsed.statements.length !== 1) return undefined
  const target = parsed.statements[0]?.SelectStmt?.targetList
  if (!Array.isArray(target) || target.length !== 1) return undefined
  const value = (e: PgNode): string | undefined => {
    if (e?.A_Const?.sval !== undefined) return String(e.A_Const.sval.sval ?? '')
    if (e?.TypeCast) return value(e.TypeCast.arg)
    if (e?.A_Expr?.kind === 'AEXPR_OP' && stringList(e.A_Expr.name).join() === '||') {
      const l = value(e.A_Expr.lexpr)
      const r = value(e.A_Expr.rexpr)
      return l !== undefined && r !== undefined ? l + r : undefined
    }
    return undefined
  }
  return value(target[0]?.ResTarget?.val)
}
