import { hasInvisible } from './visible-text.js'

/**
 * Commands the action prints for a person to copy into a shell (the `prisma migrate resolve`
 * suggestions, the recovery runbook's `age` and `pg_restore` lines): every argument is written as
 * exactly one word, whatever it holds. A migration name read from the database such as
 * `x;curl …|sh`, `$(…)` or one with a line break then stays one argument of the command someone
 * copies, and never runs as a command of its own.
 */

/** Characters no POSIX shell treats specially, anywhere in a word. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

/**
 * `word` as one word for a shell:
 * - as it is, when it holds only characters no shell treats specially;
 * - in single quotes (a quote inside written `'\''`), when every character in it is visible;
 * - in ANSI-C quotes (`$'…'`: bash, zsh, ksh, BusyBox ash, and POSIX sh since its 2024 edition)
 *   when it holds a line break, a control character or an invisible or bidirectional formatting
 *   character (visible-text.ts), a backtick, or `##[`. Those are written as escapes of their UTF-8
 *   bytes (`\n`, `\xe2\x80\xae`, `\x60`), so the printed command shows them, still gives the shell
 *   that exact word, fits on one line, never holds a backtick (commands are quoted in Markdown code
 *   spans in messages and the summary) and passes the log's own rewriting of `##[` (log.ts) intact.
 *   `!` is escaped too, so that no shell's history expansion applies.
 */
export function shellWord(word: string): string {
  if (PLAIN.test(word)) return word
  if (!/[\n`]|##\[/.test(word) && !hasInvisible(word)) return `'${word.replace(/'/g, `'\\''`)}'`
  let out = ''
  for (const c of word) {
    if (c === '\\' || c === "'") out += `\\${c}`
    else if (c === '\n') out += '\\n'
    else if (c === '\t') out += '\\t'
    else if (c === '`' || c === '[' || c === '!' || hasInvisible(c)) for (const byte of Buffer.from(c, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`
    else out += c
  }
  return `$'${out}'`
}

/** The words as one command line, each written by `shellWord`. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellWord).join(' ')
}
