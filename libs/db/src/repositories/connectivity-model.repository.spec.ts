import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.js';
import { testEngines } from '../testing/test-engines.js';
import { ConnectivityModelRepository } from './connectivity-model.repository.js';

// The model's bytes travel as a binary bytea parameter (the embedded database's own serializer, database.ts): every
// byte value must come back as stored, on both engines, including from a view into a larger buffer.

const repository = new ConnectivityModelRepository();

for (const [engine, open] of Object.entries(testEngines)) {
  describe(`ConnectivityModelRepository on ${engine}`, () => {
    let database: Database;
    let close: () => Promise<unknown>;

    beforeAll(async () => {
      ({ database, close } = await open());
    }, 120_000);
    afterAll(async () => close?.());

    it('stores and reads back every byte value', async () => {
      const suffix = randomBytes(4).toString('hex');
      const { tenantId } = await database.system.createTenant({ name: 'model', slug: `model-${suffix}`, ownerKey: { name: 'owner', prefix: `cm${suffix}`, secretHash: 'x' } });
      const everyByte = Uint8Array.from({ length: 512 }, (_, index) => index % 256);
      const larger = randomBytes(1_000);
      const subset = new Uint8Array(larger.buffer, larger.byteOffset + 100, 300);
      const stored = await database.withTenant(tenantId, async (tx) => {
        const cluster = await tx.cluster.create({ data: { tenantId, name: 'c', serverUrl: 'https://127.0.0.1:6443' } });
        const scan = await tx.scan.create({ data: { tenantId, clusterId: cluster.id, trigger: 'manual', status: 'running' } });
        await repository.store(tenantId, { scanId: scan.id, clusterId: cluster.id, version: 1, collectedAt: new Date(), graph: everyByte, subset });
        return repository.latest(cluster.id);
      });
      expect(Buffer.from(stored!.graph).equals(Buffer.from(everyByte))).toBe(true);
      expect(Buffer.from(stored!.subset).equals(Buffer.from(subset))).toBe(true);
    });
  });
}
