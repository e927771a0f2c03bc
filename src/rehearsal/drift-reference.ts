import type { Inputs } from '../inputs.js'
import { errorMessage, withoutFix } from '../errors.js'
import { MigrationFailedError } from '../migrators/builtin.js'
import { PrismaCliError } from '../migrators/prisma.js'
import { scrub } from '../secrets.js'
import { applyMigrations, readBookRows } from './migrations.js'
import { isFailed } from '../prisma/books.js'
import type { DriftItem } from './schema-drift.js'
import type { ThrowawayServer } from './throwaway-server.js'

/** The object a `not built from nothing` drift item is listed under. */
export const MIGRATIONS_OBJECT = 'MIGRATIONS'

/**
 * The drift check's reference: every migration applied to the empty database `reference` on the
 * throwaway server. Migrations that cannot build the schema from nothing (one alters a table that
 * was made by hand in production, say) are drift themselves: the returned item names the first
 * migration that fails from nothing and why, and the comparison is not made. Undefined when the
 * reference was built.
 */
export async function buildReference(inputs: Inputs, server: ThrowawayServer, reference: string, schema: string): Promise<DriftItem | undefined> {
  try {
    await applyMigrations(inputs, server, reference, schema, true)
    return undefined
  } catch (err) {
    const { migration, why } = await firstFailure(err, server, reference, schema)
    return {
      object: MIGRATIONS_OBJECT,
      kind: 'not built from nothing',
      lines: [migration ? `${migration} fails from nothing` : 'they fail from nothing', why]
    }
  }
}

/**
 * The failing migration's name and its error, from what the migrator reported; for the Prisma CLI,
 * from the failed row it left in the reference's books when its output does not say.
 */
async function firstFailure(err: unknown, server: ThrowawayServer, reference: string, schema: string): Promise<{ migration: string | undefined; why: string }> {
  if (err instanceof MigrationFailedError) {
    const f = err.failure
    return { migration: f.name, why: `${f.code ? `SQLSTATE ${f.code}: ` : ''}${f.message.replace(/[.\s]*$/, '')}` }
  }
  if (err instanceof PrismaCliError) {
    const failed = (await readBookRows(server, reference, schema).catch(() => [])).find(isFailed)
    const logs = scrub(failed?.logs ?? '')
    const text = `${err.output}\n${logs}`
    const migration = failed?.migration_name ?? /Migration name:\s*(\S+)/.exec(text)?.[1]
    const code = /Database error code:\s*([0-9A-Z]{5})\b/.exec(text)?.[1]
    const error =
      /\bERROR:\s*(.+)/.exec(text)?.[1]?.trim() ??
      logs
        .split('\n')
        .map(l => l.trim())
        .filter(l => l !== '' && !/^Migration name:/.test(l) && !/^\d+: /.test(l))
        .slice(0, 2)
        .join(': ')
    return { migration, why: error ? `${code ? `SQLSTATE ${code}: ` : ''}${error}` : err.problem }
  }
  return { migration: undefined, why: scrub(err instanceof Error ? withoutFix(err) : errorMessage(err)) }
}
