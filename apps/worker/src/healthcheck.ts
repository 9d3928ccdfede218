import { probeRedis, runMain } from '@meshguard/platform';

// Container health probe: the worker is healthy while it can reach its queues.
runMain('meshguard worker healthcheck', async (config) => {
  const redis = await probeRedis(config.redis.url, 2_000);
  if (!redis.ok) throw new Error(`Redis unreachable: ${redis.error}`);
  process.exit(0);
});
