import { type Rule, existing, tableOf } from '../context.js'

const SEPARATE = 'Prisma runs a file in one transaction, and one holding a single statement outside any'

export const indexNotConcurrent: Rule = {
  name: 'index-not-concurrent',
  level: 'medium',
  why: 'CREATE INDEX takes a SHARE lock: every INSERT, UPDATE and DELETE on the table waits until the whole table is read and the index built.',
  saferWay: `Create the index with \`CREATE INDEX CONCURRENTLY\`, alone in its own migration (${SEPARATE}).`,
  empty: 'lock',
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
  why: 'CREATE/DROP/REINDEX … CONCURRENTLY, VACUUM, CREATE/DROP DATABASE or TABLESPACE, ALTER SYSTEM, DETACH PARTITION … CONCURRENTLY and the other commands PostgreSQL refuses inside a transaction block: in a file with other statements (one transaction), or inside a DO block or function, the migration fails.',
  saferWay: `Put the statement alone in its own migration file (${SEPARATE}).`,
  check(ctx) {
    const why = ctx.cls.noTransaction
    if (why === undefined) return []
    if (ctx.via !== undefined) {
      return [{ message: `${why} cannot run inside a transaction block, nor from a function or DO block: the migration fails here.`, saferWay: this.saferWay }]
    }
    if (ctx.file.parsed.statements.length <= 1) return []
    return [
      {
        message: `${why} in a file of ${ctx.file.parsed.statements.length} statements: the file runs as one transaction, and PostgreSQL refuses ${why} inside one, so the migration fails.`,
        saferWay: this.saferWay
      }
    ]
  }
}
