#!/usr/bin/env node
// Fails when the committed dist/ is not what `npm run bundle` builds from the current src/.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-check-'))
try {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), fresh], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) {
    console.error('check-dist: the bundle failed to build.')
    process.exit(1)
  }
  const list = dir =>
    fs
      .readdirSync(dir, { recursive: true })
      .filter(f => fs.statSync(path.join(dir, f)).isFile())
      .sort()
  const committed = path.join(root, 'dist')
  const want = list(fresh)
  const have = fs.existsSync(committed) ? list(committed) : []
  const problems = []
  for (const f of new Set([...want, ...have])) {
    if (!want.includes(f)) problems.push(`dist/${f} is not produced by the build (stale file)`)
    else if (!have.includes(f)) problems.push(`dist/${f} is missing`)
    else if (!fs.readFileSync(path.join(fresh, f)).equals(fs.readFileSync(path.join(committed, f)))) problems.push(`dist/${f} differs from the build`)
  }
  if (problems.length > 0) {
    console.error(`check-dist: dist/ is out of date with src/:\n  ${problems.join('\n  ')}\nRun \`npm run bundle\` and commit dist/.`)
    process.exit(1)
  }
  console.log(`check-dist: dist/ matches the build of src/ (${want.length} files).`)
} finally {
  fs.rmSync(fresh, { recursive: true, force: true })
}
