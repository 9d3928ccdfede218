import { describe, expect, it } from 'vitest';
import { classifyResponseStatus } from './delivery-outcome.js';
import {
  defaultWebhookRetryPolicy,
  parseRetryAfter,
  webhookBackoffStrategy,
  webhookBackoffStrategyFor,
  webhookRetryDelayMs,
  WebhookRetryLaterError,
} from './retry-schedule.js';

describe('webhookRetryDelayMs', () => {
  it('grows exponentially up to the cap and stops after the last attempt', () => {
    const nominal = Array.from({ length: 9 }, (_, i) => webhookRetryDelayMs(i + 1, { random: () => 0 }));
    expect(nominal.slice(0, 4)).toEqual([30_000, 90_000, 270_000, 810_000]);
    expect(nominal.at(-1)).toBe(defaultWebhookRetryPolicy.maxDelayMs);
    expect(webhookRetryDelayMs(defaultWebhookRetryPolicy.maxAttempts, { random: () => 0 })).toBe(-1);
  });

  it('jitters within half of the nominal delay', () => {
    expect(webhookRetryDelayMs(2, { random: () => 0.999999 })).toBe(45_000);
    const delays = new Set(Array.from({ length: 50 }, () => webhookRetryDelayMs(3)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(135_000);
  });

  it('waits at least as long as the receiver asks, but never beyond the cap', () => {
    expect(webhookRetryDelayMs(1, { random: () => 0, retryAfterMs: 120_000 })).toBe(120_000);
    expect(webhookRetryDelayMs(1, { random: () => 0, retryAfterMs: 10 ** 9 })).toBe(
      defaultWebhookRetryPolicy.maxDelayMs,
    );
  });

  it('rejects a non-positive attempt count', () => {
    expect(() => webhookRetryDelayMs(0)).toThrow(RangeError);
  });
});

describe('webhookBackoffStrategy', () => {
  it('honours Retry-After carried by the job error and stops after the last attempt', () => {
    expect(webhookBackoffStrategy(1, 'webhook', new WebhookRetryLaterError('HTTP 503', 600_000))).toBe(
      600_000,
    );
    const plain = webhookBackoffStrategy(1, 'webhook', new Error('ECONNRESET'));
    expect(plain).toBeGreaterThanOrEqual(15_000);
    expect(plain).toBeLessThanOrEqual(30_000);
    expect(webhookBackoffStrategy(defaultWebhookRetryPolicy.maxAttempts)).toBe(-1);
  });

  it('follows the policy it was made for', () => {
    const strategy = webhookBackoffStrategyFor({ ...defaultWebhookRetryPolicy, baseDelayMs: 200, jitter: 0, maxAttempts: 4 });
    expect([1, 2, 3, 4].map((attempts) => strategy(attempts, 'webhook', new Error('HTTP 503')))).toEqual([200, 600, 1800, -1]);
    expect(strategy(1, 'webhook', new WebhookRetryLaterError('HTTP 429', 5_000))).toBe(5_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = new Date('2026-11-27T03:00:00Z');
    expect(parseRetryAfter('Fri, 27 Nov 2026 03:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('classifyResponseStatus', () => {
  it('maps statuses to outcomes', () => {
    expect([200, 204, 299].map(classifyResponseStatus)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(classifyResponseStatus(410)).toBe('gone');
    expect([400, 401, 404, 422, 301, 302].map(classifyResponseStatus)).toEqual(Array(6).fill('failed'));
    expect([408, 429, 500, 502, 503].map(classifyResponseStatus)).toEqual(Array(5).fill('retryable'));
  });
});
