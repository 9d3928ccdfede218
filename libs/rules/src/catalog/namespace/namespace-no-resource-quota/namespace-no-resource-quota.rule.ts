import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { evaluateNamespacesLacking } from '../../shared/workload-namespaces.js';

export const namespaceNoResourceQuotaRule = defineRule({
  id: 'namespace-no-resource-quota',
  title: 'Namespaces running workloads must have a ResourceQuota',
  area: 'namespace',
  severity: 'low',
  rationale:
    'ResourceQuota caps the CPU, memory, object counts and LoadBalancers a namespace can consume; without one a compromised or runaway workload can starve the cluster or run up cloud costs.',
  remediation: {
    text: 'Create a ResourceQuota in the namespace (or have your namespace provisioning create one).',
    example:
      'apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: quota, namespace: shop }\nspec:\n  hard: { requests.cpu: "8", requests.memory: 16Gi, limits.memory: 32Gi, services.loadbalancers: "0" }',
  },
  reads: ['resourcequotas', ...workloadKinds],
  evidenceScope: 'namespace-inventory',
  params: {
    exemptNamespaces: {
      default: ['kube-system', 'kube-public', 'kube-node-lease'] as string[],
      description: 'Namespaces not checked.',
    },
  },
  evaluate: ({ snapshot, params }) =>
    evaluateNamespacesLacking(snapshot, params.exemptNamespaces, 'resourcequotas', 'ResourceQuota'),
});
