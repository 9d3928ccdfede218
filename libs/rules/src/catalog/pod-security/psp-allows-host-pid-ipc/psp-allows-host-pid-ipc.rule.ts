import { defineRule, type RuleEvaluation } from '../../../engine/rule.js';
import {
  evaluatePodSecurityPolicies,
  type PodSecurityPolicySpec,
} from '../../shared/pod-security-policies.js';

/** CIS 5.2.3: the host PID or IPC namespace are admitted by this policy. */
function allows(spec: PodSecurityPolicySpec): boolean {
  return spec.hostPID === true || spec.hostIPC === true;
}

function evaluate(snapshot: Parameters<typeof evaluatePodSecurityPolicies>[0]): RuleEvaluation {
  return evaluatePodSecurityPolicies(snapshot, allows, 'the host PID or IPC namespace');
}

export const pspAllowsHostPidIpcRule = defineRule({
  id: 'psp-allows-host-pid-ipc',
  title: 'Some PodSecurityPolicy must deny the host PID and IPC namespaces',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'Sharing the host PID or IPC namespace lets a container see and signal every process on the node and read its shared memory. With PodSecurityPolicy, a pod is admitted when any policy its creator may use allows it; when no policy denies this, nothing does.',
  remediation: {
    text: 'Add a restrictive PodSecurityPolicy for ordinary workloads (and bind it), or, since PodSecurityPolicy was removed in Kubernetes 1.25, migrate to Pod Security Admission labels.',
    example: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted',
  },
  reads: ['podsecuritypolicies'],
  evidenceScope: 'cluster-inventory',
  equivalents: { kubescape: ['C-0214'] },
  evaluate: ({ snapshot }) => evaluate(snapshot),
});
