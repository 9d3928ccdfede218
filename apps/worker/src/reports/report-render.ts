import { defineComputeTask } from '@meshguard/compute';
import type { ComplianceReportModel, ReportFormat } from '@meshguard/reports';

export interface ReportRenderInput {
  model: ComplianceReportModel;
  format: ReportFormat;
}

/** The rendered report as pieces (moved back, not copied), with the digest and size libs/reports computed. */
export interface ReportRenderOutput {
  chunks: Uint8Array[];
  digest: string;
  bytes: number;
}

/**
 * Rendering a fleet-sized report (a PDF of a thousand clusters takes most of a minute) runs on the compute pool, so
 * the worker's event loop keeps renewing job locks and serving webhook deliveries meanwhile.
 */
export const reportRenderTask = defineComputeTask<ReportRenderInput, ReportRenderOutput>(
  'report-render',
  import.meta.url,
  './report-render.task.js',
);
