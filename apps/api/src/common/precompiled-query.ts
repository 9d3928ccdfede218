/**
 * Precompiled checks for the hot list queries. class-transformer + class-validator cost more per request than the
 * rest of a page's handling; for a query DTO registered here, a plain function proves the common, valid query
 * valid and builds the same DTO instance class-transformer would. Anything it cannot prove valid (an unknown key, a
 * repeated key, a value off the strict forms below) goes to the full ValidationPipe, which answers with its usual
 * errors: the fast path never decides a 4xx, so clients see the same answers either way (precompiled-query.spec.ts
 * compares both on valid and invalid queries).
 */

/** Returned by a field check that cannot prove the raw value valid. */
export const unproven: unique symbol = Symbol('unproven');

/** Turns one raw query value (a string) into the DTO's value, or `unproven`. */
export type FieldCheck = (raw: string) => unknown;

type QueryCheck = (query: Record<string, unknown>) => object | undefined;
/** A DTO class, as Nest passes it in ArgumentMetadata.metatype. */
type DtoClass = abstract new (...args: never[]) => unknown;

const checks = new Map<DtoClass, QueryCheck>();

/** Registers the precompiled check of `dto`: `fields` names every property the DTO accepts, with its check. */
export function precompileQuery<T extends object>(dto: new () => T, fields: Record<string, FieldCheck>): void {
  checks.set(dto, (query) => {
    const instance = new dto() as Record<string, unknown>;
    for (const key in query) {
      const raw = query[key];
      const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (check === undefined || typeof raw !== 'string') return undefined;
      const value = check(raw);
      if (value === unproven) return undefined;
      instance[key] = value;
    }
    return instance;
  });
}

/** The DTO instance for `query` when `dto` has a precompiled check that proves the query valid, else undefined. */
export function precompiledQuery(dto: DtoClass | undefined, query: unknown): object | undefined {
  const check = dto && checks.get(dto);
  if (!check || typeof query !== 'object' || query === null) return undefined;
  return check(query as Record<string, unknown>);
}

// Field checks: each accepts a subset of what its class-validator decorators accept and returns what class-transformer
// would have set.

/** @IsString(): any string. */
export const anyString: FieldCheck = (raw) => raw;

/** @IsString() @Length(min, max), for printable ASCII (where the validator's length is the string's length). */
export const asciiOfLength =
  (min: number, max: number): FieldCheck =>
  (raw) =>
    raw.length >= min && raw.length <= max && /^[\x20-\x7e]*$/.test(raw) ? raw : unproven;

/** @Type(() => Number) @IsInt() @Min(min) @Max(max), written as plain decimal digits. */
export const integerBetween =
  (min: number, max: number): FieldCheck =>
  (raw) => {
    if (!/^[1-9][0-9]{0,8}$/.test(raw)) return unproven;
    const value = Number(raw);
    return value >= min && value <= max ? value : unproven;
  };

const uuidForm = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** @IsUUID(): versions 1–8 (the validator also takes the nil and max UUIDs; those go to the full pipe). */
export const uuid: FieldCheck = (raw) => (uuidForm.test(raw) ? raw : unproven);

/** @IsIn(values) on a string. */
export const oneOf =
  (values: readonly string[]): FieldCheck =>
  (raw) =>
    values.includes(raw) ? raw : unproven;

/** @Matches(pattern) on a string. */
export const matching =
  (pattern: RegExp): FieldCheck =>
  (raw) =>
    pattern.test(raw) ? raw : unproven;

/**
 * @Transform(split) @IsArray() with each element checked by `each` (`values`: @IsIn(values, { each: true }); none:
 * @IsString({ each: true })).
 */
export const listOf =
  (split: (raw: string) => string[], values?: readonly string[]): FieldCheck =>
  (raw) => {
    const list = split(raw);
    return values === undefined || list.every((item) => values.includes(item)) ? list : unproven;
  };

const utcTimeForm = /^([1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,3})?Z$/;

/**
 * @IsISO8601({ strict: true }) for the form clients send, `YYYY-MM-DDTHH:MM:SS[.sss]Z` on a day that exists (strict
 * refuses 2026-02-30); offsets, other precisions and leap seconds go to the full pipe.
 */
export const utcTime: FieldCheck = (raw) => {
  const parts = utcTimeForm.exec(raw);
  if (!parts) return unproven;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day ? raw : unproven;
};
