import type { Check, VerifyContext } from '../checks/check.js'
import { env } from '../checks/env.js'
import { connection } from '../checks/connection.js'
import { migrations } from '../checks/migrations.js'
import { schema } from '../checks/schema.js'
import { migrationRisk } from '../checks/migration-risk.js'
import { findingsJson } from '../risk/report.js'
import { summaryFindings } from '../report/findings.js'
import { discoverPgTools } from '../postgres/pg-tools.js'
import { closeSession } from '../postgres/session.js'
import { scrubbedJson } from '../secrets.js'
import { ActionError, errorMessage } from '../errors.js'
import { counted } from '../format.js'
import type { StepRecord, SummaryContent } from '../summary.js'
import { logStep } from '../summary.js'
import { publishPullRequestComment, PR_COMMENT_STEP } from '../pr-comment/index.js'
import type { PhaseDefinition } from './lifecycle.js'

/**
 * The checks after the safety guards (which the lifecycle runs first for every phase), in order.
 * The first failure stops the rest.
 */
export const VERIFY_CHECKS: readonly Check[] = [env, connection, migrations, schema, migrationRisk]

export interface VerifyResult {
  pending: string[]
  appliedCount: number
  serverVersion: string
}

/** predeploy-verify: a thin orchestrator of single-purpose checks. Read-only from its first statement to its last. */
export const verifyPhase: PhaseDefinition<VerifyResult> = {
  phase: 'verify',
  cancellation: 'stop',
  plannedSteps: VERIFY_CHECKS.map(c => c.name),
  failureOutcome: failed => `Verification failed at the '${failed}' check; nothing was changed and later phases must not run.`,
  cancelOutcome: signal => `Verification was cancelled (${signal}); nothing was changed. Do not run the later phases.`,
  async work(run) {
    const { inputs } = run
    const ctx: VerifyContext = { inputs, env: run.env }
    run.onCleanup(() => closeSession(ctx.session))
    // Local files only (pg_dump --version), overlapping the database checks; awaited by the schema check.
    ctx.pgToolsSearch = discoverPgTools({ pgBinDir: inputs.pgBinDir, pathEnv: run.env.PATH })
    ctx.pgToolsSearch.catch(() => {})
    try {
      for (const check of VERIFY_CHECKS) {
        await run.step(check.name, async () => {
          try {
            return [undefined, await check.run(ctx)]
          } catch (err) {
            if (err instanceof ActionError) throw err
            throw new ActionError(`The '${check.name}' check failed unexpectedly: ${errorMessage(err)}`, 'Nothing was changed. Fix the cause above and run verify again.')
          }
        })
      }
      await commentOnPullRequest(ctx, run.steps)
    } catch (err) {
      // The checks failed (or the comment, under `pr-comment: required`): the comment still reports it.
      // A run a signal stopped posts nothing: it did not fail, and its checks did not finish.
      if (!run.cancelled() && !run.steps.some(s => s.name === PR_COMMENT_STEP)) await commentOnPullRequest(ctx, run.steps, err).catch(() => undefined)
      if (ctx.migrations) run.failure.lists = [pendingList(ctx)]
      if (ctx.risk) run.failure.tables = [findingsSection(ctx, ctx.risk)]
      throw err
    }
    await closeSession(ctx.session)

    const pending = (ctx.migrations?.pending ?? []).map(m => m.name)
    const result: VerifyResult = { pending, appliedCount: ctx.migrations?.applied.length ?? 0, serverVersion: ctx.server?.version ?? '' }
    return {
      result,
      verdict: 'passed',
      outcome: `All ${run.steps.filter(s => s.name !== PR_COMMENT_STEP).length} checks passed on PostgreSQL ${result.serverVersion}; the database was opened read-only. ${counted(pending.length, 'migration')} pending.`,
      finished: elapsed => `Verification passed in ${elapsed}: ${counted(pending.length, 'pending migration')}, ${result.appliedCount} applied.`,
      outputs: {
        'pending-count': String(pending.length),
        'pending-migrations': scrubbedJson(pending),
        'applied-count': String(result.appliedCount),
        'server-version': result.serverVersion,
        'risk-level': ctx.risk?.level ?? 'none',
        'risk-findings': findingsJson(ctx.risk?.findings ?? [])
      },
      lists: [pendingList(ctx)],
      tables: ctx.risk ? [findingsSection(ctx, ctx.risk)] : []
    }
  }
}

/** The pending migrations in the order the deploy applies them: the summary shows the first few and folds the rest. */
function pendingList(ctx: VerifyContext): NonNullable<SummaryContent['lists']>[number] {
  return { heading: 'Pending migrations', items: (ctx.migrations?.pending ?? []).map(m => m.name), empty: 'None: the database is up to date.', grows: true }
}

/** The migration-risk findings as the summary shows them (report/findings.ts). */
function findingsSection(ctx: VerifyContext, risk: NonNullable<VerifyContext['risk']>): NonNullable<SummaryContent['tables']>[number] {
  return summaryFindings({ risk, failLevel: ctx.inputs.riskFailLevel, workspace: ctx.inputs.workspace })
}

/**
 * The pull-request comment (src/pr-comment), after the checks whatever their result: records its
 * step, and throws its failure under `pr-comment: required`.
 */
async function commentOnPullRequest(ctx: VerifyContext, steps: StepRecord[], failure?: unknown): Promise<void> {
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
