// Benchmark (issue 19): the API's tail latency while a preset-L scan runs in the same process, as a ratio to the same
// API's tail when idle, measured in the same run. The built `npm start` process (API + worker + compute pool) runs on
// PostgreSQL; the simulator and the load generator each run in their own process. Load: paced-load.mjs, open loop,
// /healthz and GET /v1/tenant (auth + a tenant transaction) at 20 requests/s, a rate the API sustains on a shared
// host. The idle window comes first; the scan window starts once the scan runs and is checked to end before it does.
// Method (@meshguard/bench): 3 rounds of an idle window and a window inside a scan, alternating (each round scans
// again); ratio = median p99 during ÷ median p99 idle. Also printed: scan durations and the API process's peak RSS
// (VmHWM: every thread, kept by the kernel). Target: p99 during <= 3x idle.
// Usage: node bench/scan-responsiveness.bench.mjs [seconds per window, default 15] [--rounds=3] [--preset=L]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@meshguard/config';
import { ClusterRepository, createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createTestDatabase } from '@meshguard/db/testing';
import { startSimulatorProcess } from '@meshguard/k8s-sim';
import { printReport, rowFromValues, statusKb } from '@meshguard/bench';
import { pacedLoad } from './load-harness.mjs';

const seconds = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 15);
const rounds = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.split('=')[1] ?? 3);
const preset = process.argv.find((arg) => arg.startsWith('--preset='))?.split('=')[1] ?? 'L';
const rate = 20;
const targetRatio = 3;
const masterKeys = `bench:${randomBytes(32).toString('base64')}`;

const [database, simulator] = await Promise.all([createTestDatabase({ migrate: true }), startSimulatorProcess(preset)]);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let output = '';
const app = spawn(process.execPath, [fileURLToPath(new URL('../dist/all-in-one.js', import.meta.url))], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    MASTER_KEYS: masterKeys,
    CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
    QUEUE_PREFIX: `mgbench-${randomUUID().slice(0, 8)}`,
    WORKER_METRICS_PORT: '0',
    // The load's own key must not be rate limited: the bench measures latency, not the limiter.
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
app.stdout.on('data', (chunk) => (output += chunk));
app.stderr.on('data', (chunk) => (output += chunk));

try {
  while (!output.includes('worker consuming queues')) {
    if (app.exitCode !== null) throw new Error(`meshguard did not start:\n${output}`);
    await sleep(200);
  }
  const token = output.match(/mgk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/)?.[0];
  const headers = { authorization: `Bearer ${token}` };
  const tenant = await (await fetch(`${base}/v1/tenant`, { headers })).json();
  const clusterId = await registerCluster(tenant.id);
  const paths = ['/healthz', '/v1/tenant'];

  await runLoad(token, paths, 3); // warm-up
  const idle = [];
  const during = [];
  const scans = [];
  for (let round = 0; round < rounds; round++) {
    idle.push(await runLoad(token, paths, seconds));
    const requested = await fetch(`${base}/v1/clusters/${clusterId}/scans`, { method: 'POST', headers });
    const scanId = (await requested.json()).id;
    const scanStarted = performance.now();
    while ((await scanStatus(scanId, headers)) === 'queued') await sleep(100);
    during.push(await runLoad(token, paths, seconds));
    const statusAfterWindow = await scanStatus(scanId, headers);
    let status = statusAfterWindow;
    while (status === 'queued' || status === 'running') {
      await sleep(500);
      status = await scanStatus(scanId, headers);
    }
    if (status !== 'succeeded' && status !== 'partial') throw new Error(`the bench scan ended ${status}`);
    scans.push({ seconds: (performance.now() - scanStarted) / 1000, inside: statusAfterWindow === 'running' });
  }
  const peakRssMb = statusKb(app.pid, 'VmHWM') / 1024;
  const failed = [...idle, ...during].reduce((sum, r) => sum + r.errors + r.non2xx, 0);
  if (failed > 0) throw new Error(`${failed} requests failed or were not 2xx`);
  const outside = scans.filter((scan) => !scan.inside).length;
  printReport(
    `scan responsiveness bench: API tail latency during a preset-${preset} scan in the same process (npm start on PostgreSQL), against the same API idle`,
    `${rounds} rounds of an idle window and a window inside a scan (${seconds} s each, ${rate} req/s paced over ${paths.join(' + ')} from a separate process); ratio = median p99 during ÷ median p99 idle`,
    [
      rowFromValues({
        bench: 'scan-responsiveness',
        case: `preset ${preset} scan, ${rate} req/s`,
        subject: 'API p99 during a scan',
        floor: 'API p99 idle',
        unit: 'p99 ms',
        subjectValues: during.map((r) => r.p99),
        floorValues: idle.map((r) => r.p99),
        maxRatio: targetRatio,
        label: `p99 ratio ≤ ${targetRatio}`,
        peakRssMb,
        note:
          `scans took ${scans.map((scan) => scan.seconds.toFixed(0)).join(', ')} s; served ${Math.min(...during.map((r) => r.rps)).toFixed(1)}–${Math.max(...during.map((r) => r.rps)).toFixed(1)} req/s during; ` +
          `peak RSS of the process (API + worker + scan threads)` +
          (outside ? `; ${outside} window(s) outlasted their scan: use a shorter window` : ''),
      }),
    ],
  );
} finally {
  if (app.exitCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
  }
  await simulator.stop();
  await database.drop();
}
process.exit(0);

// Registered straight in the database: POST /v1/clusters runs its access check inside a 15 s transaction, which a
// preset-L cluster outlasts (a separate bug); the bench is about the scan.
async function registerCluster(tenantId) {
  const config = loadConfig({ DATABASE_URL: database.url, MASTER_KEYS: masterKeys });
  const owner = await openDatabase(config.database);
  try {
    const vault = createCredentialVault(await loadMasterKeyring(config));
    return await owner.withTenant(tenantId, async (tx) => {
      const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig));
      const cluster = await new ClusterRepository().create(tenantId, {
        name: 'bench-L', labels: {}, serverUrl: 'https://127.0.0.1', credentialCiphertext: sealed.ciphertext,
        credentialKeyId: sealed.dataKeyId, accessLevel: 'read-only', serverVersion: null, schedule: null,
      });
      return cluster.id;
    });
  } finally {
    await owner.close();
  }
}

async function scanStatus(scanId, headers) {
  const response = await fetch(`${base}/v1/scans/${scanId}`, { headers });
  if (!response.ok) throw new Error(`GET /v1/scans/${scanId} answered ${response.status}: ${await response.text()}`);
  return (await response.json()).status;
}

function runLoad(token, paths, windowSeconds) {
  return pacedLoad({ url: base, token, paths, rate, connections: 10, seconds: windowSeconds });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: chosen } = server.address();
      server.close(() => resolve(chosen));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
