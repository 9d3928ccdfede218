import type { AddressInfo } from 'node:net';
import { createMeshguardClient } from '@meshguard/api-client';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// The typed client generated from the committed OpenAPI document, against a listening API: if the contract and the
// server disagree, these calls or their types break.
let api: TestApi;
let simulator: RunningSimulator;
let tenant: TestTenant;
let baseUrl: string;

beforeAll(async () => {
  [api, simulator] = await Promise.all([startTestApi(), startSimulator({ preset: 'demo' })]);
  tenant = await api.createTenant('Client');
  await api.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all([api?.close(), simulator?.stop()]);
});

describe('the generated API client', () => {
  it('registers a cluster, requests a scan and reads it back', async () => {
    const client = createMeshguardClient(baseUrl, tenant.token);
    const registered = await client.POST('/v1/clusters', {
      body: { name: 'typed', labels: { env: 'dev' }, kubeconfig: simulator.kubeconfig({ token: 'read-only' }) },
    });
    expect(registered.response.status).toBe(201);
    const clusterId = registered.data!.cluster.id;
    const scan = await client.POST('/v1/clusters/{id}/scans', { params: { path: { id: clusterId } } });
    expect(scan.response.status).toBe(202);
    const fetched = await client.GET('/v1/scans/{id}', { params: { path: { id: scan.data!.id } } });
    expect(fetched.data).toMatchObject({ id: scan.data!.id, clusterId, status: 'queued' });
    const listed = await client.GET('/v1/clusters', { params: { query: { label: 'env=dev' } } });
    expect(listed.data?.items.map((cluster) => cluster.name)).toEqual(['typed']);
  });

  it('surfaces problem responses as typed errors', async () => {
    const client = createMeshguardClient(baseUrl, 'mgk_notarealkey0_' + 'x'.repeat(43));
    const result = await client.GET('/v1/tenant');
    expect(result.response.status).toBe(401);
    expect(result.data).toBeUndefined();
  });
});
