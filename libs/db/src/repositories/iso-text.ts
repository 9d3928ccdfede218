import { Prisma } from '../generated/prisma/client.js';

/**
 * A timestamptz column as the text JSON.stringify gives a Date (`2026-01-02T03:04:05.678Z`, or null), so JSON that
 * PostgreSQL builds reads exactly like JSON the API serialises itself. `column` is a fixed column name, never input.
 */
export function isoText(column: string): Prisma.Sql {
  return Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
}
