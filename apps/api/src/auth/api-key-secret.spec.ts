import { describe, expect, it } from 'vitest';
import { issueApiKey, parseApiKey, secretMatches } from './api-key-secret.js';

describe('API key secrets', () => {
  it('issues keys that parse back to their prefix and match their stored hash only', () => {
    const key = issueApiKey();
    const parsed = parseApiKey(key.token);
    expect(parsed?.prefix).toBe(key.prefix);
    expect(secretMatches(parsed!.secret, key.secretHash)).toBe(true);
    expect(secretMatches(parsed!.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), key.secretHash)).toBe(false);
    expect(key.secretHash).not.toContain(parsed!.secret);
  });

  it('never issues the same key twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => issueApiKey().token));
    expect(tokens.size).toBe(200);
  });

  it('rejects tokens that are not shaped like ours', () => {
    for (const token of ['', 'Bearer x', 'mgk_short_secret', `mgk_ABCDEFGHIJKL_${'a'.repeat(43)}`, `mgk_abcdefghijkl_${'a'.repeat(42)}`]) {
      expect(parseApiKey(token)).toBeUndefined();
    }
  });
});
