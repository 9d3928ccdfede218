import { Injectable } from '@nestjs/common';
import { DomainError } from '../problems/domain-error.js';
import { currentWindow, WindowCounter } from './window-counter.js';

/** Failed authentications one client address may make per minute before further attempts are refused unlooked-up. */
export const failedAuthenticationsPerMinute = 60;

/**
 * Rate-limits unauthenticated traffic per client address: once an address has failed authentication this often in
 * the current minute, its next attempts get 429 with Retry-After before any database lookup. Keys already verified
 * (VerifiedKeyCache) are never held back, so a healthy client behind the same address keeps working.
 */
@Injectable()
export class FailedAuthenticationLimit {
  constructor(private readonly counter: WindowCounter) {}

  async assertAllowed(address: string): Promise<void> {
    const failures = await this.counter.read(`unauthenticated:${address}`);
    if (failures === undefined || failures < failedAuthenticationsPerMinute) return;
    const retryAfterSeconds = currentWindow().secondsLeft;
    throw new DomainError(
      'rate-limited',
      `Too many failed authentications from your address this minute; retry in ${retryAfterSeconds} s with a valid key.`,
      [],
      { retryAfterSeconds },
    );
  }

  async recordFailure(address: string): Promise<void> {
    await this.counter.increment(`unauthenticated:${address}`);
  }
}
