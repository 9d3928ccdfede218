import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createMeshguardMetrics } from './meshguard-metrics.js';
import { metricsRequestHandler } from './metrics-request-handler.js';
import { parseExposition, sampleValue } from './testing/exposition-parser.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(registry: Registry): Promise<string> {
  server = createServer(metricsRequestHandler(registry));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

describe('metricsRequestHandler', () => {
  it('serves the registry as Prometheus text with the registry content type', async () => {
    const metrics = createMeshguardMetrics({ service: 'api' });
    metrics.recordFindingsStored(5);
    const url = await serve(metrics.registry);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);
    expect(metrics.registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const exposition = parseExposition(await response.text());
    expect(sampleValue(exposition, 'meshguard_findings_stored_total')).toBe(5);

    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 405 to other methods', async () => {
    const url = await serve(createMeshguardMetrics({ service: 'api', processMetrics: false }).registry);
    const response = await fetch(url, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 500 with the reason when a collector fails', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'broken',
      help: 'fails on collect',
      registers: [registry],
      collect() {
        throw new Error('source unavailable');
      },
    });
    const response = await fetch(await serve(registry));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('source unavailable');
  });
});
