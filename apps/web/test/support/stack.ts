import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createMeshguardClient, type MeshguardApi } from '@meshguard/api-client';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { defaultWebRoot } from '../../../api/src/app/serve-web-app.js';
import { startTestApi, type TestApi, type TestTenant } from '../../../api/test/support/test-api.js';

/** A real API (embedded database) serving the built dashboard, a worker, a simulated cluster, and one tenant. */
export interface Stack {
  api: TestApi;
  worker: RunningWorker;
  simulator: RunningSimulator;
  tenant: TestTenant;
  baseUrl: string;
  owner: MeshguardApi;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  if (!existsSync(`${defaultWebRoot}index.html`)) {
    throw new Error(`The dashboard is not built (${defaultWebRoot}): run \`npx nx run @meshguard/web:build\` first.`);
  }
  // The embedded engine, as `npm start` runs: the only mode that offers the demo cluster.
  const [api, simulator] = await Promise.all([startTestApi({}, { engine: 'embedded' }), startSimulator({ preset: 'demo' })]);
  const worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  const tenant = await api.createTenant('Web');
  await api.app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  return {
    api,
    worker,
    simulator,
    tenant,
    baseUrl,
    owner: createMeshguardClient(baseUrl, tenant.token),
    async close() {
      await worker.stop();
      await Promise.all([api.close(), simulator.stop()]);
    },
  };
}
