#!/usr/bin/env node
// Builds dist/ (or the folder given as the first argument) with @vercel/ncc. The one definition of
// how the action is bundled: `npm run bundle` and the dist check both call it.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as fs from 'node:fs'
import * as path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist')
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
// The main entry (runs.main) and the post step's entry (runs.post), each bundled on its own.
const entries = [
  ['src/index.ts', out],
  ['src/post.ts', path.join(out, 'post')]
]
// ncc writes the chunks of dynamic imports (`<n>.index.js`) beside the entry but never removes the
// ones an earlier build wrote: they go first, so dist/ holds only what this build produces.
for (const [, dir] of entries) {
  if (!fs.existsSync(dir)) continue
  for (const f of fs.readdirSync(dir)) if (/^\d+\.index\.js$/.test(f)) fs.rmSync(path.join(dir, f))
}
// @actions/core's modules have no side effects when imported (they define functions and one summary
// object), but its package does not declare so; without the declaration webpack keeps every module
// it imports, among them the OIDC client the action never calls and, through it, @actions/http-client
// and undici: a megabyte in the start-up chunk and tens of milliseconds of every run's start. The
// build declares it for its own duration (webpack then keeps only what the action uses) and puts the
// package's file back as it was, whatever happens.
const SIDE_EFFECT_FREE = ['@actions/core']
const restores = []
try {
  for (const name of SIDE_EFFECT_FREE) {
    const file = path.join(root, 'node_modules', ...name.split('/'), 'package.json')
    const original = fs.readFileSync(file, 'utf8')
    const pkg = JSON.parse(original)
    if ('sideEffects' in pkg) continue
    restores.push(() => fs.writeFileSync(file, original))
    fs.writeFileSync(file, JSON.stringify({ ...pkg, sideEffects: false }, null, 2))
  }
  for (const [entry, dir] of entries) {
    const result = spawnSync(process.execPath, [ncc, 'build', entry, '-o', dir, '--license', 'licenses.txt', '--target', 'es2022', '--quiet'], {
      cwd: root,
      stdio: 'inherit'
    })
    if (result.status !== 0) process.exitCode = result.status ?? 1
    if (process.exitCode) break
  }
} finally {
  for (const restore of restores) restore()
}
if (process.exitCode) process.exit()
// ncc bundles libpg-query's JavaScript but not its WebAssembly, which the bundle loads at run time
// from beside itself (dist/libpg-query.wasm); the dist check compares it like every built file.
fs.copyFileSync(path.join(root, 'node_modules', 'libpg-query', 'wasm', 'libpg-query.wasm'), path.join(out, 'libpg-query.wasm'))
