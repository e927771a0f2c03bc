import type { BackupManifest } from '../backup/manifest.js'
import type { DatabaseLocale, TwinFacts } from '../backup/twin-facts.js'
import { ActionError, errorMessage } from '../errors.js'
import { closeSession } from '../postgres/session.js'
import { sqlIdent, sqlLiteral } from '../postgres/sql-text.js'
import { scrub } from '../secrets.js'
import { MAINTENANCE_DATABASE } from './databases.js'
import type { ThrowawayServer } from './throwaway-server.js'

/**
 * The copy as production's twin: the roles production has (stand-ins, NOLOGIN), the deploy role
 * with its recorded attributes and memberships (the migrations run as it), the database created
 * with production's locale, owner and database privileges. What cannot be reproduced is returned
 * as `notReproduced`, for the outcome.
 */

export interface Twin {
  /** The role the migrations run as on the copy; undefined: the server's superuser (older manifest). */
  deployRole: string | undefined
  /** Production's locale for CREATE DATABASE; undefined: the server's default (older manifest). */
  locale: DatabaseLocale | undefined
  owner: string | undefined
  databaseGrants: TwinFacts['databaseGrants']
  /** What the copy does not reproduce, each a sentence for the outcome. */
  notReproduced: string[]
  /** The stand-in roles created, for the step's line. */
  standIns: number
  /** Whether the archive is restored with its owners and privileges (not for an older manifest, which names no roles). */
  withOwners: boolean
}

/** Administrative roles of managed services whose powers come from the service, not from grants. */
const SERVICE_ROLES = /^(rds_superuser|rdsadmin|azure_pg_admin|azuresu|cloudsqlsuperuser|alloydbsuperuser|supabase_admin)$/

/**
 * Creates on the throwaway server a stand-in for every role production has (from the manifest), NOLOGIN; the deploy role with its attributes and LOGIN (trust on
 * the private socket only); its memberships.
 */
export async function createStandInRoles(server: ThrowawayServer, manifest: BackupManifest): Promise<Twin> {
  const twin = manifest.twin
  const notReproduced: string[] = []
  const names = new Set<string>(twin ? [...twin.serverRoles, ...twin.roles, twin.owner, twin.deployRole.name] : [])
  for (const m of twin?.memberships ?? []) names.add(m.role).add(m.member)
  const session = await server.session(MAINTENANCE_DATABASE, 'db-deploy-action rehearsal')
  try {
    const existing = new Set((await session.query<{ name: string }>('SELECT rolname AS name FROM pg_roles')).rows.map(r => r.name))
    const deploy = twin?.deployRole
    if (deploy && existing.has(deploy.name)) {
      notReproduced.push(`the deploy role '${deploy.name}' has the name of the rehearsal server's own superuser: the migrations ran as that superuser`)
    }
    const create: string[] = []
    let standIns = 0
    for (const name of [...names].sort()) {
      if (existing.has(name) || name.startsWith('pg_') || name === '-' || name === '') continue
      if (deploy && name === deploy.name) {
        const attr = (on: boolean, word: string): string => (on ? word : `NO${word}`)
        create.push(
          `CREATE ROLE ${sqlIdent(name)} LOGIN ${attr(deploy.superuser, 'SUPERUSER')} ${attr(deploy.createdb, 'CREATEDB')} ${attr(deploy.createrole, 'CREATEROLE')} ${attr(deploy.replication, 'REPLICATION')} ${attr(deploy.bypassrls, 'BYPASSRLS')} ${attr(deploy.inherit, 'INHERIT')}`
        )
      } else {
        create.push(`CREATE ROLE ${sqlIdent(name)} NOLOGIN`)
        standIns++
      }
    }
    if (create.length > 0) await session.query(create.join(';\n'))
    const roles = new Set((await session.query<{ name: string }>('SELECT rolname AS name FROM pg_roles')).rows.map(r => r.name))
    for (const m of twin?.memberships ?? []) {
      if (m.role === 'pg_database_owner') continue
      if (!roles.has(m.role) || !roles.has(m.member)) {
        notReproduced.push(`membership of '${m.member}' in '${m.role}' (a role the rehearsal server does not have)`)
        continue
      }
      const options = server.binaries.major >= 16 ? ` WITH ADMIN ${m.admin}, INHERIT ${m.inherit}, SET ${m.set}` : m.admin ? ' WITH ADMIN OPTION' : ''
      try {
        await session.query(`GRANT ${sqlIdent(m.role)} TO ${sqlIdent(m.member)}${options}`)
      } catch (err) {
        notReproduced.push(`membership of '${m.member}' in '${m.role}': ${scrub(errorMessage(err))}`)
      }
      if (SERVICE_ROLES.test(m.role)) {
        notReproduced.push(`the powers the managed service gives its role '${m.role}' (a member of it on production): on the copy it is a plain stand-in role`)
      }
    }
    if (deploy && deploy.settings.length > 0) {
      notReproduced.push(`the deploy role's own settings (ALTER ROLE … SET: ${deploy.settings.join(', ')})`)
    }
    if (!twin) {
      notReproduced.push(
        "production's locale and deploy role: the manifest was written by an older version of the action that did not record them; the copy used the C locale, was restored without owners and privileges, and the migrations ran as the rehearsal server's superuser. Run the backup again with this version for a faithful rehearsal"
      )
    }
    return {
      deployRole: deploy && !existing.has(deploy.name) ? deploy.name : undefined,
      locale: twin?.locale,
      owner: twin?.owner,
      databaseGrants: twin?.databaseGrants ?? null,
      notReproduced,
      standIns,
      withOwners: twin !== undefined
    }
  } finally {
    await closeSession(session)
  }
}

/** The CREATE DATABASE options for production's locale (the server decides whether it has it). */
export function localeOptions(locale: DatabaseLocale | undefined, serverMajor: number): string {
  if (!locale) return ''
  const parts = [`ENCODING ${sqlLiteral(locale.encoding)}`, `LC_COLLATE ${sqlLiteral(locale.collate)}`, `LC_CTYPE ${sqlLiteral(locale.ctype)}`]
  if (serverMajor >= 15) parts.push(`LOCALE_PROVIDER ${locale.provider}`)
  if (locale.provider === 'icu' && locale.icuLocale) parts.push(`ICU_LOCALE ${sqlLiteral(locale.icuLocale)}`)
  if (locale.provider === 'icu' && locale.icuRules) parts.push(`ICU_RULES ${sqlLiteral(locale.icuRules)}`)
  if (locale.provider === 'builtin' && locale.icuLocale) parts.push(`BUILTIN_LOCALE ${sqlLiteral(locale.icuLocale)}`)
  return ` ${parts.join(' ')}`
}

/** The failure of a CREATE DATABASE with production's locale, naming what the runner must install. */
export function localeError(locale: DatabaseLocale, database: string, err: unknown): ActionError {
  const message = scrub(errorMessage(err))
  const what =
    locale.provider === 'icu'
      ? `production's ICU locale '${locale.icuLocale ?? ''}' (collation ${locale.collate}, ctype ${locale.ctype}, encoding ${locale.encoding})`
      : `production's locale (collation ${locale.collate}, ctype ${locale.ctype}, encoding ${locale.encoding}${locale.provider === 'builtin' ? `, builtin provider ${locale.icuLocale ?? ''}` : ''})`
  const icu = /ICU is not supported/i.test(message)
  return new ActionError(
    `The rehearsal cannot create the copy of '${database}' with ${what}: ${message}. The rehearsal does not fall back to another locale: case mapping, ordering and unique indexes over text would not be production's. Nothing was restored.`,
    icu
      ? "The rehearsal server binaries were built without ICU: install PostgreSQL server binaries built with ICU (the Debian/Ubuntu postgresql packages are), or point 'rehearsal-pg-bin-dir' at them."
      : `Install the locale on the runner before this step: on Debian/Ubuntu \`sudo apt-get install -y locales-all\` (every locale), or generate only this one (\`sudo locale-gen ${locale.collate}\`${locale.ctype !== locale.collate ? ` and \`sudo locale-gen ${locale.ctype}\`` : ''}).`
  )
}

/** Production's database privileges on the copy (its ACL, when it is not the default one). */
export function databaseGrantStatements(database: string, twin: Pick<Twin, 'databaseGrants' | 'owner'>): string[] {
  if (!twin.databaseGrants) return []
  const db = sqlIdent(database)
  const statements = [`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`]
  if (twin.owner) statements.push(`REVOKE ALL ON DATABASE ${db} FROM ${sqlIdent(twin.owner)}`)
  for (const g of twin.databaseGrants) {
    statements.push(`GRANT ${g.privilege} ON DATABASE ${db} TO ${g.grantee === null ? 'PUBLIC' : sqlIdent(g.grantee)}${g.grantable ? ' WITH GRANT OPTION' : ''}`)
  }
  return statements
}
