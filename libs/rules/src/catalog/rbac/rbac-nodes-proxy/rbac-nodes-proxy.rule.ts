import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [
    { verb: 'get', resource: 'nodes/proxy' },
    { verb: 'create', resource: 'nodes/proxy' },
  ],
  describe: 'call the kubelet API through nodes/proxy',
};

export const rbacNodesProxyRule = defineRule({
  id: 'rbac-nodes-proxy',
  title: 'Roles must not grant the nodes/proxy subresource',
  area: 'rbac',
  severity: 'high',
  rationale:
    'nodes/proxy reaches the kubelet API of every node through the API server: it runs commands in any pod on the node and bypasses audit logging of those commands.',
  remediation: {
    text: 'Remove nodes/proxy; monitoring agents should read metrics from nodes/metrics or the metrics API instead.',
    example: "rules:\n  - apiGroups: ['']\n    resources: [nodes/metrics]\n    verbs: [get]",
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0279'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
