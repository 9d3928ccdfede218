import { currentTenantContext } from '../tenancy/tenant-context.js';
import { yieldToEventLoop } from './event-loop-yield.js';

/** A scan's connectivity model as stored: the gzip'd browser graph and the gzip'd query subset. */
export interface ConnectivityModelRecord {
  scanId: string;
  clusterId: string;
  version: number;
  collectedAt: Date;
  graph: Uint8Array;
  subset: Uint8Array;
}

/** How many models per cluster are kept: the latest answers the API; a few older ones leave room for a diff. */
export const connectivityModelsKept = 3;

/** Each scan's NetworkPolicy reachability model, tenant-scoped (forced RLS). */
export class ConnectivityModelRepository {
  /** Stores a scan's model (in the scan's store transaction) and drops the cluster's models beyond the newest few. */
  async store(tenantId: string, model: ConnectivityModelRecord): Promise<void> {
    const tx = currentTenantContext().tx;
    await yieldToEventLoop();
    await tx.$executeRaw`
      INSERT INTO connectivity_models (scan_id, tenant_id, cluster_id, version, collected_at, graph, subset)
      VALUES (${model.scanId}::uuid, ${tenantId}::uuid, ${model.clusterId}::uuid, ${model.version}, ${model.collectedAt},
        ${Buffer.from(model.graph)}, ${Buffer.from(model.subset)})
      ON CONFLICT (scan_id) DO NOTHING`;
    await tx.$executeRaw`
      DELETE FROM connectivity_models WHERE cluster_id = ${model.clusterId}::uuid AND scan_id NOT IN (
        SELECT scan_id FROM connectivity_models WHERE cluster_id = ${model.clusterId}::uuid
        ORDER BY collected_at DESC, created_at DESC LIMIT ${connectivityModelsKept})`;
  }

  /** The cluster's newest model, or undefined when no finished scan has stored one. */
  async latest(clusterId: string): Promise<ConnectivityModelRecord | undefined> {
    const rows = await currentTenantContext().tx.$queryRaw<
      { scan_id: string; cluster_id: string; version: number; collected_at: Date; graph: Uint8Array; subset: Uint8Array }[]
    >`
      SELECT scan_id::text, cluster_id::text, version, collected_at, graph, subset FROM connectivity_models
      WHERE cluster_id = ${clusterId}::uuid ORDER BY collected_at DESC, created_at DESC LIMIT 1`;
    const row = rows[0];
    if (!row) return undefined;
    return { scanId: row.scan_id, clusterId: row.cluster_id, version: row.version, collectedAt: row.collected_at, graph: row.graph, subset: row.subset };
  }
}
