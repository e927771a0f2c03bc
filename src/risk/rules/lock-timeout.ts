import { type Rule, existing } from '../context.js'
import { isEmpty } from '../live-facts.js'
import { quoteIdent, showTable } from '../types.js'

export const missingLockTimeout: Rule = {
  name: 'missing-lock-timeout',
  level: 'medium',
  why: 'A statement that needs ACCESS EXCLUSIVE on a busy table queues behind any long transaction, and every query on the table queues behind it: without lock_timeout, a short migration becomes an outage.',
  saferWay: "Start the migration with `SET lock_timeout = '5s';` (and retry on failure), or set it for the deploying role: `ALTER ROLE … SET lock_timeout = '5s'`.",
  empty: 'lock',
  groupFix(count, facts, migrator) {
    const role = quoteIdent(facts.role)
    return (
      `One fix for all ${count}: set lock_timeout once for the role that deploys — \`ALTER ROLE ${role} SET lock_timeout = '5s';\` (now: ${facts.lockTimeout.value}, ${facts.lockTimeout.source}) — so that every session of it, and every migration ${migrator === 'prisma' ? '`prisma migrate deploy` runs' : 'it runs'}, starts with it; ` +
      'or deploy with `migrator: builtin`, which sets lock_timeout on every statement and retries a file that hits it.'
    )
  },
  check(ctx) {
    if (ctx.migrator === 'builtin' || ctx.file.lockTimeoutSet || ctx.file.lockTimeoutReported) return []
    if (!['0', '0ms', '0s'].includes(ctx.facts.lockTimeout.value)) return []
    const busy = ctx.cls.locks
      .filter(l => l.mode === 'ACCESS EXCLUSIVE')
      .map(l => l.table)
      .filter(ref => {
        const live = existing(ctx, ref)
        return live !== undefined && (live.hasRows === true || live.scans > 0)
      })
    // The finding is about the busiest table: one with data first (an empty one makes it low).
    const first =
      busy.find(ref => {
        const live = existing(ctx, ref)
        return live !== undefined && !isEmpty(live)
      }) ?? busy[0]
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
