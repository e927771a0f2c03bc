import { type Rule, alterCommands, existing, tableOf, stringList } from '../context.js'
import type { PgNode, TableRef } from '../types.js'
import { showTable } from '../types.js'

/** Tables a statement locks ACCESS EXCLUSIVE (PostgreSQL's lock table for each command). */
export function accessExclusiveTables(kind: string, node: PgNode, schema: string): TableRef[] {
  switch (kind) {
    case 'AlterTableStmt': {
      const weaker = (cmd: PgNode): boolean =>
        cmd.subtype === 'AT_ValidateConstraint' ||
        (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.contype === 'CONSTR_FOREIGN') ||
        ['AT_SetStatistics', 'AT_ClusterOn', 'AT_DropCluster', 'AT_SetRelOptions', 'AT_ResetRelOptions', 'AT_EnableTrig', 'AT_DisableTrig'].includes(cmd.subtype)
      const cmds = alterCommands({ kind, node } as never)
      return cmds.length > 0 && cmds.some(c => !weaker(c)) ? [tableOf(node.relation, schema)] : []
    }
    case 'RenameStmt':
      return node.relation ? [tableOf(node.relation, schema)] : []
    case 'TruncateStmt':
      return ((node.relations ?? []) as PgNode[]).map(r => tableOf(r.RangeVar, schema))
    case 'DropStmt':
      if (node.removeType !== 'OBJECT_TABLE') return []
      return ((node.objects ?? []) as PgNode[]).map(o => {
        const n = stringList(o.List?.items)
        return n.length > 1 ? { schema: n[0] as string, name: n[1] as string } : { schema, name: n[0] as string }
      })
    default:
      return []
  }
}

export const missingLockTimeout: Rule = {
  name: 'missing-lock-timeout',
  level: 'medium',
  why: 'A statement that needs ACCESS EXCLUSIVE on a busy table queues behind any long transaction, and every query on the table queues behind it: without lock_timeout, a short migration becomes an outage.',
  saferWay: "Start the migration with `SET lock_timeout = '5s';` (and retry on failure), or set it for the deploying role: `ALTER ROLE … SET lock_timeout = '5s'`.",
  check(ctx) {
    if (ctx.migrator === 'builtin' || ctx.file.lockTimeoutSet || ctx.file.lockTimeoutReported) return []
    if (!['0', '0ms', '0s'].includes(ctx.facts.lockTimeout.value)) return []
    const busy = accessExclusiveTables(ctx.stmt.kind, ctx.stmt.node, ctx.schema).filter(ref => {
      const live = existing(ctx, ref)
      return live !== undefined && (live.hasRows === true || live.scans > 0)
    })
    const first = busy[0]
    if (!first) return []
    ctx.file.lockTimeoutReported = true
    return [
      {
        table: first,
        message: `This statement waits for ACCESS EXCLUSIVE on ${busy.map(showTable).join(', ')}, a table in use, with no lock_timeout (${ctx.facts.lockTimeout.source}: ${ctx.facts.lockTimeout.value}, and none set in the file before it): while it waits, every query on the table waits behind it.`,
        saferWay: this.saferWay
      }
    ]
  }
}
