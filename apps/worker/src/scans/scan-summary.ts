import {
  controlsOfRule,
  frameworks,
  ruleFailures,
  rulesOfFramework,
  scoreResults,
  type Finding,
  type ScanReport,
  type Severity,
} from '@meshguard/rules';

/** How this scan's findings compare with the previous finished scan of the cluster (by fingerprint). */
export interface ScanDiff {
  previousScanId: string | null;
  new: number;
  resolved: number;
  stillOpen: number;
  /** New open findings by severity: what webhooks announce. */
  newBySeverity: Record<Severity, number>;
}

/** The per-scan summary stored with the scan row; it survives retention so trends do too. */
export interface ScanSummary {
  findings: {
    total: number;
    byStatus: Record<string, number>;
    bySeverity: Record<Severity, number>;
    byArea: Record<string, number>;
    byRule: Record<string, number>;
    /** framework id → control id → findings of the rules that evidence it. */
    byControl: Record<string, Record<string, number>>;
  };
  rules: { total: number; byResult: Record<string, number> };
  score: number | null;
  scoreByArea: Record<string, number | null>;
  scoreByFramework: Record<string, number | null>;
  diff: ScanDiff;
}

const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Counts, scores and the diff of one evaluation; pure, so the same report always yields the same summary. */
export function summarizeScan(report: ScanReport, previous: ReadonlyMap<string, string> | undefined, previousScanId: string | null): ScanSummary {
  const bySeverity = Object.fromEntries(severities.map((severity) => [severity, 0])) as Record<Severity, number>;
  const newBySeverity = { ...bySeverity };
  const byStatus: Record<string, number> = { open: 0, excepted: 0, accepted: 0 };
  const byArea: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const byControl: Record<string, Record<string, number>> = {};
  const current = new Set<string>();
  let fresh = 0;
  let stillOpen = 0;
  for (const finding of report.findings) {
    bySeverity[finding.severity] += 1;
    byStatus[finding.status] = (byStatus[finding.status] ?? 0) + 1;
    byArea[finding.area] = (byArea[finding.area] ?? 0) + 1;
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    current.add(finding.fingerprint);
    if (previous?.has(finding.fingerprint)) stillOpen += 1;
    else {
      fresh += 1;
      if (finding.status === 'open') newBySeverity[finding.severity] += 1;
    }
  }
  for (const [ruleId, count] of Object.entries(byRule)) {
    for (const { framework, control } of controlsOfRule(ruleId)) {
      const controls = (byControl[framework] ??= {});
      controls[control] = (controls[control] ?? 0) + count;
    }
  }
  let resolved = 0;
  for (const fingerprint of previous?.keys() ?? []) if (!current.has(fingerprint)) resolved += 1;
  const byResult: Record<string, number> = {};
  for (const result of report.results) byResult[result.status] = (byResult[result.status] ?? 0) + 1;
  return {
    findings: { total: report.findings.length, byStatus, bySeverity, byArea, byRule, byControl },
    rules: { total: report.results.length, byResult },
    score: report.score.score,
    scoreByArea: Object.fromEntries(Object.entries(report.byArea).map(([area, score]) => [area, score?.score ?? null])),
    scoreByFramework: frameworkScores(report),
    diff: { previousScanId, new: fresh, resolved, stillOpen, newBySeverity },
  };
}

function frameworkScores(report: ScanReport): Record<string, number | null> {
  const failures = ruleFailures(report.findings as Finding[]);
  return Object.fromEntries(
    frameworks.map((framework) => {
      const covered = rulesOfFramework(framework);
      return [framework.id, scoreResults(report.results.filter((result) => covered.has(result.ruleId)), failures).score];
    }),
  );
}
