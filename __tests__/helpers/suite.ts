import { afterAll, beforeAll } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Client } from 'pg'
import { startCluster, type Cluster } from '../../test-support/pg-cluster.mjs'
import { makeProject } from '../../test-support/fixtures.mjs'
import { PROJECT_ROOT } from './run-action.js'

// The setup the test files share: one throwaway cluster per file, temporary projects removed after
// the file, fresh databases, and the Documenso corpus beside the checkout.

export type Project = ReturnType<typeof makeProject>
export type Spec = { name: string; sql: string | Buffer }
export type ClusterOptions = Parameters<typeof startCluster>[0]

/** Run after the file's last test, in order: removal of temporary projects, copies and files. */
const cleanups: (() => void)[] = []
afterAll(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Runs `cleanup` after the file's last test; unlike afterAll, callable inside a test. */
export function afterFile(cleanup: () => void): void {
  cleanups.push(cleanup)
}

/**
 * One throwaway cluster for the tests of the file (or of the describe block it is called in):
 * started in beforeAll, stopped in afterAll. `options` may be a function, called in beforeAll.
 */
export function useCluster(options?: ClusterOptions | (() => ClusterOptions)): { readonly cluster: Cluster } {
  let cluster: Cluster | undefined
  beforeAll(async () => {
    cluster = await startCluster(typeof options === 'function' ? options() : options)
  }, 120_000)
  afterAll(async () => {
    await cluster?.stop()
  })
  return {
    get cluster(): Cluster {
      if (!cluster) throw new Error('The cluster is not running: it is started in beforeAll.')
      return cluster
    }
  }
}

/** A throwaway Prisma project (see makeProject), removed after the file's last test. */
export function tempProject(o?: Parameters<typeof makeProject>[0]): Project {
  const p = makeProject(o)
  afterFile(p.cleanup)
  return p
}

/** A fresh database (named `name`, else a random name) with `setup` run on a superuser client connected to it. */
export async function freshDatabase(cluster: Cluster, setup?: (client: Client) => Promise<void>, name?: string): Promise<string> {
  const db = await cluster.createDatabase(name)
  if (setup) {
    const client = await cluster.client({ database: db })
    try {
      await setup(client)
    } finally {
      await client.end()
    }
  }
  return db
}

/** A migrations folder's migrations as Prisma orders them. */
export function migrationFolderNames(migrationsDir: string): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort((a, b) => a.localeCompare(b))
}

// A real project's migration history (documenso/documenso, 163 migrations). The corpus sits beside
// the project checkout, not in it: where it is absent (e.g. a fresh clone) its tests are skipped.
export const DOCUMENSO_CORPUS = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpora', 'documenso', 'prisma')
export const documensoPresent = fs.existsSync(path.join(DOCUMENSO_CORPUS, 'migrations'))
export const DOCUMENSO_SKIP_MESSAGE = `the Documenso corpus tests are skipped: corpus not found at ${path.relative(PROJECT_ROOT, DOCUMENSO_CORPUS)} (it is not part of the repository).`

/**
 * `run` (e.g. `test`) where the Documenso corpus is present; otherwise logs the skip message,
 * prefixed with `where`, and returns `skip` (e.g. `test.skip`).
 */
export function ifDocumenso<T>(where: string, run: T, skip: T): T {
  if (documensoPresent) return run
  console.log(`${where}: ${DOCUMENSO_SKIP_MESSAGE}`)
  return skip
}

/**
 * Copies the corpus into a fresh, writable temporary project, `<root>/prisma/{schema.prisma,migrations}`,
 * removed after the file's last test. Returns the root.
 */
export function copyDocumenso(prefix: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  afterFile(() => fs.rmSync(root, { recursive: true, force: true }))
  const copy = (from: string, to: string): void => {
    fs.mkdirSync(to, { recursive: true })
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name)
      const dst = path.join(to, entry.name)
      if (entry.isDirectory()) copy(src, dst)
      else if (entry.isFile()) fs.writeFileSync(dst, fs.readFileSync(src))
    }
  }
  copy(DOCUMENSO_CORPUS, path.join(root, 'prisma'))
  return root
}
