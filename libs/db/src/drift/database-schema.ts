import type { SqlSession } from '../migrations/sql-session.js';
import type {
  ColumnShape,
  ForeignKeyShape,
  IndexShape,
  ReferentialAction,
  SchemaShape,
  TableShape,
} from './schema-shape.js';

const actions: Record<string, ReferentialAction> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

/**
 * Reads the schema of the session's current schema (normally `public`) from pg_catalog: tables, columns, primary keys,
 * indexes, foreign keys and enums. Prisma's own `_prisma_migrations` table is left out.
 */
export async function readDatabaseSchema(session: SqlSession): Promise<SchemaShape> {
  const shape: SchemaShape = { enums: new Map(), tables: new Map() };
  const table = (name: string): TableShape => {
    let found = shape.tables.get(name);
    if (!found) {
      found = { columns: new Map(), primaryKey: null, indexes: new Map(), foreignKeys: new Map() };
      shape.tables.set(name, found);
    }
    return found;
  };

  const enums = await session.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS "values"
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() GROUP BY t.typname`,
  );
  for (const row of enums) shape.enums.set(row.name, { values: row.values });

  const tables = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`,
  );
  for (const row of tables) table(row.name);

  const columns = await session.query<{
    table: string;
    name: string;
    type: string;
    is_enum: boolean;
    enum_name: string;
    nullable: boolean;
    default: string | null;
  }>(
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typtype = 'e' AS is_enum,
            t.typname AS enum_name, NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS "default"
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
        AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const row of columns) {
    const column: ColumnShape = {
      type: row.is_enum ? `enum ${row.enum_name}` : row.type,
      nullable: row.nullable,
      default: row.default?.startsWith('nextval(') ? 'nextval(…)' : row.default,
    };
    table(row.table).columns.set(row.name, column);
  }

  const indexes = await session.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    method: string;
    predicate: string | null;
    columns: string[];
  }>(
    `SELECT tc.relname AS "table", ic.relname AS name, ix.indisunique AS "unique", ix.indisprimary AS "primary", am.amname AS method,
            pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            (SELECT json_agg(
                      coalesce(a.attname, '(expression)')
                      || CASE WHEN (ix.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                      || CASE WHEN oc.opcdefault THEN '' ELSE ' ' || oc.opcname END
                      ORDER BY k.ord)
               FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
               LEFT JOIN pg_opclass oc ON oc.oid = ix.indclass[k.ord - 1]) AS columns
       FROM pg_index ix
       JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_class tc ON tc.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace JOIN pg_am am ON am.oid = ic.relam
      WHERE n.nspname = current_schema() AND tc.relname <> '_prisma_migrations'`,
  );
  for (const row of indexes) {
    if (row.primary) {
      table(row.table).primaryKey = { name: row.name, columns: row.columns };
      continue;
    }
    const index: IndexShape = {
      unique: row.unique,
      method: row.method,
      columns: row.columns,
      predicate: row.predicate,
    };
    table(row.table).indexes.set(row.name, index);
  }

  const foreignKeys = await session.query<{
    table: string;
    name: string;
    referenced_table: string;
    on_delete: string;
    on_update: string;
    columns: string[];
    referenced_columns: string[];
  }>(
    `SELECT c.relname AS "table", con.conname AS name, rc.relname AS referenced_table,
            con.confdeltype AS on_delete, con.confupdtype AS on_update,
            (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class rc ON rc.oid = con.confrelid
      WHERE con.contype = 'f' AND n.nspname = current_schema()`,
  );
  for (const row of foreignKeys) {
    const foreignKey: ForeignKeyShape = {
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: actions[row.on_delete] ?? 'NoAction',
      onUpdate: actions[row.on_update] ?? 'NoAction',
    };
    table(row.table).foreignKeys.set(row.name, foreignKey);
  }
  return shape;
}
