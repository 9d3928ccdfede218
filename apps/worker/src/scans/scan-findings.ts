import type { FindingRowToStore, PreviousScanFindings } from '@meshguard/db';
import type { Finding, ScanReport } from '@meshguard/rules';

/** Report findings (unique by fingerprint) as rows, first seen carried over from the previous scan when still there. */
export function findingRows(
  report: Pick<ScanReport, 'findings'>,
  previous: Pick<PreviousScanFindings, 'firstSeen'> | undefined,
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
    firstSeenScanId: previous?.firstSeen.get(finding.fingerprint) ?? scanId,
  }));
}

/** A fingerprint names one problem; the rare duplicate (same rule, resource and evidence) is stored and counted once. */
export function uniqueByFingerprint(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => !seen.has(finding.fingerprint) && seen.add(finding.fingerprint));
}
