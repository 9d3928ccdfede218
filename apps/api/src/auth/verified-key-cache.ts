import { createHash } from 'node:crypto';
import type { Principal } from './principal.js';

export interface VerifiedKeyCacheOptions {
  /** How long a verified key is trusted without asking the database again; default 5 s. */
  ttlMs?: number;
  /** Age after which the next lookup asks for a refresh in the background; default half the TTL. */
  refreshAfterMs?: number;
  /** Most keys remembered; past it the oldest entry is dropped. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  principal: Principal;
  /** Epoch ms after which the entry no longer counts. */
  until: number;
  /** Epoch ms from which a lookup asks for a refresh (once: the first such lookup claims it). */
  refreshFrom: number;
}

/** A remembered principal; `refreshDue` is true for exactly one lookup once the entry is old enough. */
export interface RememberedKey {
  principal: Principal;
  refreshDue: boolean;
}

/**
 * Remembers, for a few seconds, which presented API keys the database verified and whom they stand for, so a busy
 * client does not cost two database round trips per request. Entries are keyed by a SHA-256 of the whole token (never
 * the token itself) and never outlive the key's own expiry. A key revoked through this process is forgotten as soon as
 * the revocation commits; one revoked elsewhere (another API process, the database) stops working within the TTL.
 * Failed verifications are not remembered.
 * Past half its TTL an entry asks one caller to verify the key again in the background (`lookup`), so a key in steady
 * use never expires on the request path: no request waits for the lookup, and a revocation elsewhere still takes
 * effect within the TTL.
 */
export class VerifiedKeyCache {
  private readonly entries = new Map<string, Entry>();
  /** Counts forgets, so a lookup that began before one cannot remember what it read (see `remember`). */
  private forgets = 0;
  private readonly ttlMs: number;
  private readonly refreshAfterMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: VerifiedKeyCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.refreshAfterMs = options.refreshAfterMs ?? this.ttlMs / 2;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The principal of a token verified less than the TTL ago (and not expired since), or undefined. */
  get(token: string): Principal | undefined {
    return this.lookup(token)?.principal;
  }

  /** As `get`, and whether this caller should verify the token again (in the background) and `remember` it. */
  lookup(token: string): RememberedKey | undefined {
    const hash = tokenHash(token);
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    const refreshDue = entry.refreshFrom <= now;
    if (refreshDue) entry.refreshFrom = Number.POSITIVE_INFINITY;
    return { principal: entry.principal, refreshDue };
  }

  /** Take one before asking the database, and pass it to `remember`. */
  ticket(): number {
    return this.forgets;
  }

  /**
   * Records that the database verified `token` as `principal`; `expiresAt` is the key's own expiry. With the `ticket`
   * taken before the lookup, nothing is recorded when a key was forgotten meanwhile: the lookup may have read the key
   * before its revocation committed.
   */
  remember(token: string, principal: Principal, expiresAt: Date | null, ticket = this.forgets): void {
    if (ticket !== this.forgets) return;
    const now = this.now();
    const until = Math.min(now + this.ttlMs, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    const hash = tokenHash(token);
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { principal, until, refreshFrom: now + this.refreshAfterMs });
  }

  /** Forgets one token (its verification failed); a token never remembered changes nothing. */
  forget(token: string): void {
    if (this.entries.delete(tokenHash(token))) this.forgets += 1;
  }

  /** Forgets every token of the key (its revocation committed). */
  forgetKey(keyId: string): void {
    this.forgets += 1;
    for (const [hash, entry] of this.entries) if (entry.principal.keyId === keyId) this.entries.delete(hash);
  }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
