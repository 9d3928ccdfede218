import type { Redis } from 'ioredis';

// Atomically: forget leases that ran out, keep (and renew) a lease this job already holds, else take one if free.
const acquireScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

/**
 * The per-tenant cap on concurrent scans, counted in Redis so every worker process shares it. A slot is a lease (a
 * sorted-set member scored by its expiry) named by the job id: a job recovered after its worker died finds its own
 * lease, and a lease of a dead worker frees itself when it runs out.
 */
export class TenantScanSlots {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxPerTenant: number,
    private readonly leaseMs: number,
  ) {}

  /** Takes (or renews) a slot for the job; false when the tenant already runs its maximum. */
  async acquire(tenantId: string, jobId: string): Promise<boolean> {
    const now = Date.now();
    const result = await this.redis.eval(
      acquireScript,
      1,
      this.keyOf(tenantId),
      String(now),
      String(now + this.leaseMs),
      jobId,
      String(this.maxPerTenant),
      String(this.leaseMs * 2),
    );
    return result === 1;
  }

  async release(tenantId: string, jobId: string): Promise<void> {
    await this.redis.zrem(this.keyOf(tenantId), jobId);
  }

  /** Jobs holding a slot of the tenant right now. */
  async holders(tenantId: string): Promise<string[]> {
    await this.redis.zremrangebyscore(this.keyOf(tenantId), '-inf', String(Date.now()));
    return this.redis.zrange(this.keyOf(tenantId), '0', '-1');
  }

  private keyOf(tenantId: string): string {
    return `${this.prefix}:tenant-scan-slots:${tenantId}`;
  }
}
