// Fault and scale suite (issue 16): `npm run soak [-- --minutes 10 --clusters 1000]`.
// One simulator process serves every cluster (virtual clusters by path, preset demo, a few dozen distinct states by
// seed); the API and two workers run on a throwaway PostgreSQL database and a redis-server of the soak's own, all on
// loopback. Clusters are registered through the API with schedules every 5 minutes (staggered by minute), and the
// runner also requests scans through the API while dashboard-like readers load fleet, trends and findings. Faults run
// throughout (soak-timeline.mjs). Afterwards schedules are removed, the queue drains, and the stored scans are
// checked (soak-checks.mjs). Prints a table; exits 1 when an assertion failed. Stops by itself.
import { fork } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadTestDatabaseConfig } from '@meshguard/config';
import { openDatabase } from '@meshguard/db';
import { createTestDatabase } from '@meshguard/db/testing';
import { queueNames } from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { Queue } from 'bullmq';
import { issueApiKey } from '../dist/auth/api-key-secret.js';
import { apiClient, eachLimited } from './soak-api-client.mjs';
import { activeScans, checkScans, cleanRescan } from './soak-checks.mjs';
import { databaseFaults, freePort, meshguardProcess, sleep, startRedis } from './soak-processes.mjs';
import { formatMs, percentile, table, tally } from './soak-stats.mjs';
import { faultTimeline } from './soak-timeline.mjs';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    clusters: { type: 'string', default: '1000' },
    states: { type: 'string', default: '40' },
    readers: { type: 'string', default: '4' },
    seed: { type: 'string' },
    'drain-minutes': { type: 'string', default: '15' },
    'keep-logs': { type: 'boolean', default: false },
  },
  strict: true,
});
const minutes = Number(flags.minutes);
const clusterCount = Number(flags.clusters);
const states = Math.min(Number(flags.states), clusterCount);
const seed = flags.seed === undefined ? randomInt(1, 2 ** 31 - 1) : Number(flags.seed);
for (const [name, value, min, max] of [['--minutes', minutes, 0.5, 120], ['--clusters', clusterCount, 1, 5000], ['--states', states, 1, 1000], ['--readers', Number(flags.readers), 0, 64], ['--drain-minutes', Number(flags['drain-minutes']), 1, 120]]) {
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`${name} must be a number from ${min} to ${max} (got ${value})`);
    process.exit(2);
  }
}
const runMs = minutes * 60_000;
const tenantCount = Math.max(1, Math.ceil(clusterCount / 100));
const log = (message) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);
log(`seed ${seed}: ${clusterCount} clusters (${states} distinct states) in ${tenantCount} tenants, ${minutes} min, 2 workers`);

const cleanups = [];
const failures = [];
let cleaning;
/** Stops every process the soak started and drops its database and Redis, once, whatever ended the run. */
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(`cleanup: ${error}`));
  })());
const abort = async (why) => {
  console.error(`soak aborted: ${why}`);
  await cleanUp();
  process.exit(1);
};
process.on('SIGINT', () => abort('SIGINT'));
process.on('SIGTERM', () => abort('SIGTERM'));
process.on('unhandledRejection', (error) => abort(error instanceof Error ? error.stack : String(error)));
let exitCode = 1;
try {
  exitCode = await soak();
} catch (error) {
  console.error(`soak aborted: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  await cleanUp();
}
process.exit(exitCode);

async function soak() {
  const logDir = await mkdtemp(join(tmpdir(), 'mg-soak-logs-'));
  const [redis, database] = await Promise.all([startRedis(), createTestDatabase({ migrate: true })]);
  cleanups.push(() => redis.remove());
  cleanups.push(() => (flags['keep-logs'] ? Promise.resolve() : database.drop()));
  const dbFaults = databaseFaults(loadTestDatabaseConfig().adminUrl, database.name);
  const simulator = await startFleetSimulator();
  cleanups.push(() => simulator.stop());

  const masterKeys = `soak:${randomBytes(32).toString('base64')}`;
  const tenants = await createTenants(database.url, masterKeys);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = apiClient(base);
  const env = (name, extra = {}) => ({
    SOAK_NAME: name,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `mgsoak-${randomUUID().slice(0, 8)}`,
    MASTER_KEYS: masterKeys,
    CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'info',
    ...extra,
  });
  const shared = env('shared');
  const withQueue = (name, extra) => ({ ...env(name, extra), QUEUE_PREFIX: shared.QUEUE_PREFIX });
  const apiProcess = meshguardProcess('api', withQueue('api', { PORT: String(port), HOST: '127.0.0.1' }), logDir);
  const workerEnv = { WORKER_METRICS_PORT: '0', WORKER_CONCURRENCY: '4', SCAN_THREADS: '1', SCANS_PER_TENANT_MAX: '8' };
  const workers = [1, 2].map((n) => meshguardProcess('worker', withQueue(`worker-${n}`, workerEnv), logDir));
  const all = [apiProcess, ...workers];
  cleanups.push(async () => {
    await Promise.all(all.map((p) => p.kill('SIGTERM')));
    log(`logs: ${logDir}`);
  });
  await apiProcess.start(async () => (await api.call('GET', '/healthz', { timeoutMs: 2_000 })).status === 200);
  await Promise.all(workers.map((w) => w.start((tail) => tail.includes('worker consuming queues'))));
  log(`API on ${base}, workers up; logs in ${logDir}`);

  const clusters = await registerClusters(api, tenants, simulator.kubeconfigs);
  log(`${clusters.length} clusters registered`);

  // ---- the run ----
  const runStartedAt = new Date();
  const deadline = Date.now() + runMs;
  const calls = [];
  const record = (kind, result) => calls.push({ kind, status: result.status, ms: result.ms, at: result.at });
  const rss = [];
  const outages = [];
  const timeline = faultTimeline(runMs, seed);
  const running = [
    dashboardReaders(api, tenants, deadline, record),
    scanRequester(api, clusters, deadline, record),
    sampleMemory([...workers, apiProcess], deadline, rss),
    runTimeline(timeline, { simulator, redis, dbFaults, workers, api, tenants, clusters, outages, record }),
  ];
  await Promise.all(running);
  const runEndedAt = new Date();
  log('run over: removing schedules, clearing faults, draining the queue');

  await simulator.setFaults({});
  await removeSchedules(redis.url, shared.QUEUE_PREFIX);
  const drainStarted = Date.now();
  const drainDeadline = drainStarted + Number(flags['drain-minutes']) * 60_000;
  let active = await activeScans(database.url);
  while (active > 0 && Date.now() < drainDeadline) {
    await sleep(2_000);
    active = await activeScans(database.url);
  }
  const drainMs = Date.now() - drainStarted;
  log(`drained in ${formatMs(drainMs)} (${active} still active)`);
  const rssAtEnd = await Promise.all(workers.map((w) => w.rssMb()));

  log(`clean re-scan of ${states} simulated states with the CLI`);
  const reference = await cleanRescan(
    Array.from({ length: states }, (_, state) => [state, simulator.kubeconfigs[state]]),
  );
  const checked = await checkScans(database.url, {
    clusters: new Map(clusters.map((c) => [c.id, c])),
    reference,
    runStartedAt,
    runEndedAt,
  });
  failures.push(...checked.failures);

  // ---- API behaviour ----
  const serverErrors = calls.filter((c) => c.status >= 500 && c.status !== 503);
  if (serverErrors.length > 0)
    failures.push(`${serverErrors.length} API answers were 5xx other than 503: ${tally(serverErrors, (c) => `${c.kind} ${c.status}`)}`);
  const noAnswer = calls.filter((c) => c.status === 0 && !outages.some((o) => c.at >= o.startedAt && c.at <= o.recoveredAt));
  if (noAnswer.length > 0) failures.push(`${noAnswer.length} API requests outside outages got no answer`);
  for (const outage of outages) {
    if (!outage.saw503) failures.push(`while ${outage.what} was down the API never answered 503`);
    if (!outage.recovered) failures.push(`after ${outage.what} came back the API did not recover within 2 minutes`);
  }
  const restarted = apiProcess.starts !== 1 || !apiProcess.alive();
  if (restarted) failures.push('the API process had to be restarted or died');

  // ---- figures ----
  const reads = calls.filter((c) => c.kind.startsWith('read ') && c.status >= 200 && c.status < 300);
  const readP99 = (kind) => formatMs(percentile(reads.filter((c) => c.kind === kind).map((c) => c.ms), 99));
  const finished = checked.finishedInRun;
  const growth = rssGrowth(rss);
  const simStats = await simulator.stats();
  const rows = [
    ['command', `npm run soak -- ${process.argv.slice(2).filter((arg, i, all) => arg !== '--seed' && all[i - 1] !== '--seed').concat(['--seed', String(seed)]).join(' ')}`],
    ['clusters / tenants / states', `${clusterCount} / ${tenantCount} / ${states}`],
    ['scans finished during the run', `${finished.length} (${tally(finished, (s) => s.status)})`],
    ['scans/min', (finished.length / minutes).toFixed(1)],
    ['scans in total (incl. drain)', `${checked.scans.length} (${tally(checked.scans, (s) => `${s.trigger}:${s.status}`)})`],
    ['queue latency p50 / p99', `${formatMs(percentile(checked.queueLatencies, 50))} / ${formatMs(percentile(checked.queueLatencies, 99))}`],
    ['drain after the run', formatMs(drainMs)],
    ['API reads (2xx)', `${reads.length}, p50 ${formatMs(percentile(reads.map((c) => c.ms), 50))}, p99 ${formatMs(percentile(reads.map((c) => c.ms), 99))}`],
    ['API p99 fleet / trends / findings', `${readP99('read fleet')} / ${readP99('read trends')} / ${readP99('read findings')}`],
    ['API answers by status', tally(calls, (c) => String(c.status))],
    ...outages.map((o) => [`${o.what} down ${formatMs(o.downMs)}`, `503s ${o.count503}, 500s ${o.count500}, recovered ${o.recovered ? `${formatMs(o.recoveredAt - o.upAt)} after it was back` : 'NO'}`]),
    ['PostgreSQL connections killed', String(outages.terminated ?? 0)],
    ['worker SIGKILLs', String(workers.reduce((n, w) => n + w.starts - 1, 0))],
    ['simulator faults injected', Object.entries(simStats.faults ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')],
    ...growth.map((g) => [`RSS ${g.name}`, g.text]),
    ['worker RSS at the end', rssAtEnd.map((mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)} MB`)).join(' / ')],
    ['clusters compared with a clean re-scan', `${checked.compared} (${checked.findingsCompared} findings)`],
    ['assertions', failures.length === 0 ? 'all held' : `${failures.length} FAILED`],
  ];
  console.log(`\n${table('meshguard soak (loopback; figures from a shared machine)', rows)}\n`);
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  if (failures.length > 0) console.log(`\nlogs kept in ${logDir}`);
  return failures.length === 0 ? 0 : 1;
}

async function startFleetSimulator() {
  const child = fork(new URL('./soak-simulator.mjs', import.meta.url), [JSON.stringify({ count: clusterCount, distinctStates: states, seed: 1000 + (seed % 1000), maxPageSize: 25 })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  let nextId = 0;
  const ask = (message, answer) =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (reply) => {
        if (reply.type === answer && reply.id === id) {
          child.off('message', onMessage);
          resolve(reply);
        }
      };
      child.on('message', onMessage);
      child.send({ ...message, id });
    });
  return {
    url: ready.url,
    kubeconfigs: ready.kubeconfigs,
    setFaults: (faults) => ask({ type: 'faults', faults }, 'faults-set'),
    stats: async () => (await ask({ type: 'stats' }, 'stats')).stats,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

async function createTenants(url, masterKeys) {
  const database = await openDatabase(loadConfig({ DATABASE_URL: url, MASTER_KEYS: masterKeys }).database);
  try {
    const tenants = [];
    for (let t = 0; t < tenantCount; t++) {
      const key = issueApiKey();
      const { tenantId } = await database.system.createTenant({
        name: `Soak team ${t}`,
        slug: `soak-${t}`,
        ownerKey: { name: 'soak owner', prefix: key.prefix, secretHash: key.secretHash },
      });
      tenants.push({ id: tenantId, token: key.token });
    }
    return tenants;
  } finally {
    await database.close();
  }
}

/** Registers every cluster through the API; schedules every 5 minutes, staggered over the minutes of the hour. */
async function registerClusters(api, tenants, kubeconfigs) {
  const clusters = [];
  await eachLimited(kubeconfigs, 8, async (kubeconfig, index) => {
    const tenant = tenants[index % tenants.length];
    const cron = `${index % 5}-59/5 * * * *`;
    const body = { name: `soak-${index}`, kubeconfig, labels: { soak: 'yes', state: String(index % states) }, schedule: { cron, timezone: 'UTC' } };
    for (let attempt = 1; ; attempt++) {
      const result = await api.call('POST', '/v1/clusters', { token: tenant.token, body, timeoutMs: 60_000 });
      if (result.status === 201) {
        clusters.push({ id: result.json.cluster.id, index, state: index % states, cron, tenant });
        return;
      }
      if (attempt >= 5) throw new Error(`registering cluster ${index} answered ${result.status}: ${result.text ?? result.error}`);
      await sleep(1_000 * attempt);
    }
  });
  return clusters;
}

/** Closed-loop readers of what a dashboard shows: the fleet, trends and findings of a random tenant. */
async function dashboardReaders(api, tenants, deadline, record) {
  const from = new Date(Date.now() - 24 * 3600_000).toISOString();
  const reads = [
    ['read fleet', '/v1/fleet?limit=50'],
    ['read trends', `/v1/trends?from=${encodeURIComponent(from)}`],
    ['read findings', '/v1/findings?limit=50&severity=high'],
    ['read clusters', '/v1/clusters?limit=50'],
  ];
  await Promise.all(
    Array.from({ length: Number(flags.readers) }, async (_, reader) => {
      for (let i = reader; Date.now() < deadline; i++) {
        const tenant = tenants[randomInt(tenants.length)];
        const [kind, path] = reads[i % reads.length];
        record(kind, await api.call('GET', path, { token: tenant.token }));
        await sleep(100);
      }
    }),
  );
}

/**
 * Requests scans through the API, half the fleet over the run, each with an Idempotency-Key that is retried as is
 * while the answer is 503 or missing (as a careful client does), so a lost enqueue is healed by the retry.
 */
async function scanRequester(api, clusters, deadline, record) {
  const total = Math.ceil(clusters.length / 2);
  const every = (runMs * 0.9) / total;
  const started = Date.now();
  const pending = [];
  for (let n = 0; n < total && Date.now() < deadline; n++) {
    await sleep(Math.max(0, started + n * every - Date.now()));
    const cluster = clusters[(n * 7919) % clusters.length];
    pending.push(
      (async () => {
        const key = `soak-${randomUUID()}`;
        for (let attempt = 1; attempt <= 30; attempt++) {
          const result = await api.call('POST', `/v1/clusters/${cluster.id}/scans`, { token: cluster.tenant.token, headers: { 'idempotency-key': key } });
          record('request scan', result);
          if (result.status !== 503 && result.status !== 0) return;
          await sleep(2_000);
        }
      })(),
    );
  }
  await Promise.all(pending);
}

async function sampleMemory(processes, deadline, samples) {
  while (Date.now() < deadline) {
    for (const p of processes) {
      const mb = await p.rssMb();
      if (mb !== undefined) samples.push({ at: Date.now(), name: p.name, start: p.starts, mb });
    }
    await sleep(5_000);
  }
}

/**
 * Per process incarnation: RSS once warmed up (a minute after its first sample) against its last sample, and the peak.
 * An incarnation that lived less than two minutes (a restarted worker in a short run) only reports its peak.
 */
function rssGrowth(samples) {
  const groups = new Map();
  for (const s of samples) {
    const key = `${s.name}${s.start > 1 ? ` (restart ${s.start - 1})` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups].map(([name, list]) => {
    const last = list[list.length - 1];
    const peak = `peak ${Math.round(Math.max(...list.map((s) => s.mb)))} MB`;
    const lived = (last.at - list[0].at) / 60_000;
    if (lived < 2) return { name, text: `lived ${lived.toFixed(1)} min, ${peak}` };
    const warm = list.find((s) => s.at - list[0].at >= 60_000);
    const delta = last.mb - warm.mb;
    return {
      name,
      text: `${Math.round(warm.mb)} → ${Math.round(last.mb)} MB over ${((last.at - warm.at) / 60_000).toFixed(1)} min after a minute's warm-up (${delta >= 0 ? '+' : ''}${Math.round(delta)} MB), ${peak}`,
    };
  });
}

async function runTimeline(timeline, context) {
  const { simulator, redis, dbFaults, workers, outages } = context;
  const started = Date.now();
  outages.terminated = 0;
  const background = [];
  for (const event of timeline.events) {
    await sleep(Math.max(0, started + event.at - Date.now()));
    switch (event.kind) {
      case 'simulator':
        log(`simulator faults: ${event.name}`);
        await simulator.setFaults(event.faults);
        break;
      case 'pg-terminate': {
        const killed = await dbFaults.terminate();
        outages.terminated += killed;
        log(`pg_terminate_backend: ${killed} connections of the app killed`);
        break;
      }
      case 'redis-restart':
        background.push(outage('Redis', event.outageMs, () => redis.stop(), () => redis.start(), context));
        break;
      case 'pg-down':
        background.push(
          outage('PostgreSQL', event.outageMs, async () => {
            outages.terminated += await dbFaults.down();
          }, () => dbFaults.up(), context),
        );
        break;
      case 'worker-kill': {
        const victim = workers[0];
        log(`SIGKILL ${victim.name} (pid ${victim.pid})`);
        await victim.kill('SIGKILL');
        background.push(sleep(event.restartAfterMs).then(() => restartLikeASupervisor(victim)));
        break;
      }
      default:
        throw new Error(`unknown fault ${event.kind}`);
    }
  }
  await Promise.all(background);
}

/** Starts the process again, and again after a pause when it exits at start-up (say, the database is down meanwhile). */
async function restartLikeASupervisor(process) {
  for (let attempt = 1; ; attempt++) {
    try {
      await process.start((tail) => tail.includes('worker consuming queues'));
      log(`${process.name} restarted`);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      log(`${process.name} failed to start (attempt ${attempt}); retrying in 3 s`);
      await sleep(3_000);
    }
  }
}

/**
 * Takes a dependency down for `downMs` while probing the API (readiness, a read, a scan request): the API must answer
 * 503 meanwhile, never 500, and serve again on its own once the dependency is back.
 */
async function outage(what, downMs, takeDown, bringUp, { api, tenants, clusters, outages, record }) {
  const tenant = tenants[0];
  const cluster = clusters.find((c) => c.tenant === tenant);
  const entry = { what, startedAt: Date.now(), downMs, count503: 0, count500: 0, saw503: false, recovered: false };
  outages.push(entry);
  log(`${what} down for ${formatMs(downMs)}`);
  await takeDown();
  const probe = async () => {
    const results = await Promise.all([
      api.call('GET', '/readyz', { timeoutMs: 10_000 }).then((r) => ['probe readyz', r]),
      api.call('GET', '/v1/clusters?limit=1', { token: tenant.token, timeoutMs: 10_000 }).then((r) => ['probe read', r]),
      api.call('POST', `/v1/clusters/${cluster.id}/scans`, { token: tenant.token, timeoutMs: 10_000 }).then((r) => ['probe scan', r]),
    ]);
    for (const [kind, r] of results) {
      record(kind, r);
      if (r.status === 503) entry.count503++;
      if (r.status >= 500 && r.status !== 503) entry.count500++;
    }
    return results;
  };
  const downUntil = Date.now() + downMs;
  while (Date.now() < downUntil) {
    const results = await probe();
    if (results.some(([, r]) => r.status === 503)) entry.saw503 = true;
    await sleep(500);
  }
  await bringUp();
  entry.upAt = Date.now();
  log(`${what} back`);
  while (Date.now() - entry.upAt < 120_000) {
    const results = await probe();
    if (results.every(([, r]) => r.status >= 200 && r.status < 300)) {
      entry.recovered = true;
      break;
    }
    await sleep(500);
  }
  entry.recoveredAt = Date.now();
}

async function removeSchedules(redisUrl, prefix) {
  const queue = new Queue(queueNames.scans, { connection: bullConnectionOptions(redisUrl), prefix });
  try {
    for (const scheduler of await queue.getJobSchedulers(0, -1)) await queue.removeJobScheduler(scheduler.key);
  } finally {
    await queue.close();
  }
}
