import type { Session } from '../postgres/session.js'
import type { DatabaseTarget } from '../postgres/target.js'
import { ActionError } from '../errors.js'
import { MIGRATIONS_TABLE } from '../prisma/books.js'

/**
 * What deploy will need from the server, read without writing (for verify's schema check): verify's
 * own session is read-only by its startup options, so the setting a deploy session would get is read
 * from where the server takes it — pg_db_role_setting (ALTER ROLE / ALTER DATABASE) and, when this
 * role may read it, pg_file_settings (postgresql.conf, ALTER SYSTEM) — never from this session.
 */

/** PostgreSQL's boolean spellings: on/off, true/false, yes/no, 1/0 and unique prefixes. */
export function pgBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase()
  if (v === '') return undefined
  if (v === 'on' || v === '1' || 'true'.startsWith(v) || 'yes'.startsWith(v)) return true
  if (v === 'off' || v === '0' || 'false'.startsWith(v) || 'no'.startsWith(v)) return false
  return undefined
}

interface ReadOnlySource {
  value: boolean
  /** Where it is set, in words. */
  where: string
  /** The statement that turns it off. */
  fix: string
}

/**
 * The `default_transaction_read_only` a new session of this role on this database starts with, and
 * where it comes from, in the server's order: role in database, role, database, all roles, file.
 */
export async function defaultReadOnlyForNewSessions(session: Session, target: DatabaseTarget): Promise<ReadOnlySource | undefined> {
  const res = await session.query<{ level: string; config: string }>(
    `SELECT CASE WHEN s.setdatabase <> 0 AND s.setrole <> 0 THEN 'role-in-database'
                 WHEN s.setrole <> 0 THEN 'role'
                 WHEN s.setdatabase <> 0 THEN 'database'
                 ELSE 'all' END AS level,
            c.config
       FROM pg_db_role_setting s
       CROSS JOIN LATERAL unnest(s.setconfig) AS c(config)
      WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
        AND s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = session_user))
        AND lower(c.config) LIKE 'default_transaction_read_only=%'`
  )
  const who = session.escapeIdentifier(await sessionUser(session))
  const db = session.escapeIdentifier(target.database)
  const levels: Record<string, { where: string; fix: string }> = {
    'role-in-database': { where: `for role ${who} in database ${db} (ALTER ROLE … IN DATABASE …)`, fix: `ALTER ROLE ${who} IN DATABASE ${db} RESET default_transaction_read_only;` },
    role: { where: `for role ${who} (ALTER ROLE … SET)`, fix: `ALTER ROLE ${who} RESET default_transaction_read_only;` },
    database: { where: `for database ${db} (ALTER DATABASE … SET)`, fix: `ALTER DATABASE ${db} RESET default_transaction_read_only;` },
    all: { where: 'for all roles (ALTER ROLE ALL SET)', fix: 'ALTER ROLE ALL RESET default_transaction_read_only;' }
  }
  for (const level of ['role-in-database', 'role', 'database', 'all']) {
    const row = res.rows.find(r => r.level === level)
    if (!row) continue
    const value = pgBoolean(row.config.slice(row.config.indexOf('=') + 1))
    if (value === undefined) continue
    return { value, ...levels[level] }
  }
  // postgresql.conf and ALTER SYSTEM: visible to superusers and pg_read_all_settings members only.
  const file = await session
    .query<{ setting: string; sourcefile: string }>(
      `SELECT setting, sourcefile FROM pg_file_settings
        WHERE name = 'default_transaction_read_only' AND applied ORDER BY seqno DESC LIMIT 1`
    )
    .catch(err => {
      if ((err as { code?: string }).code === '42501') return undefined
      throw err
    })
  const row = file?.rows[0]
  if (row) {
    const value = pgBoolean(row.setting)
    if (value !== undefined) {
      return {
        value,
        where: `in the server's configuration (${row.sourcefile.endsWith('postgresql.auto.conf') ? 'ALTER SYSTEM' : row.sourcefile})`,
        fix: 'ALTER SYSTEM SET default_transaction_read_only = off; SELECT pg_reload_conf(); (or remove it from postgresql.conf and reload)'
      }
    }
  }
  return undefined
}

async function sessionUser(session: Session): Promise<string> {
  const res = await session.query<{ who: string }>('SELECT session_user AS who')
  return res.rows[0]?.who ?? ''
}

/**
 * Throws when deploy would be refused writing: a read-only default for new sessions, or missing
 * privileges on the books (when they exist). Returns what it found, for the check's line.
 */
export async function assertDeployCanWrite(session: Session, target: DatabaseTarget, hasBooks: boolean): Promise<string[]> {
  const parts: string[] = []
  const readOnly = await defaultReadOnlyForNewSessions(session, target)
  if (readOnly?.value) {
    throw new ActionError(
      `default_transaction_read_only is on ${readOnly.where}: every deploy session would start read-only, and its first write would fail ("cannot execute … in a read-only transaction").`,
      `If the database is meant to take migrations, have an administrator run: ${readOnly.fix} If it was made read-only on purpose (maintenance, a frozen copy), deploy elsewhere.`
    )
  }
  parts.push('new sessions read-write')

  if (hasBooks) {
    const table = `${session.escapeIdentifier(target.schema)}.${session.escapeIdentifier(MIGRATIONS_TABLE)}`
    const res = await session.query<{ who: string; select: boolean; insert: boolean; update: boolean }>(
      // current_user: the role a deploy session acts as (the same as here: role settings such as
      // `SET role` apply to both), with the privileges of the roles it inherits from.
      `SELECT current_user AS who,
              has_table_privilege(current_user, $1, 'SELECT') AS select,
              has_table_privilege(current_user, $1, 'INSERT') AS insert,
              has_table_privilege(current_user, $1, 'UPDATE') AS update`,
      [table]
    )
    const row = res.rows[0]
    const missing = (['select', 'insert', 'update'] as const).filter(p => !row?.[p]).map(p => p.toUpperCase())
    if (missing.length > 0) {
      const who = session.escapeIdentifier(row?.who ?? target.user)
      throw new ActionError(
        `Role ${who} lacks ${missing.join(' and ')} on ${table}: deploy records each migration there (INSERT when it starts, UPDATE when it finishes), so it would fail before the first migration is recorded.`,
        `Connect as the role that owns the schema (the one that applies migrations), or have an administrator run: GRANT ${missing.join(', ')} ON ${table} TO ${who};`
      )
    }
    parts.push(`${MIGRATIONS_TABLE} writable`)
  }
  return parts
}
