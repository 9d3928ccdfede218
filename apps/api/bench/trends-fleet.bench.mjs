// Benchmark: trends and the fleet overview over a year of history: 1,000 clusters × 365 daily scans (scan rows, their
// typed summaries and the fleet and label-pair rollups, not raw findings) and 100 lifecycle rows per cluster (half
// resolved), next to a neighbour tenant so row-level security really filters. Each scenario runs paced (open loop, as wrk2) at 50 requests/s and its
// captured SQL is replayed paced the same way (the floor); the ratio API p99 / SQL p99 shows the API's own cost.
// Target: p99 < 100 ms at 50 requests/s for each scenario. Usage: node bench/trends-fleet.bench.mjs [seconds, default 15]
import { randomBytes, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '@meshguard/config';
import { createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createTestDatabase } from '@meshguard/db/testing';
import { createApiApp } from '../dist/app/create-api-app.js';
import { issueApiKey } from '../dist/auth/api-key-secret.js';

const seconds = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 15);
const keep = process.argv.includes('--keep');
const floorSeconds = Math.max(5, Math.round(seconds / 2));
const warmUpSeconds = 3;
const rate = 50;
const connections = 10;
const targetP99Ms = 100;
const fleet = { clusters: 1000, days: 365, problems: 100 };
const neighbour = { clusters: 50, days: 365, problems: 100 };

let rollupMs = 0;

async function seedTenant(client, tenantId, shape) {
  const started = performance.now();
  await client.query('BEGIN');
  await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
  await client.query(
    `INSERT INTO clusters (tenant_id, name, labels, server_url, access_level, server_version, schedule_cron, created_at)
     SELECT $1, 'cluster-' || lpad(i::text, 4, '0'),
            jsonb_build_object('env', (ARRAY['prod','staging','dev'])[1 + i % 3], 'team', 'team-' || (i % 25)),
            'https://10.0.0.1:6443', 'read_only', (ARRAY['v1.29.4','v1.31.4','v1.33.1'])[1 + i % 3], '0 3 * * *',
            now() - interval '400 days'
     FROM generate_series(1, $2::int) AS i`,
    [tenantId, shape.clusters],
  );
  // One scan a day per cluster for a year, the first its baseline; its summary row carries the numbers trends read.
  await client.query(
    `INSERT INTO scans (id, tenant_id, cluster_id, status, trigger, requested_at, started_at, finished_at, collected_at,
                        coverage, summary, score, baseline, server_version)
     SELECT gen_random_uuid(), c.tenant_id, c.id, 'succeeded', 'schedule', t, t, t + interval '40 seconds', t,
            '{"status": "complete", "gaps": []}'::jsonb, '{}'::jsonb, 50 + (d % 50), d = 0, c.server_version
     FROM clusters c, generate_series(0, $1::int - 1) AS d, LATERAL (SELECT now() - ($1::int - d) * interval '1 day' AS t) AS at
     WHERE c.tenant_id = $2`,
    [shape.days, tenantId],
  );
  await client.query(
    `INSERT INTO scan_summaries (tenant_id, scan_id, cluster_id, collected_at, baseline, score, open_critical, open_high,
                                 open_medium, open_low, open_info, waived, new_findings, resolved_findings,
                                 score_by_framework, open_by_area, control_counts, labels)
     SELECT s.tenant_id, s.id, s.cluster_id, s.collected_at, s.baseline, s.score, (h % 5), 3 + (h % 7), 10 + (h % 11), 20, 5, 2,
            CASE WHEN s.baseline THEN 0 ELSE h % 4 END, h % 3,
            jsonb_build_object('cis-k8s-v1.10', s.score - 5, 'nsa-cisa-v1.2', s.score + 3, 'pss-baseline', s.score, 'soc2', s.score - 1),
            jsonb_build_object('networkpolicy', 10 + h % 9, 'workload', 12 + h % 5, 'rbac', 4, 'ingress', 2 + h % 3),
            jsonb_build_object('cis-k8s-v1.10', jsonb_build_object('pass', 60 + h % 10, 'fail', 20 - h % 10, 'manual', 30,
                               'not-applicable', 5, 'not-assessable', 1)),
            s.labels
     FROM (SELECT s.*, c.labels, abs(hashtext(s.id::text)) AS h FROM scans s JOIN clusters c ON c.tenant_id = s.tenant_id AND c.id = s.cluster_id
            WHERE s.tenant_id = $1) s`,
    [tenantId],
  );
  // The fleet and label-pair rollups the worker keeps scan by scan, built here in one pass from the summaries.
  const rollupsStarted = performance.now();
  await client.query('SELECT meshguard_rebuild_trend_rollups($1)', [tenantId]);
  rollupMs += performance.now() - rollupsStarted;
  await client.query(
    `INSERT INTO finding_lifecycles (tenant_id, cluster_id, fingerprint, rule_id, area, severity, status, resource_kind,
                                     resource_namespace, resource_name, first_seen_at, first_seen_scan_id, from_baseline,
                                     last_seen_at, last_seen_scan_id, resolved_at, resolved_scan_id)
     SELECT c.tenant_id, c.id, md5(c.id::text || g), 'rule-' || (g % 40), (ARRAY['networkpolicy','workload','rbac','ingress'])[1 + g % 4],
            (ARRAY['critical','high','medium','low','info']::severity[])[1 + g % 5], 'open', 'Deployment', 'ns-' || (g % 10),
            'workload-' || g, now() - (g * 3 % 360) * interval '1 day', c.id, g % 7 = 0,
            now() - interval '1 day', c.id,
            CASE WHEN g % 2 = 0 THEN now() - (g * 3 % 360) * interval '1 day' + (1 + g % 20) * interval '1 day' END,
            CASE WHEN g % 2 = 0 THEN c.id END
     FROM clusters c, generate_series(1, $2::int) AS g WHERE c.tenant_id = $1`,
    [tenantId, shape.problems],
  );
  await client.query('COMMIT');
  return performance.now() - started;
}

/** Records every query the API's pg connections send while `work` runs (the pool is shared, so run one request at a time). */
async function captureSql(work) {
  const captured = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    if (typeof config === 'string') captured.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (config && typeof config.text === 'string') captured.push({ text: config.text, values: config.values ?? [] });
    return original.call(this, config, values, callback);
  };
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/**
 * Replays the captured statements of each request paced like paced-load.mjs: request i due at start + i / rate, at
 * most `connections` in flight, latency counted from the due time, on a pool the size of the API's.
 */
async function sqlFloor(pool, statementSets, durationSeconds) {
  const total = rate * durationSeconds;
  const latencies = [];
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  let issued = 0;
  const worker = async () => {
    while (issued < total && performance.now() < deadline) {
      const i = issued++;
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const client = await pool.connect();
      try {
        for (const { text, values } of statementSets[i % statementSets.length]) await client.query(text, values);
      } finally {
        client.release();
      }
      latencies.push(performance.now() - due);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / elapsed };
}

/** A load generator script in a child process: in this one it would compete with the API for the event loop. */
function runLoad(script, url, token, paths, seconds) {
  return new Promise((resolve, reject) => {
    const args = JSON.stringify({ url, token, paths, rate, connections, seconds });
    execFile(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), args], { maxBuffer: 64 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

async function getJson(baseUrl, token, path) {
  const response = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Served well below the offered rate: the open-loop queue grew for the whole run. */
const overCapacity = (paced) => paced.rps < rate * 0.95;

const format = (ms) => `${ms.toFixed(1).padStart(6)} ms`;

async function main() {
  const testDatabase = await createTestDatabase({ migrate: true });
  let database;
  let app;
  let floorPool;
  try {
    const config = loadConfig({
      DATABASE_URL: testDatabase.url,
      QUEUE_PREFIX: `mgbench-${randomUUID().slice(0, 8)}`,
      MASTER_KEYS: `bench-1:${randomBytes(32).toString('base64')}`,
      MASTER_KEY_ID: 'bench-1',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    });
    database = await openDatabase(config.database);
    const createTenant = async (name) => {
      const key = issueApiKey();
      const { tenantId } = await database.system.createTenant({ name, slug: name, ownerKey: { name: 'bench owner', prefix: key.prefix, secretHash: key.secretHash } });
      return { tenantId, token: key.token };
    };
    const measured = await createTenant('bench-trends');
    const other = await createTenant('bench-trends-neighbour');
    const owner = new pg.Client({ connectionString: testDatabase.url });
    await owner.connect();
    try {
      await owner.query('SET synchronous_commit = off');
      const seededMs = (await seedTenant(owner, measured.tenantId, fleet)) + (await seedTenant(owner, other.tenantId, neighbour));
      const analyzeStarted = performance.now();
      await owner.query('VACUUM ANALYZE');
      const counts = await owner.query(
        `SELECT t.slug, (SELECT count(*) FROM clusters c WHERE c.tenant_id = t.id) AS clusters,
                (SELECT count(*) FROM scan_summaries s WHERE s.tenant_id = t.id) AS summaries,
                (SELECT count(*) FROM finding_lifecycles l WHERE l.tenant_id = t.id) AS lifecycle,
                (SELECT count(*) FROM trend_rollups r WHERE r.tenant_id = t.id) AS rollups
         FROM tenants t ORDER BY t.slug`,
      );
      console.log(
        `seeded in ${(seededMs / 1000).toFixed(1)} s, of which rollups ${(rollupMs / 1000).toFixed(1)} s (+ VACUUM ANALYZE ${((performance.now() - analyzeStarted) / 1000).toFixed(1)} s): ` +
          counts.rows.map((row) => `${row.slug} ${row.clusters} clusters / ${row.summaries} scan summaries / ${row.lifecycle} lifecycle rows / ${row.rollups} rollup rows`).join(', '),
      );
    } finally {
      await owner.end();
    }

    const vault = createCredentialVault(await loadMasterKeyring(config));
    app = await createApiApp(config, { database, vault });
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    const token = measured.token;
    const clusters = (await getJson(baseUrl, token, '/v1/clusters?limit=500')).items.map((cluster) => cluster.id);
    const rotation = clusters.filter((_, i) => i % 25 === 0);
    const day = 86_400_000;
    const window = (days) => `from=${new Date(Date.now() - days * day).toISOString()}&to=${new Date().toISOString()}`;
    const scenarios = [
      { name: 'trends, whole fleet, 30 days by day', paths: [`/v1/trends?bucket=day&${window(30)}`, `/v1/trends?bucket=day&timeZone=Europe/Berlin&${window(30)}`] },
      { name: 'trends, whole fleet, a year by month', paths: [`/v1/trends?bucket=month&${window(365)}`] },
      { name: 'trends, label group env=prod, 30 days by day', paths: [`/v1/trends?selector=env=prod&bucket=day&${window(30)}`, `/v1/trends?selector=env=staging&bucket=week&framework=cis-k8s-v1.10&${window(30)}`] },
      { name: 'trends, one cluster, a year by day', paths: rotation.map((id) => `/v1/trends?clusterId=${id}&bucket=day&framework=cis-k8s-v1.10&${window(365)}`) },
      { name: 'MTTR, whole fleet by severity', paths: ['/v1/trends/mttr?groupBy=severity', '/v1/trends/mttr?groupBy=area'] },
      { name: 'fleet overview, worst first', paths: ['/v1/fleet?limit=50', '/v1/fleet?selector=env=prod&limit=50', '/v1/fleet?groupBy=env&limit=20'] },
    ];
    floorPool = new pg.Pool({ connectionString: testDatabase.url, max: 10, options: '-c role=meshguard_app' });
    let missed = 0;
    for (const scenario of scenarios) {
      const statementSets = [];
      for (const path of scenario.paths) statementSets.push(await captureSql(() => getJson(baseUrl, token, path)));
      if (keep) for (const { text, values } of statementSets[0]) console.log(`  sql: ${text.slice(0, 600)} ${JSON.stringify(values).slice(0, 200)}`);
      await runLoad('paced-load.mjs', baseUrl, token, scenario.paths, warmUpSeconds);
      const paced = await runLoad('paced-load.mjs', baseUrl, token, scenario.paths, seconds);
      if (paced.non2xx > 0 || paced.errors > 0) throw new Error(`${scenario.name}: ${paced.non2xx} answers were not 2xx, ${paced.errors} failed`);
      const floor = await sqlFloor(floorPool, statementSets, floorSeconds);
      const met = paced.p99 < targetP99Ms && !overCapacity(paced);
      if (!met) missed += 1;
      console.log(
        `${met ? 'PASS' : 'MISS'} ${scenario.name} (${statementSets[0].length} statements a request)\n` +
          `  API paced  p50 ${format(paced.p50)}  p99 ${format(paced.p99)}  ${paced.rps.toFixed(0)} req/s (${paced.requests} requests${overCapacity(paced) ? '; over capacity: requests queue and latency includes the wait' : ''})\n` +
          `  SQL paced  p50 ${format(floor.p50)}  p99 ${format(floor.p99)}  ${floor.rps.toFixed(0)} req/s   API p99 / SQL p99 = ${(paced.p99 / floor.p99).toFixed(2)}`,
      );
    }
    const leak = await getJson(baseUrl, other.token, `/v1/fleet?limit=500`);
    if (leak.items.some((cluster) => clusters.includes(cluster.id))) throw new Error('the neighbour tenant saw the measured tenant’s clusters');
    console.log(`${missed === 0 ? 'PASS' : 'MISS'}: ${scenarios.length - missed}/${scenarios.length} scenarios p99 < ${targetP99Ms} ms at ${rate} req/s paced`);
    if (missed > 0) process.exitCode = 1;
  } finally {
    await floorPool?.end();
    await app?.close();
    await database?.close();
    if (keep) console.log(`kept ${testDatabase.url}`);
    else await testDatabase.drop();
  }
}

await main();
