import { describe, expect, test } from '@jest/globals'
import { compileRefPattern, neverMatchesARef, refAllowed, RefPatternError } from '../../src/ref-patterns.js'
import { enforceGuards } from '../../src/guards.js'
import { GUARDED_ENV } from '../helpers/run-action.js'

/**
 * `allowed-refs` matches GITHUB_REF with the rules of GitHub's branch and tag filters. The cases are
 * GitHub's own documented examples ("Workflow syntax for GitHub Actions": the filter pattern cheat
 * sheet, its "Patterns to match branches and tags" table, and the `on.push` branch and tag
 * examples), each matched as GitHub matches it: the pattern language on the names GitHub shows,
 * and the same pattern under `refs/heads/` (or `refs/tags/`) through the guards against GITHUB_REF.
 */

/** [pattern, names it matches, names it does not match], as documented. */
const BRANCH_AND_TAG_TABLE: [string, string[], string[]][] = [
  ['feature/*', ['feature/my-branch', 'feature/your-branch'], ['feature/beta-a/my-branch', 'feature']],
  ['feature/**', ['feature/beta-a/my-branch', 'feature/your-branch', 'feature/mona/the/octocat'], ['features/x']],
  ['main', ['main'], ['main2', 'mainline', 'Main']],
  ['releases/mona-the-octocat', ['releases/mona-the-octocat'], ['releases/mona-the-octocat2']],
  // "Matches all branch and tag names that don't contain a slash (/)."
  ['*', ['main', 'releases'], ['all/the/branches', 'releases/10']],
  // "Matches all branch and tag names."
  ['**', ['all/the/branches', 'every/tag', 'main'], []],
  ['*feature', ['mona-feature', 'feature', 'ver-10-feature'], ['mona/feature', 'feature-x']],
  // "Matches branch and tag names that start with v2."
  ['v2*', ['v2', 'v2.0', 'v2.9'], ['v3', 'v2/x', 'xv2']],
  // "Matches all semantic versioning branches and tags with major version 1 or 2."
  ['v[12].[0-9]+.[0-9]+', ['v1.10.1', 'v2.0.0'], ['v3.0.0', 'v1.x.1', 'v1.10', 'v1a10a1']]
]

/** The cheat sheet's list of special characters, with its examples. */
const CHEAT_SHEET: [string, string[], string[]][] = [
  // `*`: "Matches zero or more characters, but does not match the / character."
  ['Octo*', ['Octocat', 'Octo'], ['Octo/cat']],
  // `**`: "Matches zero or more of any character."
  ['Octo**', ['Octo', 'Octo/c/at'], ['Oct']],
  // `?`: "Matches zero or one of the preceding character." (the paths table: '*.jsx?')
  ['page.jsx?', ['page.js', 'page.jsx'], ['page.jsxx', 'page.j']],
  // `+`: "Matches one or more of the preceding character."
  ['v1+', ['v1', 'v11', 'v111'], ['v', 'v1+']],
  // `[]`: "[CB]at matches Cat or Bat and [1-2]00 matches 100 and 200"; "[0-9a-z] matches any digit or lowercase letter".
  ['[CB]at', ['Cat', 'Bat'], ['Rat', 'cat', 'CBat']],
  ['[1-2]00', ['100', '200'], ['300', '1200']],
  ['x[0-9a-z]', ['x0', 'x9', 'xa', 'xz'], ['xA', 'x-', 'x10']],
  // "!: ... It has no special meaning if not the first character."
  ['a!b', ['a!b'], ['ab']],
  // "If a name contains any of these characters and you want a literal match, you need to escape each of these special characters with \".
  ['c\\+\\+', ['c++'], ['c', 'cc']],
  ['what\\?', ['what?'], ['wha', 'what']],
  ['\\*\\*', ['**'], ['ab', 'a/b']]
]

describe('the pattern language, on the names GitHub documents', () => {
  test.each([...BRANCH_AND_TAG_TABLE, ...CHEAT_SHEET])('%p matches %p and not %p', (pattern, matches, misses) => {
    const { regex } = compileRefPattern(pattern)
    expect(matches.filter(name => !regex.test(name))).toEqual([])
    expect(misses.filter(name => regex.test(name))).toEqual([])
  })

  test('the paths table examples of `**/` (GitHub lets it match nothing, so a folder at the root matches too)', () => {
    const { regex } = compileRefPattern('**/README.md')
    expect(['README.md', 'js/README.md'].filter(n => !regex.test(n))).toEqual([])
    const docs = compileRefPattern('docs/**/*.md').regex
    expect(['docs/README.md', 'docs/mona/hello-world.md', 'docs/a/markdown/file.md'].filter(n => !docs.test(n))).toEqual([])
    expect(docs.test('docs/a/b.txt')).toBe(false)
  })
})

/** The guards on a push to `ref`, with `allowedRefs`: true when they let the phase run. */
function guardsAllow(allowedRefs: string[], ref: string): boolean {
  try {
    enforceGuards({ phase: 'deploy', allowedRefs, env: { ...GUARDED_ENV, GITHUB_EVENT_NAME: 'push', GITHUB_REF: ref } })
    return true
  } catch {
    return false
  }
}

describe('the same patterns as full refs, through the guards', () => {
  test.each(BRANCH_AND_TAG_TABLE)('refs/heads/%s', (pattern, matches, misses) => {
    expect(matches.filter(name => !guardsAllow([`refs/heads/${pattern}`], `refs/heads/${name}`))).toEqual([])
    expect(misses.filter(name => guardsAllow([`refs/heads/${pattern}`], `refs/heads/${name}`))).toEqual([])
    // A branch pattern is not a tag pattern.
    expect(matches.filter(name => guardsAllow([`refs/heads/${pattern}`], `refs/tags/${name}`))).toEqual([])
  })

  test("the `on.push` example: branches main, 'mona/octocat', 'releases/**'; tags v2, v1.*", () => {
    const allowed = ['refs/heads/main', 'refs/heads/mona/octocat', 'refs/heads/releases/**', 'refs/tags/v2', 'refs/tags/v1.*']
    for (const ref of ['refs/heads/main', 'refs/heads/mona/octocat', 'refs/heads/releases/10', 'refs/tags/v2', 'refs/tags/v1.9.1']) {
      expect([ref, guardsAllow(allowed, ref)]).toEqual([ref, true])
    }
    for (const ref of ['refs/heads/mona', 'refs/heads/releases', 'refs/tags/v2.0', 'refs/tags/v1', 'refs/heads/v1.9.1']) {
      expect([ref, guardsAllow(allowed, ref)]).toEqual([ref, false])
    }
  })

  test("the including-and-excluding example: 'releases/**' then '!releases/**-alpha'", () => {
    const allowed = ['refs/heads/releases/**', '!refs/heads/releases/**-alpha']
    expect(guardsAllow(allowed, 'refs/heads/releases/10')).toBe(true)
    expect(guardsAllow(allowed, 'refs/heads/releases/beta/mona')).toBe(true)
    expect(guardsAllow(allowed, 'refs/heads/releases/10-alpha')).toBe(false)
    expect(guardsAllow(allowed, 'refs/heads/releases/beta/3-alpha')).toBe(false)
  })

  test("the paths example of order: '*.md', '!README.md', 'README*': a later plain pattern allows again", () => {
    const patterns = ['refs/heads/*.md', '!refs/heads/README.md', 'refs/heads/README*'].map(compileRefPattern)
    for (const name of ['hello.md', 'README.md', 'README.doc']) expect([name, refAllowed(patterns, `refs/heads/${name}`).allowed]).toEqual([name, true])
    const withoutLast = patterns.slice(0, 2)
    expect(refAllowed(withoutLast, 'refs/heads/README.md')).toEqual({ allowed: false, by: withoutLast[1] })
    expect(refAllowed(withoutLast, 'refs/heads/docs/hello.md').allowed).toBe(false)
  })
})

describe('what is not a pattern, and what can never match a ref', () => {
  test.each([
    ['refs/heads/[main', "has a '[' at position 12 that is never closed"],
    ['refs/heads/[]x', "has an empty '[]' at position 12"],
    ['refs/heads/v[0-9.]', "has '.' at position 17 inside '[]'"],
    ['refs/heads/v[a-Z]', "has the range 'a-Z' at position 14"],
    ['refs/heads/v[9-0]', "has the range '9-0' at position 14"],
    ['+refs/heads/x', "has '+' at position 1 with no character or range before it to repeat"],
    ['refs/heads/*+', "has '+' at position 13 with no character"],
    ['refs/heads/a??', "has '?' at position 14 with no character or range before it to make optional"],
    ['refs/heads/x\\', "ends with '\\' at position 13"],
    ['!', 'is empty after its `!`']
  ])('%p %s', (pattern, problem) => {
    let caught: unknown
    try {
      compileRefPattern(pattern)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(RefPatternError)
    expect((caught as Error).message).toContain(problem)
  })

  test.each([
    ['main', "'refs/heads/main'"],
    ['*', "'refs/heads/**' matches every branch"],
    ['release/*', "'refs/heads/release/*'"],
    ['heads/main', "'refs/heads/main'"],
    ['!main', "'refs/heads/main'"]
  ])('%p can never match GITHUB_REF: the problem suggests %s', (pattern, suggestion) => {
    expect(neverMatchesARef(compileRefPattern(pattern))).toContain(suggestion)
  })

  test.each(['refs/heads/main', 'refs/**', '**', '**/main', '*/heads/main', 'ref*/heads/*', 'refs/tags/v[0-9]+'])('%p may match a ref', pattern => {
    expect(neverMatchesARef(compileRefPattern(pattern))).toBeUndefined()
  })
})
