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

/**
 * Several SELECTs in one statement, so one round trip (and one snapshot): each named statement's rows, as
 * readJsonRows would return them, in one JSON document parsed once. For a page that needs a few small reads.
 */
export async function readJsonRowSets<T extends Record<string, unknown[]>>(statements: { [K in keyof T]: Prisma.Sql }): Promise<T> {
  const members = Object.entries(statements as Record<string, Prisma.Sql>).map(
    ([name, statement]) => Prisma.sql`${name}::text, (SELECT coalesce(json_agg(r), '[]') FROM (${statement}) AS r)`,
  );
  const [row] = await readRows(Prisma.sql`SELECT json_build_object(${Prisma.join(members)})::text AS sets`);
  return JSON.parse(row?.[0] ?? '{}') as T;
}
