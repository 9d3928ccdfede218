import { Prisma } from '../generated/prisma/client.js';
import { readRows } from '../tenancy/tenant-reads.js';
import { readJsonRows } from './read-json.js';
import { factColumns, labelFilter, toFacts } from './fleet-facts.js';
import { rankFleet, type FleetRanking, type FleetRankingRequest } from './fleet-ranking.js';

/** Open findings by severity, as a scan summary holds them. */
export interface OpenCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

/** A cluster's state at a past moment (its latest finished scan then), for "change since". */
export interface PastClusterState {
  collectedAt: Date;
  score: number | null;
  open: OpenCounts;
}

/** What the fleet overview sorts, filters and groups one live cluster on, read in one query for the whole fleet. */
export interface ClusterFleetFacts {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** The API server version seen at registration or verification. */
  serverVersion: string | null;
  schedule: { cron: string; timezone: string } | null;
  lastVerifiedAt: Date | null;
  lastVerificationError: string | null;
  createdAt: Date;
  /** The newest scan that ended (succeeded, partial or failed). */
  lastScan: { id: string; status: 'succeeded' | 'partial' | 'failed'; trigger: string; requestedAt: Date; finishedAt: Date | null; failureReason: string | null } | null;
  /** A scan queued or running now. */
  activeScanId: string | null;
  /** The newest finished (succeeded or partial) scan and its numbers. */
  latest: (PastClusterState & { scanId: string; partial: boolean; gaps: string[]; scannedVersion: string | null }) | null;
}

/** What drift compares: the latest finished scan's rule, control and default-deny verdicts (from its summary). */
export interface ClusterVerdicts {
  id: string;
  name: string;
  scan: { id: string; collectedAt: Date | null } | null;
  /** rule id → result status (pass, fail, not-applicable, manual, error). */
  rules: Record<string, string>;
  /** framework id → control id → status. */
  controls: Record<string, Record<string, string>>;
  defaultDeny: Record<string, { covered: string[]; missing: string[] } | null>;
}

const dayMs = 86_400_000;

/** Cross-cluster reads of the tenant in the active transaction: the fleet overview's facts. */
export class FleetRepository {
  /**
   * Every live cluster (matching every label given) with its latest scans: one narrow row each from
   * cluster_fleet_states, which triggers keep current on every scan transition.
   */
  async clusterFacts(labels: Record<string, string> | undefined): Promise<ClusterFleetFacts[]> {
    const rows = await readRows(Prisma.sql`
      SELECT ${factColumns}
        FROM clusters c
        LEFT JOIN cluster_fleet_states f ON f.tenant_id = c.tenant_id AND f.cluster_id = c.id
       WHERE c.deleted_at IS NULL ${labelFilter(labels)}`);
    return rows.map(toFacts);
  }

  /** The distinct schedules of live clusters (a fleet shares a few): the caller decides each one's stale window. */
  async schedules(): Promise<{ cron: string; timezone: string }[]> {
    const rows = await readRows(Prisma.sql`
      SELECT DISTINCT schedule_cron, COALESCE(schedule_timezone, 'UTC') FROM clusters
       WHERE deleted_at IS NULL AND COALESCE(schedule_cron, '') <> ''`);
    return rows.map(([cron, timezone]) => ({ cron: cron!, timezone: timezone! }));
  }

  /** One page of the fleet ranked worst first (or by name) in the database, with totals and per-group tallies. */
  rank(request: FleetRankingRequest): Promise<FleetRanking> {
    return rankFleet(request);
  }

  /**
   * Each cluster's state 7 and 30 days before `now` (its latest finished scan then), for "change since": read for
   * one page of clusters only, two index lookups each.
   */
  async pastStates(clusterIds: readonly string[], now: Date): Promise<Map<string, { weekAgo: PastClusterState | null; monthAgo: PastClusterState | null }>> {
    const states = new Map<string, { weekAgo: PastClusterState | null; monthAgo: PastClusterState | null }>();
    if (clusterIds.length === 0) return states;
    const weekAgo = new Date(now.getTime() - 7 * dayMs);
    const monthAgo = new Date(now.getTime() - 30 * dayMs);
    const rows = await readJsonRows<PastRow>(Prisma.sql`
      SELECT c.id::text,
             w.collected_at AS week_at, w.score AS week_score, w.open_critical AS week_critical, w.open_high AS week_high,
             w.open_medium AS week_medium, w.open_low AS week_low, w.open_info AS week_info,
             m.collected_at AS month_at, m.score AS month_score, m.open_critical AS month_critical, m.open_high AS month_high,
             m.open_medium AS month_medium, m.open_low AS month_low, m.open_info AS month_info
        FROM clusters c
        LEFT JOIN LATERAL (
          SELECT collected_at, score, open_critical, open_high, open_medium, open_low, open_info FROM scan_summaries ss
           WHERE ss.tenant_id = c.tenant_id AND ss.cluster_id = c.id AND ss.collected_at <= ${weekAgo}
           ORDER BY ss.collected_at DESC LIMIT 1) w ON true
        LEFT JOIN LATERAL (
          SELECT collected_at, score, open_critical, open_high, open_medium, open_low, open_info FROM scan_summaries ss
           WHERE ss.tenant_id = c.tenant_id AND ss.cluster_id = c.id AND ss.collected_at <= ${monthAgo}
           ORDER BY ss.collected_at DESC LIMIT 1) m ON true
       WHERE c.id = ANY(${[...clusterIds]}::uuid[])`);
    for (const row of rows) {
      states.set(row.id, {
        weekAgo: past(row.week_at, row.week_score, [row.week_critical, row.week_high, row.week_medium, row.week_low, row.week_info]),
        monthAgo: past(row.month_at, row.month_score, [row.month_critical, row.month_high, row.month_medium, row.month_low, row.month_info]),
      });
    }
    return states;
  }

  /**
   * The scores of each cluster's last `perCluster` finished scans, oldest first (null: a scan without a score): the
   * fleet's sparklines, read for one page of clusters in one query.
   */
  async recentScores(clusterIds: readonly string[], perCluster: number): Promise<Map<string, (number | null)[]>> {
    const scores = new Map<string, (number | null)[]>(clusterIds.map((id) => [id, []]));
    if (clusterIds.length === 0) return scores;
    // Per cluster the newest few from the (tenant, cluster, collected_at) index, not every summary of each.
    const rows = await readJsonRows<{ cluster_id: string; scores: (number | null)[] }>(Prisma.sql`
      SELECT c.id::text AS cluster_id,
             ARRAY(SELECT r.score FROM (
               SELECT ss.score, ss.collected_at FROM scan_summaries ss WHERE ss.tenant_id = c.tenant_id AND ss.cluster_id = c.id
                ORDER BY ss.collected_at DESC LIMIT ${perCluster}) r ORDER BY r.collected_at) AS scores
        FROM clusters c WHERE c.id = ANY(${[...clusterIds]}::uuid[])`);
    for (const row of rows) scores.set(row.cluster_id, row.scores.map((score) => (score === null ? null : Number(score))));
    return scores;
  }

  /** Live clusters by id or by labels, each with the verdicts of its latest finished scan (drift). */
  verdicts(where: { ids: string[] } | { labels: Record<string, string> }, limit: number): Promise<ClusterVerdicts[]> {
    return clusterVerdicts(where, limit);
  }
}

async function clusterVerdicts(where: { ids: string[] } | { labels: Record<string, string> }, limit: number): Promise<ClusterVerdicts[]> {
  const rows = await readJsonRows<{ id: string; name: string; scan_id: string | null; collected_at: string | null; rules: unknown; controls: unknown; default_deny: unknown }>(Prisma.sql`
    SELECT c.id::text, c.name, s.id::text AS scan_id, s.collected_at, s.summary #> '{rules,status}' AS rules,
           s.summary #> '{controls,status}' AS controls, s.summary -> 'defaultDeny' AS default_deny
      FROM clusters c
      LEFT JOIN LATERAL (
        SELECT id, collected_at, summary FROM scans s
         WHERE s.tenant_id = c.tenant_id AND s.cluster_id = c.id AND s.status IN ('succeeded', 'partial')
         ORDER BY s.finished_at DESC, s.id DESC LIMIT 1) s ON true
     WHERE c.deleted_at IS NULL
       AND ${'ids' in where ? Prisma.sql`c.id = ANY(${where.ids}::uuid[])` : Prisma.sql`c.labels @> ${JSON.stringify(where.labels)}::jsonb`}
     ORDER BY c.name, c.id
     LIMIT ${limit}`);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scan: row.scan_id ? { id: row.scan_id, collectedAt: dateOrNull(row.collected_at) } : null,
    rules: (row.rules ?? {}) as Record<string, string>,
    controls: (row.controls ?? {}) as Record<string, Record<string, string>>,
    defaultDeny: (row.default_deny ?? {}) as ClusterVerdicts['defaultDeny'],
  }));
}


interface PastRow {
  id: string;
  week_at: string | null;
  week_score: number | null;
  week_critical: number | null;
  week_high: number | null;
  week_medium: number | null;
  week_low: number | null;
  week_info: number | null;
  month_at: string | null;
  month_score: number | null;
  month_critical: number | null;
  month_high: number | null;
  month_medium: number | null;
  month_low: number | null;
  month_info: number | null;
}

function dateOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}

function past(at: string | null, score: number | null, counts: (number | null)[]): PastClusterState | null {
  if (!at) return null;
  const [critical = 0, high = 0, medium = 0, low = 0, info = 0] = counts.map((count) => count ?? 0);
  return { collectedAt: new Date(at), score, open: { critical, high, medium, low, info } };
}
