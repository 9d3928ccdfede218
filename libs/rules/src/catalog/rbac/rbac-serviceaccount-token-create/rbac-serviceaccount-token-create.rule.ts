import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [{ verb: 'create', resource: 'serviceaccounts/token' }],
  describe: 'mint tokens for service accounts',
};

export const rbacServiceaccountTokenCreateRule = defineRule({
  id: 'rbac-serviceaccount-token-create',
  title: 'Roles should not grant creation of service account tokens',
  area: 'rbac',
  severity: 'high',
  rationale:
    'serviceaccounts/token create mints a token for any service account in scope, so the subject acts with that account\u2019s permissions; in kube-system that is usually cluster-admin.',
  remediation: {
    text: 'Remove serviceaccounts/token from the role; let pods receive projected tokens instead of minting them through the API.',
    example: "rules:\n  - apiGroups: ['']\n    resources: [serviceaccounts]\n    verbs: [get, list]",
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0282'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
