import type { Rule } from '../context.js'
import { indexNotConcurrent, concurrentlyInTransaction } from './indexes.js'
import { addForeignKey, addCheckConstraint, addUniqueConstraint, setNotNull, validateInSameFile } from './constraints.js'
import { typeChangeRewrite, addRequiredColumn, volatileDefault, needsNewerServer } from './columns.js'
import { dropTable, dropColumn, dropEnumValue, truncateTable, deleteAllRows, updateAllRows } from './destructive.js'
import { renameTable, renameColumn } from './renames.js'
import { missingLockTimeout } from './lock-timeout.js'

/** Every rule, in the order the README's table lists them. */
export const RULES: readonly Rule[] = [
  indexNotConcurrent,
  concurrentlyInTransaction,
  addForeignKey,
  addCheckConstraint,
  addUniqueConstraint,
  setNotNull,
  validateInSameFile,
  typeChangeRewrite,
  addRequiredColumn,
  volatileDefault,
  needsNewerServer,
  dropTable,
  dropColumn,
  dropEnumValue,
  truncateTable,
  deleteAllRows,
  updateAllRows,
  renameTable,
  renameColumn,
  missingLockTimeout
]

/** Findings about the analysis itself, not about a statement's effect. */
export const PARSE_ERROR_RULE = 'parse-error'
export const ALLOW_COMMENT_RULE = 'allow-comment'
