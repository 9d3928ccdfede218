// Benchmark: trends and the fleet overview over a year of history: 1,000 clusters × 365 daily scans (scan rows, their
// typed summaries and the fleet and label-pair rollups, not raw findings) and 100 lifecycle rows per cluster (half resolved), next to a neighbour
// tenant so row-level security really filters. The load method is api-load's (load-harness.mjs): per scenario a paced
// warm-up, then 3 rounds of an API window (paced open loop at 50 requests/s, as wrk2, from a separate process) and a
// window replaying the captured SQL paced the same way (the floor), alternating.
// Target (issue 17): API p99 ÷ SQL p99 <= 3 for every scenario whose SQL floor sustains the rate, served rate >= 99 %.
// Usage: node bench/trends-fleet.bench.mjs [seconds per window, default 10] [--keep] [--rounds=3] [--only=<part of a scenario name>]
//        [--reuse=<database URL printed by an earlier --keep run>: skips the seeding (minutes on a busy machine) and keeps the database]
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { printReport } from '@meshguard/bench';
import { loadConfig } from '@meshguard/config';
import { createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createTestDatabase } from '@meshguard/db/testing';
import { createApiApp } from '../dist/app/create-api-app.js';
import { issueApiKey } from '../dist/auth/api-key-secret.js';
import { getJson, measureScenario, newOwnerKey, scenarioRow } from './load-harness.mjs';

const seconds = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 10);
const rounds = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.split('=')[1] ?? 3);
const reuse = process.argv.find((arg) => arg.startsWith('--reuse='))?.slice('--reuse='.length);
const keep = process.argv.includes('--keep') || reuse !== undefined;
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const warmUpSeconds = 3;
const rate = 50;
const connections = 10;
const targetRatio = 3;
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
            'workload-' || g, now() - (g * 3 % 360) * interval '1 day' - c.jitter, c.id, g % 7 = 0,
            now() - interval '1 day', c.id,
            CASE WHEN g % 2 = 0 THEN now() - (g * 3 % 360) * interval '1 day' + (1 + g % 20) * interval '1 day' - c.jitter END,
            CASE WHEN g % 2 = 0 THEN c.id END
     -- Each cluster's scans collect at their own second of the hour (clusters never finish collecting at the same
     -- instant), so first-seen and resolved times are distinct per cluster, as in a real fleet.
     FROM (SELECT *, (abs(hashtext(id::text)) % 3600) * interval '1 second' AS jitter FROM clusters) c,
          generate_series(1, $2::int) AS g WHERE c.tenant_id = $1`,
    [tenantId, shape.problems],
  );
  await client.query('COMMIT');
  return performance.now() - started;
}

async function seedBoth(owner, measured, other) {
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
}


async function main() {
  const testDatabase = reuse ? { url: reuse } : await createTestDatabase({ migrate: true });
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
    const owner = new pg.Client({ connectionString: testDatabase.url });
    await owner.connect();
    const measured = reuse ? await newOwnerKey(owner, 'bench-trends', reuse) : await createTenant('bench-trends');
    const other = reuse ? await newOwnerKey(owner, 'bench-trends-neighbour', reuse) : await createTenant('bench-trends-neighbour');
    try {
      if (reuse) console.log(`reusing the seeded database ${reuse}`);
      else await seedBoth(owner, measured, other);
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
    const rows = [];
    for (const scenario of scenarios.filter((candidate) => !only || candidate.name.includes(only))) {
      const measured = await measureScenario({ baseUrl, token, pool: floorPool, scenario, rate, connections, seconds, warmUpSeconds, rounds, keep });
      rows.push(scenarioRow({ bench: 'trends-fleet', scenario, ...measured, rate, maxRatio: targetRatio }));
    }
    const leak = await getJson(baseUrl, other.token, `/v1/fleet?limit=500`);
    if (leak.items.some((cluster) => clusters.includes(cluster.id))) throw new Error('the neighbour tenant saw the measured tenant’s clusters');
    printReport(
      'trends-fleet bench: paced load on trends and the fleet overview against the same SQL replayed through pg (1,000 clusters x 365 days)',
      `per scenario a ${warmUpSeconds} s paced warm-up, then ${rounds} rounds of an API window and a SQL-floor window (${seconds} s each, order alternating), ${rate} req/s offered over ${connections} connections from a separate process; ratio = median API p99 ÷ median SQL p99`,
      rows,
    );
  } finally {
    await floorPool?.end();
    await app?.close();
    await database?.close();
    if (keep) console.log(`kept ${testDatabase.url}`);
    else await testDatabase.drop();
  }
}

await main();
