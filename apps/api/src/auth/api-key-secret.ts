import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `mgk_<prefix>_<secret>`: the prefix is public (shown in listings, used to find the key),
 * the secret is 256 random bits shown once and stored only as a SHA-256 hash (a slow hash adds nothing at this entropy).
 */
const keyPattern = /^mgk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  /** The whole key, to show the caller once. */
  token: string;
  prefix: string;
  secretHash: string;
}

export function issueApiKey(): IssuedApiKey {
  const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { token: `mgk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

/** Splits a presented key into prefix and secret; undefined when it is not shaped like one of ours. */
export function parseApiKey(token: string): { prefix: string; secret: string } | undefined {
  const match = keyPattern.exec(token);
  return match ? { prefix: match[1] as string, secret: match[2] as string } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
