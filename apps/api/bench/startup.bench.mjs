// Benchmark (issue 17): how fast `npm start` (built all-in-one, embedded database) answers GET /readyz with 200, and
// how much memory it holds then.
//   - fresh: an empty data folder (the embedded database is created and migrated, the first tenant bootstrapped);
//   - restart: the same folder again (nothing to migrate);
//   - floor: a bare Node HTTP server in a child process, spawned and polled the same way, so the ratio says what
//     meshguard adds to starting Node at all;
//   - PGlite's share: a child that only opens the embedded database on an empty folder (as a fresh start does: the
//     pre-migrated snapshot unpacked, PostgreSQL started, the runtime role checked).
// Each round runs the four once, in that order; rounds repeat (default 3) and the table (@meshguard/bench) shows
// min / median / max and the ratios to the bare server.
// The verdict is on the cold (fresh) median: <= 3 s to ready and <= 350 MB RSS at ready (VmRSS of the process,
// read from /proc at the first 200).
// Usage: node bench/startup.bench.mjs [rounds, default 3]
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { checkRow, compareToFloor, printReport, statusKb } from '@meshguard/bench';

const rounds = Math.max(3, Number(process.argv[2] ?? 3));
const targetReadyMs = 3_000;
const targetRssMb = 350;
const entry = fileURLToPath(new URL('../dist/all-in-one.js', import.meta.url));
const pollEveryMs = 10;

const bareServer = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;
// Opens the embedded database as npm start does (snapshot unpacked, started, switched to the runtime role), then reports.
const embeddedOnly = `
  const started = performance.now();
  const { openDatabase } = await import(${JSON.stringify(new URL('../../../libs/db/dist/index.js', import.meta.url).href)});
  const imported = performance.now();
  const database = await openDatabase({ kind: 'embedded', dataDir: process.env.DATA_DIR });
  const opened = performance.now();
  process.stdout.write(JSON.stringify({ importMs: imported - started, openMs: opened - imported, rssMb: rssMb() }));
  await database.close();
  function rssMb() { return process.memoryUsage.rss() / 1048576; }
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const rssMbOf = (pid) => statusKb(pid, 'VmRSS') / 1024;
const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
/** User + system CPU time of the process so far (all its threads), from /proc: less sensitive to a busy machine than wall time. */
function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
}

/** Spawns `args`, polls `path` until it answers 200, and returns the time from spawn, the CPU time and the RSS then. */
async function timeToReady(args, env, path) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before it was ready:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`not ready within 120 s:\n${output}`);
      const status = await fetch(`http://127.0.0.1:${port}${path}`).then((response) => response.status, () => 0);
      if (status === 200) return { ms: performance.now() - started, cpuMs: cpuMsOf(child.pid), rssMb: rssMbOf(child.pid) };
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0 && code !== null && !output.includes('exited with')) console.error(`note: exit code ${code} after SIGTERM`);
  }
}

function runNode(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) =>
      code === 0 ? resolve({ ...JSON.parse(stdout), wallMs: performance.now() - started }) : reject(new Error(`exit ${code}: ${stderr}`)),
    );
  });
}

const { DATABASE_URL: _unset, ...baseEnv } = process.env;
const samples = { fresh: [], restart: [], bare: [], pglite: [] };
for (let round = 0; round < rounds; round++) {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshguard-startup-'));
  const pgliteDir = await mkdtemp(join(tmpdir(), 'meshguard-startup-pglite-'));
  try {
    const env = { ...baseEnv, NODE_ENV: 'production', DATA_DIR: dataDir, QUEUE_PREFIX: `mgbench-${randomUUID().slice(0, 8)}`, LOG_LEVEL: 'warn' };
    samples.fresh.push(await timeToReady([entry], env, '/readyz'));
    samples.restart.push(await timeToReady([entry], env, '/readyz'));
    samples.bare.push(await timeToReady(['-e', bareServer], baseEnv, '/'));
    samples.pglite.push(await runNode(['--input-type=module', '-e', embeddedOnly], { ...baseEnv, DATA_DIR: pgliteDir }));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(pgliteDir, { recursive: true, force: true });
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}

const seriesOf = (list, ms = (sample) => sample.ms) => ({ cold: list.map((sample) => ({ ms: ms(sample), cpuMs: sample.cpuMs })), warm: [] });
const measurements = {
  fresh: seriesOf(samples.fresh),
  restart: seriesOf(samples.restart),
  bare: seriesOf(samples.bare),
  pglite: seriesOf(samples.pglite, (sample) => sample.importMs + sample.openMs),
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const freshRss = median(samples.fresh.map((s) => s.rssMb));
const share = (100 * measurements.pglite.cold.map((s) => s.ms).sort((a, b) => a - b)[rounds >> 1]) / median(samples.fresh.map((s) => s.ms));
const base = { bench: 'startup', case: 'npm start, embedded database', floor: 'bare', floorLabel: 'bare Node HTTP server to its first 200' };
const fresh = compareToFloor(measurements, { ...base, subject: 'fresh', subjectLabel: 'fresh data folder to /readyz 200' });
printReport(
  'start-up bench: npm start (built all-in-one, embedded database) to /readyz, against a bare Node HTTP server',
  `${rounds} rounds of fresh start, restart, bare server and PGlite alone (each a new process, so every run is cold); verdicts on the cold median`,
  [
    fresh,
    checkRow({ ...base, subject: 'fresh start to /readyz, cold median', unit: 'ms', value: fresh.subjectCold.median, max: targetReadyMs, label: `≤ ${targetReadyMs} ms (quiet machine)` }),
    compareToFloor(measurements, { ...base, subject: 'fresh', subjectLabel: 'fresh: CPU time (user + system) to /readyz 200', metric: 'cpuMs' }),
    compareToFloor(measurements, { ...base, subject: 'restart', subjectLabel: 'restart (same folder) to /readyz 200' }),
    checkRow({ ...base, subject: 'RSS at ready, fresh (median)', unit: 'MB', value: freshRss, max: targetRssMb, label: `≤ ${targetRssMb} MB` }),
    compareToFloor(measurements, {
      ...base,
      subject: 'pglite',
      subjectLabel: 'PGlite alone: import + open (fresh folder)',
      note: `PGlite's share of a fresh start ≈ ${share.toFixed(0)} %; RSS after open ${median(samples.pglite.map((s) => s.rssMb)).toFixed(0)} MB; restart RSS at ready ${median(samples.restart.map((s) => s.rssMb)).toFixed(0)} MB, bare server ${median(samples.bare.map((s) => s.rssMb)).toFixed(0)} MB`,
    }),
  ],
);
