// The API benches' shared load method (@meshguard/bench for HTTP): paced open-loop load from a separate process
// (paced-load.mjs, as wrk2), the endpoint's own SQL captured from the pg driver and replayed paced the same way on a
// pool the size of the API's (the floor), windows of both alternating, and one table row per scenario with
// API p99 ÷ SQL p99 and the served rate.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { issueApiKey } from '../dist/auth/api-key-secret.js';
import pg from 'pg';
import { rowFromValues, stats, withMiss } from '@meshguard/bench';

/** Served rate at or above this share of the offered rate counts as sustaining it. */
export const sustainedShare = 0.99;

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/** Records every query the API's pg connections send while `work` runs (the pool is shared, so run one request at a time). */
export async function captureSql(work) {
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

/**
 * Replays the captured statements of each request paced like paced-load.mjs: request i due at start + i / rate, at
 * most `connections` in flight, latency counted from the due time, on `pool` (the size of the API's).
 */
export async function sqlFloor(pool, statementSets, { rate, connections, seconds }) {
  const total = rate * seconds;
  const latencies = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
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
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / elapsed, requests: latencies.length };
}

/** Paced open-loop load in a child process (in this one it would compete with the API for the event loop). */
export function pacedLoad({ url, token, paths, rate, connections, seconds }) {
  return new Promise((resolve, reject) => {
    const args = JSON.stringify({ url, token, paths, rate, connections, seconds });
    execFile(process.execPath, [fileURLToPath(new URL('paced-load.mjs', import.meta.url)), args], { maxBuffer: 64 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

/** The same load with no set length: `stop()` ends it (requests in flight are awaited) and resolves to its result. */
export function startPacedLoad({ url, token, paths, rate, connections }) {
  let child;
  const result = new Promise((resolve, reject) => {
    const args = JSON.stringify({ url, token, paths, rate, connections, seconds: null });
    child = execFile(process.execPath, [fileURLToPath(new URL('paced-load.mjs', import.meta.url)), args], { maxBuffer: 64 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
  return {
    stop() {
      child.stdin.end();
      return result;
    },
  };
}

export async function getJson(baseUrl, token, path) {
  const response = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * One scenario: captures its SQL (one request per path), warms the API up, then `rounds` API windows and SQL-floor
 * windows alternating (API first in even rounds). Throws when an answer was not 2xx.
 */
export async function measureScenario({ baseUrl, token, pool, scenario, rate, connections, seconds, warmUpSeconds, rounds = 3, keep = false }) {
  const statementSets = [];
  for (const path of scenario.paths) {
    // One uncaptured request first: the API-key lookup (cached for a few seconds) is then not captured and replayed.
    await getJson(baseUrl, token, path);
    statementSets.push(await captureSql(() => getJson(baseUrl, token, path)));
  }
  if (keep) for (const { text, values } of statementSets[0]) console.log(`  sql: ${text.slice(0, 600)} ${JSON.stringify(values).slice(0, 200)}`);
  const load = { url: baseUrl, token, paths: scenario.paths, rate, connections };
  await pacedLoad({ ...load, seconds: warmUpSeconds });
  const api = [];
  const sql = [];
  const apiWindow = async () => {
    // The API runs in this process and the floor's pool is idle meanwhile: this process's CPU is the API's.
    const cpuBefore = process.cpuUsage();
    const result = await pacedLoad({ ...load, seconds });
    const cpu = process.cpuUsage(cpuBefore);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${scenario.name}: ${result.non2xx} answers were not 2xx, ${result.errors} failed`);
    api.push({ ...result, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / result.requests });
  };
  const sqlWindow = async () => {
    // The API is idle meanwhile: this process's CPU is the floor's (the pg driver's side of the same statements).
    const cpuBefore = process.cpuUsage();
    const result = await sqlFloor(pool, statementSets, { rate, connections, seconds });
    const cpu = process.cpuUsage(cpuBefore);
    sql.push({ ...result, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / result.requests });
  };
  for (let round = 0; round < rounds; round++) {
    for (const window of round % 2 === 0 ? [apiWindow, sqlWindow] : [sqlWindow, apiWindow]) await window();
  }
  return { api, sql, statements: statementSets[0].length };
}

/**
 * The scenario's row: API p99 ÷ SQL p99 (medians over the windows) against `maxRatio`, MISS when the API served less
 * than 99 % of the offered rate, and no verdict (said plainly) when the SQL floor itself cannot sustain the rate.
 */
export function scenarioRow({ bench, scenario, api, sql, statements, rate, maxRatio }) {
  const apiRate = stats(api.map((window) => window.rps));
  const sqlRate = stats(sql.map((window) => window.rps));
  const floorSustains = sqlRate.median >= rate * sustainedShare;
  const rates = `served ${apiRate.min.toFixed(0)}–${apiRate.max.toFixed(0)} req/s of ${rate} offered (SQL floor ${sqlRate.min.toFixed(0)}–${sqlRate.max.toFixed(0)}); API p50 median ${stats(api.map((w) => w.p50)).median.toFixed(1)} ms; API process CPU ${stats(api.map((w) => w.cpuMsPerRequest)).median.toFixed(2)} ms a request (median; the floor's ${stats(sql.map((w) => w.cpuMsPerRequest)).median.toFixed(2)} ms); ${statements} statements a request`;
  const row = rowFromValues({
    bench,
    case: `${scenario.name} @ ${rate}/s`,
    subject: 'API p99 (paced)',
    floor: 'same SQL via pg, p99 (paced)',
    unit: 'p99 ms',
    subjectValues: api.map((window) => window.p99),
    floorValues: sql.map((window) => window.p99),
    ...(floorSustains ? { maxRatio, label: `p99 ratio ≤ ${maxRatio}` } : {}),
    note: floorSustains ? rates : `the SQL floor itself cannot sustain ${rate} req/s, so no ratio target applies (needs its own fix); ${rates}`,
  });
  if (apiRate.min < rate * sustainedShare && floorSustains) return withMiss(row, `served rate fell below ${sustainedShare * 100} % of the offered rate`);
  return row;
}

/**
 * A kept database's tenant (by slug) with a fresh owner key, for `--reuse=<url>` runs: the tokens of the run that
 * seeded it are gone. `owner`: a pg client connected as the database owner.
 */
export async function newOwnerKey(owner, slug, databaseUrl) {
  const key = issueApiKey();
  const { rows } = await owner.query('SELECT id FROM tenants WHERE slug = $1', [slug]);
  if (!rows[0]) throw new Error(`no tenant ${slug} in ${databaseUrl}`);
  await owner.query(
    `INSERT INTO api_keys (tenant_id, name, prefix, secret_hash, role) VALUES ($1, 'bench owner', $2, $3, 'owner')`,
    [rows[0].id, key.prefix, key.secretHash],
  );
  return { tenantId: rows[0].id, token: key.token };
}
