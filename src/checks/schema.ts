import type { Check } from './check.js'
import { required } from './check.js'
import { ActionError } from '../errors.js'
import { schemaExists, migrationsTableExists } from '../prisma/books.js'
import { assertDeployCanWrite } from './deploy-privileges.js'
import { discoverPgTools, requirePgTools } from '../postgres/pg-tools.js'
import { checkPrismaReadiness } from '../prisma/readiness.js'

/**
 * verify's schema check: the target schema exists (or may be created) and the role may CREATE in it;
 * deploy will be able to write (new sessions are not read-only, the books take INSERT and UPDATE);
 * the tools the next phases need are usable: pg_dump/pg_restore able to dump this server, and the
 * migrator. Every privilege is read from the catalogs: nothing is tried by writing.
 */
export const schema: Check = {
  name: 'schema',
  async run(ctx) {
    const session = required(ctx.session, 'the database session')
    const target = required(ctx.target, 'the database URL')
    const server = required(ctx.server, 'the server version')

    const parts: string[] = []
    const exists = await schemaExists(session, target.schema)
    if (exists) {
      const res = await session.query<{ usage: boolean; create: boolean; who: string }>(
        `SELECT has_schema_privilege(current_user, $1, 'USAGE') AS usage,
                has_schema_privilege(current_user, $1, 'CREATE') AS create,
                current_user AS who`,
        [target.schema]
      )
      const row = res.rows[0]
      if (!row?.usage || !row.create) {
        const missing = [!row?.usage && 'USAGE', !row?.create && 'CREATE'].filter(Boolean).join(' and ')
        throw new ActionError(
          `Role '${row?.who ?? target.user}' lacks ${missing} on schema '${target.schema}', so migrations cannot create objects there.`,
          `Connect as the schema's owner (the role that owns the application's tables), or have an administrator run: GRANT USAGE, CREATE ON SCHEMA ${session.escapeIdentifier(target.schema)} TO ${session.escapeIdentifier(row?.who ?? target.user)};`
        )
      }
      parts.push(`schema '${target.schema}' exists, CREATE allowed`)
    } else {
      const res = await session.query<{ create: boolean; who: string }>(`SELECT has_database_privilege(current_user, current_database(), 'CREATE') AS create, current_user AS who`)
      const row = res.rows[0]
      if (!row?.create) {
        throw new ActionError(
          `Schema '${target.schema}' does not exist and role '${row?.who ?? target.user}' may not create it (no CREATE on database '${target.database}').`,
          `Create it once as an administrator (CREATE SCHEMA ${session.escapeIdentifier(target.schema)} AUTHORIZATION ${session.escapeIdentifier(row?.who ?? target.user)};), or fix the ?schema= parameter of the URL.`
        )
      }
      parts.push(`schema '${target.schema}' will be created by the first migration run`)
    }
    const hasBooks = exists && (await migrationsTableExists(session, target.schema))
    parts.push(...(await assertDeployCanWrite(session, target, hasBooks)))

    const found = await (ctx.pgToolsSearch ?? discoverPgTools({ pgBinDir: ctx.inputs.pgBinDir, pathEnv: ctx.env.PATH }))
    const tools = requirePgTools(found, server.version, server.major, ctx.inputs.pgBinDir)
    ctx.pgTools = tools
    parts.push(`pg_dump ${tools.version} (${tools.dir})`)

    if (ctx.inputs.migrator === 'prisma') {
      // The project's CLI runs with its engine, and its schema and configuration resolve to this database and folder.
      const ready = await checkPrismaReadiness({ ...ctx.inputs, target })
      ctx.prismaCli = ready.cli
      parts.push(ready.detail)
    } else {
      parts.push('builtin migrator')
    }
    return parts.join('; ')
  }
}
