import { createLogger, onShutdownSignal, probeRedis, redisUnreachableMessage, runMain } from '@meshguard/platform';
import { startWorker } from './app/start-worker.js';

runMain('meshguard worker', async (config) => {
  const log = createLogger({ level: config.log.level, name: 'meshguard-worker' });
  if (config.database.kind === 'embedded') {
    throw new Error(
      'a separate worker process needs DATABASE_URL: the embedded database can only be opened by one process. ' +
        'Use `npm start` to run API and worker together on the embedded database, or set DATABASE_URL.',
    );
  }
  const redis = await probeRedis(config.redis.url);
  if (!redis.ok) throw new Error(redisUnreachableMessage(config.redis.url, redis.error));
  const worker = await startWorker(config, { log });
  log.info({ concurrency: config.worker.concurrency, metricsPort: worker.metricsPort }, 'worker consuming queues');
  onShutdownSignal(async (signal) => {
    log.info({ signal }, 'stopping: no new jobs, waiting for running ones');
    await worker.stop();
  });
});
