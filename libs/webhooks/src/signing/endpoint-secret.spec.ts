import { describe, expect, it } from 'vitest';
import { endpointSecretHint, generateEndpointSecret, isEndpointSecret } from './endpoint-secret.js';

describe('generateEndpointSecret', () => {
  it('makes distinct secrets carrying 256 random bits', () => {
    const secrets = new Set(Array.from({ length: 200 }, generateEndpointSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) {
      expect(isEndpointSecret(secret)).toBe(true);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64url')).toHaveLength(32);
    }
  });

  it('shows only a hint that does not contain the secret', () => {
    const secret = generateEndpointSecret();
    const hint = endpointSecretHint(secret);
    expect(hint).toBe(`whsec_…${secret.slice(-4)}`);
    expect(hint).not.toContain(secret.slice(6, 20));
    expect(isEndpointSecret('whsec_short')).toBe(false);
  });
});
