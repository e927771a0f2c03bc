import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startCluster, type Cluster } from '../test-support/pg-cluster.mjs'
import { makeProject, generatedMigrations, applyLikePrisma } from '../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf } from './helpers/run-action.js'

let cluster: Cluster

beforeAll(async () => {
  cluster = await startCluster({ password: 'p:/@%+ss word' })
})
afterAll(async () => {
  await cluster?.stop()
})

describe('verify through dist/index.js', () => {
  test('reports pending migrations, outputs, summary and the group marker', async () => {
    const migrations = generatedMigrations(5)
    const project = makeProject({ migrations })
    const db = await cluster.createDatabase()
    const client = await cluster.client({ database: db })
    await applyLikePrisma(client, migrations.slice(0, 2))
    await client.end()

    const r = await runAction({
      workspace: project.root,
      inputs: { phase: 'verify', 'database-url': cluster.url({ database: db }), migrator: 'builtin' }
    })
    expect(r.stdout).toContain('::group::[STEP 1/3] Pre-deployment verification (read-only)')
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['pending-count']).toBe('3')
    expect(JSON.parse(r.outputs['pending-migrations'] ?? '')).toEqual(migrations.slice(2).map(m => m.name))
    expect(r.outputs['applied-count']).toBe('2')
    expect(r.outputs['server-version']).toBe(cluster.version)
    for (const name of ['safety-guards', 'env', 'connection', 'migrations', 'schema']) {
      expect(r.summary).toContain(`<code>${name}</code>`)
    }
    expect(r.summary).toContain(migrations[4]?.name)
    expect(findSecretLeaks(cluster.password, allTexts(r))).toEqual([])
    project.cleanup()
  })
})
