import type {
  CoverageGap,
  Evidence,
  Exposure,
  FindingStatus,
  ResourceRef,
  ResultStatus,
  Severity,
} from '@meshguard/rules';

/**
 * How current a cluster's measurements are at `asOf` (the fleet overview's coverage state):
 * `current` (a recent complete scan), `stale` (no successful scan within twice its schedule interval, or 24 h),
 * `unreachable` (its last scan or verification failed), `partial` (its last scan had coverage gaps),
 * `never-scanned` (no finished scan at or before `asOf`).
 */
export const coverageStates = ['current', 'stale', 'unreachable', 'partial', 'never-scanned'] as const;
export type CoverageState = (typeof coverageStates)[number];

/** The stored status of the scan a report reads: `never` when the cluster has no finished scan at or before `asOf`. */
export const reportScanStatuses = ['succeeded', 'partial', 'failed', 'never'] as const;
export type ReportScanStatus = (typeof reportScanStatuses)[number];

/**
 * One rule's outcome in one scan, as `evaluateRules` returns it (`RuleResult`) or as the worker stores it.
 * `error` (a coverage gap or a rule that threw) and `not-assessable` both mean "nothing was measured".
 */
export interface ReportRuleOutcome {
  ruleId: string;
  status: ResultStatus | 'not-assessable';
  /** Subjects the rule examined; scoring divides failing resources by it. */
  checked: number;
  /** Why the rule is `error`, `manual` or `not-assessable`. */
  reason?: string;
}

/** A finding of one scan (a `Finding` of libs/rules, or a stored finding row): evidence is already redacted. */
export interface ReportFindingInput {
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
  resource: ResourceRef;
  container?: string;
  message: string;
  evidence: Evidence[];
  fingerprint: string;
  exposure?: Exposure;
  /** The waiver that covers the finding when status is `excepted` or `accepted`. */
  exception?: { id: string; owner: string; justification: string; expires?: string };
}

/** The latest finished scan of a cluster at or before `asOf`. */
export interface ReportScanInput {
  scanId: string;
  status: Exclude<ReportScanStatus, 'never'>;
  /** When the snapshot was collected (what the report says was measured, and when). */
  collectedAt: string;
  finishedAt?: string;
  /** Kinds the scan could not read; rules reading them are not assessable on this cluster. */
  gaps: Pick<CoverageGap, 'kind' | 'reason' | 'detail'>[];
  /** Every rule the scan evaluated; a framework rule missing here is not assessable ("not evaluated"). */
  results: ReportRuleOutcome[];
  findings: ReportFindingInput[];
  rulesVersion?: string;
  serverVersion?: string;
}

/** One cluster in the report's scope. */
export interface ReportClusterInput {
  clusterId: string;
  name: string;
  labels?: Record<string, string>;
  coverageState: CoverageState;
  /** Why the cluster is stale, unreachable or partial (e.g. the last failure reason), in words. */
  coverageReason?: string;
  /** Its latest finished scan at or before `asOf`, or null when there is none (only failures, or never scanned). */
  scan: ReportScanInput | null;
}

/** What the report covers, as the user chose it. */
export interface ReportScope {
  kind: 'cluster' | 'selector' | 'fleet' | 'manifests';
  /** Human wording of the scope: a cluster name, a label selector (`env=prod`), `fleet`, or input paths. */
  description: string;
}

/**
 * Hook for rule evidence scopes (what a rule needs to see: object, related, namespace-inventory, cluster-inventory,
 * cluster-config). Given a rule and the cluster's scan, return a reason when the read-only API could not have
 * shown the rule what it needs (the control is then `not-assessable` on that cluster), or undefined when it could.
 */
export type RuleAssessability = (ruleId: string, scan: ReportScanInput) => string | undefined;

/** Everything `buildReportModel` needs; it reads no clock and does no I/O. */
export interface ReportInput {
  /** The framework id, e.g. `cis-k8s-v1.10` (see `frameworks` in @meshguard/rules). */
  frameworkId: string;
  scope: ReportScope;
  /** The point in time the report describes (ISO 8601). */
  asOf: string;
  /** When the report was generated (ISO 8601); passed in so the model stays a pure function of its input. */
  generatedAt: string;
  /** Identifies the stored report, when there is one. */
  reportId?: string;
  clusters: ReportClusterInput[];
  /** Optional evidence-scope check; see `RuleAssessability`. */
  assessability?: RuleAssessability;
  /** The tool that generated the report (defaults to meshguard). */
  tool?: { name: string; version: string; informationUri?: string };
}
