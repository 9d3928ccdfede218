import { describe, expect, it } from 'vitest';
import { probeRedis, redactUrl, redisUnreachableMessage } from './redis.js';
import { closedLocalPort } from './testing/closed-port.js';

describe('probeRedis', () => {
  it('answers ok for the local Redis', async () => {
    expect(await probeRedis('redis://127.0.0.1:6379')).toEqual({ ok: true });
  });

  it('reports a closed port as unreachable without throwing', async () => {
    const result = await probeRedis(`redis://127.0.0.1:${await closedLocalPort()}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/ECONNREFUSED|no answer/);
  });
});

describe('redisUnreachableMessage', () => {
  it('says how to start Redis and never prints the password', () => {
    const message = redisUnreachableMessage('redis://:hunter2@cache:6379', 'ECONNREFUSED');
    expect(message).toContain('docker compose up -d redis');
    expect(message).toContain('redis-server');
    expect(message).not.toContain('hunter2');
    expect(redactUrl('redis://:hunter2@cache:6379')).toBe('redis://:***@cache:6379');
  });
});
