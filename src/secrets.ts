import * as core from '@actions/core'

/**
 * Every secret the action knows of, registered with the runner (`::add-mask::`) and kept here so that
 * the action can remove it from any text it prints itself. The runner's masking misses transformed
 * forms (URL-encoded, quoted, escaped), so the action builds every form a child process or library
 * may print a secret in, once, here, and scrubs them all before printing; it never relies on the
 * runner.
 */
const secrets = new Set<string>()
/** Patterns for the forms whose spelling varies (the case of percent-encoding's hex digits). */
const patterns = new Map<string, RegExp>()

/** Parts of a multi-line secret shorter than this are not scrubbed on their own (too common). */
const MIN_LINE_PART = 4

/**
 * The forms `value` may be printed in: as is; percent-encoded (encodeURIComponent, encodeURI,
 * escape(), form-encoding with '+' for spaces); decoded; JSON string content (as is and ASCII-only
 * with \u escapes); libpq conninfo quoting and .pgpass escaping (backslashes); SQL string literals
 * and quoted identifiers (quotes doubled); shell single and double quoting; HTML escaping; base64
 * and base64url of its UTF-8 bytes. For a multi-line value, also each line of four or more
 * characters, since children print line by line.
 */
export function secretForms(value: string): Set<string> {
  const forms = new Set<string>()
  const add = (form: string | undefined): void => {
    if (form) forms.add(form)
  }
  const bases = new Set<string>([value])
  try {
    bases.add(decodeURIComponent(value))
  } catch {
    // not valid percent-encoding: the raw form covers it
  }
  try {
    bases.add(decodeURIComponent(value.replace(/\+/g, ' ')))
  } catch {
    // as above
  }
  for (const v of bases) {
    add(v)
    add(encodeURIComponent(v))
    add(encodeURI(v))
    add(escape(v))
    add(encodeURIComponent(v).replace(/%20/g, '+'))
    add(new URLSearchParams({ v }).toString().slice(2))
    const json = JSON.stringify(v).slice(1, -1)
    add(json)
    add(json.replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    add(v.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))
    add(v.replace(/\\/g, '\\\\').replace(/:/g, '\\:'))
    add(v.replace(/'/g, "'\\''"))
    // SQL: a string literal doubles its quotes (an E'' literal its backslashes too), a quoted
    // identifier its double quotes; the parser's and the server's messages quote tokens so.
    add(v.replace(/'/g, "''"))
    add(v.replace(/\\/g, '\\\\').replace(/'/g, "''"))
    add(v.replace(/"/g, '""'))
    add(v.replace(/(["\\$`])/g, '\\$1'))
    add(v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'))
    add(v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
    const base64 = Buffer.from(v, 'utf8').toString('base64')
    add(base64)
    add(base64.replace(/=+$/, ''))
    add(Buffer.from(v, 'utf8').toString('base64url'))
    if (/[\r\n]/.test(v)) {
      for (const line of v.split(/\r\n|\r|\n/)) if (line.length >= MIN_LINE_PART) add(line)
    }
  }
  return forms
}

export function registerSecret(value: string | undefined | null): void {
  if (!value) return
  for (const form of secretForms(value)) {
    if (form.length === 0 || secrets.has(form)) continue
    secrets.add(form)
    if (/%[0-9A-Fa-f]{2}/.test(form)) patterns.set(form, percentPattern(form))
    core.setSecret(form)
  }
}

/** A pattern matching `form` with the hex digits of each %XX in either case. */
function percentPattern(form: string): RegExp {
  const parts = form.split(/(%[0-9A-Fa-f]{2})/)
  const source = parts
    .map(part =>
      /^%[0-9A-Fa-f]{2}$/.test(part) ? `%${[...part.slice(1)].map(c => (/[a-f]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('')}` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    )
    .join('')
  return new RegExp(source, 'g')
}

/**
 * JSON for an output or the summary, with every string in `value` scrubbed before it is encoded:
 * JSON escaping (`"` as `\"`, `\` as `\\`) applied on top of another form of a secret (e.g. an SQL
 * literal quoted in a parser's message) would give a form no list of forms holds.
 */
export function scrubbedJson(value: unknown): string {
  return scrub(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? scrub(v) : v)))
}

/** Replaces every registered secret, in every form (longest first), in `text` with `***`. */
export function scrub(text: string): string {
  let out = text
  const ordered = [...secrets].sort((a, b) => b.length - a.length)
  for (const secret of ordered) {
    const pattern = patterns.get(secret)
    if (pattern) {
      pattern.lastIndex = 0
      out = out.replace(pattern, '***')
    } else if (out.includes(secret)) {
      out = out.split(secret).join('***')
    }
  }
  return out
}
