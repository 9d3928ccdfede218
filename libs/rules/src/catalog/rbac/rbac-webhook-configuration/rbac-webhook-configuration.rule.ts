import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [
    { verb: 'create', resource: 'validatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
    { verb: 'update', resource: 'validatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
    { verb: 'patch', resource: 'validatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
    { verb: 'delete', resource: 'validatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
    { verb: 'create', resource: 'mutatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
    { verb: 'update', resource: 'mutatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
    { verb: 'patch', resource: 'mutatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
    { verb: 'delete', resource: 'mutatingwebhookconfigurations', group: 'admissionregistration.k8s.io' },
  ],
  describe: 'change admission webhook configurations',
};

export const rbacWebhookConfigurationRule = defineRule({
  id: 'rbac-webhook-configuration',
  title: 'Roles must not let people change admission webhooks',
  area: 'rbac',
  severity: 'high',
  rationale:
    'A mutating webhook sees, and can rewrite, every object created in the cluster (Secrets included); deleting a validating webhook switches off policy enforcement.',
  remediation: {
    text: 'Grant write access to webhook configurations only to the cluster administrators and the operators that install them.',
    example:
      'rules:\n  - apiGroups: [admissionregistration.k8s.io]\n    resources: [validatingwebhookconfigurations]\n    verbs: [get, list, watch]',
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0281'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
