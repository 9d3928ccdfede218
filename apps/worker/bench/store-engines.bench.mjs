// Benchmark (issue 17): storing a scan's results on the embedded database (PGlite, `npm start`) against PostgreSQL,
// same preset, same run. Each round scans the simulator once per engine (alternating which goes first), each time into
// a fresh database, and takes the store phase as the scan records it (`phasesMs.store`: timed by the database inside
// the results transaction). The floor is PostgreSQL's store; target: embedded <= 1.5x of it (median of the rounds).
// Usage: node bench/store-engines.bench.mjs [preset, default M] [rounds, default 3]
import { randomBytes, randomUUID } from 'node:crypto';
import { ComputePool } from '@meshguard/compute';
import { loadConfig } from '@meshguard/config';
import { ClusterRepository, createCredentialVault, loadMasterKeyring, openDatabase, ScanRepository } from '@meshguard/db';
import { createTestDatabase, createTestDataDirectory } from '@meshguard/db/testing';
import { startSimulator } from '@meshguard/k8s-sim';
import { createLogger } from '@meshguard/platform';
import { compareToFloor, printReport } from '@meshguard/bench';
import { ScanPipeline } from '../dist/scans/scan-pipeline.js';

const preset = process.argv[2] ?? 'M';
const rounds = Number(process.argv[3] ?? 3);
const targetRatio = 1.5;
const masterKeys = `bench:${randomBytes(32).toString('base64')}`;
const log = createLogger({ level: 'silent', name: 'bench' });

/** Opens a fresh database of `engine`, runs one scan of the simulator into it, and returns the scan's phase times. */
async function scanInto(engine, simulator, compute) {
  const place = engine === 'postgres' ? await createTestDatabase({ migrate: true }) : await createTestDataDirectory();
  const config = loadConfig({
    ...(engine === 'postgres' ? { DATABASE_URL: place.url } : { DATA_DIR: place.dataDir }),
    CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
    MASTER_KEYS: masterKeys,
    SCAN_TIMEOUT_MS: '21600000',
  });
  const database = await openDatabase(config.database);
  try {
    const vault = createCredentialVault(await loadMasterKeyring(config));
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
        credentialKeyId: sealed.dataKeyId, accessLevel: 'read-only', serverVersion: null, schedule: null,
      });
      return cluster.id;
    });
    const queued = await database.withTenant(tenantId, () => new ScanRepository().queue(tenantId, clusterId, 'api', null));
    const result = await new ScanPipeline(database, vault, config, compute).run({ tenantId, clusterId, scanId: queued.scan.id }, { log });
    if (result.outcome === 'already-finished') throw new Error('the bench scan was already finished');
    return { findings: result.findings, ...result.phasesMs };
  } finally {
    await database.close();
    await (engine === 'postgres' ? place.drop() : place.remove());
  }
}

const simulator = await startSimulator({ preset });
const config = loadConfig({ DATABASE_URL: 'postgresql://unused@127.0.0.1/unused', MASTER_KEYS: masterKeys });
const compute = new ComputePool({ threads: config.worker.scanThreads, maxHeapMb: config.worker.scanThreadMemoryMb });
const samples = { postgres: [], embedded: [] };
try {
  for (let round = 0; round < rounds; round++) {
    for (const engine of round % 2 === 0 ? ['postgres', 'embedded'] : ['embedded', 'postgres']) {
      samples[engine].push(await scanInto(engine, simulator, compute));
      process.stderr.write(`round ${round + 1}/${rounds} ${engine}: store ${samples[engine].at(-1).store} ms\n`);
    }
  }
} finally {
  await compute.destroy();
  await simulator.stop();
}

// Every store goes into a fresh database, so each sample counts as a cold one.
const seriesOf = (engine) => ({ cold: samples[engine].map((sample) => ({ ms: sample.store, detail: sample })), warm: [] });
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const phases = (engine) => `collect ${median(samples[engine].map((s) => s.collect))} ms, evaluate ${median(samples[engine].map((s) => s.evaluate))} ms`;
printReport(
  `store-engines bench: storing a preset-${preset} scan on the embedded database against PostgreSQL`,
  `${rounds} alternating rounds, a fresh database of each engine per round, the store phase as the scan records it; verdict on the median`,
  [
    compareToFloor(
      { postgres: seriesOf('postgres'), embedded: seriesOf('embedded') },
      {
        bench: 'store-engines',
        case: `preset ${preset}, ${samples.postgres[0].findings} findings`,
        floor: 'postgres',
        floorLabel: 'store on PostgreSQL',
        subject: 'embedded',
        subjectLabel: 'store on the embedded database (PGlite)',
        maxRatio: targetRatio,
        note: `PostgreSQL scans: ${phases('postgres')}; embedded: ${phases('embedded')}`,
      },
    ),
  ],
);
