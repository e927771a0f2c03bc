import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { shellWord, shellCommand } from '../../src/shell-words.js'
import { sqlIdent, sqlLiteral } from '../../src/postgres/sql-text.js'
import { neutralize } from '../../src/log.js'
import { escapeSummaryText } from '../../src/summary.js'
import { generatedMigrations, applyLikePrisma, insertRow } from '../../test-support/fixtures.mjs'
import { runAction, errorOf, GUARDED_ENV, type RunResult } from '../helpers/run-action.js'
import { useCluster, tempProject, freshDatabase, afterFile } from '../helpers/suite.js'

/**
 * Every command the action prints for a person to copy into a shell gives that shell exactly the
 * words meant, whatever the names in it hold: each printed command is run by a real bash with its
 * program replaced by `printf '%s\0'`, and the words it prints are compared with the intended ones.
 */

const pg = useCluster()

/** Names a shell would not read as one plain word. */
const HOSTILE = [
  'plain_name-1.2',
  'with space',
  "single'quote",
  'double"quote',
  '$(touch pwned)',
  '`id`',
  '$HOME ${PATH}',
  'semi;colon|pipe&amp',
  'new\nline',
  'carriage\rreturn',
  'tab\there',
  'back\\slash',
  '!bang !! !$',
  '*glob? [x]',
  '~tilde',
  '#hash',
  '-leading-dash',
  '',
  '##[error]forged',
  'bidi\u202egnp.exe',
  'zero\u200bwidth\ufeff',
  'tag\u{e0041}char',
  'émoji 🎉 日本'
]

/** The words bash gives `printf '%s\0'` for `args` (a command line without its program). */
function wordsByBash(args: string): string[] {
  const r = spawnSync('bash', ['-c', `printf '%s\\0' ${args}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' } })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return r.stdout.split('\0').slice(0, -1)
}

/** `text` as a person copies it out of the rendered job summary: the HTML entities decoded. */
function fromSummaryHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

describe('shellWord', () => {
  test.each(HOSTILE.map(w => [JSON.stringify(w), w]))('%s is one word, the same word, for bash', (_shown, word) => {
    const written = shellWord(word)
    expect(wordsByBash(written)).toEqual([word])
    // What the log and the summary show of it is still that word: nothing invisible to escape, no
    // backtick to end a Markdown code span, no `##[` for the log to rewrite, no line break.
    expect(neutralize(written)).toBe(written)
    expect(fromSummaryHtml(escapeSummaryText(written))).toBe(written)
    expect(written).not.toMatch(/[`\n\r]/)
  })

  test('every hostile word at once, as one command', () => {
    expect(wordsByBash(shellCommand(HOSTILE))).toEqual(HOSTILE)
  })

  test('plain words stay as they are; others are quoted', () => {
    expect(shellCommand(['pg_restore', '--dbname', 'a=b', 'x.dump'])).toBe('pg_restore --dbname a=b x.dump')
    expect(shellWord('with space')).toBe("'with space'")
    expect(shellWord("it's")).toBe("'it'\\''s'")
    expect(shellWord('a\u202eb')).toBe("$'a\\xe2\\x80\\xaeb'")
  })
})

describe('SQL a person copies: names with invisible characters in the Unicode escape form, read by the server as the same name', () => {
  test.each([
    ['plain', 'orders'],
    ['quotes', 'we"ird\'name'],
    ['bidi override', 'db\u202egnp'],
    ['zero-width and tag characters', 'a\u200bb\u{e0041}'],
    ['line break and backslash', 'two\nlines\\x']
  ])('%s', async (_what, name) => {
    const ident = sqlIdent(name)
    const literal = sqlLiteral(name)
    expect(neutralize(ident)).toBe(ident)
    expect(ident).not.toMatch(/[\n\u200b\u202e]/)
    const db = await freshDatabase(pg.cluster)
    const client = await pg.cluster.client({ database: db })
    try {
      for (const scs of ['on', 'off']) {
        // The identifier form does not depend on standard_conforming_strings; the literal form needs it on (the default).
        await client.query(`SET standard_conforming_strings = ${scs}`)
        await client.query(`CREATE TABLE ${ident} (x int)`)
        const r = await client.query<{ relname: string }>('SELECT relname FROM pg_class WHERE relname = $1', [name])
        expect(r.rows.map(row => row.relname)).toEqual([name])
        await client.query(`DROP TABLE ${ident}`)
      }
      await client.query('SET standard_conforming_strings = on')
      const lit = await client.query<{ v: string }>(`SELECT ${literal}::text AS v`)
      expect(lit.rows[0]?.v).toBe(name)
    } finally {
      await client.end()
    }
  })
})

/**
 * Each command printed in backticks in the log and as code in the summary (HTML, where GitHub reads
 * no backticks), as the words bash reads from it (deduplicated).
 */
function printedCommands(r: RunResult): { log: string[][]; summary: string[][] } {
  const parse = (text: string): string[][] => {
    const commands = [...text.matchAll(/`((?:age|pg_restore|npx prisma|git) [^`]*)`/g)].map(m => m[1])
    const parsed = commands.map(c => {
      const [program, ...rest] = c.split(' ')
      return [program, ...wordsByBash(rest.join(' '))]
    })
    return [...new Map(parsed.map(words => [JSON.stringify(words), words])).values()]
  }
  const codeSpans = [...r.summary.matchAll(/<code>([^<]*)<\/code>/g)].map(m => `\`${fromSummaryHtml(m[1] ?? '')}\``).join('\n')
  return { log: parse(r.stdout), summary: parse(codeSpans) }
}

function deploy(root: string, db: string, inputs: Record<string, string> = {}): Promise<RunResult> {
  return runAction({
    workspace: root,
    inputs: { phase: 'deploy', migrator: 'builtin', 'database-url': pg.cluster.url({ database: db }), ...inputs },
    env: { ...GUARDED_ENV, DATABASE_URL: undefined }
  })
}

describe('the commands a failed deploy prints, through dist/index.js', () => {
  test('a hostile folder name, database name and backup file name: the age, pg_restore and resolve commands give bash the intended words', async () => {
    // A folder name holds anything but '/' and control characters.
    const folder = `20240201000000_x';touch pwned;'$(id) \`id\` "q" \u202eexe`
    const database = `app db'$(id)\`x\`\u202e`
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-'))
    afterFile(() => fs.rmSync(dir, { recursive: true, force: true }))
    const backupFile = `prod $(touch pwned) 'x' \`y\` \u202e.dump.age`
    const migrations = [...generatedMigrations(1), { name: folder, sql: 'INSERT INTO "no_such_table" VALUES (1);\n' }]
    const p = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster, client => applyLikePrisma(client, migrations.slice(0, 1)), database)
    const r = await deploy(p.root, db, { 'backup-path': path.join(dir, backupFile) })
    expect(r.code).not.toBe(0)
    expect(r.stdout).toContain('Recovery runbook:')
    const plain = backupFile.replace(/\.age$/, '')
    const expected = [
      ['age', '-d', '-i', 'key.txt', '-o', plain, backupFile],
      ['pg_restore', '--clean', '--if-exists', '--no-owner', '--dbname', `postgresql://<user>:<password>@127.0.0.1:${pg.cluster.port}/${encodeURIComponent(database)}`, plain],
      ['npx', 'prisma', 'migrate', 'resolve', '--rolled-back', folder],
      ['npx', 'prisma', 'migrate', 'resolve', '--applied', folder]
    ]
    const printed = printedCommands(r)
    expect(printed.log).toEqual(expect.arrayContaining(expected))
    expect(printed.summary).toEqual(expect.arrayContaining(expected))
    for (const commands of [printed.log, printed.summary]) {
      // The URL names exactly that database.
      const url = commands.find(w => w[0] === 'pg_restore')?.[5] ?? ''
      expect(decodeURIComponent(url.slice(url.lastIndexOf('/') + 1))).toBe(database)
      // No other command was cut or altered on the way.
      expect(commands.filter(w => !expected.some(e => JSON.stringify(e) === JSON.stringify(w)))).toEqual([])
    }
  })

  test("a name read from the database (an earlier run's failed row, with a line break): the resolve commands give bash that name", async () => {
    const fromDatabase = `20240101000900_earlier\nline $(id) \`id\` 'q' ##[error]x \u200b`
    const migrations = generatedMigrations(2)
    const p = tempProject({ migrations })
    const db = await freshDatabase(pg.cluster, async client => {
      await applyLikePrisma(client, migrations.slice(0, 1))
      await insertRow(client, { name: fromDatabase, checksum: 'e'.repeat(64), finished: false, logs: 'ERROR: boom' })
    })
    const r = await deploy(p.root, db)
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toContain('20240101000900_earlier')
    const expected = [
      ['npx', 'prisma', 'migrate', 'resolve', '--rolled-back', fromDatabase],
      ['npx', 'prisma', 'migrate', 'resolve', '--applied', fromDatabase]
    ]
    const printed = printedCommands(r)
    expect(printed.log).toEqual(expect.arrayContaining(expected))
    expect(printed.summary).toEqual(expect.arrayContaining(expected))
    for (const commands of [printed.log, printed.summary]) {
      expect(commands.filter(w => !expected.some(e => JSON.stringify(e) === JSON.stringify(w)))).toEqual([])
    }
  })
})
