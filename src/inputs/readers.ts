/** Readers of single inputs: each reads one input, checks it and names what is wrong and how to fix it. */
import * as core from '@actions/core'
import { InputError } from '../errors.js'
import { registerSecret } from '../secrets.js'
import { compileRefPattern, neverMatchesARef, RefPatternError } from '../ref-patterns.js'

/** Comma- or newline-separated list, trimmed, empties dropped. */
export function readList(name: string): string[] {
  return core
    .getInput(name)
    .split(/[,\n]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

export function validateEnvName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new InputError(
      'required-env',
      `contains '${name.split('=')[0]}${name.includes('=') ? '=…' : ''}', which is not an environment variable name.`,
      'List variable names only (letters, digits and underscores), separated by commas or new lines — never their values.'
    )
  }
  return name
}

export function readInteger(name: string, fallback: number, min: number, max: number, unit: string): number {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw)) {
    throw new InputError(name, `must be a whole number of ${unit}, got '${raw}'.`, `Set \`${name}:\` to a number from ${min} to ${max}, e.g. '${fallback}'.`)
  }
  const value = Number(raw)
  if (value < min || value > max) {
    throw new InputError(name, `must be between ${min} and ${max} ${unit}, got ${value}.`, `Set \`${name}:\` to a number from ${min} to ${max}.`)
  }
  return value
}

export function readChoice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw new InputError(name, `has an unknown value '${raw}'.`, `Valid values: ${choices.join(', ')} (default '${fallback}').`)
  }
  return raw as T
}

export function readBoolean(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, `must be 'true' or 'false', got '${raw}'.`, `Set \`${name}:\` to true or false.`)
}

/** `10s`, `500ms`, `2m`, or a bare number of seconds. */
export function readDuration(name: string, fallback: string): number {
  const raw = core.getInput(name) || fallback
  const match = /^(\d+)\s*(ms|s|m)?$/.exec(raw.trim())
  if (!match) {
    throw new InputError(name, `must be a duration like '10s', '500ms' or '1m', got '${raw}'.`, `Set \`${name}:\` to a duration (default '${fallback}').`)
  }
  const amount = Number(match[1])
  const ms = match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000
  if (ms < 1 || ms > 3_600_000) {
    throw new InputError(name, `must be between 1ms and 60m, got '${raw}'.`, `Set \`${name}:\` to a duration such as '10s'.`)
  }
  return ms
}

/**
 * `allowed-refs`: patterns with the rules of GitHub's branch and tag filters (ref-patterns.ts),
 * each checked here: one that is not a pattern by those rules, or that can never match a full ref
 * name (a branch's short name), is refused with where and how to fix it, as is a list of `!`
 * entries only (it would allow nothing).
 */
export function readAllowedRefs(): string[] {
  const entries = readList('allowed-refs')
  const fix = "Write each entry as a full ref name or pattern, e.g. 'refs/heads/main', 'refs/heads/release/**' or 'refs/tags/v[0-9]+.*'; see the input's documentation for the pattern rules."
  for (const entry of entries) {
    try {
      const problem = neverMatchesARef(compileRefPattern(entry))
      if (problem) throw new InputError('allowed-refs', `has the entry '${entry}', which ${problem}`, fix)
    } catch (err) {
      if (err instanceof RefPatternError) throw new InputError('allowed-refs', `has an entry that is not a valid pattern: ${err.message}`, fix)
      throw err
    }
  }
  if (entries.length > 0 && entries.every(e => e.startsWith('!'))) {
    throw new InputError(
      'allowed-refs',
      'lists only exclusions (entries starting with `!`), which allow no ref at all.',
      "Put the refs to allow first and the exclusions after them, e.g. 'refs/heads/release/**, !refs/heads/release/**-alpha'."
    )
  }
  return entries
}

/**
 * `backup-recipients`: age public keys, separated by commas, spaces or new lines. As in an age
 * recipients file (`age -R`), blank lines are ignored and `#` starts a comment to the end of its
 * line (at the start of a line or after a space or comma; a key never holds one), so a recipients
 * file can be pasted whole. Anything that looks like an age secret key, comments included, is
 * registered as a secret before the input is judged (it is refused, never printed); a key that
 * is refused is named by its line (and its place on the line) and first characters only.
 */
export async function readRecipients(): Promise<string[]> {
  const raw = core.getInput('backup-recipients', { trimWhitespace: false })
  const lines = raw.split(/\r?\n/)
  for (const token of raw.split(/[\s,#]+/)) if (/^AGE-SECRET-KEY-/i.test(token)) registerSecret(token)
  const entries: { key: string; line: number; onLine: number; ofLine: number }[] = []
  for (const [i, text] of lines.entries()) {
    const cut = /(^|[\s,])#/.exec(text)
    const keys = (cut ? text.slice(0, cut.index + cut[1].length) : text).split(/[,\s]+/).filter(k => k !== '')
    if (cut && /AGE-SECRET-KEY-/i.test(text.slice(cut.index))) {
      throw new InputError(
        'backup-recipients',
        `line ${i + 1} holds an age secret key (an AGE-SECRET-KEY-1… value, not shown) in a comment.`,
        'Remove it from the workflow and keep it only in a secret manager: anyone who can read the workflow can read it, so make a new key pair if it was ever committed. Only the public key (age1…) belongs here.'
      )
    }
    for (const [k, key] of keys.entries()) entries.push({ key, line: i + 1, onLine: k + 1, ofLine: keys.length })
  }
  if (raw.trim() !== '' && entries.length === 0) {
    throw new InputError(
      'backup-recipients',
      `is given but holds no key${raw.includes('#') ? ' (only comments and blank lines)' : ''}.`,
      'List one or more age public keys (age1…), separated by commas or new lines, or remove the input.'
    )
  }
  if (entries.length === 0) return []
  const multiline = lines.filter(l => l.trim() !== '').length > 1
  // The age library is loaded only when there are keys to judge: most runs (verify, deploy) have
  // none, and loading it is a large part of the action's start-up.
  const { recipientProblem } = await import('../crypto/recipients.js')
  for (const e of entries) {
    // Only the start of something shaped like a public key is shown; anything else may be a secret.
    const found = recipientProblem(e.key)
    if (!found) continue
    const where = multiline ? `line ${e.line}${e.ofLine > 1 ? `, key ${e.onLine}` : ''}` : entries.length > 1 ? `key ${e.onLine}` : 'key'
    throw new InputError('backup-recipients', `${where} (${found.shown}) ${found.problem}.`, found.fix)
  }
  return [...new Set(entries.map(e => e.key))]
}
