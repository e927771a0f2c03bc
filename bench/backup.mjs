#!/usr/bin/env node
// bench/backup: the backup phase on a database of well over 1 GB (pgbench -i -s 70, whose rows
// compress to almost nothing, plus a table of random text so that the dump itself is large), in one run:
//  - the phase's dump step against bare `pg_dump -Fc` with the same options (target <= 1.05x);
//  - the verification's extra cost as a share of the dump;
//  - `directory` format with 2 jobs against bare -Fc;
//  - the action process's peak RSS, on a small and on the large database (target: flat, < 150 MB);
//  - with encryption (backup-recipients, age): the whole backup phase (dump, then the full-read
//    verification and the encryption side by side) against bare `pg_dump -Fc` (target <= 1.2x), the
//    encryption's throughput beside the verification's time, and the decryption module's throughput
//    and peak RSS on the small and the large archive (flat).
// Usage: node bench/backup.mjs [runs=3] [scale=70] [randomMiB=600]
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { spawnSync } from 'node:child_process'
import { startCluster } from '../test-support/pg-cluster.mjs'
import { DIST, ROOT, timeProcess, median, actionEnv, fmt } from './lib.mjs'
import { generateIdentity, identityToRecipient } from 'age-encryption'

const runs = Number(process.argv[2] ?? 3)
const scale = Number(process.argv[3] ?? 70)
const randomMiB = Number(process.argv[4] ?? 600)

const cluster = await startCluster({ settings: { shared_buffers: "'256MB'", max_wal_size: "'4GB'" } })
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backup-'))
try {
  const pgEnv = { ...process.env, PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.user, PGPASSWORD: cluster.password }
  const small = await cluster.createDatabase('bench_small')
  const large = await cluster.createDatabase('bench_large')
  for (const [db, s] of [
    [small, 1],
    [large, scale]
  ]) {
    const t0 = performance.now()
    const r = spawnSync(path.join(cluster.binDir, 'pgbench'), ['-i', '-q', '-s', String(s), db], { env: pgEnv, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`pgbench -i failed: ${r.stderr}`)
    if (db === large && randomMiB > 0) {
      // ~130 bytes of random hex per row, which gzip halves at best.
      const rows = Math.round((randomMiB * 1048576) / 170)
      await cluster.query(
        `CREATE TABLE random_text AS SELECT g AS id, md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) AS body FROM generate_series(1, ${rows}) g`,
        [],
        db
      )
    }
    const [{ size }] = await cluster.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS size', [], db)
    console.log(`setup: ${db} (pgbench scale ${s}) ${size} in ${fmt(performance.now() - t0)}`)
  }
  const pgDump = path.join(cluster.binDir, 'pg_dump')

  const identity = await generateIdentity()
  const recipient = await identityToRecipient(identity)
  // The decryption module, bundled on its own so a child process can be measured with it alone.
  const ncc = path.join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  const moduleDir = path.join(work, 'age-file')
  const built = spawnSync(process.execPath, [ncc, 'build', 'src/crypto/age-file.ts', '-o', moduleDir, '--quiet', '--target', 'es2022'], { cwd: ROOT, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`bundling the decryption module failed: ${built.stderr}`)

  const runAction = async (db, format, dir, { encrypt = false, keep = false } = {}) => {
    const rssFile = path.join(work, 'rss')
    const { env, cleanup } = actionEnv(
      {
        phase: 'backup',
        'database-url': cluster.url({ database: db }),
        'backup-dir': dir,
        'backup-format': format,
        'backup-jobs': '2',
        ...(encrypt ? { 'backup-recipients': recipient } : {})
      },
      ROOT
    )
    env.RSS_PROBE_FILE = rssFile
    env.GITHUB_RUN_ID = String(Date.now())
    const r = await timeProcess(process.execPath, ['--import', path.join(ROOT, 'bench', 'rss-probe.mjs'), DIST], { env })
    cleanup()
    if (r.code !== 0) throw new Error(`backup failed:\n${r.out}`)
    const manifestPath =
      /manifest-path::(.+)/.exec(r.out)?.[1] ??
      fs
        .readdirSync(dir)
        .map(f => path.join(dir, f))
        .find(f => f.endsWith('.manifest.json'))
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
    const rssKiB = Number(fs.readFileSync(rssFile, 'utf8'))
    if (!keep) fs.rmSync(dir, { recursive: true, force: true })
    return {
      readers: Number(/verify-archive: read end to end by pg_restore \((\d+) processes/.exec(r.out)?.[1] ?? 1),
      total: r.ms,
      dump: manifest.durationMs,
      verification: manifest.verificationMs,
      encryption: manifest.encrypted?.durationMs,
      rssMiB: rssKiB / 1024,
      size: manifest.size,
      manifest,
      dir
    }
  }
  /** Decrypts a kept encrypted backup with the project's module in a child process: wall time and peak RSS. */
  const decrypt = async run => {
    const rssFile = path.join(work, 'rss-dec')
    const out = path.join(work, 'decrypted.dump')
    const script = `const m = await import(${JSON.stringify(path.join(moduleDir, 'index.js'))});
      await m.decryptBackup(${JSON.stringify({
        encrypted: path.join(run.dir, run.manifest.encrypted.file),
        identity,
        encryptedSha256: run.manifest.encrypted.sha256,
        plaintextSha256: run.manifest.sha256,
        kind: 'file',
        out
      })})`
    const r = await timeProcess(process.execPath, ['--import', path.join(ROOT, 'bench', 'rss-probe.mjs'), '--input-type=module', '-e', script], {
      env: { ...process.env, RSS_PROBE_FILE: rssFile }
    })
    if (r.code !== 0) throw new Error(`decryption failed: ${r.out}`)
    fs.rmSync(out)
    return { ms: r.ms, rssMiB: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 }
  }
  const bare = async db => {
    const out = path.join(work, 'bare.dump')
    const args = ['--format=custom', `--file=${out}`, '--no-password', '--verbose', '--lock-wait-timeout=120000', db]
    const r = await timeProcess(pgDump, args, { env: pgEnv })
    if (r.code !== 0) throw new Error(`bare pg_dump failed: ${r.out}`)
    const size = fs.statSync(out).size
    fs.rmSync(out)
    return { ms: r.ms, size }
  }

  const smallRun = await runAction(small, 'custom', path.join(work, 'out-small'))
  const smallEnc = await runAction(small, 'custom', path.join(work, 'out-small-enc'), { encrypt: true, keep: true })
  const bareMs = []
  const phase = []
  const dir2 = []
  const enc = []
  // Warm-up (file cache, server caches), not counted; then alternate the order run by run.
  await bare(large)
  for (let i = 0; i < runs; i++) {
    const tasks = [
      async () => bareMs.push((await bare(large)).ms),
      async () => phase.push(await runAction(large, 'custom', path.join(work, 'out-custom'))),
      async () => dir2.push(await runAction(large, 'directory', path.join(work, 'out-dir'))),
      async () => enc.push(await runAction(large, 'custom', path.join(work, `out-enc-${i}`), { encrypt: true, keep: i === 0 }))
    ]
    for (const task of i % 2 === 0 ? tasks : [...tasks].reverse()) await task()
  }
  const mBare = median(bareMs)
  const mDump = median(phase.map(p => p.dump))
  const mVer = median(phase.map(p => p.verification))
  const mDir = median(dir2.map(p => p.dump))
  console.log(`dump size (custom): ${(phase[0].size / 1048576).toFixed(1)} MiB`)
  console.log(`bare pg_dump -Fc, median of ${runs}: ${fmt(mBare)}`)
  console.log(`phase dump step (custom), median of ${runs}: ${fmt(mDump)} -> ratio ${(mDump / mBare).toFixed(3)}x (target <= 1.05x)`)
  console.log(`verification (pg_restore full read, by ${phase[0].readers} process(es), + sha256), median: ${fmt(mVer)} = ${((100 * mVer) / mDump).toFixed(1)}% of the dump`)
  console.log(`whole phase (process), median: ${fmt(median(phase.map(p => p.total)))}`)
  console.log(`directory format, 2 jobs, dump step median: ${fmt(mDir)} -> ${(mDir / mBare).toFixed(3)}x bare -Fc`)
  const mEncWhole = median(enc.map(p => p.total))
  const mEnc = median(enc.map(p => p.encryption))
  console.log(
    `with encryption: whole backup phase (process: dump, then verification and encryption side by side), median: ${fmt(mEncWhole)} -> ${(mEncWhole / mBare).toFixed(3)}x bare pg_dump -Fc (target <= 1.2x)`
  )
  for (const [i, p] of enc.entries()) {
    console.log(
      `  run ${i + 1}: dump ${fmt(p.dump)}, verification ${fmt(p.verification)}, encryption ${fmt(p.encryption)} (side by side); whole process ${fmt(p.total)} = dump + ${fmt(p.total - p.dump)}`
    )
  }
  // What the phase costs after its dump, with and without encryption (the dump's own variation left out).
  const afterDump = runs => median(runs.map(p => p.total - p.dump))
  console.log(
    `after the dump (whole process minus dump step), median: ${fmt(afterDump(enc))} with encryption, ${fmt(afterDump(phase))} without -> encryption adds ${fmt(afterDump(enc) - afterDump(phase))}`
  )
  console.log(`encryption step, median: ${fmt(mEnc)} for ${(enc[0].size / 1048576).toFixed(1)} MiB = ${(enc[0].size / 1048576 / (mEnc / 1000)).toFixed(1)} MiB/s`)
  console.log(`peak RSS with encryption: small db ${smallEnc.rssMiB.toFixed(1)} MiB; large db ${Math.max(...enc.map(p => p.rssMiB)).toFixed(1)} MiB (target < 150 MB, flat)`)
  const decSmall = await decrypt(smallEnc)
  const decLarge = await decrypt(enc[0])
  console.log(
    `decryption module (child process): small ${fmt(decSmall.ms)}, peak RSS ${decSmall.rssMiB.toFixed(1)} MiB; large ${fmt(decLarge.ms)} = ${(enc[0].size / 1048576 / (decLarge.ms / 1000)).toFixed(1)} MiB/s, peak RSS ${decLarge.rssMiB.toFixed(1)} MiB`
  )
  console.log(
    `peak RSS of the action process: small db ${smallRun.rssMiB.toFixed(1)} MiB; 1 GB db custom ${Math.max(...phase.map(p => p.rssMiB)).toFixed(1)} MiB, directory ${Math.max(...dir2.map(p => p.rssMiB)).toFixed(1)} MiB (target < 150 MB, flat)`
  )
} finally {
  fs.rmSync(work, { recursive: true, force: true })
  await cluster.stop()
}
