/**
 * What became of one delivery attempt:
 * - `delivered`: the receiver answered 2xx;
 * - `retryable`: 5xx, 408, 429, timeout, connection or DNS failure — try again later;
 * - `failed`: any other 4xx, a redirect (never followed), a blocked address or an unusable URL — retrying cannot help;
 * - `gone`: 410 Gone — the receiver asks us to stop; the endpoint should be disabled.
 */
export type DeliveryOutcome = 'delivered' | 'retryable' | 'failed' | 'gone';

/** How an HTTP status code answers a webhook delivery. */
export function classifyResponseStatus(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  // Request Timeout and Too Many Requests are the receiver saying "not now", not "never".
  if (status === 408 || status === 429) return 'retryable';
  if (status >= 500) return 'retryable';
  return 'failed';
}
