/**
 * SQL text built by the action outside a driver's parameters: statements it runs on a server it
 * administers (the rehearsal's throwaway server) and statements it prints for a person to run.
 */

/** `name` as a quoted SQL identifier (double quotes doubled). */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** `text` as a standard SQL string literal (single quotes doubled). */
export function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}
