import type { Rule } from '../context.js'

/** What the analysis could not judge: nothing is safe by default. */

export const unclassifiedStatement: Rule = {
  name: 'unclassified-statement',
  level: 'medium',
  why: 'A statement kind (or ALTER TABLE subcommand) the analysis does not classify: nothing about its locks, its work or the data it touches was judged, so it is never taken as safe.',
  saferWay: 'Review the statement by hand (the locks it takes, whether it rewrites or destroys data); once reviewed, accept it with `-- db-deploy: allow unclassified-statement <reason>`.',
  check(ctx) {
    const what = ctx.cls.unclassified
    if (what === undefined) return []
    return [{ message: `${what} is not classified by the analysis: nothing about its locks, its work or the data it touches was judged.`, saferWay: this.saferWay }]
  }
}

/** Reported from what the expansion could not read (see expand.ts); it has no statement check of its own. */
export const opaqueCode: Rule = {
  name: 'opaque-code',
  level: 'medium',
  why: 'Code the analysis cannot see into: a DO block or function body in another language or that does not parse, a function or procedure it cannot find or read, SQL that EXECUTE builds at run time, LOAD, COPY … PROGRAM, ALTER EXTENSION … UPDATE. What it runs was not judged. (What can be read — PL/pgSQL and SQL bodies, EXECUTE of a constant string — is analysed like any other statement.)',
  saferWay:
    'Write the statements in the migration itself, where they are analysed (or EXECUTE constant strings); or review the code by hand and accept it with `-- db-deploy: allow opaque-code <reason>`.',
  check() {
    return []
  }
}
