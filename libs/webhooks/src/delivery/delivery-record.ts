import type { DeliveryOutcome } from './delivery-outcome.js';

/** One line of an endpoint's delivery log: what happened on one attempt to deliver one event. */
export interface WebhookDeliveryRecord {
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** ISO 8601 time the attempt started. */
  startedAt: string;
  /** Wall time of the attempt (resolution, connection, request, response), in milliseconds. */
  durationMs: number;
  outcome: DeliveryOutcome;
  /** The URL delivered to (as configured by the tenant). */
  url: string;
  /** The IP address the connection went to, once resolved and admitted. */
  address?: string;
  statusCode?: number;
  /** Why the attempt did not deliver (connection error, timeout, redirect, blocked address …). */
  error?: string;
  /** Start of the response body, at most 1024 characters, with any endpoint secret replaced by `[redacted]`. */
  responseSnippet?: string;
}
