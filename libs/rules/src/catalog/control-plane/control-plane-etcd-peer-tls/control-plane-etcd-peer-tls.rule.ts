import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 2.4: --peer-cert-file and --peer-key-file are set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['peer-cert-file', 'peer-key-file']);
}

export const controlPlaneEtcdPeerTlsRule = defineRule({
  id: 'control-plane-etcd-peer-tls',
  title: 'etcd must encrypt peer traffic',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'etcd members replicate every object to each other; without peer TLS the replication stream is readable and forgeable on the network.',
  remediation: {
    text: 'Start etcd with --peer-cert-file and --peer-key-file.',
    example:
      'etcd --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt --peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0156'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'etcd', 'etcd peer TLS', problem),
});
