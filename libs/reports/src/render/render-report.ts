import type { Writable } from 'node:stream';
import type { ComplianceReportModel } from '../model/report-model.js';
import { renderJson } from './json/json-renderer.js';
import { endSink, TextSink } from './text-sink.js';

/** Every format a report renders to; each has exactly one renderer. */
export const reportFormats = ['json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Content-Type and file extension of each format, for downloads and file names. */
export const reportFormatInfo: Record<ReportFormat, { mediaType: string; extension: string }> = {
  json: { mediaType: 'application/json', extension: 'json' },
};

export function isReportFormat(value: string): value is ReportFormat {
  return (reportFormats as readonly string[]).includes(value);
}

export interface RenderOptions {
  /** End the sink when the report is written (default true). */
  end?: boolean;
}

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
  const out = new TextSink(sink);
  switch (format) {
    case 'json':
      await renderJson(model, out);
      break;
  }
  await out.flush();
  if (options.end !== false) await endSink(sink);
}
