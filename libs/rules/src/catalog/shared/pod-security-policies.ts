import type { RuleEvaluation } from '../../engine/rule.js';
import type { ClusterSnapshot, K8sObject } from '../../snapshot/snapshot.js';
import { refOf } from '../../workload/resource-ref.js';
import { ruleFinding } from '../../engine/rule-finding.js';

/** The PodSecurityPolicy fields the CIS 5.2 checks read (policy/v1beta1, removed in Kubernetes 1.25). */
export interface PodSecurityPolicySpec {
  privileged?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostNetwork?: boolean;
  allowPrivilegeEscalation?: boolean;
  allowedCapabilities?: string[];
  requiredDropCapabilities?: string[];
  runAsUser?: { rule?: string; ranges?: { min?: number; max?: number }[] };
}

/**
 * CIS 5.2 (for clusters with PodSecurityPolicy): "ensure that at least one policy does not allow" something. A pod is
 * admitted when any policy available to its creator allows it, so when every policy allows it nothing stops it: each
 * policy is then a finding. Not applicable without PodSecurityPolicies.
 */
export function evaluatePodSecurityPolicies(
  snapshot: ClusterSnapshot,
  allows: (spec: PodSecurityPolicySpec) => boolean,
  what: string,
): RuleEvaluation {
  const policies = (snapshot.resources.podsecuritypolicies ?? []) as K8sObject[];
  const permissive = policies.filter((policy) => allows((policy.spec ?? {}) as PodSecurityPolicySpec));
  if (permissive.length < policies.length) return { findings: [], checked: policies.length };
  return {
    checked: policies.length,
    findings: permissive.map((policy) =>
      ruleFinding(refOf(policy), `spec admits ${what}, and no other PodSecurityPolicy denies them`, [
        { pointer: '/spec' },
      ]),
    ),
  };
}
