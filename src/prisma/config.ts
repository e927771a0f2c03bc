import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'
import type { DatabaseTarget } from '../postgres/target.js'

/**
 * The Prisma configuration the CLI runs with during a deploy: the project's own
 * (`prisma.config.ts`, `prisma7.config.ts`, …) with its datasource URL, schema and migrations folder
 * replaced by the ones given to the action, written beside it and passed with `--config`. The URL
 * itself is never written: the generated file reads it from the child's environment.
 */

/** Where Prisma looks for its configuration, in its order (@prisma/config: Prisma 7 names first). */
const EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts']
const CONFIG_CANDIDATES = [
  ...EXTENSIONS.map(e => `prisma7.config${e}`),
  ...EXTENSIONS.map(e => path.join('.config', `prisma7${e}`)),
  ...['prisma.config', path.join('.config', 'prisma'), path.join('.config', 'prisma.config')].flatMap(base => [
    ...EXTENSIONS.map(e => `${base}${e}`),
    ...EXTENSIONS.map(e => path.join(base, `index${e}`))
  ])
]

/** The generated file's name, beside the project's configuration (relative paths in it keep their meaning). */
export const GENERATED_CONFIG_NAME = '.db-deploy-action.prisma.config.ts'

/** The project's configuration file the CLI would load in `dir`, if any. */
export async function findProjectConfig(dir: string): Promise<string | undefined> {
  for (const candidate of CONFIG_CANDIDATES) {
    const file = path.join(dir, candidate)
    try {
      if ((await fs.stat(file)).isFile()) return file
    } catch {
      // not this one
    }
  }
  return undefined
}

export interface DeployConfig {
  /** The generated file, to pass with `--config`. */
  file: string
  /** The project's configuration it builds on, if any. */
  base: string | undefined
  /** Variables the project's configuration reads with `env("…")` (they must resolve for it to load). */
  envNames: string[]
  remove: () => Promise<void>
}

export interface DeployConfigOptions {
  workingDirectory: string
  schemaPath: string
  migrationsDir: string
  /** Major version of the project's Prisma CLI. */
  major: number
  /** The child's variable that holds the action's URL. */
  urlVariable: string
}

/**
 * Writes the configuration for one deploy. Prisma 7 takes the URL from `datasource.url`; Prisma 6
 * takes it from there with `engine: 'classic'`, which overrides the schema's `url`/`directUrl`.
 */
export async function writeDeployConfig(o: DeployConfigOptions): Promise<DeployConfig> {
  const base = await findProjectConfig(o.workingDirectory)
  const dir = base ? path.dirname(base) : o.workingDirectory
  const file = path.join(dir, GENERATED_CONFIG_NAME)
  const envNames = base ? envNamesIn(await fs.readFile(base, 'utf8')) : []
  const importPath = base ? `./${path.relative(dir, base).split(path.sep).join('/')}` : undefined
  const url = `process.env[${JSON.stringify(o.urlVariable)}]`
  const lines = [
    "// Written by db-deploy-action for one deploy and removed afterwards: the project's Prisma",
    '// configuration with the database, schema and migrations folder given to the action.',
    ...(importPath ? [`import base from ${JSON.stringify(importPath)}`, ''] : []),
    // Its own datasource, engine and adapter give way to the action's URL.
    `const { datasource: _datasource, engine: _engine, adapter: _adapter, ...project } = (${importPath ? 'base' : '{}'} ?? {}) as Record<string, any>`,
    '',
    'export default {',
    '  ...project,',
    `  schema: ${JSON.stringify(o.schemaPath)},`,
    `  migrations: { ...(project.migrations ?? {}), path: ${JSON.stringify(o.migrationsDir)} },`,
    o.major >= 7 ? `  datasource: { url: ${url} }` : `  engine: 'classic',\n  datasource: { url: ${url} }`,
    '}',
    ''
  ]
  // Created exclusively (never through a link, never over a file that exists), and removed only
  // while it is still the file written here.
  let handle: fs.FileHandle
  try {
    handle = await fs.open(file, 'wx', 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    throw new ActionError(
      `${file} exists already: the action writes its own Prisma configuration under that name for one run, and never writes over a file or through a link it did not create.`,
      'Remove that file from the repository (it is not part of the project), or wait for the other run of the action in this checkout to finish.'
    )
  }
  try {
    await handle.writeFile(lines.join('\n'))
  } finally {
    await handle.close()
  }
  const written = await fs.lstat(file)
  const remove = async (): Promise<void> => {
    const now = await fs.lstat(file).catch(() => undefined)
    if (now && now.dev === written.dev && now.ino === written.ino && now.birthtimeMs === written.birthtimeMs) await fs.rm(file)
  }
  return { file, base, envNames, remove }
}

/** Names read with `env('NAME')` (Prisma's helper, which throws when one is unset). */
function envNamesIn(source: string): string[] {
  return [...new Set([...source.matchAll(/\benv\(\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\)/g)].map(m => m[1]))]
}

/** Whether `url` names the same server, database and schema as the action's target. */
export function sameDatabase(url: string, target: DatabaseTarget): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    host === target.host.replace(/^\[|\]$/g, '').toLowerCase() &&
    Number(u.port || 5432) === target.port &&
    decodeURIComponent(u.pathname.replace(/^\//, '')) === target.database &&
    (u.searchParams.get('schema') ?? 'public') === target.schema
  )
}
