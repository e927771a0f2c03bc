import { scrub } from '../secrets.js'
import { escapeInvisible } from '../visible-text.js'

/**
 * The markup the job summary and the pull-request comment share. Both are Markdown documents made
 * of one-line HTML blocks: GitHub reads no Markdown inside raw HTML, so everything the action
 * writes is HTML (`<code>`, `<b>`, `<a>`), never backticks or asterisks, and every text it quotes
 * goes through `Markup`, which leaves it inert.
 */

/** Every line break: CR LF, LF, a lone CR (a line ending in Markdown), and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g

/**
 * Text from files, the database or error messages, made safe as the content of an HTML element:
 * secrets scrubbed, `&`, `<`, `>` escaped, every line break a `<br>`, and every other control,
 * invisible or bidirectional formatting character shown as an escape (`\u001b`, `\u202e`; see
 * visible-text.ts). The result holds no line break at all, so it can never end the one-line HTML
 * block it sits in (a blank line would turn what follows into Markdown) or start a row of its own.
 */
export function escapeSummaryText(text: string): string {
  return escapeInvisible(scrub(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(LINE_BREAK, '<br>'))
}

/** How a report writes text it did not write itself. */
export interface Markup {
  /** Inert text; `max`: at most that many characters where the report's room is limited. */
  text(value: string, max?: number): string
  /** `text` with each `quoted` span (as the action's messages quote SQL and commands) shown as code. */
  prose(value: string, max?: number): string
  /** `text` in a `<code>` element. */
  code(value: string, max?: number): string
}

function markupOf(text: (value: string, max?: number) => string): Markup {
  return {
    text,
    prose: (value, max) => text(value, max).replace(/`([^`<]+)`/g, '<code>$1</code>'),
    code: (value, max) => `<code>${text(value, max)}</code>`
  }
}

/** The job summary's: every text whole (GitHub takes a summary of up to 1 MiB a step). */
export const summaryMarkup: Markup = markupOf(value => escapeSummaryText(value))

/**
 * The pull-request comment's: each text at most `max` characters (secrets scrubbed before it is
 * shortened, so a cut can never leave part of a secret unscrubbed), escaped as in the job summary,
 * and the sequences GitHub turns into mentions, references or links after rendering (`@name`,
 * `#123`, `GH-123`, `https://…`, `www.…`) split by a zero-width space so that they stay plain text:
 * a comment notifies the people it mentions.
 */
export const commentMarkup: Markup = markupOf((value, max = 2000) =>
  escapeSummaryText(shorten(scrub(value), max)).replace(/@|:\/\/|www\.|#(?=\d)|gh-(?=\d)/gi, m => (m === '://' ? ':&#8203;//' : m.endsWith('.') ? `${m.slice(0, -1)}&#8203;.` : `${m}&#8203;`))
)

/** At most `max` characters (whole code points), with `…` where it was cut. */
export function shorten(value: string, max: number): string {
  const chars = [...value]
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`
}

/** A link the action builds itself (never from text it was given), `label` already markup; the label alone without a URL. */
export function link(url: string | undefined, label: string): string {
  return url === undefined ? label : `<a href="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '%3C').replace(/>/g, '%3E')}">${label}</a>`
}

/** UTF-8 size: what GitHub's limit on a comment counts is at most this. */
export function byteSize(body: string): number {
  return Buffer.byteLength(body, 'utf8')
}

export function plural(n: number): string {
  return n === 1 ? '' : 's'
}
