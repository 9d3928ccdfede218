import { Prisma } from '../generated/prisma/client.js';
import { readRows } from '../tenancy/tenant-reads.js';

/**
 * Runs a SELECT on the read path and returns its rows as PostgreSQL's JSON of them, parsed once: one text value
 * crosses instead of many typed columns. Times arrive as ISO text (convert the ones you need), numbers as numbers.
 */
export async function readJsonRows<T>(statement: Prisma.Sql): Promise<T[]> {
  const [row] = await readRows(Prisma.sql`SELECT coalesce(json_agg(r), '[]')::text AS rows FROM (${statement}) AS r`);
  return JSON.parse(row?.[0] ?? '[]') as T[];
}
