/**
 * A small PostgreSQL lexer: enough to split a migration file into statements (semicolons outside
 * strings, quoted identifiers, dollar quotes and comments) and to find statements that cannot run
 * inside a transaction block.
 */
export interface Statement {
  /** The statement without comments, whitespace folded at the ends. */
  text: string
  /** First keywords, upper case, for classification. */
  head: string
}

export function splitStatements(sql: string): Statement[] {
  const out: Statement[] = []
  let current = ''
  let i = 0
  const n = sql.length
  const push = (): void => {
    const text = current.trim()
    if (text !== '') out.push({ text, head: headOf(text) })
    current = ''
  }
  while (i < n) {
    const c = sql[i]
    const next = sql[i + 1]
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i)
      i = end === -1 ? n : end + 1
      current += ' '
      continue
    }
    if (c === '/' && next === '*') {
      let depth = 1
      i += 2
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++
          i += 2
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--
          i += 2
        } else i++
      }
      current += ' '
      continue
    }
    if (c === "'" || c === '"') {
      const escapes = c === "'" && /[eE]$/.test(current) && !/[A-Za-z0-9_][eE]$/.test(current)
      let j = i + 1
      while (j < n) {
        if (escapes && sql[j] === '\\') {
          j += 2
          continue
        }
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            j += 2
            continue
          }
          break
        }
        j++
      }
      current += sql.slice(i, j + 1)
      i = j + 1
      continue
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))
      if (m && !/[A-Za-z0-9_]$/.test(current)) {
        const tag = m[0]
        const end = sql.indexOf(tag, i + tag.length)
        const stop = end === -1 ? n : end + tag.length
        current += sql.slice(i, stop)
        i = stop
        continue
      }
    }
    if (c === ';') {
      push()
      i++
      continue
    }
    current += c
    i++
  }
  push()
  return out
}

function headOf(text: string): string {
  return text.replace(/\s+/g, ' ').split(' ').slice(0, 6).join(' ').toUpperCase()
}

/**
 * Why a statement cannot run inside a transaction block, or undefined when it can. Covers what
 * PostgreSQL refuses in a transaction block that a migration may contain.
 */
export function nonTransactional(statement: Statement): string | undefined {
  const t = statement.text.replace(/\s+/g, ' ').toUpperCase()
  if (/^(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/.test(t)) return 'CREATE/DROP INDEX CONCURRENTLY'
  if (/^REINDEX\b.*\bCONCURRENTLY\b/.test(t) || /^REINDEX\s*\(.*CONCURRENTLY/.test(t)) return 'REINDEX CONCURRENTLY'
  if (/^REINDEX\s+(SYSTEM|DATABASE)\b/.test(t)) return 'REINDEX SYSTEM/DATABASE'
  if (/^VACUUM\b/.test(t)) return 'VACUUM'
  if (/^(CREATE|DROP)\s+DATABASE\b/.test(t)) return 'CREATE/DROP DATABASE'
  if (/^(CREATE|DROP)\s+TABLESPACE\b/.test(t)) return 'CREATE/DROP TABLESPACE'
  if (/^ALTER\s+SYSTEM\b/.test(t)) return 'ALTER SYSTEM'
  if (/^ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY\b/.test(t)) return 'DETACH PARTITION CONCURRENTLY'
  if (/^CREATE\s+SUBSCRIPTION\b/.test(t) || /^DROP\s+SUBSCRIPTION\b/.test(t)) return 'CREATE/DROP SUBSCRIPTION'
  return undefined
}

/** Whether the file manages its own transactions (BEGIN/COMMIT/ROLLBACK...). */
export function hasTransactionControl(statements: readonly Statement[]): boolean {
  return statements.some(s => /^(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE TRANSACTION)\b/.test(s.head))
}
