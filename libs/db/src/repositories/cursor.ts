import { isUuid } from '../tenancy/tenant-id.js';

/** Opaque keyset cursors: the sort key of the last row returned, base64url-encoded JSON. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * What a cursor field must hold: an instant as encodeCursor writes it (`toISOString`), a UUID, a decimal number, any
 * text (a name; the cursor's length bounds it), or one of a fixed list.
 */
export type CursorField = 'instant' | 'uuid' | 'number' | 'text' | readonly string[];

/** Longer than any cursor this API writes (two fields); refuses a hand-made blob before it is parsed. */
const maxCursorLength = 256;
const instantText = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Decodes a cursor made by encodeCursor, checking every field against its declared type, so a hand-made cursor can
 * never reach a query with a value the column cannot hold; throws InvalidCursorError when it was not one of ours.
 */
export function decodeCursor<const Shape extends Record<string, CursorField>>(cursor: string, shape: Shape): { [K in keyof Shape]: string } {
  if (cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidCursorError();
  const position = parsed as Record<string, unknown>;
  const keys = Object.keys(shape);
  if (Object.keys(position).length !== keys.length) throw new InvalidCursorError();
  for (const key of keys) if (!fits(position[key], shape[key]!)) throw new InvalidCursorError();
  return position as { [K in keyof Shape]: string };
}

function fits(value: unknown, field: CursorField): boolean {
  if (typeof value !== 'string') return false;
  if (field === 'uuid') return isUuid(value);
  if (field === 'number') return /^-?\d{1,15}(\.\d{1,17})?$/.test(value);
  if (field === 'text') return true;
  if (field === 'instant') return instantText.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
  return field.includes(value);
}

export class InvalidCursorError extends Error {
  readonly code = 'invalid-cursor';
  constructor() {
    super('The cursor is not one this API returned; start again without it.');
    this.name = 'InvalidCursorError';
  }
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Splits `limit + 1` fetched rows into a page and the cursor of its last row. */
export function pageOf<Row, T>(rows: Row[], limit: number, toItem: (row: Row) => T, positionOf: (row: Row) => Record<string, string>): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

/** A page whose items are JSON object texts as PostgreSQL built them: served as they are, never parsed. */
export interface JsonPage {
  items: string[];
  nextCursor: string | null;
}

/** Splits `limit + 1` rows `[json, …]` into a JSON page and the cursor of its last row. */
export function jsonPageOf<Row extends readonly (string | null)[]>(rows: Row[], limit: number, positionOf: (row: Row) => Record<string, string>): JsonPage {
  const count = Math.min(rows.length, limit);
  const items = new Array<string>(count);
  for (let i = 0; i < count; i++) items[i] = rows[i]![0] ?? 'null';
  const last = rows[count - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

/** The page as the API's JSON document `{"items":[…],"nextCursor":…}`, by concatenation. */
export function jsonPageDocument(page: JsonPage, item: (json: string, index: number) => string = (json) => json): string {
  let body = '{"items":[';
  for (let i = 0; i < page.items.length; i++) body += (i === 0 ? '' : ',') + item(page.items[i]!, i);
  return `${body}],"nextCursor":${page.nextCursor === null ? 'null' : JSON.stringify(page.nextCursor)}}`;
}
