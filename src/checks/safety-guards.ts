import type { Check } from './check.js'
import { enforceGuards } from '../guards.js'

/** SPEC 2: the guards, first, before anything touches the network. */
export const safetyGuards: Check = {
  name: 'safety-guards',
  async run(ctx) {
    return enforceGuards({ phase: ctx.inputs.phase, allowedRefs: ctx.inputs.allowedRefs, env: ctx.env })
  }
}
