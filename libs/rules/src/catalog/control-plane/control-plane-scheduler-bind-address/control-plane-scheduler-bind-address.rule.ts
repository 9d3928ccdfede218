import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, loopbackOnly } from '../../shared/control-plane.js';

/** CIS 1.4.2: --bind-address=127.0.0.1 (the default is 0.0.0.0). */
function problem(process: ControlPlaneProcess): string | undefined {
  return loopbackOnly(process);
}

export const controlPlaneSchedulerBindAddressRule = defineRule({
  id: 'control-plane-scheduler-bind-address',
  title: 'The scheduler must listen on localhost only',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'The scheduler serves health, metrics and (unless disabled) profiling; bound to every interface, they are reachable from the pod network.',
  remediation: {
    text: 'Start kube-scheduler with --bind-address=127.0.0.1.',
    example: 'kube-scheduler --bind-address=127.0.0.1',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0152'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-scheduler', 'bind address', problem),
});
