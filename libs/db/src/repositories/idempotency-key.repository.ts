import { currentTenantContext } from '../tenancy/tenant-context.js';

/** How a request's Idempotency-Key relates to its earlier uses on the same route. */
export type IdempotencyKeyUse = 'first' | 'repeat' | 'different-request';

export class IdempotencyKeyRepository {
  /**
   * Records the key for this tenant and scope with the request's fingerprint, or compares it with the one recorded.
   * A key recorded before `rememberedSince` has expired: it is claimed afresh, and the scan it named no longer
   * answers to it. In the request's transaction: a request that fails rolls its claim back, so a failed attempt burns
   * no key. A concurrent claim of the same key waits on the primary key until the first one commits.
   */
  async claim(tenantId: string, scope: string, key: string, fingerprint: string, rememberedSince: Date): Promise<IdempotencyKeyUse> {
    const tx = currentTenantContext().tx;
    const claimed = await tx.$queryRaw<{ fresh: boolean }[]>`
      INSERT INTO idempotency_keys (tenant_id, scope, key, fingerprint)
      VALUES (${tenantId}::uuid, ${scope}, ${key}, ${fingerprint})
      ON CONFLICT (tenant_id, scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now()
        WHERE idempotency_keys.created_at < ${rememberedSince.toISOString()}::timestamptz
      RETURNING (xmax = 0) AS fresh`;
    if (claimed.length > 0) {
      // xmax <> 0: an expired key was taken over; release it from the record that carried it.
      if (!claimed[0]!.fresh) await this.releaseFromRecords(key, rememberedSince);
      return 'first';
    }
    const recorded = await tx.idempotencyKey.findFirst({
      where: { scope, key },
      select: { fingerprint: true },
    });
    return recorded?.fingerprint === fingerprint ? 'repeat' : 'different-request';
  }

  /** Deletes the current tenant's keys recorded before `rememberedSince` (the retention sweep); returns how many. */
  async deleteExpired(rememberedSince: Date): Promise<number> {
    const tx = currentTenantContext().tx;
    const deleted = await tx.idempotencyKey.deleteMany({ where: { createdAt: { lt: rememberedSince } } });
    await this.releaseFromRecords(undefined, rememberedSince);
    return deleted.count;
  }

  /** Scans and reports remember the key that requested them (a repeat returns that record); an expired key names none. */
  private async releaseFromRecords(key: string | undefined, rememberedSince: Date): Promise<void> {
    const { tx } = currentTenantContext();
    const idempotencyKey = key ?? { not: null };
    await tx.scan.updateMany({ where: { idempotencyKey, requestedAt: { lt: rememberedSince } }, data: { idempotencyKey: null } });
    await tx.report.updateMany({ where: { idempotencyKey, createdAt: { lt: rememberedSince } }, data: { idempotencyKey: null } });
  }
}
