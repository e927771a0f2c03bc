import type { PhaseDefinition } from './lifecycle.js'
import type { Phase } from './table.js'

/**
 * Each phase's loader, keyed by the phase table's names (phases/table.ts; the type makes the two
 * agree). A phase's code and libraries are loaded only when it runs (a chunk of its own in dist/),
 * so the action's start-up holds none of them.
 */
export const PHASE_LOADERS: { readonly [P in Phase]: () => Promise<PhaseDefinition<unknown>> } = {
  verify: async () => (await import('./verify.js')).verifyPhase,
  backup: async () => (await import('./backup.js')).backupPhase,
  rehearse: async () => (await import('./rehearse.js')).rehearsePhase,
  deploy: async () => (await import('./deploy.js')).deployPhase,
  restore: async () => (await import('./restore.js')).restorePhase
}
