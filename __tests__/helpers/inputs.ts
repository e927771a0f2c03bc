import * as path from 'node:path'
import type { Inputs } from '../../src/inputs.js'
import { readDatabaseTarget, type DatabaseUrlInput } from '../../src/postgres/target.js'

/**
 * The typed inputs of a verify run with every default, for tests that call a check directly;
 * `overrides` sets what the test is about, and `databaseUrl` the URL, read as the action reads it.
 * The one place a new input needs its default here.
 */
export function verifyInputs(workspace: string, overrides: Partial<Inputs> & { databaseUrl?: DatabaseUrlInput } = {}): Inputs {
  const { databaseUrl, ...rest } = overrides
  const migrator = rest.migrator ?? 'builtin'
  return {
    phase: 'verify',
    database: readDatabaseTarget(databaseUrl, { prisma: migrator === 'prisma' }),
    workspace,
    workingDirectory: workspace,
    schemaPath: path.join(workspace, 'prisma', 'schema.prisma'),
    migrationsDir: path.join(workspace, 'prisma', 'migrations'),
    requiredEnv: [],
    allowedRefs: [],
    connectTimeoutMs: 10_000,
    pgBinDir: undefined,
    backupDir: path.join(workspace, 'db-backup'),
    backupFormat: 'custom',
    backupJobs: 2,
    migrator,
    generateClient: true,
    lockTimeoutMs: 10_000,
    backupPath: undefined,
    backupRecipients: [],
    keepPlaintextBackup: false,
    riskFailLevel: 'high',
    ...rest
  }
}
