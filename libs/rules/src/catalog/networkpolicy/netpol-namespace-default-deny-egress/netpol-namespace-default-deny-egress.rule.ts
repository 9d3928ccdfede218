import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { defaultDenyCovers } from '../../shared/network-policies.js';
import { evaluateWorkloadNamespaces } from '../../shared/workload-namespaces.js';

export const netpolNamespaceDefaultDenyEgressRule = defineRule({
  id: 'netpol-namespace-default-deny-egress',
  title: 'Namespaces must deny egress traffic by default',
  area: 'networkpolicy',
  severity: 'medium',
  rationale:
    'Without default-deny egress a compromised pod can reach any pod, the cloud metadata service and the internet: exfiltration and lateral movement need no further step. Default-deny egress with explicit allowances (DNS, dependencies) closes that.',
  remediation: {
    text: 'Add a NetworkPolicy selecting every pod of the namespace with policyTypes [Egress] and no rules (or the Cilium/Calico equivalent), then allow the flows each workload needs.',
    example:
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\nspec:\n  podSelector: {}\n  policyTypes: [Egress]',
  },
  reads: ['networkpolicies', 'namespaces', ...workloadKinds],
  evidenceScope: 'namespace-inventory',
  params: {
    exemptNamespaces: {
      default: ['kube-system', 'kube-public', 'kube-node-lease'] as string[],
      description: 'Namespaces not checked.',
    },
  },
  equivalents: { kubescape: ['C-0030'] },
  evaluate: ({ snapshot, params }) =>
    evaluateWorkloadNamespaces(
      snapshot,
      params.exemptNamespaces,
      defaultDenyCovers(snapshot, 'egress'),
      (namespace, workloads) =>
        `namespace ${namespace} has no policy isolating all its pods for egress (default-deny egress); ${workloads} workload(s) accept connections to anywhere unless selected individually`,
    ),
});
