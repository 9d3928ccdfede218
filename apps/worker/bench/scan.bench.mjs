// Scan pipeline benchmark: an end-to-end scan (collect + evaluate + store) of simulator presets M and L, with each
// phase's share, and storing the findings as a ratio to a COPY of the same rows into the same database in the same
// run (the floor; target <= 2x). Collection and evaluation run on the compute pool (issue 19); the bench reports what
// crossing the thread boundary costs against the evaluation itself, and the process's peak RSS (the kernel's
// high-water mark, so synchronous phases cannot hide a peak).
// Run with `npm run bench` (builds first); `node bench/scan.bench.mjs M` for one preset.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ComputePool } from '@meshguard/compute';
import { loadConfig } from '@meshguard/config';
import { ClusterRepository, createCredentialVault, loadMasterKeyring, openDatabase, ScanRepository } from '@meshguard/db';
import { createTestDatabase } from '@meshguard/db/testing';
import { startSimulator } from '@meshguard/k8s-sim';
import { createLogger } from '@meshguard/platform';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { ScanPipeline } from '../dist/scans/scan-pipeline.js';

const presets = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const columns =
  'tenant_id, cluster_id, scan_id, rule_id, area, severity, status, fingerprint, resource_api_version, resource_kind, ' +
  'resource_namespace, resource_name, container, message, evidence, exposure, exception_id, first_seen_scan_id';

const testDatabase = await createTestDatabase({ migrate: true });
const config = loadConfig({
  DATABASE_URL: testDatabase.url,
  CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
  MASTER_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  SCAN_TIMEOUT_MS: '21600000',
});
const database = await openDatabase(config.database);
const vault = createCredentialVault(await loadMasterKeyring(config));
const owner = new pg.Client({ connectionString: testDatabase.url });
await owner.connect();
const log = createLogger({ level: 'silent', name: 'bench' });
const compute = new ComputePool({ threads: config.worker.scanThreads, maxHeapMb: config.worker.scanThreadMemoryMb });
const results = [];

try {
  for (const preset of presets.length ? presets : ['M', 'L']) {
    const simulator = await startSimulator({ preset });
    try {
      const suffix = randomUUID().slice(0, 8);
      const { tenantId } = await database.system.createTenant({
        name: `bench ${suffix}`,
        slug: `bench-${suffix}`,
        ownerKey: { name: 'bench', prefix: `mg_${suffix}`, secretHash: randomBytes(32).toString('hex') },
      });
      const clusterId = await database.withTenant(tenantId, async (tx) => {
        const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig()));
        const cluster = await new ClusterRepository().create(tenantId, {
          name: `bench-${preset}`, labels: {}, serverUrl: simulator.url, credentialCiphertext: sealed.ciphertext,
          credentialKeyId: sealed.dataKeyId, accessLevel: 'read_only', serverVersion: null, schedule: null,
        });
        return cluster.id;
      });
      const queued = await database.withTenant(tenantId, () => new ScanRepository().queue(tenantId, clusterId, 'api', null));
      const scanId = queued.scan.id;
      const started = performance.now();
      const result = await new ScanPipeline(database, vault, config, compute).run({ tenantId, clusterId, scanId }, { log });
      const totalMs = performance.now() - started;
      if (result.outcome === 'already-finished') throw new Error('the bench scan was already finished');

      // The floor: the same rows, exported as COPY text beforehand, COPYed into findings for another scan.
      const copyScan = await database.withTenant(tenantId, (tx) =>
        tx.scan.create({ data: { tenantId, clusterId, trigger: 'api', status: 'succeeded', finishedAt: new Date() } }),
      );
      const chunks = [];
      await owner.query(`SELECT set_config('app.tenant_id', $1, false)`, [tenantId]);
      await pipeline(
        owner.query(copyStreams.to(`COPY (SELECT tenant_id, cluster_id, '${copyScan.id}'::uuid, rule_id, area, severity, status,
          fingerprint, resource_api_version, resource_kind, resource_namespace, resource_name, container, message, evidence,
          exposure, exception_id, '${copyScan.id}'::uuid FROM findings WHERE scan_id = '${scanId}') TO STDOUT`)),
        new Writable({ write(chunk, _encoding, done) { chunks.push(chunk); done(); } }),
      );
      const copyStarted = performance.now();
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      await pipeline(Readable.from(chunks), owner.query(copyStreams.from(`COPY findings (${columns}) FROM STDIN`)));
      await owner.query('COMMIT');
      const copyMs = performance.now() - copyStarted;
      const copied = await owner.query('SELECT count(*)::int AS n FROM findings WHERE scan_id = $1', [copyScan.id]);
      if (copied.rows[0].n !== result.findings) throw new Error(`COPY stored ${copied.rows[0].n} rows, the scan ${result.findings}`);

      results.push({ preset, objects: Object.values(simulator.counts()).reduce((a, b) => a + b, 0), findings: result.findings, totalMs, phases: result.phasesMs, evaluation: result.evaluation, copyMs, peakRssMb: peakRssMb() });
    } finally {
      await simulator.stop();
    }
  }
} finally {
  await owner.end();
  await compute.destroy();
  await database.close();
  await testDatabase.drop();
}

console.log('\nmeshguard scan bench (one scan end to end: prepare + collect + evaluate + store; store ratio = store / COPY of the same rows)');
console.log('preset  objects  findings  total ms  prepare  collect  evaluate   store  store ms  COPY ms  store/COPY');
const share = (ms, total) => `${((100 * ms) / total).toFixed(1)}%`.padStart(7);
for (const r of results) {
  console.log(
    `${r.preset.padEnd(6)}  ${String(r.objects).padStart(7)}  ${String(r.findings).padStart(8)}  ${r.totalMs.toFixed(0).padStart(8)}  ${share(r.phases.prepare, r.totalMs)}  ${share(r.phases.collect, r.totalMs)}  ${share(r.phases.evaluate, r.totalMs).padStart(8)}  ${share(r.phases.store, r.totalMs)}  ${String(r.phases.store).padStart(8)}  ${r.copyMs.toFixed(0).padStart(7)}  ${(r.phases.store / r.copyMs).toFixed(2).padStart(10)}`,
  );
}
console.log('\nthe scan thread (ms): collect and evaluate run on the compute pool; handoff = what the main thread waited beyond the');
console.log("thread's own evaluate + summary + row encoding (moving the results across, queueing), as a share of evaluation");
console.log('preset  collect  evaluate rules  summary  row encoding  handoff  handoff/evaluate  peak RSS MB (process, so far)');
for (const r of results) {
  const e = r.evaluation;
  const handoff = Math.max(0, r.phases.evaluate - e.evaluateMs - e.summarizeMs - e.encodeMs);
  r.handoffShare = handoff / e.evaluateMs;
  console.log(
    `${r.preset.padEnd(6)}  ${String(e.collectMs).padStart(7)}  ${String(e.evaluateMs).padStart(14)}  ${String(e.summarizeMs).padStart(7)}  ${String(e.encodeMs).padStart(12)}  ${String(handoff).padStart(7)}  ${`${(100 * r.handoffShare).toFixed(1)}%`.padStart(16)}  ${String(r.peakRssMb).padStart(11)}`,
  );
}
for (const r of results)
  console.log(`target: crossing the thread boundary < 10% of evaluation at ${r.preset} — ${r.handoffShare < 0.1 ? 'met' : 'NOT met'} (${(100 * r.handoffShare).toFixed(1)}%)`);
for (const r of results)
  console.log(`target: storing findings <= 2x COPY at ${r.preset} — ${r.phases.store / r.copyMs <= 2 ? 'met' : 'NOT met'} (${(r.phases.store / r.copyMs).toFixed(2)}x)`);
process.exit(0);

/** The process's peak resident set so far (VmHWM), MB: every thread's memory, kept by the kernel. */
function peakRssMb() {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((entry) => entry.startsWith('VmHWM:'));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : Math.round(process.resourceUsage().maxRSS / 1024);
}
