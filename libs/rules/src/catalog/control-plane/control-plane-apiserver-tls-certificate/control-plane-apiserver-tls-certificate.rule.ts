import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.24: --tls-cert-file and --tls-private-key-file are set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['tls-cert-file', 'tls-private-key-file']);
}

export const controlPlaneApiserverTlsCertificateRule = defineRule({
  id: 'control-plane-apiserver-tls-certificate',
  title: 'The API server must serve TLS with its own certificate',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Without an explicit certificate the API server generates a self-signed one that clients cannot verify, which trains them to skip verification.',
  remediation: {
    text: 'Set --tls-cert-file and --tls-private-key-file to a certificate signed by the cluster CA.',
    example:
      'kube-apiserver --tls-cert-file=/etc/kubernetes/pki/apiserver.crt --tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0138'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'API server certificate', problem),
});
