#!/usr/bin/env node
// bench/encrypt-throughput: what bounds the backup's encryption. On one file of random bytes (in the
// page cache, as a just-written dump is), each part of the encryption's single pass alone, then the
// whole encryptArchive (read, sha256 of the plaintext, ChaCha20-Poly1305 in age's 64 KiB chunks,
// sha256 of the ciphertext, write, fsync) with Node's cipher and with age-encryption's own (the
// fallback). Best of `runs` for each; run it on a quiet machine (prints the load average).
// Usage: node bench/encrypt-throughput.mjs [sizeMiB=256] [runs=3]
import { spawnSync } from 'node:child_process'
import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { ROOT } from './lib.mjs'

const MiB = 1 << 20
const size = Number(process.argv[2] ?? 256) * MiB
const runs = Number(process.argv[3] ?? 3)
const CHUNK = 64 * 1024

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-encrypt-'))
try {
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  const moduleDir = path.join(work, 'age-file')
  const built = spawnSync(process.execPath, [ncc, 'build', 'src/crypto/age-file.ts', '-o', moduleDir, '--quiet', '--target', 'es2022'], { cwd: ROOT, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`bundling the encryption module failed: ${built.stderr}`)
  const { encryptArchive } = await import(path.join(moduleDir, 'index.js'))

  const input = path.join(work, 'archive.bin')
  const fd = fs.openSync(input, 'w')
  for (let left = size; left > 0; left -= 8 * MiB) fs.writeSync(fd, randomBytes(Math.min(8 * MiB, left)))
  fs.closeSync(fd)
  const recipient = await identityToRecipient(await generateIdentity())
  const key = randomBytes(32)

  console.log(
    `load average ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}, ${os.cpus().length} cores, ${size / MiB} MiB file, best of ${runs}`
  )
  const best = async (name, fn, n = runs) => {
    let ms = Infinity
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      await fn()
      ms = Math.min(ms, performance.now() - t0)
    }
    console.log(`${name.padEnd(72)} ${`${(size / MiB / (ms / 1000)).toFixed(0)} MiB/s`.padStart(11)}`)
  }
  /** Reads the file in 1 MiB blocks (as the encryption does), handing each to `onBlock`. */
  const read = async onBlock => {
    const handle = await fs.promises.open(input)
    const buffer = Buffer.allocUnsafe(MiB)
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, MiB, position)
      if (bytesRead === 0) break
      position += bytesRead
      onBlock?.(buffer.subarray(0, bytesRead))
    }
    await handle.close()
  }
  const nonce = Buffer.alloc(12)
  const sealNode = (block, each) => {
    for (let at = 0, n = 0; at < block.length; at += CHUNK, n++) {
      nonce.writeUIntBE(n, 5, 6)
      const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 })
      each(cipher.update(block.subarray(at, at + CHUNK)))
      cipher.final()
      each(cipher.getAuthTag())
    }
  }
  const none = () => {}

  await best('read (page cache)', () => read())
  await best('read + sha256', () => {
    const hash = createHash('sha256')
    return read(b => hash.update(b))
  })
  await best('read + ChaCha20-Poly1305, Node (OpenSSL)', () => read(b => sealNode(b, none)))
  await best(
    "read + ChaCha20-Poly1305, @noble/ciphers (age-encryption's)",
    () =>
      read(b => {
        for (let at = 0; at < b.length; at += CHUNK) chacha20poly1305(key, nonce).encrypt(b.subarray(at, at + CHUNK))
      }),
    1
  )
  await best('read + sha256 + ChaCha20-Poly1305 (Node) + sha256: the CPU of one pass', () => {
    const plain = createHash('sha256')
    const sealed = createHash('sha256')
    return read(b => {
      plain.update(b)
      sealNode(b, c => sealed.update(c))
    })
  })
  await best('write 1 MiB blocks + fsync (no crypto)', async () => {
    const out = path.join(work, 'plain.out')
    fs.rmSync(out, { force: true })
    const handle = await fs.promises.open(out, 'wx')
    const block = randomBytes(MiB)
    for (let written = 0; written < size; written += MiB) await handle.write(block, 0, MiB)
    await handle.sync()
    await handle.close()
  })
  const out = path.join(work, 'archive.bin.age')
  for (const [name, options, n] of [
    ['encryptArchive: Node ChaCha20-Poly1305, both hashes, write, fsync', {}, runs],
    ['encryptArchive: age-encryption payload (the fallback)', { libraryPayload: true }, 1]
  ]) {
    await best(
      name,
      async () => {
        fs.rmSync(out, { force: true })
        await encryptArchive(input, [recipient], out, options)
      },
      n
    )
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
