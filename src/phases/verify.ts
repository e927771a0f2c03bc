import * as core from '@actions/core'
import type { Inputs } from '../inputs.js'
import type { Check, VerifyContext } from '../checks/check.js'
import { safetyGuards } from '../checks/safety-guards.js'
import { env } from '../checks/env.js'
import { connection } from '../checks/connection.js'
import { migrations } from '../checks/migrations.js'
import { schema } from '../checks/schema.js'
import { migrationRisk } from '../checks/migration-risk.js'
import { findingsTable, findingsJson } from '../risk/report.js'
import { discoverPgTools } from '../postgres/pg-tools.js'
import { closeSession } from '../postgres/session.js'
import { writeSummary, logStep, type StepRecord } from '../summary.js'
import { info, formatDuration, setOutput } from '../log.js'
import { scrubbedJson } from '../secrets.js'
import { ActionError, errorMessage } from '../errors.js'
import { publishPullRequestComment, PR_COMMENT_STEP } from '../pr-comment/index.js'

export const VERIFY_GROUP = '[STEP 1/3] Pre-deployment verification (read-only)'

/** The checks, in order (SPEC 3). The first failure stops the rest. */
export const VERIFY_CHECKS: readonly Check[] = [safetyGuards, env, connection, migrations, schema, migrationRisk]

export interface VerifyResult {
  pending: string[]
  appliedCount: number
  serverVersion: string
}

/** predeploy-verify: a thin orchestrator. Read-only from its first statement to its last. */
export async function runVerify(inputs: Inputs, processEnv: NodeJS.ProcessEnv = process.env): Promise<VerifyResult> {
  const ctx: VerifyContext = { inputs, env: processEnv }
  const steps: StepRecord[] = VERIFY_CHECKS.map(c => ({ name: c.name, status: 'skipped', durationMs: 0, detail: 'not run: an earlier check failed' }))
  const started = performance.now()
  core.startGroup(VERIFY_GROUP)
  try {
    for (const [i, check] of VERIFY_CHECKS.entries()) {
      const step = steps[i] as StepRecord
      const t0 = performance.now()
      try {
        step.detail = await check.run(ctx)
        step.status = 'passed'
        if (check === safetyGuards) {
          // Local files only (pg_dump --version), overlapping the database checks; awaited by the schema check.
          ctx.pgToolsSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: processEnv.PATH })
          ctx.pgToolsSearch.catch(() => {})
        }
      } catch (err) {
        step.status = 'failed'
        const failure =
          err instanceof ActionError
            ? err
            : new ActionError(`The '${check.name}' check failed unexpectedly: ${errorMessage(err)}`, 'Nothing was changed. Fix the cause above and run verify again.')
        step.detail = failure.message
        throw failure
      } finally {
        step.durationMs = performance.now() - t0
        logStep(step)
      }
    }
    await commentOnPullRequest(ctx, steps)
  } catch (err) {
    // The checks failed (or the comment, under `pr-comment: required`): the comment still reports it.
    if (!steps.some(s => s.name === PR_COMMENT_STEP)) await commentOnPullRequest(ctx, steps, err).catch(() => undefined)
    core.endGroup()
    await closeSession(ctx.session)
    await writeSummary(
      {
        title: 'Database deployment — verify: failed',
        outcome: `Verification failed at the '${steps.find(s => s.status === 'failed')?.name}' check; nothing was changed and later phases must not run.`,
        steps,
        tables: ctx.risk ? [findingsTable(ctx.risk)] : []
      },
      processEnv
    )
    throw err
  }
  core.endGroup()
  await closeSession(ctx.session)

  const pending = (ctx.migrations?.pending ?? []).map(m => m.name)
  const result: VerifyResult = {
    pending,
    appliedCount: ctx.migrations?.applied.length ?? 0,
    serverVersion: ctx.server?.version ?? ''
  }
  const outputs = {
    'pending-count': String(result.pending.length),
    'pending-migrations': scrubbedJson(result.pending),
    'applied-count': String(result.appliedCount),
    'server-version': result.serverVersion,
    'risk-level': ctx.risk?.level ?? 'none',
    'risk-findings': findingsJson(ctx.risk?.findings ?? [])
  }
  for (const [name, value] of Object.entries(outputs)) setOutput(name, value)
  info(`Verification passed in ${formatDuration(performance.now() - started)}: ${pending.length} pending migration${pending.length === 1 ? '' : 's'}, ${result.appliedCount} applied.`)
  await writeSummary(
    {
      title: 'Database deployment — verify: passed',
      outcome: `All ${VERIFY_CHECKS.length} checks passed on PostgreSQL ${result.serverVersion}; the database was opened read-only. ${pending.length} migration${pending.length === 1 ? '' : 's'} pending.`,
      steps,
      lists: [{ heading: `Pending migrations (${pending.length})`, items: pending, empty: 'None: the database is up to date.' }],
      tables: ctx.risk ? [findingsTable(ctx.risk)] : [],
      outputs
    },
    processEnv
  )
  return result
}

/**
 * The pull-request comment (src/pr-comment), after the checks whatever their result, once the guards
 * passed: records its step, and throws its failure under `pr-comment: required`.
 */
async function commentOnPullRequest(ctx: VerifyContext, steps: StepRecord[], failure?: unknown): Promise<void> {
  if (steps[0]?.status !== 'passed') return
  const outcome = await publishPullRequestComment(
    {
      workspace: ctx.inputs.workspace,
      target: ctx.target,
      serverVersion: ctx.server?.version,
      pending: ctx.migrations?.pending,
      risk: ctx.risk,
      riskFailLevel: ctx.inputs.riskFailLevel,
      checks: steps,
      failure: failure === undefined ? undefined : errorMessage(failure)
    },
    { mode: ctx.inputs.prComment ?? 'auto', token: ctx.inputs.githubToken ?? '', env: ctx.env }
  )
  if (!outcome) return
  steps.push(outcome.step)
  logStep(outcome.step)
  if (outcome.failure) throw outcome.failure
}
