/** Every BullMQ queue meshguard uses; producers and consumers import names from here only. */
export const queueNames = { scans: 'scans', reports: 'reports', maintenance: 'maintenance' } as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** Job names per queue; processors switch over these exhaustively. */
export const scanJobNames = { run: 'scan.run' } as const;
export type ScanJobName = (typeof scanJobNames)[keyof typeof scanJobNames];

/** Every job payload carries the tenant id: the worker sets the tenant context from it, never from anything else. */
export interface TenantScopedPayload {
  tenantId: string;
}

export interface ScanJobPayload extends TenantScopedPayload {
  clusterId: string;
  scanId: string;
}

/** Deterministic job id: a retried or duplicated request for the same scan never enqueues a second job. */
export function scanJobId(payload: Pick<ScanJobPayload, 'tenantId' | 'scanId'>): string {
  return `scan-${payload.tenantId}-${payload.scanId}`;
}
