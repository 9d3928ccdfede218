import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.5: --kubelet-certificate-authority is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['kubelet-certificate-authority']);
}

export const controlPlaneApiserverKubeletCertificateAuthorityRule = defineRule({
  id: 'control-plane-apiserver-kubelet-certificate-authority',
  title: 'The API server must verify kubelet serving certificates',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Without a CA to verify kubelet serving certificates, the API server talks to whatever answers on a node address: a man in the middle sees exec sessions and logs.',
  remediation: {
    text: 'Set --kubelet-certificate-authority to the CA that signs kubelet serving certificates (and enable kubelet serving certificate rotation).',
    example: 'kube-apiserver --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0117'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'kubelet certificate authority', problem),
});
