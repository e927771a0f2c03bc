import type { Rule } from '../context.js'
import { indexNotConcurrent, concurrentlyInTransaction } from './indexes.js'
import { addForeignKey, addCheckConstraint, addUniqueConstraint, setNotNull, validateInSameFile } from './constraints.js'
import { typeChangeRewrite, addRequiredColumn, volatileDefault, needsNewerServer } from './columns.js'
import { dropTable, dropColumn, dropEnumValue, truncateTable, deleteAllRows, updateAllRows, cascadeDrop, dropDatabase } from './destructive.js'
import { renameTable, renameColumn } from './renames.js'
import { missingLockTimeout } from './lock-timeout.js'
import { tableRewrite, reindex, lockTable, refreshMaterializedView, dropIndexNotConcurrent, domainConstraint, longLock } from './operations.js'
import { unclassifiedStatement, opaqueCode } from './analysis.js'

/** Every rule, in the order the rules' table lists them. long-lock runs last: it covers what no rule before it found. */
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
  cascadeDrop,
  dropDatabase,
  renameTable,
  renameColumn,
  tableRewrite,
  reindex,
  lockTable,
  refreshMaterializedView,
  dropIndexNotConcurrent,
  domainConstraint,
  unclassifiedStatement,
  opaqueCode,
  missingLockTimeout,
  longLock
]

/** Findings about the analysis itself, not about a statement's effect. */
export const PARSE_ERROR_RULE = 'parse-error'
export const ALLOW_COMMENT_RULE = 'allow-comment'
export const OPAQUE_CODE_RULE = opaqueCode.name
