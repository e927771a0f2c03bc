#!/usr/bin/env node
// bench/age-memory: the memory of the backup's encryption and of the decryption module, on archives
// of growing size (random, incompressible bytes), each in a fresh child process: peak RSS must stay
// flat whatever the size (streamed, one chunk at a time). Also prints each step's throughput.
// Usage: node bench/age-memory.mjs [sizesMB=20,100,200,400]
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ROOT } from './lib.mjs'

const sizes = (process.argv[2] ?? '20,100,200,400').split(',').map(Number)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-age-'))
try {
  // The project's module, bundled on its own so that a child process holds nothing else.
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  const moduleDir = path.join(work, 'age-file')
  const built = spawnSync(process.execPath, [ncc, 'build', 'src/crypto/age-file.ts', '-o', moduleDir, '--quiet', '--target', 'es2022'], { cwd: ROOT, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`bundling the encryption module failed: ${built.stderr}`)
  const child = `
    const m = await import(${JSON.stringify(path.join(moduleDir, 'index.js'))})
    const { generateIdentity, identityToRecipient } = await import('age-encryption')
    const fs = await import('node:fs')
    const { createHash, randomBytes } = await import('node:crypto')
    const [size, dir] = [Number(process.argv[1]), process.argv[2]]
    const input = dir + '/in.bin', age = dir + '/in.bin.age', out = dir + '/out.bin'
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const fd = fs.openSync(input, 'w'); const hash = createHash('sha256')
    for (let left = size; left > 0; ) { const b = randomBytes(Math.min(1 << 20, left)); fs.writeSync(fd, b); hash.update(b); left -= b.length }
    fs.closeSync(fd)
    const plain = hash.digest('hex')
    globalThis.gc?.()
    const start = process.memoryUsage().rss
    let peak = 0
    const sample = () => setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 10)
    let t = sample(); let t0 = performance.now()
    const enc = await m.encryptArchive(input, [recipient], age)
    clearInterval(t); const encMs = performance.now() - t0; const encPeak = peak; peak = 0
    t = sample(); t0 = performance.now()
    await m.decryptBackup({ encrypted: age, identity, encryptedSha256: enc.sha256, plaintextSha256: plain, kind: 'file', out })
    clearInterval(t); const decMs = performance.now() - t0
    console.log(JSON.stringify({ start, encPeak, decPeak: peak, encMs, decMs }))
  `
  const rows = []
  for (const mb of sizes) {
    const dir = fs.mkdtempSync(path.join(work, 'run-'))
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', child, String(mb * 1e6), dir], { cwd: ROOT, encoding: 'utf8' })
    fs.rmSync(dir, { recursive: true, force: true })
    if (r.status !== 0) throw new Error(`run failed: ${r.stderr}`)
    const m = JSON.parse(r.stdout.trim().split('\n').pop())
    rows.push({ mb, ...m })
    const MiB = x => (x / 1048576).toFixed(1)
    console.log(
      `${String(mb).padStart(4)} MB: RSS at start ${MiB(m.start)} MiB; peak while encrypting ${MiB(m.encPeak)} MiB (${(mb / (m.encMs / 1000)).toFixed(0)} MB/s), while decrypting ${MiB(m.decPeak)} MiB (${(mb / (m.decMs / 1000)).toFixed(0)} MB/s)`
    )
  }
  const peaks = key => rows.map(r => `${(r[key] / 1048576).toFixed(1)}`).join(' / ')
  console.log(`peak RSS for ${rows.map(r => `${r.mb}`).join(' / ')} MB: encrypting ${peaks('encPeak')} MiB; decrypting ${peaks('decPeak')} MiB (flat: the same whatever the size)`)
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
