import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.23: --etcd-certfile and --etcd-keyfile are set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['etcd-certfile', 'etcd-keyfile']);
}

export const controlPlaneApiserverEtcdClientCertificateRule = defineRule({
  id: 'control-plane-apiserver-etcd-client-certificate',
  title: 'The API server must authenticate to etcd with a client certificate',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'etcd holds every object, Secrets included. Without client certificates etcd must accept unauthenticated clients.',
  remediation: {
    text: 'Set --etcd-certfile and --etcd-keyfile, and make etcd require client certificates.',
    example:
      'kube-apiserver --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0137'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'etcd client certificate', problem),
});
