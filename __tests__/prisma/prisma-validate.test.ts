import { describe, expect, test } from '@jest/globals'
import * as path from 'node:path'
import { makePrismaProject, prismaEnv, SCHEMA_PRISMA_7 } from '../../test-support/prisma-project.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, afterFile, freshDatabase } from '../helpers/suite.js'

/**
 * Verify predicts the CLI's refusal of the schema: the schema check runs the project's real Prisma 7
 * CLI's `prisma validate` with the configuration deploy will use, through dist/index.js, so that a
 * schema the CLI refuses fails verify, named, before any backup; deploy agrees (the same P1012).
 */

const pg = useCluster()
const PATH = [path.dirname(process.execPath), '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter)
const BASE = [{ name: '20240101000000_init', sql: 'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY);\n' }]

function action(phase: 'verify' | 'deploy', root: string, db: string): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase, 'database-url': pg.cluster.url({ database: db }), migrator: 'prisma', ...(phase === 'deploy' ? { 'generate-client': 'false' } : {}) },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined, DIRECT_URL: undefined, LANG: 'C.UTF-8', PATH, HOME: process.env.HOME ?? '/tmp', ...prismaEnv(7) },
    timeoutMs: 120_000
  })
}

describe('prisma validate in verify (the real Prisma 7 CLI)', () => {
  test('a preview feature Prisma 7 removed (metrics): verify fails at the schema check naming P1012 and the feature; deploy fails with the same code', async () => {
    const p = makePrismaProject({ major: 7, migrations: BASE, schema: SCHEMA_PRISMA_7.replace('generator client {', 'generator client {\n  previewFeatures = ["metrics"]') })
    afterFile(p.cleanup)
    const db = await freshDatabase(pg.cluster)
    const v = await action('verify', p.root, db)
    expect(v.code).toBe(1)
    const error = errorOf(v)
    expect(error).toMatch(
      /^The Prisma CLI 7\.\d+\.\d+ \(node_modules\/\.bin\/prisma\) refuses the schema: `prisma validate`, with the configuration deploy will use, exited with code 1 \(P1012\): .*The preview feature "metrics" is not known/
    )
    expect(error).toContain('prisma/schema.prisma:2')
    expect(error).toContain('remove a preview feature')
    expect(error).not.toContain('\u001b')
    expect(v.stdout).toMatch(/✗ schema/)
    // The CLI agrees at deploy time: the same code.
    const d = await action('deploy', p.root, db)
    expect(d.code).toBe(1)
    expect(errorOf(d)).toContain('(P1012)')
  }, 240_000)

  test('a valid schema: the check says so beside the CLI and engine', async () => {
    const p = makePrismaProject({ major: 7, migrations: BASE })
    afterFile(p.cleanup)
    const db = await freshDatabase(pg.cluster)
    const v = await action('verify', p.root, db)
    expect(errorOf(v)).toBe('')
    expect(v.stdout).toMatch(
      /✓ schema: .*prisma CLI 7\.\d+\.\d+ \(node_modules\/\.bin\/prisma\), schema engine [0-9a-f]{12} \(resolved by PRISMA_SCHEMA_ENGINE_BINARY\); schema valid \(prisma validate\)/
    )
  }, 240_000)
})
