import { ActionError } from '../errors.js'
import type { Session } from '../postgres/session.js'

/**
 * The database-level properties a restored copy must share with the database it replaces: what
 * CREATE DATABASE fixes (encoding, collation, ctype, locale provider) and what pg_restore does not
 * carry (the owner, per-database and per-role settings, privileges, connection limit, comment).
 */
export interface DatabaseProperties {
  oid: number
  owner: string
  encoding: string
  collate: string
  ctype: string
  /** `c` libc, `i` ICU, `b` builtin; and the ICU/builtin locale when not libc. */
  localeProvider: string
  locale: string | null
  connectionLimit: number
  comment: string | null
  /** null: the default privileges (no explicit grant or revoke ever made). */
  acl: { grantee: string | null; privilege: string; grantable: boolean }[] | null
  settings: { role: string | null; config: string[] }[]
}

export async function readProperties(session: Session, database: string): Promise<DatabaseProperties> {
  const r = await session.query<{
    oid: number
    owner: string
    encoding: string
    raw: Record<string, unknown>
    comment: string | null
    acl: { grantee: string | null; privilege: string; grantable: boolean }[] | null
    settings: { role: string | null; config: string[] }[]
  }>(
    `SELECT d.oid::int AS oid, pg_get_userbyid(d.datdba) AS owner, pg_encoding_to_char(d.encoding) AS encoding, to_jsonb(d) AS raw,
            shobj_description(d.oid, 'pg_database') AS comment,
            CASE WHEN d.datacl IS NULL THEN NULL ELSE
              (SELECT coalesce(json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,
                                                          'privilege', a.privilege_type, 'grantable', a.is_grantable)
                                        ORDER BY a.grantee, a.privilege_type), '[]') FROM aclexplode(d.datacl) a) END AS acl,
            (SELECT coalesce(json_agg(json_build_object('role', CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END, 'config', s.setconfig)
                                      ORDER BY s.setrole), '[]') FROM pg_db_role_setting s WHERE s.setdatabase = d.oid) AS settings
       FROM pg_database d WHERE d.datname = $1`,
    [database]
  )
  const row = r.rows[0]
  if (!row) throw new ActionError(`Database '${database}' was not found in pg_database.`, 'Check the database URL.')
  const raw = row.raw
  const provider = typeof raw.datlocprovider === 'string' ? raw.datlocprovider : 'c'
  const locale = (raw.datlocale ?? raw.daticulocale ?? null) as string | null
  return {
    oid: row.oid,
    owner: row.owner,
    encoding: row.encoding,
    collate: String(raw.datcollate),
    ctype: String(raw.datctype),
    localeProvider: provider,
    locale,
    connectionLimit: Number(raw.datconnlimit),
    comment: row.comment,
    acl: row.acl,
    settings: row.settings.map(s => ({ role: s.role, config: [...s.config].sort() }))
  }
}

/** Creates database `name`, empty (from template0), with the encoding, collation, ctype and locale of `props`. */
export async function createDatabaseLike(session: Session, name: string, props: DatabaseProperties): Promise<void> {
  const locale =
    props.localeProvider === 'i' && props.locale
      ? ` LOCALE_PROVIDER icu ICU_LOCALE ${session.escapeLiteral(props.locale)}`
      : props.localeProvider === 'b' && props.locale
        ? ` LOCALE_PROVIDER builtin BUILTIN_LOCALE ${session.escapeLiteral(props.locale)}`
        : ''
  await session.query(
    `CREATE DATABASE ${session.escapeIdentifier(name)} TEMPLATE template0 ENCODING ${session.escapeLiteral(props.encoding)} LC_COLLATE ${session.escapeLiteral(props.collate)} LC_CTYPE ${session.escapeLiteral(props.ctype)}${locale}`
  )
}

// Settings whose value is a list, stored with each element quoted as needed (as pg_dump treats them).
const LIST_SETTINGS = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'shared_preload_libraries', 'local_preload_libraries', 'unix_socket_directories'])

/** `name=value` of pg_db_role_setting as the value part of `SET name TO …`. */
function settingValue(session: Session, name: string, value: string): string {
  if (!LIST_SETTINGS.has(name.toLowerCase())) return session.escapeLiteral(value)
  const items: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < value.length; i++) {
    const c = value[i]
    if (c === '"') {
      if (quoted && value[i + 1] === '"') {
        current += '"'
        i++
      } else quoted = !quoted
    } else if (c === ',' && !quoted) {
      items.push(current.trim())
      current = ''
    } else current += c
  }
  items.push(current.trim())
  return items.map(i => session.escapeLiteral(i)).join(', ')
}

/** Gives database `name` the owner, settings, privileges, connection limit and comment of `props`. */
export async function applyProperties(session: Session, name: string, props: DatabaseProperties): Promise<void> {
  const db = session.escapeIdentifier(name)
  await session.query(`ALTER DATABASE ${db} OWNER TO ${session.escapeIdentifier(props.owner)}`)
  for (const group of props.settings) {
    for (const entry of group.config) {
      const at = entry.indexOf('=')
      const key = entry.slice(0, at)
      const value = entry.slice(at + 1)
      const set = `SET ${session.escapeIdentifier(key)} TO ${settingValue(session, key, value)}`
      await session.query(group.role ? `ALTER ROLE ${session.escapeIdentifier(group.role)} IN DATABASE ${db} ${set}` : `ALTER DATABASE ${db} ${set}`)
    }
  }
  if (props.acl) {
    await session.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`)
    await session.query(`REVOKE ALL ON DATABASE ${db} FROM ${session.escapeIdentifier(props.owner)}`)
    for (const a of props.acl) {
      await session.query(`GRANT ${a.privilege} ON DATABASE ${db} TO ${a.grantee ? session.escapeIdentifier(a.grantee) : 'PUBLIC'}${a.grantable ? ' WITH GRANT OPTION' : ''}`)
    }
  }
  if (props.connectionLimit !== -1) await session.query(`ALTER DATABASE ${db} CONNECTION LIMIT ${Number(props.connectionLimit)}`)
  if (props.comment !== null) await session.query(`COMMENT ON DATABASE ${db} IS ${session.escapeLiteral(props.comment)}`)
}

/** How the copy's properties (`b`) differ from the target's (`a`), in words; undefined when they agree. */
export function propertiesDifference(a: DatabaseProperties, b: DatabaseProperties): string | undefined {
  const pairs: [string, unknown, unknown][] = [
    ['owner', a.owner, b.owner],
    ['encoding', a.encoding, b.encoding],
    ['collation', a.collate, b.collate],
    ['ctype', a.ctype, b.ctype],
    ['settings', a.settings, b.settings],
    ['privileges', a.acl, b.acl],
    ['connection limit', a.connectionLimit, b.connectionLimit],
    ['comment', a.comment, b.comment]
  ]
  const differ = pairs.filter(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y))
  return differ.length ? differ.map(([n, x, y]) => `${n} ${JSON.stringify(x)} here, ${JSON.stringify(y)} on the copy`).join('; ') : undefined
}
