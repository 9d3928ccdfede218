import { randomBytes, randomUUID } from 'node:crypto';
import { ComputePool } from '@meshguard/compute';
import { loadConfig } from '@meshguard/config';
import {
  ClusterRepository,
  createCredentialVault,
  FindingRepository,
  findingChunkRows,
  loadMasterKeyring,
  ScanRepository,
  type Database,
} from '@meshguard/db';
import { testEngines, type TestEngine } from '@meshguard/db/testing';
import type { ScanJobPayload } from '@meshguard/jobs';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { createLogger } from '@meshguard/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanPipeline } from '../src/scans/scan-pipeline.js';

// A scan's store commits in steps (a chunk of findings each) so the API gets turns on the embedded database. These
// specs stop a store midway, as a crash or a shutdown would, and check that no read shows any of it, and that the
// retry (or the scan's failure) leaves exactly one whole scan behind.

const log = createLogger({ level: 'silent', name: 'store-interrupted' });
const config = loadConfig({
  DATABASE_URL: 'postgresql://unused@127.0.0.1/unused',
  CLUSTER_ADDRESS_ALLOWLIST: '127.0.0.1',
  MASTER_KEYS: `test-1:${randomBytes(32).toString('base64')}`,
  SCAN_TIMEOUT_MS: '600000',
});
let simulator: RunningSimulator;
let compute: ComputePool;

beforeAll(async () => {
  // Preset S: a few thousand findings, several chunks, so a store can be stopped between two of them.
  simulator = await startSimulator({ preset: 'S' });
  compute = new ComputePool({ threads: 1, maxHeapMb: config.worker.scanThreadMemoryMb });
}, 60_000);

afterAll(async () => {
  await compute?.destroy();
  await simulator?.stop();
});

for (const [engine, open] of Object.entries(testEngines)) {
  describe(`a store stopped midway on ${engine}`, () => {
    let test: TestEngine;
    let database: Database;
    let pipeline: ScanPipeline;
    let tenantId: string;
    let clusterId: string;

    beforeAll(async () => {
      test = await open();
      database = test.database;
      const vault = createCredentialVault(await loadMasterKeyring(config));
      pipeline = new ScanPipeline(database, vault, config, compute);
      const suffix = randomUUID().slice(0, 8);
      ({ tenantId } = await database.system.createTenant({
        name: `store ${suffix}`,
        slug: `store-${suffix}`,
        ownerKey: { name: 'owner', prefix: `mg_${suffix}`, secretHash: randomBytes(32).toString('hex') },
      }));
      clusterId = await database.withTenant(tenantId, async (tx) => {
        const sealed = await vault.seal(tx, 'cluster-credential', Buffer.from(simulator.kubeconfig()));
        const cluster = await new ClusterRepository().create(tenantId, {
          name: 'interrupted', labels: {}, serverUrl: simulator.url, credentialCiphertext: sealed.ciphertext as Uint8Array<ArrayBuffer>,
          credentialKeyId: sealed.dataKeyId, accessLevel: 'read-only', serverVersion: null, schedule: null,
        });
        return cluster.id;
      });
    }, 120_000);
    afterAll(async () => test?.close());

    const queue = async (): Promise<ScanJobPayload> => {
      const { scan } = await database.withTenant(tenantId, () => new ScanRepository().queue(tenantId, clusterId, 'api', null));
      return { tenantId, clusterId, scanId: scan.id };
    };
    const rowsOf = (scanId: string) =>
      database.withTenant(tenantId, (tx) => tx.finding.findMany({ where: { scanId }, select: { id: true, fingerprint: true } }));
    /** What the API's reads show: the findings pages, a finding by id, the lifecycle, the summaries, the scan. */
    const visible = async (partialRowId?: string) => {
      const findings = new FindingRepository();
      const page = (latestScanOf: { clusterId: string } | 'every-cluster') =>
        database.withTenantReads(tenantId, () => findings.listJson({ latestScanOf, limit: 100_000 }));
      const [cluster, fleet] = [await page({ clusterId }), await page('every-cluster')];
      return {
        clusterPage: cluster.items.map((item) => JSON.parse(item) as { id: string; scanId: string }).sort((a, b) => a.id.localeCompare(b.id)),
        fleetPageIds: fleet.items.map((item) => (JSON.parse(item) as { id: string }).id).sort(),
        partialRowById: partialRowId ? await database.withTenant(tenantId, () => findings.get(partialRowId)) : undefined,
        // Last-seen moves ahead chunk by chunk (markStillOpenSeen); no read shows it, so it is left out here.
        lifecycle: (await database.withTenant(tenantId, (tx) => tx.findingLifecycle.findMany({ orderBy: { fingerprint: 'asc' } }))).map(
          ({ lastSeenAt: _at, lastSeenScanId: _scan, ...row }) => row,
        ),
        // The MTTR aggregates the lifecycle trigger keeps: an interrupted store must not move them either.
        resolutionDays: await database.withTenant(tenantId, (tx) =>
          tx.lifecycleResolutionDay.findMany({ orderBy: [{ day: 'asc' }, { severity: 'asc' }, { ruleId: 'asc' }, { area: 'asc' }, { bucket: 'asc' }] }),
        ),
        openHours: await database.withTenant(tenantId, (tx) =>
          tx.lifecycleOpenHour.findMany({ orderBy: [{ hour: 'asc' }, { severity: 'asc' }, { ruleId: 'asc' }, { area: 'asc' }] }),
        ),
        summaries: await database.withTenant(tenantId, (tx) => tx.scanSummary.findMany({ select: { scanId: true } })),
        latest: await database.withTenant(tenantId, () => new ScanRepository().latestFinishedIds([clusterId])),
      };
    };
    /** Runs the scan and aborts it once its first chunk of findings has committed: between two chunks of its store. */
    const interruptedRun = async (payload: ScanJobPayload) => {
      const stop = new AbortController();
      const running = pipeline.run(payload, { log, signal: stop.signal });
      let done = false;
      const settled = running.then(
        () => ((done = true), 'finished'),
        (error: unknown) => ((done = true), error),
      );
      while (!done) {
        if ((await rowsOf(payload.scanId)).length > 0) stop.abort(new Error('stopped midway by the test'));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return settled;
    };

    it('shows the previous scan exactly while a store is stopped midway, and the retry stores every finding once', async () => {
      const first = await queue();
      const firstRun = await pipeline.run(first, { log });
      expect(firstRun.outcome).toBe('succeeded');
      const firstRows = await rowsOf(first.scanId);
      expect(firstRows.length).toBeGreaterThan(3 * findingChunkRows);
      const before = await visible();
      expect(before.clusterPage.map((item) => item.id)).toEqual(firstRows.map((row) => row.id).sort());

      const second = await queue();
      const stopped = await interruptedRun(second);
      expect(stopped).toBeInstanceOf(Error);
      expect((stopped as Error).message).toBe('stopped midway by the test');
      const partial = await rowsOf(second.scanId);
      // Midway: some chunks committed, not all.
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(firstRows.length);
      const scan = await database.withTenant(tenantId, (tx) => tx.scan.findFirstOrThrow({ where: { id: second.scanId } }));
      expect(scan.status).toBe('running');

      const during = await visible(partial[0]!.id);
      expect(before.openHours.length).toBeGreaterThan(0);
      expect(during.clusterPage).toEqual(before.clusterPage);
      expect(during.clusterPage.every((item) => item.scanId === first.scanId)).toBe(true);
      expect(during.fleetPageIds).toEqual(before.fleetPageIds);
      expect(during.partialRowById).toBeUndefined();
      expect(during.lifecycle).toEqual(before.lifecycle);
      expect(during.resolutionDays).toEqual(before.resolutionDays);
      expect(during.openHours).toEqual(before.openHours);
      expect(during.summaries).toEqual([{ scanId: first.scanId }]);
      expect(during.latest).toEqual([first.scanId]);

      // The retry (a new attempt of the same scan) deletes the partial rows and stores the scan whole.
      const retried = await pipeline.run(second, { log });
      expect(retried.outcome).toBe('succeeded');
      if (retried.outcome === 'already-finished') throw new Error('unreachable');
      const stored = await rowsOf(second.scanId);
      expect(stored).toHaveLength(retried.findings);
      expect(new Set(stored.map((row) => row.fingerprint)).size).toBe(retried.findings);
      expect(stored.map((row) => row.fingerprint).sort()).toEqual(firstRows.map((row) => row.fingerprint).sort());
      const after = await visible();
      expect(after.clusterPage.map((item) => item.id)).toEqual(stored.map((row) => row.id).sort());
      expect(after.latest).toEqual([second.scanId]);
      const lifecycle = await database.withTenant(tenantId, (tx) => tx.findingLifecycle.findMany());
      expect(lifecycle).toHaveLength(firstRows.length);
      expect(lifecycle.every((row) => row.lastSeenScanId === second.scanId && row.resolvedAt === null && row.firstSeenScanId === first.scanId)).toBe(true);
    }, 300_000);

    it('a scan failed after a store stopped midway keeps none of its rows, and the previous scan stays shown', async () => {
      const before = await visible();
      const third = await queue();
      expect(await interruptedRun(third)).toBeInstanceOf(Error);
      expect((await rowsOf(third.scanId)).length).toBeGreaterThan(0);
      expect(await pipeline.fail(third, 'the worker stopped')).toBe(true);
      expect(await rowsOf(third.scanId)).toEqual([]);
      const after = await visible();
      expect(after.clusterPage).toEqual(before.clusterPage);
      expect(after.lifecycle).toEqual(before.lifecycle);
      expect(after.resolutionDays).toEqual(before.resolutionDays);
      expect(after.openHours).toEqual(before.openHours);
      expect(after.latest).toEqual(before.latest);
    }, 300_000);
  });
}
