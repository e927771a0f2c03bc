import { ActionError } from '../errors.js'
import { closeSession } from '../postgres/session.js'
import { sqlIdent } from '../postgres/sql-text.js'
import type { ThrowawayServer } from './throwaway-server.js'
import { localeOptions, localeError, databaseGrantStatements, type Twin } from './twin.js'

/** The database the migrations alone are applied to, for the drift comparison (see referenceName). */
const REFERENCE_DATABASE = 'db_deploy_action_reference'

/**
 * Where the throwaway server is administered from: never `postgres`, which may be production's own
 * name (the copy replaces the server's built-in `postgres`). Databases are created from template0,
 * which allows no connections, so this session never blocks a CREATE DATABASE.
 */
export const MAINTENANCE_DATABASE = 'template1'

/**
 * Creates `name` on the throwaway server, empty, from template0. The server's own `postgres`
 * database is dropped first when production has that name (the common case): the copy takes its
 * place. A template's name cannot be given to a copy. With `twin`: production's locale (a locale
 * the server cannot provide fails, naming what to install), owner and database privileges.
 */
export async function createDatabase(server: ThrowawayServer, name: string, twin?: Pick<Twin, 'locale' | 'owner' | 'databaseGrants'>): Promise<void> {
  const session = await server.session(MAINTENANCE_DATABASE, 'db-deploy-action rehearsal')
  try {
    const existing = await session.query<{ template: boolean }>('SELECT datistemplate AS template FROM pg_database WHERE datname = $1', [name])
    const row = existing.rows[0]
    if (row && (row.template || name === MAINTENANCE_DATABASE)) {
      throw new ActionError(
        `The backup is of a database named '${name}', the name of a template database every PostgreSQL server has: the rehearsal cannot restore a copy under it. Nothing was restored.`,
        "Rehearse a backup of the application's own database (a template database is not one), or turn the rehearsal off for this database."
      )
    }
    // Nobody else is on it; FORCE (PostgreSQL 13+) only spares waiting for a closed session's backend to exit.
    if (row) await session.query(`DROP DATABASE ${sqlIdent(name)}${server.binaries.major >= 13 ? ' WITH (FORCE)' : ''}`)
    const owner = twin?.owner ? ` OWNER ${sqlIdent(twin.owner)}` : ''
    try {
      await session.query(`CREATE DATABASE ${sqlIdent(name)} TEMPLATE template0${owner}${localeOptions(twin?.locale, server.binaries.major)}`)
    } catch (err) {
      if (twin?.locale && isLocaleError(err)) throw localeError(twin.locale, name, err)
      throw err
    }
    const grants = twin ? databaseGrantStatements(name, twin) : []
    if (grants.length > 0) await session.query(grants.join(';\n'))
  } finally {
    await closeSession(session)
  }
}

/** An error of CREATE DATABASE about its locale: an unknown locale name, one the encoding does not fit, no ICU. */
function isLocaleError(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  return /locale|collation|ICU|encoding/i.test(e.message ?? '') && ['42809', '22023', '0A000', '42704', 'XX000'].includes(e.code ?? '')
}

/** The drift reference's database: never production's own name. */
export function referenceName(database: string): string {
  return database === REFERENCE_DATABASE ? `${REFERENCE_DATABASE}_2` : REFERENCE_DATABASE
}
