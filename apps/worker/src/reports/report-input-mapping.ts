import type { ReportRecord, ReportSourceCluster, ReportSourceFinding } from '@meshguard/db';
import type {
  ReportClusterInput,
  ReportFindingInput,
  ReportInput,
  ReportScanInput,
  ReportScope,
} from '@meshguard/reports';

/** The library's report input from what the database stored: clusters in scope, their scans and findings. Pure. */
export function toReportInput(
  report: Pick<ReportRecord, 'id' | 'framework' | 'scope' | 'asOf'>,
  clusters: ReportSourceCluster[],
  findings: ReportSourceFinding[],
  generatedAt: Date,
): ReportInput {
  const findingsByScan = new Map<string, ReportFindingInput[]>();
  for (const finding of findings) {
    const list = findingsByScan.get(finding.scanId) ?? [];
    list.push(toFinding(finding));
    findingsByScan.set(finding.scanId, list);
  }
  return {
    frameworkId: report.framework,
    scope: scopeOf(report, clusters),
    asOf: report.asOf.toISOString(),
    generatedAt: generatedAt.toISOString(),
    reportId: report.id,
    clusters: clusters.map((cluster): ReportClusterInput => ({
      clusterId: cluster.clusterId,
      name: cluster.name,
      labels: cluster.labels,
      coverageState: cluster.coverageState,
      ...(cluster.coverageReason ? { coverageReason: cluster.coverageReason } : {}),
      scan: cluster.scan
        ? ({
            scanId: cluster.scan.scanId,
            status: cluster.scan.status,
            collectedAt: cluster.scan.collectedAt.toISOString(),
            finishedAt: cluster.scan.finishedAt.toISOString(),
            gaps: cluster.scan.gaps as ReportScanInput['gaps'],
            // Scans stored before per-rule outcomes were kept have none: every rule then reads as not evaluated.
            results: (cluster.scan.results ?? []) as ReportScanInput['results'],
            findings: findingsByScan.get(cluster.scan.scanId) ?? [],
            ...(cluster.scan.rulesVersion ? { rulesVersion: cluster.scan.rulesVersion } : {}),
            ...(cluster.scan.serverVersion ? { serverVersion: cluster.scan.serverVersion } : {}),
          } satisfies ReportScanInput)
        : null,
    })),
  };
}

/** How the report names its scope: the cluster's name, the selector, or the fleet. */
export function scopeOf(
  report: Pick<ReportRecord, 'scope'>,
  clusters: Pick<ReportSourceCluster, 'clusterId' | 'name'>[],
): ReportScope {
  switch (report.scope.kind) {
    case 'cluster': {
      const { clusterId } = report.scope;
      return {
        kind: 'cluster',
        description: clusters.find((cluster) => cluster.clusterId === clusterId)?.name ?? clusterId,
      };
    }
    case 'selector':
      return { kind: 'selector', description: selectorText(report.scope.selector) };
    case 'fleet':
      return { kind: 'fleet', description: 'fleet' };
  }
}

export function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function toFinding(finding: ReportSourceFinding): ReportFindingInput {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    status: finding.status,
    resource: {
      apiVersion: finding.resource.apiVersion,
      kind: finding.resource.kind,
      ...(finding.resource.namespace ? { namespace: finding.resource.namespace } : {}),
      name: finding.resource.name,
    },
    ...(finding.container ? { container: finding.container } : {}),
    message: finding.message,
    evidence: (Array.isArray(finding.evidence) ? finding.evidence : []) as ReportFindingInput['evidence'],
    fingerprint: finding.fingerprint,
    ...(finding.exposure ? { exposure: finding.exposure } : {}),
    ...(finding.exception
      ? {
          exception: {
            id: finding.exception.id,
            owner: finding.exception.owner,
            justification: finding.exception.justification,
            expires: finding.exception.expiresAt.toISOString(),
          },
        }
      : {}),
  };
}
