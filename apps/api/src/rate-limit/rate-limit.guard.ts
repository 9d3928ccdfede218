import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { MeshguardConfig } from '@meshguard/config';
import type { Request, Response } from 'express';
import { MESHGUARD_CONFIG } from '../app/tokens.js';
import { PUBLIC_ROUTE } from '../auth/auth.decorators.js';
import { requestContextOf } from '../auth/request-context.js';
import { DomainError } from '../problems/domain-error.js';
import { SyncedWindowCounter } from './synced-window-counter.js';
import { currentWindow } from './window-counter.js';

/**
 * Limits requests per API key in fixed one-minute windows, shared by every API process through Redis; counted in this
 * process and synced in the background (SyncedWindowCounter), so a request costs no Redis round trip.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly counter: SyncedWindowCounter,
    @Inject(MESHGUARD_CONFIG) private readonly config: MeshguardConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const { principal } = requestContextOf(http.getRequest<Request>());
    const limit = this.config.api.rateLimitPerMinute;
    const used = await this.counter.increment(`key:${principal.keyId}`);
    if (used === undefined) return true;
    const response = http.getResponse<Response>();
    response.setHeader('RateLimit-Limit', String(limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - used)));
    if (used > limit) {
      const retryAfterSeconds = currentWindow().secondsLeft;
      throw new DomainError('rate-limited', `This API key made more than ${limit} requests this minute; retry in ${retryAfterSeconds} s.`, [], {
        retryAfterSeconds,
      });
    }
    return true;
  }
}
