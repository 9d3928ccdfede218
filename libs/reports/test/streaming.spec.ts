import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildReportModel, renderReport, reportFormats, type ReportInput } from '../src/index.js';
import { fleetInput, measuredCluster } from './report-fixtures.js';

/** A sink that keeps only sizes and is slow to drain, so a renderer that ignores backpressure would pile up. */
function measuringSink() {
  const stats = { chunks: 0, bytes: 0, largest: 0 };
  const sink = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      stats.chunks += 1;
      stats.bytes += chunk.length;
      stats.largest = Math.max(stats.largest, chunk.length);
      setImmediate(callback);
    },
  });
  return { sink, stats };
}

describe('renderers stream', () => {
  const template = measuredCluster('template');
  // Each cluster's findings are its own (another namespace and fingerprint), as on clusters running different apps.
  const clusterOf = (index: number): ReportInput['clusters'][number] => ({
    ...template,
    clusterId: `c${index}`,
    name: `cluster-${index}`,
    scan: {
      ...template.scan!,
      findings: template.scan!.findings.map((finding) => ({
        ...finding,
        resource: { ...finding.resource, namespace: `${finding.resource.namespace ?? 'cluster'}-${index}` },
        fingerprint: `${finding.fingerprint}-${index}`,
      })),
    },
  });
  const input: ReportInput = {
    ...fleetInput(),
    clusters: Array.from({ length: 100 }, (_, index) => clusterOf(index)),
  };
  const model = buildReportModel(input);

  for (const format of reportFormats) {
    it(`${format}: many bounded chunks, never the whole document at once`, async () => {
      const { sink, stats } = measuringSink();
      await renderReport(model, format, sink);
      expect(stats.bytes).toBeGreaterThan(100 * 1024);
      expect(stats.chunks).toBeGreaterThan(5);
      // About 64 KiB per chunk (PDFKit writes smaller pieces); far below the document's size.
      expect(stats.largest).toBeLessThan(Math.min(512 * 1024, stats.bytes / 4));
    });
  }
});
