import { defineRule, type RuleEvaluation } from '../../../engine/rule.js';
import {
  evaluatePodSecurityPolicies,
  type PodSecurityPolicySpec,
} from '../../shared/pod-security-policies.js';

/** CIS 5.2.6: privilege escalation (allowPrivilegeEscalation unset or true) are admitted by this policy. */
function allows(spec: PodSecurityPolicySpec): boolean {
  return spec.allowPrivilegeEscalation !== false;
}

function evaluate(snapshot: Parameters<typeof evaluatePodSecurityPolicies>[0]): RuleEvaluation {
  return evaluatePodSecurityPolicies(
    snapshot,
    allows,
    'privilege escalation (allowPrivilegeEscalation unset or true)',
  );
}

export const pspAllowsPrivilegeEscalationRule = defineRule({
  id: 'psp-allows-privilege-escalation',
  title: 'Some PodSecurityPolicy must deny privilege escalation',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Without allowPrivilegeEscalation: false, setuid binaries in the image turn a process into root. With PodSecurityPolicy, a pod is admitted when any policy its creator may use allows it; when no policy denies this, nothing does.',
  remediation: {
    text: 'Add a restrictive PodSecurityPolicy for ordinary workloads (and bind it), or, since PodSecurityPolicy was removed in Kubernetes 1.25, migrate to Pod Security Admission labels.',
    example: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted',
  },
  reads: ['podsecuritypolicies'],
  evidenceScope: 'cluster-inventory',
  equivalents: { kubescape: ['C-0217'] },
  evaluate: ({ snapshot }) => evaluate(snapshot),
});
