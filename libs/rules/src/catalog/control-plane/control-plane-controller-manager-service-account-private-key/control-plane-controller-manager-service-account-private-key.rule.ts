import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.3.4: --service-account-private-key-file is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['service-account-private-key-file']);
}

export const controlPlaneControllerManagerServiceAccountPrivateKeyRule = defineRule({
  id: 'control-plane-controller-manager-service-account-private-key',
  title: 'The controller manager must sign service account tokens with a dedicated key',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'The key signs legacy service account tokens; without it they cannot be created or rotated independently of other keys.',
  remediation: {
    text: 'Set --service-account-private-key-file to the private half of the API server\u2019s --service-account-key-file.',
    example: 'kube-controller-manager --service-account-private-key-file=/etc/kubernetes/pki/sa.key',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0147'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-controller-manager', 'service account signing key', problem),
});
