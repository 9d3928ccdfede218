import type { FindingRowToStore, PreviousScanFindings } from '@meshguard/db';
import type { ScanReport } from '@meshguard/rules';

/** Report findings as rows, first seen carried over from the open problem when still there. */
export function findingRows(
  report: Pick<ScanReport, 'findings'>,
  previous: Pick<PreviousScanFindings, 'open'>,
  scanId: string,
): FindingRowToStore[] {
  return report.findings.map((finding) => ({
    ruleId: finding.ruleId,
    area: finding.area,
    severity: finding.severity,
    status: finding.status,
    fingerprint: finding.fingerprint,
    resource: {
      apiVersion: finding.resource.apiVersion,
      kind: finding.resource.kind,
      namespace: finding.resource.namespace ?? null,
      name: finding.resource.name,
    },
    container: finding.container ?? null,
    message: finding.message,
    evidence: finding.evidence,
    exposure: finding.exposure ?? null,
    exceptionId: finding.exception?.id ?? null,
    firstSeenScanId: previous.open.get(finding.fingerprint)?.firstSeenScanId ?? scanId,
  }));
}
