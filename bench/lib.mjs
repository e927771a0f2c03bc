// Shared helpers for the benchmark scripts: timing whole processes and printing medians.
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runnerEnv } from '../test-support/runner-env.mjs'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DIST = path.join(ROOT, 'dist', 'index.js')

/** Runs a command to completion; resolves with its wall time in ms, rejects on a non-zero exit. */
export function timeProcess(file, args, { env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (out += d))
    child.on('error', reject)
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      resolve({ ms, code, out })
    })
  })
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** The environment the runner gives the action (see test-support/runner-env.mjs). */
export function actionEnv(inputs, workspace) {
  const { env, cleanup } = runnerEnv({ inputs, workspace })
  return { env, cleanup }
}

export function fmt(ms) {
  return `${ms.toFixed(1)} ms`
}
