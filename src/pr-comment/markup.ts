import { scrub } from '../secrets.js'
import { escapeSummaryText } from '../summary.js'

/**
 * Text from files, the database and error messages, made inert in the comment's HTML. Every part of
 * the body that is not the action's own words goes through `text`: secrets scrubbed (before it is
 * shortened, so a cut can never leave part of a secret unscrubbed), HTML escaped and on one line
 * like the job summary's text, every invisible or bidirectional formatting character shown as an
 * escape (escapeSummaryText, through the one function of visible-text.ts), and the
 * sequences GitHub turns into mentions, references or links after rendering (`@name`, `#123`,
 * `GH-123`, `https://…`, `www.…`) split by a zero-width space so that they stay plain text.
 */
export function text(value: string, max = 2000): string {
  return escapeSummaryText(shorten(scrub(value), max))
    .replace(/@|:\/\/|www\.|#(?=\d)|gh-(?=\d)/gi, m => (m === '://' ? ':&#8203;//' : m.endsWith('.') ? `${m.slice(0, -1)}&#8203;.` : `${m}&#8203;`))
}

/** `text` with each `quoted` span (as the action's messages quote SQL and commands) shown as code. */
export function prose(value: string, max = 2000): string {
  return text(value, max).replace(/`([^`<]+)`/g, '<code>$1</code>')
}

/** `text` in a `<code>` element: GitHub's renderer leaves what is inside code alone. */
export function code(value: string, max = 300): string {
  return `<code>${text(value, max)}</code>`
}

/** At most `max` characters (whole code points), with `…` where it was cut. */
export function shorten(value: string, max: number): string {
  const chars = [...value]
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`
}

/** A link the action builds itself (never from text it was given), `label` already markup. */
export function link(url: string | undefined, label: string): string {
  return url === undefined ? label : `<a href="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '%3C').replace(/>/g, '%3E')}">${label}</a>`
}

/** UTF-8 size of the body: what GitHub's limit counts is at most this. */
export function byteSize(body: string): number {
  return Buffer.byteLength(body, 'utf8')
}
