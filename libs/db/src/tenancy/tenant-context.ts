import { AsyncLocalStorage } from 'node:async_hooks';
import type { Prisma } from '../generated/prisma/client.js';
import { TenantContextError } from './tenant-context-error.js';

/** The Prisma client of one tenant transaction: every query it runs sees only that tenant's rows. */
export type TenantTransaction = Prisma.TransactionClient;

/** What `Database.withTenant` makes current for the work it runs. */
export interface TenantContext {
  readonly tenantId: string;
  readonly tx: TenantTransaction;
}

const storage = new AsyncLocalStorage<TenantContext>();

/** Runs `work` with `context` current. Only `withTenant` calls this, after setting app.tenant_id in its transaction. */
export function runInTenantContext<T>(context: TenantContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

/** The current tenant context; throws TenantContextError (code no-tenant-context) outside `Database.withTenant`. */
export function currentTenantContext(): TenantContext {
  const context = storage.getStore();
  if (!context) {
    throw new TenantContextError(
      'no-tenant-context',
      'No tenant context: tenant data is reachable only inside database.withTenant(tenantId, work), entered by the API auth layer or a job handler.',
    );
  }
  return context;
}

/** The current tenant's id; throws TenantContextError (code no-tenant-context) outside `Database.withTenant`. */
export function currentTenantId(): string {
  return currentTenantContext().tenantId;
}

/** True inside `Database.withTenant` (for diagnostics; code that needs the tenant calls `currentTenantId()`). */
export function hasTenantContext(): boolean {
  return storage.getStore() !== undefined;
}
