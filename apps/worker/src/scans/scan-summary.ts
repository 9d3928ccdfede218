import {
  catalog,
  controlsOfRule,
  frameworks,
  ruleFailures,
  rulesOfFramework,
  scoreResults,
  type Finding,
  type ScanReport,
  type Severity,
} from '@meshguard/rules';
import { controlStatusesOf, countControlStatuses, type ControlStatus } from './control-status.js';

/** How this scan's findings compare with what the cluster had open before it (by fingerprint). */
export interface ScanDiff {
  previousScanId: string | null;
  /** The cluster's first finished scan: everything it found was already there, so nothing counts as new. */
  baseline: boolean;
  new: number;
  /** Open before, absent now, and its rule was evaluated (a rule that hit a coverage gap resolves nothing). */
  resolved: number;
  stillOpen: number;
  /** New open findings by severity: what webhooks announce. */
  newBySeverity: Record<Severity, number>;
}

/** What the cluster had open before this scan: fingerprint → the rule that reported it. */
export type OpenBefore = ReadonlyMap<string, { ruleId: string }>;

/** The per-scan summary stored with the scan row; it survives retention so trends do too. */
export interface ScanSummary {
  findings: {
    total: number;
    byStatus: Record<string, number>;
    bySeverity: Record<Severity, number>;
    byArea: Record<string, number>;
    /** Open findings only (waived ones are not open). */
    openBySeverity: Record<Severity, number>;
    openByArea: Record<string, number>;
    byRule: Record<string, number>;
    /** framework id → control id → findings of the rules that evidence it. */
    byControl: Record<string, Record<string, number>>;
  };
  rules: { total: number; byResult: Record<string, number>; status: Record<string, string> };
  /** framework id → control id → status, and the counts per status (drift and trends read these). */
  controls: {
    status: Record<string, Record<string, ControlStatus>>;
    counts: Record<string, Record<ControlStatus, number>>;
  };
  /**
   * Namespaces running workloads that the default-deny rules checked, by direction: which have a default-deny policy
   * and which lack one (drift compares them). Null when the rule could not be evaluated.
   */
  defaultDeny: Record<'ingress' | 'egress', { covered: string[]; missing: string[] } | null>;
  score: number | null;
  scoreByArea: Record<string, number | null>;
  scoreByFramework: Record<string, number | null>;
  diff: ScanDiff;
}

const defaultDenyRules = {
  ingress: 'netpol-namespace-default-deny-ingress',
  egress: 'netpol-namespace-default-deny-egress',
} as const;

export const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Rule results that decide whether a finding is still there; `error` (a gap or a crash) and `manual` decide nothing. */
const deciding = new Set(['pass', 'fail', 'not-applicable']);

/** The rules this evaluation really looked at: only their absent findings count as resolved. */
export function evaluatedRuleIds(report: Pick<ScanReport, 'results'>): string[] {
  return report.results.filter((result) => deciding.has(result.status)).map((result) => result.ruleId);
}

/** Counts, scores and the diff of one evaluation; pure, so the same report always yields the same summary. */
export function summarizeScan(
  report: ScanReport,
  openBefore: OpenBefore | undefined,
  previousScanId: string | null,
  workloadNamespaces: readonly string[] = [],
): ScanSummary {
  const zero = () =>
    Object.fromEntries(severities.map((severity) => [severity, 0])) as Record<Severity, number>;
  const bySeverity = zero();
  const openBySeverity = zero();
  const newBySeverity = zero();
  const byStatus: Record<string, number> = { open: 0, excepted: 0, accepted: 0 };
  const byArea: Record<string, number> = {};
  const openByArea: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const byControl: Record<string, Record<string, number>> = {};
  const baseline = previousScanId === null && (openBefore?.size ?? 0) === 0;
  const current = new Set<string>();
  let fresh = 0;
  let stillOpen = 0;
  for (const finding of report.findings) {
    bySeverity[finding.severity] += 1;
    byStatus[finding.status] = (byStatus[finding.status] ?? 0) + 1;
    byArea[finding.area] = (byArea[finding.area] ?? 0) + 1;
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    if (finding.status === 'open') {
      openBySeverity[finding.severity] += 1;
      openByArea[finding.area] = (openByArea[finding.area] ?? 0) + 1;
    }
    current.add(finding.fingerprint);
    if (openBefore?.has(finding.fingerprint)) stillOpen += 1;
    else if (!baseline) {
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
  const evaluated = new Set(evaluatedRuleIds(report));
  let resolved = 0;
  for (const [fingerprint, { ruleId }] of openBefore ?? [])
    if (!current.has(fingerprint) && evaluated.has(ruleId)) resolved += 1;
  const byResult: Record<string, number> = {};
  const ruleStatus: Record<string, string> = {};
  for (const result of report.results) {
    byResult[result.status] = (byResult[result.status] ?? 0) + 1;
    ruleStatus[result.ruleId] = result.status;
  }
  const controlStatus = controlStatusesOf(report.results);
  return {
    findings: {
      total: report.findings.length,
      byStatus,
      bySeverity,
      byArea,
      openBySeverity,
      openByArea,
      byRule,
      byControl,
    },
    rules: { total: report.results.length, byResult, status: ruleStatus },
    controls: {
      status: controlStatus,
      counts: Object.fromEntries(
        Object.entries(controlStatus).map(([framework, controls]) => [
          framework,
          countControlStatuses(controls),
        ]),
      ),
    },
    defaultDeny: {
      ingress: defaultDenyOf(report, defaultDenyRules.ingress, workloadNamespaces),
      egress: defaultDenyOf(report, defaultDenyRules.egress, workloadNamespaces),
    },
    score: report.score.score,
    scoreByArea: Object.fromEntries(
      Object.entries(report.byArea).map(([area, score]) => [area, score?.score ?? null]),
    ),
    scoreByFramework: frameworkScores(report),
    diff: { previousScanId, baseline, new: fresh, resolved, stillOpen, newBySeverity },
  };
}

/** Checked namespaces (running workloads, not exempt by the rule's defaults) with and without the policy. */
function defaultDenyOf(
  report: ScanReport,
  ruleId: string,
  workloadNamespaces: readonly string[],
): { covered: string[]; missing: string[] } | null {
  const status = report.results.find((result) => result.ruleId === ruleId)?.status;
  if (status !== 'pass' && status !== 'fail' && status !== 'not-applicable') return null;
  const rule = catalog.find((candidate) => candidate.id === ruleId);
  const params = (rule?.params ?? {}) as Record<string, { default?: unknown } | undefined>;
  const exempt = new Set(
    Array.isArray(params.exemptNamespaces?.default) ? (params.exemptNamespaces.default as string[]) : [],
  );
  const missing = new Set(
    report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.resource.name),
  );
  const checked = workloadNamespaces.filter((namespace) => !exempt.has(namespace));
  return {
    covered: checked.filter((namespace) => !missing.has(namespace)).sort(),
    missing: [...missing].sort(),
  };
}

function frameworkScores(report: ScanReport): Record<string, number | null> {
  const failures = ruleFailures(report.findings as Finding[]);
  return Object.fromEntries(
    frameworks.map((framework) => {
      const covered = rulesOfFramework(framework);
      return [
        framework.id,
        scoreResults(
          report.results.filter((result) => covered.has(result.ruleId)),
          failures,
        ).score,
      ];
    }),
  );
}
