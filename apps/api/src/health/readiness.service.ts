import { Inject, Injectable } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { probeRedis } from '@meshguard/platform';
import { DATABASE, MESHGUARD_CONFIG } from '../app/tokens.js';

/** The database as readiness sees it: one cheap round trip. */
export interface PingableDatabase {
  ping(): Promise<void>;
}

export type DependencyName = 'database' | 'redis';
export type DependencyStatus = { status: 'up'; latencyMs: number } | { status: 'down'; error: string };

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  /** Dependencies that are down, by name; empty when ready. */
  failing: DependencyName[];
  checks: Record<DependencyName, DependencyStatus>;
}

/** Checks every dependency the API needs to serve requests, in parallel, each with a short timeout. */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(MESHGUARD_CONFIG) private readonly config: MeshguardConfig,
    @Inject(DATABASE) private readonly database: PingableDatabase,
  ) {}

  async check(): Promise<ReadinessReport> {
    const [database, redis] = await Promise.all([
      timed(() => this.database.ping()),
      timed(async () => {
        const result = await probeRedis(this.config.redis.url);
        if (!result.ok) throw new Error(result.error);
      }),
    ]);
    const checks = { database, redis };
    const failing = (Object.keys(checks) as DependencyName[]).filter((name) => checks[name].status === 'down');
    return { status: failing.length === 0 ? 'ready' : 'unavailable', failing, checks };
  }
}

async function timed(probe: () => Promise<void>): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await probe();
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  }
}
