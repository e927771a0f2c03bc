import { describe, expect, test } from '@jest/globals'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, urlParses } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase } from '../helpers/suite.js'

const pg = useCluster({ password: 'p:/@%+ss word' })

describe('verify through dist/index.js', () => {
  test('reports pending migrations, outputs, summary and the group marker', async () => {
    const migrations = generatedMigrations(5)
    const project = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, migrations.slice(0, 2)))

    const r = await runAction({
      workspace: project.root,
      inputs: { phase: 'verify', 'database-url': pg.cluster.url({ database: db }), migrator: 'builtin' }
    })
    expect(r.stdout).toContain('::group::[STEP 1/3] Pre-deployment verification (read-only)')
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs['pending-count']).toBe('3')
    expect(JSON.parse(r.outputs['pending-migrations'] ?? '')).toEqual(migrations.slice(2).map(m => m.name))
    expect(r.outputs['applied-count']).toBe('2')
    expect(r.outputs['server-version']).toBe(pg.cluster.version)
    expect(r.outputs['risk-level']).toBe('none')
    expect(r.outputs['risk-findings']).toBe('[]')
    expect(urlParses(r)).toBe(1)
    for (const name of ['safety-guards', 'env', 'connection', 'migrations', 'schema', 'migration-risk']) {
      expect(r.summary).toContain(`<code>${name}</code>`)
    }
    expect(r.summary).toContain(migrations[4]?.name)
    expect(findSecretLeaks(pg.cluster.password, allTexts(r))).toEqual([])
  })
})
