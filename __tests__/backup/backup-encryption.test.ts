import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { generatedMigrations, applyLikePrisma } from '../../test-support/fixtures.mjs'
import { runAction, startAction, runPostStep, allTexts, findSecretLeaks, errorOf, type RunResult } from '../helpers/run-action.js'
import { useCluster, freshDatabase } from '../helpers/suite.js'
import { sha256Directory } from '../../src/backup/files.js'
import { decryptBackup } from '../../src/crypto/age-file.js'
import { generateHybridIdentity, identityToRecipient } from 'age-encryption'
import { bech32 } from '@scure/base'
import type { BackupManifest } from '../../src/backup/manifest.js'
import { discoverPgTools, choosePgTools, type PgTools } from '../../src/postgres/pg-tools.js'

/**
 * A backup leaves the runner only encrypted (SPEC 5, 10): the backup phase encrypts the verified
 * archive to `backup-recipients` with age, records the copy in the manifest, and the post step
 * removes the plaintext at the end of the job. Every ciphertext is checked with the independent
 * `age` CLI (Debian package `age`) and with the project's decryption module.
 */

const PASSWORD = 'enc:/@%+ pass'
const MIGRATIONS = generatedMigrations(2)
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

const pg = useCluster({ password: PASSWORD })
let scratch: string
let db: string

interface Key {
  identity: string
  recipient: string
  file: string
}
let alice: Key
let bob: Key

function keygen(name: string): Key {
  const file = path.join(scratch, `${name}.key`)
  execFileSync('age-keygen', ['-o', file], { stdio: 'pipe' })
  const text = fs.readFileSync(file, 'utf8')
  return {
    identity: text.split('\n').find(l => l.startsWith('AGE-SECRET-KEY-1')) as string,
    recipient: /public key: (age1[0-9a-z]+)/.exec(text)?.[1] as string,
    file
  }
}

beforeAll(async () => {
  if (spawnSync('age', ['--version']).error) throw new Error('The `age` CLI is not installed (Debian/Ubuntu: apt-get install age); these tests decrypt with it.')
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-enc-test-'))
  alice = keygen('alice')
  bob = keygen('bob')
  db = await freshDatabase(pg.cluster, async c => {
    await applyLikePrisma(c, MIGRATIONS)
    await c.query(`CREATE TABLE payload AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 5000) g`)
  })
})

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratch, prefix))
}

function runEnv(): Record<string, string> {
  return { PATH: STANDARD_PATH, HOME: scratch, TMPDIR: tempDir('tmp-') }
}

function backup(inputs: Record<string, string>): Promise<RunResult> {
  return runAction({ env: runEnv(), eventName: 'push', inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), ...inputs }, timeoutMs: 120_000 })
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const manifestOf = (r: RunResult): BackupManifest => JSON.parse(fs.readFileSync(r.outputs['manifest-path'], 'utf8')) as BackupManifest

describe('the backup is encrypted to every recipient', () => {
  let r: RunResult
  let dir: string
  beforeAll(async () => {
    dir = path.join(tempDir('out-'), 'backups')
    r = await backup({ 'backup-dir': dir, 'backup-recipients': `${alice.recipient},\n${bob.recipient}` })
  })

  test('outputs and manifest describe the .age file on disk', () => {
    expect(errorOf(r)).toBe('')
    expect(r.code).toBe(0)
    const agePath = r.outputs['encrypted-backup-path']
    expect(agePath).toBe(`${r.outputs['backup-path']}.age`)
    const bytes = fs.readFileSync(agePath)
    expect(r.outputs['encrypted-backup-sha256']).toBe(sha256(bytes))
    expect((fs.statSync(agePath).mode & 0o777).toString(8)).toBe('600')
    const m = manifestOf(r)
    expect(m.encrypted).toEqual({
      file: path.basename(agePath),
      size: bytes.length,
      sha256: sha256(bytes),
      format: 'age',
      recipients: [alice.recipient, bob.recipient],
      durationMs: expect.any(Number)
    })
    expect(r.stdout).toMatch(/✓ encrypt: age, 2 recipients: /)
    expect(r.summary).toContain('is the file to upload')
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(r.outputs['backup-path']), path.basename(agePath), path.basename(r.outputs['manifest-path'])].sort())
  })

  test('the age CLI decrypts it with either identity into the archive the manifest describes', () => {
    const m = manifestOf(r)
    for (const key of [alice, bob]) {
      const plain = execFileSync('age', ['-d', '-i', key.file, r.outputs['encrypted-backup-path']], { maxBuffer: 1 << 28 })
      expect(sha256(plain)).toBe(m.sha256)
    }
  })

  test("the project's decryption module gives back the same archive", async () => {
    const m = manifestOf(r)
    const out = path.join(tempDir('dec-'), 'restored.dump')
    await decryptBackup({
      encrypted: r.outputs['encrypted-backup-path'],
      identity: bob.identity,
      encryptedSha256: m.encrypted?.sha256 as string,
      plaintextSha256: m.sha256,
      kind: 'file',
      out
    })
    expect(sha256(fs.readFileSync(out))).toBe(m.sha256)
  })

  test('the post step removes the plaintext archive and keeps the .age file and the manifest', async () => {
    const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup' }, state: r.state })
    expect(post.code).toBe(0)
    expect(fs.existsSync(r.outputs['backup-path'])).toBe(false)
    expect(fs.existsSync(r.outputs['encrypted-backup-path'])).toBe(true)
    expect(fs.existsSync(r.outputs['manifest-path'])).toBe(true)
    expect(post.stdout).toContain(`Removed the plaintext backup ${r.outputs['backup-path']}.`)
  })
})

describe('a directory-format backup travels as one tar stream', () => {
  test('<name>.dir.tar.age: the age CLI and tar give back the folder the manifest describes', async () => {
    const dir = path.join(tempDir('out-'), 'b')
    const r = await backup({ 'backup-dir': dir, 'backup-format': 'directory', 'backup-recipients': alice.recipient })
    expect(errorOf(r)).toBe('')
    const agePath = r.outputs['encrypted-backup-path']
    expect(agePath).toBe(`${r.outputs['backup-path'].replace(/\.dir$/, '')}.dir.tar.age`)
    const m = manifestOf(r)
    const into = tempDir('untar-')
    const tarBytes = execFileSync('age', ['-d', '-i', alice.file, agePath], { maxBuffer: 1 << 28 })
    execFileSync('tar', ['-x', '-C', into], { input: tarBytes })
    expect(fs.readdirSync(into)).toEqual([path.basename(r.outputs['backup-path'])])
    expect(await sha256Directory(path.join(into, fs.readdirSync(into)[0]))).toBe(m.sha256)
  })
})

describe('the post step removes only what this job created', () => {
  test('keep-plaintext-backup: true keeps everything', async () => {
    const r = await backup({ 'backup-dir': path.join(tempDir('out-'), 'k'), 'backup-recipients': alice.recipient, 'keep-plaintext-backup': 'true' })
    expect(errorOf(r)).toBe('')
    const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup' }, state: r.state })
    expect(post.code).toBe(0)
    for (const p of ['backup-path', 'encrypted-backup-path', 'manifest-path']) expect(fs.existsSync(r.outputs[p])).toBe(true)
    expect(post.stdout).toContain('keep-plaintext-backup: true')
  })

  test('a file that took the plaintext backup’s name since is left alone, with a warning naming it', async () => {
    const r = await backup({ 'backup-dir': path.join(tempDir('out-'), 'n'), 'backup-recipients': alice.recipient })
    expect(errorOf(r)).toBe('')
    const plain = r.outputs['backup-path']
    fs.rmSync(plain)
    fs.writeFileSync(plain, 'not the backup')
    const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup' }, state: r.state })
    expect(post.code).toBe(0)
    expect(fs.readFileSync(plain, 'utf8')).toBe('not the backup')
    expect(post.stdout).toContain(`::warning::${plain} is no longer the plaintext backup this job created`)
  })

  test('a file that took the plaintext backup’s name and its inode number since is left alone', async () => {
    const r = await backup({ 'backup-dir': path.join(tempDir('out-'), 'i'), 'backup-recipients': alice.recipient })
    expect(errorOf(r)).toBe('')
    const plain = r.outputs['backup-path']
    // As a later step might: remove the backup and write a file of its own there. File systems reuse
    // a freed inode number at once (ext4 does); the state is made to say so, whatever this one did.
    fs.rmSync(plain)
    await new Promise(resolve => setTimeout(resolve, 20))
    fs.writeFileSync(plain, 'a file of the user')
    const now = fs.lstatSync(plain)
    const entries = JSON.parse(r.state['created-paths']) as { path: string; dev: number; ino: number }[]
    const entry = entries.find(e => e.path === plain)
    expect(entry).toBeDefined()
    Object.assign(entry as object, { dev: now.dev, ino: now.ino })
    const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup' }, state: { ...r.state, 'created-paths': JSON.stringify(entries) } })
    expect(post.code).toBe(0)
    expect(fs.readFileSync(plain, 'utf8')).toBe('a file of the user')
    expect(post.stdout).toContain('is no longer the plaintext backup this job created')
  })

  test('a plaintext backup the post step cannot remove: a warning naming the path, and the step does not fail', async () => {
    const r = await backup({ 'backup-dir': path.join(tempDir('out-'), 'u'), 'backup-recipients': alice.recipient })
    expect(errorOf(r)).toBe('')
    const plain = r.outputs['backup-path']
    // Removal refused by the file system: as root (whom permissions do not stop) the file is made
    // immutable; otherwise its folder is made read-only.
    const root = process.getuid?.() === 0
    const lock = (on: boolean): void => {
      if (root) execFileSync('chattr', [on ? '+i' : '-i', plain])
      else fs.chmodSync(path.dirname(plain), on ? 0o500 : 0o700)
    }
    lock(true)
    try {
      const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup' }, state: r.state })
      expect(post.code).toBe(0)
      expect(fs.existsSync(plain)).toBe(true)
      expect(post.stdout).toContain(`::warning::Could not remove the plaintext backup ${plain}:`)
      expect(post.stdout).toContain('Remove it by hand: it holds production data in clear.')
      expect(post.stdout).not.toContain(`Removed the plaintext backup ${plain}`)
    } finally {
      lock(false)
    }
  })

  test('a post step of a run that created nothing removes nothing', async () => {
    const other = path.join(tempDir('other-'), 'x.dump')
    fs.writeFileSync(other, 'x')
    const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup', 'backup-dir': path.dirname(other) }, state: {} })
    expect(post.code).toBe(0)
    expect(fs.existsSync(other)).toBe(true)
  })
})

describe('bad recipients fail before any dump, naming the input', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a malformed key', () => 'age1notakey', /Input 'backup-recipients' key \('age1nota…'\) is not a valid age public key/],
    [
      'an SSH key',
      () => 'ssh-ed25519 AAAAC3Nza',
      /Input 'backup-recipients' key 1 \('ssh-ed25519'\) is an SSH public key: age-encryption, the age implementation the action encrypts with, has no SSH recipients/
    ],
    ['another key format', () => 'pgp:0xDEADBEEF', /Input 'backup-recipients' key \(a value that is not an age key \(not shown\)\) is not an age public key/],
    // Well-formed recipients of age plugins (bech32 with the plugin's prefix, as the plugins print them).
    [
      'a YubiKey plugin recipient',
      () => `${alice.recipient}\n${pluginRecipient('yubikey')}`,
      /Input 'backup-recipients' line 2 \('age1yubikey1…'\) is a plugin recipient \(age1yubikey1…, of the age plugin 'age-plugin-yubikey'\): only that plugin program can encrypt to it, and the action \(which encrypts with age-encryption and runs no plugin\) cannot\.\n.*age-keygen -o key\.txt/
    ],
    ['a Secure Enclave plugin recipient', () => pluginRecipient('se'), /key \('age1se1…'\) is a plugin recipient \(age1se1…, of the age plugin 'age-plugin-se'\)/],
    ['a plugin recipient cut short', () => 'age1yubikey1qwt50d05nh5', /key \('age1yubikey1…'\) is a plugin recipient .*; its checksum does not match either/],
    ['an empty list', () => ' , ', /Input 'backup-recipients' is given but holds no key\./],
    ['comments only', () => '# the on-call key goes here\n\n  # and the offline one\n', /Input 'backup-recipients' is given but holds no key \(only comments and blank lines\)/],
    [
      'a bad key among comments and blank lines, named by its line',
      () => `# on-call\n${alice.recipient}\n\n# offline, in the safe\n${bob.recipient}, age1notakey # spare\n`,
      /Input 'backup-recipients' line 5, key 2 \('age1nota…'\) is not a valid age public key/
    ],
    ['a secret key in a comment', () => `${alice.recipient}\n# ${bob.identity}`, /Input 'backup-recipients' line 2 holds an age secret key \(an AGE-SECRET-KEY-1… value, not shown\) in a comment/],
    ['a secret key', () => `${alice.recipient}, ${bob.identity}`, /Input 'backup-recipients' key 2 \(an AGE-SECRET-KEY-1… value \(not shown\)\) is an age secret key/]
  ]
  const pluginRecipient = (name: string): string => bech32.encode(`age1${name}`, bech32.toWords(randomBytes(33)), false)
  test.each(cases)('%s', async (_what, value, message) => {
    const dir = path.join(tempDir('bad-'), 'b')
    const r = await backup({ 'backup-dir': dir, 'backup-recipients': value() })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toMatch(message)
    expect(fs.existsSync(dir)).toBe(false)
    expect(r.stdout).not.toContain('pg_dump')
    expect(findSecretLeaks(bob.identity, allTexts(r))).toEqual([])
  })

  test('the secret key is registered as a secret before anything is printed', async () => {
    const r = await backup({ 'backup-dir': path.join(tempDir('bad-'), 'b'), 'backup-recipients': bob.identity })
    const firstLine = r.stdout.split('\n')[0] ?? ''
    expect(r.stdout.split('\n').filter(l => l.startsWith('::add-mask::'))).toContain(`::add-mask::${bob.identity}`)
    expect(firstLine.startsWith('::add-mask::')).toBe(true)
  })
})

describe('a recipients list written like an age recipients file', () => {
  test('comment lines, comments after a key and blank lines are ignored; every key is used', async () => {
    const list = `# Recipients of the production backups\n\n# on-call team\n${alice.recipient}\n\n  # offline key, kept in the safe\n${bob.recipient}  # bob\n`
    const r = await backup({ 'backup-dir': path.join(tempDir('comments-'), 'b'), 'backup-recipients': list })
    expect(errorOf(r)).toBe('')
    expect(manifestOf(r).encrypted?.recipients).toEqual([alice.recipient, bob.recipient])
    const plain = execFileSync('age', ['-d', '-i', bob.file, r.outputs['encrypted-backup-path']], { maxBuffer: 1 << 28 })
    expect(sha256(plain)).toBe(manifestOf(r).sha256)
  })
})

describe('a post-quantum recipient (age1pq1…, which age-encryption encrypts to natively)', () => {
  test('is accepted, and the backup decrypts with its identity (AGE-SECRET-KEY-PQ-1…)', async () => {
    const identity = await generateHybridIdentity()
    const pq = await identityToRecipient(identity)
    expect(pq.startsWith('age1pq1')).toBe(true)
    const r = await backup({ 'backup-dir': path.join(tempDir('pq-'), 'b'), 'backup-recipients': `${alice.recipient}\n${pq}` })
    expect(errorOf(r)).toBe('')
    const m = manifestOf(r)
    expect(m.encrypted?.recipients).toEqual([alice.recipient, pq])
    const out = path.join(tempDir('dec-pq-'), 'restored.dump')
    await decryptBackup({ encrypted: r.outputs['encrypted-backup-path'], identity, encryptedSha256: m.encrypted?.sha256 as string, plaintextSha256: m.sha256, kind: 'file', out })
    expect(sha256(fs.readFileSync(out))).toBe(m.sha256)
  })
})

describe('verification and encryption run at the same time', () => {
  let tools: PgTools
  beforeAll(async () => {
    const chosen = choosePgTools(await discoverPgTools({ pathEnv: STANDARD_PATH }), Number(pg.cluster.version.split('.')[0]))
    if (!chosen) throw new Error(`no pg_dump for PostgreSQL ${pg.cluster.version} on this machine`)
    tools = chosen
  })

  /**
   * A pg-bin-dir whose pg_dump is the real one and whose pg_restore lists the archive but fails its
   * full read, after `delay` seconds, as pg_restore does on a truncated archive.
   */
  function failingRestore(delay: number): string {
    const binDir = tempDir('pg-bin-')
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
    for (const [tool, real] of [
      ['pg_dump', tools.pgDump],
      ['pg_restore', tools.pgRestore]
    ] as const) {
      const failFullRead = tool === 'pg_restore' ? `case "$*" in *--file=/dev/null*) sleep ${delay}; echo 'pg_restore: error: could not read from input file: end of file' >&2; exit 1;; esac\n` : ''
      fs.writeFileSync(path.join(binDir, tool), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${tool} (PostgreSQL) ${tools.version}"; exit 0; fi\n${failFullRead}exec ${quote(real)} "$@"\n`, {
        mode: 0o755
      })
    }
    return binDir
  }

  test.each([
    ['while the encryption runs', 0],
    ['after the encryption finished', 3]
  ])('verification failing %s: the encrypted copy is removed with everything else and nothing of it is reported', async (_when, delay) => {
    const bigDb = await freshDatabase(pg.cluster, async c => {
      await c.query(`CREATE TABLE noise AS SELECT g AS id, md5(random()::text) || md5(random()::text) || md5(random()::text) AS v FROM generate_series(1, 400000) g`)
    })
    const dir = path.join(tempDir('unverified-'), 'b')
    const r = await runAction({
      env: runEnv(),
      eventName: 'push',
      inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir, 'backup-recipients': alice.recipient, 'pg-bin-dir': failingRestore(delay) },
      timeoutMs: 120_000
    })
    expect(r.code).not.toBe(0)
    expect(errorOf(r)).toMatch(/failed verification: pg_restore could not read it end to end/)
    expect(r.stdout).toContain('✗ verify-archive: FAILED')
    expect(r.stdout).toContain('✗ encrypt: FAILED')
    expect(r.stdout).not.toMatch(/✓ encrypt|\.age/)
    expect(r.outputs).toEqual({})
    expect(r.summary).toContain("The backup failed at 'verify-archive'")
    expect(r.summary).toContain('Stopped: the archive failed verification, so no encrypted copy of it was kept.')
    expect(r.summary).not.toContain('is the file to upload')
    expect(fs.readdirSync(dir)).toEqual([])
    // Nothing was left for the post step either.
    const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup' }, state: r.state })
    expect(post.code).toBe(0)
    expect(post.stdout).not.toContain('Removed')
  })

  const canMount = (() => {
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'mount-probe-'))
    try {
      return spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o size=16k tmpfs '${probe}'`]).status === 0
    } finally {
      fs.rmSync(probe, { recursive: true, force: true })
    }
  })()

  ;(canMount ? test : test.skip)('a volume with room for the dump but not its encrypted copy: the verification ends, the encryption is named as what failed, no file is left', async () => {
    // Random bytes, which no compression shrinks: the encrypted copy is as large as the dump.
    const db = await freshDatabase(pg.cluster, async c => {
      await c.query(`CREATE TABLE blob AS SELECT g AS id, decode(string_agg(md5(random()::text), ''), 'hex') AS b FROM generate_series(1, 20) g, generate_series(1, 1000) h GROUP BY g`)
    })
    const probe = path.join(tempDir('probe-'), 'probe.dump')
    execFileSync(tools.pgDump, ['--format=custom', `--file=${probe}`, pg.cluster.url({ database: db })], { env: { PATH: STANDARD_PATH } })
    const dumpBytes = fs.statSync(probe).size
    expect(dumpBytes).toBeGreaterThan(200_000)
    // Free room: the dump (in 4 KiB pages) and 32 KiB more, far less than a second copy of it.
    const volume = 4 * 1024 * 1024
    const free = Math.ceil(dumpBytes / 4096) * 4096 + 32 * 1024
    const mountPoint = tempDir('small-volume-')
    const dir = path.join(mountPoint, 'backups')
    const listing = path.join(tempDir('listing-'), 'after')
    const prefix =
      `exec unshare -m bash -c 'mount -t tmpfs -o size=${volume},mode=0700 tmpfs "$2" && head -c ${volume - free} /dev/zero > "$2/filler" || exit 99; ` +
      `"$0" "$1"; rc=$?; (cd "$2" && find . -mindepth 1 | sort) > "$3"; exit $rc' "$0" "$1" '${mountPoint}' '${listing}'`
    const r = await runAction({
      env: runEnv(),
      eventName: 'push',
      inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: db }), 'backup-dir': dir, 'backup-recipients': alice.recipient },
      timeoutMs: 120_000,
      shellPrefix: prefix
    })
    expect(r.code).not.toBe(0)
    expect(r.code).not.toBe(99)
    const message = errorOf(r)
    expect(message).toMatch(/^Encrypting the backup into .*\.dump\.age failed: no space left on its volume/)
    expect(message).toMatch(/free space|larger volume/)
    expect(r.stdout).toMatch(/✓ verify-archive: read end to end by pg_restore/)
    expect(r.stdout).toContain('✗ encrypt: FAILED')
    expect(r.summary).toContain("The backup failed at 'encrypt'")
    expect(r.outputs).toEqual({})
    expect(fs.readFileSync(listing, 'utf8').split('\n').filter(Boolean)).toEqual(['./backups', './filler'])
  })
})

describe('cancellation', () => {
  test('the action killed (SIGKILL) during encryption: the post step still removes every plaintext it left', async () => {
    const bigDb = await freshDatabase(pg.cluster, async c => {
      await c.query(`CREATE TABLE noise AS SELECT g AS id, md5(random()::text) || md5(random()::text) || md5(random()::text) AS v FROM generate_series(1, 400000) g`)
    })
    const dir = path.join(tempDir('killed-'), 'b')
    const started = startAction({
      env: runEnv(),
      eventName: 'push',
      inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir, 'backup-recipients': alice.recipient },
      timeoutMs: 120_000
    })
    let killed = false
    const watch = setInterval(() => {
      if (killed || !fs.existsSync(dir)) return
      for (const entry of fs.readdirSync(dir)) {
        const staging = path.join(dir, entry)
        if (entry.includes('.partial-') && fs.statSync(staging).isDirectory() && fs.readdirSync(staging).some(n => n.endsWith('.age'))) {
          killed = true
          started.child.kill('SIGKILL')
        }
      }
    }, 2)
    const r = await started.result
    clearInterval(watch)
    expect(killed).toBe(true)
    expect(r.signal).toBe('SIGKILL')
    // A kill runs no cleanup: the staging folder, with the whole plaintext dump, is still there.
    const left = fs.readdirSync(dir)
    expect(left.some(n => n.includes('.partial-'))).toBe(true)
    const post = await runPostStep({ env: runEnv(), inputs: { phase: 'backup' }, state: r.state })
    expect(post.code).toBe(0)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  test('SIGTERM during encryption leaves no .age file, no plaintext and no staging folder', async () => {
    const bigDb = await freshDatabase(pg.cluster, async c => {
      await c.query(`CREATE TABLE noise AS SELECT g AS id, md5(random()::text) || md5(random()::text) || md5(random()::text) AS v FROM generate_series(1, 400000) g`)
    })
    const dir = path.join(tempDir('cancel-'), 'b')
    const started = startAction({
      env: runEnv(),
      eventName: 'push',
      inputs: { phase: 'backup', 'database-url': pg.cluster.url({ database: bigDb }), 'backup-dir': dir, 'backup-recipients': alice.recipient },
      timeoutMs: 120_000
    })
    // Signal once the encrypted file is being written in the staging folder: mid-encryption.
    let signalled = false
    const watch = setInterval(() => {
      if (signalled || !fs.existsSync(dir)) return
      for (const entry of fs.readdirSync(dir)) {
        const staging = path.join(dir, entry)
        if (!entry.includes('.partial-') || !fs.statSync(staging).isDirectory()) continue
        if (fs.readdirSync(staging).some(n => n.endsWith('.age'))) {
          signalled = true
          started.child.kill('SIGTERM')
        }
      }
    }, 2)
    const r = await started.result
    clearInterval(watch)
    expect(signalled).toBe(true)
    expect(r.code).toBe(143)
    expect(errorOf(r)).toMatch(/The backup was cancelled \(SIGTERM\)/)
    expect(fs.readdirSync(dir)).toEqual([])
    expect(r.summary).toContain('backup: cancelled')
  })
})
