import {
  controlsOfRule,
  type AnyRule,
  type ClusterSnapshot,
  type ControlRef,
  type CoverageGap,
  type EquivalentTool,
  type EvidenceScope,
  type Finding,
  type RuleResult,
  type ScanReport,
  type ScanScore,
} from '@meshguard/rules';
import type { ManifestProblem } from '@meshguard/k8s';
import { toolInfo } from '../tool-info.js';

/** A rule as listed in reports and by `meshguard rules --format json`. */
export interface RuleListing {
  id: string;
  title: string;
  area: string;
  severity: string;
  /** What the rule needs to see to decide (docs/scoring.md, "Evidence scopes"). */
  evidenceScope: EvidenceScope;
  frameworks: ControlRef[];
  equivalents: Partial<Record<EquivalentTool, string[]>>;
}

/** The documented JSON output (docs/cli-json.md, docs/cli-json.schema.json). */
export interface JsonReport {
  tool: { name: string; version: string };
  source: {
    type: string;
    location: string;
    context?: string;
    /** Manifests declared to be the whole cluster (`--complete`). */
    complete?: boolean;
    collectedAt: string;
    serverVersion?: string;
  };
  rules: RuleListing[];
  results: RuleResult[];
  findings: Finding[];
  coverage: {
    gaps: CoverageGap[];
    problems: ManifestProblem[];
    /** Objects of kinds no rule reads, skipped; present when there are some. */
    ignored?: { apiVersion: string; kind: string; count: number }[];
    /** Files of YAML that is no Kubernetes object, ignored; present when there are some. */
    notObjects?: string[];
  };
  exceptions: ScanReport['exceptions'];
  summary: ScanScore & {
    byArea: ScanReport['byArea'];
    bySeverity: Record<string, number>;
    /** Documents meshguard could not evaluate (`coverage.problems` of severity error); present when there are some. */
    unevaluated?: number;
  };
}

/** The `rules` entry of one rule. */
export function ruleListing(rule: AnyRule): RuleListing {
  return {
    id: rule.id,
    title: rule.title,
    area: rule.area,
    severity: rule.severity,
    evidenceScope: rule.evidenceScope,
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
  setAside: { ignored?: JsonReport['coverage']['ignored']; notObjects?: string[] } = {},
): JsonReport {
  const unevaluated = problems.filter((problem) => problem.severity === 'error').length;
  const bySeverity: Record<string, number> = {};
  for (const finding of report.findings)
    if (finding.status === 'open') bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
  return {
    tool: { name: toolInfo.name, version: toolInfo.version },
    source: {
      type: snapshot.source.type,
      location: snapshot.source.location,
      ...(snapshot.source.context ? { context: snapshot.source.context } : {}),
      ...(snapshot.source.complete ? { complete: true } : {}),
      collectedAt: snapshot.collectedAt,
      ...(snapshot.serverVersion ? { serverVersion: snapshot.serverVersion.gitVersion } : {}),
    },
    rules: rules.map(ruleListing),
    results: report.results,
    findings: report.findings,
    coverage: {
      gaps: snapshot.coverage.gaps,
      problems,
      ...(setAside.ignored?.length ? { ignored: setAside.ignored } : {}),
      ...(setAside.notObjects?.length ? { notObjects: setAside.notObjects } : {}),
    },
    exceptions: report.exceptions,
    summary: {
      ...report.score,
      byArea: report.byArea,
      bySeverity,
      ...(unevaluated > 0 ? { unevaluated } : {}),
    },
  };
}
