// Scan pipeline benchmark: an end-to-end scan (prepare + collect + evaluate + store) of simulator presets M and L on
// PostgreSQL, with @meshguard/bench's method: per preset 3 fresh processes (the first scan in a process is cold: a
// fresh worker, a fresh compute-pool thread), scans alternating with the floor, gc() before each run, peak RSS
// sampled from a thread. Floors and targets:
//   - storing the findings <= 2x a COPY of the same rows into the same database (the floor, exported beforehand);
//   - crossing the thread boundary (the results' way back from the compute pool) < 10% of the rules' evaluation.
// The simulator runs in its own process. Usage: node bench/scan.bench.mjs [presets, default M,L] [--processes=3] [--rounds=2]
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  alternate,
  benchArgs,
  compareToFloor,
  inFreshProcesses,
  isBenchChild,
  printReport,
  reportToParent,
  seriesRow,
} from '@meshguard/bench';

const args = benchArgs();
const option = (name, fallback) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const presets = (args.find((arg) => !arg.startsWith('--')) ?? 'M,L').split(',');
const rounds = option('rounds', 2);
const columns =
  'tenant_id, cluster_id, scan_id, rule_id, area, severity, status, fingerprint, resource_api_version, resource_kind, ' +
  'resource_namespace, resource_name, container, message, evidence, exposure, exception_id, first_seen_scan_id';

if (isBenchChild()) {
  const { ComputePool } = await import('@meshguard/compute');
  const { loadConfig } = await import('@meshguard/config');
  const { ClusterRepository, createCredentialVault, loadMasterKeyring, openDatabase, ScanRepository } = await import('@meshguard/db');
  const { createTestDatabase } = await import('@meshguard/db/testing');
  const { startSimulatorProcess } = await import('@meshguard/k8s-sim');
  const { createLogger } = await import('@meshguard/platform');
  const { default: pg } = await import('pg');
  const { default: copyStreams } = await import('pg-copy-streams');
  const { ScanPipeline } = await import('../dist/scans/scan-pipeline.js');

  const preset = presets[0];
  const [testDatabase, simulator] = await Promise.all([createTestDatabase({ migrate: true }), startSimulatorProcess(preset)]);
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
  try {
    const suffix = randomUUID().slice(0, 8);
    const { tenantId } = await database.system.createTenant({
      name: `bench ${suffix}`,
      slug: `bench-${suffix}`,
      ownerKey: { name: 'bench', prefix: `mg_${suffix}`, secretHash: randomBytes(32).toString('hex') },
    });
    const clusterId = await database.withTenant(tenantId, async (tx) => {
      const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig));
      const cluster = await new ClusterRepository().create(tenantId, {
        name: `bench-${preset}`, labels: {}, serverUrl: 'https://127.0.0.1', credentialCiphertext: sealed.ciphertext,
        credentialKeyId: sealed.dataKeyId, accessLevel: 'read_only', serverVersion: null, schedule: null,
      });
      return cluster.id;
    });
    const pipelineOf = new ScanPipeline(database, vault, config, compute);
    let lastScanId;
    // The floor's rows: the last scan's findings exported as COPY text (outside the timed region) for a new scan row.
    const exportRows = async () => {
      const copyScan = await database.withTenant(tenantId, (tx) =>
        tx.scan.create({ data: { tenantId, clusterId, trigger: 'api', status: 'succeeded', finishedAt: new Date() } }),
      );
      const chunks = [];
      await owner.query(`SELECT set_config('app.tenant_id', $1, false)`, [tenantId]);
      await pipeline(
        owner.query(copyStreams.to(`COPY (SELECT tenant_id, cluster_id, '${copyScan.id}'::uuid, rule_id, area, severity, status,
          fingerprint, resource_api_version, resource_kind, resource_namespace, resource_name, container, message, evidence,
          exposure, exception_id, '${copyScan.id}'::uuid FROM findings WHERE scan_id = '${lastScanId}') TO STDOUT`)),
        new Writable({ write(chunk, _encoding, done) { chunks.push(chunk); done(); } }),
      );
      return { chunks, scanId: copyScan.id };
    };
    const measurements = await alternate(
      {
        name: 'COPY',
        prepare: exportRows,
        run: async ({ chunks, scanId }) => {
          await owner.query('BEGIN');
          await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
          await pipeline(Readable.from(chunks), owner.query(copyStreams.from(`COPY findings (${columns}) FROM STDIN`)));
          await owner.query('COMMIT');
          return (await owner.query('SELECT count(*)::int AS n FROM findings WHERE scan_id = $1', [scanId])).rows[0].n;
        },
        detail: (rows) => ({ rows }),
      },
      [
        {
          name: 'scan',
          prepare: async () => (await database.withTenant(tenantId, () => new ScanRepository().queue(tenantId, clusterId, 'api', null))).scan.id,
          run: async (scanId) => {
            const result = await pipelineOf.run({ tenantId, clusterId, scanId }, { log });
            if (result.outcome === 'already-finished') throw new Error('the bench scan was already finished');
            lastScanId = scanId;
            return result;
          },
          detail: (result) => ({ findings: result.findings, ...result.phasesMs, ...Object.fromEntries(Object.entries(result.evaluation).map(([k, v]) => [`thread.${k}`, v])) }),
        },
      ],
      // The scan runs first in round 0 (the floor copies its rows) and the order alternates after that.
      { rounds, subjectsFirst: (round) => round % 2 === 0 },
    );
    reportToParent(measurements);
  } finally {
    await owner.end();
    await compute.destroy();
    await database.close();
    await simulator.stop();
    await testDatabase.drop();
  }
  process.exit(0);
}

const rows = [];
for (const preset of presets) {
  const { measurements } = await inFreshProcesses(import.meta.url, {
    processes: option('processes', 3),
    args: [preset, `--rounds=${rounds}`],
    nodeArgs: ['--max-old-space-size=8192'],
  });
  const scans = measurements.scan;
  const copyRows = measurements.COPY.cold[0].detail.rows;
  const findings = scans.cold[0].detail.findings;
  if (copyRows !== findings) throw new Error(`COPY stored ${copyRows} rows, the scan ${findings}`);
  // Phases and thread timings are series of their own, derived from each scan's detail.
  const derive = (key) => ({ cold: scans.cold.map((s) => ({ ms: s.detail[key] })), warm: scans.warm.map((s) => ({ ms: s.detail[key] })) });
  const series = { ...measurements, store: derive('store'), evaluate: derive('thread.evaluateMs'), crossing: derive('thread.returnMs') };
  const median = (key) => {
    const values = scans.cold.map((s) => s.detail[key]).sort((a, b) => a - b);
    return values[values.length >> 1];
  };
  const base = { bench: 'scan', case: `preset ${preset}` };
  rows.push(
    seriesRow(series, {
      ...base,
      subject: 'scan',
      subjectLabel: 'scan end to end (PostgreSQL)',
      note: `${findings} findings; cold medians: prepare ${median('prepare')} ms, collect ${median('collect')}, evaluate ${median('evaluate')}, store ${median('store')}; thread start ${median('thread.startMs')}, summary ${median('thread.summarizeMs')}, row encoding ${median('thread.encodeMs')}`,
    }),
    compareToFloor(series, { ...base, floor: 'COPY', floorLabel: 'COPY of the same rows', subject: 'store', subjectLabel: 'storing the findings', maxRatio: 2 }),
    compareToFloor(series, { ...base, floor: 'evaluate', floorLabel: 'evaluating the rules (thread)', subject: 'crossing', subjectLabel: 'crossing the thread boundary', maxRatio: 0.1 }),
  );
}
printReport(
  'scan bench: a scan end to end on PostgreSQL; storing against COPY of the same rows, the thread crossing against the evaluation',
  `per preset ${option('processes', 3)} fresh processes x ${rounds} rounds (scan and COPY alternating; the first scan in a process is cold), gc() before each run, RSS sampled from a thread; verdict on the cold median`,
  rows,
);
