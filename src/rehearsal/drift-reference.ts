import type { Inputs } from '../inputs.js'
import { errorMessage, withoutFix } from '../errors.js'
import { MigrationFailedError } from '../migrators/builtin.js'
import { PrismaCliError } from '../migrators/prisma.js'
import { scrub } from '../secrets.js'
import { applyMigrations } from './migrations.js'
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
    const { migration, why } = firstFailure(err)
    return {
      object: MIGRATIONS_OBJECT,
      kind: 'not built from nothing',
      lines: [migration ? `${migration} fails from nothing` : 'they fail from nothing', why]
    }
  }
}

/** The failing migration's name and its error, from what the migrator reported. */
function firstFailure(err: unknown): { migration: string | undefined; why: string } {
  if (err instanceof MigrationFailedError) {
    const f = err.failure
    return { migration: f.name, why: `${f.code ? `SQLSTATE ${f.code}: ` : ''}${f.message.replace(/[.\s]*$/, '')}` }
  }
  if (err instanceof PrismaCliError) {
    const migration = /Migration name:\s*(\S+)/.exec(err.output)?.[1]
    const code = /Database error code:\s*([0-9A-Z]{5})\b/.exec(err.output)?.[1]
    const error = /\bERROR:\s*(.+)/.exec(err.output)?.[1]?.trim()
    return { migration, why: error ? `${code ? `SQLSTATE ${code}: ` : ''}${error}` : err.problem }
  }
  return { migration: undefined, why: scrub(err instanceof Error ? withoutFix(err) : errorMessage(err)) }
}
