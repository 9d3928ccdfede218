import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext, type OnApplicationShutdown } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { MeshguardConfig } from '@meshguard/config';
import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { MESHGUARD_CONFIG } from '../app/tokens.js';
import { PUBLIC_ROUTE } from '../auth/auth.decorators.js';
import { requestContextOf } from '../auth/request-context.js';
import { DomainError } from '../problems/domain-error.js';

const windowSeconds = 60;

/**
 * Limits requests per API key in fixed one-minute windows counted in Redis, so every API process shares the count.
 * When Redis is down the limit is not enforced (reads stay available; writes that need Redis fail on their own).
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitGuard.name);
  private readonly redis: Redis;

  constructor(
    private readonly reflector: Reflector,
    @Inject(MESHGUARD_CONFIG) private readonly config: MeshguardConfig,
  ) {
    this.redis = new Redis(config.redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const { principal } = requestContextOf(http.getRequest<Request>());
    const nowSeconds = Math.floor(Date.now() / 1000);
    const window = Math.floor(nowSeconds / windowSeconds);
    const limit = this.config.api.rateLimitPerMinute;
    const used = await this.count(`${this.config.redis.queuePrefix}:ratelimit:${principal.keyId}:${window}`);
    if (used === undefined) return true;
    const response = http.getResponse<Response>();
    response.setHeader('RateLimit-Limit', String(limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - used)));
    if (used > limit) {
      const retryAfterSeconds = (window + 1) * windowSeconds - nowSeconds;
      throw new DomainError('rate-limited', `This API key made more than ${limit} requests this minute; retry in ${retryAfterSeconds} s.`, [], {
        retryAfterSeconds,
      });
    }
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  private async count(key: string): Promise<number | undefined> {
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      const [[, used]] = (await this.redis.multi().incr(key).expire(key, windowSeconds * 2).exec()) as [[unknown, number]];
      return used;
    } catch (error) {
      this.logger.warn(`rate limit not enforced: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
