import { Prisma } from '../generated/prisma/client.js';
import type { Exposure, FindingStatus, Severity } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { coverageStateAt, type ClusterCoverageState } from './coverage-state.js';
import type { ReportScopeRecord } from './report.repository.js';
import { inList } from './sql-lists.js';

/** A cluster in a report's scope, with the scan the report reads (its latest finished scan at or before asOf). */
export interface ReportSourceCluster {
  clusterId: string;
  name: string;
  labels: Record<string, string>;
  coverageState: ClusterCoverageState;
  coverageReason?: string;
  scan: ReportSourceScan | null;
}

export interface ReportSourceScan {
  scanId: string;
  status: 'succeeded' | 'partial';
  collectedAt: Date;
  finishedAt: Date;
  /** The scan's coverage gaps as stored (kind, reason, detail). */
  gaps: { kind: string; reason: string; detail: string }[];
  /** Per-rule outcomes stored with the scan's summary; undefined for scans stored before they were kept. */
  results: { ruleId: string; status: string; checked: number; reason?: string }[] | undefined;
  /** Open/excepted/accepted counts by rule, from the stored summary (what the API's numbers come from). */
  summary: Record<string, unknown> | null;
  rulesVersion: string | null;
  serverVersion: string | null;
}

/** A stored finding of a report's scan, with the waiver that covers it. */
export interface ReportSourceFinding {
  scanId: string;
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
  fingerprint: string;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  container: string | null;
  message: string;
  evidence: unknown;
  exposure: Exposure | null;
  exception: { id: string; owner: string; justification: string; expiresAt: Date } | null;
}

interface ScanRow {
  id: string;
  cluster_id: string;
  status: 'succeeded' | 'partial' | 'failed';
  finished_at: Date;
  collected_at: Date | null;
  failure_reason: string | null;
  coverage: unknown;
  summary: unknown;
  rules_version: string | null;
  server_version: string | null;
}

/**
 * What a compliance report is built from, read in the tenant transaction: the clusters in scope and, for each, its
 * latest finished scan at or before `asOf`, its coverage state then, and that scan's findings with their waivers.
 */
export class ReportSourceRepository {
  /** Clusters of the scope that existed at `asOf` and are not deleted, by name, each with its scan and coverage. */
  async clusters(scope: ReportScopeRecord, asOf: Date): Promise<ReportSourceCluster[]> {
    const { tx } = currentTenantContext();
    const clusters = await tx.cluster.findMany({
      select: { id: true, name: true, labels: true, scheduleCron: true, scheduleTimezone: true },
      where: {
        deletedAt: null,
        createdAt: { lte: asOf },
        ...(scope.kind === 'cluster' ? { id: scope.clusterId } : {}),
        ...(scope.kind === 'selector'
          ? { AND: Object.entries(scope.selector).map(([key, value]) => ({ labels: { path: [key], equals: value } })) }
          : {}),
      },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
    if (clusters.length === 0) return [];
    const ids = clusters.map((cluster) => cluster.id);
    const latest = await this.latestScans(ids, asOf, ['succeeded', 'partial']);
    const ended = await this.latestScans(ids, asOf, ['succeeded', 'partial', 'failed']);
    return clusters.map((cluster) => {
      const finished = latest.get(cluster.id);
      const last = ended.get(cluster.id);
      const gaps = finished ? gapsOf(finished.coverage) : [];
      const coverage = coverageStateAt(
        {
          schedule: cluster.scheduleCron ? { cron: cluster.scheduleCron, timezone: cluster.scheduleTimezone } : null,
          latestFinished: finished ? { status: finished.status === 'partial' ? 'partial' : 'succeeded', finishedAt: finished.finished_at, gaps: gaps.map((gap) => gap.kind) } : null,
          latestEnded: last ? { status: last.status, finishedAt: last.finished_at, failureReason: last.failure_reason } : null,
        },
        asOf,
      );
      return {
        clusterId: cluster.id,
        name: cluster.name,
        labels: (cluster.labels ?? {}) as Record<string, string>,
        coverageState: coverage.state,
        ...(coverage.reason ? { coverageReason: coverage.reason } : {}),
        scan: finished ? toScan(finished, gaps) : null,
      };
    });
  }

  /** The findings of the given scans with their waivers, in a stable order (scan, severity, id). */
  async findings(scanIds: string[]): Promise<ReportSourceFinding[]> {
    if (scanIds.length === 0) return [];
    const rows = await currentTenantContext().tx.finding.findMany({
      select: {
        scanId: true,
        ruleId: true,
        severity: true,
        status: true,
        fingerprint: true,
        resourceApiVersion: true,
        resourceKind: true,
        resourceNamespace: true,
        resourceName: true,
        container: true,
        message: true,
        evidence: true,
        exposure: true,
        exception: { select: { id: true, owner: true, justification: true, expiresAt: true } },
      },
      where: { scanId: { in: scanIds } },
      orderBy: [{ scanId: 'asc' }, { severity: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => ({
      scanId: row.scanId,
      ruleId: row.ruleId,
      severity: row.severity,
      status: row.status,
      fingerprint: row.fingerprint,
      resource: { apiVersion: row.resourceApiVersion, kind: row.resourceKind, namespace: row.resourceNamespace, name: row.resourceName },
      container: row.container,
      message: row.message,
      evidence: row.evidence,
      exposure: row.exposure,
      exception: row.exception,
    }));
  }

  /** Per cluster, the scan with one of `statuses` that finished last at or before `asOf`. */
  private async latestScans(clusterIds: string[], asOf: Date, statuses: string[]): Promise<Map<string, ScanRow>> {
    const rows = await currentTenantContext().tx.$queryRaw<ScanRow[]>`
      SELECT DISTINCT ON (cluster_id) id::text AS id, cluster_id::text AS cluster_id, status::text AS status, finished_at,
             collected_at, failure_reason, coverage, summary, rules_version, server_version
        FROM scans
       WHERE ${inList('cluster_id', clusterIds, 'uuid')}
         AND status::text IN (${Prisma.join(statuses)})
         AND finished_at IS NOT NULL AND finished_at <= ${asOf}
       ORDER BY cluster_id, finished_at DESC, id DESC`;
    return new Map(rows.map((row) => [row.cluster_id, row]));
  }
}

function toScan(row: ScanRow, gaps: ReportSourceScan['gaps']): ReportSourceScan {
  const summary = (row.summary ?? null) as Record<string, unknown> | null;
  const results = summary && Array.isArray(summary['results']) ? (summary['results'] as ReportSourceScan['results']) : undefined;
  return {
    scanId: row.id,
    status: row.status === 'partial' ? 'partial' : 'succeeded',
    collectedAt: row.collected_at ?? row.finished_at,
    finishedAt: row.finished_at,
    gaps,
    results,
    summary,
    rulesVersion: row.rules_version,
    serverVersion: row.server_version,
  };
}

function gapsOf(coverage: unknown): ReportSourceScan['gaps'] {
  const gaps = (coverage as { gaps?: unknown } | null)?.gaps;
  if (!Array.isArray(gaps)) return [];
  return gaps.map((gap: Record<string, unknown>) => ({
    kind: String(gap['kind'] ?? 'unknown'),
    reason: String(gap['reason'] ?? 'unknown'),
    detail: String(gap['detail'] ?? ''),
  }));
}
