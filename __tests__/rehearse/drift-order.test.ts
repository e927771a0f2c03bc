import { describe, expect, test } from '@jest/globals'
import { compareSchemas, orderDifference, describeDrift } from '../../src/rehearsal/schema-drift.js'

/** Drift in order where order has meaning: pg_dump --schema-only text as pg_dump writes it. */

function dump(objects: { name: string; type: string; body: string }[]): string {
  return objects.map(o => `--\n-- Name: ${o.name}; Type: ${o.type}; Schema: public; Owner: -\n--\n\n${o.body}\n`).join('\n')
}

const enumOf = (...labels: string[]): string => `CREATE TYPE public.mood AS ENUM (\n${labels.map(l => `    '${l}'`).join(',\n')}\n);`
const tableOf = (...cols: string[]): string => `CREATE TABLE public.users (\n${cols.map(c => `    ${c}`).join(',\n')}\n);`

describe('compareSchemas in order', () => {
  test('enum labels in another order: one item naming both orders', () => {
    const items = compareSchemas(dump([{ name: 'mood', type: 'TYPE', body: enumOf('happy', 'ok', 'sad') }]), dump([{ name: 'mood', type: 'TYPE', body: enumOf('sad', 'ok', 'happy') }]))
    expect(items).toEqual([{ object: 'TYPE public.mood', kind: 'differs', lines: ["~ labels in another order: production 'happy', 'ok', 'sad'; the migrations 'sad', 'ok', 'happy'"] }])
    expect(describeDrift(items[0])).toBe("TYPE public.mood: differs: ~ labels in another order: production 'happy', 'ok', 'sad'; the migrations 'sad', 'ok', 'happy'")
  })

  test("a table's columns in another order, and a column only production has: both named", () => {
    const items = compareSchemas(
      dump([{ name: 'users', type: 'TABLE', body: tableOf('id integer NOT NULL', 'name text', '"E-mail" text', 'nick text') }]),
      dump([{ name: 'users', type: 'TABLE', body: tableOf('id integer NOT NULL', '"E-mail" text', 'name text') }])
    )
    expect(items).toEqual([{ object: 'TABLE public.users', kind: 'differs', lines: ['~ columns in another order: production id, name, "E-mail"; the migrations id, "E-mail", name', '+ nick text'] }])
  })

  test('the same order: no item; constraints and other objects are compared as sets', () => {
    expect(compareSchemas(dump([{ name: 'mood', type: 'TYPE', body: enumOf('a', 'b') }]), dump([{ name: 'mood', type: 'TYPE', body: enumOf('a', 'b') }]))).toEqual([])
    expect(orderDifference('INDEX public.users_idx', ['a', 'b'], ['b', 'a'])).toBeUndefined()
    expect(
      orderDifference(
        'TABLE public.users',
        ['CREATE TABLE public.users (', '    id integer', '    CONSTRAINT a CHECK (true)', '    CONSTRAINT b CHECK (true)', ');'],
        ['CREATE TABLE public.users (', '    id integer', '    CONSTRAINT b CHECK (true)', '    CONSTRAINT a CHECK (true)', ');']
      )
    ).toBeUndefined()
  })
})
