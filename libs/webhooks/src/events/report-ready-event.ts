import type { WebhookEventEnvelope } from './webhook-event.js';

export const reportReadyEventType = 'report.ready' as const;
export const reportReadyEventVersion = 1 as const;

export interface ReportReadyEventData {
  report: {
    id: string;
    framework: string;
    format: string;
    /** What the report covers, e.g. { kind: 'selector', selector: { env: 'prod' } }. */
    scope: unknown;
    asOf: string;
    /** The schedule that produced it, when one did. */
    scheduleId: string | null;
    mediaType: string;
    fileName: string;
    sizeBytes: number;
    /** `sha256:` + hex SHA-256 of the report's bytes: check the download against it. */
    digest: string;
    /** Ed25519 signature of the digest; verify with the public key `keyId` from /v1/reports/signing-keys. */
    signature: { keyId: string; value: string };
  };
  /** Headline numbers of the report. */
  summary: Record<string, unknown>;
  links: { report: string; download: string; signature: string; signingKeys: string };
}

/** Announces a stored, signed report: where to download it and how to check it. */
export type ReportReadyEvent = WebhookEventEnvelope<typeof reportReadyEventType, typeof reportReadyEventVersion, ReportReadyEventData>;

/** The event for one report; its id derives from the report, so re-running the job never announces it twice. */
export function buildReportReadyEvent(input: { tenantId: string; createdAt: Date; data: ReportReadyEventData }): ReportReadyEvent {
  return {
    id: `report-${input.data.report.id}`,
    type: reportReadyEventType,
    version: reportReadyEventVersion,
    createdAt: input.createdAt.toISOString(),
    tenantId: input.tenantId,
    data: input.data,
  };
}
