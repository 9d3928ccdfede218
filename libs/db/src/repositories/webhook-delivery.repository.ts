import type { Severity, WebhookDeliveryOutcome } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';

/** An endpoint as the delivering worker needs it: the sealed secret is opened with the credential vault. */
export interface WebhookEndpointToDeliver {
  id: string;
  url: string;
  enabled: boolean;
  events: string[];
  secretCiphertext: Uint8Array;
}

/** One delivery attempt for the endpoint's log. */
export interface WebhookDeliveryAttempt {
  endpointId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  outcome: WebhookDeliveryOutcome;
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
  responseSnippet: string | null;
  deliveredAt: Date | null;
}

/** A finding first seen in a scan, as events list it. */
export interface NewFindingRef {
  ruleId: string;
  severity: Severity;
  fingerprint: string;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
}

/** Webhook endpoints and their delivery log, for the worker that delivers events. */
export class WebhookDeliveryRepository {
  /** Enabled endpoints subscribed to `eventType` (an endpoint with no event list gets every type). */
  async enabledEndpointIds(eventType: string): Promise<string[]> {
    const rows = await currentTenantContext().tx.webhookEndpoint.findMany({
      select: { id: true },
      where: { enabled: true, OR: [{ events: { isEmpty: true } }, { events: { has: eventType } }] },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((row) => row.id);
  }

  async endpoint(id: string): Promise<WebhookEndpointToDeliver | undefined> {
    const row = await currentTenantContext().tx.webhookEndpoint.findFirst({
      select: { id: true, url: true, enabled: true, events: true, secretCiphertext: true },
      where: { id },
    });
    return row ?? undefined;
  }

  /** Records one attempt; recording the same attempt twice (a re-run job) keeps the first record. */
  async record(tenantId: string, attempt: WebhookDeliveryAttempt): Promise<void> {
    await currentTenantContext().tx.webhookDelivery.createMany({ data: [{ tenantId, ...attempt }], skipDuplicates: true });
  }

  /** Disables an endpoint (e.g. the receiver answered 410 Gone) with the reason the API shows. */
  async disable(id: string, reason: string): Promise<void> {
    await currentTenantContext().tx.webhookEndpoint.updateMany({ where: { id, enabled: true }, data: { enabled: false, disabledReason: reason } });
  }

  /** Open findings of `scanId` first seen in that scan, of the given severities, worst first. */
  async newFindings(scanId: string, severities: Severity[], limit: number): Promise<NewFindingRef[]> {
    const rows = await currentTenantContext().tx.finding.findMany({
      select: { ruleId: true, severity: true, fingerprint: true, resourceApiVersion: true, resourceKind: true, resourceNamespace: true, resourceName: true },
      where: { scanId, firstSeenScanId: scanId, status: 'open', severity: { in: severities } },
      orderBy: [{ severity: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map((row) => ({
      ruleId: row.ruleId,
      severity: row.severity,
      fingerprint: row.fingerprint,
      resource: { apiVersion: row.resourceApiVersion, kind: row.resourceKind, namespace: row.resourceNamespace, name: row.resourceName },
    }));
  }
}
