/** Opaque keyset cursors: the sort key of the last row returned, base64url-encoded JSON. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor; throws InvalidCursorError when it was not. */
export function decodeCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidCursorError();
  const position = parsed as Record<string, unknown>;
  for (const key of keys) if (typeof position[key] !== 'string') throw new InvalidCursorError();
  return position as Record<K, string>;
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
