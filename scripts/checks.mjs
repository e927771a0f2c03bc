#!/usr/bin/env node
// The checks `npm test` runs before the tests, side by side (each is one process, mostly on one
// core): the type-check, ESLint, the Prettier format check and the dist check. Each one's output
// is printed whole when it ends; the script fails when any of them fails, naming which.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = name => path.join(root, 'node_modules', '.bin', name)
const CHECKS = [
  ['type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.lint.json']],
  ['eslint', bin('eslint'), ['src', '__tests__', '--max-warnings=0']],
  ['prettier', bin('prettier'), ['--check', 'src', '__tests__', 'scripts', 'bench', 'test-support']],
  ['check-dist', process.execPath, [path.join(root, 'scripts', 'check-dist.mjs')]]
]
const only = process.argv.slice(2)
const chosen = only.length > 0 ? CHECKS.filter(([name]) => only.includes(name)) : CHECKS

const results = await Promise.all(
  chosen.map(
    ([name, cmd, args]) =>
      new Promise(resolve => {
        const started = performance.now()
        const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
        let out = ''
        child.stdout.on('data', d => (out += d))
        child.stderr.on('data', d => (out += d))
        child.on('error', err => resolve({ name, code: 1, out: String(err), ms: performance.now() - started }))
        child.on('close', code => resolve({ name, code, out, ms: performance.now() - started }))
      })
  )
)
for (const r of results) {
  console.log(`${r.code === 0 ? '✓' : '✗'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`)
  if (r.out.trim()) console.log(r.out.trimEnd().replace(/^/gm, '  '))
}
const failed = results.filter(r => r.code !== 0).map(r => r.name)
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(', ')}`)
  process.exit(1)
}
