/**
 * The phase table: the one list of the action's phases. For each: its description (action.yml's
 * `phase` input), the events it may run on (the guards read them), its log group's title, its job
 * summary's title, and whether the Prisma CLI connects to the target with the prisma migrator (the
 * URL is then also checked for what Prisma can honour). Each phase's loader is in phases/index.ts,
 * keyed by this table's names: this module imports no phase, so a phase that reads it (through the
 * lifecycle) does not reach the other phases' code.
 *
 * A test holds the names and descriptions equal to action.yml's `phase` input and the events to the
 * documented allow-lists.
 */

/**
 * Events whose code is the repository's own. Every other name — pull requests and their reviews,
 * merge queues, comments, and any event GitHub adds later — is refused by the phases that write or
 * copy production's data. Names are compared exactly (case and spaces count).
 */
export const ALLOWED_EVENTS_FOR_WRITING_PHASES = ['push', 'workflow_dispatch', 'schedule', 'release', 'deployment', 'repository_dispatch', 'workflow_run'] as const

/** Restoring replaces the database: only a person's explicit decision may start it. */
export const ALLOWED_EVENTS_FOR_RESTORE = ['workflow_dispatch'] as const

export interface PhaseEntry {
  /** One line for action.yml's description of the `phase` input. */
  description: string
  /** The events it may run on; `any` for verify, which only reads (its guards are the environment ones). */
  events: 'any' | readonly string[]
  /** The log group's title. */
  group: string
  /** The job summary's title, before `: <verdict>`. */
  title: string
  /** With `migrator: prisma`, the Prisma CLI connects to the phase's target. */
  prismaConnects: boolean
}

export const PHASE_TABLE = {
  verify: {
    description: 'read-only checks and the migration risk analysis',
    events: 'any',
    group: '[STEP 1/3] Pre-deployment verification (read-only)',
    title: 'Database deployment — verify',
    prismaConnects: true
  },
  backup: {
    description: 'a verified backup, encrypted with backup-recipients',
    events: ALLOWED_EVENTS_FOR_WRITING_PHASES,
    group: '[STEP 2/3] Creating production database backup',
    title: 'Database deployment — backup',
    prismaConnects: false
  },
  rehearse: {
    description: 'the migrations on a restored copy of the backup',
    events: ALLOWED_EVENTS_FOR_WRITING_PHASES,
    group: '[REHEARSAL] Rehearsing the migrations on a restored copy of the backup (production untouched)',
    title: 'Database deployment — rehearse',
    prismaConnects: false
  },
  deploy: {
    description: 'apply the pending migrations',
    events: ALLOWED_EVENTS_FOR_WRITING_PHASES,
    group: '[STEP 3/3] Deploying database migrations',
    title: 'Database deployment — deploy',
    prismaConnects: true
  },
  restore: {
    description: 'replace the database with a verified backup; workflow_dispatch only',
    events: ALLOWED_EVENTS_FOR_RESTORE,
    group: '[RESTORE] Restoring the database from a verified backup',
    title: 'Database deployment — restore',
    prismaConnects: false
  }
} as const satisfies Record<string, PhaseEntry>

export type Phase = keyof typeof PHASE_TABLE

/** The phases, in the order a pipeline runs them. */
export const PHASES = Object.keys(PHASE_TABLE) as Phase[]
