import { beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { setOutput } from '../../src/log.js'
import { registerSecret } from '../../src/secrets.js'
import { parseOutputFile } from '../../test-support/runner-env.mjs'
import { generatedMigrations, applyLikePrisma, insertRow } from '../../test-support/fixtures.mjs'
import { runAction, allTexts, findSecretLeaks, errorOf, GUARDED_ENV, PROJECT_ROOT, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase } from '../helpers/suite.js'

/**
 * SPEC 10: no secret in outputs, summaries, logs or error messages, here for the text the
 * migration-risk check derives from the migration files: the parser's error message (which quotes
 * the SQL from the failing token on), a `db-deploy: allow` comment's rule and reason. A migration
 * that holds the database password (pasted in by mistake, or a role's password set in SQL) must not
 * carry it into `risk-findings`, the other outputs, the job summary, the annotations or the failure.
 */

const PASSWORD = `p:/@%+ss word#?&="'\\;~ü`

const pg = useCluster({ password: PASSWORD })

/**
 * verify through dist/index.js on a fresh database with the two generated migrations applied (a row
 * in t0000: dropping it destroys data, a high finding) and `pending` pending.
 */
async function verifyWith(pending: string, inputs: Record<string, string> = {}, pendingName = '20240101000300_pending'): Promise<RunResult> {
  const applied = generatedMigrations(2)
  const project = tempProject({ migrations: [...applied, { name: pendingName, sql: pending }] })
  const db = await freshDatabase(pg.cluster, async client => {
    await applyLikePrisma(client, applied)
    await client.query(`INSERT INTO "t0000" ("name") VALUES ('a row')`)
  })
  return runAction({
    workspace: project.root,
    inputs: { phase: 'verify', migrator: 'builtin', 'connect-timeout': '5', 'database-url': pg.cluster.url({ database: db }), ...inputs },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined }
  })
}

/** The JSON of the `risk-findings` output. */
function findings(r: RunResult): { rule: string; message: string; allowed?: string }[] {
  return JSON.parse(r.outputs['risk-findings'] ?? 'null') as { rule: string; message: string; allowed?: string }[]
}

describe('the migration-risk check never carries the password into what it prints', () => {
  test('a parse error quoting the password: not in risk-findings, the summary, the log or the failure', async () => {
    // An unterminated dollar quote: the parser's message quotes everything from it to the end.
    const r = await verifyWith(`CREATE TABLE "x" (id int);\nSELECT $q$${PASSWORD} and more\n`)
    expect(r.code).not.toBe(0)
    const list = findings(r)
    expect(list.map(f => f.rule)).toContain('parse-error')
    expect(list.find(f => f.rule === 'parse-error')?.message).toContain('unterminated dollar-quoted string at or near "$q$***')
    expect(r.outputs['risk-level']).toBe('high')
    expect(errorOf(r)).toContain('parse-error')
    expect(r.summary).toContain('unterminated dollar-quoted string')
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
    expect(findSecretLeaks(PASSWORD, { error: errorOf(r) })).toEqual([])
  })

  test('a syntax error quoting the password as an SQL string literal (quotes doubled): not in any output', async () => {
    const literal = `'${PASSWORD.replace(/'/g, "''")}'`
    const r = await verifyWith(`CREATE TABLE "x" (id int);\nSELECT 1 ${literal};\n`)
    expect(r.code).not.toBe(0)
    expect(findings(r).find(f => f.rule === 'parse-error')?.message).toContain('syntax error at or near "\'***\'"')
    const texts = { ...allTexts(r), error: errorOf(r) }
    expect(findSecretLeaks(PASSWORD, texts)).toEqual([])
    expect(Object.entries(texts).filter(([, text]) => text.includes(PASSWORD.replace(/'/g, "''")))).toEqual([])
    // The form in the risk-findings JSON and in the annotation's escaping.
    expect(JSON.stringify(r.outputs)).not.toContain(JSON.stringify(PASSWORD.replace(/'/g, "''")).slice(1, -1))
  })

  test("an allow comment's reason holding the password: accepted, and scrubbed in every output of the passing run", async () => {
    const r = await verifyWith(`-- db-deploy: allow drop-table ${PASSWORD}\nDROP TABLE "t0000";\n`)
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    const accepted = findings(r).find(f => f.rule === 'drop-table')
    expect(accepted?.allowed).toBe('***')
    // The reason given, in the summary's table of accepted findings.
    expect(r.summary).toMatch(/<h3>Accepted after review: 1<\/h3>\n<table>.*<td><code>drop-table<\/code><\/td>.*<td>\*\*\*<\/td><\/tr><\/table>/)
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  })

  test("an allow comment naming the URL-encoded password as its rule: the finding's message, its annotation and the summary are scrubbed", async () => {
    const encoded = encodeURIComponent(PASSWORD)
    const r = await verifyWith(`-- db-deploy: allow ${encoded} reason\nCREATE TABLE "y" (id int);\n`)
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    const unknown = findings(r).find(f => f.message.includes('unknown rule'))
    expect(unknown?.message).toContain("unknown rule '***'")
    expect(r.stdout).toMatch(/::warning .*unknown rule '\*\*\*'/)
    expect(findSecretLeaks(PASSWORD, allTexts(r))).toEqual([])
  })
})

describe('a password with quotes, %, a tab, Unicode and a line separator (a role of its own)', () => {
  // A CR or LF is refused (libpq's password file cannot hold it); U+2028 is a line break to a
  // Markdown renderer and to JavaScript, and the summary turns it into <br>.
  const MULTI = `first "line' 100%41\tsecond ünï密码\u2028third`
  let url = ''
  beforeAll(async () => {
    const admin = await pg.cluster.client()
    try {
      await admin.query(`CREATE ROLE hostile_pw LOGIN SUPERUSER PASSWORD ${admin.escapeLiteral(MULTI)}`)
    } finally {
      await admin.end()
    }
    url = pg.cluster.url({ user: 'hostile_pw', password: MULTI })
  })

  test('a parse error quoting it: not in any output, the summary, the annotations or the log', async () => {
    const r = await verifyWith(`CREATE TABLE "x" (id int);\nSELECT $q$${MULTI} and more\n`, { 'database-url': url })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('parse-error')
    const texts = { ...allTexts(r), error: errorOf(r), annotations: annotationProperties(r).join('\n') }
    expect(findSecretLeaks(MULTI, texts)).toEqual([])
    for (const part of MULTI.split('\u2028')) expect(findSecretLeaks(part, texts)).toEqual([])
    expect(r.summary).toContain('unterminated dollar-quoted string at or near "$q$***')
  })
})

describe("a failed migration row's logs quoting the password where verify shortens them", () => {
  test('the password cut at the 300th character leaves no part of it in the failure, the summary or the log', async () => {
    const applied = generatedMigrations(2)
    const project = tempProject({ migrations: applied })
    const prefix = 'ERROR: permission denied, connection string was '
    // The line is cut after 300 characters: the password starts 10 characters before the cut.
    const logs = `${prefix}${'x'.repeat(300 - 10 - prefix.length)}${PASSWORD} and more`
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, applied)
      await insertRow(client, { name: '20240101000300_failed', checksum: 'f'.repeat(64), finished: false, logs })
    })
    const r = await runAction({
      workspace: project.root,
      inputs: { phase: 'verify', migrator: 'builtin', 'connect-timeout': '5', 'database-url': pg.cluster.url({ database: db }) },
      env: { ...GUARDED_ENV, DATABASE_URL: undefined }
    })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain("Migration '20240101000300_failed' failed")
    const texts = { ...allTexts(r), error: errorOf(r) }
    expect(errorOf(r)).toContain(`${'x'.repeat(10)}***`)
    expect(findSecretLeaks(PASSWORD.slice(0, 8), texts)).toEqual([])
  })
})

/** The properties of the `::error`/`::warning` annotation lines, decoded from the workflow-command escaping. */
function annotationProperties(r: RunResult): string[] {
  return r.stdout
    .split('\n')
    .map(line => /^::(?:error|warning|notice) ([^:]*)::/.exec(line)?.[1])
    .filter((p): p is string => p !== undefined)
    .flatMap(p => p.split(','))
    .map(p => p.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'))
}

describe('a migration folder named with the password (URL-encoded: a folder name holds no slash)', () => {
  test("the annotation's file property, the outputs, the summary and the log hold no form of it", async () => {
    const name = `20240101000300_${encodeURIComponent(PASSWORD)}`
    const r = await verifyWith('DROP TABLE "t0000";\n', {}, name)
    expect(r.code).not.toBe(0)
    const props = annotationProperties(r)
    expect(props.some(p => p.startsWith('file=prisma/migrations/20240101000300_***/migration.sql'))).toBe(true)
    expect(findSecretLeaks(PASSWORD, { ...allTexts(r), annotations: props.join('\n'), error: errorOf(r) })).toEqual([])
  })
})

describe('one scrubbing call site', () => {
  test('setOutput: a multi-line value that mimics the file format stays one output, scrubbed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-file-'))
    const file = path.join(dir, 'output')
    fs.writeFileSync(file, '')
    const saved = process.env.GITHUB_OUTPUT
    process.env.GITHUB_OUTPUT = file
    try {
      registerSecret('hunter2-Secret')
      const value = 'first\nEOF\nforged<<EOF\ninjected\nEOF\nforged2=plain\r\nghadelimiter_00000000-0000-0000-0000-000000000000\nhunter2-Secret last'
      setOutput('risk-findings', value)
      setOutput('risk-level', 'high')
      // The carriage return is shown escaped, as every control character of printed text is.
      expect(parseOutputFile(fs.readFileSync(file, 'utf8'))).toEqual({
        'risk-findings': value.replace('hunter2-Secret', '***').replace('\r', '\\r'),
        'risk-level': 'high'
      })
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT
      else process.env.GITHUB_OUTPUT = saved
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('src/ sets outputs and fails the step only through log.ts, which scrubs', () => {
    const srcDir = path.join(PROJECT_ROOT, 'src')
    const offenders: string[] = []
    for (const file of fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file === 'log.ts') continue
      const text = fs.readFileSync(path.join(srcDir, file), 'utf8')
      for (const call of text.match(/\bcore\s*\.\s*(setOutput|setFailed|exportVariable)\s*\(/g) ?? []) offenders.push(`${file}: ${call}`)
    }
    expect(offenders).toEqual([])
  })
})
