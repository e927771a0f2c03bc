import { ActionError } from '../errors.js'
import type { Session } from '../postgres/session.js'

/**
 * The database-level properties a restored copy must share with the database it replaces: every
 * column of pg_database a database carries — what CREATE DATABASE fixes (encoding, collation, ctype,
 * locale provider and locale, ICU rules, tablespace) and what pg_restore does not carry (the owner,
 * per-database and per-role settings, privileges, connection limit, template and connection flags,
 * comment) — all read back from the copy before the swap. The columns deliberately not carried are
 * NOT_CARRIED; a column this code does not know (a newer server's) is compared as it is, so that a
 * property the copy would lack stops the restore before the swap instead of passing unseen.
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
  /** ICU tailoring rules (PostgreSQL 16 and later), else null. */
  icuRules: string | null
  /** The database's default tablespace, by name (`pg_default` unless created elsewhere). */
  tablespace: string
  connectionLimit: number
  isTemplate: boolean
  allowConnections: boolean
  comment: string | null
  /** null: the default privileges (no explicit grant or revoke ever made). */
  acl: { grantee: string | null; privilege: string; grantable: boolean }[] | null
  settings: { role: string | null; config: string[] }[]
  /** The other columns of pg_database (a newer server's), compared as they are. */
  other: Record<string, unknown>
}

/**
 * pg_database's columns a copy does not take from the database it replaces, and why: each is the
 * new database's own by nature.
 */
export const NOT_CARRIED: Readonly<Record<string, string>> = {
  oid: "the copy's own identifier",
  datname: 'the name is swapped in by the rename',
  datfrozenxid: "the copy's own transaction ID freeze horizon (vacuum bookkeeping)",
  datminmxid: "the copy's own multixact freeze horizon (vacuum bookkeeping)",
  datcollversion: "recorded from this server's collation library when the copy is created",
  dathasloginevt: 'follows from the login event triggers the archive restores'
}

/** pg_database's columns read into the named fields above. */
const NAMED = new Set([
  'datdba',
  'encoding',
  'datcollate',
  'datctype',
  'datlocprovider',
  'datlocale',
  'daticulocale',
  'daticurules',
  'dattablespace',
  'datconnlimit',
  'datistemplate',
  'datallowconn',
  'datacl'
])

/** The columns not carried, for the step's detail: `oid (the copy's own identifier), …`. */
export function notCarriedText(): string {
  return Object.entries(NOT_CARRIED)
    .map(([column, why]) => `${column} (${why})`)
    .join(', ')
}

export async function readProperties(session: Session, database: string): Promise<DatabaseProperties> {
  const r = await session.query<{
    oid: number
    owner: string
    encoding: string
    tablespace: string
    raw: Record<string, unknown>
    comment: string | null
    acl: { grantee: string | null; privilege: string; grantable: boolean }[] | null
    settings: { role: string | null; config: string[] }[]
  }>(
    `SELECT d.oid::int AS oid, pg_get_userbyid(d.datdba) AS owner, pg_encoding_to_char(d.encoding) AS encoding, to_jsonb(d) AS raw,
            (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = d.dattablespace) AS tablespace,
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
  const other: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(raw)) if (!NAMED.has(column) && !(column in NOT_CARRIED)) other[column] = value
  return {
    oid: row.oid,
    owner: row.owner,
    encoding: row.encoding,
    collate: String(raw.datcollate),
    ctype: String(raw.datctype),
    localeProvider: provider,
    locale,
    icuRules: typeof raw.daticurules === 'string' ? raw.daticurules : null,
    tablespace: row.tablespace,
    connectionLimit: Number(raw.datconnlimit),
    isTemplate: raw.datistemplate === true,
    allowConnections: raw.datallowconn !== false,
    comment: row.comment,
    acl: row.acl,
    settings: row.settings.map(s => ({ role: s.role, config: [...s.config].sort() })),
    other
  }
}

/** Creates database `name`, empty (from template0), with the encoding, collation, ctype, locale, ICU rules and tablespace of `props`. */
export async function createDatabaseLike(session: Session, name: string, props: DatabaseProperties): Promise<void> {
  const locale =
    props.localeProvider === 'i' && props.locale
      ? ` LOCALE_PROVIDER icu ICU_LOCALE ${session.escapeLiteral(props.locale)}`
      : props.localeProvider === 'b' && props.locale
        ? ` LOCALE_PROVIDER builtin BUILTIN_LOCALE ${session.escapeLiteral(props.locale)}`
        : ''
  const rules = props.icuRules !== null ? ` ICU_RULES ${session.escapeLiteral(props.icuRules)}` : ''
  const tablespace = props.tablespace !== 'pg_default' ? ` TABLESPACE ${session.escapeIdentifier(props.tablespace)}` : ''
  await session.query(
    `CREATE DATABASE ${session.escapeIdentifier(name)} TEMPLATE template0 ENCODING ${session.escapeLiteral(props.encoding)} LC_COLLATE ${session.escapeLiteral(props.collate)} LC_CTYPE ${session.escapeLiteral(props.ctype)}${locale}${rules}${tablespace}`
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

/** Gives database `name` the owner, settings, privileges, connection limit, template flag and comment of `props`. */
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
  if (props.isTemplate) await session.query(`ALTER DATABASE ${db} IS_TEMPLATE true`)
  if (props.comment !== null) await session.query(`COMMENT ON DATABASE ${db} IS ${session.escapeLiteral(props.comment)}`)
}

/** How the copy's properties (`b`) differ from the target's (`a`), in words; undefined when they agree. */
export function propertiesDifference(a: DatabaseProperties, b: DatabaseProperties): string | undefined {
  const pairs: [string, unknown, unknown][] = [
    ['owner', a.owner, b.owner],
    ['encoding', a.encoding, b.encoding],
    ['collation', a.collate, b.collate],
    ['ctype', a.ctype, b.ctype],
    ['locale provider', a.localeProvider, b.localeProvider],
    ['locale', a.locale, b.locale],
    ['ICU rules', a.icuRules, b.icuRules],
    ['tablespace', a.tablespace, b.tablespace],
    ['template', a.isTemplate, b.isTemplate],
    ['connections allowed', a.allowConnections, b.allowConnections],
    ['settings', a.settings, b.settings],
    ['privileges', a.acl, b.acl],
    ['connection limit', a.connectionLimit, b.connectionLimit],
    ['comment', a.comment, b.comment],
    ...[...new Set([...Object.keys(a.other), ...Object.keys(b.other)])].map((column): [string, unknown, unknown] => [column, a.other[column], b.other[column]])
  ]
  const differ = pairs.filter(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y))
  return differ.length ? differ.map(([n, x, y]) => `${n} ${JSON.stringify(x)} here, ${JSON.stringify(y)} on the copy`).join('; ') : undefined
}
