import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagList } from '../../shared/control-plane.js';

/** CIS 1.3.6: the RotateKubeletServerCertificate feature gate is not turned off (it is on by default since 1.12). */
function problem(process: ControlPlaneProcess): string | undefined {
  const gates = flagList(process, 'feature-gates');
  return gates.some(
    (gate) => gate.replace(/\s/g, '').toLowerCase() === 'rotatekubeletservercertificate=false',
  )
    ? 'sets --feature-gates RotateKubeletServerCertificate=false'
    : undefined;
}

export const controlPlaneControllerManagerRotateKubeletServerCertificateRule = defineRule({
  id: 'control-plane-controller-manager-rotate-kubelet-server-certificate',
  title: 'Kubelet serving certificates must be rotated',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Kubelet serving certificates that are never rotated stay valid for their full lifetime after a node is compromised.',
  remediation: {
    text: 'Remove RotateKubeletServerCertificate=false from --feature-gates.',
    example: 'kube-controller-manager --feature-gates=RotateKubeletServerCertificate=true',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0149'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-controller-manager', 'kubelet certificate rotation', problem),
});
