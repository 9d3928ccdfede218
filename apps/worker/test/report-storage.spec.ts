import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readReportBytes, ReportRepository } from '@meshguard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportChunkWriter, reportChunkBytes } from '../src/reports/report-chunk-writer.js';
import { createWorkerFixture, type WorkerFixture } from './support/worker-fixture.js';

let fixture: WorkerFixture;

beforeAll(async () => {
  fixture = await createWorkerFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe('report storage', () => {
  it('stores a streamed report in pieces of at most 1 MiB and reads it back byte for byte, piece by piece', async () => {
    const tenantId = await fixture.createTenant(90);
    const report = await fixture.database.withTenant(tenantId, () =>
      new ReportRepository().create(tenantId, {
        framework: 'cis-k8s-v1.10',
        scope: { kind: 'fleet' },
        asOf: new Date(),
        format: 'json',
        trigger: 'api',
        scheduleId: null,
        requestedByKeyId: null,
        expiresAt: new Date(Date.now() + 86_400_000),
      }),
    );
    // 2.5 MiB written in uneven slices, as a renderer would.
    const content = randomBytes(Math.round(2.5 * reportChunkBytes));
    const slices = function* () {
      for (let offset = 0; offset < content.length; offset += 70_001) yield content.subarray(offset, offset + 70_001);
    };
    await pipeline(Readable.from(slices()), new ReportChunkWriter(fixture.database, tenantId, report.id));

    const sizes = await fixture.database.withTenant(tenantId, (tx) =>
      tx.reportChunk.findMany({ select: { seq: true, data: true }, where: { reportId: report.id }, orderBy: { seq: 'asc' } }),
    );
    expect(sizes.map((chunk) => [chunk.seq, chunk.data.length])).toEqual([
      [0, reportChunkBytes],
      [1, reportChunkBytes],
      [2, content.length - 2 * reportChunkBytes],
    ]);
    const read: Buffer[] = [];
    for await (const piece of readReportBytes(fixture.database, tenantId, report.id)) read.push(piece);
    expect(read.every((piece) => piece.length <= reportChunkBytes)).toBe(true);
    const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(digest(Buffer.concat(read))).toBe(digest(content));
  });
});
