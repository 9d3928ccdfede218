import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.3.5: --root-ca-file is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['root-ca-file']);
}

export const controlPlaneControllerManagerRootCaFileRule = defineRule({
  id: 'control-plane-controller-manager-root-ca-file',
  title: 'The controller manager must publish the cluster CA to service account token Secrets',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Pods verify the API server with the CA the controller manager publishes; without it they connect without verification and can be intercepted.',
  remediation: {
    text: 'Set --root-ca-file to the cluster CA certificate.',
    example: 'kube-controller-manager --root-ca-file=/etc/kubernetes/pki/ca.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0148'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-controller-manager', 'root CA setting', problem),
});
