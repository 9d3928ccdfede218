import { ReportScheduleRepository, WebhookDeliveryRepository, type ReportRecord } from '@meshguard/db';
import {
  reportEmailJobId,
  reportJobNames,
  webhookDeliveryJobId,
  type ReportEmailPayload,
  type WebhookDeliveryPayload,
} from '@meshguard/jobs';
import {
  buildReportReadyEvent,
  defaultWebhookRetryPolicy,
  reportReadyEventType,
  type ReportReadyEvent,
} from '@meshguard/webhooks';
import type { Queue } from 'bullmq';
import type { WorkerRuntime } from '../app/worker-runtime.js';

/** Attempts per report email, the first included; retries wait as webhook retries do (WEBHOOK_RETRY_BASE_DELAY_MS). */
export const reportEmailAttempts = 5;

/**
 * Hands a ready report of a schedule to its recipients: one `report.ready` webhook delivery job per subscribed
 * endpoint (when the schedule announces by webhook) and one email job per address. Jobs have deterministic ids, so a
 * re-run announces nothing twice.
 */
export class ReportDelivery {
  constructor(
    private readonly runtime: WorkerRuntime,
    private readonly reports: Queue,
  ) {}

  async reportReady(tenantId: string, report: ReportRecord): Promise<{ webhooks: number; emails: number }> {
    if (!report.scheduleId) return { webhooks: 0, emails: 0 };
    const scheduleId = report.scheduleId;
    const targets = await this.runtime.database.withTenant(tenantId, async () => {
      const schedule = await new ReportScheduleRepository().get(scheduleId);
      if (!schedule) return undefined;
      const endpoints = schedule.webhook
        ? await new WebhookDeliveryRepository().enabledEndpointIds(reportReadyEventType)
        : [];
      return { endpoints, emails: schedule.emailRecipients };
    });
    if (!targets) return { webhooks: 0, emails: 0 };
    const event = reportReadyEvent(tenantId, report, this.runtime.config.reports.publicUrl);
    await this.reports.addBulk([
      ...targets.endpoints.map((endpointId) => ({
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
      ...targets.emails.map((recipient) => {
        const data: ReportEmailPayload = { tenantId, reportId: report.id, recipient };
        return {
          name: reportJobNames.email,
          data,
          opts: {
            jobId: reportEmailJobId(data),
            attempts: reportEmailAttempts,
            backoff: { type: 'webhook' },
            removeOnComplete: { age: 7 * 24 * 3600 },
            removeOnFail: { age: 30 * 24 * 3600 },
          },
        };
      }),
    ]);
    this.runtime.log.info(
      { tenantId, reportId: report.id, webhooks: targets.endpoints.length, emails: targets.emails.length },
      'report deliveries queued',
    );
    return { webhooks: targets.endpoints.length, emails: targets.emails.length };
  }
}

/** Links for a report under the API's public URL. */
export function reportLinks(publicUrl: string, reportId: string): ReportReadyEvent['data']['links'] {
  const report = `${publicUrl}/v1/reports/${reportId}`;
  return {
    report,
    download: `${report}/download`,
    signature: `${report}/signature`,
    signingKeys: `${publicUrl}/v1/reports/signing-keys`,
  };
}

export function reportReadyEvent(
  tenantId: string,
  report: ReportRecord,
  publicUrl: string,
): ReportReadyEvent {
  return buildReportReadyEvent({
    tenantId,
    createdAt: report.finishedAt ?? new Date(),
    data: {
      report: {
        id: report.id,
        framework: report.framework,
        format: report.format,
        scope: report.scope,
        asOf: report.asOf.toISOString(),
        scheduleId: report.scheduleId,
        mediaType: report.mediaType ?? 'application/octet-stream',
        fileName: report.fileName ?? report.id,
        sizeBytes: report.sizeBytes ?? 0,
        digest: report.digest ?? '',
        signature: { keyId: report.signingKeyId ?? '', value: report.signature ?? '' },
      },
      summary: report.summary ?? {},
      links: reportLinks(publicUrl, report.id),
    },
  });
}
