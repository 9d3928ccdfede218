import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagSetTo } from '../../shared/control-plane.js';

/** CIS 2.6: --peer-auto-tls is not true. */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagSetTo(process, 'peer-auto-tls', ['true']);
}

export const controlPlaneEtcdPeerAutoTlsRule = defineRule({
  id: 'control-plane-etcd-peer-auto-tls',
  title: 'etcd must not use self-signed peer certificates',
  area: 'control-plane',
  severity: 'medium',
  rationale: 'Self-signed peer certificates cannot be verified, so peer authentication is meaningless.',
  remediation: {
    text: 'Remove --peer-auto-tls and use certificates from the cluster\u2019s etcd CA.',
    example: 'etcd --peer-auto-tls=false --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0158'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'etcd', 'etcd peer TLS', problem),
});
