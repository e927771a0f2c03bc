import { describe, expect, test, beforeAll } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption'
import { decryptBackup } from '../../src/crypto/age-file.js'
import { afterFile } from '../helpers/suite.js'

// The decryption module's decision on unusual and hostile age files, each compared with the
// independent `age` CLI's (`age -d`): it accepts what the CLI accepts, and refuses everything else
// with nothing left at the output or in its private partial folder.

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'age-decrypt-edges-'))
afterFile(() => fs.rmSync(work, { recursive: true, force: true }))

const K = 64 * 1024
const SEALED = K + 16
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

let identity: string
let keyFile: string
let recipient: string

beforeAll(async () => {
  if (spawnSync('age', ['--version']).error) throw new Error('The `age` CLI is not installed (Debian/Ubuntu: apt-get install age); these tests compare with it.')
  identity = await generateX25519Identity()
  recipient = await identityToRecipient(identity)
  keyFile = path.join(work, 'key.txt')
  fs.writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 })
})

/** age -R of `plain` by the CLI: to our recipient, after (or before) the `extra` ones. */
function ageEncrypt(name: string, plain: Buffer, extra: string[] = [], args: string[] = [], oursFirst = false): Buffer {
  const file = path.join(work, name)
  fs.writeFileSync(file, plain)
  const recipients = path.join(work, `${name}.recipients`)
  fs.writeFileSync(recipients, `${(oursFirst ? [recipient, ...extra] : [...extra, recipient]).join('\n')}\n`)
  execFileSync('age', ['-R', recipients, ...args, '-o', `${file}.age`, file], { stdio: 'pipe' })
  return fs.readFileSync(`${file}.age`)
}

/** Where the header ends (just after the MAC line's newline). */
function headerEnd(bytes: Buffer): number {
  const mac = bytes.indexOf('\n--- ')
  return bytes.indexOf('\n', mac + 1) + 1
}

async function fileKeyOf(bytes: Buffer): Promise<Uint8Array> {
  const d = new Decrypter()
  d.addIdentity(identity)
  return d.decryptHeader(bytes.subarray(0, headerEnd(bytes)))
}

/** The same file under a header with an unknown (ignored) stanza of `pad` bytes in front, its MAC remade. */
async function padded(bytes: Buffer, pad: number): Promise<Buffer> {
  const fileKey = await fileKeyOf(bytes)
  const end = headerEnd(bytes)
  const intro = 'age-encryption.org/v1\n'
  const stanzas = bytes.subarray(intro.length, bytes.indexOf('\n--- ') + 1).toString('latin1')
  // "-> grease <arg>\n\n": an empty body; pad bytes in all.
  const grease = `-> grease ${'x'.repeat(pad - 12)}\n\n`
  const noMac = `${intro}${grease}${stanzas}---`
  const macKey = Buffer.from(hkdfSync('sha256', fileKey, Buffer.alloc(0), 'header', 32))
  const mac = createHmac('sha256', macKey).update(noMac, 'latin1').digest('base64').replace(/=+$/, '')
  return Buffer.concat([Buffer.from(`${noMac} ${mac}\n`, 'latin1'), bytes.subarray(end)])
}

/** A payload sealed by hand under `bytes`' header and nonce: `chunks` plaintexts, the last flagged last. */
async function resealed(bytes: Buffer, chunks: Buffer[]): Promise<Buffer> {
  const fileKey = await fileKeyOf(bytes)
  const end = headerEnd(bytes)
  const nonce = bytes.subarray(end, end + 16)
  const key = Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32))
  const sealed = chunks.map((plain, i) => {
    const n = Buffer.alloc(12)
    n.writeUIntBE(i, 5, 6)
    n[11] = i === chunks.length - 1 ? 1 : 0
    const c = createCipheriv('chacha20-poly1305', key, n, { authTagLength: 16 })
    const body = Buffer.concat([c.update(plain), c.final()])
    return Buffer.concat([body, c.getAuthTag()])
  })
  return Buffer.concat([bytes.subarray(0, end + 16), ...sealed])
}

interface Decision {
  cli: 'accepted' | 'refused'
  module: 'accepted' | 'refused'
  cliSha?: string
  moduleSha?: string
  error?: string
  leftovers: string[]
}

let seq = 0
/** What `age -d` and the decryption module each make of `bytes`; what the module left behind. */
async function decide(bytes: Buffer, plain: Buffer): Promise<Decision> {
  const name = `case-${++seq}`
  const encrypted = path.join(work, `${name}.age`)
  fs.writeFileSync(encrypted, bytes)
  const cli = spawnSync('age', ['-d', '-i', keyFile, encrypted], { maxBuffer: 1 << 28 })
  const cliSha = cli.status === 0 ? sha(cli.stdout) : undefined
  const out = path.join(work, `${name}.restored`)
  let moduleSha: string | undefined
  let error: string | undefined
  try {
    moduleSha = (await decryptBackup({ encrypted, identity, encryptedSha256: sha(bytes), plaintextSha256: cliSha ?? sha(plain), kind: 'file', out })).sha256
  } catch (err) {
    error = (err as Error).message
  }
  // The output exists only if accepted (and is removed here); nothing else may be left, the partial folder included.
  if (moduleSha !== undefined) fs.rmSync(out)
  const leftovers = fs.readdirSync(work).filter(f => f.startsWith(`${name}.restored`) || f.startsWith(`.${name}.restored`))
  return { cli: cli.status === 0 ? 'accepted' : 'refused', module: moduleSha !== undefined ? 'accepted' : 'refused', cliSha, moduleSha, error, leftovers }
}

async function others(n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, async () => identityToRecipient(await generateX25519Identity())))
}

describe('headers', () => {
  test('hundreds of recipients (a header over 64 KiB), ours last', async () => {
    const plain = randomBytes(200_000)
    const many = await others(800)
    const last = ageEncrypt('many-last', plain, many)
    expect(headerEnd(last)).toBeGreaterThan(64 * 1024)
    const d = await decide(last, plain)
    expect(d).toMatchObject({ cli: 'accepted', module: 'accepted', moduleSha: sha(plain), leftovers: [] })
  })

  test('a header that ends, or whose MAC line starts, at every offset around the 64 KiB read boundary', async () => {
    const plain = randomBytes(100_000)
    const base = ageEncrypt('boundary', plain)
    const end = headerEnd(base)
    const results: string[] = []
    // The header's end at 64 KiB - 8 … 64 KiB + 8, and the MAC line's "\n--- " straddling it.
    const targets = [...Array.from({ length: 17 }, (_, i) => 64 * 1024 - 8 + i), ...Array.from({ length: 8 }, (_, i) => 64 * 1024 + 48 - 4 + i)]
    for (const target of targets) {
      const bytes = await padded(base, target - end)
      expect(headerEnd(bytes)).toBe(target)
      const d = await decide(bytes, plain)
      results.push(`${target}: cli ${d.cli}, module ${d.module}${d.error ? ` (${d.error})` : ''}${d.leftovers.length ? ` left ${d.leftovers.join(',')}` : ''}`)
    }
    expect(results).toEqual(targets.map(t => `${t}: cli accepted, module accepted`))
  })
})

describe('refused by both, nothing left behind', () => {
  const cases: Record<string, (plain: Buffer) => Buffer | Promise<Buffer>> = {
    'only a header': plain => {
      const b = ageEncrypt('only-header', plain)
      return b.subarray(0, headerEnd(b))
    },
    'a header and its nonce only': plain => {
      const b = ageEncrypt('only-nonce', plain)
      return b.subarray(0, headerEnd(b) + 16)
    },
    'a header without its MAC line': plain => {
      const b = ageEncrypt('no-mac', plain)
      const mac = b.indexOf('\n--- ') + 1
      return Buffer.concat([b.subarray(0, mac), b.subarray(headerEnd(b))])
    },
    "another file's valid header on this payload": plain => {
      const a = ageEncrypt('splice-a', plain)
      const b = ageEncrypt('splice-b', plain)
      return Buffer.concat([b.subarray(0, headerEnd(b)), a.subarray(headerEnd(a))])
    },
    'a zero-length file': () => Buffer.alloc(0),
    'random bytes': () => randomBytes(300_000),
    'random bytes after a valid intro line': () => Buffer.concat([Buffer.from('age-encryption.org/v1\n'), randomBytes(300_000)]),
    'an empty last chunk after full chunks': async plain => {
      const b = ageEncrypt('empty-last', plain)
      return resealed(b, [plain.subarray(0, K), plain.subarray(K, 2 * K), Buffer.alloc(0)])
    }
  }
  for (const [name, make] of Object.entries(cases)) {
    test(name, async () => {
      const plain = randomBytes(2 * K)
      const bytes = await make(plain)
      const d = await decide(bytes, plain)
      expect({ name, cli: d.cli, module: d.module, leftovers: d.leftovers }).toEqual({ name, cli: 'refused', module: 'refused', leftovers: [] })
    })
  }

  test('a full last chunk sealed by hand (as the CLI writes it) is accepted by both', async () => {
    const plain = randomBytes(2 * K)
    const b = ageEncrypt('full-last', plain)
    const bytes = await resealed(b, [plain.subarray(0, K), plain.subarray(K)])
    expect(bytes.length - headerEnd(b) - 16).toBe(2 * SEALED)
    const d = await decide(bytes, plain)
    expect(d).toMatchObject({ cli: 'accepted', module: 'accepted', moduleSha: sha(plain), leftovers: [] })
  })
})

describe('refused with a clear reason where the CLI decides otherwise or needs another key', () => {
  test('an armored file (age -a): the CLI reads it, the module takes binary files only and says so', async () => {
    const plain = randomBytes(2 * K)
    const d = await decide(ageEncrypt('armored', plain, [], ['-a']), plain)
    expect({ cli: d.cli, module: d.module, leftovers: d.leftovers }).toEqual({ cli: 'accepted', module: 'refused', leftovers: [] })
    expect(d.error).toMatch(/is an ASCII-armored age file \(age -a\); only binary age files/)
  })

  test('a passphrase-encrypted (scrypt) file: both refuse it with an identity, and say why', async () => {
    const plain = randomBytes(2 * K)
    const e = new Encrypter()
    e.setPassphrase('correct horse')
    e.setScryptWorkFactor(10)
    const bytes = Buffer.from(await e.encrypt(plain))
    const encrypted = path.join(work, 'scrypt.age')
    fs.writeFileSync(encrypted, bytes)
    const cli = spawnSync('age', ['-d', '-i', keyFile, encrypted])
    expect(cli.stderr.toString()).toMatch(/passphrase-encrypted/)
    const d = await decide(bytes, plain)
    expect({ cli: d.cli, module: d.module, leftovers: d.leftovers }).toEqual({ cli: 'refused', module: 'refused', leftovers: [] })
    expect(d.error).toMatch(/is passphrase-encrypted \(age -p\), not encrypted to age public keys/)
    expect(d.error).not.toMatch(/other public keys/)
  })

  test('clear reasons: an empty file, garbage, a header without its MAC line', async () => {
    const plain = randomBytes(2 * K)
    const b = ageEncrypt('reasons', plain)
    const noMac = Buffer.concat([b.subarray(0, b.indexOf('\n--- ') + 1), b.subarray(headerEnd(b))])
    expect((await decide(Buffer.alloc(0), plain)).error).toMatch(/failed: the file is empty \(0 bytes\)/)
    expect((await decide(randomBytes(1000), plain)).error).toMatch(/not an age file: it does not begin with the line 'age-encryption.org\/v1'/)
    expect((await decide(noMac, plain)).error).toMatch(/the age header is damaged or has no MAC line/)
  })
})

describe('a header of over 1 MiB (thousands of recipients)', () => {
  test('written by the age CLI: read as the CLI reads it', async () => {
    const plain = randomBytes(3 * K)
    const bytes = ageEncrypt('huge-header', plain, await others(11_000), [], true)
    expect(headerEnd(bytes)).toBeGreaterThan(1024 * 1024)
    const d = await decide(bytes, plain)
    expect(d).toMatchObject({ cli: 'accepted', module: 'accepted', moduleSha: sha(plain), leftovers: [] })
  })
})
