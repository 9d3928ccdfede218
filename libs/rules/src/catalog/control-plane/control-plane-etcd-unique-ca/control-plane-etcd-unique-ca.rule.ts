import { defineRule, type RuleEvaluation, type RuleFinding } from '../../../engine/rule.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { refOf } from '../../../workload/resource-ref.js';
import { controlPlaneFlags, type ControlPlaneProcess } from '../../shared/control-plane.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

/**
 * The cluster CA as the control plane names it: the API server's client CA, the controller manager's root CA and
 * signing certificate. Compared by path: the files themselves are on the control-plane disk.
 */
function clusterCaFiles(snapshot: ClusterSnapshot): Map<string, string> {
  const files = new Map<string, string>();
  const add = (processes: ControlPlaneProcess[], flags: string[], component: string) => {
    for (const process of processes)
      for (const flag of flags) {
        const file = process.flags.get(flag);
        if (file) files.set(file, `${component} --${flag}`);
      }
  };
  add(controlPlaneFlags(snapshot, 'kube-apiserver'), ['client-ca-file'], 'kube-apiserver');
  add(
    controlPlaneFlags(snapshot, 'kube-controller-manager'),
    ['root-ca-file', 'cluster-signing-cert-file'],
    'kube-controller-manager',
  );
  return files;
}

/** CIS 2.7: etcd's --trusted-ca-file (and --peer-trusted-ca-file) is a CA of its own, not the cluster CA. */
function problem(process: ControlPlaneProcess, clusterCa: Map<string, string>): string | undefined {
  const trusted = process.flags.get('trusted-ca-file');
  if (!trusted)
    return 'does not set --trusted-ca-file, so etcd has no certificate authority of its own for clients';
  const shared = ['trusted-ca-file', 'peer-trusted-ca-file'].flatMap((flag) => {
    const file = process.flags.get(flag);
    const owner = file ? clusterCa.get(file) : undefined;
    return owner ? [`--${flag}=${file} is the cluster CA (${owner})`] : [];
  });
  return shared.length > 0 ? shared.join('; ') : undefined;
}

function evaluateUniqueCa(snapshot: ClusterSnapshot): RuleEvaluation {
  const etcd = controlPlaneFlags(snapshot, 'etcd');
  const clusterCa = clusterCaFiles(snapshot);
  if (etcd.length === 0 || clusterCa.size === 0)
    return {
      findings: [],
      checked: 0,
      notAssessable:
        etcd.length === 0
          ? 'etcd flags are not visible (managed control plane): check that the provider runs etcd with its own CA'
          : 'the cluster CA is not visible (no kube-apiserver --client-ca-file): compare etcd’s --trusted-ca-file with it on the node',
    };
  const findings: RuleFinding[] = [];
  for (const process of etcd) {
    const text = problem(process, clusterCa);
    if (text)
      findings.push(
        ruleFinding(
          refOf(process.pod),
          `${process.commandField} ${text}`,
          [{ pointer: process.pointer }],
          process.container,
        ),
      );
  }
  return { findings, checked: etcd.length };
}

export const controlPlaneEtcdUniqueCaRule = defineRule({
  id: 'control-plane-etcd-unique-ca',
  title: 'etcd must trust a certificate authority of its own',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'etcd authenticates clients by their certificate. When it trusts the cluster CA, every certificate that CA signs (each kubelet’s, each user’s from the CSR API) is accepted by etcd, and any of them can read every Secret straight from the datastore, past RBAC and the audit log.',
  remediation: {
    text: 'Create a dedicated CA for etcd, issue etcd’s server, peer and the API server’s etcd client certificates from it, and point --trusted-ca-file and --peer-trusted-ca-file at it (kubeadm does this: /etc/kubernetes/pki/etcd/ca.crt).',
    example:
      'etcd --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\nkube-apiserver --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt --client-ca-file=/etc/kubernetes/pki/ca.crt',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0159'] },
  evaluate: ({ snapshot }) => evaluateUniqueCa(snapshot),
});
