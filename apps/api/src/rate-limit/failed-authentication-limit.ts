import { Inject, Injectable } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { MESHGUARD_CONFIG } from '../app/tokens.js';
import { DomainError } from '../problems/domain-error.js';
import { currentWindow, WindowCounter } from './window-counter.js';

/**
 * Rate-limits unauthenticated traffic per client address: once an address has failed authentication
 * FAILED_AUTHENTICATIONS_PER_MINUTE times in the current minute, its next attempts get 429 with Retry-After before any
 * database lookup. Keys already verified (VerifiedKeyCache) are never held back, so a healthy client behind the same
 * address keeps working.
 */
@Injectable()
export class FailedAuthenticationLimit {
  private readonly perMinute: number;

  constructor(
    private readonly counter: WindowCounter,
    @Inject(MESHGUARD_CONFIG) config: MeshguardConfig,
  ) {
    this.perMinute = config.api.failedAuthenticationsPerMinute;
  }

  async assertAllowed(address: string): Promise<void> {
    const failures = await this.counter.read(`unauthenticated:${address}`);
    if (failures === undefined || failures < this.perMinute) return;
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
