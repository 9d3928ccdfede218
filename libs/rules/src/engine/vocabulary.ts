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

/** The outcome of one rule on one snapshot (or one resource). */
export const resultStatuses = ['fail', 'pass', 'not-applicable', 'manual', 'error'] as const;
export type ResultStatus = (typeof resultStatuses)[number];

/** Which object a finding is about. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}
