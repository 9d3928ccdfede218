import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { Redis } from 'ioredis';
import { MESHGUARD_CONFIG } from '../app/tokens.js';

export const windowSeconds = 60;

/** The current fixed window: its number, and the seconds until the next one starts (for Retry-After). */
export function currentWindow(nowMs = Date.now()): { window: number; secondsLeft: number } {
  const nowSeconds = Math.floor(nowMs / 1000);
  const window = Math.floor(nowSeconds / windowSeconds);
  return { window, secondsLeft: (window + 1) * windowSeconds - nowSeconds };
}

/**
 * Counters per fixed one-minute window in Redis, so every API process shares them. When Redis is down a count is
 * undefined and callers do not enforce their limit (reads stay available; writes that need Redis fail on their own).
 */
@Injectable()
export class WindowCounter implements OnApplicationShutdown {
  private readonly logger = new Logger(WindowCounter.name);
  private readonly redis: Redis;

  constructor(@Inject(MESHGUARD_CONFIG) private readonly config: MeshguardConfig) {
    this.redis = new Redis(config.redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  /** Adds one to `name` in the current window and returns the new count. */
  increment(name: string): Promise<number | undefined> {
    return this.add(name, 1);
  }

  /** Adds `amount` to `name` in `window` (default: the current one) and returns the new count. */
  add(name: string, amount: number, window = currentWindow().window): Promise<number | undefined> {
    return this.run(name, window, async (key) => {
      const [[, used]] = (await this.redis.multi().incrby(key, amount).expire(key, windowSeconds * 2).exec()) as [[unknown, number]];
      return used;
    });
  }

  /** The count of `name` in the current window, without adding to it. */
  read(name: string): Promise<number | undefined> {
    return this.run(name, currentWindow().window, async (key) => Number((await this.redis.get(key)) ?? 0));
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  private async run(name: string, window: number, work: (key: string) => Promise<number>): Promise<number | undefined> {
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      return await work(`${this.config.redis.queuePrefix}:ratelimit:${name}:${window}`);
    } catch (error) {
      this.logger.warn(`rate limit not enforced: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
