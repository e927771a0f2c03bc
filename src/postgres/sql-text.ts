import { hasInvisible } from '../visible-text.js'

/**
 * SQL text built by the action outside a driver's parameters: statements it runs on a server it
 * administers (the rehearsal's throwaway server) and statements it prints for a person to run.
 *
 * A name holding a line break, a control character or an invisible or bidirectional formatting
 * character (visible-text.ts) is written in PostgreSQL's Unicode escape form (`U&"…"`, `U&'…'`,
 * each such character as `\XXXX` or `\+XXXXXX`): the printed statement then shows what the name
 * holds, survives the log's escaping unchanged and still names exactly that object.
 */

/** `name` as a quoted SQL identifier (double quotes doubled). */
export function sqlIdent(name: string): string {
  return needsUnicodeEscapes(name) ? `U&"${unicodeEscaped(name).replace(/"/g, '""')}"` : `"${name.replace(/"/g, '""')}"`
}

/** `text` as a standard SQL string literal (single quotes doubled). */
export function sqlLiteral(text: string): string {
  return needsUnicodeEscapes(text) ? `U&'${unicodeEscaped(text).replace(/'/g, "''")}'` : `'${text.replace(/'/g, "''")}'`
}

function needsUnicodeEscapes(text: string): boolean {
  return /[\t\n]/.test(text) || hasInvisible(text)
}

/** The body of a `U&` form: `\` doubled, every tab, line break and invisible character as its code point. */
function unicodeEscaped(text: string): string {
  let out = ''
  for (const c of text) {
    const cp = c.codePointAt(0) as number
    if (c === '\\') out += '\\\\'
    else if (c === '\t' || c === '\n' || hasInvisible(c)) out += cp > 0xffff ? `\\+${cp.toString(16).padStart(6, '0')}` : `\\${cp.toString(16).padStart(4, '0')}`
    else out += c
  }
  return out
}
