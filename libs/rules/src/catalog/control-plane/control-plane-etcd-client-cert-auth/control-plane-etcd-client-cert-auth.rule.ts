import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 2.2: --client-cert-auth=true. */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'client-cert-auth', 'true', 'false');
}

export const controlPlaneEtcdClientCertAuthRule = defineRule({
  id: 'control-plane-etcd-client-cert-auth',
  title: 'etcd must require client certificates',
  area: 'control-plane',
  severity: 'critical',
  rationale:
    'Without client certificate authentication anyone who reaches etcd\u2019s port reads and writes every object, bypassing RBAC and admission.',
  remediation: {
    text: 'Start etcd with --client-cert-auth=true and --trusted-ca-file.',
    example: 'etcd --client-cert-auth=true --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0154'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'etcd', 'etcd client authentication', problem),
});
