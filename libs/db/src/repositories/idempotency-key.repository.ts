import { currentTenantContext } from '../tenancy/tenant-context.js';

/** How a request's Idempotency-Key relates to its earlier uses on the same route. */
export type IdempotencyKeyUse = 'first' | 'repeat' | 'different-request';

export class IdempotencyKeyRepository {
  /**
   * Records the key for this tenant and scope with the request's fingerprint, or compares it with the one recorded.
   * In the request's transaction: a request that fails rolls its claim back, so a failed attempt burns no key.
   * A concurrent claim of the same key waits on the primary key until the first one commits.
   */
  async claim(tenantId: string, scope: string, key: string, fingerprint: string): Promise<IdempotencyKeyUse> {
    const tx = currentTenantContext().tx;
    const inserted = await tx.$queryRaw<{ fingerprint: string }[]>`
      INSERT INTO idempotency_keys (tenant_id, scope, key, fingerprint)
      VALUES (${tenantId}::uuid, ${scope}, ${key}, ${fingerprint})
      ON CONFLICT DO NOTHING
      RETURNING fingerprint`;
    if (inserted.length > 0) return 'first';
    const recorded = await tx.idempotencyKey.findFirst({
      where: { scope, key },
      select: { fingerprint: true },
    });
    return recorded?.fingerprint === fingerprint ? 'repeat' : 'different-request';
  }
}
