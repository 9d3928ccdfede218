import { Injectable } from '@nestjs/common';
import { ClusterRepository, type ClusterRecord, type ScanRecord } from '@meshguard/db';
import type { RequestContext } from '../auth/request-context.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { DomainError } from '../problems/domain-error.js';
import { ScansService } from '../scans/scans.service.js';
import { TenantTransactions } from '../tenancy/tenant-transactions.js';
import { demoAddress, DemoSimulator } from './demo-simulator.js';

export const demoClusterName = 'meshguard-demo';
/** Marks the demo cluster, so a tenant's own cluster that happens to share the name is never taken for it. */
export const demoLabel = { key: 'meshguard.dev/demo', value: 'true' } as const;
/** Scanned every few minutes, so trends, new vs resolved and MTTR fill with real history quickly. */
const demoSchedule = { cron: '*/5 * * * *', timezone: 'UTC' };

/**
 * The first-run path of the embedded mode: the bundled simulator as a cluster of the tenant, its loopback address
 * allowed for that one cluster only, scheduled and scanned at once. Anywhere else (DATABASE_URL set, production) the
 * route does not exist.
 */
@Injectable()
export class DemoClusterService {
  constructor(
    private readonly simulator: DemoSimulator,
    private readonly clusters: ClustersService,
    private readonly clusterRecords: ClusterRepository,
    private readonly scans: ScansService,
    private readonly transactions: TenantTransactions,
  ) {}

  async current(actor: RequestContext): Promise<ClusterRecord | null> {
    this.assertAvailable();
    return (await this.transactions.run(actor.principal.tenantId, () => this.existing())) ?? null;
  }

  /** Adds (or, after a restart, re-points) the demo cluster and scans it; an existing, served one is answered as is. */
  async add(actor: RequestContext): Promise<{ cluster: ClusterRecord; scan: ScanRecord | null; created: boolean }> {
    this.assertAvailable();
    const tenantId = actor.principal.tenantId;
    const simulator = await this.simulator.simulator();
    const existing = await this.transactions.run(tenantId, () => this.existing());
    if (existing && (await this.simulator.serves(existing.serverUrl))) return { cluster: existing, scan: null, created: false };
    const kubeconfig = simulator.kubeconfig({ token: 'read-only', context: demoClusterName });
    const grant = { allowedAddress: demoAddress };
    const cluster = existing
      ? // The process restarted: its simulator listens elsewhere with a new CA, so the stored kubeconfig is replaced.
        await this.clusters.update(actor, existing.id, { kubeconfig }, grant)
      : (
          await this.clusters.register(
            actor,
            { name: demoClusterName, labels: { [demoLabel.key]: demoLabel.value, env: 'demo' }, kubeconfig, schedule: demoSchedule },
            grant,
          )
        ).cluster;
    const { scan } = await this.transactions.run(tenantId, () => this.scans.request(actor, cluster.id, null));
    return { cluster, scan, created: !existing };
  }

  private async existing(): Promise<ClusterRecord | undefined> {
    const found = await this.clusterRecords.findByName(demoClusterName);
    if (found && found.labels[demoLabel.key] !== demoLabel.value) {
      throw new DomainError('conflict', `A cluster named ${demoClusterName} exists and is not the demo cluster; rename or delete it to add the demo cluster.`, [
        { field: 'name', message: `${demoClusterName} is taken by a cluster without the ${demoLabel.key}=${demoLabel.value} label` },
      ]);
    }
    return found;
  }

  private assertAvailable(): void {
    if (!this.simulator.available) {
      throw new DomainError(
        'not-found',
        'There is no demo cluster here: it exists only in the embedded mode (npm start without DATABASE_URL, NODE_ENV not production). Register a cluster with POST /v1/clusters.',
      );
    }
  }
}
