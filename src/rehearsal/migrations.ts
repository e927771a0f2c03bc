import type { Inputs } from '../inputs.js'
import { ActionError, errorMessage, withoutFix } from '../errors.js'
import { closeSession, type Session } from '../postgres/session.js'
import { readBooksRows, isApplied, isFailed, type MigrationRow } from '../prisma/books.js'
import { runBuiltinMigrator, MigrationFailedError } from '../migrators/builtin.js'
import { runPrismaMigrator, PrismaCliError } from '../migrators/prisma.js'
import { readMigrationsFolder } from '../prisma/migrations-folder.js'
import { resolveCommand } from '../prisma/cli.js'
import type { AppliedMigration } from '../migrators/types.js'
import { scrub } from '../secrets.js'
import type { ThrowawayServer } from './throwaway-server.js'
import { attributeSqlState, attributePrisma, describeCause, PRODUCTION_UNTOUCHED } from './failure-cause.js'

/**
 * Applies the pending migrations on the throwaway server's `database` with the configured migrator;
 * each timed, as `role` (the deploy role's stand-in) when given. A failure is attributed to its cause
 * (failure-cause.ts), each with its next step (unless `quiet`: the drift check's reference database
 * reports failures its own way).
 */
export async function applyMigrations(inputs: Inputs, server: ThrowawayServer, database: string, schema: string, quiet = false, role?: string): Promise<AppliedMigration[]> {
  // As the stand-in of production's deploy role when there is one: never as a superuser production's role is not.
  const target = server.target(database, schema, role)
  if (inputs.migrator === 'builtin') {
    try {
      const r = await runBuiltinMigrator({
        target,
        migrationsDir: inputs.migrationsDir,
        workspace: inputs.workspace,
        connectTimeoutMs: 10_000,
        lockTimeoutMs: inputs.lockTimeoutMs,
        resolveCommand: (how, name) => resolveCommand(inputs, how, name)
      })
      return r.applied
    } catch (err) {
      if (err instanceof MigrationFailedError && !quiet) throw rehearsalFailure(err)
      throw err
    }
  }
  await readMigrationsFolder(inputs.migrationsDir, inputs.workspace)
  const before = await bookIds(server, database, schema)
  try {
    await runPrismaMigrator({ ...inputs, target, generateClient: false })
  } catch (err) {
    if (quiet) throw err
    const failed = (await readBookRows(server, database, schema)).find(r => isFailed(r) && !before.has(r.id))
    throw prismaRehearsalFailure(err, failed)
  }
  return (await readBookRows(server, database, schema))
    .filter(r => isApplied(r) && !before.has(r.id))
    .map(r => ({ name: r.migration_name, durationMs: (r.finished_at as Date).getTime() - r.started_at.getTime() }))
}

/** The builtin migrator's failure on the copy, attributed from its SQLSTATE. */
function rehearsalFailure(err: MigrationFailedError): ActionError {
  const f = err.failure
  const cause = attributeSqlState(f.code, `${f.message}\n${f.detail ?? ''}`)
  const facts = [f.code ? `SQLSTATE ${f.code}` : '', f.constraint ? `constraint ${f.constraint}` : '', f.table ? `table ${f.table}` : ''].filter(Boolean).join(', ')
  return new ActionError(
    `The rehearsal failed: migration '${f.name}' fails on the restored copy of production${facts ? ` (${facts})` : ''}: ${f.message.replace(/[.\s]*$/, '')}.${f.detail ? ` ${f.detail}` : ''}` +
      `${err.appliedBefore.length > 0 ? ` ${err.appliedBefore.length} migration(s) before it applied to the copy.` : ''}\n${describeCause(cause)}\n${PRODUCTION_UNTOUCHED}`,
    cause.next
  )
}

/** The Prisma CLI's failure on the copy, attributed from the SQLSTATE it reports or its own error code. */
function prismaRehearsalFailure(err: unknown, failed: MigrationRow | undefined): ActionError {
  const logs = failed?.logs ? scrub(withoutTrace(failed.logs)) : undefined
  const cause = attributePrisma(err instanceof PrismaCliError ? err.output : scrub(errorMessage(err)), logs)
  const what = failed
    ? `migration '${failed.migration_name}' failed on the restored copy of production`
    : cause.cause === 'migrator'
      ? 'the Prisma CLI failed before any migration was applied to the copy'
      : 'prisma migrate deploy failed on the restored copy of production'
  return new ActionError(`The rehearsal failed: ${what}: ${scrub(withoutFix(err))}${logs ? `\n${logs}` : ''}\n${describeCause(cause)}\n${PRODUCTION_UNTOUCHED}`, cause.next)
}

/** Every row of the books of `database` on the throwaway server; none when it has no books. */
export async function readBookRows(server: ThrowawayServer, database: string, schema: string): Promise<MigrationRow[]> {
  let session: Session | undefined
  try {
    session = await server.session(database, 'db-deploy-action rehearsal')
    return await readBooksRows(session, schema)
  } finally {
    await closeSession(session)
  }
}

async function bookIds(server: ThrowawayServer, database: string, schema: string): Promise<Set<string>> {
  return new Set((await readBookRows(server, database, schema)).map(r => r.id))
}

/** Prisma's logs for a failed migration without the engine's stack trace (the `   0: …` frames). */
function withoutTrace(logs: string): string {
  const lines = logs.split('\n')
  const at = lines.findIndex(l => /^\s+\d+: /.test(l))
  return (at >= 0 ? lines.slice(0, at) : lines).join('\n').trim()
}
