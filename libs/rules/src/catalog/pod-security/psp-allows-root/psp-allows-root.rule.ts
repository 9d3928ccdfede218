import { defineRule, type RuleEvaluation } from '../../../engine/rule.js';
import {
  evaluatePodSecurityPolicies,
  type PodSecurityPolicySpec,
} from '../../shared/pod-security-policies.js';

/** CIS 5.2.7: containers running as root are admitted by this policy. */
function allows(spec: PodSecurityPolicySpec): boolean {
  return (
    spec.runAsUser?.rule !== 'MustRunAsNonRoot' &&
    !(
      spec.runAsUser?.rule === 'MustRunAs' &&
      (spec.runAsUser.ranges ?? []).length > 0 &&
      (spec.runAsUser.ranges ?? []).every((range) => (range.min ?? 0) > 0)
    )
  );
}

function evaluate(snapshot: Parameters<typeof evaluatePodSecurityPolicies>[0]): RuleEvaluation {
  return evaluatePodSecurityPolicies(snapshot, allows, 'containers running as root');
}

export const pspAllowsRootRule = defineRule({
  id: 'psp-allows-root',
  title: 'Some PodSecurityPolicy must require non-root users',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Root in a container is root on the node as soon as one isolation layer fails. With PodSecurityPolicy, a pod is admitted when any policy its creator may use allows it; when no policy denies this, nothing does.',
  remediation: {
    text: 'Add a restrictive PodSecurityPolicy for ordinary workloads (and bind it), or, since PodSecurityPolicy was removed in Kubernetes 1.25, migrate to Pod Security Admission labels.',
    example: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted',
  },
  reads: ['podsecuritypolicies'],
  evidenceScope: 'cluster-inventory',
  equivalents: { kubescape: ['C-0218'] },
  evaluate: ({ snapshot }) => evaluate(snapshot),
});
