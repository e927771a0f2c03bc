import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'
import type { DatabaseTarget } from '../postgres/target.js'
import { sameDatabase, findProjectConfig } from './config.js'
import type { Datasource, PrismaSchema } from './schema-files.js'
import { findDatasource } from './schema-files.js'

/**
 * What cannot be made to work on the action's database and migrations folder, refused by verify
 * (and again by deploy, before the CLI runs), naming the file, the line and the fix.
 */
export interface ProjectRulesInput {
  schema: PrismaSchema
  workingDirectory: string
  workspace: string
  migrationsDir: string
  target: DatabaseTarget
  /** The CLI's version, e.g. `7.10.1`; undefined when unreadable. */
  version: string | undefined
}

/** Whether the CLI takes its datasource (URL, schema, migrations folder) from a configuration file: 7.x, and 6.18 onwards. */
export function configCarriesDatasource(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)\./.exec(version ?? '')
  const major = Number(m?.[1] ?? NaN)
  const minor = Number(m?.[2] ?? NaN)
  return major >= 7 || (major === 6 && minor >= 18)
}

export async function refuseWhatCannotBeMadeToWork(o: ProjectRulesInput): Promise<Datasource> {
  const shown = (file: string): string => path.relative(o.workspace, file) || file
  const datasource = findDatasource(o.schema)
  if (!datasource) {
    throw new ActionError(
      `The Prisma schema ${shown(o.schema.path)} has no datasource block${o.schema.kind === 'folder' ? ` in any of its ${o.schema.files.length} .prisma files` : ''}; the Prisma CLI cannot migrate without one.`,
      `Add \`datasource db { provider = "postgresql" }\` to the schema${o.schema.kind === 'folder' ? ' (in any file of the folder)' : ''}.`
    )
  }
  const major = Number(/^(\d+)\./.exec(o.version ?? '')?.[1] ?? NaN)
  if (major >= 7 && datasource.urls.length > 0) {
    const first = datasource.urls[0]
    throw new ActionError(
      `${shown(datasource.file)}:${first.line}: \`${first.key}\` in the datasource block is an error for Prisma ${o.version} (P1012: the datasource property is no longer supported in schema files); every Prisma command would fail on it.`,
      `Remove the ${datasource.urls.map(u => `\`${u.key}\` (line ${u.line})`).join(' and ')} from the datasource block of ${shown(datasource.file)}; Prisma 7 reads the URL from prisma.config.ts (\`datasource: { url: env('DATABASE_URL') }\`), which the action runs with its own URL.`
    )
  }
  for (const u of datasource.urls) {
    if (u.literal === undefined || sameDatabase(u.literal, o.target)) continue
    throw new ActionError(
      `${shown(datasource.file)}:${u.line}: the Prisma schema names its database URL literally (\`${u.key} = "…"\`), and not the database given to the action (${o.target.redacted}); the Prisma CLI would migrate that other database. Nothing was changed.`,
      `Read the URL from the environment in the datasource block, e.g. \`${u.key} = env("DATABASE_URL")\` on line ${u.line} of ${shown(datasource.file)} (the action sets it to the URL it was given), and keep credentials out of the repository.`
    )
  }
  if (!configCarriesDatasource(o.version)) {
    // No configuration of the action's can name the folder: the CLI reads its own.
    const read = await migrationsFolderPrismaReads(o.workingDirectory, datasource)
    if (path.resolve(read.dir) !== path.resolve(o.migrationsDir)) {
      throw new ActionError(
        `'migrations-dir' is ${shown(o.migrationsDir)}, but Prisma ${o.version ?? '(version unknown)'} reads ${shown(read.dir)} (${read.why}): it would deploy another folder than the one verify compared with the database.`,
        `Set 'migrations-dir' to ${path.relative(o.workingDirectory, read.dir) || '.'} (relative to 'working-directory'), or upgrade the project's prisma to 6.18 or later, which the action runs with its own migrations folder.`
      )
    }
  }
  return datasource
}

/** The folder a CLI without the action's configuration deploys: its configuration's `migrations.path`, else `migrations` beside the datasource's file. */
async function migrationsFolderPrismaReads(workingDirectory: string, datasource: Datasource): Promise<{ dir: string; why: string }> {
  const config = await findProjectConfig(workingDirectory)
  if (config) {
    const text = await fs.readFile(config, 'utf8')
    const m = /migrations\s*:\s*\{[^}]*?\bpath\s*:\s*['"`]([^'"`]+)['"`]/.exec(text)
    if (m) return { dir: path.resolve(path.dirname(config), m[1]), why: `migrations.path in ${path.basename(config)}` }
  }
  return { dir: path.join(path.dirname(datasource.file), 'migrations'), why: 'beside the schema file that holds the datasource block' }
}
