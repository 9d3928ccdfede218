import { defineRule, type RuleEvaluation } from '../../../engine/rule.js';
import {
  evaluatePodSecurityPolicies,
  type PodSecurityPolicySpec,
} from '../../shared/pod-security-policies.js';

/** CIS 5.2.9: containers that keep capabilities are admitted by this policy. */
function allows(spec: PodSecurityPolicySpec): boolean {
  return !(spec.requiredDropCapabilities ?? []).some((capability) => capability.toUpperCase() === 'ALL');
}

function evaluate(snapshot: Parameters<typeof evaluatePodSecurityPolicies>[0]): RuleEvaluation {
  return evaluatePodSecurityPolicies(snapshot, allows, 'containers that keep capabilities');
}

export const pspAllowsRequiredDropRule = defineRule({
  id: 'psp-allows-required-drop',
  title: 'Some PodSecurityPolicy must drop every capability',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Containers keep the runtime\u2019s default capabilities (NET_RAW among them) unless a policy requires dropping them. With PodSecurityPolicy, a pod is admitted when any policy its creator may use allows it; when no policy denies this, nothing does.',
  remediation: {
    text: 'Add a restrictive PodSecurityPolicy for ordinary workloads (and bind it), or, since PodSecurityPolicy was removed in Kubernetes 1.25, migrate to Pod Security Admission labels.',
    example: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted',
  },
  reads: ['podsecuritypolicies'],
  evidenceScope: 'cluster-inventory',
  equivalents: { kubescape: ['C-0220'] },
  evaluate: ({ snapshot }) => evaluate(snapshot),
});
