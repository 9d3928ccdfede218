import { describe, expect, it } from 'vitest';
import { issueApiKey } from './api-key-secret.js';
import type { Principal } from './principal.js';
import { VerifiedKeyCache } from './verified-key-cache.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const principal = (keyId: string): Principal => ({ tenantId: 't-1', keyId, keyPrefix: 'p', role: 'admin' });

describe('VerifiedKeyCache', () => {
  it('answers for a verified token until the TTL has passed, then asks again', () => {
    const time = clock();
    const cache = new VerifiedKeyCache({ ttlMs: 5_000, now: time.now });
    const { token } = issueApiKey();
    cache.remember(token, principal('k1'), null);
    expect(cache.get(token)).toEqual(principal('k1'));
    time.advance(4_999);
    expect(cache.get(token)).toEqual(principal('k1'));
    time.advance(1);
    expect(cache.get(token)).toBeUndefined();
  });

  it('asks exactly one lookup to refresh past half the TTL, and starts over once the token is remembered again', () => {
    const time = clock();
    const cache = new VerifiedKeyCache({ ttlMs: 5_000, now: time.now });
    const { token } = issueApiKey();
    cache.remember(token, principal('k1'), null);
    time.advance(2_499);
    expect(cache.lookup(token)).toEqual({ principal: principal('k1'), refreshDue: false });
    time.advance(1);
    expect(cache.lookup(token)?.refreshDue).toBe(true);
    expect(cache.lookup(token)).toEqual({ principal: principal('k1'), refreshDue: false });
    cache.remember(token, principal('k1'), null);
    time.advance(4_999);
    expect(cache.lookup(token)?.refreshDue).toBe(true);
    time.advance(1);
    expect(cache.lookup(token)).toBeUndefined();
  });

  it('forgets one token on request (its refresh found the key revoked)', () => {
    const cache = new VerifiedKeyCache();
    const [first, second] = [issueApiKey(), issueApiKey()];
    cache.remember(first.token, principal('k1'), null);
    cache.remember(second.token, principal('k1'), null);
    cache.forget(first.token);
    expect(cache.get(first.token)).toBeUndefined();
    expect(cache.get(second.token)).toEqual(principal('k1'));
  });

  it('does not remember a lookup that began before a key was forgotten (it may have read the key before its revocation)', () => {
    const cache = new VerifiedKeyCache();
    const [revoked, other] = [issueApiKey(), issueApiKey()];
    const ticket = cache.ticket();
    cache.forgetKey('k1');
    cache.remember(revoked.token, principal('k1'), null, ticket);
    expect(cache.get(revoked.token)).toBeUndefined();
    cache.remember(other.token, principal('k2'), null, cache.ticket());
    expect(cache.get(other.token)).toEqual(principal('k2'));
  });

  it('knows only the exact token: another secret under the same prefix is a miss', () => {
    const cache = new VerifiedKeyCache();
    const { token } = issueApiKey();
    cache.remember(token, principal('k1'), null);
    expect(cache.get(token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeUndefined();
  });

  it('never outlives the key: an entry ends when the key expires, even within the TTL', () => {
    const time = clock();
    const cache = new VerifiedKeyCache({ ttlMs: 5_000, now: time.now });
    const { token } = issueApiKey();
    cache.remember(token, principal('k1'), new Date(time.now() + 1_000));
    time.advance(999);
    expect(cache.get(token)).toBeDefined();
    time.advance(1);
    expect(cache.get(token)).toBeUndefined();
  });

  it('forgets every token of a revoked key at once, and only those', () => {
    const cache = new VerifiedKeyCache();
    const [first, second, other] = [issueApiKey(), issueApiKey(), issueApiKey()];
    cache.remember(first.token, principal('k1'), null);
    cache.remember(second.token, principal('k1'), null);
    cache.remember(other.token, principal('k2'), null);
    cache.forgetKey('k1');
    expect(cache.get(first.token)).toBeUndefined();
    expect(cache.get(second.token)).toBeUndefined();
    expect(cache.get(other.token)).toEqual(principal('k2'));
  });

  it('stays bounded, dropping the oldest entry first', () => {
    const cache = new VerifiedKeyCache({ maxEntries: 2 });
    const [a, b, c] = [issueApiKey(), issueApiKey(), issueApiKey()];
    cache.remember(a.token, principal('a'), null);
    cache.remember(b.token, principal('b'), null);
    cache.remember(c.token, principal('c'), null);
    expect(cache.get(a.token)).toBeUndefined();
    expect(cache.get(b.token)).toEqual(principal('b'));
    expect(cache.get(c.token)).toEqual(principal('c'));
  });
});
