import type { MeshguardConfig } from '@meshguard/config';
import type { Database } from '@meshguard/db';
import { probeRedis, redisUnreachableMessage } from '@meshguard/platform';
import type { startWorker } from '@meshguard/worker';
import type { Logger } from 'pino';

const retryEveryMs = 5_000;

/**
 * Starts the worker inside this process once Redis answers. Until then the API keeps serving (readiness says
 * Redis is down) and the operator is told once how to start Redis.
 */
export function startWorkerWhenRedisIsUp(
  config: MeshguardConfig,
  database: Database,
  logger: Logger,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<Awaited<ReturnType<typeof startWorker>> | undefined> | undefined;
  let warned = false;

  const attempt = async (): Promise<void> => {
    if (stopped) return;
    const redis = await probeRedis(config.redis.url);
    if (stopped) return;
    if (!redis.ok) {
      if (!warned)
        logger.warn(`${redisUnreachableMessage(config.redis.url, redis.error)} Scans wait until it answers.`);
      warned = true;
      timer = setTimeout(() => void attempt(), retryEveryMs);
      return;
    }
    // The API's database: the embedded one can be opened only once per process. /metrics stays with the API process.
    // Loaded only now: the worker's code (rules engine, Kubernetes client, report renderers) is not needed to serve.
    running = import('@meshguard/worker')
      .then(({ startWorker: start }) => start(config, { log: logger, database, serveMetrics: false }))
      .then(
        (worker) => {
          logger.info({ concurrency: config.worker.concurrency }, 'worker consuming queues');
          return worker;
        },
        (error: unknown) => {
          logger.error({ err: error }, 'worker failed to start');
          return undefined;
        },
      );
  };
  void attempt();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await (await running)?.stop();
    },
  };
}
