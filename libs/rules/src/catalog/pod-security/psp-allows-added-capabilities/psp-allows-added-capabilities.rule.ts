import { defineRule, type RuleEvaluation } from '../../../engine/rule.js';
import {
  evaluatePodSecurityPolicies,
  type PodSecurityPolicySpec,
} from '../../shared/pod-security-policies.js';

/** CIS 5.2.8: added capabilities are admitted by this policy. */
function allows(spec: PodSecurityPolicySpec): boolean {
  return (spec.allowedCapabilities ?? []).length > 0;
}

function evaluate(snapshot: Parameters<typeof evaluatePodSecurityPolicies>[0]): RuleEvaluation {
  return evaluatePodSecurityPolicies(snapshot, allows, 'added capabilities');
}

export const pspAllowsAddedCapabilitiesRule = defineRule({
  id: 'psp-allows-added-capabilities',
  title: 'Some PodSecurityPolicy must deny added capabilities',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Added capabilities (NET_ADMIN, SYS_ADMIN\u2026) give back pieces of root that the runtime removed by default. With PodSecurityPolicy, a pod is admitted when any policy its creator may use allows it; when no policy denies this, nothing does.',
  remediation: {
    text: 'Add a restrictive PodSecurityPolicy for ordinary workloads (and bind it), or, since PodSecurityPolicy was removed in Kubernetes 1.25, migrate to Pod Security Admission labels.',
    example: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted',
  },
  reads: ['podsecuritypolicies'],
  evidenceScope: 'cluster-inventory',
  equivalents: { kubescape: ['C-0219'] },
  evaluate: ({ snapshot }) => evaluate(snapshot),
});
