import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.26: --etcd-cafile is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['etcd-cafile']);
}

export const controlPlaneApiserverEtcdCafileRule = defineRule({
  id: 'control-plane-apiserver-etcd-cafile',
  title: 'The API server must verify etcd\u2019s certificate',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Without a CA for etcd, the API server cannot tell the real etcd from an impostor that records every Secret written.',
  remediation: {
    text: 'Set --etcd-cafile to the CA that signs etcd\u2019s serving certificate.',
    example: 'kube-apiserver --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0140'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'etcd certificate authority', problem),
});
