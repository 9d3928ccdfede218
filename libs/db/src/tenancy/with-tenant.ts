import type { PrismaClient } from '../generated/prisma/client.js';
import { TenantContextError } from './tenant-context-error.js';
import { hasTenantContext, runInTenantContext, type TenantTransaction } from './tenant-context.js';
import { assertTenantId } from './tenant-id.js';

export interface WithTenantOptions {
  /** How long the transaction may run before Prisma rolls it back; default 15 s. */
  timeoutMs?: number;
  /** How long to wait for a free connection; default 5 s. */
  maxWaitMs?: number;
}

/**
 * Runs `work` in one interactive transaction whose transaction-local `app.tenant_id` is `tenantId`, inside the tenant
 * context, so row-level security shows and accepts only that tenant's rows. Commits when `work` resolves, rolls back
 * when it throws. Refuses a malformed tenant id and a call nested in another tenant context.
 */
export async function withTenant<T>(
  client: PrismaClient,
  tenantId: string,
  work: (tx: TenantTransaction) => Promise<T>,
  options: WithTenantOptions = {},
): Promise<T> {
  const id = assertTenantId(tenantId);
  if (hasTenantContext()) {
    throw new TenantContextError(
      'nested-tenant-context',
      'withTenant was called inside another tenant context; use the transaction you were given (currentTenantContext().tx).',
    );
  }
  return client.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT set_config('app.tenant_id', ${id}, true)`;
      return runInTenantContext({ tenantId: id, tx }, () => work(tx));
    },
    { timeout: options.timeoutMs ?? 15_000, maxWait: options.maxWaitMs ?? 5_000 },
  );
}
