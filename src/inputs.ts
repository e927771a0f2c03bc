import * as core from '@actions/core'
import * as path from 'node:path'
import { InputError, } from './errors.js'
import { registerSecret } from './secrets.js'
import { workspaceProblem, workspaceOf, plaintextFolderProblem } from './paths.js'
import { runnerTempDir } from './process/temp-dir.js'
import { compileRefPattern, neverMatchesARef, RefPatternError } from './ref-patterns.js'
import { secretsOfUrl } from './postgres/connection-url.js'
import { readDatabaseTarget, type DatabaseInput, type DatabaseUrlInput } from './postgres/target.js'
import { PHASES, PHASE_TABLE, type Phase } from './phases/table.js'
import { RISK_FAIL_LEVELS, type RiskFailLevel } from './risk/types.js'
import { PR_COMMENT_MODES, type PrCommentMode } from './pr-comment/types.js'
import { BACKUP_FORMATS, type BackupFormat } from './archive/format.js'

/**
 * The one place where the action's inputs are read and validated. Every other module receives
 * the typed `Inputs`; none calls `core.getInput` itself.
 */

export { PHASES, type Phase }
export const MIGRATORS = ['prisma', 'builtin'] as const
export type Migrator = (typeof MIGRATORS)[number]

export interface Inputs {
  phase: Phase
  /** The database the phase works on: the URL read and checked once (postgres/target.ts). */
  database: DatabaseInput
  /** Absolute path of the workspace; paths from inputs must stay inside it. */
  workspace: string
  workingDirectory: string
  schemaPath: string
  migrationsDir: string
  requiredEnv: string[]
  allowedRefs: string[]
  connectTimeoutMs: number
  pgBinDir: string | undefined
  backupDir: string
  backupFormat: BackupFormat
  backupJobs: number
  migrator: Migrator
  generateClient: boolean
  lockTimeoutMs: number
  /** rehearse: the longest write-blocking lock a migration may hold on a table in use (`lock-budget`); undefined: report only. */
  lockBudgetMs?: number | undefined
  backupPath: string | undefined
  /** Age public keys the verified backup is encrypted to (`backup-recipients`); empty: not encrypted. */
  backupRecipients: string[]
  /** Keep the plaintext archive after the job instead of the post step removing it. */
  keepPlaintextBackup: boolean
  // restore: the age identity for a `.age` backup (a secret), the typed confirmation, and whether
  // other sessions on the database are ended.
  // (Optional in the type so that phases and tests that build Inputs by hand need not name them.)
  backupIdentity?: string | undefined
  confirmRestore?: string
  terminateConnections?: boolean
  /** rehearse: the folder of the throwaway server's binaries (initdb, postgres); default /usr/lib/postgresql/<major>/bin. */
  rehearsalPgBinDir?: string | undefined
  /** rehearse: what schema drift does: a warning, a failure, or nothing. */
  drift?: DriftMode
  /** verify: the lowest migration-risk level that fails (`risk-fail-level`). */
  riskFailLevel: RiskFailLevel
  /** verify: the pull-request comment (`pr-comment`) and the token it is written with (`github-token`, a secret). */
  prComment?: PrCommentMode
  githubToken?: string
}

export const DRIFT_MODES = ['warn', 'fail', 'ignore'] as const
export type DriftMode = (typeof DRIFT_MODES)[number]

/** Reads the phase alone: an unknown phase fails before anything else is read. */
export function readPhase(): Phase {
  const value = core.getInput('phase').trim()
  if (value === '') {
    throw new InputError('phase', 'is required.', `Set \`phase:\` to one of: ${PHASES.join(', ')}.`)
  }
  if (!(PHASES as readonly string[]).includes(value)) {
    throw new InputError(
      'phase',
      `has an unknown value '${value}'.`,
      `Valid phases: ${PHASES.join(', ')} (run them in that order).`
    )
  }
  return value as Phase
}

/**
 * Registers the database URL and every credential in it (the password, as written and decoded,
 * also in the query string, and sslpassword) as secrets, before any other input is read and before
 * anything is printed; returns the URL the phase uses (the input, else DATABASE_URL). The URL the
 * action writes for Prisma is registered when the chosen URL is parsed (postgres/target.ts).
 */
export function registerDatabaseSecrets(env: NodeJS.ProcessEnv = process.env): DatabaseUrlInput | undefined {
  const fromInput = core.getInput('database-url')
  const fromEnv = env.DATABASE_URL ?? ''
  for (const raw of [fromInput, fromEnv]) {
    if (raw.trim() === '') continue
    registerSecret(raw)
    registerSecret(raw.trim())
    for (const secret of secretsOfUrl(raw.trim())) registerSecret(secret)
  }
  if (fromInput.trim() !== '') return { raw: fromInput.trim(), source: "input 'database-url'" }
  if (fromEnv.trim() !== '') return { raw: fromEnv.trim(), source: 'environment variable DATABASE_URL' }
  return undefined
}

export async function readInputs(env: NodeJS.ProcessEnv = process.env): Promise<Inputs> {
  const databaseUrl = registerDatabaseSecrets(env)
  const backupIdentity = registerIdentitySecret()
  const githubToken = registerTokenSecret()
  const phase = readPhase()
  const migrator = readChoice('migrator', MIGRATORS, 'prisma')
  const workspace = workspaceOf(env)

  const workingDirectory = insideWorkspace(workspace, workspace, 'working-directory', core.getInput('working-directory') || '.')
  const schemaPath = insideWorkspace(
    workspace,
    workingDirectory,
    'schema',
    core.getInput('schema') || 'prisma/schema.prisma'
  )
  // The default (`migrations` beside the schema) is checked like a given value: it may be a link too.
  const migrationsInput = core.getInput('migrations-dir')
  const migrationsDir = insideWorkspace(
    workspace,
    workingDirectory,
    'migrations-dir',
    migrationsInput || path.relative(workingDirectory, path.join(path.dirname(schemaPath), 'migrations')),
    migrationsInput === ''
  )

  // pg-bin-dir, backup-dir and backup-path are places on the runner, not repository content: a
  // PostgreSQL installation (/usr/lib/postgresql/17/bin), the runner's temporary folder (the
  // default backup-dir) or where an earlier backup step wrote its archive. A relative value is
  // resolved against the workspace; an absolute one is taken as given. What the repository holds
  // (working-directory, schema, migrations) never leaves the workspace.

  const pgBinDirInput = core.getInput('pg-bin-dir')
  const backupDirInput = core.getInput('backup-dir')
  const backupPathInput = core.getInput('backup-path')

  return {
    phase,
    database: readDatabaseTarget(databaseUrl, { prisma: migrator === 'prisma' && PHASE_TABLE[phase].prismaConnects }),
    workspace,
    workingDirectory,
    schemaPath,
    migrationsDir,
    requiredEnv: readList('required-env').map(name => validateEnvName(name)),
    allowedRefs: readAllowedRefs(),
    connectTimeoutMs: readInteger('connect-timeout', 10, 1, 300, 'seconds') * 1000,
    pgBinDir: pgBinDirInput ? path.resolve(workspace, pgBinDirInput) : undefined,
    backupDir: plaintextFolders(phase, workspace, backupDirInput, env),
    backupFormat: readChoice('backup-format', BACKUP_FORMATS, 'custom'),
    backupJobs: readInteger('backup-jobs', 2, 1, 64, 'jobs'),
    migrator,
    generateClient: readBoolean('generate-client', true),
    lockTimeoutMs: readDuration('lock-timeout', '10s'),
    lockBudgetMs: core.getInput('lock-budget').trim() ? readDuration('lock-budget', '') : undefined,
    backupPath: backupPathInput ? path.resolve(workspace, backupPathInput) : undefined,
    backupRecipients: await readRecipients(),
    keepPlaintextBackup: readBoolean('keep-plaintext-backup', false),
    backupIdentity,
    confirmRestore: core.getInput('confirm-restore').trim(),
    terminateConnections: readBoolean('terminate-connections', false),
    rehearsalPgBinDir: core.getInput('rehearsal-pg-bin-dir') ? path.resolve(workspace, core.getInput('rehearsal-pg-bin-dir')) : undefined,
    drift: readChoice('drift', DRIFT_MODES, 'warn'),
    riskFailLevel: readChoice('risk-fail-level', RISK_FAIL_LEVELS, 'high'),
    prComment: readChoice('pr-comment', PR_COMMENT_MODES, 'auto'),
    githubToken
  }
}

/** `github-token` (verify's pull-request comment): registered as a secret before anything is printed. */
function registerTokenSecret(): string {
  const raw = core.getInput('github-token')
  registerSecret(raw)
  registerSecret(raw.trim())
  return raw.trim()
}

/**
 * `backup-dir` (given, or its default $RUNNER_TEMP/db-backup), checked for the phases that write a
 * plaintext copy of the database: the backup folder (backup; restore, which backs up the current
 * state first) and $RUNNER_TEMP (backup, rehearse and restore keep their temporary files there; see
 * runnerTempDir) must be outside the workspace, also through symbolic links. Refused here, before
 * any connection, dump or file.
 */
function plaintextFolders(phase: Phase, workspace: string, given: string, env: NodeJS.ProcessEnv): string {
  const backupDir = given ? path.resolve(workspace, given) : path.join(env.RUNNER_TEMP || path.join(workspace, '..', '_temp'), 'db-backup')
  if (phase !== 'backup' && phase !== 'rehearse' && phase !== 'restore') return backupDir
  // Checked here when set, so that the refusal comes before anything runs; unset, the phase is
  // refused where it first needs the folder (runnerTempDir).
  if (env.RUNNER_TEMP) runnerTempDir(env)
  if (phase === 'rehearse') return backupDir
  const problem = plaintextFolderProblem(workspace, backupDir)
  if (problem) {
    throw new InputError(
      'backup-dir',
      `${given ? `('${given}')` : `(not set: its default, ${backupDir})`} ${problem}: the plaintext dump of the database${phase === 'restore' ? ' (the backup the restore takes of the current state first)' : ''} would sit where a later step that uploads or caches the workspace (an artifact of '.', a cache, a container build context) could carry it off the runner. Nothing was dumped and no file was written.`,
      "Point 'backup-dir' at a folder outside the repository checkout, e.g. `backup-dir: ${{ runner.temp }}/db-backup` (the default when it is not set); only the encrypted .age file should leave the runner."
    )
  }
  return backupDir
}

/**
 * `backup-identity` (restore): an age secret key. Registered as a secret, each line and trimmed,
 * before anything else is read or printed; only its presence is ever reported.
 */
export function registerIdentitySecret(): string | undefined {
  const raw = core.getInput('backup-identity')
  if (raw.trim() === '') return undefined
  registerSecret(raw)
  registerSecret(raw.trim())
  // A key file pasted whole: its comment lines are public, the AGE-SECRET-KEY line is the key.
  const key = raw
    .split('\n')
    .map(l => l.trim())
    .find(l => /^AGE-SECRET-KEY-/i.test(l))
  if (key) registerSecret(key)
  return key ?? raw.trim()
}

/**
 * `backup-recipients`: age public keys, separated by commas, spaces or new lines. As in an age
 * recipients file (`age -R`), blank lines are ignored and `#` starts a comment to the end of its
 * line (at the start of a line or after a space or comma; a key never holds one), so a recipients
 * file can be pasted whole. Anything that looks like an age secret key, comments included, is
 * registered as a secret before the input is judged (it is refused, never printed); a key that
 * is refused is named by its line (and its place on the line) and first characters only.
 */
async function readRecipients(): Promise<string[]> {
  const raw = core.getInput('backup-recipients', { trimWhitespace: false })
  const lines = raw.split(/\r?\n/)
  for (const token of raw.split(/[\s,#]+/)) if (/^AGE-SECRET-KEY-/i.test(token)) registerSecret(token)
  const entries: { key: string; line: number; onLine: number; ofLine: number }[] = []
  for (const [i, text] of lines.entries()) {
    const cut = /(^|[\s,])#/.exec(text)
    const keys = (cut ? text.slice(0, cut.index + cut[1].length) : text).split(/[,\s]+/).filter(k => k !== '')
    if (cut && /AGE-SECRET-KEY-/i.test(text.slice(cut.index))) {
      throw new InputError(
        'backup-recipients',
        `line ${i + 1} holds an age secret key (an AGE-SECRET-KEY-1… value, not shown) in a comment.`,
        'Remove it from the workflow and keep it only in a secret manager: anyone who can read the workflow can read it, so make a new key pair if it was ever committed. Only the public key (age1…) belongs here.'
      )
    }
    for (const [k, key] of keys.entries()) entries.push({ key, line: i + 1, onLine: k + 1, ofLine: keys.length })
  }
  if (raw.trim() !== '' && entries.length === 0) {
    throw new InputError(
      'backup-recipients',
      `is given but holds no key${raw.includes('#') ? ' (only comments and blank lines)' : ''}.`,
      'List one or more age public keys (age1…), separated by commas or new lines, or remove the input.'
    )
  }
  if (entries.length === 0) return []
  const multiline = lines.filter(l => l.trim() !== '').length > 1
  // The age library is loaded only when there are keys to judge: most runs (verify, deploy) have
  // none, and loading it is a large part of the action's start-up.
  const { recipientProblem } = await import('./crypto/recipients.js')
  for (const e of entries) {
    // Only the start of something shaped like a public key is shown; anything else may be a secret.
    const found = recipientProblem(e.key)
    if (!found) continue
    const where = multiline ? `line ${e.line}${e.ofLine > 1 ? `, key ${e.onLine}` : ''}` : entries.length > 1 ? `key ${e.onLine}` : 'key'
    throw new InputError('backup-recipients', `${where} (${found.shown}) ${found.problem}.`, found.fix)
  }
  return [...new Set(entries.map(e => e.key))]
}

/**
 * `allowed-refs`: patterns with the rules of GitHub's branch and tag filters (ref-patterns.ts),
 * each checked here: one that is not a pattern by those rules, or that can never match a full ref
 * name (a branch's short name), is refused with where and how to fix it, as is a list of `!`
 * entries only (it would allow nothing).
 */
function readAllowedRefs(): string[] {
  const entries = readList('allowed-refs')
  const fix = "Write each entry as a full ref name or pattern, e.g. 'refs/heads/main', 'refs/heads/release/**' or 'refs/tags/v[0-9]+.*'; see the input's documentation for the pattern rules."
  for (const entry of entries) {
    try {
      const problem = neverMatchesARef(compileRefPattern(entry))
      if (problem) throw new InputError('allowed-refs', `has the entry '${entry}', which ${problem}`, fix)
    } catch (err) {
      if (err instanceof RefPatternError) throw new InputError('allowed-refs', `has an entry that is not a valid pattern: ${err.message}`, fix)
      throw err
    }
  }
  if (entries.length > 0 && entries.every(e => e.startsWith('!'))) {
    throw new InputError(
      'allowed-refs',
      'lists only exclusions (entries starting with `!`), which allow no ref at all.',
      "Put the refs to allow first and the exclusions after them, e.g. 'refs/heads/release/**, !refs/heads/release/**-alpha'."
    )
  }
  return entries
}

/** Comma- or newline-separated list, trimmed, empties dropped. */
function readList(name: string): string[] {
  return core
    .getInput(name)
    .split(/[,\n]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

function validateEnvName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new InputError(
      'required-env',
      `contains '${name.split('=')[0]}${name.includes('=') ? '=…' : ''}', which is not an environment variable name.`,
      'List variable names only (letters, digits and underscores), separated by commas or new lines — never their values.'
    )
  }
  return name
}

function readInteger(name: string, fallback: number, min: number, max: number, unit: string): number {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw)) {
    throw new InputError(name, `must be a whole number of ${unit}, got '${raw}'.`, `Set \`${name}:\` to a number from ${min} to ${max}, e.g. '${fallback}'.`)
  }
  const value = Number(raw)
  if (value < min || value > max) {
    throw new InputError(name, `must be between ${min} and ${max} ${unit}, got ${value}.`, `Set \`${name}:\` to a number from ${min} to ${max}.`)
  }
  return value
}

function readChoice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw new InputError(name, `has an unknown value '${raw}'.`, `Valid values: ${choices.join(', ')} (default '${fallback}').`)
  }
  return raw as T
}

function readBoolean(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name)
  if (raw === '') return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, `must be 'true' or 'false', got '${raw}'.`, `Set \`${name}:\` to true or false.`)
}

/** `10s`, `500ms`, `2m`, or a bare number of seconds. */
function readDuration(name: string, fallback: string): number {
  const raw = core.getInput(name) || fallback
  const match = /^(\d+)\s*(ms|s|m)?$/.exec(raw.trim())
  if (!match) {
    throw new InputError(name, `must be a duration like '10s', '500ms' or '1m', got '${raw}'.`, `Set \`${name}:\` to a duration (default '${fallback}').`)
  }
  const amount = Number(match[1])
  const ms = match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000
  if (ms < 1 || ms > 3_600_000) {
    throw new InputError(name, `must be between 1ms and 60m, got '${raw}'.`, `Set \`${name}:\` to a duration such as '10s'.`)
  }
  return ms
}

/**
 * Resolves `value` against `base` and refuses a result outside the workspace, also when a
 * symbolic link inside the workspace points outside it. Used for every path the action reads from
 * the repository, given or defaulted: working-directory, schema and migrations-dir.
 */
function insideWorkspace(workspace: string, base: string, name: string, value: string, defaulted = false): string {
  const resolved = path.resolve(base, value)
  const fix = `Give a path inside the repository checkout (${'$'}GITHUB_WORKSPACE), e.g. 'prisma/schema.prisma' relative to 'working-directory'.`
  const shown = `'${value}'${defaulted ? ' (not set: its default, beside the schema)' : ''}`
  const problem = workspaceProblem(workspace, resolved)
  if (problem === 'outside') {
    throw new InputError(name, `points outside the workspace: ${shown}.`, fix)
  }
  if (problem === 'symlink-outside') {
    throw new InputError(name, `resolves through a symbolic link to a place outside the workspace: ${shown}.`, fix)
  }
  return resolved
}
