import { TrendRollupRepository, type Database } from '@meshguard/db';
import { bearer, type TestApi, type TestTenant } from './test-api.js';

/** One finished scan of seeded history: the numbers a real scan's summary would hold, at a chosen time. */
export interface SeededScan {
  at: Date;
  score: number | null;
  open?: Partial<Record<'critical' | 'high' | 'medium' | 'low' | 'info', number>>;
  newFindings?: number;
  resolvedFindings?: number;
  baseline?: boolean;
  partial?: boolean;
  scoreByFramework?: Record<string, number | null>;
  openByArea?: Record<string, number>;
  controlCounts?: Record<string, Record<string, number>>;
  serverVersion?: string;
}

/** A cluster row without credentials (history only), as a test's fixture. */
export async function seedCluster(database: Database, tenantId: string, name: string, labels: Record<string, string>): Promise<string> {
  return database.withTenant(tenantId, async (tx) => (await tx.cluster.create({ data: { tenantId, name, labels, serverUrl: 'https://127.0.0.1:1' } })).id);
}

/** Inserts finished scans with their trend summaries (and rollups), as the worker would have stored them over time. */
export async function seedScans(database: Database, tenantId: string, clusterId: string, scans: readonly SeededScan[]): Promise<string[]> {
  return database.withTenant(tenantId, async (tx) => {
    const ids: string[] = [];
    const rollups = new TrendRollupRepository();
    for (const scan of scans) {
      const { labels } = await tx.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { labels: true } });
      const row = await tx.scan.create({
        data: {
          tenantId,
          clusterId,
          trigger: 'schedule',
          status: scan.partial ? 'partial' : 'succeeded',
          requestedAt: scan.at,
          startedAt: scan.at,
          finishedAt: scan.at,
          collectedAt: scan.at,
          score: scan.score,
          baseline: scan.baseline ?? false,
          serverVersion: scan.serverVersion ?? 'v1.33.2',
          coverage: scan.partial ? { status: 'partial', gaps: [{ kind: 'secrets', reason: 'forbidden', detail: '403' }] } : { status: 'complete', gaps: [] },
          summary: {},
        },
      });
      await tx.scanSummary.create({
        data: {
          tenantId,
          clusterId,
          scanId: row.id,
          collectedAt: scan.at,
          baseline: scan.baseline ?? false,
          partial: scan.partial ?? false,
          score: scan.score,
          openCritical: scan.open?.critical ?? 0,
          openHigh: scan.open?.high ?? 0,
          openMedium: scan.open?.medium ?? 0,
          openLow: scan.open?.low ?? 0,
          openInfo: scan.open?.info ?? 0,
          newFindings: scan.newFindings ?? 0,
          resolvedFindings: scan.resolvedFindings ?? 0,
          scoreByFramework: scan.scoreByFramework ?? {},
          openByArea: scan.openByArea ?? {},
          controlCounts: scan.controlCounts ?? {},
          labels: labels ?? {},
        },
      });
      await rollups.recordScan(tenantId, clusterId, row.id);
      ids.push(row.id);
    }
    return ids;
  });
}

export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * 86_400_000);

/** Waits (outside a test, where expect.poll is not allowed) until the scan has ended; returns its status. */
export async function finished(api: TestApi, tenant: TestTenant, scanId: string, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await api.http().get(`/v1/scans/${scanId}`).set(bearer(tenant.token))).body.status as string;
    if (['succeeded', 'partial', 'failed'].includes(status)) return status;
    if (Date.now() > deadline) throw new Error(`scan ${scanId} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
