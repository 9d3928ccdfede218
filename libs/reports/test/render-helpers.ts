import { PassThrough } from 'node:stream';
import { renderReport, type ComplianceReportModel, type ReportFormat } from '../src/index.js';

/** Renders into memory through a small-buffer stream, so the renderer's backpressure handling is exercised. */
export async function renderToBuffer(model: ComplianceReportModel, format: ReportFormat): Promise<Buffer> {
  const sink = new PassThrough({ highWaterMark: 1024 });
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await renderReport(model, format, sink);
  return Buffer.concat(chunks);
}
