// Benchmark: the dashboard's initial route and the fleet page with 1,000 clusters, in Debian's headless Chromium,
// served by the real API over a seeded PostgreSQL database. Reports:
//   - the gzipped JavaScript the first screen loads (entry plus the chunks the fleet route pulls in): budget 250 KB;
//   - the time from navigation until the fleet table shows its first page (50 rows, worst first over all 1,000
//     clusters, each with score and sparkline: one GET /v1/fleet), budget 2,000 ms on the cold median, against a
//     floor measured in the same run: the sign-in page, which needs no API data.
// Method (@meshguard/bench): 3 sessions, each with two fresh browser contexts (empty caches; the fleet's context
// signed in through sessionStorage before any script runs), the sign-in page and the fleet page alternating for
// 3 rounds; a session's first navigation is cold (nothing cached), the later ones warm.
// Usage: npm run bench (builds first), or node bench/web.bench.mjs [--sessions=3] [--rounds=3]
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { alternate, benchArgs, checkRow, compareToFloor, mergeMeasurements, printReport } from '@meshguard/bench';
import { chromium } from 'playwright-core';
import { loadConfig } from '@meshguard/config';
import { createCredentialVault, loadMasterKeyring, openDatabase } from '@meshguard/db';
import { createTestDatabase } from '@meshguard/db/testing';
import { createApiApp } from '../../api/dist/app/create-api-app.js';
import { issueApiKey } from '../../api/dist/auth/api-key-secret.js';

const args = benchArgs();
const option = (name, fallback) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const sessions = option('sessions', 3);
const rounds = option('rounds', 3);
const clusters = 1000;
const scansPerCluster = 12;
const jsBudgetKb = 250;
const fleetBudgetMs = 2000;

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

    const newPage = async (token) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      if (token) await context.addInitScript((key) => sessionStorage.setItem('meshguard.apiKey', key), token);
      return { context, page: await context.newPage() };
    };
    const measurements = {};
    let scriptBytes = new Map();
    let rows = 0;
    for (let session = 0; session < sessions; session++) {
      const signIn = await newPage();
      const fleet = await newPage(key.token);
      try {
        mergeMeasurements(
          measurements,
          await alternate(
            {
              name: 'sign-in page',
              run: async () => {
                await signIn.page.goto(baseUrl);
                await signIn.page.getByRole('heading', { name: 'Sign in to meshguard' }).waitFor();
              },
            },
            [
              {
                name: 'fleet page',
                run: async () => {
                  const scripts = new Map();
                  const collect = async (response) => {
                    if (response.request().resourceType() === 'script') scripts.set(response.url(), gzipSync(await response.body()).length);
                  };
                  fleet.page.on('response', collect);
                  await fleet.page.goto(baseUrl);
                  await fleet.page.locator('.fleet-table tbody tr .score:not(.score-none)').nth(49).waitFor({ timeout: 120_000 });
                  await fleet.page.locator('.fleet-table tbody tr svg.sparkline').nth(49).waitFor({ timeout: 120_000 });
                  fleet.page.off('response', collect);
                  if (scripts.size > 0) scriptBytes = scripts;
                  rows = await fleet.page.locator('.fleet-table tbody tr').count();
                },
              },
            ],
            { rounds, rss: false },
          ),
        );
      } finally {
        await signIn.context.close();
        await fleet.context.close();
      }
    }
    const jsKb = [...scriptBytes.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024;
    const base = { bench: 'web', case: `fleet of ${clusters} clusters` };
    const fleetRow = compareToFloor(measurements, {
      ...base,
      floor: 'sign-in page',
      floorLabel: 'sign-in page (no API data)',
      subject: 'fleet page',
      subjectLabel: 'fleet page interactive (50 scores shown)',
      note: `${rows} rows on screen`,
    });
    printReport(
      'web bench: the dashboard in headless Chromium over the real API and a seeded database',
      `${sessions} sessions x ${rounds} rounds, fresh browser contexts per session (cold = empty cache), sign-in page and fleet page alternating; verdicts on the cold median`,
      [
        fleetRow,
        checkRow({ ...base, subject: 'fleet page interactive, cold median', unit: 'ms', value: fleetRow.subjectCold.median, max: fleetBudgetMs, label: `≤ ${fleetBudgetMs} ms` }),
        checkRow({ ...base, subject: `first screen JavaScript, gzipped (${scriptBytes.size} files)`, unit: 'KB', value: jsKb, max: jsBudgetKb, label: `≤ ${jsBudgetKb} KB` }),
      ],
    );
  } finally {
    await browser.close();
    await app.close();
    await database.close();
    await testDatabase.drop();
  }
}

await main();
