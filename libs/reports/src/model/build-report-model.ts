import {
  catalog,
  frameworkById,
  frameworks,
  ruleFailures,
  scoreResults,
  type AnyRule,
  type Finding,
  type FrameworkControl,
  type RuleResult,
} from '@meshguard/rules';
import { controlStatusOf } from './control-status.js';
import type { ReportClusterInput, ReportFindingInput, ReportInput, ReportScanInput } from './report-input.js';
import {
  controlStatuses,
  reportModelVersion,
  type ComplianceReportModel,
  type ControlClusterResult,
  type ControlException,
  type ControlFinding,
  type ControlRuleOutcome,
  type ControlStatus,
  type CoverageIssue,
  type ReportCluster,
  type ReportControl,
  type ReportScore,
} from './report-model.js';

/** A report input that cannot be built (unknown framework, duplicate cluster): a caller's mistake, not a crash. */
export class ReportInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ReportInputError';
  }
}

const defaultTool = {
  name: 'meshguard',
  version: '0.1.0',
  informationUri: 'https://github.com/meshguard/meshguard',
};

/** One cluster's framework rules, decided once and shared by every control. */
interface ClusterEvaluation {
  input: ReportClusterInput;
  measured: boolean;
  /** Why nothing on this cluster was measured (stale, unreachable, never scanned). */
  unmeasuredReason?: string;
  outcomes: Map<string, ControlRuleOutcome>;
  /** Rules not assessable because of a coverage gap (the partial-scan part of the coverage issue). */
  gapRules: Set<string>;
  findingsByRule: Map<string, ReportFindingInput[]>;
  failing: Map<string, number>;
}

/**
 * Builds the compliance report model of one framework over the given clusters: per control its status on each
 * cluster and over the scope, the rules behind it, failing resources with evidence, exceptions, and scores
 * (docs/scoring.md, pooled over cluster × rule). Pure: reads no clock, does no I/O. Where nothing was measured a
 * control is `not-assessable`, never `pass`.
 */
export function buildReportModel(input: ReportInput): ComplianceReportModel {
  const framework = frameworkById(input.frameworkId);
  if (!framework)
    throw new ReportInputError(
      `unknown framework "${input.frameworkId}"; use one of: ${frameworks.map((known) => known.id).join(', ')}`,
      'frameworkId',
    );
  const seen = new Set<string>();
  for (const cluster of input.clusters) {
    if (seen.has(cluster.clusterId))
      throw new ReportInputError(`cluster "${cluster.clusterId}" is listed twice`, 'clusters');
    seen.add(cluster.clusterId);
  }
  const rules = new Map<string, AnyRule>(catalog.map((rule) => [rule.id, rule as AnyRule]));
  const frameworkRules = [
    ...new Set(framework.controls.flatMap((control) => control.rules as readonly string[])),
  ];
  const evaluations = input.clusters.map((cluster) => evaluateCluster(cluster, frameworkRules, rules, input));

  const controls = framework.controls.map((control) => buildControl(control, evaluations, rules));
  const clusters = evaluations.map((evaluation, index) =>
    summarizeCluster(evaluation, index, controls, frameworkRules, rules),
  );
  const coverageIssues = evaluations.flatMap((evaluation) => coverageIssueOf(evaluation, controls));

  const controlCounts = countStatuses(controls.map((control) => control.status));
  const byCoverage = { current: 0, stale: 0, unreachable: 0, partial: 0, 'never-scanned': 0 };
  for (const evaluation of evaluations) byCoverage[evaluation.input.coverageState] += 1;
  const findings = { open: 0, excepted: 0, accepted: 0 };
  for (const cluster of clusters) {
    findings.open += cluster.findings.open;
    findings.excepted += cluster.findings.excepted;
    findings.accepted += cluster.findings.accepted;
  }
  return {
    modelVersion: reportModelVersion,
    ...(input.reportId ? { reportId: input.reportId } : {}),
    generatedAt: input.generatedAt,
    asOf: input.asOf,
    tool: input.tool ?? defaultTool,
    framework: { id: framework.id, title: framework.title, version: framework.version, url: framework.url },
    scope: input.scope,
    summary: {
      status: worstStatus(controls.map((control) => control.status)),
      score: scoreOver(evaluations, frameworkRules, rules),
      controls: controlCounts,
      clusters: {
        total: evaluations.length,
        measured: evaluations.filter((evaluation) => evaluation.measured).length,
        byCoverage,
      },
      findings,
      failingResources: countFailingResources(evaluations, frameworkRules),
    },
    clusters,
    coverageIssues,
    controls,
  };
}

function evaluateCluster(
  cluster: ReportClusterInput,
  frameworkRules: string[],
  rules: Map<string, AnyRule>,
  input: ReportInput,
): ClusterEvaluation {
  const outcomes = new Map<string, ControlRuleOutcome>();
  const gapRules = new Set<string>();
  const findingsByRule = new Map<string, ReportFindingInput[]>();
  const unmeasuredReason = unmeasured(cluster);
  const scan = cluster.scan;
  if (unmeasuredReason !== undefined || !scan) {
    const reason = unmeasuredReason ?? 'no finished scan';
    for (const ruleId of frameworkRules)
      outcomes.set(ruleId, {
        ruleId,
        status: rules.get(ruleId)?.manual ? 'manual' : 'not-assessable',
        checked: 0,
        reason,
      });
    return {
      input: cluster,
      measured: false,
      unmeasuredReason: reason,
      outcomes,
      gapRules,
      findingsByRule,
      failing: new Map(),
    };
  }
  const wanted = new Set(frameworkRules);
  for (const finding of scan.findings) {
    if (!wanted.has(finding.ruleId)) continue;
    const list = findingsByRule.get(finding.ruleId);
    if (list) list.push(finding);
    else findingsByRule.set(finding.ruleId, [finding]);
  }
  const results = new Map(scan.results.map((result) => [result.ruleId, result]));
  const gapKinds = new Set(scan.gaps.map((gap) => gap.kind));
  for (const ruleId of frameworkRules) {
    const outcome = ruleOutcome(ruleId, results.get(ruleId), rules.get(ruleId), scan, gapKinds, input);
    if (outcome.gap) gapRules.add(ruleId);
    outcomes.set(ruleId, outcome.outcome);
  }
  const relevant = [...findingsByRule.values()].flat();
  return {
    input: cluster,
    measured: true,
    outcomes,
    gapRules,
    findingsByRule,
    failing: ruleFailures(relevant as unknown as Finding[]).failing,
  };
}

/** Why a cluster's measurements cannot be used at `asOf`, or undefined when they can (current, partial). */
function unmeasured(cluster: ReportClusterInput): string | undefined {
  const scan = cluster.scan;
  const last = scan ? ` (last scan collected ${scan.collectedAt})` : '';
  switch (cluster.coverageState) {
    case 'current':
    case 'partial':
      if (!scan) return 'no finished scan at or before the report date';
      if (scan.status === 'failed')
        return `its last scan failed${cluster.coverageReason ? `: ${cluster.coverageReason}` : ''}`;
      return undefined;
    case 'stale':
      return `stale: no recent successful scan${last}${cluster.coverageReason ? `; ${cluster.coverageReason}` : ''}`;
    case 'unreachable':
      return `unreachable${cluster.coverageReason ? `: ${cluster.coverageReason}` : ''}${last}`;
    case 'never-scanned':
      return scan ? `never successfully scanned${last}` : 'never successfully scanned';
  }
}

function ruleOutcome(
  ruleId: string,
  result: ReportScanInput['results'][number] | undefined,
  rule: AnyRule | undefined,
  scan: ReportScanInput,
  gapKinds: Set<string>,
  input: ReportInput,
): { outcome: ControlRuleOutcome; gap: boolean } {
  if (!result)
    return {
      outcome: { ruleId, status: 'not-assessable', checked: 0, reason: 'not evaluated by this scan' },
      gap: false,
    };
  const base = { ruleId, checked: result.checked };
  if (result.status === 'manual')
    return {
      outcome: { ...base, status: 'manual', ...(result.reason ? { reason: result.reason } : {}) },
      gap: false,
    };
  const gaps = rule?.reads.filter((kind) => gapKinds.has(kind)) ?? [];
  if (
    result.status === 'error' ||
    result.status === 'not-assessable' ||
    (gaps.length > 0 && result.status !== 'fail')
  ) {
    const reason = result.reason ?? (gaps.length > 0 ? `coverage gap: ${gaps.join(', ')}` : 'not measured');
    return { outcome: { ...base, status: 'not-assessable', reason }, gap: gaps.length > 0 };
  }
  // A failure was measured and stands; a pass or not-applicable stands only if the rule could see what it needs.
  if (result.status !== 'fail') {
    const hidden = input.assessability?.(ruleId, scan);
    if (hidden !== undefined)
      return { outcome: { ...base, status: 'not-assessable', reason: hidden }, gap: false };
  }
  return { outcome: { ...base, status: result.status }, gap: false };
}

function buildControl(
  control: FrameworkControl,
  evaluations: ClusterEvaluation[],
  rules: Map<string, AnyRule>,
): ReportControl {
  const ruleIds = control.rules as readonly string[];
  const clusters: ControlClusterResult[] = [];
  const findings: ControlFinding[] = [];
  const findingCounts = { open: 0, excepted: 0, accepted: 0 };
  const exceptions = new Map<string, ControlException & { clusterIds: Set<string> }>();
  for (const evaluation of evaluations) {
    const outcomes = ruleIds.map(
      (ruleId) =>
        evaluation.outcomes.get(ruleId) ?? { ruleId, status: 'not-assessable' as const, checked: 0 },
    );
    const { status, reason } = controlStatusOf(control, outcomes);
    clusters.push({
      clusterId: evaluation.input.clusterId,
      status,
      score: scoreOver([evaluation], ruleIds, rules).score,
      ...(reason ? { reason } : {}),
      rules: outcomes,
    });
    for (const ruleId of ruleIds) {
      for (const finding of evaluation.findingsByRule.get(ruleId) ?? []) {
        findingCounts[finding.status] += 1;
        findings.push(controlFinding(evaluation.input.clusterId, finding));
        if (!finding.exception || finding.status === 'open') continue;
        const known = exceptions.get(finding.exception.id);
        if (known) {
          known.findings += 1;
          known.clusterIds.add(evaluation.input.clusterId);
        } else
          exceptions.set(finding.exception.id, {
            exceptionId: finding.exception.id,
            mode: finding.status,
            owner: finding.exception.owner,
            justification: finding.exception.justification,
            ...(finding.exception.expires ? { expires: finding.exception.expires } : {}),
            findings: 1,
            clusters: 0,
            clusterIds: new Set([evaluation.input.clusterId]),
          });
      }
    }
  }
  const statuses = clusters.map((cluster) => cluster.status);
  return {
    controlId: control.id,
    title: control.title,
    ...(control.manual ? { manualReason: control.manual } : {}),
    status:
      clusters.length === 0 ? (ruleIds.length === 0 ? 'manual' : 'not-assessable') : worstStatus(statuses),
    score: scoreOver(evaluations, ruleIds, rules),
    rules: ruleIds.map((ruleId) => {
      const rule = rules.get(ruleId);
      return {
        ruleId,
        title: rule?.title ?? ruleId,
        severity: rule?.severity ?? 'info',
        area: rule?.area ?? 'monitoring',
      };
    }),
    clusterStatus: countStatuses(statuses),
    clusters,
    findings,
    findingCounts,
    exceptions: [...exceptions.values()].map(({ clusterIds, ...exception }) => ({
      ...exception,
      clusters: clusterIds.size,
    })),
  };
}

/** The status over several clusters (or controls): the first of fail, not-assessable, manual, pass, not-applicable. */
export function worstStatus(statuses: readonly ControlStatus[]): ControlStatus {
  for (const status of controlStatuses) if (statuses.includes(status)) return status;
  return 'not-assessable';
}

function countStatuses(statuses: readonly ControlStatus[]): Record<ControlStatus, number> {
  const counts = { fail: 0, 'not-assessable': 0, manual: 0, pass: 0, 'not-applicable': 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}

/** docs/scoring.md over every cluster × rule pair: each pair is one result of the formula. */
function scoreOver(
  evaluations: ClusterEvaluation[],
  ruleIds: readonly string[],
  rules: Map<string, AnyRule>,
): ReportScore {
  const results: RuleResult[] = [];
  // One cluster (most calls): its own failures by rule id. Several: a key per cluster and rule, so one cluster's
  // failures never weigh on another's result.
  const single = evaluations.length === 1 ? evaluations[0] : undefined;
  const failing = single ? single.failing : new Map<string, number>();
  evaluations.forEach((evaluation, index) => {
    for (const ruleId of ruleIds) {
      const outcome = evaluation.outcomes.get(ruleId);
      const rule = rules.get(ruleId);
      if (!outcome || !rule) continue;
      let key = ruleId;
      if (!single) {
        key = `${index}\u0000${ruleId}`;
        const weight = evaluation.failing.get(ruleId);
        if (weight !== undefined) failing.set(key, weight);
      }
      results.push({
        ruleId: key,
        area: rule.area,
        severity: rule.severity,
        status: outcome.status === 'not-assessable' ? 'error' : outcome.status,
        checked: outcome.checked,
        open: 0,
        excepted: 0,
        accepted: 0,
      });
    }
  });
  const scored = scoreResults(results, { failing, counts: { open: 0, excepted: 0, accepted: 0 } });
  return {
    score: scored.score,
    counted: scored.counted,
    excluded: {
      notApplicable: scored.excluded.notApplicable,
      manual: scored.excluded.manual,
      notAssessable: scored.excluded.error,
    },
  };
}

function summarizeCluster(
  evaluation: ClusterEvaluation,
  index: number,
  controls: ReportControl[],
  frameworkRules: string[],
  rules: Map<string, AnyRule>,
): ReportCluster {
  const { input } = evaluation;
  // Every control lists the clusters in input order.
  const statuses = controls.map((control) => control.clusters[index]?.status ?? 'not-assessable');
  const findings = { open: 0, excepted: 0, accepted: 0 };
  for (const list of evaluation.findingsByRule.values())
    for (const finding of list) findings[finding.status] += 1;
  const scan = input.scan;
  return {
    clusterId: input.clusterId,
    name: input.name,
    labels: input.labels ?? {},
    coverageState: input.coverageState,
    ...(input.coverageReason ? { coverageReason: input.coverageReason } : {}),
    scan: scan
      ? {
          scanId: scan.scanId,
          status: scan.status,
          collectedAt: scan.collectedAt,
          ...(scan.finishedAt ? { finishedAt: scan.finishedAt } : {}),
          gaps: scan.gaps.map((gap) => ({ kind: gap.kind, reason: gap.reason, detail: gap.detail })),
          ...(scan.rulesVersion ? { rulesVersion: scan.rulesVersion } : {}),
          ...(scan.serverVersion ? { serverVersion: scan.serverVersion } : {}),
        }
      : null,
    measured: evaluation.measured,
    score: scoreOver([evaluation], frameworkRules, rules),
    controls: countStatuses(statuses),
    findings,
  };
}

function coverageIssueOf(evaluation: ClusterEvaluation, controls: ReportControl[]): CoverageIssue[] {
  const { input } = evaluation;
  const gaps = input.scan?.gaps.map((gap) => gap.kind) ?? [];
  if (input.coverageState === 'current' && evaluation.measured && evaluation.gapRules.size === 0) return [];
  const affected = controls
    .filter((control) =>
      evaluation.measured
        ? control.rules.some((rule) => evaluation.gapRules.has(rule.ruleId))
        : control.rules.length > 0,
    )
    .map((control) => control.controlId);
  const state =
    input.coverageState === 'current'
      ? evaluation.measured
        ? 'partial'
        : 'unreachable'
      : input.coverageState;
  const effect = evaluation.measured
    ? `the scan could not read ${gaps.join(', ') || 'some kinds'}; the ${affected.length} control(s) whose rules read them are not assessable on this cluster, the others use its measurements`
    : `nothing on this cluster was measured at the report date (${evaluation.unmeasuredReason}); every automated control is not assessable on it and it counts as unknown, never as compliant`;
  return [
    {
      clusterId: input.clusterId,
      clusterName: input.name,
      coverageState: state,
      ...(input.coverageReason ? { reason: input.coverageReason } : {}),
      gaps,
      effect,
      controls: affected,
    },
  ];
}

function controlFinding(clusterId: string, finding: ReportFindingInput): ControlFinding {
  return {
    clusterId,
    ruleId: finding.ruleId,
    severity: finding.severity,
    status: finding.status,
    resource: finding.resource,
    ...(finding.container !== undefined ? { container: finding.container } : {}),
    message: finding.message,
    evidence: finding.evidence,
    fingerprint: finding.fingerprint,
    ...(finding.exposure ? { exposure: finding.exposure } : {}),
    ...(finding.exception ? { exceptionId: finding.exception.id } : {}),
  };
}

function countFailingResources(evaluations: ClusterEvaluation[], frameworkRules: string[]): number {
  let count = 0;
  for (const evaluation of evaluations) {
    const resources = new Set<string>();
    for (const ruleId of frameworkRules)
      for (const finding of evaluation.findingsByRule.get(ruleId) ?? [])
        if (finding.status === 'open')
          resources.add(
            `${finding.resource.kind}\u0000${finding.resource.namespace ?? ''}\u0000${finding.resource.name}`,
          );
    count += resources.size;
  }
  return count;
}
