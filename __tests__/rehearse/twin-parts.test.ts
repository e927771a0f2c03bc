import { describe, expect, test } from '@jest/globals'
import { localeOptions, localeError, databaseGrantStatements } from '../../src/rehearsal/twin.js'

/** The statements the rehearsal builds from the manifest's `twin` (their effect is proven on real servers in twin.test.ts). */

describe('localeOptions', () => {
  test('libc on PostgreSQL 15: encoding, collation, ctype and the provider', () => {
    expect(localeOptions({ encoding: 'UTF8', collate: 'tr_TR.UTF-8', ctype: 'tr_TR.UTF-8', provider: 'libc', icuLocale: null, icuRules: null }, 15)).toBe(
      " ENCODING 'UTF8' LC_COLLATE 'tr_TR.UTF-8' LC_CTYPE 'tr_TR.UTF-8' LOCALE_PROVIDER libc"
    )
  })
  test('ICU with rules; before PostgreSQL 15 no provider clause; none without a recorded locale', () => {
    expect(localeOptions({ encoding: 'UTF8', collate: 'en_US.UTF-8', ctype: 'en_US.UTF-8', provider: 'icu', icuLocale: 'tr-TR', icuRules: '&a < b' }, 16)).toBe(
      " ENCODING 'UTF8' LC_COLLATE 'en_US.UTF-8' LC_CTYPE 'en_US.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'tr-TR' ICU_RULES '&a < b'"
    )
    expect(localeOptions({ encoding: 'LATIN1', collate: "it's", ctype: 'C', provider: 'libc', icuLocale: null, icuRules: null }, 14)).toBe(" ENCODING 'LATIN1' LC_COLLATE 'it''s' LC_CTYPE 'C'")
    expect(localeOptions(undefined, 15)).toBe('')
  })
  test('the error names what to install, and the builds without ICU', () => {
    const libc = localeError(
      { encoding: 'UTF8', collate: 'xx_QQ.UTF-8', ctype: 'xx_QQ.UTF-8', provider: 'libc', icuLocale: null, icuRules: null },
      'app',
      new Error('invalid locale name: "xx_QQ.UTF-8"')
    )
    expect(libc.message).toContain('xx_QQ.UTF-8')
    expect(libc.fix).toContain('locales-all')
    const icu = localeError({ encoding: 'UTF8', collate: 'C', ctype: 'C', provider: 'icu', icuLocale: 'tr-TR', icuRules: null }, 'app', new Error('ICU is not supported in this build'))
    expect(icu.fix).toContain('built with ICU')
  })
})

describe('databaseGrantStatements', () => {
  test('the default ACL: nothing; a recorded one replayed exactly, PUBLIC included', () => {
    expect(databaseGrantStatements('app', { databaseGrants: null, owner: 'owner' })).toEqual([])
    expect(
      databaseGrantStatements('app', {
        owner: 'owner',
        databaseGrants: [
          { grantee: 'owner', privilege: 'CREATE', grantable: false },
          { grantee: null, privilege: 'CONNECT', grantable: false },
          { grantee: 'ops', privilege: 'TEMPORARY', grantable: true }
        ]
      })
    ).toEqual([
      'REVOKE ALL ON DATABASE "app" FROM PUBLIC',
      'REVOKE ALL ON DATABASE "app" FROM "owner"',
      'GRANT CREATE ON DATABASE "app" TO "owner"',
      'GRANT CONNECT ON DATABASE "app" TO PUBLIC',
      'GRANT TEMPORARY ON DATABASE "app" TO "ops" WITH GRANT OPTION'
    ])
  })
})
