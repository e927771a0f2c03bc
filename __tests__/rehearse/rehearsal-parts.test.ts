import { afterAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { embeddedServerBinDir, findServerBinDir } from '../../test-support/pg-cluster.mjs'
import { findServerBinaries } from '../../src/rehearsal/throwaway-server.js'
import { compareSchemas, describeDrift } from '../../src/rehearsal/schema-drift.js'
import { manifestPathFor } from '../../src/archive/manifest-file.js'
import { parseArchiveListing } from '../../src/archive/listing.js'

/** The rehearsal's parts that need no server: choosing binaries, reading a listing, comparing schemas. */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-parts-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

/** A folder shaped like /usr/lib/postgresql, with `<major>/bin` linking to real server binaries. */
function serverRoot(versions: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(scratch, 'root-'))
  for (const [major, bin] of Object.entries(versions)) {
    fs.mkdirSync(path.join(root, major))
    fs.symlinkSync(bin, path.join(root, major, 'bin'))
  }
  return root
}

describe('findServerBinaries', () => {
  const system = findServerBinDir() as string
  const systemMajor = Number(/postgresql\/(\d+)\//.exec(system)?.[1])
  const embedded = embeddedServerBinDir()

  test('the backup major when present, without a warning', async () => {
    const b = await findServerBinaries(systemMajor, undefined, [serverRoot({ [String(systemMajor)]: system })])
    expect(b.major).toBe(systemMajor)
    expect(b.warning).toBeUndefined()
  })

  ;(embedded ? test : test.skip)('only a newer major: used, with a warning naming both versions', async () => {
    const b = await findServerBinaries(systemMajor, undefined, [serverRoot({ '18': embedded as string })])
    expect(b.major).toBe(18)
    expect(b.warning).toMatch(new RegExp(`^The backup comes from PostgreSQL ${systemMajor}; the rehearsal runs on PostgreSQL 18\\.`))
  })

  test('only an older major: refused, naming what to install', async () => {
    await expect(findServerBinaries(systemMajor + 5, undefined, [serverRoot({ [String(systemMajor)]: system })])).rejects.toThrow(
      new RegExp(`No PostgreSQL ${systemMajor + 5} server binaries \\(initdb, postgres\\) were found`)
    )
    await expect(findServerBinaries(systemMajor + 5, undefined, [serverRoot({})])).rejects.toMatchObject({ fix: expect.stringContaining(`apt-get install -y postgresql-${systemMajor + 5}`) })
  })

  test('rehearsal-pg-bin-dir older than the backup: refused, not replaced by another', async () => {
    await expect(findServerBinaries(systemMajor + 1, system, [serverRoot({})])).rejects.toThrow(/older than the backup's server/)
  })
})

describe('parseArchiveListing', () => {
  test('extensions, tables (not TABLE DATA) with their schema, and table data', () => {
    const listing = [
      ';',
      '; Archive created at 2026-01-01 00:00:00 UTC',
      '3; 3079 16385 EXTENSION - citext ',
      '4; 0 0 COMMENT - EXTENSION citext ',
      '215; 1259 16390 TABLE public User postgres',
      '216; 1259 16399 TABLE app my table postgres',
      '3350; 0 16390 TABLE DATA public User postgres',
      '3187; 2606 16398 CONSTRAINT public User User_pkey postgres'
    ].join('\n')
    expect(parseArchiveListing(listing)).toEqual({
      extensions: ['citext'],
      tables: [
        { schema: 'public', name: 'User' },
        { schema: 'app', name: 'my table' }
      ],
      tableData: 1
    })
  })

  test('a partition is one table: its TABLE ATTACH entry (pg_dump of a partitioned table) is not another', () => {
    const listing = [
      '214; 1259 16385 TABLE public m postgres',
      '215; 1259 16388 TABLE public m_2024 postgres',
      '3200; 0 0 TABLE ATTACH public m_2024 postgres',
      '3343; 0 16388 TABLE DATA public m_2024 postgres'
    ].join('\n')
    expect(parseArchiveListing(listing)).toEqual({
      extensions: [],
      tables: [
        { schema: 'public', name: 'm' },
        { schema: 'public', name: 'm_2024' }
      ],
      tableData: 1
    })
  })

  test('the manifest beside an archive', () => {
    expect(manifestPathFor('/b/db_1.dump')).toBe('/b/db_1.manifest.json')
    expect(manifestPathFor('/b/db_1.dir/')).toBe('/b/db_1.manifest.json')
  })
})

describe('compareSchemas', () => {
  const dump = (extra: { column?: string; index?: string; restrictKey?: string }): string =>
    [
      '--',
      '-- PostgreSQL database dump',
      '--',
      `\\restrict ${extra.restrictKey ?? 'abc'}`,
      'SET statement_timeout = 0;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      '--',
      '-- Name: User; Type: TABLE; Schema: public; Owner: -',
      '--',
      '',
      'CREATE TABLE public."User" (',
      '    id integer NOT NULL,',
      `    email text${extra.column ? ',' : ''}`,
      ...(extra.column ? [`    ${extra.column}`] : []),
      ');',
      '',
      ...(extra.index ? ['--', `-- Name: ${extra.index}; Type: INDEX; Schema: public; Owner: -`, '--', '', `CREATE INDEX "${extra.index}" ON public."User" USING btree (email);`, ''] : []),
      `\\unrestrict ${extra.restrictKey ?? 'abc'}`
    ].join('\n')

  test('the same schema (other restrict keys and settings): no drift', () => {
    expect(compareSchemas(dump({ restrictKey: 'k1' }), dump({ restrictKey: 'k2' }))).toEqual([])
  })

  test('a column and an index only production has; an object only the migrations create', () => {
    const items = compareSchemas(dump({ column: 'nickname text', index: 'by_hand' }), dump({}))
    expect(items.map(describeDrift)).toEqual([
      'INDEX public.by_hand: exists in production but no migration creates it (CREATE INDEX "by_hand" ON public."User" USING btree (email);)',
      'TABLE public.User: differs: + nickname text'
    ])
    expect(compareSchemas(dump({}), dump({ index: 'from_migration' })).map(describeDrift)).toEqual(['INDEX public.from_migration: the migrations create it but production does not have it'])
  })
})
