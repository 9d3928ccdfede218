import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src/index.js';
import { call, type ListBody } from './https-client.js';
import { namespaces, pods } from './fixture-objects.js';

describe('fault injection', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ objects: [...namespaces, ...pods(2000)] });
  });
  afterAll(() => sim.stop());

  it('adds latency to every request', async () => {
    sim.setFaults({ latencyMs: 150 });
    const res = await call(sim, '/api/v1/namespaces/ns-a/pods?limit=1', { token: 'read-only' });
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(140);
    expect(sim.stats().faults.latency).toBeGreaterThan(0);
  });

  it('answers 5xx at the configured rate, then lets the same request through after maxFaultsPerRequest', async () => {
    sim.setFaults({ serverErrorRate: 1, maxFaultsPerRequest: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(sim, '/api/v1/pods?limit=5', { token: 'read-only' })).status);
    expect(statuses).toEqual([500, 500, 200]);
    const res = await call(sim, '/api/v1/pods?limit=6', { token: 'read-only' });
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    sim.setFaults({ serverErrorRate: 1, serverErrorStatus: 503, retryAfterSeconds: 3 });
    const unavailable = await call(sim, '/api/v1/pods?limit=5', { token: 'read-only' });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('3');
  });

  it('throttles with 429, a Retry-After header and retryAfterSeconds in the Status', async () => {
    sim.setFaults({ throttleRate: 1, retryAfterSeconds: 2 });
    const res = await call(sim, '/api/v1/pods?limit=5', { token: 'read-only' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 2 },
    });
  });

  it('resets the connection in the middle of a list body', async () => {
    sim.setFaults({ resetRate: 1, maxFaultsPerRequest: 1 });
    const before = sim.stats().faults.reset;
    await expect(call(sim, '/api/v1/pods?limit=1000', { token: 'read-only' })).rejects.toThrow(
      /ECONNRESET|socket hang up|aborted|incomplete|closed/i,
    );
    expect(sim.stats().faults.reset).toBe(before + 1);
    const retry = await call(sim, '/api/v1/pods?limit=1000', { token: 'read-only' });
    expect((retry.json as ListBody).items).toHaveLength(1000);
  });

  it('expires continue tokens with 410 Gone at the configured rate, never the first page', async () => {
    sim.setFaults({ expireContinueRate: 1 });
    const first = await call(sim, '/api/v1/pods?limit=100', { token: 'read-only' });
    expect(first.status).toBe(200);
    const token = (first.json as ListBody).metadata.continue!;
    const next = await call(sim, `/api/v1/pods?limit=100&continue=${encodeURIComponent(token)}`, {
      token: 'read-only',
    });
    expect(next.status).toBe(410);
    expect(next.json).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
  });

  it('delays slow pages after sending the headers', async () => {
    sim.setFaults({ slowPageRate: 1, slowPageMs: 300 });
    const res = await call(sim, '/api/v1/pods?limit=10', { token: 'read-only' });
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(280);
    expect(sim.stats().faults['slow-page']).toBeGreaterThan(0);
  });

  it('leaves discovery and access reviews alone unless appliesTo is all', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    expect((await call(sim, '/apis', { token: 'read-only' })).status).toBe(200);
    sim.setFaults({ serverErrorRate: 1, appliesTo: 'all' });
    expect((await call(sim, '/apis', { token: 'read-only' })).status).toBe(500);
  });

  it('decides faults on continued pages by list position, not by the token text (which carries its issue time)', async () => {
    const pageStatuses = async () => {
      sim.setFaults({ seed: 3, serverErrorRate: 0.5, maxFaultsPerRequest: 1 });
      const statuses: number[] = [];
      let token: string | undefined;
      for (let page = 0; page < 8; page++) {
        const path = `/api/v1/pods?limit=100${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
        let res = await call(sim, path, { token: 'read-only' });
        statuses.push(res.status);
        if (res.status !== 200) res = await call(sim, path, { token: 'read-only' });
        token = (res.json as ListBody).metadata.continue;
        await new Promise((r) => setTimeout(r, 2));
      }
      return statuses;
    };
    const first = await pageStatuses();
    expect(first).toContain(500);
    expect(await pageStatuses()).toEqual(first);
  });

  it('makes the same decisions for the same seed, and different ones for another seed', async () => {
    const run = async (seed: number) => {
      sim.setFaults({ seed, serverErrorRate: 0.3, throttleRate: 0.2, maxFaultsPerRequest: 5 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++)
        statuses.push(
          (await call(sim, `/api/v1/namespaces/ns-b/pods?limit=${i + 1}`, { token: 'read-only' })).status,
        );
      return statuses;
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
    expect(a.filter((s) => s === 500).length).toBeGreaterThan(2);
    expect(a.filter((s) => s === 429).length).toBeGreaterThan(1);
    sim.setFaults({});
  });
});
