import type { Session } from '../../postgres/session.js'
import type { LiveFacts } from './facts.js'

/** The server version, the session's TimeZone and role, and the lock_timeout a new session of this role starts with (and where it comes from). */
export async function readSettings(session: Session): Promise<Pick<LiveFacts, 'versionNum' | 'timeZone' | 'role' | 'lockTimeout'>> {
  const settings = await session.query<{ num: string; tz: string; who: string; role_db: string | null; role: string | null; db: string | null; boot: string }>(
    `SELECT current_setting('server_version_num') AS num,
            current_setting('TimeZone') AS tz,
            current_user::text AS who,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                AND r.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS role_db,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND r.setdatabase = 0
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS role,
            (SELECT s FROM pg_db_role_setting r, unnest(r.setconfig) s
              WHERE r.setrole = 0 AND r.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND s LIKE 'lock\\_timeout=%' LIMIT 1) AS db,
            (SELECT boot_val FROM pg_settings WHERE name = 'lock_timeout') AS boot`
  )
  const s = settings.rows[0]
  if (!s) throw new Error('internal: the settings query returned no row')
  const fromSetting = (v: string | null): string | undefined => (v === null ? undefined : v.slice('lock_timeout='.length))
  const lockTimeout =
    fromSetting(s.role_db) !== undefined
      ? { value: fromSetting(s.role_db) as string, source: 'ALTER ROLE … IN DATABASE … SET lock_timeout' }
      : fromSetting(s.role) !== undefined
        ? { value: fromSetting(s.role) as string, source: 'ALTER ROLE … SET lock_timeout' }
        : fromSetting(s.db) !== undefined
          ? { value: fromSetting(s.db) as string, source: 'ALTER DATABASE … SET lock_timeout' }
          : { value: s.boot, source: 'no role or database setting' }
  return { versionNum: Number(s.num), timeZone: s.tz, role: s.who, lockTimeout }
}
