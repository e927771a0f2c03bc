import { describe, expect, test, beforeAll } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { encryptArchive, decryptBackup } from '../../src/crypto/age-file.js'
import { recipientProblem } from '../../src/crypto/recipients.js'
import { sha256Directory } from '../../src/backup/files.js'
import { afterFile } from '../helpers/suite.js'

// Encryption is checked against the independent `age` CLI (Debian package `age`), and the project's
// decryption module against files the CLI could read.

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'age-file-test-'))
afterFile(() => fs.rmSync(work, { recursive: true, force: true }))

function ageCli(): void {
  const probe = spawnSync('age', ['--version'])
  if (probe.error) throw new Error('The `age` CLI is not installed (Debian/Ubuntu: apt-get install age); these tests check encryption against it.')
}

interface Key {
  identity: string
  recipient: string
  file: string
}

function keygen(name: string): Key {
  const file = path.join(work, `${name}.key`)
  execFileSync('age-keygen', ['-o', file], { stdio: 'pipe' })
  const text = fs.readFileSync(file, 'utf8')
  const identity = text.split('\n').find(l => l.startsWith('AGE-SECRET-KEY-1')) as string
  const recipient = /public key: (age1[0-9a-z]+)/.exec(text)?.[1] as string
  return { identity, recipient, file }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

let alice: Key
let bob: Key
let eve: Key
beforeAll(() => {
  ageCli()
  alice = keygen('alice')
  bob = keygen('bob')
  eve = keygen('eve')
})

function randomFile(name: string, bytes: number): { file: string; digest: string } {
  const file = path.join(work, name)
  const data = Buffer.concat([Buffer.from('PGDMP'), randomBytes(bytes)])
  fs.writeFileSync(file, data, { mode: 0o600 })
  return { file, digest: sha(data) }
}

describe('recipients', () => {
  test('a public key passes; a secret key, a malformed key and another scheme are refused with the reason', () => {
    expect(recipientProblem(alice.recipient)).toBeUndefined()
    const problem = (v: string): string | undefined => recipientProblem(v)?.problem
    expect(problem(alice.identity)).toMatch(/secret key/)
    expect(problem(alice.identity.toLowerCase())).toMatch(/secret key/)
    expect(problem('age1abc')).toMatch(/not a valid age public key/)
    // One character changed (to one it is not): the bech32 checksum no longer holds.
    const last = alice.recipient.slice(-1)
    const changed = `${alice.recipient.slice(0, -1)}${last === 'q' ? 'p' : 'q'}`
    expect(changed).not.toBe(alice.recipient)
    expect(problem(changed)).toMatch(/not a valid age public key/)
    // A '1' typed into an X25519 key far from its start is not taken for a plugin's prefix.
    expect(problem(`${alice.recipient.slice(0, 25)}1${alice.recipient.slice(26)}`)).toMatch(/not a valid age public key/)
    expect(problem('ssh-ed25519 AAAA')).toMatch(/is an SSH public key/)
    expect(problem('age1yubikey1qwt50d05nh5')).toMatch(/is a plugin recipient \(age1yubikey1…, of the age plugin 'age-plugin-yubikey'\)/)
    expect(recipientProblem('age1yubikey1qwt50d05nh5')?.fix).toMatch(/age-keygen/)
    expect(problem(alice.recipient.toUpperCase())).toMatch(/not an age public key/)
  })
})

describe('a custom-format archive', () => {
  test('the age CLI decrypts what the action encrypted, with either of two recipients', async () => {
    const { file, digest } = randomFile('one.dump', 3_000_000)
    const out = `${file}.age`
    const written = await encryptArchive(file, [alice.recipient, bob.recipient], out)
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('600')
    expect(written.size).toBe(fs.statSync(out).size)
    expect(written.sha256).toBe(sha(fs.readFileSync(out)))
    for (const key of [alice, bob]) {
      const plain = execFileSync('age', ['-d', '-i', key.file, out], { maxBuffer: 1 << 26 })
      expect(sha(plain)).toBe(digest)
    }
    const refused = spawnSync('age', ['-d', '-i', eve.file, out])
    expect(refused.status).not.toBe(0)
  })

  test('the decryption module checks both digests and writes the plaintext', async () => {
    const { file, digest } = randomFile('two.dump', 1_000_000)
    const enc = await encryptArchive(file, [alice.recipient], `${file}.age`)
    const out = path.join(work, 'two.restored.dump')
    const result = await decryptBackup({ encrypted: `${file}.age`, identity: alice.identity, encryptedSha256: enc.sha256, plaintextSha256: digest, kind: 'file', out })
    expect(result.sha256).toBe(digest)
    expect(sha(fs.readFileSync(out))).toBe(digest)
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('600')
  })

  test('a file the age CLI encrypted is read by the decryption module', async () => {
    const { file, digest } = randomFile('three.dump', 200_000)
    execFileSync('age', ['-r', bob.recipient, '-o', `${file}.age`, file])
    const out = path.join(work, 'three.restored.dump')
    await decryptBackup({ encrypted: `${file}.age`, identity: bob.identity, encryptedSha256: sha(fs.readFileSync(`${file}.age`)), plaintextSha256: digest, kind: 'file', out })
    expect(sha(fs.readFileSync(out))).toBe(digest)
  })

  test('every chunk and block boundary: the age CLI and the decryption module give back the plaintext', async () => {
    // age seals 64 KiB chunks (the last one flagged, empty only for an empty file); the archive is
    // read 1 MiB at a time. Sizes on, before and after those boundaries.
    const K = 64 * 1024
    const M = 1024 * 1024
    for (const bytes of [0, 1, K - 1, K, K + 1, 2 * K, M - 1, M, M + 1, M + K, 3 * M + 17]) {
      const file = path.join(work, `edge-${bytes}.dump`)
      const data = randomBytes(bytes)
      fs.writeFileSync(file, data, { mode: 0o600 })
      const written = await encryptArchive(file, [alice.recipient], `${file}.age`)
      expect([bytes, written.payloadCipher]).toEqual([bytes, 'node'])
      expect(written.plaintextSha256).toBe(sha(data))
      const cipher = fs.readFileSync(`${file}.age`)
      expect(written.size).toBe(cipher.length)
      expect(written.sha256).toBe(sha(cipher))
      // The payload: one 16-byte tag per chunk (at least one chunk) after the header and its 16-byte nonce.
      const header = cipher.indexOf('\n---') + cipher.subarray(cipher.indexOf('\n---') + 1).indexOf('\n') + 2
      expect([bytes, cipher.length - header - 16]).toEqual([bytes, bytes + 16 * Math.max(1, Math.ceil(bytes / K))])
      const plain = execFileSync('age', ['-d', '-i', alice.file, `${file}.age`], { maxBuffer: 1 << 26 })
      expect([bytes, sha(plain)]).toEqual([bytes, sha(data)])
      const out = path.join(work, `edge-${bytes}.restored`)
      await decryptBackup({ encrypted: `${file}.age`, identity: alice.identity, encryptedSha256: written.sha256, plaintextSha256: sha(data), kind: 'file', out })
      expect([bytes, sha(fs.readFileSync(out))]).toEqual([bytes, sha(data)])
    }
  })

  test('files the age CLI encrypted, at every chunk and block boundary: the decryption module gives back the plaintext', async () => {
    // The payload is opened with Node's cipher (age-payload.ts): checked here against the other implementation's output.
    const K = 64 * 1024
    const M = 1024 * 1024
    const chunked = 16 * (K + 16) // the sealed bytes the module reads at a time
    for (const bytes of [0, 1, K - 1, K, K + 1, 2 * K, 16 * K - 1, 16 * K, 16 * K + 1, chunked, M + K, 3 * M + 17]) {
      const file = path.join(work, `cli-${bytes}.dump`)
      const data = randomBytes(bytes)
      fs.writeFileSync(file, data, { mode: 0o600 })
      execFileSync('age', ['-r', alice.recipient, '-r', bob.recipient, '-o', `${file}.age`, file])
      const cipher = fs.readFileSync(`${file}.age`)
      const out = path.join(work, `cli-${bytes}.restored`)
      const result = await decryptBackup({ encrypted: `${file}.age`, identity: bob.identity, encryptedSha256: sha(cipher), plaintextSha256: sha(data), kind: 'file', out })
      expect([bytes, result.size, sha(fs.readFileSync(out))]).toEqual([bytes, bytes, sha(data)])
    }
  })

  test('a payload cut at a chunk boundary, or with a chunk appended after the last one, fails authentication; nothing is written', async () => {
    const K = 64 * 1024
    const file = path.join(work, 'chunks.dump')
    const data = randomBytes(3 * K + 100)
    fs.writeFileSync(file, data, { mode: 0o600 })
    execFileSync('age', ['-r', alice.recipient, '-o', `${file}.age`, file])
    const cipher = fs.readFileSync(`${file}.age`)
    const payloadAt = cipher.indexOf('\n---') + cipher.subarray(cipher.indexOf('\n---') + 1).indexOf('\n') + 2 + 16
    const sealed = K + 16
    const cases = {
      // Two whole chunks: the second was sealed as not the last.
      cut: cipher.subarray(0, payloadAt + 2 * sealed),
      // The first chunk again after the real last one.
      appended: Buffer.concat([cipher, cipher.subarray(payloadAt, payloadAt + sealed)]),
      // The second and first chunks swapped.
      swapped: Buffer.concat([
        cipher.subarray(0, payloadAt),
        cipher.subarray(payloadAt + sealed, payloadAt + 2 * sealed),
        cipher.subarray(payloadAt, payloadAt + sealed),
        cipher.subarray(payloadAt + 2 * sealed)
      ])
    }
    for (const [name, bytes] of Object.entries(cases)) {
      const bad = path.join(work, `chunks.${name}.age`)
      fs.writeFileSync(bad, bytes)
      const out = path.join(work, `chunks.${name}.restored`)
      await expect(decryptBackup({ encrypted: bad, identity: alice.identity, encryptedSha256: sha(bytes), plaintextSha256: sha(data), kind: 'file', out })).rejects.toThrow(
        /failed authentication: the file was altered or truncated/
      )
      expect([name, fs.existsSync(out)]).toEqual([name, false])
      expect(fs.readdirSync(work).filter(f => f.startsWith(`.chunks.${name}.restored`))).toEqual([])
    }
  })

  test("the library's own payload cipher (the fallback) writes a file the age CLI reads too", async () => {
    const { file, digest } = randomFile('library.dump', 200_000)
    const written = await encryptArchive(file, [alice.recipient, bob.recipient], `${file}.age`, { libraryPayload: true })
    expect(written.payloadCipher).toBe('age-encryption')
    expect(written.plaintextSha256).toBe(digest)
    expect(written.sha256).toBe(sha(fs.readFileSync(`${file}.age`)))
    expect(sha(execFileSync('age', ['-d', '-i', bob.file, `${file}.age`], { maxBuffer: 1 << 26 }))).toBe(digest)
  })

  test('stopped (AbortSignal) midway: rejects, and the partial output is removed', async () => {
    const { file } = randomFile('stopped.dump', 64 * 1024 * 1024)
    const stop = new AbortController()
    const out = `${file}.age`
    // Stopped once the output holds part of the payload (the encryption yields between blocks).
    let seen = 0
    const watch = setInterval(() => {
      seen = fs.existsSync(out) ? fs.statSync(out).size : 0
      if (seen > 1024 * 1024) stop.abort(new Error('stopped by the test'))
    }, 0)
    const result = await encryptArchive(file, [alice.recipient], out, { signal: stop.signal }).then(
      () => 'finished',
      (err: Error) => err.message
    )
    clearInterval(watch)
    expect(result).toBe('stopped by the test')
    expect(seen).toBeLessThan(64 * 1024 * 1024)
    expect(fs.existsSync(out)).toBe(false)
    fs.rmSync(file)
  })

  test('encryption never overwrites an existing file', async () => {
    const { file } = randomFile('four.dump', 1000)
    fs.writeFileSync(`${file}.age`, 'keep me')
    await expect(encryptArchive(file, [alice.recipient], `${file}.age`)).rejects.toThrow(/EEXIST/)
    expect(fs.readFileSync(`${file}.age`, 'utf8')).toBe('keep me')
  })
})

describe('refusals: nothing is written', () => {
  let file: string
  let digest: string
  let enc: { sha256: string; size: number }
  beforeAll(async () => {
    ;({ file, digest } = randomFile('five.dump', 500_000))
    enc = await encryptArchive(file, [alice.recipient], `${file}.age`)
  })
  const out = (): string => path.join(work, 'five.restored.dump')
  const leftovers = (): string[] => fs.readdirSync(work).filter(n => n.includes('five.restored'))

  test('a wrong identity', async () => {
    await expect(decryptBackup({ encrypted: `${file}.age`, identity: eve.identity, encryptedSha256: enc.sha256, plaintextSha256: digest, kind: 'file', out: out() })).rejects.toThrow(
      /cannot decrypt five\.dump\.age: the backup was encrypted to other public keys/
    )
    expect(leftovers()).toEqual([])
  })

  test('a malformed identity is refused without echoing it', async () => {
    const bad = `${alice.identity.slice(0, -3)}xyz`
    const err = await decryptBackup({ encrypted: `${file}.age`, identity: bad, encryptedSha256: enc.sha256, plaintextSha256: digest, kind: 'file', out: out() }).then(
      () => new Error('decrypted'),
      (e: unknown) => e as Error
    )
    expect(String(err)).toMatch(/not a valid age secret key/)
    expect(String(err)).not.toContain(bad)
    expect(leftovers()).toEqual([])
  })

  test('a truncated ciphertext: refused by its digest, and by authentication when the digest is forged', async () => {
    const cut = path.join(work, 'five.cut.age')
    const bytes = fs.readFileSync(`${file}.age`)
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 1000))
    await expect(decryptBackup({ encrypted: cut, identity: alice.identity, encryptedSha256: enc.sha256, plaintextSha256: digest, kind: 'file', out: out() })).rejects.toThrow(/altered or truncated/)
    await expect(decryptBackup({ encrypted: cut, identity: alice.identity, encryptedSha256: sha(fs.readFileSync(cut)), plaintextSha256: digest, kind: 'file', out: out() })).rejects.toThrow(/failed/)
    expect(leftovers()).toEqual([])
  })

  test('an altered byte in the payload fails authentication', async () => {
    const bent = path.join(work, 'five.bent.age')
    const bytes = Buffer.from(fs.readFileSync(`${file}.age`))
    bytes[bytes.length - 5000] = bytes[bytes.length - 5000] ^ 1
    fs.writeFileSync(bent, bytes)
    await expect(decryptBackup({ encrypted: bent, identity: alice.identity, encryptedSha256: sha(bytes), plaintextSha256: digest, kind: 'file', out: out() })).rejects.toThrow(/failed/)
    expect(leftovers()).toEqual([])
  })

  test('nothing that exists is written to or removed: a folder named like a partial, a dangling link at the output', async () => {
    const squatter = path.join(work, `five.restored.dump.partial-${process.pid}`)
    fs.mkdirSync(squatter)
    fs.writeFileSync(path.join(squatter, 'keep'), 'mine')
    const link = path.join(work, 'five.link.dump')
    fs.symlinkSync(path.join(work, 'nowhere'), link)
    await expect(decryptBackup({ encrypted: `${file}.age`, identity: alice.identity, encryptedSha256: enc.sha256, plaintextSha256: digest, kind: 'file', out: link })).rejects.toThrow(
      /five\.link\.dump exists already; it is left untouched/
    )
    expect(fs.readlinkSync(link)).toBe(path.join(work, 'nowhere'))
    const out = path.join(work, 'five.restored.dump')
    await decryptBackup({ encrypted: `${file}.age`, identity: alice.identity, encryptedSha256: enc.sha256, plaintextSha256: digest, kind: 'file', out })
    expect(fs.readFileSync(path.join(squatter, 'keep'), 'utf8')).toBe('mine')
    fs.rmSync(squatter, { recursive: true })
    fs.rmSync(out)
    fs.rmSync(link)
  })

  test('a plaintext that is not the manifest’s', async () => {
    await expect(decryptBackup({ encrypted: `${file}.age`, identity: alice.identity, encryptedSha256: enc.sha256, plaintextSha256: '0'.repeat(64), kind: 'file', out: out() })).rejects.toThrow(
      /does not match its manifest.*removed/
    )
    expect(leftovers()).toEqual([])
  })
})

describe('a directory-format archive', () => {
  test('travels as one tar stream: the age CLI and tar give back the same files, and so does the module', async () => {
    const dir = path.join(work, 'six.dir')
    fs.mkdirSync(dir, { mode: 0o700 })
    fs.writeFileSync(path.join(dir, 'toc.dat'), randomBytes(10_000))
    fs.writeFileSync(path.join(dir, '3001.dat.gz'), randomBytes(700_000))
    fs.writeFileSync(path.join(dir, '3002.dat.gz'), Buffer.alloc(0))
    const digest = await sha256Directory(dir)
    const enc = await encryptArchive(dir, [alice.recipient], path.join(work, 'six.dir.tar.age'))

    const viaCli = path.join(work, 'cli-out')
    fs.mkdirSync(viaCli)
    const tarBytes = execFileSync('age', ['-d', '-i', alice.file, path.join(work, 'six.dir.tar.age')], { maxBuffer: 1 << 26 })
    execFileSync('tar', ['-x', '-C', viaCli], { input: tarBytes })
    expect(fs.readdirSync(viaCli)).toEqual(['six.dir'])
    expect(await sha256Directory(path.join(viaCli, 'six.dir'))).toBe(digest)

    const out = path.join(work, 'six.restored.dir')
    const result = await decryptBackup({ encrypted: path.join(work, 'six.dir.tar.age'), identity: alice.identity, encryptedSha256: enc.sha256, plaintextSha256: digest, kind: 'directory', out })
    expect(result.sha256).toBe(digest)
    expect(await sha256Directory(out)).toBe(digest)
    expect(fs.readdirSync(work).filter(n => n.includes('six.restored.dir.partial'))).toEqual([])
  })
})
