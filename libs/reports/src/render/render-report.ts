import type { Writable } from 'node:stream';
import type { ComplianceReportModel } from '../model/report-model.js';
import { renderCsv } from './csv/csv-renderer.js';
import { renderHtml } from './html/html-renderer.js';
import { renderJson } from './json/json-renderer.js';
import { renderOscal } from './oscal/oscal-renderer.js';
import { renderPdf } from './pdf/pdf-renderer.js';
import { renderSarif } from './sarif/sarif-renderer.js';
import { endSink, TextSink } from './text-sink.js';
import type { ReportFormat } from './report-formats.js';

export { isReportFormat, reportFormatInfo, reportFormats, type ReportFormat } from './report-formats.js';

export interface RenderOptions {
  /** End the sink when the report is written (default true). */
  end?: boolean;
}

const textRenderers: Record<
  Exclude<ReportFormat, 'pdf'>,
  (model: ComplianceReportModel, out: TextSink) => Promise<void>
> = {
  json: renderJson,
  csv: renderCsv,
  html: renderHtml,
  sarif: renderSarif,
  oscal: renderOscal,
};

/**
 * Renders the model in one format to a writable sink (a file, an HTTP response, a hash-and-store stream), writing
 * in chunks and honouring backpressure. A pure function of (model, format): the same model gives the same bytes.
 * Resolves once everything is written (and the sink ended, unless `end: false`).
 */
export async function renderReport(
  model: ComplianceReportModel,
  format: ReportFormat,
  sink: Writable,
  options: RenderOptions = {},
): Promise<void> {
  const end = options.end !== false;
  if (format === 'pdf') return renderPdf(model, sink, end);
  const out = new TextSink(sink);
  await textRenderers[format](model, out);
  await out.flush();
  if (end) await endSink(sink);
}
