import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.25: --client-ca-file is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['client-ca-file']);
}

export const controlPlaneApiserverClientCaFileRule = defineRule({
  id: 'control-plane-apiserver-client-ca-file',
  title: 'The API server must verify client certificates',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Without a client CA the API server cannot authenticate client certificates, which kubelets and controllers rely on.',
  remediation: {
    text: 'Set --client-ca-file to the cluster CA.',
    example: 'kube-apiserver --client-ca-file=/etc/kubernetes/pki/ca.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0139'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'client certificate authority', problem),
});
