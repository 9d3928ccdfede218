import { randomBytes } from 'node:crypto';

const secretPrefix = 'whsec_';
const secretBytes = 32;
const secretPattern = /^whsec_[A-Za-z0-9_-]{43}$/;

/**
 * A new endpoint signing secret: `whsec_` followed by 256 random bits in base64url. Show it to the user once at
 * creation; afterwards only {@link endpointSecretHint} is displayed. The sender needs the secret itself to sign, so it
 * is stored encrypted (like cluster credentials), never hashed, and never returned by the API again.
 */
export function generateEndpointSecret(): string {
  return `${secretPrefix}${randomBytes(secretBytes).toString('base64url')}`;
}

/** Whether the text has the shape of a secret made by {@link generateEndpointSecret}. */
export function isEndpointSecret(text: string): boolean {
  return secretPattern.test(text);
}

/** A recognisable but non-secret rendering for lists and audit logs: `whsec_…` plus the last four characters. */
export function endpointSecretHint(secret: string): string {
  return `${secretPrefix}…${secret.slice(-4)}`;
}
