import { Prisma } from '../generated/prisma/client.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';

/** Rollup scope of the whole fleet; a label pair's scope is `key=value` (neither may contain `=` or `*`). */
export const fleetScope = '*';

/** The rollup scopes a cluster with these labels belongs to: the fleet and each of its label pairs. */
export function rollupScopes(labels: Record<string, string>): string[] {
  return [fleetScope, ...Object.entries(labels).map(([key, value]) => `${key}=${value}`)];
}

/**
 * Keeps trend_rollups current, in the caller's transaction: after a scan's summary is stored and when a cluster is
 * deleted. Each scope touched is locked (a transaction-scoped advisory lock, taken in scope order so two writers
 * never deadlock) before its rows are read, so every statement after it sees the other writers' committed rows.
 */
export class TrendRollupRepository {
  /** Folds a stored summary into the rollups of the fleet and of the label pairs it had and the cluster had before. */
  async recordScan(tenantId: string, clusterId: string, scanId: string): Promise<void> {
    const tx = currentTenantContext().tx;
    const [scan] = await tx.$queryRaw<ScanFacts[]>`
      SELECT ss.collected_at, ss.labels, ss.new_findings, ss.resolved_findings, c.deleted_at,
             (SELECT p.labels FROM scan_summaries p WHERE p.tenant_id = ss.tenant_id AND p.cluster_id = ss.cluster_id
                 AND p.collected_at < ss.collected_at ORDER BY p.collected_at DESC LIMIT 1) AS previous_labels,
             (SELECT n.collected_at FROM scan_summaries n WHERE n.tenant_id = ss.tenant_id AND n.cluster_id = ss.cluster_id
                 AND n.collected_at > ss.collected_at ORDER BY n.collected_at LIMIT 1) AS next_at
        FROM scan_summaries ss JOIN clusters c ON c.tenant_id = ss.tenant_id AND c.id = ss.cluster_id
       WHERE ss.tenant_id = ${tenantId}::uuid AND ss.cluster_id = ${clusterId}::uuid AND ss.scan_id = ${scanId}::uuid`;
    if (!scan) return;
    const counted = rollupScopes(scan.labels);
    const scopes = [...new Set([...counted, ...rollupScopes(scan.previous_labels ?? {})])].sort();
    // The cluster's state changes from this scan's slot until its next scan or its deletion: those slots need rows.
    const slots = [scan.collected_at, scan.next_at, scan.deleted_at].filter((at): at is Date => at !== null && at >= scan.collected_at);
    await lockScopes(tenantId, scopes);
    await ensureRows(tenantId, scopes, slots);
    await tx.$executeRaw`
      UPDATE trend_rollups SET scans = scans + 1, new_findings = new_findings + ${scan.new_findings},
             resolved_findings = resolved_findings + ${scan.resolved_findings}
       WHERE tenant_id = ${tenantId}::uuid AND scope = ANY(${counted}::text[]) AND slot >= ${slotOf(scan.collected_at)}`;
    await refreshState(tenantId, scopes, slotOf(scan.collected_at));
  }

  /** Takes a deleted cluster out of its scopes from the slot of its deletion on (its history before stays). */
  async recordClusterDeletion(tenantId: string, clusterId: string, deletedAt: Date): Promise<void> {
    const tx = currentTenantContext().tx;
    const [latest] = await tx.$queryRaw<{ labels: Record<string, string> }[]>`
      SELECT labels FROM scan_summaries WHERE tenant_id = ${tenantId}::uuid AND cluster_id = ${clusterId}::uuid
       ORDER BY collected_at DESC LIMIT 1`;
    if (!latest) return;
    const scopes = rollupScopes(latest.labels).sort();
    await lockScopes(tenantId, scopes);
    await ensureRows(tenantId, scopes, [deletedAt]);
    await refreshState(tenantId, scopes, slotOf(deletedAt));
  }

  /** Recomputes every rollup of the tenant from its summaries (meshguard_rebuild_trend_rollups). */
  async rebuild(tenantId: string): Promise<void> {
    await currentTenantContext().tx.$queryRaw`SELECT meshguard_rebuild_trend_rollups(${tenantId}::uuid)::text`;
  }
}

interface ScanFacts {
  collected_at: Date;
  labels: Record<string, string>;
  new_findings: number;
  resolved_findings: number;
  deleted_at: Date | null;
  previous_labels: Record<string, string> | null;
  next_at: Date | null;
}

/** Rollup slots are 15 minutes long, aligned on the epoch: every IANA zone's midnight falls on a slot boundary. */
export const slotMs = 15 * 60 * 1000;

export function slotOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / slotMs) * slotMs);
}

async function lockScopes(tenantId: string, sortedScopes: readonly string[]): Promise<void> {
  const tx = currentTenantContext().tx;
  for (const scope of sortedScopes) {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`trend_rollups:${tenantId}:${scope}`}, 0))::text`;
  }
}

/** Creates missing rows at these slots, carrying the counters of the scope's row before (state is refreshed next). */
async function ensureRows(tenantId: string, scopes: readonly string[], times: readonly Date[]): Promise<void> {
  const pairs = scopes.flatMap((scope) => times.map((at) => ({ scope, slot: slotOf(at).toISOString() })));
  await currentTenantContext().tx.$executeRaw`
    INSERT INTO trend_rollups (tenant_id, scope, slot, scans, new_findings, resolved_findings)
    SELECT ${tenantId}::uuid, t.scope, t.slot, COALESCE(p.scans, 0), COALESCE(p.new_findings, 0), COALESCE(p.resolved_findings, 0)
      FROM unnest(${pairs.map((pair) => pair.scope)}::text[], ${pairs.map((pair) => pair.slot)}::timestamptz[]) AS t(scope, slot)
      LEFT JOIN LATERAL (
        SELECT r.scans, r.new_findings, r.resolved_findings FROM trend_rollups r
         WHERE r.tenant_id = ${tenantId}::uuid AND r.scope = t.scope AND r.slot < t.slot ORDER BY r.slot DESC LIMIT 1) p ON true
    ON CONFLICT (tenant_id, scope, slot) DO NOTHING`;
}

/** Sets the state of every row of these scopes from `slot` on to what meshguard_trend_state says at its end. */
async function refreshState(tenantId: string, scopes: readonly string[], slot: Date): Promise<void> {
  await currentTenantContext().tx.$executeRaw`
    UPDATE trend_rollups r
       SET (clusters, scored, score_tenths, min_score, open_critical, open_high, open_medium, open_low, open_info, waived,
            score_by_framework, open_by_area, control_counts) = (
         SELECT st.clusters, st.scored, st.score_tenths, st.min_score, st.open_critical, st.open_high, st.open_medium,
                st.open_low, st.open_info, st.waived, st.score_by_framework, st.open_by_area, st.control_counts
           FROM meshguard_trend_state(r.tenant_id, meshguard_trend_scope_selector(r.scope), r.slot + ${Prisma.raw(`interval '${slotMs / 60_000} minutes'`)}) st)
     WHERE r.tenant_id = ${tenantId}::uuid AND r.scope = ANY(${scopes as string[]}::text[]) AND r.slot >= ${slot}`;
}
