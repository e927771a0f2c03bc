import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { ActionError } from '../errors.js'
import { shellWord } from '../shell-words.js'

/**
 * The project's own Prisma CLI: `node_modules/.bin/prisma` in `working-directory` or a parent up
 * to the workspace root (workspaces hoist it). Never `npx`, never a download of another version.
 */
export interface PrismaCli {
  bin: string
  /** From the `prisma` package beside the bin, when readable. */
  version: string | undefined
}

export async function findPrismaCli(workingDirectory: string, workspace: string): Promise<PrismaCli | undefined> {
  let dir = path.resolve(workingDirectory)
  const root = path.resolve(workspace)
  for (;;) {
    const bin = path.join(dir, 'node_modules', '.bin', 'prisma')
    try {
      await fs.access(bin, fs.constants.X_OK)
      return { bin, version: await readVersion(path.join(dir, 'node_modules', 'prisma', 'package.json')) }
    } catch {
      // not here: try the parent
    }
    if (dir === root) return undefined
    const parent = path.dirname(dir)
    if (parent === dir || !parent.startsWith(root)) return undefined
    dir = parent
  }
}

export function missingPrismaCliError(workingDirectory: string): ActionError {
  return new ActionError(
    `The project's Prisma CLI was not found (node_modules/.bin/prisma in ${workingDirectory} or a parent folder in the workspace).`,
    "Add `prisma` to the project's devDependencies and install dependencies (e.g. `npm ci`) before this step; or set `migrator: builtin`."
  )
}

async function readVersion(packageJson: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(packageJson, 'utf8')) as { version?: unknown }
    return typeof parsed.version === 'string' ? parsed.version : undefined
  } catch {
    return undefined
  }
}

/** `npx prisma <args>` as the user runs it in `working-directory`, with `--schema` when the schema is not at Prisma's default place. */
function prismaCommand(inputs: { workingDirectory: string; schemaPath: string }, args: string): string {
  const rel = path.relative(inputs.workingDirectory, inputs.schemaPath)
  const schema = rel === path.join('prisma', 'schema.prisma') ? '' : ` --schema ${shellWord(rel)}`
  return `npx prisma ${args}${schema}`
}

/** How a failed or hand-completed migration is marked in the books: `migrate resolve --rolled-back|--applied`. */
export type ResolveHow = 'rolled-back' | 'applied'

/**
 * `npx prisma migrate resolve --<how> <name>` for the user to copy into a shell. The name comes from
 * a folder or the database, so it is always given as one shell word (see shellWord); without a name
 * the command shows the placeholder `<migration>`.
 */
export function resolveCommand(inputs: { workingDirectory: string; schemaPath: string }, how: ResolveHow, name: string | undefined): string {
  return prismaCommand(inputs, `migrate resolve --${how} ${name === undefined ? '<migration>' : shellWord(name)}`)
}
