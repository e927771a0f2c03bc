import type { Inputs } from '../inputs.js'
import { ActionError, withoutFix } from '../errors.js'
import { closeSession, type Session } from '../postgres/session.js'
import { migrationsTableExists, readMigrationRows, isApplied, isFailed, type MigrationRow } from '../prisma/books.js'
import { runBuiltinMigrator, MigrationFailedError } from '../migrators/builtin.js'
import { runPrismaMigrator } from '../migrators/prisma.js'
import { readMigrationsFolder } from '../prisma/migrations-folder.js'
import { resolveCommand } from '../prisma/cli.js'
import type { AppliedMigration } from '../migrators/types.js'
import { scrub } from '../secrets.js'
import type { ThrowawayServer } from './throwaway-server.js'

/**
 * Applies the pending migrations on the throwaway server's `database` with the configured migrator;
 * each timed, as `role` (the deploy role's stand-in) when given. A migration that fails on production's data fails with what to fix (unless `quiet`:
 * the drift check's reference database reports failures its own way).
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
    await runPrismaMigrator({
      workingDirectory: inputs.workingDirectory,
      workspace: inputs.workspace,
      schemaPath: inputs.schemaPath,
      migrationsDir: inputs.migrationsDir,
      target,
      generateClient: false
    })
  } catch (err) {
    if (quiet) throw err
    const failed = (await readBookRows(server, database, schema)).find(r => isFailed(r) && !before.has(r.id))
    throw new ActionError(
      `The rehearsal failed: ${failed ? `migration '${failed.migration_name}' failed on the restored copy of production` : 'prisma migrate deploy failed on the restored copy of production'}: ${scrub(withoutFix(err))}${failed?.logs ? `\n${scrub(withoutTrace(failed.logs))}` : ''}\nProduction was not touched: the migrations ran on a throwaway copy restored from the backup.`,
      'The migration fails on production\'s data: fix the data (e.g. remove duplicates, fill NULLs, delete orphans) in a migration before it, or change the migration; then run the pipeline again.'
    )
  }
  return (await readBookRows(server, database, schema))
    .filter(r => isApplied(r) && !before.has(r.id))
    .map(r => ({ name: r.migration_name, durationMs: (r.finished_at as Date).getTime() - r.started_at.getTime() }))
}

/** The builtin migrator's failure on the copy, with the data fix its SQLSTATE points to. */
function rehearsalFailure(err: MigrationFailedError): ActionError {
  const f = err.failure
  const facts = [f.code ? `SQLSTATE ${f.code}` : '', f.constraint ? `constraint ${f.constraint}` : '', f.table ? `table ${f.table}` : ''].filter(Boolean).join(', ')
  const hint: Record<string, string> = {
    '23505': 'rows in production duplicate the key the migration makes unique: remove or merge the duplicates in a migration before it',
    '23502': 'rows in production hold NULL where the migration requires a value: fill them (UPDATE … SET … WHERE … IS NULL), or add the column with a DEFAULT',
    '23503': 'rows in production reference rows that do not exist: delete or fix the orphans in a migration before it',
    '23514': 'rows in production violate the new CHECK constraint: fix them in a migration before it'
  }
  return new ActionError(
    `The rehearsal failed: migration '${f.name}' fails on the restored copy of production${facts ? ` (${facts})` : ''}: ${f.message.replace(/[.\s]*$/, '')}.${f.detail ? ` ${f.detail}` : ''}` +
      `${err.appliedBefore.length > 0 ? ` ${err.appliedBefore.length} migration(s) before it applied to the copy.` : ''}\nProduction was not touched: the migrations ran on a throwaway copy restored from the backup.`,
    `${f.code && hint[f.code] ? `The migration fails on production's data: ${hint[f.code]}` : 'Fix the migration'}; then run the pipeline again (verify, backup, rehearse).`
  )
}

/** Every row of the books of `database` on the throwaway server; none when it has no books. */
async function readBookRows(server: ThrowawayServer, database: string, schema: string): Promise<MigrationRow[]> {
  let session: Session | undefined
  try {
    session = await server.session(database, 'db-deploy-action rehearsal')
    return (await migrationsTableExists(session, schema)) ? await readMigrationRows(session, schema) : []
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
