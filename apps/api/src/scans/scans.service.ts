import { Injectable } from '@nestjs/common';
import { ClusterRepository, ScanRepository, type Page, type ScanRecord } from '@meshguard/db';
import { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/request-context.js';
import { DomainError } from '../problems/domain-error.js';
import { ScanQueue } from '../queues/scan-queue.js';
import { afterCommit } from '../tenancy/after-commit.js';

@Injectable()
export class ScansService {
  constructor(
    private readonly scans: ScanRepository,
    private readonly clusters: ClusterRepository,
    private readonly queue: ScanQueue,
    private readonly audit: AuditService,
  ) {}

  /**
   * Queues a scan of the cluster, or returns the one already queued or running (`created: false`). The job is
   * enqueued after commit with a deterministic id, so retried requests heal a lost enqueue without doubling work.
   */
  async request(actor: RequestContext, clusterId: string, idempotencyKey: string | null): Promise<{ scan: ScanRecord; created: boolean }> {
    const cluster = await this.clusters.get(clusterId);
    if (!cluster) throw new DomainError('not-found', `No cluster ${clusterId}.`);
    if (!cluster.hasCredentials) throw new DomainError('conflict', 'The cluster has no stored credentials; replace its kubeconfig first.');
    const { scan, created } = await this.scans.queue(actor.principal.tenantId, clusterId, 'api', idempotencyKey);
    if (scan.status === 'queued') {
      afterCommit(() => this.queue.enqueue({ tenantId: actor.principal.tenantId, clusterId, scanId: scan.id }));
    }
    if (created) await this.audit.record(actor, 'scan.request', { type: 'scan', id: scan.id }, { clusterId });
    return { scan, created };
  }

  async get(id: string): Promise<ScanRecord> {
    const scan = await this.scans.get(id);
    if (!scan) throw new DomainError('not-found', `No scan ${id}.`);
    return scan;
  }

  async listForCluster(clusterId: string, page: { cursor?: string; limit: number }): Promise<Page<ScanRecord>> {
    if (!(await this.clusters.get(clusterId))) throw new DomainError('not-found', `No cluster ${clusterId}.`);
    return this.scans.listForCluster(clusterId, page);
  }
}
