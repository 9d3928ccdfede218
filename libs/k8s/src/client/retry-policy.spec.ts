import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry-policy.js';

describe('retry policy', () => {
  it('retries throttling and transient server errors only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 410, 501].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('waits at least Retry-After, clamped to the policy maximum', () => {
    expect(retryDelayMs(defaultRetryPolicy, 1, 2000, () => 0)).toBe(2000);
    expect(retryDelayMs(defaultRetryPolicy, 1, 2000, () => 0.99)).toBeLessThan(2250);
    expect(retryDelayMs(defaultRetryPolicy, 1, 3_600_000, () => 0)).toBe(defaultRetryPolicy.maxRetryAfterMs);
  });

  it('backs off exponentially with jitter between half and the full step, capped', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 3, undefined, () => 0.999)).toBeLessThanOrEqual(400);
    expect(retryDelayMs(policy, 3, undefined, () => 0)).toBe(200);
    expect(retryDelayMs(policy, 10, undefined, () => 0.999)).toBeLessThanOrEqual(1000);
  });
});
