import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@meshguard/config';
import { ClusterRepository, createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createTestDatabase, type TestDatabase } from '@meshguard/db/testing';
import { startSimulatorProcess, type SimulatorProcess } from '@meshguard/k8s-sim';
import { closedLocalPort } from '@meshguard/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 19: a large scan must not freeze the API that shares its process. The built `npm start` process (API and
// worker in one) scans simulator preset L while this test probes /healthz every 50 ms. The bound is a correctness
// property (the event loop is never blocked for long), not a speed target. Before the compute pool the loop was
// blocked for the whole evaluation: single probes waited ~7 s on a quiet machine, and a preset-L evaluation takes
// 60+ s on the shared 2-core CI host. The issue suggests 500 ms; 2 s is used because that host runs ~8 engineers'
// jobs at once (load average ~20), where any runnable process waits for a core: there the probes measured p99 ~300 ms
// and max ~1 s (the scan thread starting up, and the store's statements, which still run on the main thread).
const probeBoundMs = 2_000;
const entry = fileURLToPath(new URL('../dist/all-in-one.js', import.meta.url));

let database: TestDatabase;
let simulator: SimulatorProcess;
let child: ChildProcess;
let output = '';
let base: string;
const masterKeys = `test:${randomBytes(32).toString('base64')}`;

/**
 * Registers the simulator's cluster straight in the database, sealed with the process's master key. Registering a
 * preset-L cluster through POST /v1/clusters fails today: its access check runs inside the request's 15 s database
 * transaction and takes longer at L (reported separately); this test is about the scan.
 */
async function registerCluster(tenantId: string): Promise<string> {
  const config = loadConfig({ DATABASE_URL: database.url, MASTER_KEYS: masterKeys });
  const owner = await openDatabase(config.database);
  try {
    const vault = createCredentialVault(await loadMasterKeyring(config));
    return await owner.withTenant(tenantId, async (tx) => {
      const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig));
      const cluster = await new ClusterRepository().create(tenantId, {
        name: 'large',
        labels: {},
        serverUrl: 'https://127.0.0.1',
        credentialCiphertext: sealed.ciphertext as Uint8Array<ArrayBuffer>,
        credentialKeyId: sealed.dataKeyId,
        accessLevel: 'read-only',
        serverVersion: null,
        schedule: null,
      });
      return cluster.id;
    });
  } finally {
    await owner.close();
  }
}

beforeAll(async () => {
  [database, simulator] = await Promise.all([createTestDatabase({ migrate: true }), startSimulatorProcess('L')]);
  const port = await closedLocalPort();
  base = `http://127.0.0.1:${port}`;
  const { DATABASE_URL: _unset, ...env } = process.env;
  child = spawn(process.execPath, [entry], {
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      MASTER_KEYS: masterKeys,
      CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
      QUEUE_PREFIX: `mgtest-${randomUUID().slice(0, 8)}`,
      WORKER_METRICS_PORT: '0',
      SCAN_THREADS: '1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!output.includes('worker consuming queues')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`meshguard did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await simulator?.stop();
  await database?.drop();
});

async function probe(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${base}/healthz`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
  return performance.now() - started;
}

describe('a preset-L scan in the all-in-one process', () => {
  it('never keeps /healthz waiting: every probe during the scan answers within the bound', async () => {
    const token = output.match(/mgk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/)?.[0];
    expect(token, output).toBeDefined();
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const tenant = (await (await fetch(`${base}/v1/tenant`, { headers })).json()) as { id: string };
    const clusterId = await registerCluster(tenant.id);
    const requested = await fetch(`${base}/v1/clusters/${clusterId}/scans`, { method: 'POST', headers });
    expect(requested.status).toBe(202);
    const scanId = ((await requested.json()) as { id: string }).id;

    const probes: number[] = [];
    // Where each slow probe fell, to tell a blocked phase from a host that had no core to give (CI shares 2 cores).
    const slowest: { ms: number; atS: number; status: string }[] = [];
    const scanStarted = performance.now();
    let status = 'queued';
    let body: { status: string; failureReason?: string | null; summary?: { findings?: { total: number } } } = { status };
    const deadline = Date.now() + 600_000;
    while (!['succeeded', 'partial', 'failed'].includes(status)) {
      if (Date.now() > deadline) throw new Error(`the scan did not finish in time (status ${status})`);
      const ms = await probe();
      probes.push(ms);
      if (ms > 200) slowest.push({ ms: Math.round(ms), atS: Math.round((performance.now() - scanStarted) / 100) / 10, status });
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Every tenth probe also asks how the scan is doing: that request crosses auth, the database and RLS.
      if (probes.length % 10 === 0) {
        body = (await (await fetch(`${base}/v1/scans/${scanId}`, { headers })).json()) as typeof body;
        status = body.status;
      }
    }
    expect(status, JSON.stringify(body)).toBe('succeeded');
    expect(body.summary?.findings?.total).toBeGreaterThan(1_000);
    // Enough probes to have covered collection, evaluation and the store.
    expect(probes.length).toBeGreaterThan(50);
    const sorted = [...probes].sort((a, b) => a - b);
    const summary = {
      probes: probes.length,
      scanSeconds: Math.round((performance.now() - scanStarted) / 1000),
      p50: Math.round(sorted[Math.floor(sorted.length / 2)]!),
      p99: Math.round(sorted[Math.floor(sorted.length * 0.99)]!),
      max: Math.round(sorted.at(-1)!),
      slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, 8),
    };
    console.log('healthz during a preset-L scan (ms)', JSON.stringify(summary));
    console.log('the worker says', output.split('\n').find((line) => line.includes('"scan finished"')));
    expect(summary.max, JSON.stringify(summary)).toBeLessThan(probeBoundMs);
  }, 900_000);
});
