import { getDMMF } from '@prisma/get-dmmf';
import type {
  ColumnShape,
  ForeignKeyShape,
  IndexShape,
  ReferentialAction,
  SchemaShape,
  TableShape,
} from './schema-shape.js';

type Document = Exclude<ReturnType<typeof getDMMF>, { type: 'wasm-error' | 'parse-json' }>;
type Model = Document['datamodel']['models'][number];
type Field = Model['fields'][number];

const identifierLimit = 63;

/**
 * The PostgreSQL schema that `prisma migrate dev` would create for `schemaSource` (the text of schema.prisma):
 * tables, columns with types, nullability and defaults, primary keys, indexes (unique, method, operator classes,
 * partial predicates), foreign keys with their actions, and enums — with Prisma's default constraint names.
 */
export function expectedSchemaFromPrisma(schemaSource: string): SchemaShape {
  const result = getDMMF({ datamodel: schemaSource });
  if ('type' in result) throw new Error(`schema.prisma does not parse: ${result.reason}`);
  const { datamodel } = result;
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const enumNames = new Map(datamodel.enums.map((item) => [item.name, item.dbName ?? item.name]));
  const shape: SchemaShape = { enums: new Map(), tables: new Map() };

  for (const item of datamodel.enums) {
    shape.enums.set(item.dbName ?? item.name, {
      label: `enum ${item.name}`,
      values: item.values.map((value) => value.dbName ?? value.name),
    });
  }
  for (const model of datamodel.models) {
    const table: TableShape = {
      label: `model ${model.name}`,
      columns: new Map(),
      primaryKey: null,
      indexes: new Map(),
      foreignKeys: new Map(),
    };
    shape.tables.set(tableName(model), table);
    for (const field of model.fields) {
      if (field.kind === 'scalar' || field.kind === 'enum')
        table.columns.set(columnName(field), column(model, field, enumNames));
      if (field.kind === 'object' && field.relationFromFields && field.relationFromFields.length > 0) {
        const target = models.get(field.type);
        if (!target) throw new Error(`${model.name}.${field.name} relates to unknown model ${field.type}`);
        const [name, foreignKey] = foreignKeyOf(model, field, target);
        table.foreignKeys.set(name, foreignKey);
      }
    }
  }
  const predicates = partialIndexPredicates(schemaSource);
  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    const table = model && shape.tables.get(tableName(model));
    if (!model || !table) continue;
    const columns = index.fields.map((item) => columnOf(model, item.name));
    if (index.type === 'id') {
      table.primaryKey = { name: index.dbName ?? constraintName(tableName(model), [], 'pkey'), columns };
      continue;
    }
    const unique = index.type === 'unique';
    const name = index.dbName ?? constraintName(tableName(model), columns, unique ? 'key' : 'idx');
    const fieldList = index.fields.map((item) => item.name).join(', ');
    const shapeOf: IndexShape = {
      label: index.isDefinedOnField
        ? `${model.name}.${fieldList} @unique`
        : `${model.name} @@${unique ? 'unique' : 'index'}([${fieldList}])`,
      unique,
      method: (index.algorithm ?? 'BTree').toLowerCase(),
      columns: index.fields.map((item) =>
        indexColumn(columnOf(model, item.name), item.sortOrder, item.operatorClass),
      ),
      predicate:
        predicates.get(
          `${model.name}|${unique ? 'unique' : 'index'}|${index.fields.map((item) => item.name).join(',')}`,
        ) ?? null,
    };
    table.indexes.set(name, shapeOf);
  }
  return shape;
}

function column(model: Model, field: Field, enumNames: Map<string, string>): ColumnShape {
  const enumName = field.kind === 'enum' ? enumNames.get(field.type) : undefined;
  const base = enumName !== undefined ? `enum ${enumName}` : columnType(model, field);
  return {
    label: `${model.name}.${field.name}`,
    type: field.isList ? `${base}[]` : base,
    // Prisma creates scalar lists as nullable columns whatever the field says.
    nullable: field.isList || !field.isRequired,
    default: defaultExpression(field, enumName !== undefined ? enumName : base),
  };
}

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function columnType(model: Model, field: Field): string {
  if (!field.nativeType) {
    const type = scalarTypes[field.type];
    if (!type) throw new Error(`${model.name}.${field.name}: no PostgreSQL type known for ${field.type}`);
    return type;
  }
  const [name, args] = field.nativeType;
  const withArgs = (base: string) => (args.length > 0 ? `${base}(${args.join(',')})` : base);
  switch (name) {
    case 'Timestamptz':
      return `${withArgs('timestamp')} with time zone`;
    case 'Timestamp':
      return `${withArgs('timestamp')} without time zone`;
    case 'Time':
      return `${withArgs('time')} without time zone`;
    case 'Timetz':
      return `${withArgs('time')} with time zone`;
    case 'VarChar':
      return withArgs('character varying');
    case 'Char':
      return withArgs('character');
    case 'Decimal':
      return withArgs('numeric');
    case 'DoublePrecision':
      return 'double precision';
    case 'JsonB':
      return 'jsonb';
    case 'ByteA':
      return 'bytea';
    default:
      return withArgs(name.toLowerCase());
  }
}

function defaultExpression(field: Field, sqlType: string): string | null {
  const value = field.default;
  if (isList(value)) {
    if (value.length > 0)
      throw new Error(`${field.name}: only the empty list is supported as a list default by the drift check`);
    return `ARRAY[]::${sqlType}[]`;
  }
  if (value === undefined) return null;
  if (typeof value === 'object') {
    if (value.name === 'dbgenerated') return value.args[0] === undefined ? null : String(value.args[0]);
    if (value.name === 'now') return 'CURRENT_TIMESTAMP';
    if (value.name === 'autoincrement') return 'nextval(…)';
    return null; // uuid(), cuid(), nanoid(): generated by the client, no database default
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return value < 0 ? `'${value}'::${sqlType}` : String(value);
  return `'${value.replaceAll("'", "''")}'::${sqlType.replace(/\(.*\)/, '')}`;
}

function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

function foreignKeyOf(model: Model, field: Field, target: Model): [string, ForeignKeyShape] {
  const columns = (field.relationFromFields ?? []).map((name) => columnOf(model, name));
  const optional = (field.relationFromFields ?? []).some(
    (name) => !model.fields.find((item) => item.name === name)?.isRequired,
  );
  return [
    constraintName(tableName(model), columns, 'fkey'),
    {
      label: `${model.name}.${field.name}`,
      columns,
      referencedTable: tableName(target),
      referencedColumns: (field.relationToFields ?? []).map((name) => columnOf(target, name)),
      onDelete:
        (field.relationOnDelete as ReferentialAction | undefined) ?? (optional ? 'SetNull' : 'Restrict'),
      onUpdate: (field.relationOnUpdate as ReferentialAction | undefined) ?? 'Cascade',
    },
  ];
}

/** `where: raw("…")` of @@unique/@@index/@unique, keyed `Model|unique-or-index|field,field`; the DMMF leaves them out. */
function partialIndexPredicates(schemaSource: string): Map<string, string> {
  const predicates = new Map<string, string>();
  for (const block of schemaSource.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, model, body = ''] = block;
    for (const line of body.split('\n')) {
      const code = line.replace(/\/\/.*$/, '');
      if (!/\bwhere\s*:/.test(code)) continue;
      const raw = /where\s*:\s*raw\(\s*"((?:[^"\\]|\\.)*)"\s*\)/.exec(code)?.[1];
      if (raw === undefined)
        throw new Error(
          `model ${model}: only where: raw("…") predicates are supported by the drift check (line: ${code.trim()})`,
        );
      const predicate = raw.replace(/\\(.)/g, '$1');
      const blockAttribute = /@@(unique|index)\s*\(\s*\[([^\]]*)\]/.exec(code);
      if (blockAttribute) {
        const fields = (blockAttribute[2] ?? '')
          .split(',')
          .map((item) => item.trim().replace(/\(.*$/, ''))
          .filter(Boolean);
        predicates.set(`${model}|${blockAttribute[1]}|${fields.join(',')}`, predicate);
      } else {
        const fieldName = /^\s*(\w+)\s/.exec(code)?.[1];
        if (fieldName) predicates.set(`${model}|unique|${fieldName}`, predicate);
      }
    }
  }
  return predicates;
}

function tableName(model: Model): string {
  return model.dbName ?? model.name;
}

function columnName(field: Field): string {
  return field.dbName ?? field.name;
}

function columnOf(model: Model, fieldName: string): string {
  const field = model.fields.find((item) => item.name === fieldName);
  if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
  return columnName(field);
}

function indexColumn(name: string, sortOrder: string | undefined, operatorClass: string | undefined): string {
  const opclass = operatorClass ? ` ${operatorClass.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}` : '';
  return `${name}${sortOrder === 'desc' ? ' DESC' : ''}${opclass}`;
}

/** Prisma's default constraint name: `<table>_<columns>_<suffix>`, shortened to PostgreSQL's 63-byte identifier limit. */
function constraintName(table: string, columns: string[], suffix: 'pkey' | 'key' | 'idx' | 'fkey'): string {
  const base = [table, ...columns].join('_');
  const limit = identifierLimit - suffix.length - 1;
  return `${base.length > limit ? base.slice(0, limit) : base}_${suffix}`;
}
