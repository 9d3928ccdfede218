import { WebhookDeliveryRepository } from '@meshguard/db';
import { queueNames, reportJobNames, type ReportJobName, type WebhookDeliveryPayload } from '@meshguard/jobs';
import { deliverWebhook, WebhookRetryLaterError } from '@meshguard/webhooks';
import { UnrecoverableError, type Job } from 'bullmq';
import type { WorkerRuntime } from '../app/worker-runtime.js';

export type WebhookJobResult = { outcome: 'delivered' | 'gone' | 'skipped'; endpointId: string; attempt: number };

/**
 * Delivers `webhook.deliver` jobs of the `reports` queue: one signed POST per attempt, each attempt in the endpoint's
 * delivery log. Retryable answers retry on the webhook schedule (honouring Retry-After); 410 Gone disables the endpoint.
 */
export class WebhookConsumer {
  private readonly deliveries = new WebhookDeliveryRepository();

  constructor(private readonly runtime: WorkerRuntime) {}

  async process(job: Job<WebhookDeliveryPayload, WebhookJobResult, ReportJobName>): Promise<WebhookJobResult> {
    if (job.name !== reportJobNames.webhookDeliver)
      throw new UnrecoverableError(`unknown job name ${String(job.name)} on queue ${queueNames.reports}`);
    const { tenantId, endpointId, event } = job.data;
    const attempt = job.attemptsMade + 1;
    const log = this.runtime.log.child({ tenantId, endpointId, eventId: event.id, jobId: job.id, attempt });
    const target = await this.runtime.database.withTenant(tenantId, async (tx) => {
      const endpoint = await this.deliveries.endpoint(endpointId);
      if (!endpoint?.enabled) return undefined;
      const secret = await this.runtime.vault.open(tx, 'webhook-secret', endpoint.secretCiphertext);
      return { id: endpoint.id, url: endpoint.url, secrets: [secret.toString('utf8')] };
    });
    if (!target) {
      log.info('endpoint deleted or disabled; delivery dropped');
      return { outcome: 'skipped', endpointId, attempt };
    }
    const result = await deliverWebhook(target, event, attempt, { allowlist: this.runtime.config.webhooks.addressAllowlist });
    const record = result.record;
    await this.runtime.database.withTenant(tenantId, async () => {
      await this.deliveries.record(tenantId, {
        endpointId,
        eventId: event.id,
        eventType: event.type,
        attempt,
        outcome: result.outcome,
        statusCode: record.statusCode ?? null,
        durationMs: Math.round(record.durationMs),
        error: record.error ?? null,
        responseSnippet: record.responseSnippet ?? null,
        deliveredAt: result.outcome === 'delivered' ? new Date() : null,
      });
      if (result.outcome === 'gone') await this.deliveries.disable(endpointId, `the receiver answered 410 Gone on ${record.startedAt}; re-enable the endpoint once it accepts events again`);
    });
    log.info({ outcome: result.outcome, statusCode: record.statusCode, durationMs: record.durationMs }, 'webhook delivery attempt');
    switch (result.outcome) {
      case 'delivered':
      case 'gone':
        return { outcome: result.outcome, endpointId, attempt };
      case 'retryable':
        throw new WebhookRetryLaterError(record.error ?? `receiver answered ${record.statusCode}`, result.retryAfterMs);
      case 'failed':
        throw new UnrecoverableError(record.error ?? `receiver answered ${record.statusCode}`);
    }
  }
}
