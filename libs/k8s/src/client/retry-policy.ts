/** How hard the client tries before giving up on a request. */
export interface RetryPolicy {
  /** Total attempts including the first (default 5). */
  maxAttempts: number;
  /** First backoff step; doubles each attempt (default 250 ms). */
  baseDelayMs: number;
  /** Largest backoff step (default 8 s). */
  maxDelayMs: number;
  /** Longest Retry-After the client honours; longer hints are clamped to this (default 30 s). */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
};

/** Statuses worth another try: throttling and transient server trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Network failures worth another try: the connection broke, the server did not answer in time, or a body was cut off. */
export function isRetryableNetworkCode(code: string | undefined): boolean {
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ETIMEDOUT' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNABORTED' ||
    code === 'EAI_AGAIN' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'request-timeout' ||
    code === 'truncated-body'
  );
}

/**
 * Delay before attempt `attempt + 1`: the server's Retry-After when given (clamped, plus a little jitter so
 * parallel lists do not return in lock-step), else exponential backoff with equal jitter.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random = Math.random,
): number {
  if (retryAfterMs !== undefined)
    return (
      Math.min(retryAfterMs, policy.maxRetryAfterMs) +
      Math.floor(random() * Math.min(250, policy.baseDelayMs))
    );
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(step / 2 + random() * (step / 2));
}

/** Reads a Retry-After header: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
