import { describe, expect, test } from '@jest/globals'
import { splitListing } from '../../src/backup/archive-check.js'

/** How the archive's full read is shared out (see archive-check.ts): pure, on pg_restore --list output. */

const LISTING = `;
; Archive created at 2026-12-06 12:00:00 UTC
;     dbname: app
;
3402; 2615 16385 SCHEMA - audit postgres
3403; 1259 16390 TABLE public big postgres
3404; 1259 16391 TABLE public "with space" postgres
3405; 1259 16392 TABLE audit events postgres
3406; 1259 16393 TABLE public small postgres
3410; 0 16390 TABLE DATA public big postgres
3411; 0 16391 TABLE DATA public with space postgres
3412; 0 16392 TABLE DATA audit events postgres
3413; 0 16393 TABLE DATA public small postgres
3420; 2606 16400 CONSTRAINT public big big_pkey postgres
3421; 0 0 SEQUENCE SET public big_id_seq postgres
`

const entries = (listing: string): string[] => listing.split('\n').filter(l => l.trim() !== '' && !l.startsWith(';'))

describe('splitListing', () => {
  test('every entry of the listing in exactly one list; the tables balanced by size, largest first', () => {
    const sizes = new Map([
      ['16390', 900],
      ['16391', 500],
      ['16392', 450],
      ['16393', 10]
    ])
    const lists = splitListing(LISTING, sizes, 2)
    expect(lists).toHaveLength(2)
    expect(lists.flatMap(entries).sort()).toEqual(entries(LISTING).sort())
    // The first list: every entry that is not TABLE DATA, and the largest table.
    expect(entries(lists[0])).toEqual(
      expect.arrayContaining(['3402; 2615 16385 SCHEMA - audit postgres', '3421; 0 0 SEQUENCE SET public big_id_seq postgres', '3410; 0 16390 TABLE DATA public big postgres'])
    )
    expect(lists[0]).not.toMatch(/TABLE DATA public with space|TABLE DATA audit events/)
    expect(entries(lists[1])).toEqual(['3411; 0 16391 TABLE DATA public with space postgres', '3412; 0 16392 TABLE DATA audit events postgres'])
    // 900 + 10 against 500 + 450.
    expect(lists[0]).toMatch(/TABLE DATA public small/)
  })

  test('one list, the listing itself, when there is nothing to share: one reader, or fewer than two tables with a known size', () => {
    expect(splitListing(LISTING, new Map([['16390', 900]]), 4)).toEqual([LISTING])
    expect(splitListing(LISTING, new Map(), 4)).toEqual([LISTING])
    expect(
      splitListing(
        LISTING,
        new Map([
          ['16390', 900],
          ['16393', 10]
        ]),
        1
      )
    ).toEqual([LISTING])
  })

  test('a table is known by its oid: names with spaces, a newline (listed as a space) or listing syntax change nothing', () => {
    const listing = `3410; 0 16390 TABLE DATA my app x TABLE DATA public y some owner
3411; 0 16391 TABLE DATA public new line postgres
3412; 0 16392 TABLE DATA DATA a b postgres
3413; 1259 16393 TABLE DATA a b postgres
`
    const lists = splitListing(
      listing,
      new Map([
        ['16390', 900],
        ['16391', 800],
        ['16392', 700],
        ['16393', 1]
      ]),
      3
    )
    expect(lists.map(entries)).toEqual([
      ['3413; 1259 16393 TABLE DATA a b postgres', '3410; 0 16390 TABLE DATA my app x TABLE DATA public y some owner'],
      ['3411; 0 16391 TABLE DATA public new line postgres'],
      ['3412; 0 16392 TABLE DATA DATA a b postgres']
    ])
  })

  test('never more lists than tables with data, nor than readers', () => {
    const sizes = new Map([
      ['16390', 900],
      ['16393', 10]
    ])
    const lists = splitListing(LISTING, sizes, 8)
    expect(lists).toHaveLength(2)
    expect(lists.flatMap(entries).sort()).toEqual(entries(LISTING).sort())
    expect(splitListing(LISTING, new Map([...sizes, ['16392', 5], ['16391', 5]]), 3)).toHaveLength(3)
  })
})
