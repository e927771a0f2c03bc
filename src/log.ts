import * as core from '@actions/core'
import { scrub } from './secrets.js'
import { escapeInvisible } from './visible-text.js'

/**
 * Log helpers: every line the action prints goes through `scrub` and `neutralize`.
 *
 * The runner reads a step's output line by line (a line ends at `\n` or `\r`) and takes a line as a
 * workflow command when, after leading white space, it starts with `::` (`::error::…`), or when it
 * holds `##[` anywhere (the legacy `##[error]…` form). Printed text comes from files and from the
 * database, so a migration name or a server message could otherwise forge a command (an annotation,
 * a mask, a group, `::stop-commands::`). `neutralize` keeps every line readable and unable to parse.
 */
export function info(text: string): void {
  core.info(neutralize(scrub(text)))
}

/**
 * The one way the action sets an output: the value scrubbed of every registered secret form
 * (outputs carry text from files and the database, e.g. a parse error quoting a migration's SQL),
 * with invisible characters escaped (visible-text.ts; in a JSON output that is JSON's own escape,
 * so the value parses to the same names). @actions/core writes it to GITHUB_OUTPUT between a random
 * delimiter, so no value can end it.
 */
export function setOutput(name: string, value: string): void {
  core.setOutput(name, escapeInvisible(scrub(value)))
}

/**
 * The one way the action fails the step: the message scrubbed and its invisible characters escaped
 * like any printed text (@actions/core writes its line breaks into the one `::error::` line).
 */
export function setFailed(message: string): void {
  core.setFailed(escapeInvisible(scrub(message)))
}

export function warning(text: string): void {
  // core.warning escapes line breaks into its one `::warning::` line; neutralizing keeps the text
  // identical to what `info` would show.
  core.warning(neutralize(scrub(text)))
}

/** Leading characters the runner trims, and any other invisible ones, before looking for `::`. */
const LEADING_BLANKS = /^[\s\p{Cc}\p{Cf}\p{Z}]*/u

/**
 * Text that cannot start a workflow command and shows what it holds: each line whose first visible
 * characters are `::` has them written `: :`, every `##[` becomes `## [`, a lone carriage return,
 * any other control character (except tab) and every invisible or bidirectional formatting
 * character is shown as an escape (`\r`, `\u001b`, `\u202e`; see visible-text.ts), and lines end
 * in `\n` only.
 */
export function neutralize(text: string): string {
  return text
    .split(/\r?\n/)
    .map(line => {
      let out = escapeInvisible(line.replace(/##\[/g, '## ['))
      const lead = LEADING_BLANKS.exec(out)?.[0] ?? ''
      if (out.startsWith('::', lead.length)) out = `${lead}: :${out.slice(lead.length + 2)}`
      return out
    })
    .join('\n')
}
