import { AsyncLocalStorage } from 'node:async_hooks';
import type { Prisma } from '../generated/prisma/client.js';
import { TenantContextError } from './tenant-context-error.js';
import { hasTenantContext, currentTenantContext } from './tenant-context.js';
import { assertTenantId } from './tenant-id.js';
import { inlineSql } from './inline-sql.js';

/** A row of a read-path statement: every column as PostgreSQL's text (statements cast what they select to text). */
export type TextRow = (string | null)[];

/**
 * Sends one batch `SELECT set_config('app.tenant_id', …, true); <statement>` as a single simple-protocol message
 * and returns the second statement's rows. Both statements run in one implicit transaction, so row-level security
 * sees the tenant, and the setting ends with that transaction: the pooled connection keeps nothing.
 */
export type TenantBatch = (batch: string) => Promise<TextRow[]>;

interface TenantReadContext {
  readonly tenantId: string;
  readonly send: TenantBatch;
}

const storage = new AsyncLocalStorage<TenantReadContext>();

/**
 * Runs `work` with `tenantId` as the tenant of read-path statements (`readRows`), without a transaction around it:
 * each statement is one round trip carrying the tenant. For requests that only read; writes need `withTenant`.
 */
export async function withTenantReads<T>(send: TenantBatch, tenantId: string, work: () => Promise<T>): Promise<T> {
  const id = assertTenantId(tenantId);
  if (hasTenantContext() || storage.getStore()) {
    throw new TenantContextError('nested-tenant-context', 'withTenantReads was called inside another tenant context.');
  }
  return storage.run({ tenantId: id, send }, work);
}

/**
 * Runs one SELECT whose columns are all text for the current tenant: inside a tenant transaction on it, inside
 * tenant reads as one batch with the tenant setting. Throws TenantContextError (no-tenant-context) outside both.
 */
export async function readRows(statement: Prisma.Sql): Promise<TextRow[]> {
  // A transaction opened inside tenant reads (a request that also needs one) is where its statements belong.
  const reads = hasTenantContext() ? undefined : storage.getStore();
  if (reads) return reads.send(tenantBatch(reads.tenantId, statement));
  const rows = await currentTenantContext().tx.$queryRaw<Record<string, string | null>[]>(statement);
  return rows.map((row) => Object.values(row));
}

/** The current tenant's id in tenant reads or a tenant transaction; throws TenantContextError outside both. */
export function currentReadTenantId(): string {
  return storage.getStore()?.tenantId ?? currentTenantContext().tenantId;
}

/** True inside `Database.withTenantReads`. */
export function hasTenantReads(): boolean {
  return storage.getStore() !== undefined;
}

/** The batch text; the tenant id is a validated UUID, the statement's values are inlined as literals. */
export function tenantBatch(tenantId: string, statement: Prisma.Sql): string {
  return `SELECT set_config('app.tenant_id', '${assertTenantId(tenantId)}', true);\n${inlineSql(statement)}`;
}
