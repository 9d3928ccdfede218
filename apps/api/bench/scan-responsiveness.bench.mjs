// Benchmark (issue 19): the API's tail latency while a preset-L scan runs in the same process, as a ratio to the same
// API's tail when idle, measured in the same run. The built `npm start` process (API + worker + compute pool) runs on
// the embedded database (PGlite, as `npm start` does by default) or on PostgreSQL (--database=postgres); the
// simulator and the load generator each run in their own process. Load: paced-load.mjs, open loop, /healthz and
// GET /v1/tenant (auth + a tenant transaction) at 20 requests/s, a rate the API sustains on a shared host.
// Method (@meshguard/bench): 3 rounds of an idle window and a window over a whole scan, alternating (each round scans
// again). The in-scan window runs from the moment the scan is running until it has finished, so the store phase
// (the findings INSERT, the lifecycle, the rollups) is inside it, not only the collection a fixed window saw.
// Ratio = median p99 during ÷ median p99 idle. Also printed: scan durations, the longest request during each scan
// (the worst stall), and the API process's peak RSS (VmHWM: every thread, kept by the kernel).
// Target: p99 during <= 3x idle.
// Usage: node bench/scan-responsiveness.bench.mjs [seconds per idle window, default 15] [--rounds=3] [--preset=L]
//        [--database=embedded|postgres]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@meshguard/db/testing';
import { startSimulatorProcess } from '@meshguard/k8s-sim';
import { printReport, rowFromValues, statusKb, withMiss } from '@meshguard/bench';
import { pacedLoad, startPacedLoad } from './load-harness.mjs';

const seconds = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 15);
const rounds = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.split('=')[1] ?? 3);
const preset = process.argv.find((arg) => arg.startsWith('--preset='))?.split('=')[1] ?? 'L';
const engine = process.argv.find((arg) => arg.startsWith('--database='))?.split('=')[1] ?? 'embedded';
if (engine !== 'embedded' && engine !== 'postgres') throw new Error(`--database=${engine}: expected embedded or postgres`);
const rate = 20;
const targetRatio = 3;
const masterKeys = `bench:${randomBytes(32).toString('base64')}`;

const [database, simulator] = await Promise.all([
  engine === 'postgres'
    ? createTestDatabase({ migrate: true }).then((db) => ({ env: { DATABASE_URL: db.url }, drop: () => db.drop() }))
    : embeddedDataDir(),
  startSimulatorProcess(preset),
]);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let output = '';
const app = spawn(process.execPath, [fileURLToPath(new URL('../dist/all-in-one.js', import.meta.url))], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...database.env,
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
let load; // the in-scan load while it runs: stopped before the process is, or its requests would hold the shutdown
app.stdout.on('data', (chunk) => (output += chunk));
app.stderr.on('data', (chunk) => (output += chunk));

try {
  while (!output.includes('worker consuming queues')) {
    if (app.exitCode !== null) throw new Error(`meshguard did not start:\n${output}`);
    await sleep(200);
  }
  const token = output.match(/mgk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/)?.[0];
  const headers = { authorization: `Bearer ${token}` };
  const clusterId = await registerCluster(headers);
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
    load = startPacedLoad({ url: base, token, paths, rate, connections: 10 });
    let status = 'running';
    while (status === 'queued' || status === 'running') {
      await sleep(250);
      status = await scanStatus(scanId, headers);
    }
    during.push(await load.stop());
    load = undefined;
    if (status !== 'succeeded' && status !== 'partial') throw new Error(`the bench scan ended ${status}`);
    scans.push({ seconds: (performance.now() - scanStarted) / 1000 });
  }
  const peakRssMb = statusKb(app.pid, 'VmHWM') / 1024;
  const failedDuring = during.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
  const failedIdle = idle.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
  printReport(
    `scan responsiveness bench: API tail latency during a preset-${preset} scan in the same process (npm start on ${engine === 'postgres' ? 'PostgreSQL' : 'the embedded database'}), against the same API idle`,
    `${rounds} rounds of an idle window (${seconds} s) and a window over a whole scan, from running to finished; ${rate} req/s paced over ${paths.join(' + ')} from a separate process; ratio = median p99 during ÷ median p99 idle`,
    [
      missIfFailed(failedDuring, failedIdle, rowFromValues({
        bench: 'scan-responsiveness',
        case: `preset ${preset} scan, ${engine}, ${rate} req/s`,
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
          `longest request during each scan ${during.map((r) => r.max.toFixed(0)).join(', ')} ms (idle ${idle.map((r) => r.max.toFixed(0)).join(', ')}); ` +
          `peak RSS of the process (API + worker + scan threads)`,
      })),
    ],
  );
} catch (error) {
  // What the process said is the first thing to read when a round fails.
  process.stderr.write(`meshguard's output (last 8 KB):\n${output.slice(-8192)}\n`);
  throw error;
} finally {
  await load?.stop().catch(() => undefined);
  if (app.exitCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    const stuck = setTimeout(() => {
      process.stderr.write('meshguard did not stop within 60 s of SIGTERM: killed\n');
      app.kill('SIGKILL');
    }, 60_000);
    await exited;
    clearTimeout(stuck);
  }
  await simulator.stop();
  await database.drop();
}
process.exit(0);

// Through the API, as a user would: the cluster is contacted outside any transaction, so a preset-L one registers.
async function registerCluster(headers) {
  const response = await fetch(`${base}/v1/clusters`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `bench-${preset.toLowerCase()}`, kubeconfig: simulator.kubeconfig }),
  });
  if (response.status !== 201) throw new Error(`POST /v1/clusters answered ${response.status}: ${await response.text()}`);
  return (await response.json()).cluster.id;
}

/** A fresh data folder for the embedded database, removed afterwards (the same shape as a test database). */
async function embeddedDataDir() {
  const dataDir = await mkdtemp(join(tmpdir(), 'mg-scanresp-'));
  return { env: { DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
}

// A request that fails is a MISS, with the count in the note (a 503 is the API telling that the database did not
// become free within its wait: on the embedded database, the store's transaction holds its only session).
function missIfFailed(failedDuring, failedIdle, row) {
  const failed = [failedDuring && `${failedDuring} requests during the scans failed or were not 2xx`, failedIdle && `${failedIdle} idle`];
  return failedDuring + failedIdle > 0 ? withMiss(row, failed.filter(Boolean).join(', ')) : row;
}

async function scanStatus(scanId, headers) {
  const response = await fetch(`${base}/v1/scans/${scanId}`, { headers });
  if (response.status === 503) return 'running'; // asked again: the store holds the embedded database (see above)
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
