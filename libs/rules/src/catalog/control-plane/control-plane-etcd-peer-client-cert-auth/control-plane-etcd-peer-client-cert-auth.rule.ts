import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 2.5: --peer-client-cert-auth=true. */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'peer-client-cert-auth', 'true', 'false');
}

export const controlPlaneEtcdPeerClientCertAuthRule = defineRule({
  id: 'control-plane-etcd-peer-client-cert-auth',
  title: 'etcd must authenticate its peers',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Without peer authentication any host that reaches the peer port can join the cluster as a member and receive every object.',
  remediation: {
    text: 'Start etcd with --peer-client-cert-auth=true and --peer-trusted-ca-file.',
    example: 'etcd --peer-client-cert-auth=true --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0157'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'etcd', 'etcd peer authentication', problem),
});
