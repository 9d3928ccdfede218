import type { ReportRecord } from '@meshguard/db';
import type { ReportDto } from './report.dto.js';
import { scopeView } from './report-scope.js';

/** A stored report as the API shows it, with links relative to the API. */
export function reportView(report: ReportRecord): ReportDto {
  const self = `/v1/reports/${report.id}`;
  return {
    id: report.id,
    framework: report.framework,
    scope: scopeView(report.scope),
    asOf: report.asOf,
    format: report.format,
    status: report.status,
    trigger: report.trigger,
    scheduleId: report.scheduleId,
    failureReason: report.failureReason,
    mediaType: report.mediaType,
    fileName: report.fileName,
    sizeBytes: report.sizeBytes,
    digest: report.digest,
    signature: report.signature && report.signingKeyId ? { keyId: report.signingKeyId, value: report.signature } : null,
    scans: report.scans,
    summary: report.summary,
    createdAt: report.createdAt,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    expiresAt: report.expiresAt,
    links: { self, download: `${self}/download`, signature: `${self}/signature` },
  };
}
