/** Catalog objects (types, domains, functions, extensions, foreign data), roles, databases, replication. */
import { dropTargets, stringList, tableOf } from '../context.js'
import { type PgNode, tableKey } from '../types.js'
import { type Judge, type Judging, type StatementKind, catalog, defNames, never, none, qualifiedName } from './judging.js'

export const CATALOG_STATEMENTS = {
  // Types, domains, functions and other catalog objects.
  CreateSchemaStmt: catalog,
  CreateEnumStmt: catalog,
  CreateRangeStmt: catalog,
  CompositeTypeStmt: catalog,
  AlterEnumStmt: catalog,
  AlterTypeStmt: catalog,
  CreateDomainStmt: catalog,
  AlterDomainStmt: j => {
    // ADD CONSTRAINT (validated), SET NOT NULL and VALIDATE CONSTRAINT check every column of the
    // domain (and of domains over it) under SHARE on each table; the rest change the catalog.
    const checks = (j.n.subtype === 'C' && !j.n.def?.Constraint?.skip_validation) || j.n.subtype === 'O' || j.n.subtype === 'V'
    if (checks) {
      const domain = qualifiedName(stringList(j.n.typeName), j.schema)
      for (const c of j.facts.domains.get(tableKey(domain)) ?? []) j.lock(c.table, 'SHARE')
    }
    j.does(checks ? 'scan' : 'catalog')
  },
  DefineStmt: catalog,
  CreateFunctionStmt: catalog,
  AlterFunctionStmt: catalog,
  AlterObjectDependsStmt: catalog,
  AlterOwnerStmt: catalog,
  AlterOperatorStmt: catalog,
  CreateSeqStmt: catalog,
  AlterSeqStmt: catalog,
  AlterCollationStmt: catalog,
  CreateCastStmt: catalog,
  CreateConversionStmt: catalog,
  CreateTransformStmt: catalog,
  CreateOpClassStmt: catalog,
  CreateOpFamilyStmt: catalog,
  AlterOpFamilyStmt: catalog,
  CreateAmStmt: catalog,
  CreatePLangStmt: catalog,
  AlterTSDictionaryStmt: catalog,
  AlterTSConfigurationStmt: catalog,
  CreateExtensionStmt: catalog,
  AlterExtensionStmt: catalog,
  AlterExtensionContentsStmt: catalog,
  CreateEventTrigStmt: catalog,
  AlterEventTrigStmt: catalog,
  // Foreign data.
  CreateFdwStmt: catalog,
  AlterFdwStmt: catalog,
  CreateForeignServerStmt: catalog,
  AlterForeignServerStmt: catalog,
  CreateForeignTableStmt: catalog,
  CreateUserMappingStmt: catalog,
  AlterUserMappingStmt: catalog,
  DropUserMappingStmt: catalog,
  ImportForeignSchemaStmt: catalog,
  // Roles and privileges (no table lock: GRANT and REVOKE update pg_class.relacl only).
  CreateRoleStmt: none,
  AlterRoleStmt: none,
  AlterRoleSetStmt: none,
  DropRoleStmt: none,
  GrantStmt: none,
  GrantRoleStmt: none,
  AlterDefaultPrivilegesStmt: none,
  DropOwnedStmt: j => {
    for (const t of dropTargets(j.stmt, j.schema)) {
      const c = j.facts.casualties.get(t.key)
      for (const x of [...(c?.tables ?? []), ...(c?.columns ?? []).map(y => y.table), ...(c?.foreignKeys ?? []).map(y => y.table)]) j.lock(x, 'ACCESS EXCLUSIVE')
    }
    j.does('catalog')
    j.destroys()
  },
  ReassignOwnedStmt: catalog,
  // Databases, tablespaces, server settings.
  CreatedbStmt: j => j.noTransaction('CREATE DATABASE'),
  DropdbStmt: j => {
    j.noTransaction('DROP DATABASE')
    j.destroys()
  },
  AlterDatabaseStmt: j => {
    if (defNames(j.n.options).includes('tablespace')) j.noTransaction('ALTER DATABASE … SET TABLESPACE')
    j.does('catalog')
  },
  AlterDatabaseSetStmt: catalog,
  AlterDatabaseRefreshCollStmt: catalog,
  AlterSystemStmt: j => j.noTransaction('ALTER SYSTEM'),
  CreateTableSpaceStmt: j => j.noTransaction('CREATE TABLESPACE'),
  DropTableSpaceStmt: j => j.noTransaction('DROP TABLESPACE'),
  AlterTableSpaceOptionsStmt: catalog,
  AlterTableMoveAllStmt: j => {
    // ALTER TABLE ALL IN TABLESPACE … SET TABLESPACE: copies every table of the tablespace under ACCESS EXCLUSIVE.
    j.does('rewrite')
  },
  // Logical replication (the publication's tables: SHARE UPDATE EXCLUSIVE).
  CreatePublicationStmt: publication,
  AlterPublicationStmt: publication,
  CreateSubscriptionStmt: j => j.noTransaction('CREATE SUBSCRIPTION'),
  AlterSubscriptionStmt: catalog,
  DropSubscriptionStmt: j => j.noTransaction('DROP SUBSCRIPTION'),
  // Only ever inside another statement.
  RawStmt: never,
  SetOperationStmt: never,
  ReturnStmt: never,
  PLAssignStmt: never,
  ReplicaIdentityStmt: never
} satisfies Partial<Record<StatementKind, Judge>>

function publication(j: Judging): void {
  for (const o of (j.n.pubobjects ?? []) as PgNode[]) {
    const rel = o.PublicationObjSpec?.pubtable?.relation
    if (rel) j.lock(tableOf(rel, j.schema), 'SHARE UPDATE EXCLUSIVE')
  }
  j.does('catalog')
}
