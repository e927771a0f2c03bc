import { type Rule, existing } from '../context.js'
import { showTable } from '../types.js'

export const missingLockTimeout: Rule = {
  name: 'missing-lock-timeout',
  level: 'medium',
  why: 'A statement that needs ACCESS EXCLUSIVE on a busy table queues behind any long transaction, and every query on the table queues behind it: without lock_timeout, a short migration becomes an outage.',
  saferWay: "Start the migration with `SET lock_timeout = '5s';` (and retry on failure), or set it for the deploying role: `ALTER ROLE … SET lock_timeout = '5s'`.",
  check(ctx) {
    if (ctx.migrator === 'builtin' || ctx.file.lockTimeoutSet || ctx.file.lockTimeoutReported) return []
    if (!['0', '0ms', '0s'].includes(ctx.facts.lockTimeout.value)) return []
    const busy = ctx.cls.locks.filter(l => l.mode === 'ACCESS EXCLUSIVE').map(l => l.table).filter(ref => {
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
