import * as path from 'node:path'
import type { Check } from './check.js'
import { required } from './check.js'
import { ActionError } from '../errors.js'
import { scrub } from '../secrets.js'
import { readMigrationsFolder, assertPostgresProvider } from '../prisma/migrations-folder.js'
import { migrationsTableExists, readMigrationRows, userTables, MIGRATIONS_TABLE, type MigrationRow } from '../prisma/books.js'
import { compareMigrations } from '../prisma/compare.js'
import { resolveCommand } from '../prisma/cli.js'
import { shellCommand, shellWord } from '../shell-words.js'

/**
 * verify's migrations check: the local migrations folder against the books, stricter than Prisma: failed
 * rows, edited or missing applied migrations, a provider mismatch and an un-baselined schema all
 * fail, each naming the migration and the command to run next.
 */
export const migrations: Check = {
  name: 'migrations',
  async run(ctx) {
    const session = required(ctx.session, 'the database session')
    const target = required(ctx.target, 'the database URL')
    const folder = await readMigrationsFolder(ctx.inputs.migrationsDir, ctx.inputs.workspace)
    assertPostgresProvider(folder)
    ctx.folder = folder

    let rows: MigrationRow[] = []
    const hasTable = await migrationsTableExists(session, target.schema)
    if (hasTable) {
      rows = await readMigrationRows(session, target.schema).catch(err => {
        if ((err as { code?: string }).code !== '42501') throw err
        throw new ActionError(
          `Role '${target.user}' may not read ${target.schema}.${MIGRATIONS_TABLE}, so the applied migrations cannot be checked.`,
          `Connect as the role that owns the schema (the one that applies migrations), or GRANT SELECT ON ${session.escapeIdentifier(target.schema)}.${MIGRATIONS_TABLE} TO ${session.escapeIdentifier(target.user)};`
        )
      })
    } else {
      const tables = await userTables(session, target.schema, 6)
      if (tables.length > 0) {
        throw new ActionError(
          `Schema '${target.schema}' already has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) but no ${MIGRATIONS_TABLE} table: Prisma would refuse it (P3005) because nothing records which migrations made them.`,
          `Baseline the database once: check that the migrations describe the existing schema, then mark them applied without running them, e.g. \`${resolveCommand(ctx.inputs, 'applied', folder.migrations[0]?.name)}\` for each migration already reflected in the database (see Prisma's "Baselining a database" guide).`
        )
      }
    }

    const result = compareMigrations(folder.migrations, rows)
    const problems: string[] = []
    for (const row of result.failed) {
      const log = databaseError(row.logs)
      problems.push(
        `Migration '${row.migration_name}' failed (started ${startedAt(row)}) and is still marked failed${log ? `: ${log}` : ' (its row holds no logs)'}. ` +
          `Repair the database (undo what the migration left behind, or finish it), then run \`${resolveCommand(ctx.inputs, 'rolled-back', row.migration_name)}\` to retry it, ` +
          `or \`${resolveCommand(ctx.inputs, 'applied', row.migration_name)}\` if you completed it by hand.`
      )
    }
    for (const { migration, row } of result.edited) {
      const rel = path.relative(ctx.inputs.workspace, migration.sqlPath)
      problems.push(
        `Migration '${migration.name}' was edited after it was applied: ${rel} hashes to ${migration.checksum.slice(0, 12)}…, the database recorded ${(row.checksum ?? '').slice(0, 12)}…. ` +
          `Restore the applied version (\`${shellCommand(['git', 'log', '-p', '--', rel])}\` shows the change; \`git checkout <commit> -- ${shellWord(rel)}\`) and put the change in a new migration (\`npx prisma migrate dev --name <change>\`).`
      )
    }
    for (const { migration, row } of result.noChecksum) {
      const rel = path.relative(ctx.inputs.workspace, migration.sqlPath)
      const table = `${session.escapeIdentifier(target.schema)}.${MIGRATIONS_TABLE}`
      problems.push(
        `Migration '${migration.name}' is applied but its row in ${table} (id ${row.id}) has no checksum (${row.checksum === null ? 'NULL' : 'empty'}), so whether ${rel} was edited since cannot be checked (Prisma itself expects a checksum there). ` +
          `Confirm that ${rel} is the version that was applied (\`${shellCommand(['git', 'log', '-p', '--', rel])}\`), then record its checksum: UPDATE ${table} SET checksum = '${migration.checksum}' WHERE id = ${session.escapeLiteral(row.id)};`
      )
    }
    for (const row of result.missingLocally) {
      problems.push(
        `Migration '${row.migration_name}' is applied in the database but has no folder in ${path.relative(ctx.inputs.workspace, folder.dir) || '.'}: this checkout is behind or diverged from production. ` +
          'Deploy from a commit that contains it (restore the folder from git history), never by deleting its row.'
      )
    }
    if (problems.length > 0) {
      throw new ActionError(
        `The migrations do not match the database (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(p => `  - ${p}`).join('\n')}`,
        'Nothing was changed. Fix the problems above, then run verify again.'
      )
    }
    ctx.migrations = result
    const names = result.pending.map(m => m.name)
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, … (${names.length - 3} more)` : names.join(', ')
    return `${folder.migrations.length} local, ${result.applied.length} applied, ${result.pending.length} pending${names.length ? `: ${shown}` : ''}${hasTable ? '' : ` (no ${MIGRATIONS_TABLE} table yet)`}`
  }
}

function startedAt(row: MigrationRow): string {
  const at = row.started_at as unknown
  if (at instanceof Date && !Number.isNaN(at.getTime())) return at.toISOString()
  if (at === null || at === undefined) return 'at an unrecorded time'
  // A table made by hand may hold text or a number in the column instead of a timestamp.
  return typeof at === 'string' || typeof at === 'number' || at instanceof Date ? String(at) : JSON.stringify(at)
}

/**
 * The line of a failed row's `logs` that states the database's error. Prisma's text and the builtin
 * migrator's both start with headers ("A migration failed to apply…", "Migration name: …",
 * "Database error code: …") before the `Database error:` block, whose first line is the server's
 * `ERROR: …`; logs written by other tools may be just the message. The SQLSTATE is added when the
 * logs give one and the chosen line does not.
 */
export function databaseError(text: string | null): string {
  const lines = (text ?? '').split('\n').map(l => l.trim())
  const code = lines.map(l => /^Database error code:\s*(\S+)/i.exec(l)?.[1]).find(c => c !== undefined)
  const header = (l: string): boolean => l === '' || /^(Migration name:|Database error code:|Database error:$|A migration failed to apply\b)/i.test(l)
  const afterBlock = lines.findIndex(l => /^Database error:$/i.test(l))
  const line = lines.find(l => /^ERROR:\s/.test(l)) ?? (afterBlock >= 0 ? lines.slice(afterBlock + 1).find(l => l !== '') : undefined) ?? lines.find(l => !header(l)) ?? lines.find(l => l !== '') ?? ''
  // Scrubbed before it is shortened: a secret cut at the 300th character would match no form.
  const bare = scrub(line).replace(/[.\s]+$/, '')
  const withCode = code && !bare.includes(code) ? `${bare} (SQLSTATE ${code})` : bare
  return withCode.length > 300 ? `${withCode.slice(0, 300)}…` : withCode
}
