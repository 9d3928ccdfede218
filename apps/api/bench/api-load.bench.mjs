// Benchmark: API load on loopback with a fleet-sized tenant (1,000 clusters, 1,000,000 findings) next to a second
// tenant, so row-level security really filters. Each scenario, after a paced warm-up, runs 3 rounds of two windows
// alternating (load-harness.mjs):
//   - API paced (paced-load.mjs, its own process): open loop at 200 requests/s, latency from each request's due time
//     (as wrk2), so queueing in the server is not hidden;
//   - SQL floor: the very SQL the endpoint ran (captured from the pg driver), replayed paced the same way on a pool the
//     size of the API's.
// Target (issue 17): API p99 ÷ SQL p99 <= 3 (medians over the windows) for every scenario whose SQL floor sustains the
// rate, and served rate >= 99 % of offered. Run with `npm run bench` (builds first).
// Usage: node bench/api-load.bench.mjs [seconds per window, default 10] [--keep] [--rounds=3] [--clusters N (default 1000)]
//        [--only=<text>] (only the scenarios whose name contains the text, to iterate on one)
//        [--reuse=<database URL printed by an earlier --keep run>] (skips the seeding and keeps the database)
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
const clustersFlag = process.argv.indexOf('--clusters');
// `--keep` leaves the seeded database behind (its URL is printed) and shows the SQL each scenario runs, to EXPLAIN it.
const reuse = process.argv.find((arg) => arg.startsWith('--reuse='))?.slice('--reuse='.length);
const keep = process.argv.includes('--keep') || reuse !== undefined;
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const warmUpSeconds = 5;
const rate = 200;
const connections = 20;
const targetRatio = 3;
const fleet = { clusters: clustersFlag > 0 ? Number(process.argv[clustersFlag + 1]) : 1000, scansWithFindings: 2, findingsPerScan: 500 };
const neighbour = { clusters: 50, scansWithFindings: 2, findingsPerScan: 500 };

const rules = [
  ['netpol-namespace-default-deny-ingress', 'networkpolicy', 'high'],
  ['netpol-namespace-default-deny-egress', 'networkpolicy', 'medium'],
  ['netpol-default-deny-neutralised', 'networkpolicy', 'high'],
  ['netpol-pod-reachable-from-internet', 'networkpolicy', 'critical'],
  ['netpol-lateral-path-to-secret-store', 'networkpolicy', 'critical'],
  ['workload-privileged-container', 'workload', 'critical'],
  ['workload-host-network', 'workload', 'high'],
  ['workload-run-as-root', 'workload', 'medium'],
  ['workload-no-resource-limits', 'workload', 'low'],
  ['workload-latest-image-tag', 'workload', 'low'],
  ['workload-no-readiness-probe', 'workload', 'info'],
  ['rbac-cluster-admin-binding', 'rbac', 'critical'],
  ['rbac-wildcard-verbs', 'rbac', 'high'],
  ['rbac-secrets-read', 'rbac', 'medium'],
  ['ingress-no-tls', 'ingress', 'high'],
  ['ingress-wildcard-host', 'ingress', 'medium'],
  ['service-nodeport-exposed', 'service', 'medium'],
  ['service-loadbalancer-no-source-ranges', 'service', 'high'],
  ['namespace-no-limit-range', 'namespace', 'low'],
  ['namespace-no-resource-quota', 'namespace', 'low'],
  ['monitoring-audit-logging', 'monitoring', 'medium'],
  ['secret-encryption-at-rest', 'secret', 'high'],
  ['patching-server-version-behind-patch', 'patching', 'medium'],
  ['workload-automount-service-account-token', 'workload', 'info'],
];
const kinds = ['Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'Service', 'Ingress', 'NetworkPolicy', 'Role'];
const namespaces = ['default', 'kube-system', 'payments', 'checkout', 'search', 'identity', 'monitoring', 'ingress-nginx', 'data', 'ml', 'web', 'batch', 'cache', 'queue', 'audit', 'ops'];
const sqlArray = (values) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

async function seedTenant(client, tenantId, shape) {
  const started = performance.now();
  await client.query('BEGIN');
  await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
  await client.query(
    `INSERT INTO clusters (tenant_id, name, labels, server_url, access_level, server_version, created_at)
     SELECT $1, 'cluster-' || lpad(i::text, 4, '0'),
            jsonb_build_object('env', (ARRAY['prod','staging','dev'])[1 + i % 3], 'team', 'team-' || (i % 25),
                               'region', (ARRAY['eu-west-1','us-east-1','ap-south-1','eu-central-1'])[1 + i % 4]),
            'https://10.' || (i / 250) || '.' || (i % 250) || '.1:6443', 'read_only', 'v1.31.4',
            now() - interval '90 days' + i * interval '1 hour'
     FROM generate_series(1, $2::int) AS i`,
    [tenantId, shape.clusters],
  );
  // Per cluster: a failed scan, then finished scans with findings, the newest last (one of them partial).
  await client.query(
    `INSERT INTO scans (tenant_id, cluster_id, status, trigger, requested_at, started_at, finished_at, collected_at,
                        coverage, summary, score, rules_version, server_version)
     SELECT c.tenant_id, c.id,
            CASE WHEN s = 0 THEN 'failed' WHEN s = $1::int AND random() < 0.1 THEN 'partial' ELSE 'succeeded' END::scan_status,
            'schedule', t, t + interval '5 seconds', t + interval '40 seconds', t + interval '10 seconds',
            '{}'::jsonb, CASE WHEN s > 0 THEN '{"findings": 500}'::jsonb END, CASE WHEN s > 0 THEN 60 + random() * 40 END,
            '1.0.0', 'v1.31.4'
     FROM clusters c, generate_series(0, $1::int) AS s, LATERAL (SELECT now() - (($1::int + 1 - s) * interval '1 day') AS t) AS at
     WHERE c.tenant_id = $2`,
    [shape.scansWithFindings, tenantId],
  );
  // Findings: a rule (with its area and severity), a resource and a fingerprint stable across a cluster's scans.
  await client.query(
    `WITH rule AS (
       SELECT r.ord - 1 AS n, r.id, a.area, s.severity::severity AS severity
       FROM unnest(${sqlArray(rules.map((r) => r[0]))}::text[]) WITH ORDINALITY AS r(id, ord)
       JOIN unnest(${sqlArray(rules.map((r) => r[1]))}::text[]) WITH ORDINALITY AS a(area, ord) USING (ord)
       JOIN unnest(${sqlArray(rules.map((r) => r[2]))}::text[]) WITH ORDINALITY AS s(severity, ord) USING (ord)
     ), finished AS (
       SELECT s.*, first_value(s.id) OVER (PARTITION BY s.cluster_id ORDER BY s.requested_at) AS first_id
       FROM scans s WHERE s.status <> 'failed' AND s.tenant_id = $1
     )
     INSERT INTO findings (tenant_id, cluster_id, scan_id, rule_id, area, severity, status, fingerprint,
                           resource_api_version, resource_kind, resource_namespace, resource_name, container,
                           message, evidence, exposure, first_seen_scan_id, created_at)
     SELECT f.tenant_id, f.cluster_id, f.id, rule.id, rule.area, rule.severity,
            CASE WHEN g % 37 = 0 THEN 'excepted' ELSE 'open' END::finding_status,
            md5(f.cluster_id::text || ':' || g),
            'apps/v1', (${sqlArray(kinds)})[1 + (g / 7) % ${kinds.length}],
            (${sqlArray(namespaces)})[1 + (g / 3) % ${namespaces.length}], 'workload-' || (g / 2),
            CASE WHEN g % 2 = 0 THEN 'app' END,
            rule.id || ' matched workload-' || (g / 2) || ': see the evidence for the offending fields and the remediation',
            jsonb_build_array(jsonb_build_object('pointer', '/spec/template/spec/containers/0/securityContext', 'value', '[redacted]')),
            (ARRAY['internet','cluster','isolated']::exposure[])[1 + g % 3],
            CASE WHEN g % 10 = 0 THEN f.id ELSE f.first_id END, f.finished_at
     FROM finished f CROSS JOIN generate_series(1, $2::int) AS g
     JOIN rule ON rule.n = (g * 7 + length(f.cluster_id::text)) % ${rules.length}`,
    [tenantId, shape.findingsPerScan],
  );
  await client.query('COMMIT');
  return performance.now() - started;
}

async function seedBoth(owner, measured, other) {
  await owner.query('SET synchronous_commit = off');
  const fleetMs = await seedTenant(owner, measured.tenantId, fleet);
  const otherMs = await seedTenant(owner, other.tenantId, neighbour);
  const analyzeStarted = performance.now();
  // VACUUM too: sets the visibility map (index-only scans) and leaves autovacuum nothing to do during the runs.
  await owner.query('VACUUM ANALYZE');
  const counts = await owner.query(
    `SELECT t.slug, (SELECT count(*) FROM clusters c WHERE c.tenant_id = t.id) AS clusters,
            (SELECT count(*) FROM findings f WHERE f.tenant_id = t.id) AS findings
     FROM tenants t ORDER BY t.slug`,
  );
  console.log(
    `seeded in ${((fleetMs + otherMs) / 1000).toFixed(1)} s (+ VACUUM ANALYZE ${((performance.now() - analyzeStarted) / 1000).toFixed(1)} s): ` +
      counts.rows.map((row) => `${row.slug} ${row.clusters} clusters / ${row.findings} findings`).join(', '),
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
      const { tenantId } = await database.system.createTenant({
        name,
        slug: name,
        ownerKey: { name: 'bench owner', prefix: key.prefix, secretHash: key.secretHash },
      });
      return { tenantId, token: key.token };
    };
    const owner = new pg.Client({ connectionString: testDatabase.url });
    await owner.connect();
    const measured = reuse ? await newOwnerKey(owner, 'bench-fleet', reuse) : await createTenant('bench-fleet');
    const other = reuse ? await newOwnerKey(owner, 'bench-neighbour', reuse) : await createTenant('bench-neighbour');
    try {
      if (reuse) console.log(`reusing the seeded database ${reuse}`);
      else await seedBoth(owner, measured, other);
    } finally {
      await owner.end();
    }

    const vault = createCredentialVault(await loadMasterKeyring(config));
    app = await createApiApp(config, { database, vault });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const baseUrl = `http://127.0.0.1:${port}`;
    const token = measured.token;

    // The request mixes: clusters in rotation; a deep page is ten pages into one cluster's filtered list.
    const clusters = [];
    for (let cursor; clusters.length < fleet.clusters; ) {
      const page = await getJson(baseUrl, token, `/v1/clusters?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      clusters.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const rotation = clusters.filter((_, i) => i % 10 === 0).map((cluster) => cluster.id);
    const filtered = rotation.map((id) => `/v1/findings?clusterId=${id}&severity=critical,high&limit=50`);
    const deep = [];
    for (const id of rotation.slice(0, 20)) {
      let path = `/v1/findings?clusterId=${id}&limit=20`;
      for (let page = 0; page < 10; page++) {
        const body = await getJson(baseUrl, token, path);
        if (!body.nextCursor) break;
        path = `/v1/findings?clusterId=${id}&limit=20&cursor=${body.nextCursor}`;
      }
      deep.push(path);
    }
    const scenarios = [
      { name: 'findings, one cluster, severity=critical,high', paths: filtered },
      { name: 'findings, one cluster, page 11 by cursor', paths: deep },
      { name: 'findings, whole fleet (latest scan of each cluster)', paths: ['/v1/findings?limit=50', '/v1/findings?severity=critical&limit=50', '/v1/findings?namespace=payments&limit=50'] },
      { name: 'clusters, label filter', paths: ['/v1/clusters?label=env=prod', '/v1/clusters?label=env=staging,team=team-3', '/v1/clusters?label=region=us-east-1&limit=100'] },
    ];

    floorPool = new pg.Pool({ connectionString: testDatabase.url, max: 10, options: '-c role=meshguard_app' });
    const rows = [];
    for (const scenario of scenarios.filter((candidate) => only === undefined || candidate.name.includes(only))) {
      // Every path answers 200 for the measured tenant (checked while its SQL is captured and in every window).
      const measured = await measureScenario({ baseUrl, token, pool: floorPool, scenario, rate, connections, seconds, warmUpSeconds, rounds, keep });
      rows.push(scenarioRow({ bench: 'api-load', scenario, ...measured, rate, maxRatio: targetRatio }));
    }
    const leak = await getJson(baseUrl, other.token, `/v1/findings?clusterId=${rotation[0]}&limit=1`).catch((error) => ({ error }));
    if (!leak.error && leak.items.length > 0) throw new Error('the neighbour tenant saw the measured tenant’s findings');
    printReport(
      `api-load bench: paced load on the API against the same SQL replayed through pg (${fleet.clusters.toLocaleString('en')} clusters, ${(fleet.clusters * fleet.scansWithFindings * fleet.findingsPerScan).toLocaleString('en')} findings)`,
      `per scenario a ${warmUpSeconds} s paced warm-up, then ${rounds} rounds of an API window and a SQL-floor window (${seconds} s each, order alternating), ${rate} req/s offered over ${connections} connections from a separate process; ratio = median API p99 ÷ median SQL p99 (a long-running server: warm windows)`,
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
