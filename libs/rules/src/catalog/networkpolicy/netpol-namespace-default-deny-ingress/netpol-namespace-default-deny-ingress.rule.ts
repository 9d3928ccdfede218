import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import {
  namespaceFacts,
  policiesForNamespace,
  selectsWholeNamespace,
} from '../../shared/network-policies.js';
import { namespaceRef, workloadNamespaces } from '../../shared/workload-namespaces.js';

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
  params: {
    exemptNamespaces: {
      default: ['kube-system', 'kube-public', 'kube-node-lease'] as string[],
      description: 'Namespaces not checked.',
    },
  },
  equivalents: { kubescape: ['C-0260'] },
  evaluate: ({ snapshot, params }) => {
    const namespaces = workloadNamespaces(snapshot, params.exemptNamespaces);
    const factsOf = namespaceFacts(snapshot);
    const findings = [...namespaces.keys()]
      .filter(
        (namespace) =>
          !policiesForNamespace(snapshot, namespace).some(
            (policy) =>
              policy.isolates.includes('ingress') && selectsWholeNamespace(policy, factsOf(namespace)),
          ),
      )
      .map((namespace) => ({
        resource: namespaceRef(namespace),
        message: `namespace ${namespace} has no policy isolating all its pods for ingress (default-deny ingress); ${namespaces.get(namespace)?.length ?? 0} workload(s) accept traffic from anywhere unless selected individually`,
        evidence: [{ pointer: '/metadata/name', value: namespace }],
      }));
    return { findings, checked: namespaces.size };
  },
});
