import { Prisma } from '../generated/prisma/client.js';

/** A PostgreSQL type a list parameter is cast to; fixed names, never caller input. */
export type ListType = 'uuid' | 'text' | 'severity' | 'finding_status';

/**
 * `column IN ($1::type, $2::type, …)`, one parameter per value. Array parameters (`= ANY($1::type[])`) would be one
 * parameter, but the embedded engine's adapter does not bind JS arrays to every array type.
 */
export function inList(column: string, values: readonly string[], type: ListType): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(column)} IN (${Prisma.join(values.map((value) => Prisma.sql`${value}::${Prisma.raw(type)}`))})`;
}
