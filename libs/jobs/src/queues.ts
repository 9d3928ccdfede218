/** Every BullMQ queue meshguard uses; producers and consumers import names from here only. */
export const queueNames = { scans: 'scans', reports: 'reports', maintenance: 'maintenance' } as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** Job names per queue; processors switch over these exhaustively. */
export const scanJobNames = { run: 'scan.run', scheduled: 'scan.scheduled' } as const;
export type ScanJobName = (typeof scanJobNames)[keyof typeof scanJobNames];

/** Every job payload carries the tenant id: the worker sets the tenant context from it, never from anything else. */
export interface TenantScopedPayload {
  tenantId: string;
}

export interface ScanJobPayload extends TenantScopedPayload {
  clusterId: string;
  scanId: string;
}

/** What a cluster's job scheduler enqueues on each tick: the worker creates the scan row when it fires. */
export interface ScheduledScanPayload extends TenantScopedPayload {
  clusterId: string;
}

/** One job scheduler per cluster: changing the schedule replaces it, deleting the cluster removes it. */
export function scanSchedulerId(payload: ScheduledScanPayload): string {
  return `schedule-${payload.tenantId}-${payload.clusterId}`;
}

/** Deterministic job id: a retried or duplicated request for the same scan never enqueues a second job. */
export function scanJobId(payload: Pick<ScanJobPayload, 'tenantId' | 'scanId'>): string {
  return `scan-${payload.tenantId}-${payload.scanId}`;
}

/** Retry policy of every `scan.run` job: transient failures retry with exponential backoff, permanent ones fail at once. */
export const scanRunJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

/** Job names of the `reports` queue. */
export const reportJobNames = { webhookDeliver: 'webhook.deliver' } as const;
export type ReportJobName = (typeof reportJobNames)[keyof typeof reportJobNames];

/** One event to one webhook endpoint; the event travels in the job so every retry sends the same body and id. */
export interface WebhookDeliveryPayload extends TenantScopedPayload {
  endpointId: string;
  /** The event envelope (libs/webhooks), already built. */
  event: { id: string; type: string; version: number; createdAt: string; tenantId: string; data: unknown };
}

/** Deterministic: the same event is delivered to an endpoint by exactly one job, however often it is queued. */
export function webhookDeliveryJobId(payload: Pick<WebhookDeliveryPayload, 'tenantId' | 'endpointId'> & { eventId: string }): string {
  return `webhook-${payload.tenantId}-${payload.endpointId}-${payload.eventId}`;
}

/** Job names of the `maintenance` queue. */
export const maintenanceJobNames = { retention: 'retention.sweep' } as const;
export type MaintenanceJobName = (typeof maintenanceJobNames)[keyof typeof maintenanceJobNames];

/** The daily retention sweep walks every tenant itself, so its payload is empty. */
export type RetentionSweepPayload = Record<string, never>;
export const retentionSchedulerId = 'retention-daily';
