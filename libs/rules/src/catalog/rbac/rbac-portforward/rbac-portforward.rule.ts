import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [
    { verb: 'create', resource: 'pods/portforward' },
    { verb: 'get', resource: 'pods/portforward' },
  ],
  describe: 'forward ports of pods',
};

export const rbacPortforwardRule = defineRule({
  id: 'rbac-portforward',
  title: 'Roles should not grant port-forwarding into pods',
  area: 'rbac',
  severity: 'medium',
  rationale:
    'Port-forwarding opens a tunnel from the user\u2019s machine straight to a pod port, bypassing Services, Ingress, NetworkPolicies and any authentication in front of the application.',
  remediation: {
    text: 'Remove pods/portforward from the role; use a debugging workflow with its own short-lived access.',
    example: "rules:\n  - apiGroups: ['']\n    resources: [pods, pods/log]\n    verbs: [get, list]",
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0063'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
