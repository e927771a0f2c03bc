// The environment the GitHub runner gives a JavaScript action, for the tests, the demo and the
// benchmarks: INPUT_* variables and fresh GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE and
// GITHUB_EVENT_PATH files in a new temporary folder. Nothing is inherited but PATH and HOME.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/**
 * @param {{
 *   inputs: Record<string, string>,
 *   workspace?: string,
 *   eventName?: string,
 *   eventPayload?: unknown,
 *   overrides?: Record<string, string | undefined>,
 * }} o `overrides` replace variables, or remove them when `undefined`.
 */
export function runnerEnv(o) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'action-run-'))
  const files = { output: path.join(dir, 'output'), summary: path.join(dir, 'summary'), state: path.join(dir, 'state'), event: path.join(dir, 'event.json') }
  fs.writeFileSync(files.output, '')
  fs.writeFileSync(files.state, '')
  fs.writeFileSync(files.summary, '')
  fs.writeFileSync(files.event, JSON.stringify(o.eventPayload ?? {}))
  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    NODE_ENV: 'production',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace ?? workspaceIn(dir),
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: o.eventName ?? 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: dir
  }
  for (const [name, value] of Object.entries(o.inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  for (const [name, value] of Object.entries(o.overrides ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return {
    env,
    dir,
    readOutputs: () => parseOutputFile(fs.readFileSync(files.output, 'utf8')),
    readSummary: () => fs.readFileSync(files.summary, 'utf8'),
    /** What the step saved with core.saveState, as the post step receives it (STATE_<name>). */
    readState: () => parseOutputFile(fs.readFileSync(files.state, 'utf8')),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The workspace of a run that names none: a folder of its own inside the run's folder, as on a
 * runner, where the workspace and RUNNER_TEMP are different folders (the action refuses to write
 * plaintext copies of data or credentials inside the workspace).
 * @param {string} dir
 */
function workspaceIn(dir) {
  const workspace = path.join(dir, 'workspace')
  fs.mkdirSync(workspace)
  return workspace
}

/**
 * Parses the `name<<delimiter` blocks @actions/core writes to GITHUB_OUTPUT and GITHUB_STATE.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!m) continue
    const [, name, delimiter] = m
    const value = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name] = value.join('\n')
  }
  return outputs
}
