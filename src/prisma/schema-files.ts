import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'

/**
 * The Prisma schema as the CLI reads it: one file, or a schema folder (every `*.prisma` file below
 * it, through subfolders and symbolic links, as Prisma's schema-files loader reads it; GA since
 * Prisma 6.7). The datasource block may be in any of its files.
 */
export interface SchemaFile {
  file: string
  text: string
}

export interface PrismaSchema {
  kind: 'file' | 'folder'
  /** The path given (file or folder). */
  path: string
  files: SchemaFile[]
}

/** One `url`, `directUrl` or `shadowDatabaseUrl` of the datasource block, with its line (1-based). */
export interface DatasourceUrl {
  key: 'url' | 'directUrl' | 'shadowDatabaseUrl'
  line: number
  /** `env("NAME")` */
  envName?: string
  /** `"…"`: never print it, it may hold a password. */
  literal?: string
}

export interface Datasource {
  file: string
  /** Line of `datasource … {` (1-based). */
  line: number
  urls: DatasourceUrl[]
}

/** Reads the schema file or folder; refuses what the CLI could not read, naming the path. */
export async function readPrismaSchema(schemaPath: string, shown: string): Promise<PrismaSchema> {
  let stat
  try {
    stat = await fs.stat(schemaPath)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    throw new ActionError(`The Prisma schema ${shown} does not exist.`, "Set 'schema' to the project's schema file or schema folder, relative to 'working-directory' (default prisma/schema.prisma).")
  }
  if (stat.isFile()) return { kind: 'file', path: schemaPath, files: [{ file: schemaPath, text: await fs.readFile(schemaPath, 'utf8') }] }
  if (!stat.isDirectory()) throw new ActionError(`The Prisma schema ${shown} is neither a file nor a folder.`, "Set 'schema' to the project's schema file or schema folder.")
  const files: SchemaFile[] = []
  await collect(schemaPath, files, new Set())
  files.sort((a, b) => a.file.localeCompare(b.file))
  if (files.length === 0) {
    throw new ActionError(`The Prisma schema folder ${shown} holds no .prisma file.`, "Set 'schema' to the folder that holds the project's .prisma files (or to its schema file).")
  }
  return { kind: 'folder', path: schemaPath, files }
}

async function collect(dir: string, out: SchemaFile[], seen: Set<string>): Promise<void> {
  const real = await fs.realpath(dir)
  if (seen.has(real)) return
  seen.add(real)
  for (const entry of (await fs.readdir(dir)).sort()) {
    const p = path.join(dir, entry)
    const st = await fs.stat(p).catch(() => undefined)
    if (st?.isDirectory()) await collect(p, out, seen)
    else if (st?.isFile() && path.extname(entry) === '.prisma') out.push({ file: p, text: await fs.readFile(p, 'utf8') })
  }
}

/** The first datasource block of the schema (Prisma uses the first), with its URL settings. */
export function findDatasource(schema: PrismaSchema): Datasource | undefined {
  for (const { file, text } of schema.files) {
    const lines = text.split('\n')
    const start = lines.findIndex(l => /^\s*datasource\s+\w+\s*\{/.test(l))
    if (start < 0) continue
    const urls: DatasourceUrl[] = []
    for (let i = start; i < lines.length; i++) {
      const raw = lines[i]
      if (/^\s*\/\//.test(raw)) continue
      const line = i === start ? raw.replace(/^[^{]*\{/, '') : raw
      const m = /^\s*(url|directUrl|shadowDatabaseUrl)\s*=\s*(?:env\(\s*"([^"]*)"\s*\)|"([^"]*)")/.exec(line)
      if (m) urls.push({ key: m[1] as DatasourceUrl['key'], line: i + 1, ...(m[2] !== undefined ? { envName: m[2] } : {}), ...(m[3] !== undefined ? { literal: m[3] } : {}) })
      if (
        line
          .replace(/"[^"]*"/g, '')
          .replace(/\/\/.*$/, '')
          .includes('}')
      )
        break
    }
    return { file, line: start + 1, urls }
  }
  return undefined
}
