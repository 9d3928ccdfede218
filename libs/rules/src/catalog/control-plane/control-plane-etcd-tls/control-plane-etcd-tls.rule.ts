import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 2.1: --cert-file and --key-file are set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['cert-file', 'key-file']);
}

export const controlPlaneEtcdTlsRule = defineRule({
  id: 'control-plane-etcd-tls',
  title: 'etcd must serve clients over TLS',
  area: 'control-plane',
  severity: 'critical',
  rationale:
    'etcd holds every object of the cluster, Secrets included; without TLS they cross the network in clear text.',
  remediation: {
    text: 'Start etcd with --cert-file and --key-file.',
    example:
      'etcd --cert-file=/etc/kubernetes/pki/etcd/server.crt --key-file=/etc/kubernetes/pki/etcd/server.key',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0153'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'etcd', 'etcd TLS', problem),
});
