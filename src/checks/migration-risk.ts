import { setOutput } from '../log.js'
import type { Check } from './check.js'
import { required } from './check.js'
import { analyzeMigrations } from '../risk/analyze.js'
import { annotate, findingsJson } from '../risk/report.js'
import { failsAt } from '../risk/types.js'
import { ActionError, errorMessage } from '../errors.js'
import { loadParser } from '../risk/parse.js'

/**
 * Every pending migration.sql through PostgreSQL's parser, judged with live facts read on
 * the read-only session. Sets `risk-level` and `risk-findings` whether it passes or not; fails
 * when a finding not accepted by an allow comment is at or above `risk-fail-level`.
 */
export const migrationRisk: Check = {
  name: 'migration-risk',
  async run(ctx) {
    const session = required(ctx.session, 'the database session')
    const comparison = required(ctx.migrations, 'the migration comparison')
    const target = required(ctx.target, 'the database URL')
    try {
      if (comparison.pending.length > 0) await loadParser()
    } catch (err) {
      throw new ActionError(
        `The SQL parser could not be loaded (libpg-query.wasm, expected beside the action's dist/index.js): ${errorMessage(err)}`,
        "The action's dist/ folder is incomplete: use a released version of the action, or rebuild it with `npm run bundle`, which copies the WebAssembly file."
      )
    }
    const analysis = await analyzeMigrations({
      pending: comparison.pending,
      workspace: ctx.inputs.workspace,
      schema: target.schema,
      migrator: ctx.inputs.migrator,
      session
    })
    ctx.risk = analysis
    setOutput('risk-level', analysis.level)
    setOutput('risk-findings', findingsJson(analysis.findings))
    annotate(analysis, ctx.inputs.riskFailLevel)

    const open = analysis.findings.filter(f => f.allowed === undefined)
    const accepted = analysis.findings.length - open.length
    const counts = (['high', 'medium', 'low'] as const).map(l => `${open.filter(f => f.level === l).length} ${l}`).join(', ')
    const scope = `${analysis.statements} statement${analysis.statements === 1 ? '' : 's'} in ${analysis.files} pending migration${analysis.files === 1 ? '' : 's'}`
    const failing = open.filter(f => failsAt(f.level, ctx.inputs.riskFailLevel))
    if (failing.length > 0) {
      const first = failing[0]
      throw new ActionError(
        `Migration risk: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above risk-fail-level '${ctx.inputs.riskFailLevel}' in ${scope} (${counts}${accepted ? `, ${accepted} accepted` : ''}); the first: ${first.rule} at ${first.file}:${first.line}: ${first.message}`,
        `Rewrite the statements the safer way shown in the annotations and the job summary, or, once reviewed, accept one with \`-- db-deploy: allow <rule> <reason>\` above it; 'risk-fail-level' sets which level fails.`
      )
    }
    return `${scope}: ${open.length === 0 ? 'no findings' : counts}${accepted ? ` (${accepted} accepted)` : ''}; risk level ${analysis.level}`
  }
}
