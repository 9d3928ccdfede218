import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('builds a missing value once and serves it after, and caches nothing when the build fails', async () => {
    const cache = new BoundedCache<string, object>(4);
    let builds = 0;
    const build = async () => ({ built: ++builds });
    const first = await cache.getOrBuild('scan-1', build);
    expect(await cache.getOrBuild('scan-1', build)).toBe(first);
    expect(builds).toBe(1);
    await expect(cache.getOrBuild('scan-2', () => Promise.reject(new Error('corrupt')))).rejects.toThrow('corrupt');
    expect(cache.get('scan-2')).toBeUndefined();
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
  });
});
