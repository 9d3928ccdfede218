import { createHash } from 'node:crypto';
import type { Principal } from './principal.js';

export interface VerifiedKeyCacheOptions {
  /** How long a verified key is trusted without asking the database again; default 5 s. */
  ttlMs?: number;
  /** Most keys remembered; past it the oldest entry is dropped. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  principal: Principal;
  /** Epoch ms after which the entry no longer counts. */
  until: number;
}

/**
 * Remembers, for a few seconds, which presented API keys the database verified and whom they stand for, so a busy
 * client does not cost two database round trips per request. Entries are keyed by a SHA-256 of the whole token (never
 * the token itself) and never outlive the key's own expiry. A key revoked through this process is forgotten as soon as
 * the revocation commits; one revoked elsewhere (another API process, the database) stops working within the TTL.
 * Failed verifications are not remembered.
 */
export class VerifiedKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: VerifiedKeyCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The principal of a token verified less than the TTL ago (and not expired since), or undefined. */
  get(token: string): Principal | undefined {
    const hash = tokenHash(token);
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  /** Records that the database verified `token` as `principal`; `expiresAt` is the key's own expiry. */
  remember(token: string, principal: Principal, expiresAt: Date | null): void {
    const until = Math.min(this.now() + this.ttlMs, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    const hash = tokenHash(token);
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { principal, until });
  }

  /** Forgets every token of the key (its revocation committed). */
  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.principal.keyId === keyId) this.entries.delete(hash);
  }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
