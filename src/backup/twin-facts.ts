import type { Session } from '../postgres/session.js'

/**
 * What a faithful copy of the database needs, read at backup time for the manifest: the database's
 * locale (encoding, collation, ctype, provider, ICU locale), its tablespace and owner, the deploy
 * role (the session's role) with its attributes and memberships, and the roles the database names.
 * The rehearsal creates its copy with them (see src/rehearsal/twin.ts).
 */

export interface DatabaseLocale {
  encoding: string
  collate: string
  ctype: string
  /** `libc`, `icu` or `builtin` (PostgreSQL 17+); `libc` before PostgreSQL 15. */
  provider: 'libc' | 'icu' | 'builtin'
  /** The ICU locale (provider icu) or the builtin locale (provider builtin); null for libc. */
  icuLocale: string | null
  /** ICU tailoring rules (PostgreSQL 16+), when set. */
  icuRules: string | null
}

/** A role's attributes, as pg_roles reports them. */
export interface RoleAttributes {
  name: string
  superuser: boolean
  createrole: boolean
  createdb: boolean
  bypassrls: boolean
  replication: boolean
  inherit: boolean
  /** Role-level settings (ALTER ROLE … SET), as `name=value`. */
  settings: string[]
}

/** One membership: `member` is a member of `role` (pg_auth_members). */
export interface RoleMembership {
  role: string
  member: string
  admin: boolean
  /** Whether the member inherits the role's privileges through this grant (PostgreSQL 16+; before, the member's INHERIT). */
  inherit: boolean
  /** Whether the member may SET ROLE to it (PostgreSQL 16+; before, always). */
  set: boolean
}

/** A privilege on the database itself (CONNECT, CREATE, TEMPORARY) as its ACL grants it; grantee null is PUBLIC. */
export interface DatabaseGrant {
  grantee: string | null
  privilege: string
  grantable: boolean
}

export interface TwinFacts {
  locale: DatabaseLocale
  /** The database's default tablespace. */
  tablespace: string
  /** The database's owner. */
  owner: string
  /** The database's ACL, null when it has the default one. */
  databaseGrants: DatabaseGrant[] | null
  /** The role the backup (and the deploy) connects as, with its attributes. */
  deployRole: RoleAttributes
  /** The deploy role's memberships, direct and through other roles. */
  memberships: RoleMembership[]
  /** Roles the database names: owners and grantees of its objects, its owner, the deploy role. */
  roles: string[]
  /** Every role of production's server (predefined pg_ roles left out): the names a migration may grant to. */
  serverRoles: string[]
}

export async function readTwinFacts(session: Session): Promise<TwinFacts> {
  const db = await session.query<{ d: Record<string, unknown>; encoding: string; tablespace: string; owner: string }>(
    `SELECT to_jsonb(d) - 'datacl' AS d, pg_encoding_to_char(d.encoding) AS encoding, t.spcname AS tablespace, pg_get_userbyid(d.datdba) AS owner
       FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = current_database()`
  )
  const row = db.rows[0]
  if (!row) throw new Error('internal: the current database is not in pg_database')
  const providerCode = typeof row.d.datlocprovider === 'string' ? row.d.datlocprovider : 'c'
  const provider = providerCode === 'i' ? 'icu' : providerCode === 'b' ? 'builtin' : 'libc'
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
  const locale: DatabaseLocale = {
    encoding: row.encoding,
    collate: String(row.d.datcollate),
    ctype: String(row.d.datctype),
    provider,
    // PostgreSQL 15-16 name it daticulocale; 17 datlocale (also the builtin provider's locale).
    icuLocale: provider === 'libc' ? null : text(row.d.datlocale ?? row.d.daticulocale),
    icuRules: text(row.d.daticurules)
  }
  const grants = await session.query<{ acl: boolean; grantee: string | null; privilege: string | null; grantable: boolean | null }>(
    `SELECT d.datacl IS NOT NULL AS acl, CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type AS privilege, a.is_grantable AS grantable
       FROM pg_database d LEFT JOIN LATERAL aclexplode(d.datacl) a ON true WHERE d.datname = current_database()`
  )
  const databaseGrants = grants.rows[0]?.acl ? grants.rows.filter(g => g.privilege).map(g => ({ grantee: g.grantee, privilege: g.privilege as string, grantable: Boolean(g.grantable) })) : null
  const role = await session.query<{ r: Record<string, unknown> }>('SELECT to_jsonb(r) AS r FROM pg_roles r WHERE r.rolname = current_user')
  const r = role.rows[0]?.r
  if (!r) throw new Error('internal: the current user is not in pg_roles')
  const deployRole: RoleAttributes = {
    name: String(r.rolname),
    superuser: r.rolsuper === true,
    createrole: r.rolcreaterole === true,
    createdb: r.rolcreatedb === true,
    bypassrls: r.rolbypassrls === true,
    replication: r.rolreplication === true,
    inherit: r.rolinherit === true,
    settings: Array.isArray(r.rolconfig) ? r.rolconfig.map(String) : []
  }
  // Every membership on the way up from the deploy role; the options of PostgreSQL 16+ read through to_jsonb.
  const members = await session.query<{ role: string; member: string; m: Record<string, unknown> }>(
    `WITH RECURSIVE up(roleid, member, m) AS (
       SELECT am.roleid, am.member, to_jsonb(am) FROM pg_auth_members am WHERE am.member = (SELECT oid FROM pg_roles WHERE rolname = current_user)
       UNION
       SELECT am.roleid, am.member, to_jsonb(am) FROM pg_auth_members am JOIN up ON am.member = up.roleid)
     SELECT pg_get_userbyid(roleid) AS role, pg_get_userbyid(member) AS member, m FROM up ORDER BY 2, 1`
  )
  const memberships = members.rows.map(m => ({
    role: m.role,
    member: m.member,
    admin: m.m.admin_option === true,
    inherit: typeof m.m.inherit_option === 'boolean' ? m.m.inherit_option : true,
    set: typeof m.m.set_option === 'boolean' ? m.m.set_option : true
  }))
  // Owners and grantees of the database's objects (pg_shdepend: owner, ACL, policy and initial
  // privileges entries; the bootstrap superuser is pinned and not listed there), the database's owner.
  const named = await session.query<{ name: string }>(
    `SELECT r.rolname AS name FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
      WHERE d.refclassid = 'pg_authid'::regclass AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()
     UNION SELECT current_user::text
     ORDER BY 1`
  )
  const all = await session.query<{ name: string }>(`SELECT rolname AS name FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1`)
  return {
    locale,
    tablespace: row.tablespace,
    owner: row.owner,
    databaseGrants,
    deployRole,
    memberships,
    roles: named.rows.map(n => n.name),
    serverRoles: all.rows.map(n => n.name)
  }
}
