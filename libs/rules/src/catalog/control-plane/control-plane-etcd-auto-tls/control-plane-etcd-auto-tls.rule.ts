import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagSetTo } from '../../shared/control-plane.js';

/** CIS 2.3: --auto-tls is not true. */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagSetTo(process, 'auto-tls', ['true']);
}

export const controlPlaneEtcdAutoTlsRule = defineRule({
  id: 'control-plane-etcd-auto-tls',
  title: 'etcd must not use self-signed client certificates',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Auto TLS generates self-signed certificates clients cannot verify, so a man in the middle goes unnoticed.',
  remediation: {
    text: 'Remove --auto-tls and use certificates from the cluster\u2019s etcd CA.',
    example: 'etcd --auto-tls=false --cert-file=/etc/kubernetes/pki/etcd/server.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0155'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'etcd', 'etcd TLS', problem),
});
