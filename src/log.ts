import * as core from '@actions/core'
import { scrub } from './secrets.js'

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
 * (outputs carry text from files and the database, e.g. a parse error quoting a migration's SQL).
 * @actions/core writes it to GITHUB_OUTPUT between a random delimiter, so no value can end it.
 */
export function setOutput(name: string, value: string): void {
  core.setOutput(name, scrub(value))
}

/** The one way the action fails the step: the message scrubbed like any printed text. */
export function setFailed(message: string): void {
  core.setFailed(scrub(message))
}

export function warning(text: string): void {
  // core.warning escapes line breaks into its one `::warning::` line; neutralizing keeps the text
  // identical to what `info` would show.
  core.warning(neutralize(scrub(text)))
}

/** Leading characters the runner trims, and any other invisible ones, before looking for `::`. */
const LEADING_BLANKS = /^[\s\p{Cc}\p{Cf}\p{Z}]*/u

/**
 * Text that cannot start a workflow command: each line whose first visible characters are `::` has
 * them written `: :`, every `##[` becomes `## [`, a lone carriage return or other control character
 * (except tab) is shown as an escape (`\r`, `\u001b`), and lines end in `\n` only.
 */
export function neutralize(text: string): string {
  return text
    .split(/\r?\n/)
    .map(line => {
      let out = line.replace(/##\[/g, '## [')
      // eslint-disable-next-line no-control-regex
      out = out.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, escapeControl)
      const lead = LEADING_BLANKS.exec(out)?.[0] ?? ''
      if (out.startsWith('::', lead.length)) out = `${lead}: :${out.slice(lead.length + 2)}`
      return out
    })
    .join('\n')
}

function escapeControl(c: string): string {
  return c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}
