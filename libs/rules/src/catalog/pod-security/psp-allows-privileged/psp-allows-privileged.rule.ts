import { defineRule, type RuleEvaluation } from '../../../engine/rule.js';
import {
  evaluatePodSecurityPolicies,
  type PodSecurityPolicySpec,
} from '../../shared/pod-security-policies.js';

/** CIS 5.2.2: privileged containers are admitted by this policy. */
function allows(spec: PodSecurityPolicySpec): boolean {
  return spec.privileged === true;
}

function evaluate(snapshot: Parameters<typeof evaluatePodSecurityPolicies>[0]): RuleEvaluation {
  return evaluatePodSecurityPolicies(snapshot, allows, 'privileged containers');
}

export const pspAllowsPrivilegedRule = defineRule({
  id: 'psp-allows-privileged',
  title: 'Some PodSecurityPolicy must deny privileged containers',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'A privileged container has every capability and every device of the node: it is root on the host. With PodSecurityPolicy, a pod is admitted when any policy its creator may use allows it; when no policy denies this, nothing does.',
  remediation: {
    text: 'Add a restrictive PodSecurityPolicy for ordinary workloads (and bind it), or, since PodSecurityPolicy was removed in Kubernetes 1.25, migrate to Pod Security Admission labels.',
    example: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted',
  },
  reads: ['podsecuritypolicies'],
  evidenceScope: 'cluster-inventory',
  equivalents: { kubescape: ['C-0213'] },
  evaluate: ({ snapshot }) => evaluate(snapshot),
});
