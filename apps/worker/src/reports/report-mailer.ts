import { Readable } from 'node:stream';
import {
  readReportBytes,
  ReportDeliveryRepository,
  ReportRepository,
  type ReportRecord,
} from '@meshguard/db';
import type { ReportEmailPayload } from '@meshguard/jobs';
import { WebhookRetryLaterError } from '@meshguard/webhooks';
import { UnrecoverableError } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import type { WorkerRuntime } from '../app/worker-runtime.js';
import { reportLinks } from './report-delivery.js';

export type ReportEmailResult = { outcome: 'delivered' | 'skipped'; attempt: number; attached?: boolean };

/**
 * Emails one stored report to one recipient through SMTP_URL: attached when it is at most
 * REPORT_EMAIL_ATTACH_MAX_BYTES (streamed from storage, never whole in memory), linked otherwise; the body states the
 * digest and signature. Every attempt is recorded in the report's delivery log; temporary failures retry.
 */
export class ReportMailer {
  private readonly reports = new ReportRepository();
  private readonly deliveries = new ReportDeliveryRepository();
  private transport: Transporter | undefined;

  constructor(private readonly runtime: WorkerRuntime) {}

  async send(
    payload: ReportEmailPayload,
    attempt: number,
    finalAttempt: boolean,
  ): Promise<ReportEmailResult> {
    const { tenantId, reportId, recipient } = payload;
    const { database, config } = this.runtime;
    const report = await database.withTenant(tenantId, () => this.reports.get(reportId));
    if (report?.status !== 'ready') return { outcome: 'skipped', attempt };
    const attached = (report.sizeBytes ?? 0) <= config.reports.attachMaxBytes;
    const started = performance.now();
    let error: { message: string; permanent: boolean } | undefined;
    let messageId: string | null = null;
    if (!config.reports.smtpUrl) {
      error = {
        message: 'SMTP_URL is not configured: set it to the SMTP server that sends report emails',
        permanent: true,
      };
    } else {
      try {
        this.transport ??= createTransport(config.reports.smtpUrl);
        const info = (await this.transport.sendMail(
          message(report, recipient, config.reports.from, config.reports.publicUrl, attached, () =>
            Readable.from(readReportBytes(database, tenantId, reportId)),
          ),
        )) as { messageId?: string };
        messageId = info.messageId ?? null;
      } catch (caught) {
        const code = (caught as { responseCode?: number }).responseCode;
        error = {
          message: caught instanceof Error ? caught.message : String(caught),
          permanent: code !== undefined && code >= 500,
        };
      }
    }
    const outcome = !error ? 'delivered' : error.permanent || finalAttempt ? 'failed' : 'retryable';
    await database.withTenant(tenantId, () =>
      this.deliveries.record(tenantId, {
        reportId,
        channel: 'email',
        recipient,
        attempt,
        outcome,
        attached,
        messageId,
        error: error?.message.slice(0, 1024) ?? null,
        durationMs: Math.round(performance.now() - started),
      }),
    );
    this.runtime.log.info({ tenantId, reportId, attempt, outcome, attached }, 'report email attempt');
    if (!error) return { outcome: 'delivered', attempt, attached };
    if (error.permanent) throw new UnrecoverableError(error.message);
    throw new WebhookRetryLaterError(error.message);
  }

  close(): void {
    this.transport?.close();
  }
}

function message(
  report: ReportRecord,
  to: string,
  from: string,
  publicUrl: string,
  attached: boolean,
  bytes: () => Readable,
) {
  const links = reportLinks(publicUrl, report.id);
  const summary = report.summary ?? {};
  const score = typeof summary['score'] === 'number' ? `${summary['score']}` : 'not scored';
  const scope =
    report.scope.kind === 'cluster'
      ? 'one cluster'
      : report.scope.kind === 'fleet'
        ? 'the fleet'
        : `clusters ${Object.entries(report.scope.selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`;
  const text = [
    `meshguard compliance report: ${report.framework} over ${scope}, as of ${report.asOf.toISOString()}.`,
    '',
    `Overall status: ${String(summary['status'] ?? 'unknown')}; score: ${score}.`,
    '',
    attached
      ? `The report is attached (${report.fileName}, ${report.sizeBytes} bytes).`
      : `The report (${report.sizeBytes} bytes) is too large to attach; download it with an API key: ${links.download}`,
    '',
    `Digest: ${report.digest}`,
    `Signature (Ed25519, key ${report.signingKeyId}): ${report.signature}`,
    `Signature file: ${links.signature}`,
    `Public keys: ${links.signingKeys}`,
    'Check it offline: npx meshguard report verify <file> --signature <sig> --public-key <pem>',
  ].join('\n');
  return {
    from,
    to,
    subject: `[meshguard] ${report.framework} report, ${report.asOf.toISOString().slice(0, 10)}: ${String(summary['status'] ?? 'ready')}`,
    text,
    headers: { 'X-Meshguard-Report-Id': report.id, 'X-Meshguard-Report-Digest': report.digest ?? '' },
    attachments: attached
      ? [
          {
            filename: report.fileName ?? `${report.id}`,
            contentType: report.mediaType ?? 'application/octet-stream',
            content: bytes(),
          },
        ]
      : [],
  };
}
