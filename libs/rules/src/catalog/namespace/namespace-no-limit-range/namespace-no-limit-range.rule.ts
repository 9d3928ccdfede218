import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { evaluateNamespacesLacking } from '../../shared/workload-namespaces.js';

export const namespaceNoLimitRangeRule = defineRule({
  id: 'namespace-no-limit-range',
  title: 'Namespaces running workloads must have a LimitRange',
  area: 'namespace',
  severity: 'low',
  rationale:
    'A LimitRange gives containers default requests and limits and caps what one container may ask for; without it every pod that forgets limits can take a whole node.',
  remediation: {
    text: 'Create a LimitRange in the namespace (or have your namespace provisioning create one).',
    example:
      'apiVersion: v1\nkind: LimitRange\nmetadata: { name: defaults, namespace: shop }\nspec:\n  limits: [{ type: Container, default: { cpu: 500m, memory: 256Mi }, defaultRequest: { cpu: 100m, memory: 128Mi } }]',
  },
  reads: ['limitranges', ...workloadKinds],
  evidenceScope: 'namespace-inventory',
  params: {
    exemptNamespaces: {
      default: ['kube-system', 'kube-public', 'kube-node-lease'] as string[],
      description: 'Namespaces not checked.',
    },
  },
  evaluate: ({ snapshot, params }) =>
    evaluateNamespacesLacking(snapshot, params.exemptNamespaces, 'limitranges', 'LimitRange'),
});
