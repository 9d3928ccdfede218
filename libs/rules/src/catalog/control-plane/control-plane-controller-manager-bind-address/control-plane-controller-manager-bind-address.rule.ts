import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, loopbackOnly } from '../../shared/control-plane.js';

/** CIS 1.3.7: --bind-address=127.0.0.1 (the default is 0.0.0.0). */
function problem(process: ControlPlaneProcess): string | undefined {
  return loopbackOnly(process);
}

export const controlPlaneControllerManagerBindAddressRule = defineRule({
  id: 'control-plane-controller-manager-bind-address',
  title: 'The controller manager must listen on localhost only',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'The controller manager serves health, metrics and (unless disabled) profiling; bound to every interface, they are reachable from the pod network.',
  remediation: {
    text: 'Start kube-controller-manager with --bind-address=127.0.0.1.',
    example: 'kube-controller-manager --bind-address=127.0.0.1',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0150'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-controller-manager', 'bind address', problem),
});
