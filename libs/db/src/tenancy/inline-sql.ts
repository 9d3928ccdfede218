import pg from 'pg';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * Renders a Prisma.Sql statement as plain text with every value written as a quoted literal, for the simple query
 * protocol (which carries no parameters but can send several statements in one message). Strings go through pg's
 * escapeLiteral (quotes doubled, backslashes in an E'' literal), so no value can end its literal; numbers must be
 * finite; only the value types the read path's queries use are accepted, anything else throws.
 */
export function inlineSql(statement: Prisma.Sql): string {
  const { strings, values } = statement;
  let text = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) text += literal(values[i]) + (strings[i + 1] ?? '');
  return text;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot inline the number ${value} into SQL`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('Cannot inline an invalid Date into SQL');
    return quoted(value.toISOString());
  }
  if (Array.isArray(value)) {
    // An array literal ('{…}') with each element double-quoted; the statement casts it (`::uuid[]`).
    return quoted(`{${value.map((element) => `"${String(element).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`);
  }
  throw new TypeError(`Cannot inline a value of type ${typeof value} into SQL`);
}

function quoted(text: string): string {
  // PostgreSQL text cannot hold NUL; the API refuses it at the edge, so reaching here is a programming error.
  if (text.includes('\0')) throw new TypeError('Cannot inline a string containing NUL into SQL');
  return pg.escapeLiteral(text);
}
