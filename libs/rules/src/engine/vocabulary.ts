/** How bad a failing rule is; ordered from worst to least. */
export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

/** The product's rule areas. */
export const ruleAreas = [
  'networkpolicy',
  'ingress',
  'service',
  'configmap',
  'secret',
  'daemonset',
  'pod-security',
  'namespace',
  'rbac',
  'encryption',
  'patching',
  'monitoring',
  'control-plane',
] as const;
export type RuleArea = (typeof ruleAreas)[number];

/**
 * What a rule needs to see to decide (see docs/scoring.md, "Evidence scopes"):
 * - `object`: the object alone decides;
 * - `related`: objects it references must be present too (a RoleBinding's Role, a Service's pods);
 * - `namespace-inventory`: everything in a namespace (a missing LimitRange, a workload no policy selects);
 * - `cluster-inventory`: every DaemonSet or node of the cluster (node agents);
 * - `cluster-config`: the cluster's version, API server flags or network ranges.
 */
export const evidenceScopes = [
  'object',
  'related',
  'namespace-inventory',
  'cluster-inventory',
  'cluster-config',
] as const;
export type EvidenceScope = (typeof evidenceScopes)[number];

/** The outcome of one rule on one snapshot (or one resource). */
/**
 * `not-assessable`: the inputs lack the evidence the rule needs (its evidence scope, or objects it references), so it
 * neither passes nor fails; `reason` says what is missing.
 */
export const resultStatuses = ['fail', 'pass', 'not-applicable', 'not-assessable', 'manual', 'error'] as const;
export type ResultStatus = (typeof resultStatuses)[number];

/** Which object a finding is about. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}
