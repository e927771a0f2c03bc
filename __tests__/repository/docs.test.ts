import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../helpers/run-action.js'

// The README is what a user reads first; docs/ holds the reference. These tests keep the two
// connected: every page reachable from the README, every link landing on a file and a heading
// that exist, and the reusable workflows' interfaces documented where the README points.

const read = (rel: string): string => fs.readFileSync(path.join(PROJECT_ROOT, rel), 'utf8')
const docsPages = fs
  .readdirSync(path.join(PROJECT_ROOT, 'docs'))
  .filter(f => f.endsWith('.md'))
  .sort()
  .map(f => path.posix.join('docs', f))
const documentationFiles = ['README.md', ...docsPages]

/** The text outside fenced code blocks: a link or heading inside a code sample is not one. */
const prose = (text: string): string => text.replace(/^\s*```[\s\S]*?^\s*```/gm, '')

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')

/** The anchors of a Markdown file's headings, with GitHub's -1, -2 … for repeated ones. */
const anchorsOf = (rel: string): Set<string> => {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const m of prose(read(rel)).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1])
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

/** Relative links of a Markdown file: [text](target), without web addresses. */
const relativeLinks = (rel: string): string[] => [...prose(read(rel)).matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]).filter(t => !/^[a-z]+:/i.test(t))

describe('the README and docs/', () => {
  test('the anchor function agrees with GitHub on the headings this project uses', () => {
    expect(slug('rehearse — `[REHEARSAL] Rehearsing the migrations on a restored copy of the backup (production untouched)`')).toBe(
      'rehearse--rehearsal-rehearsing-the-migrations-on-a-restored-copy-of-the-backup-production-untouched'
    )
    expect(slug('verify — `[STEP 1/3] Pre-deployment verification (read-only)`')).toBe('verify--step-13-pre-deployment-verification-read-only')
    expect(slug("`restore-database.yml`: restore a deploy run's backup, then verify")).toBe('restore-databaseyml-restore-a-deploy-runs-backup-then-verify')
  })

  test('docs/ has the reference pages, and the README links every one of them', () => {
    expect(docsPages).toEqual(
      expect.arrayContaining(['docs/phases.md', 'docs/migration-risk.md', 'docs/restore.md', 'docs/recovery.md', 'docs/connection-url.md', 'docs/testing.md', 'docs/prisma.md'])
    )
    const fromReadme = new Set(relativeLinks('README.md').map(t => path.posix.normalize(t.split('#')[0])))
    for (const page of docsPages) expect([page, fromReadme.has(page)]).toEqual([page, true])
  })

  test.each(documentationFiles)('every relative link in %s lands on a file, and on a heading of it', file => {
    const links = relativeLinks(file)
    for (const target of links) {
      const [filePart, anchor] = target.split('#') as [string, string | undefined]
      const resolved = filePart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), filePart))
      expect([target, fs.existsSync(path.join(PROJECT_ROOT, resolved))]).toEqual([target, true])
      if (anchor !== undefined) expect([target, anchorsOf(resolved).has(anchor)]).toEqual([target, true])
    }
  })

  test('a broken link or anchor is caught', () => {
    expect(anchorsOf('README.md').has('no-such-heading')).toBe(false)
    expect(anchorsOf('README.md').has('security')).toBe(true)
    expect(relativeLinks('README.md').length).toBeGreaterThan(5)
  })

  test('the README says what the tests replace of Prisma, and stays a page a user reads', () => {
    const readme = read('README.md')
    expect(readme).toContain('npm run demo')
    expect(readme).toContain('npm test')
    expect(readme).toMatch(/WebAssembly/)
    expect(readme).toContain('PRISMA_SCHEMA_ENGINE_BINARY')
    expect(Buffer.byteLength(readme)).toBeLessThan(20 * 1024)
  })

  test.each(documentationFiles)('%s cites no section of a document users do not have', file => {
    expect(read(file)).not.toMatch(/\bSPEC\b/)
  })

  test('every input, secret and output of the reusable workflows is documented in docs/inputs.md', () => {
    const page = read(path.join('docs', 'inputs.md'))
    for (const wf of ['deploy-database.yml', 'restore-database.yml']) {
      const call = parse(read(path.join('.github', 'workflows', wf))).on.workflow_call
      const names = [call.inputs, call.secrets, call.outputs].flatMap(o => Object.keys(o ?? {}))
      expect(names.length).toBeGreaterThan(5)
      const start = page.indexOf(`### \`${wf}\``)
      expect(start).toBeGreaterThan(0)
      const rest = page.slice(start)
      const end = rest.indexOf('\n#', 1)
      const section = end > 0 ? rest.slice(0, end) : rest
      for (const name of names) expect([wf, name, section.includes(`| \`${name}\``)]).toEqual([wf, name, true])
    }
  })
})
