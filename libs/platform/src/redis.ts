import { Redis } from 'ioredis';

/** Connection options BullMQ workers require (blocking commands must not give up after N retries). */
export function bullConnectionOptions(url: string): { url: string; maxRetriesPerRequest: null; enableReadyCheck: boolean } {
  return { url, maxRetriesPerRequest: null, enableReadyCheck: true };
}

export type ProbeResult = { ok: true } | { ok: false; error: string };

/** Pings Redis once with a short timeout; never throws and never retries. */
export async function probeRedis(url: string, timeoutMs = 1_000): Promise<ProbeResult> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let connectionError: unknown;
  client.on('error', (error) => (connectionError ??= error));
  try {
    await withTimeout(client.connect().then(() => client.ping()), timeoutMs);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: describeError(connectionError ?? error) };
  } finally {
    client.disconnect();
  }
}

/** What an operator should do when Redis cannot be reached. */
export function redisUnreachableMessage(url: string, error: string): string {
  return (
    `Redis is unreachable at ${redactUrl(url)} (${error}). meshguard needs Redis for its job queues. ` +
    'Start one with `docker compose up -d redis`, or with Debian\'s redis-server: ' +
    '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379`, or set REDIS_URL to a reachable server.'
  );
}

/** A URL with any password replaced, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparsable url]';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
