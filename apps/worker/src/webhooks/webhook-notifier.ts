import { ClusterRepository, WebhookDeliveryRepository } from '@meshguard/db';
import { reportJobNames, webhookDeliveryJobId, type ScanJobPayload, type WebhookDeliveryPayload } from '@meshguard/jobs';
import { buildScanFindingsEvent, defaultWebhookRetryPolicy, notifyingSeverities, scanFindingsEventType } from '@meshguard/webhooks';
import type { Queue } from 'bullmq';
import type { WorkerRuntime } from '../app/worker-runtime.js';
import type { ScanRunResult } from '../scans/scan-pipeline.js';

/** Most new findings read to build one event (they are counted and the worst listed). */
const newFindingsRead = 10_000;

/**
 * On a committed scan with new critical or high findings, queues one delivery job per enabled endpoint of the
 * tenant. The event id derives from the scan, so a re-run never announces the same scan twice.
 */
export class WebhookNotifier {
  constructor(
    private readonly runtime: WorkerRuntime,
    private readonly reports: Queue,
  ) {}

  async scanFinished(payload: ScanJobPayload, result: Extract<ScanRunResult, { summary: unknown }>): Promise<number> {
    const fresh = result.summary.diff.newBySeverity;
    if (!notifyingSeverities.some((severity) => fresh[severity] > 0)) return 0;
    const { tenantId, scanId, clusterId } = payload;
    const prepared = await this.runtime.database.withTenant(tenantId, async () => {
      const endpoints = await new WebhookDeliveryRepository().enabledEndpointIds(scanFindingsEventType);
      if (endpoints.length === 0) return undefined;
      const cluster = await new ClusterRepository().get(clusterId);
      const findings = await new WebhookDeliveryRepository().newFindings(scanId, [...notifyingSeverities], newFindingsRead);
      return { endpoints, cluster, findings };
    });
    if (!prepared) return 0;
    const event = buildScanFindingsEvent({
      id: `scan-${scanId}`,
      tenantId,
      cluster: { id: clusterId, name: prepared.cluster?.name ?? clusterId },
      scan: {
        id: scanId,
        completedAt: new Date(),
        ...(result.summary.diff.previousScanId ? { previousScanId: result.summary.diff.previousScanId } : {}),
      },
      newFindings: prepared.findings.map((finding) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        fingerprint: finding.fingerprint,
        resource: {
          apiVersion: finding.resource.apiVersion,
          kind: finding.resource.kind,
          ...(finding.resource.namespace ? { namespace: finding.resource.namespace } : {}),
          name: finding.resource.name,
        },
      })),
      links: { scan: `/v1/scans/${scanId}`, findings: `/v1/findings?scanId=${scanId}&status=new`, cluster: `/v1/clusters/${clusterId}` },
    });
    if (!event) return 0;
    await this.reports.addBulk(
      prepared.endpoints.map((endpointId) => ({
        name: reportJobNames.webhookDeliver,
        data: { tenantId, endpointId, event } satisfies WebhookDeliveryPayload,
        opts: {
          jobId: webhookDeliveryJobId({ tenantId, endpointId, eventId: event.id }),
          attempts: defaultWebhookRetryPolicy.maxAttempts,
          backoff: { type: 'webhook' },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
    this.runtime.log.info({ tenantId, clusterId, scanId, endpoints: prepared.endpoints.length, eventId: event.id }, 'webhook deliveries queued');
    return prepared.endpoints.length;
  }
}
