import type { Writable } from 'node:stream';
import type { ComplianceReportModel } from '../model/report-model.js';
import { renderCsv } from './csv/csv-renderer.js';
import { renderHtml } from './html/html-renderer.js';
import { renderJson } from './json/json-renderer.js';
import { renderOscal } from './oscal/oscal-renderer.js';
import { renderPdf } from './pdf/pdf-renderer.js';
import { renderSarif } from './sarif/sarif-renderer.js';
import { endSink, TextSink } from './text-sink.js';

/** Every format a report renders to; each has exactly one renderer. */
export const reportFormats = ['json', 'csv', 'html', 'pdf', 'sarif', 'oscal'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Content-Type and file extension of each format, for downloads and file names. */
export const reportFormatInfo: Record<ReportFormat, { mediaType: string; extension: string }> = {
  json: { mediaType: 'application/json', extension: 'json' },
  csv: { mediaType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  html: { mediaType: 'text/html; charset=utf-8', extension: 'html' },
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  sarif: { mediaType: 'application/sarif+json', extension: 'sarif' },
  oscal: { mediaType: 'application/oscal.ar+json', extension: 'oscal.json' },
};

export function isReportFormat(value: string): value is ReportFormat {
  return (reportFormats as readonly string[]).includes(value);
}

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
