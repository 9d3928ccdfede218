import { describe, expect, it } from 'vitest';
import { RenewableToken } from './renewable-token.js';

describe('RenewableToken', () => {
  it('is due shortly before its expiry, and never without one', () => {
    let now = 0;
    const expiring = new RenewableToken(
      { token: 'a', expiresAt: new Date(60_000) },
      async () => ({ token: 'b' }),
      () => now,
    );
    expect(expiring.dueSoon).toBe(false);
    now = 55_000;
    expect(expiring.dueSoon).toBe(true);
    expect(new RenewableToken({ token: 'a' }, async () => ({ token: 'b' })).dueSoon).toBe(false);
  });

  it('renews once for requests that ask together, and not again for one that saw the old token late', async () => {
    let fetches = 0;
    const token = new RenewableToken({ token: 'gen-1' }, async () => ({ token: `gen-${++fetches + 1}` }));
    const renewed = await Promise.all([token.renew(), token.renew(), token.renew()]);
    expect(renewed).toEqual(['gen-2', 'gen-2', 'gen-2']);
    expect(await token.renew('gen-1')).toBe('gen-2');
    expect(fetches).toBe(1);
    expect(await token.renew('gen-2')).toBe('gen-3');
  });

  it('lets the next caller try again after a failed renewal', async () => {
    let fail = true;
    const token = new RenewableToken({ token: 'a' }, async () => {
      if (fail) throw new Error('plugin failed');
      return { token: 'b' };
    });
    await expect(token.renew()).rejects.toThrow('plugin failed');
    fail = false;
    expect(await token.renew()).toBe('b');
  });
});
