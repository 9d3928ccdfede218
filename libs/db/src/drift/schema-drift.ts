import type { SqlSession } from '../migrations/sql-session.js';
import { readDatabaseSchema } from './database-schema.js';
import { expectedSchemaFromPrisma } from './expected-schema.js';
import type { SchemaShape } from './schema-shape.js';

/**
 * Every difference between the schema `schemaSource` (schema.prisma's text) describes and the database behind
 * `session`, one readable line each naming the model/field and the database object; empty when they agree.
 * Partial-index predicates are compared after PostgreSQL normalises the expected one (in a rolled-back transaction).
 */
export async function findSchemaDrift(session: SqlSession, schemaSource: string): Promise<string[]> {
  const expected = expectedSchemaFromPrisma(schemaSource);
  const actual = await readDatabaseSchema(session);
  await normalizePredicates(session, expected, actual);
  return compareSchemas(expected, actual);
}

/** Compares two shapes (expected from schema.prisma, actual from the database); one line per difference. */
export function compareSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const differences: string[] = [];
  const name = (label: string | undefined, dbName: string) =>
    label ? `${label} ("${dbName}")` : `"${dbName}"`;
  const list = (items: string[]) => `(${items.join(', ')})`;

  for (const [enumName, want] of expected.enums) {
    const have = actual.enums.get(enumName);
    if (!have) differences.push(`${name(want.label, enumName)} is missing from the database`);
    else if (list(want.values) !== list(have.values)) {
      differences.push(
        `${name(want.label, enumName)}: values ${list(want.values)} in schema.prisma, ${list(have.values)} in the database`,
      );
    }
  }
  for (const enumName of actual.enums.keys()) {
    if (!expected.enums.has(enumName))
      differences.push(`enum "${enumName}" exists in the database but not in schema.prisma`);
  }

  for (const [tableName, want] of expected.tables) {
    const have = actual.tables.get(tableName);
    if (!have) {
      differences.push(`table ${name(want.label, tableName)} is missing from the database`);
      continue;
    }
    for (const [columnName, column] of want.columns) {
      const found = have.columns.get(columnName);
      const where = `column ${name(column.label, `${tableName}.${columnName}`)}`;
      if (!found) differences.push(`${where} is missing from the database`);
      else {
        if (column.type !== found.type)
          differences.push(`${where}: type ${column.type} in schema.prisma, ${found.type} in the database`);
        if (column.nullable !== found.nullable) {
          differences.push(
            `${where}: ${column.nullable ? 'optional' : 'required'} in schema.prisma, ${found.nullable ? 'nullable' : 'NOT NULL'} in the database`,
          );
        }
        if (column.default !== found.default) {
          differences.push(
            `${where}: default ${column.default ?? '(none)'} in schema.prisma, ${found.default ?? '(none)'} in the database`,
          );
        }
      }
    }
    for (const columnName of have.columns.keys()) {
      if (!want.columns.has(columnName))
        differences.push(
          `column "${tableName}.${columnName}" exists in the database but not in ${want.label}`,
        );
    }

    const wantPk = want.primaryKey ? `"${want.primaryKey.name}" ${list(want.primaryKey.columns)}` : '(none)';
    const havePk = have.primaryKey ? `"${have.primaryKey.name}" ${list(have.primaryKey.columns)}` : '(none)';
    if (wantPk !== havePk)
      differences.push(
        `primary key of ${name(want.label, tableName)}: ${wantPk} in schema.prisma, ${havePk} in the database`,
      );

    for (const [indexName, index] of want.indexes) {
      const found = have.indexes.get(indexName);
      const where = `index ${name(index.label, indexName)} on "${tableName}"`;
      if (!found) {
        differences.push(`${where} is missing from the database`);
        continue;
      }
      if (index.unique !== found.unique)
        differences.push(
          `${where}: ${index.unique ? 'unique' : 'not unique'} in schema.prisma, ${found.unique ? 'unique' : 'not unique'} in the database`,
        );
      if (index.method !== found.method)
        differences.push(
          `${where}: method ${index.method} in schema.prisma, ${found.method} in the database`,
        );
      if (list(index.columns) !== list(found.columns))
        differences.push(
          `${where}: columns ${list(index.columns)} in schema.prisma, ${list(found.columns)} in the database`,
        );
      if (index.predicate !== found.predicate) {
        differences.push(
          `${where}: ${index.predicate ? `WHERE ${index.predicate}` : 'no predicate'} in schema.prisma, ${found.predicate ? `WHERE ${found.predicate}` : 'no predicate'} in the database`,
        );
      }
    }
    for (const indexName of have.indexes.keys()) {
      if (!want.indexes.has(indexName))
        differences.push(
          `index "${indexName}" on "${tableName}" exists in the database but not in ${want.label}`,
        );
    }

    for (const [keyName, key] of want.foreignKeys) {
      const found = have.foreignKeys.get(keyName);
      const where = `foreign key ${name(key.label, keyName)}`;
      if (!found) {
        differences.push(`${where} is missing from the database`);
        continue;
      }
      const describe = (fk: typeof key) =>
        `${list(fk.columns)} -> ${fk.referencedTable}${list(fk.referencedColumns)} ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
      if (describe(key) !== describe(found))
        differences.push(`${where}: ${describe(key)} in schema.prisma, ${describe(found)} in the database`);
    }
    for (const keyName of have.foreignKeys.keys()) {
      if (!want.foreignKeys.has(keyName))
        differences.push(
          `foreign key "${keyName}" on "${tableName}" exists in the database but not in ${want.label}`,
        );
    }
  }
  for (const tableName of actual.tables.keys()) {
    if (!expected.tables.has(tableName))
      differences.push(`table "${tableName}" exists in the database but has no model in schema.prisma`);
  }
  return differences;
}

/** Rewrites each expected predicate into the form pg_get_expr prints, by creating (and rolling back) a probe index. */
async function normalizePredicates(
  session: SqlSession,
  expected: SchemaShape,
  actual: SchemaShape,
): Promise<void> {
  for (const [tableName, table] of expected.tables) {
    if (!actual.tables.has(tableName)) continue;
    for (const index of table.indexes.values()) {
      if (index.predicate === null) continue;
      const column = index.columns[0]?.split(' ')[0];
      if (!column) continue;
      await session.execute('BEGIN');
      try {
        await session.execute(
          `CREATE INDEX meshguard_drift_probe ON ${quote(tableName)} (${quote(column)}) WHERE ${index.predicate}`,
        );
        const [row] = await session.query<{ predicate: string }>(
          `SELECT pg_get_expr(indpred, indrelid) AS predicate FROM pg_index WHERE indexrelid = 'meshguard_drift_probe'::regclass`,
        );
        if (row) index.predicate = row.predicate;
      } catch (error) {
        index.predicate = `${index.predicate} (not valid here: ${error instanceof Error ? error.message : String(error)})`;
      } finally {
        await session.execute('ROLLBACK');
      }
    }
  }
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
