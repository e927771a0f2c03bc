/**
 * The one rule for printing text the action did not write itself (migration folder names, SQL,
 * server messages, rows of `_prisma_migrations`): every character that shows as nothing, or that
 * changes how the characters around it show, is written as an escape, so that a name cannot look
 * like another name. Log lines, annotations, outputs and the job summary all go through
 * `escapeInvisible` (log.ts and summary.ts apply it).
 *
 * Shown escaped:
 * - control characters (Unicode category Cc: C0, DEL, C1), except tab and line feed, which every
 *   place that prints text handles on its own terms (a log line, a `<br>` in the summary);
 * - format characters (category Cf): the bidirectional embeddings, overrides and isolates
 *   (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C), zero-width characters
 *   (U+200B–U+200D, U+2060–U+2064, U+FEFF), the soft hyphen (U+00AD), the tag characters
 *   (U+E0001, U+E0020–U+E007F), ...;
 * - the line and paragraph separators (U+2028, U+2029), which some viewers take as line breaks;
 * - every other default-ignorable code point (Unicode's Default_Ignorable_Code_Point: variation
 *   selectors, Hangul fillers, ...), which a font draws as nothing;
 * - lone surrogates (category Cs), which are not characters at all.
 *
 * The escape is JavaScript's and JSON's: `\u` and four hexadecimal digits per UTF-16 unit (a
 * character above U+FFFF as its two surrogates), and a carriage return as `\r`. Inside a JSON string
 * that is the same value, so a JSON output escaped this way still parses to the names it lists.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu

export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, escapeCharacter)
}

/** Whether `text` holds a character `escapeInvisible` would escape (tab and line feed do not count). */
export function hasInvisible(text: string): boolean {
  for (const match of text.matchAll(INVISIBLE)) if (match[0] !== '\t' && match[0] !== '\n') return true
  return false
}

function escapeCharacter(c: string): string {
  if (c === '\t' || c === '\n') return c
  if (c === '\r') return '\\r'
  let out = ''
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`
  return out
}
