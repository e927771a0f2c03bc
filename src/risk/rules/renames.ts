import { type Rule, existing, tableOf } from '../context.js'

function renameRule(name: string, type: 'OBJECT_TABLE' | 'OBJECT_COLUMN', what: string): Rule {
  return {
    name,
    level: 'high',
    why: `Renaming a ${what} in use breaks the running release at once: its queries name the old ${what} until the new release is deployed.`,
    saferWay: `Expand and contract: add the new ${what === 'table' ? 'table (or a view under the new name)' : 'column, write both, backfill'}, switch the application, then drop the old one in a later migration; or map the old name in the Prisma schema (@@map / @map) instead of renaming.`,
    check(ctx) {
      if (ctx.stmt.kind !== 'RenameStmt' || ctx.stmt.node.renameType !== type) return []
      const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
      const live = existing(ctx, ref)
      if (!live) return []
      const inUse = live.hasRows !== false || live.scans > 0
      const subject = type === 'OBJECT_COLUMN' ? `column ${ctx.stmt.node.subname}` : 'table'
      return [
        {
          table: ref,
          level: inUse ? 'high' : 'low',
          message: inUse
            ? `RENAME of the ${subject} to ${ctx.stmt.node.newname} (ACCESS EXCLUSIVE): the table is in use (${live.hasRows ? 'it has rows' : `${live.scans} scans recorded`}), and the running release's queries fail until the new release is out.`
            : `RENAME of the ${subject} to ${ctx.stmt.node.newname}: the table is empty and unused so far.`,
          saferWay: this.saferWay
        }
      ]
    }
  }
}

export const renameTable = renameRule('rename-table', 'OBJECT_TABLE', 'table')
export const renameColumn = renameRule('rename-column', 'OBJECT_COLUMN', 'column')
