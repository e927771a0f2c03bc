import { type Rule, existing, tableOf } from '../context.js'

const SEPARATE = 'Prisma runs a file in one transaction, and one holding a single statement outside any'

export const indexNotConcurrent: Rule = {
  name: 'index-not-concurrent',
  level: 'medium',
  why: 'CREATE INDEX takes a SHARE lock: every INSERT, UPDATE and DELETE on the table waits until the whole table is read and the index built.',
  saferWay: `Create the index with \`CREATE INDEX CONCURRENTLY\`, alone in its own migration (${SEPARATE}).`,
  check(ctx) {
    if (ctx.stmt.kind !== 'IndexStmt' || ctx.stmt.node.concurrent) return []
    const ref = tableOf(ctx.stmt.node.relation, ctx.schema)
    if (!existing(ctx, ref)) return []
    return [
      {
        table: ref,
        message: `CREATE ${ctx.stmt.node.unique ? 'UNIQUE ' : ''}INDEX takes a SHARE lock on the table: writes wait while the whole table is read and the index built, and the lock is held to the end of the migration.`,
        saferWay: this.saferWay
      }
    ]
  }
}

export const concurrentlyInTransaction: Rule = {
  name: 'concurrently-in-transaction',
  level: 'high',
  why: 'CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block; in a file with other statements the migration fails.',
  saferWay: `Put the CONCURRENTLY statement alone in its own migration file (${SEPARATE}).`,
  check(ctx) {
    const concurrent =
      (ctx.stmt.kind === 'IndexStmt' && ctx.stmt.node.concurrent) ||
      (ctx.stmt.kind === 'DropStmt' && ctx.stmt.node.concurrent) ||
      (ctx.stmt.kind === 'ReindexStmt' && JSON.stringify(ctx.stmt.node.params ?? []).includes('"concurrently"'))
    if (!concurrent || ctx.file.parsed.statements.length <= 1) return []
    return [
      {
        message: `A CONCURRENTLY statement in a file of ${ctx.file.parsed.statements.length} statements: the file runs as one transaction, and PostgreSQL refuses CONCURRENTLY inside one, so the migration fails.`,
        saferWay: this.saferWay
      }
    ]
  }
}
