import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.4: --kubelet-client-certificate and --kubelet-client-key are set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['kubelet-client-certificate', 'kubelet-client-key']);
}

export const controlPlaneApiserverKubeletClientCertificateRule = defineRule({
  id: 'control-plane-apiserver-kubelet-client-certificate',
  title: 'The API server must authenticate to kubelets with a client certificate',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Kubelets serve exec, logs and port-forward. Without a client certificate the API server cannot authenticate to them, so kubelets must accept unauthenticated requests.',
  remediation: {
    text: 'Set --kubelet-client-certificate and --kubelet-client-key to a certificate the kubelets trust.',
    example:
      'kube-apiserver --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0116'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'kubelet client certificate', problem),
});
