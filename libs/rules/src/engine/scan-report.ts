import type { Evidence, Exposure, UnassessedSubject } from './rule.js';
import type { ResourceRef, ResultStatus, RuleArea, Severity } from './vocabulary.js';

/** Whether a finding still counts: `open`, waived (`excepted`) or risk-accepted (`accepted`). */
export const findingStatuses = ['open', 'excepted', 'accepted'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

/** A finding as reported: the rule's finding plus rule metadata, status and a fingerprint stable across scans. */
export interface Finding {
  ruleId: string;
  area: RuleArea;
  severity: Severity;
  status: FindingStatus;
  resource: ResourceRef;
  container?: string;
  message: string;
  /** May be shared (frozen) by findings reporting the same pointer and value. */
  evidence: Evidence[];
  fingerprint: string;
  exposure?: Exposure;
  /** The exception that matched, when status is not `open`. */
  exception?: { id: string; owner: string; justification: string; expires?: string };
}

/** The outcome of one rule over the snapshot. */
export interface RuleResult {
  ruleId: string;
  area: RuleArea;
  severity: Severity;
  status: ResultStatus;
  /** Subjects examined (objects, containers, namespaces… as the rule counts them). */
  checked: number;
  /** Findings by status. */
  open: number;
  excepted: number;
  accepted: number;
  /** Why the rule is `error` (coverage gap or a thrown error), `manual` or `not-assessable`. */
  reason?: string;
  /** Subjects withheld because the inputs lack their evidence; present only when there are some. */
  unassessed?: UnassessedSubject[];
}

export interface ExceptionUsage {
  id: string;
  owner: string;
  expires?: string;
}

export interface ScanScore {
  /** 0–100, or null when no rule could be decided. */
  score: number | null;
  /** How many rules of each result status the score covers (only `pass` and `fail` count toward it). */
  counted: { pass: number; fail: number };
  excluded: { notApplicable: number; notAssessable: number; manual: number; error: number };
  findings: { open: number; excepted: number; accepted: number };
}

/** Everything one evaluation produced. */
export interface ScanReport {
  collectedAt: string;
  results: RuleResult[];
  findings: Finding[];
  exceptions: { unused: ExceptionUsage[]; expired: ExceptionUsage[] };
  score: ScanScore;
  byArea: Partial<Record<RuleArea, ScanScore>>;
}
