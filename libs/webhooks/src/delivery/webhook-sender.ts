import { performance } from 'node:perf_hooks';
import { AddressAllowlist, type HostResolver } from '@meshguard/k8s/network';
import type { WebhookEventEnvelope } from '../events/webhook-event.js';
import { signatureHeaderName, signWebhookPayload } from '../signing/webhook-signature.js';
import { classifyResponseStatus, type DeliveryOutcome } from './delivery-outcome.js';
import type { WebhookDeliveryRecord } from './delivery-record.js';
import { postToPinnedAddress, PostTimeoutError } from './pinned-http-post.js';
import { parseRetryAfter } from './retry-schedule.js';
import {
  pinWebhookAddress,
  WebhookAddressBlockedError,
  WebhookResolutionError,
  type PinnedWebhookAddress,
} from './webhook-address-pinning.js';
import { parseWebhookUrl, WebhookUrlRejectedError, type WebhookUrl } from './webhook-url.js';

export interface WebhookEndpointTarget {
  id: string;
  url: string;
  /** Signing secrets, current first; two while a rotation is in progress (each gets its own v1 signature). */
  secrets: readonly string[];
}

export interface DeliverWebhookOptions {
  /** Operator allowlist (addresses or CIDRs) of otherwise blocked addresses that may receive webhooks. */
  allowlist?: AddressAllowlist | readonly string[];
  /** Connect + request + response must finish within this (default 10 s). */
  timeoutMs?: number;
  /** DNS resolution must finish within this (default 5 s). */
  resolveTimeoutMs?: number;
  resolver?: HostResolver;
  requireHttps?: boolean;
  /** Extra CA certificates (PEM) to trust, for receivers behind a private CA. */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Clock for the signature timestamp and the log record (default: now). */
  now?: () => Date;
  userAgent?: string;
}

export interface WebhookDeliveryResult {
  outcome: DeliveryOutcome;
  record: WebhookDeliveryRecord;
  /** The receiver's Retry-After, in ms, when it sent one with a retryable answer. */
  retryAfterMs?: number;
}

const defaultTimeoutMs = 10_000;
const responseReadBytes = 16 * 1024;
const snippetChars = 1024;

/**
 * Delivers one event to one endpoint, once: checks the URL, resolves and vets the address, signs the exact body with
 * every endpoint secret and POSTs it. Never throws for delivery problems — they come back as the outcome and the
 * delivery-log record; retrying (with {@link webhookRetryDelayMs}) is the caller's decision. Throws only for programming
 * errors (an endpoint without secrets).
 */
export async function deliverWebhook(
  endpoint: WebhookEndpointTarget,
  event: WebhookEventEnvelope<string, number, unknown>,
  attempt: number,
  options: DeliverWebhookOptions = {},
): Promise<WebhookDeliveryResult> {
  if (endpoint.secrets.length === 0 || endpoint.secrets.some((secret) => secret.length === 0))
    throw new TypeError(
      `webhook endpoint ${endpoint.id} has no signing secret; deliveries are always signed`,
    );
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const started = performance.now();
  const base = {
    tenantId: event.tenantId,
    endpointId: endpoint.id,
    eventId: event.id,
    eventType: event.type,
    attempt,
    startedAt: startedAt.toISOString(),
    url: endpoint.url,
  };
  const redact = (text: string) => redactSecrets(text, endpoint.secrets);
  const result = (
    outcome: DeliveryOutcome,
    details: Partial<WebhookDeliveryRecord>,
    retryAfterMs?: number,
  ): WebhookDeliveryResult => ({
    outcome,
    record: {
      ...base,
      durationMs: Math.round(performance.now() - started),
      outcome,
      ...details,
      ...(details.error ? { error: redact(details.error) } : {}),
    },
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

  let url: WebhookUrl;
  let address: PinnedWebhookAddress;
  try {
    url = parseWebhookUrl(endpoint.url, { requireHttps: options.requireHttps ?? false });
    const allowlist =
      options.allowlist instanceof AddressAllowlist
        ? options.allowlist
        : new AddressAllowlist(options.allowlist ?? []);
    address = await pinWebhookAddress(url, {
      allowlist,
      ...(options.resolver ? { resolver: options.resolver } : {}),
      resolveTimeoutMs: options.resolveTimeoutMs ?? 5000,
    });
  } catch (error) {
    if (error instanceof WebhookResolutionError) return result('retryable', { error: error.message });
    if (error instanceof WebhookAddressBlockedError || error instanceof WebhookUrlRejectedError)
      return result('failed', { error: error.message });
    throw error;
  }

  const body = Buffer.from(JSON.stringify(event));
  const timestamp = Math.floor(now().getTime() / 1000);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': options.userAgent ?? 'meshguard-webhooks/1',
    [signatureHeaderName]: signWebhookPayload(body, endpoint.secrets, timestamp),
    'Meshguard-Event-Id': event.id,
    'Meshguard-Event-Type': event.type,
    'Meshguard-Event-Version': String(event.version),
    'Meshguard-Delivery-Attempt': String(attempt),
  };
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  try {
    const response = await postToPinnedAddress(url, address, headers, body, {
      timeoutMs,
      maxResponseBytes: responseReadBytes,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const outcome = classifyResponseStatus(response.status);
    const snippet = responseSnippet(response.body, endpoint.secrets);
    const details: Partial<WebhookDeliveryRecord> = {
      address: address.ip,
      statusCode: response.status,
      ...(snippet ? { responseSnippet: snippet } : {}),
    };
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.location;
      details.error = `the endpoint answered ${response.status} redirecting to ${location ?? '(no Location)'}; redirects are not followed — configure the final URL`;
    } else if (outcome !== 'delivered') details.error = `the endpoint answered HTTP ${response.status}`;
    const retryAfterMs =
      outcome === 'retryable'
        ? parseRetryAfter(headerValue(response.headers['retry-after']), now())
        : undefined;
    return result(outcome, details, retryAfterMs);
  } catch (error) {
    const message =
      error instanceof PostTimeoutError
        ? `timed out: ${error.message}`
        : `connection to ${address.ip}:${url.port} failed: ${describeError(error)}`;
    return result('retryable', { address: address.ip, error: message });
  }
}

function responseSnippet(body: Buffer, secrets: readonly string[]): string | undefined {
  if (body.length === 0) return undefined;
  // Redact over everything read before cutting, so a secret straddling the cut cannot leak a prefix.
  const text = redactSecrets(body.toString('utf8'), secrets).replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g,
    '',
  );
  return text.length > snippetChars ? `${text.slice(0, snippetChars)}…` : text;
}

function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length > 0) redacted = redacted.split(secret).join('[redacted]');
  return redacted;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
}
