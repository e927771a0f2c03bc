/**
 * `allowed-refs` patterns, with the rules of GitHub's branch and tag filters in workflows
 * (`on.push.branches`, `tags`; GitHub's "Filter pattern cheat sheet"), which users already know.
 * A pattern is matched against the whole of GITHUB_REF (`refs/heads/main`, `refs/tags/v1.2.0`):
 *
 * - `*` matches any run of characters except `/`; `**` any run, `/` included; `**` followed by `/`
 *   also matches nothing at all (`refs/heads/**\/fix` matches `refs/heads/fix`);
 * - `?` makes the character (or `[]` range) before it optional, `+` repeats it once or more
 *   (`v[0-9]+` matches `v1` and `v10`);
 * - `[]` matches one character listed in it or in one of its ranges; as in GitHub's filters, only
 *   letters and digits may be listed, and ranges only within `a-z`, `A-Z` or `0-9`;
 * - `\` makes the next character literal (`refs/heads/c\+\+`);
 * - `!` first in a pattern makes it exclude what it matches; patterns are read in order and the
 *   last one that matches a ref decides, so a `!` pattern excludes refs an earlier pattern allowed,
 *   and a later plain pattern can allow them again. A list needs at least one plain pattern;
 *   `!` anywhere else is a literal character;
 * - every other character matches only itself (`.` is a dot).
 */

export interface RefPattern {
  /** The entry as given. */
  text: string
  /** A `!` entry: excludes the refs it matches. */
  negated: boolean
  regex: RegExp
}

/** An entry that is not a pattern by these rules: `problem` says where and why. */
export class RefPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly problem: string
  ) {
    super(`'${pattern}' ${problem}`)
    this.name = 'RefPatternError'
  }
}

const RANGES: readonly [string, string][] = [
  ['a', 'z'],
  ['A', 'Z'],
  ['0', '9']
]

function inRange(c: string | undefined): [string, string] | undefined {
  return c === undefined ? undefined : RANGES.find(([lo, hi]) => c >= lo && c <= hi && c.length === 1)
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Compiles one `allowed-refs` entry; throws RefPatternError naming the position of what is wrong. */
export function compileRefPattern(text: string): RefPattern {
  const negated = text.startsWith('!')
  const body = negated ? text.slice(1) : text
  const offset = negated ? 1 : 0
  if (body === '') throw new RefPatternError(text, 'is empty after its `!`: name the refs to exclude, e.g. `!refs/heads/wip/**`.')
  const at = (i: number): string => `at position ${i + offset + 1}`
  let source = ''
  /** Whether the last thing written is a single character or range that `?` or `+` may apply to. */
  let repeatable = false
  const chars = [...body]
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    if (c === '*') {
      if (chars[i + 1] === '*') {
        if (chars[i + 2] === '/') {
          source += '(?:.+/)?'
          i += 2
        } else {
          source += '.*'
          i += 1
        }
      } else {
        source += '[^/]*'
      }
      repeatable = false
    } else if (c === '?' || c === '+') {
      if (!repeatable) {
        throw new RefPatternError(text, `has '${c}' ${at(i)} with no character or range before it to ${c === '+' ? 'repeat' : 'make optional'}; to match '${c}' itself, write '\\${c}'.`)
      }
      source += c
      repeatable = false
    } else if (c === '\\') {
      const next = chars[i + 1]
      if (next === undefined) throw new RefPatternError(text, `ends with '\\' ${at(i)}, which has no character after it to make literal.`)
      source += escapeRegExp(next)
      i += 1
      repeatable = true
    } else if (c === '[') {
      const start = i
      let cls = ''
      i += 1
      if (chars[i] === ']') throw new RefPatternError(text, `has an empty '[]' ${at(start)}: list the letters or digits it may match, e.g. '[0-9]'.`)
      for (; i < chars.length && chars[i] !== ']'; i++) {
        const d = chars[i]
        const range = inRange(d)
        if (!range) {
          throw new RefPatternError(
            text,
            `has '${d}' ${at(i)} inside '[]', which may list only letters and digits, and ranges within a-z, A-Z or 0-9 (as in GitHub's branch and tag filters); match other characters outside brackets, with '\\' if they are special.`
          )
        }
        if (chars[i + 1] === '-' && chars[i + 2] !== undefined && chars[i + 2] !== ']') {
          const hi = chars[i + 2]
          if (inRange(hi) !== range || hi < d) {
            throw new RefPatternError(text, `has the range '${d}-${hi}' ${at(i)}, which is not within a-z, A-Z or 0-9 in order.`)
          }
          cls += `${d}-${hi}`
          i += 2
        } else {
          cls += d
        }
      }
      if (chars[i] !== ']') throw new RefPatternError(text, `has a '[' ${at(start)} that is never closed with ']'.`)
      source += `[${cls}]`
      repeatable = true
    } else {
      source += escapeRegExp(c)
      repeatable = true
    }
  }
  return { text, negated, regex: new RegExp(`^${source}$`, 'u') }
}

/**
 * Why a pattern can never match GITHUB_REF, which always has the form `refs/<kind>/<name>`, or
 * `undefined`. Catches the usual mistake of a branch filter's short name (`main`, `release/*`)
 * where the input needs the full ref; not every pattern that matches no ref.
 */
export function neverMatchesARef(pattern: RefPattern): string | undefined {
  const body = pattern.negated ? pattern.text.slice(1) : pattern.text
  const literalPrefix = /^[^*?+[\\]*/.exec(body)?.[0] ?? ''
  const short = body.replace(/^(refs\/)?(heads\/|tags\/)?/, '')
  const suggestion = `write the full ref, e.g. 'refs/heads/${short}' for branches or 'refs/tags/${short}' for tags`
  if (!body.includes('/') && !body.includes('**')) {
    return `can never match GITHUB_REF, which always holds slashes (refs/heads/<branch>, refs/tags/<tag>), and '*' does not match '/': ${suggestion} ('refs/heads/**' matches every branch).`
  }
  if (!literalPrefix.startsWith('refs/') && !'refs/'.startsWith(literalPrefix)) {
    return `can never match GITHUB_REF, which always starts with 'refs/': ${suggestion}.`
  }
  return undefined
}

/**
 * Whether `ref` is allowed by `patterns`, read in order: the last pattern that matches decides (a
 * plain one allows, a `!` one excludes); none matching refuses. Returns the deciding pattern too.
 */
export function refAllowed(patterns: readonly RefPattern[], ref: string): { allowed: boolean; by: RefPattern | undefined } {
  let by: RefPattern | undefined
  for (const p of patterns) if (p.regex.test(ref)) by = p
  return { allowed: by !== undefined && !by.negated, by }
}
