import { describe, expect, test } from '@jest/globals'
import { registerSecret, scrub, scrubbedJson } from '../../src/secrets.js'

/**
 * SPEC 10: no secret in any printed text, in whatever form a child process or library prints it.
 * The forms below are written out here, independently of src/secrets.ts, for hostile passwords.
 */

const HOSTILE = [`p'q"r\\s;t`, '100%+sure 50%2F', 'with space & amp=1', 'ünïcødé密码ß', 'first line\nsecond line', 'a+b=c/d?e#f@g:h', '$(rm -rf /)`x`!', 'tab\there<script>']

const lowerHex = (s: string): string => s.replace(/%[0-9A-F]{2}/g, m => m.toLowerCase())
const mixedHex = (s: string): string => s.replace(/%([0-9A-F])([0-9A-F])/g, (_m, a: string, b: string) => `%${a}${b.toLowerCase()}`)

/** Every form the action must catch, each with its name for the failure message. */
function formsOf(v: string): [string, string][] {
  const json = JSON.stringify(v).slice(1, -1)
  const forms: [string, string][] = [
    ['raw', v],
    ['encodeURIComponent', encodeURIComponent(v)],
    ['encodeURIComponent, lower-case hex', lowerHex(encodeURIComponent(v))],
    ['encodeURIComponent, mixed-case hex', mixedHex(encodeURIComponent(v))],
    ['encodeURI', encodeURI(v)],
    ['escape()', escape(v)],
    ['escape(), lower-case hex', lowerHex(escape(v))],
    ['form encoding (URLSearchParams)', new URLSearchParams({ k: v }).toString().slice(2)],
    ['percent-encoding with + for spaces', encodeURIComponent(v).replace(/%20/g, '+')],
    ['JSON string', json],
    ['JSON string, ASCII only', json.replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
    ['libpq conninfo quoting', `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`],
    ['SQL string literal', `'${v.replace(/'/g, "''")}'`],
    ['SQL escape string literal', `E'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`],
    ['SQL quoted identifier', `"${v.replace(/"/g, '""')}"`],
    ['.pgpass field', v.replace(/\\/g, '\\\\').replace(/:/g, '\\:')],
    ['shell single quotes', `'${v.replace(/'/g, `'\\''`)}'`],
    ['shell double quotes', `"${v.replace(/(["\\$`])/g, '\\$1')}"`],
    ['HTML', v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')],
    ['base64', Buffer.from(v).toString('base64')],
    ['base64url', Buffer.from(v).toString('base64url')]
  ]
  if (v.includes('\n')) for (const line of v.split('\n')) forms.push([`line '${line}'`, line])
  return forms
}

for (const secret of HOSTILE) registerSecret(secret)

describe('every printed form of a registered secret is scrubbed', () => {
  test('control: text without a secret is left as it is', () => {
    const text = 'Applying migration `20240101000000_init` to db.example.com:5432 (100% done, a+b)'
    expect(scrub(text)).toBe(text)
  })

  test.each(HOSTILE.map(s => [JSON.stringify(s), s]))('%s', (_label, secret) => {
    const leaks: string[] = []
    for (const [name, form] of formsOf(secret)) {
      const printed = scrub(`connecting with ${form} now`)
      if (printed.includes(form) || !printed.includes('***')) leaks.push(`${name}: ${printed}`)
    }
    expect(leaks).toEqual([])
  })

  test.each(HOSTILE.map(s => [JSON.stringify(s), s]))('%s in every form, inside a JSON output', (_label, secret) => {
    const leaks: string[] = []
    for (const [name, form] of formsOf(secret)) {
      const json = scrubbedJson({ findings: [{ message: `near ${form} here` }] })
      const parsed = JSON.parse(json) as { findings: { message: string }[] }
      const message = parsed.findings[0]?.message ?? ''
      if (message.includes(form) || !message.includes('***')) leaks.push(`${name}: ${json}`)
    }
    expect(leaks).toEqual([])
  })

  test('a secret registered in its percent-encoded form is also scrubbed decoded', () => {
    registerSecret('enc%40ded%2Fpass')
    expect(scrub('x enc@ded/pass y')).toBe('x *** y')
  })
})
