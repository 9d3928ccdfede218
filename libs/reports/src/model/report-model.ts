import type { Evidence, Exposure, FindingStatus, ResourceRef, RuleArea, Severity } from '@meshguard/rules';
import type { CoverageState, ReportRuleOutcome, ReportScanStatus, ReportScope } from './report-input.js';

/**
 * A control's status on one cluster, or over the scope:
 * `pass` (measured, nothing open), `fail` (an open finding), `manual` (cluster state cannot decide it; review by
 * hand), `not-applicable` (nothing the rules look at exists), `not-assessable` (nothing was measured: the read-only
 * API cannot see it, a kind it reads was a coverage gap, or the cluster is stale, unreachable or never scanned).
 */
export const controlStatuses = ['fail', 'not-assessable', 'manual', 'pass', 'not-applicable'] as const;
export type ControlStatus = (typeof controlStatuses)[number];

/** A rule's outcome as a report states it: `error` becomes `not-assessable`. */
export type RuleOutcomeStatus = 'pass' | 'fail' | 'not-applicable' | 'manual' | 'not-assessable';

/** The version of the model (and so of the JSON format); bumped on incompatible changes. */
export const reportModelVersion = 'meshguard.compliance-report/v1';

/** A score as docs/scoring.md defines it, with what it covers. */
export interface ReportScore {
  /** 0–100, or null when nothing could be scored. */
  score: number | null;
  /** Rule results (cluster × rule) counted in the score. */
  counted: { pass: number; fail: number };
  /** Rule results left out of the score. */
  excluded: { notApplicable: number; manual: number; notAssessable: number };
}

export interface ReportFindingCounts {
  open: number;
  excepted: number;
  accepted: number;
}

/** A cluster in scope, with how much the report can say about it. */
export interface ReportCluster {
  clusterId: string;
  name: string;
  labels: Record<string, string>;
  coverageState: CoverageState;
  coverageReason?: string;
  scan: {
    scanId: string;
    status: Exclude<ReportScanStatus, 'never'>;
    collectedAt: string;
    finishedAt?: string;
    gaps: { kind: string; reason: string; detail: string }[];
    rulesVersion?: string;
    serverVersion?: string;
  } | null;
  /** True when the report uses this cluster's measurements (current or partial). */
  measured: boolean;
  /** The framework score on this cluster (null when nothing was measured). */
  score: ReportScore;
  controls: Record<ControlStatus, number>;
  findings: ReportFindingCounts;
}

/** A cluster the report cannot fully vouch for, and what that means for each control. */
export interface CoverageIssue {
  clusterId: string;
  clusterName: string;
  coverageState: Exclude<CoverageState, 'current'>;
  reason?: string;
  /** Kinds the scan could not read (partial scans). */
  gaps: string[];
  /** What the issue means for the report, in words. */
  effect: string;
  /** Controls that are `not-assessable` on this cluster because of it. */
  controls: string[];
}

export interface ReportRule {
  ruleId: string;
  title: string;
  severity: Severity;
  area: RuleArea;
}

/** A rule's outcome on one cluster. */
export interface ControlRuleOutcome {
  ruleId: string;
  status: RuleOutcomeStatus;
  checked: number;
  reason?: string;
}

/** A control on one cluster. */
export interface ControlClusterResult {
  clusterId: string;
  status: ControlStatus;
  score: number | null;
  /** Why the control is `not-assessable` or `manual` here. */
  reason?: string;
  rules: ControlRuleOutcome[];
}

/** A failing (or waived) resource behind a control, with redacted evidence. */
export interface ControlFinding {
  clusterId: string;
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
  resource: ResourceRef;
  container?: string;
  message: string;
  evidence: Evidence[];
  fingerprint: string;
  exposure?: Exposure;
  exceptionId?: string;
}

/** An exception (waiver) applied to findings of a control. */
export interface ControlException {
  exceptionId: string;
  mode: 'excepted' | 'accepted';
  owner: string;
  justification: string;
  expires?: string;
  /** Findings it covers under this control, and on how many clusters. */
  findings: number;
  clusters: number;
}

export interface ReportControl {
  controlId: string;
  title: string;
  /** Why no rule (or not every aspect) can be decided from cluster state. */
  manualReason?: string;
  status: ControlStatus;
  score: ReportScore;
  rules: ReportRule[];
  /** Clusters by this control's status on them. */
  clusterStatus: Record<ControlStatus, number>;
  clusters: ControlClusterResult[];
  findings: ControlFinding[];
  findingCounts: ReportFindingCounts;
  exceptions: ControlException[];
}

/** One framework over one scope at a point in time: what every format renders. */
export interface ComplianceReportModel {
  modelVersion: typeof reportModelVersion;
  reportId?: string;
  generatedAt: string;
  asOf: string;
  tool: { name: string; version: string; informationUri?: string };
  framework: { id: string; title: string; version: string; url: string };
  scope: ReportScope;
  summary: {
    status: ControlStatus;
    score: ReportScore;
    controls: Record<ControlStatus, number>;
    clusters: { total: number; measured: number; byCoverage: Record<CoverageState, number> };
    findings: ReportFindingCounts;
    /** Distinct failing resources (open findings) over the scope. */
    failingResources: number;
  };
  clusters: ReportCluster[];
  coverageIssues: CoverageIssue[];
  controls: ReportControl[];
}

export type { ReportRuleOutcome };
