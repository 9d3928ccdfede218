import {
  controlsOfRule,
  type AnyRule,
  type ClusterSnapshot,
  type ControlRef,
  type CoverageGap,
  type EquivalentTool,
  type Finding,
  type RuleResult,
  type ScanReport,
  type ScanScore,
} from '@meshguard/rules';
import type { ManifestProblem } from '@meshguard/k8s';
import type { BaselineComparison, BaselineState } from '../scan/baseline.js';
import { toolInfo } from '../tool-info.js';

/** A rule as listed in reports and by `meshguard rules --format json`. */
export interface RuleListing {
  id: string;
  title: string;
  area: string;
  severity: string;
  frameworks: ControlRef[];
  equivalents: Partial<Record<EquivalentTool, string[]>>;
}

/** The documented JSON output (docs/cli-json.md, docs/cli-json.schema.json). */
export interface JsonReport {
  tool: { name: string; version: string };
  source: { type: string; location: string; context?: string; collectedAt: string; serverVersion?: string };
  rules: RuleListing[];
  results: RuleResult[];
  findings: ReportedFinding[];
  coverage: { gaps: CoverageGap[]; problems: ManifestProblem[] };
  exceptions: ScanReport['exceptions'];
  summary: ScanScore & { byArea: ScanReport['byArea']; bySeverity: Record<string, number> };
  /** Present with `--baseline`: counts against the previous report and the findings it had that are gone. */
  baseline?: BaselineComparison;
}

/** A finding as reported; with `--baseline`, marked new or existing. */
export type ReportedFinding = Finding & { baseline?: BaselineState };

/** The `rules` entry of one rule. */
export function ruleListing(rule: AnyRule): RuleListing {
  return {
    id: rule.id,
    title: rule.title,
    area: rule.area,
    severity: rule.severity,
    frameworks: controlsOfRule(rule.id),
    equivalents: rule.equivalents ?? {},
  };
}

/** Assembles the JSON report from a scan. */
export function buildJsonReport(
  snapshot: ClusterSnapshot,
  rules: readonly AnyRule[],
  report: ScanReport,
  problems: ManifestProblem[],
  baseline?: { states: Map<string, BaselineState>; comparison: BaselineComparison },
): JsonReport {
  const bySeverity: Record<string, number> = {};
  for (const finding of report.findings)
    if (finding.status === 'open') bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
  return {
    tool: { name: toolInfo.name, version: toolInfo.version },
    source: {
      type: snapshot.source.type,
      location: snapshot.source.location,
      ...(snapshot.source.context ? { context: snapshot.source.context } : {}),
      collectedAt: snapshot.collectedAt,
      ...(snapshot.serverVersion ? { serverVersion: snapshot.serverVersion.gitVersion } : {}),
    },
    rules: rules.map(ruleListing),
    results: report.results,
    findings: baseline
      ? report.findings.map((finding) => ({
          ...finding,
          baseline: baseline.states.get(finding.fingerprint) ?? 'new',
        }))
      : report.findings,
    coverage: { gaps: snapshot.coverage.gaps, problems },
    exceptions: report.exceptions,
    summary: { ...report.score, byArea: report.byArea, bySeverity },
    ...(baseline ? { baseline: baseline.comparison } : {}),
  };
}
