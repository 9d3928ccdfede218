import { Writable } from 'node:stream';
import { withTransfer } from '@meshguard/compute';
import { renderReportWithDigest } from '@meshguard/reports';
import type { ReportRenderInput, ReportRenderOutput } from './report-render.js';

// Runs on a compute-pool thread (see report-render.ts); opens no database or queue connection.

/** Renders one report into memory; the pieces move back to the storing thread without a copy. */
export default async function renderReportOnThread(input: ReportRenderInput): Promise<ReportRenderOutput> {
  const chunks: Uint8Array[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice());
      callback();
    },
  });
  const { digest, bytes } = await renderReportWithDigest(input.model, input.format, collect);
  return withTransfer<ReportRenderOutput>(
    { chunks, digest, bytes },
    chunks.map((chunk) => chunk.buffer as ArrayBuffer),
  );
}
