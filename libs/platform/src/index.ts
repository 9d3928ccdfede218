export { createLogger, PinoNestLogger, prettyLogsWanted } from './logger.js';
export { bullConnectionOptions, probeRedis, redisUnreachableMessage, redactUrl, type ProbeResult } from './redis.js';
export { runMain, onShutdownSignal } from './main-runner.js';
export * from './metrics/index.js';
export { drainHttpServer } from './http-drain.js';
