import { defineRule, type RuleEvaluation } from '../../../engine/rule.js';
import {
  evaluatePodSecurityPolicies,
  type PodSecurityPolicySpec,
} from '../../shared/pod-security-policies.js';

/** CIS 5.2.5: the host network namespace are admitted by this policy. */
function allows(spec: PodSecurityPolicySpec): boolean {
  return spec.hostNetwork === true;
}

function evaluate(snapshot: Parameters<typeof evaluatePodSecurityPolicies>[0]): RuleEvaluation {
  return evaluatePodSecurityPolicies(snapshot, allows, 'the host network namespace');
}

export const pspAllowsHostNetworkRule = defineRule({
  id: 'psp-allows-host-network',
  title: 'Some PodSecurityPolicy must deny the host network namespace',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'A pod on the host network reaches node-local services (the kubelet, metadata endpoints) and bypasses NetworkPolicies. With PodSecurityPolicy, a pod is admitted when any policy its creator may use allows it; when no policy denies this, nothing does.',
  remediation: {
    text: 'Add a restrictive PodSecurityPolicy for ordinary workloads (and bind it), or, since PodSecurityPolicy was removed in Kubernetes 1.25, migrate to Pod Security Admission labels.',
    example: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted',
  },
  reads: ['podsecuritypolicies'],
  evidenceScope: 'cluster-inventory',
  equivalents: { kubescape: ['C-0216'] },
  evaluate: ({ snapshot }) => evaluate(snapshot),
});
