import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: unknown[];
}

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  default?: unknown;
  example?: unknown;
}

/** Values the fuzzer knows: ids of the caller's tenant, of another tenant, and strings that pass intake. */
export interface KnownValues {
  ownIds: string[];
  foreignIds: string[];
  /** Extra valid strings per property name (`kubeconfig`, `url`, `cursor`). */
  byName: Record<string, string[]>;
}

/** Hostile strings: control characters, LIKE wildcards, SQL, path tricks, very long text, odd Unicode. */
export const hostileStrings = [
  '\u0000',
  'x\u0000y',
  '\u001b[31m',
  '%',
  '_',
  '%_%',
  "'; DROP TABLE clusters; --",
  '../../etc/passwd',
  'a'.repeat(5_000),
  '\ud800',
  '𝕞𝕖𝕤𝕙',
  ' ',
  '',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '0000-00-00',
  'null',
  '[object Object]',
];

/** Hostile values of any type: huge and odd numbers, wrong types, deep nesting. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    // Control characters weigh most: PostgreSQL refuses NUL in text, the classic 500.
    { weight: 3, arbitrary: fc.tuple(fc.stringMatching(/^[a-z0-9-]{0,12}$/), fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f')).map(([text, control]) => text + control) },
    { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
    fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 0, 1.5, 1e21),
    fc.constantFrom(true, false, null, [], {}, [[[]]]),
    fc.integer({ min: 33, max: 200 }).map((depth) => nested(depth)),
    // Deeper than the limit (32) by far; 10,000 levels are in edge-validation.e2e.spec.ts (too deep for fast-check to print).
    fc.constant(nested(1_000)),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 5 }),
  );
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Cursors a client could forge: wrong types, extra fields, foreign positions, not base64 at all. */
export function tamperedCursor(known: KnownValues): fc.Arbitrary<string> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return fc.oneof(
    fc.constant(encode({ createdAt: 'x', id: 'y' })),
    fc.constant(encode({ createdAt: 1, id: 2 })),
    fc.constant(encode({ severity: 'critical', id: 'nope' })),
    fc.constantFrom(...known.foreignIds, '00000000-0000-4000-8000-000000000000').map((id) => encode({ createdAt: '2026-01-01T00:00:00.000Z', id })),
    fc.constantFrom(...known.foreignIds, '00000000-0000-4000-8000-000000000000').map((id) => encode({ requestedAt: '2026-01-01T00:00:00.000Z', id })),
    fc.constant(encode({ createdAt: '2026-01-01T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000', extra: 1 })),
    fc.string({ maxLength: 40 }),
    fc.constantFrom(...hostileStrings),
  );
}

/** Arbitraries for one schema: mostly valid values, sometimes hostile ones (`hostility` of 0 means always valid). */
export class SchemaArbitraries {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly known: KnownValues,
  ) {}

  of(schema: Schema, name = '', hostile = false, depth = 0): fc.Arbitrary<unknown> {
    const valid = this.valid(this.resolve(schema), name, depth);
    if (!hostile) return valid;
    const extra = name === 'cursor' ? [{ weight: 1, arbitrary: tamperedCursor(this.known) as fc.Arbitrary<unknown> }] : [];
    return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostileValue() }, ...extra);
  }

  /** A valid body (as far as a schema can say); requests then mutate one field of it at a time. */
  body(schema: Schema): fc.Arbitrary<unknown> {
    return this.of(schema, '', false);
  }

  resolve(schema: Schema): Schema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = this.document.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return this.resolve(target);
  }

  private valid(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    const named = this.known.byName[name];
    const base = this.byType(schema, name, depth);
    const withNamed = named && named.length > 0 ? fc.oneof(base, fc.constantFrom(...named)) : base;
    return schema.nullable ? fc.option(withNamed, { nil: null }) : withNamed;
  }

  private byType(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
    if (schema.oneOf) return fc.oneof(...schema.oneOf.map((option) => this.valid(this.resolve(option), name, depth + 1)));
    if (schema.allOf && schema.allOf[0]) return this.valid(this.resolve(schema.allOf[0]), name, depth + 1);
    switch (schema.type) {
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000 });
      case 'number':
        // Nest's swagger writes `number` for integer fields too (`limit`); whole numbers pass both.
        return fc.integer({ min: Math.ceil(schema.minimum ?? -10), max: Math.floor(schema.maximum ?? 1_000) });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.valid(this.resolve(schema.items ?? {}), name, depth + 1), { maxLength: 3 });
      case 'object':
        return depth > 4 ? fc.constant({}) : this.object(schema, depth);
      case 'string':
        return this.string(schema);
      default:
        return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant({}));
    }
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    if (Object.keys(properties).length === 0) {
      const values = typeof schema.additionalProperties === 'object' ? this.valid(this.resolve(schema.additionalProperties), '', depth + 1) : fc.string({ maxLength: 10 });
      return fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), values, { maxKeys: 3 });
    }
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, property] of Object.entries(properties)) record[key] = this.of(property, key, false, depth + 1);
    return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in record) as never[] });
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    if (schema.format === 'uuid') {
      return fc.oneof(fc.constantFrom(...this.known.ownIds, ...this.known.foreignIds), fc.uuid({ version: 4 }));
    }
    if (schema.format === 'date-time') {
      return fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
    }
    // The example passes the route's own rules (patterns are not in the contract); plain names pass most others.
    const example = typeof schema.example === 'string' ? [{ weight: 4, arbitrary: fc.constant(schema.example) }] : [];
    return fc.oneof(
      { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/) },
      { weight: 1, arbitrary: fc.string({ maxLength: schema.maxLength ?? 30 }) },
      ...example,
    );
  }
}
