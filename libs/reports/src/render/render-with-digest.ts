import { Transform, pipeline, type Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { ComplianceReportModel } from '../model/report-model.js';
import { createReportDigest } from '../signing/report-signing.js';
import { renderReport, type ReportFormat } from './render-report.js';

const pipe = promisify(pipeline);

/**
 * Renders to the sink while hashing the bytes on their way, so a stored report gets its digest (to sign, and for
 * the ETag and digest headers) without being read back or held in memory. Ends the sink.
 */
export async function renderReportWithDigest(
  model: ComplianceReportModel,
  format: ReportFormat,
  sink: Writable,
): Promise<{ digest: string; bytes: number }> {
  const digest = createReportDigest();
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      digest.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  await Promise.all([renderReport(model, format, hashing), pipe(hashing, sink)]);
  return { digest: digest.digest(), bytes };
}
