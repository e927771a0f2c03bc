import * as core from '@actions/core'
import * as path from 'node:path'
import { InputError } from './errors.js'
import { registerSecret } from './secrets.js'
import { workspaceOf } from './paths.js'
import { readAllowedRefs, readBoolean, readChoice, readDuration, readInteger, readList, readRecipients, validateEnvName } from './inputs/readers.js'
import { insideWorkspace, plaintextFolders } from './inputs/workspace-paths.js'
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
    throw new InputError('phase', `has an unknown value '${value}'.`, `Valid phases: ${PHASES.join(', ')} (run them in that order).`)
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
  const schemaPath = insideWorkspace(workspace, workingDirectory, 'schema', core.getInput('schema') || 'prisma/schema.prisma')
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
