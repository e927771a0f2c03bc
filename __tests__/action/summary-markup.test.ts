import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeSummary, type SummaryContent } from '../../src/summary.js'

/**
 * The job summary is Markdown holding one-line HTML blocks (the tables and lists @actions/core
 * builds). Text from files and the database goes into their cells: a line break of any kind in it
 * could end the HTML block (a blank line turns what follows into Markdown: images, links) or start
 * a row of its own, and a control character could hide what a name says. No server is needed:
 * the summary is written to a temporary file as the runner's GITHUB_STEP_SUMMARY.
 */

let dir: string
let file: string
const savedSummaryPath = process.env.GITHUB_STEP_SUMMARY

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-markup-'))
  file = path.join(dir, 'summary.md')
  // @actions/core reads the path from process.env (and keeps it for the process's life).
  process.env.GITHUB_STEP_SUMMARY = file
})
afterAll(() => {
  if (savedSummaryPath === undefined) delete process.env.GITHUB_STEP_SUMMARY
  else process.env.GITHUB_STEP_SUMMARY = savedSummaryPath
  fs.rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  fs.writeFileSync(file, '')
})

/** Writes the summary of `content` alone and returns the file's text. */
async function summaryOf(content: SummaryContent): Promise<string> {
  await writeSummary(content, { GITHUB_STEP_SUMMARY: file })
  return fs.readFileSync(file, 'utf8')
}

/** A summary with `text` in every place text from outside goes: outcome, step detail, list item, table cell, output. */
function everywhere(text: string): SummaryContent {
  return {
    title: 'Database deployment — verify: failed',
    outcome: `Outcome: ${text}`,
    steps: [{ name: 'migrations', status: 'failed', durationMs: 12, detail: `Detail: ${text}` }],
    lists: [{ heading: 'Pending migrations (1)', items: [`Item: ${text}`], empty: 'None.' }],
    tables: [{ heading: 'Migration risk', header: ['Rule', 'What happens'], rows: [['drop-table', `Cell: ${text}`]], empty: 'No findings.' }],
    outputs: { 'pending-migrations': `Output: ${text}` }
  }
}

/** The five places `everywhere` puts its text, as the summary shows them. */
function shown(summary: string): string[] {
  return ['Outcome', 'Detail', 'Item', 'Cell', 'Output'].map(label => {
    const at = summary.indexOf(`${label}: `)
    if (at < 0) return `<${label} not found>`
    const rest = summary.slice(at + label.length + 2)
    return rest.slice(0, rest.search(/<\/(?:p|td|code)>/))
  })
}

/** The structure every summary keeps: each line one complete block, no blank line, no other line break. */
function expectWellFormed(summary: string): void {
  expect(summary).not.toMatch(/[\r\u2028\u2029\u0085]/)
  const lines = summary.split('\n')
  expect(lines.pop()).toBe('')
  for (const line of lines) {
    expect(line).toMatch(/^<(h2|h3|p|table|ol)>.*<\/\1>$/)
    // Only the summary's own markup: escaped text adds no element.
    const tags = [...line.matchAll(/<\/?([a-z0-9]+)/g)].map(m => m[1])
    for (const tag of tags) expect(['h2', 'h3', 'p', 'table', 'tr', 'th', 'td', 'ol', 'li', 'code', 'br', 'b']).toContain(tag)
  }
  // Title, outcome, why the step failed, the list, the table, the checks and the outputs (each a heading and a block).
  expect(lines.length).toBe(11)
}

describe('job summary markup', () => {
  test.each([
    ['LF', 'a\nb', 'a<br>b'],
    ['CR LF', 'a\r\nb', 'a<br>b'],
    ['a lone CR', 'a\rb', 'a<br>b'],
    ['U+2028 (line separator)', 'a\u2028b', 'a<br>b'],
    ['U+2029 (paragraph separator)', 'a\u2029b', 'a<br>b'],
    ['each break of a mixed run', 'a\r\n\r\rb\n\u2028c', 'a<br><br><br>b<br><br>c']
  ])('%s becomes <br> in every cell, list item and paragraph', async (_label, text, expected) => {
    const summary = await summaryOf(everywhere(text))
    expectWellFormed(summary)
    expect(shown(summary)).toEqual(Array(5).fill(expected))
  })

  test('a blank line made of carriage returns cannot end the table and inject Markdown', async () => {
    const hostile = 'x\r\r![tracker](https://evil.example/p.png)\r\r| a | b |\r|---|---|\r| <script>alert(1)</script> | y |'
    const summary = await summaryOf(everywhere(hostile))
    expectWellFormed(summary)
    expect(summary).not.toContain('<script')
    for (const text of shown(summary)) {
      expect(text).toBe('x<br><br>![tracker](https://evil.example/p.png)<br><br>| a | b |<br>|---|---|<br>| &lt;script&gt;alert(1)&lt;/script&gt; | y |')
    }
  })

  test('text cannot close the cell, the row or the table', async () => {
    const summary = await summaryOf(everywhere('</td></tr></table>\n\n<img src=x onerror=alert(1)>&amp;'))
    expectWellFormed(summary)
    expect(summary).not.toContain('<img')
    for (const text of shown(summary)) expect(text).toBe('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;<br><br>&lt;img src=x onerror=alert(1)&gt;&amp;amp;')
  })

  test.each([
    ['NUL', '\u0000', '\\u0000'],
    ['ESC (a terminal colour)', '\u001b[31m', '\\u001b[31m'],
    ['vertical tab', '\u000b', '\\u000b'],
    ['form feed', '\u000c', '\\u000c'],
    ['backspace', '\b', '\\u0008'],
    ['DEL', '\u007f', '\\u007f'],
    ['NEL (C1)', '\u0085', '\\u0085'],
    ['CSI (C1)', '\u009b', '\\u009b'],
    ['right-to-left override', '\u202e', '\\u202e'],
    ['left-to-right isolate', '\u2066', '\\u2066'],
    ['byte order mark', '\ufeff', '\\ufeff']
  ])('the control character %s is shown as an escape', async (_label, c, expected) => {
    const summary = await summaryOf(everywhere(`a${c}b`))
    expectWellFormed(summary)
    // eslint-disable-next-line no-control-regex
    expect(summary).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/)
    expect(shown(summary)).toEqual(Array(5).fill(`a${expected}b`))
  })

  test('a tab and ordinary Unicode stay as they are', async () => {
    const summary = await summaryOf(everywhere('a\tb é 日本 🚀'))
    expectWellFormed(summary)
    expect(shown(summary)).toEqual(Array(5).fill('a\tb é 日本 🚀'))
  })
})
