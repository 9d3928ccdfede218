import { Prisma } from '../generated/prisma/client.js';
import type { ScanStatus, ScanTrigger } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';
import { inList } from './sql-lists.js';

export interface ScanRecord {
  id: string;
  clusterId: string;
  status: ScanStatus;
  trigger: ScanTrigger;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  failureReason: string | null;
  coverage: Record<string, unknown>;
  summary: Record<string, unknown> | null;
  score: number | null;
  /** How long each phase took (ms), once the scan finished with results; null before or when it failed. */
  phasesMs: { collect: number; evaluate: number; store: number } | null;
}

const select = {
  id: true,
  clusterId: true,
  status: true,
  trigger: true,
  requestedAt: true,
  startedAt: true,
  finishedAt: true,
  failureReason: true,
  coverage: true,
  summary: true,
  score: true,
  collectMs: true,
  evaluateMs: true,
  storeMs: true,
} as const;

type ScanRow = Prisma.ScanGetPayload<{ select: typeof select }>;

export class ScanRepository {
  /**
   * Queues a scan unless one is already queued or running for the cluster (or the idempotency key was used):
   * then that scan is returned with `created: false`. Safe under concurrent requests (the partial unique index decides).
   */
  async queue(tenantId: string, clusterId: string, trigger: ScanTrigger, idempotencyKey: string | null): Promise<{ scan: ScanRecord; created: boolean }> {
    const tx = currentTenantContext().tx;
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO scans (tenant_id, cluster_id, trigger, idempotency_key)
      VALUES (${tenantId}::uuid, ${clusterId}::uuid, ${trigger}::scan_trigger, ${idempotencyKey})
      ON CONFLICT DO NOTHING
      RETURNING id`;
    const createdId = inserted[0]?.id;
    if (createdId) return { scan: toRecord(await tx.scan.findFirstOrThrow({ select, where: { id: createdId } })), created: true };
    const existing = await tx.scan.findFirst({
      select,
      where: idempotencyKey
        ? { OR: [{ idempotencyKey }, { clusterId, status: { in: ['queued', 'running'] } }] }
        : { clusterId, status: { in: ['queued', 'running'] } },
      orderBy: { requestedAt: 'desc' },
    });
    if (!existing) throw new Error('scan insert conflicted but no conflicting scan is visible');
    return { scan: toRecord(existing), created: false };
  }

  async get(id: string): Promise<ScanRecord | undefined> {
    const row = await currentTenantContext().tx.scan.findFirst({ select, where: { id } });
    return row ? toRecord(row) : undefined;
  }

  async listForCluster(clusterId: string, options: { cursor?: string; limit: number }): Promise<Page<ScanRecord>> {
    const after = options.cursor ? decodeCursor(options.cursor, ['requestedAt', 'id']) : undefined;
    const rows = await currentTenantContext().tx.scan.findMany({
      select,
      where: {
        clusterId,
        ...(after
          ? { OR: [{ requestedAt: { lt: new Date(after.requestedAt) } }, { requestedAt: new Date(after.requestedAt), id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
    });
    return pageOf(rows, options.limit, toRecord, (row) => ({ requestedAt: row.requestedAt.toISOString(), id: row.id }));
  }

  /**
   * The id of the newest finished (succeeded or partial) scan of each given cluster, or of every cluster. Ids only:
   * the findings pages need nothing else, and the index `scans_latest_finished_idx` answers it without the rows.
   */
  async latestFinishedIds(clusterIds?: string[]): Promise<string[]> {
    if (clusterIds?.length === 0) return [];
    const rows = await currentTenantContext().tx.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT ON (cluster_id) id::text AS id
        FROM scans
       WHERE status IN ('succeeded', 'partial')
         ${clusterIds ? Prisma.sql`AND ${inList('cluster_id', clusterIds, 'uuid')}` : Prisma.empty}
       ORDER BY cluster_id, finished_at DESC`;
    return rows.map((row) => row.id);
  }

  /** The finished scan of the same cluster just before `scan`, for "new" and "resolved" comparisons. */
  async previousFinished(scan: ScanRecord): Promise<ScanRecord | undefined> {
    const row = await currentTenantContext().tx.scan.findFirst({
      select,
      where: {
        clusterId: scan.clusterId,
        status: { in: ['succeeded', 'partial'] },
        id: { not: scan.id },
        requestedAt: { lt: scan.requestedAt },
      },
      orderBy: { requestedAt: 'desc' },
    });
    return row ? toRecord(row) : undefined;
  }
}

function toRecord({ collectMs, evaluateMs, storeMs, ...row }: ScanRow): ScanRecord {
  return {
    ...row,
    phasesMs:
      collectMs === null || evaluateMs === null || storeMs === null ? null : { collect: collectMs, evaluate: evaluateMs, store: storeMs },
    coverage: (row.coverage ?? {}) as Record<string, unknown>,
    summary: (row.summary ?? null) as Record<string, unknown> | null,
  };
}
