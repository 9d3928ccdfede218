/**
 * A database schema reduced to what Prisma's data model determines, keyed by database names. Built once from
 * schema.prisma (expected) and once from the catalog of a migrated database (actual), then compared.
 * `label` names the schema.prisma element (e.g. `Cluster.labels`) so a difference points at the line to fix.
 */
export interface SchemaShape {
  enums: Map<string, { values: string[]; label?: string }>;
  tables: Map<string, TableShape>;
}

export interface TableShape {
  label?: string;
  columns: Map<string, ColumnShape>;
  primaryKey: { name: string; columns: string[] } | null;
  indexes: Map<string, IndexShape>;
  foreignKeys: Map<string, ForeignKeyShape>;
}

export interface ColumnShape {
  label?: string;
  /** As format_type prints it (`uuid`, `timestamp(3) with time zone`), or `enum <name>` for enum types. */
  type: string;
  nullable: boolean;
  /** As pg_get_expr prints the default, or null. */
  default: string | null;
}

export interface IndexShape {
  label?: string;
  unique: boolean;
  /** Access method: btree, gin, gist, hash… */
  method: string;
  /** Column names, each suffixed with ` DESC` and/or ` <opclass>` when not the default. */
  columns: string[];
  /** The partial-index predicate as written in schema.prisma (expected) or as pg_get_expr prints it (actual). */
  predicate: string | null;
}

/** Referential actions as schema.prisma spells them. */
export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export interface ForeignKeyShape {
  label?: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}
