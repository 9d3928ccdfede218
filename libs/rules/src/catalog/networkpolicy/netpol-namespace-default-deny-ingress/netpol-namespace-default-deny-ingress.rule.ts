import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { defaultDenyCovers } from '../../shared/network-policies.js';
import { evaluateWorkloadNamespaces } from '../../shared/workload-namespaces.js';

export const netpolNamespaceDefaultDenyIngressRule = defineRule({
  id: 'netpol-namespace-default-deny-ingress',
  title: 'Namespaces must deny ingress traffic by default',
  area: 'networkpolicy',
  severity: 'high',
  rationale:
    'Kubernetes allows all traffic to a pod until a policy selects it. A default-deny ingress policy (empty podSelector, policyTypes Ingress) in every namespace makes isolation the default, so a new workload is not reachable by every other pod in the cluster before someone writes its policy.',
  remediation: {
    text: 'Add a NetworkPolicy selecting every pod of the namespace with policyTypes [Ingress] and no rules (or the Cilium/Calico equivalent), then allow the flows each workload needs.',
    example:
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]',
  },
  reads: ['networkpolicies', 'namespaces', ...workloadKinds],
  evidenceScope: 'namespace-inventory',
  params: {
    exemptNamespaces: {
      default: ['kube-system', 'kube-public', 'kube-node-lease'] as string[],
      description: 'Namespaces not checked.',
    },
  },
  equivalents: { kubescape: ['C-0054'] },
  evaluate: ({ snapshot, params }) =>
    evaluateWorkloadNamespaces(
      snapshot,
      params.exemptNamespaces,
      defaultDenyCovers(snapshot, 'ingress'),
      (namespace, workloads) =>
        `namespace ${namespace} has no policy isolating all its pods for ingress (default-deny ingress); ${workloads} workload(s) accept traffic from anywhere unless selected individually`,
    ),
});
