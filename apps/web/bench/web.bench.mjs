// Benchmark: the dashboard's initial route and the fleet page with 1,000 clusters, in Debian's headless Chromium,
// served by the real API over a seeded PostgreSQL database. Reports:
//   - the gzipped JavaScript the first screen loads (entry plus the chunks the fleet route pulls in): budget 250 KB;
//   - the time from navigation until the fleet table shows its first page (50 rows, worst first over all 1,000 clusters,
//     each with score and sparkline: one GET /v1/fleet), against a floor measured in the same run (the sign-in page,
//     which needs no API data), as a ratio. Budgets are printed, not asserted.
// Usage: npm run bench (builds first), or node bench/web.bench.mjs [runs, default 5]
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { loadConfig } from '@meshguard/config';
import { createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createTestDatabase } from '@meshguard/db/testing';
import { createApiApp } from '../../api/dist/app/create-api-app.js';
import { issueApiKey } from '../../api/dist/auth/api-key-secret.js';

const runs = Number(process.argv[2] ?? 5);
const clusters = 1000;
const scansPerCluster = 12;
const jsBudgetKb = 250;
const fleetBudgetMs = 2000;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function seed(url, tenantId) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await client.query(
      `INSERT INTO clusters (tenant_id, name, labels, server_url, access_level, server_version)
       SELECT $1, 'cluster-' || lpad(i::text, 4, '0'),
              jsonb_build_object('env', (ARRAY['prod','staging','dev'])[1 + i % 3], 'team', 'team-' || (i % 25)),
              'https://10.0.' || (i % 250) || '.1:6443', 'read_only', (ARRAY['v1.31.4','v1.33.2','v1.28.9'])[1 + i % 3]
       FROM generate_series(1, $2::int) AS i`,
      [tenantId, clusters],
    );
    await client.query(
      `INSERT INTO scans (tenant_id, cluster_id, status, trigger, requested_at, started_at, finished_at, collected_at,
                          coverage, summary, score, rules_version, server_version)
       SELECT c.tenant_id, c.id, 'succeeded', 'schedule', t, t, t + interval '40 seconds', t, '{"status":"complete","gaps":[]}'::jsonb,
              jsonb_build_object('findings', jsonb_build_object('bySeverity', jsonb_build_object('critical', (random() * 5)::int, 'high', (random() * 20)::int))),
              40 + random() * 60, '1.0.0', 'v1.31.4'
       FROM clusters c, generate_series(1, $1::int) AS s, LATERAL (SELECT now() - (s * interval '6 hours') AS t) AS at
       WHERE c.tenant_id = $2`,
      [scansPerCluster, tenantId],
    );
    // The per-scan rollups the fleet overview and its sparklines read (the worker writes one per finished scan).
    await client.query(
      `INSERT INTO scan_summaries (tenant_id, scan_id, cluster_id, collected_at, baseline, score, open_critical, open_high)
       SELECT s.tenant_id, s.id, s.cluster_id, s.collected_at, false, s.score,
              (s.summary #>> '{findings,bySeverity,critical}')::int, (s.summary #>> '{findings,bySeverity,high}')::int
       FROM scans s WHERE s.tenant_id = $1`,
      [tenantId],
    );
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

async function main() {
  const testDatabase = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: testDatabase.url,
    QUEUE_PREFIX: `mgbench-${randomUUID().slice(0, 8)}`,
    MASTER_KEYS: `bench-1:${randomBytes(32).toString('base64')}`,
    MASTER_KEY_ID: 'bench-1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
  });
  const database = await openDatabase(config.database);
  const app = await createApiApp(config, { database, vault: createCredentialVault(await loadMasterKeyring(config)) });
  const browser = await chromium.launch({
    executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const key = issueApiKey();
    const { tenantId } = await database.system.createTenant({ name: 'bench', slug: 'bench', ownerKey: { name: 'bench', prefix: key.prefix, secretHash: key.secretHash } });
    await seed(testDatabase.url, tenantId);
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${app.getHttpServer().address().port}`;

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const signInMs = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await page.goto(baseUrl);
      await page.getByRole('heading', { name: 'Sign in to meshguard' }).waitFor();
      signInMs.push(performance.now() - started);
    }
    await page.getByLabel('API key').fill(key.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();

    const fleetMs = [];
    let scriptBytes = new Map();
    for (let run = 0; run < runs; run++) {
      const scripts = new Map();
      const collect = async (response) => {
        if (response.request().resourceType() === 'script') scripts.set(response.url(), gzipSync(await response.body()).length);
      };
      page.on('response', collect);
      const started = performance.now();
      await page.goto(baseUrl);
      // Interactive: the first page (50 clusters, worst first) shows every row's score and sparkline.
      await page.locator('.fleet-table tbody tr .score:not(.score-none)').nth(49).waitFor({ timeout: 120_000 });
      await page.locator('.fleet-table tbody tr svg.sparkline').nth(49).waitFor({ timeout: 120_000 });
      fleetMs.push(performance.now() - started);
      page.off('response', collect);
      scriptBytes = scripts;
    }
    const rows = await page.locator('.fleet-table tbody tr').count();
    const jsKb = [...scriptBytes.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024;
    const floor = median(signInMs);
    const fleet = median(fleetMs);
    console.log(`web: initial route (fleet) JavaScript, gzipped: ${jsKb.toFixed(1)} KB in ${scriptBytes.size} files (budget ${jsBudgetKb} KB: ${jsKb <= jsBudgetKb ? 'within' : 'OVER'})`);
    console.log(
      `web: fleet page with ${clusters} clusters interactive (${rows} rows with scores on screen) in ${fleet.toFixed(0)} ms median of ${runs}; ` +
        `floor (sign-in page, no API data) ${floor.toFixed(0)} ms; ratio ${(fleet / floor).toFixed(1)}x ` +
        `(budget ${fleetBudgetMs} ms: ${fleet <= fleetBudgetMs ? 'within' : 'OVER'}; load average ${loadavg()[0].toFixed(1)})`,
    );
  } finally {
    await browser.close();
    await app.close();
    await database.close();
    await testDatabase.drop();
  }
}

await main();
