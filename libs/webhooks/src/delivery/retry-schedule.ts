export interface WebhookRetryPolicy {
  /** Attempts in total, the first included (default 10). */
  maxAttempts: number;
  /** Delay before the second attempt, before jitter (default 30 s). */
  baseDelayMs: number;
  /** Each further delay is this many times the previous one (default 3). */
  factor: number;
  /** No delay exceeds this, jitter included (default 6 h). */
  maxDelayMs: number;
  /** Share of each delay that is randomised, 0 to 1 (default 0.5: the delay lands between 50 % and 100 % of the nominal). */
  jitter: number;
}

/** 10 attempts over about 20 hours: 30 s, 1.5 min, 4.5 min, 13.5 min, 40 min, 2 h, 6 h, 6 h, 6 h (nominal). */
export const defaultWebhookRetryPolicy: WebhookRetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 30_000,
  factor: 3,
  maxDelayMs: 6 * 60 * 60 * 1000,
  jitter: 0.5,
};

export interface RetryDelayOptions {
  policy?: WebhookRetryPolicy;
  /** Source of randomness in [0, 1) (default Math.random); pass a constant for a deterministic result. */
  random?: () => number;
  /** The receiver's Retry-After, in ms: the delay is at least this (still capped at maxDelayMs). */
  retryAfterMs?: number;
}

/**
 * Milliseconds to wait after `attemptsMade` failed attempts before the next one, or -1 when no attempt is left.
 * Exponential backoff with jitter, so endpoints that failed together do not get retried together. The -1 convention
 * is BullMQ's: use it directly as a worker `backoffStrategy`.
 */
export function webhookRetryDelayMs(attemptsMade: number, options: RetryDelayOptions = {}): number {
  const policy = options.policy ?? defaultWebhookRetryPolicy;
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1)
    throw new RangeError(`attemptsMade must be a positive integer, got ${attemptsMade}`);
  if (attemptsMade >= policy.maxAttempts) return -1;
  const nominal = Math.min(policy.baseDelayMs * policy.factor ** (attemptsMade - 1), policy.maxDelayMs);
  const random = Math.min(Math.max((options.random ?? Math.random)(), 0), 1);
  const jittered = Math.round(nominal * (1 - policy.jitter * random));
  return Math.min(Math.max(jittered, options.retryAfterMs ?? 0), policy.maxDelayMs);
}

/** Parses a Retry-After header (delta seconds or HTTP date) into milliseconds from `now`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(date - now.getTime(), 0);
}

/** Thrown by a delivery job for a retryable outcome, so the backoff strategy can honour the receiver's Retry-After. */
export class WebhookRetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'WebhookRetryLaterError';
  }
}

/** A BullMQ worker `settings.backoffStrategy` (attempts made, backoff type, the attempt's error) → delay or -1. */
export type WebhookBackoffStrategy = (attemptsMade: number, type?: string, error?: Error) => number;

/**
 * {@link webhookRetryDelayMs} under `policy`, in the shape of a BullMQ worker `settings.backoffStrategy` (jobs use
 * `backoff: { type: 'webhook' }` and `attempts` ≥ the policy's maxAttempts). Reads Retry-After from a
 * WebhookRetryLaterError; -1 tells BullMQ to stop retrying.
 */
export function webhookBackoffStrategyFor(policy: WebhookRetryPolicy): WebhookBackoffStrategy {
  return (attemptsMade, _type, error) => {
    const retryAfterMs = error instanceof WebhookRetryLaterError ? error.retryAfterMs : undefined;
    return webhookRetryDelayMs(attemptsMade, retryAfterMs !== undefined ? { policy, retryAfterMs } : { policy });
  };
}

/** {@link webhookBackoffStrategyFor} the default policy. */
export const webhookBackoffStrategy: WebhookBackoffStrategy = webhookBackoffStrategyFor(defaultWebhookRetryPolicy);
