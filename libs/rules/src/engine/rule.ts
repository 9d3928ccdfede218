import type { ClusterSnapshot } from '../snapshot/snapshot.js';
import type { SnapshotKind } from '../snapshot/kinds.js';
import type { EvidenceScope, ResourceRef, RuleArea, Severity } from './vocabulary.js';

/** Tools whose check ids a rule maps to, spelled as each tool prints them. */
export const equivalentTools = [
  'kubescape',
  'polaris',
  'trivy',
  'kube-score',
  'kube-linter',
  'checkov',
] as const;
export type EquivalentTool = (typeof equivalentTools)[number];

/** Where in the object the problem is: a JSON pointer into the object, and the (redacted) value found there. */
export interface Evidence {
  pointer: string;
  value?: unknown;
  /** Set when the value may be confidential; the engine replaces it with a redacted description before reporting. */
  sensitive?: boolean;
}

/** How reachable the offending resource is; scoring weighs internet-reachable problems more. */
export type Exposure = 'internet' | 'cluster' | 'isolated';

/** One problem a rule reports, before the engine adds rule metadata, status and fingerprint. */
export interface RuleFinding {
  resource: ResourceRef;
  container?: string;
  /** Names the exact field and value, e.g. `spec.containers[0].securityContext.privileged is true`. */
  message: string;
  evidence: Evidence[];
  exposure?: Exposure;
  /**
   * Set when the problem may only be that a referenced object is missing from the inputs, e.g. "Role `x` is not in
   * the inputs": a manifest scan withholds the finding as not assessable; a complete scan (live cluster) reports it.
   */
  unresolved?: string;
}

/** A subject a rule could not judge, and why (a reference missing from the inputs, an undeclared namespace). */
export interface UnassessedSubject {
  resource: ResourceRef;
  container?: string;
  reason: string;
}

/** What `evaluate` may return: findings plus how many subjects were examined (0 means not applicable). */
export interface RuleEvaluation {
  findings: RuleFinding[];
  checked: number;
  /** Set when this snapshot holds no evidence either way (e.g. control-plane flags not visible): the result is `manual`. */
  manual?: string;
  /**
   * Set when the evidence exists but this snapshot cannot show it (control-plane flags of a managed control plane live
   * in the provider's console): the result is `not-assessable` with this reason, never `pass`.
   */
  notAssessable?: string;
  /**
   * References the rule could not follow because the object is not in the snapshot, with no finding either way
   * (a RoleBinding to an absent Role grants nothing on a cluster, but in manifests the Role may live elsewhere).
   * Ignored on complete evidence; listed as not assessable otherwise.
   */
  unresolved?: UnassessedSubject[];
}

export interface RuleParam<T> {
  default: T;
  description: string;
}

export type RuleParams = Record<string, unknown>;

export interface RuleContext<P extends RuleParams> {
  snapshot: ClusterSnapshot;
  params: P;
}

/** A rule: pure data plus a pure `evaluate` (no I/O, no clock: use `snapshot.collectedAt`, no logging). */
export interface RuleDefinition<P extends RuleParams = RuleParams, Id extends string = string> {
  /** Stable kebab-case id, never renumbered, e.g. `netpol-namespace-default-deny`. */
  id: Id;
  title: string;
  area: RuleArea;
  severity: Severity;
  /** Why this matters, in words a cluster operator reads. */
  rationale: string;
  remediation: { text: string; example?: string };
  /** Kinds the rule reads; a coverage gap in any of them turns its result into `error`. */
  reads: SnapshotKind[];
  /** What the rule needs to see to decide; a scan whose inputs lack it reports the rule `not-assessable`. */
  evidenceScope: EvidenceScope;
  params?: { [K in keyof P]: RuleParam<P[K]> };
  /** The same check in other tools, for migration and conformance. */
  equivalents?: Partial<Record<EquivalentTool, string[]>>;
  /** True when the rule cannot be decided from cluster state; its result is always `manual`. */
  manual?: boolean;
  /** Returns findings; an array means "every object of the `reads` kinds was checked". */
  evaluate(context: RuleContext<P>): RuleFinding[] | RuleEvaluation;
}

/** Declares a rule; the identity function that gives rule files one checked shape and keeps the id as a literal type. */
export function defineRule<P extends RuleParams = RuleParams, const Id extends string = string>(
  rule: RuleDefinition<P, Id>,
): RuleDefinition<P, Id> {
  return rule;
}

/** A rule of any params, as the engine and catalog hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = RuleDefinition<any, string>;
