import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [
    { verb: 'delete', resource: 'pods' },
    { verb: 'delete', resource: 'services' },
    { verb: 'delete', resource: 'secrets' },
    { verb: 'delete', resource: 'configmaps' },
    { verb: 'delete', resource: 'deployments', group: 'apps' },
    { verb: 'delete', resource: 'daemonsets', group: 'apps' },
    { verb: 'delete', resource: 'statefulsets', group: 'apps' },
    { verb: 'delete', resource: 'replicasets', group: 'apps' },
    { verb: 'delete', resource: 'jobs', group: 'batch' },
    { verb: 'delete', resource: 'cronjobs', group: 'batch' },
    { verb: 'deletecollection', resource: 'pods' },
    { verb: 'deletecollection', resource: 'secrets' },
  ],
  describe: 'delete workloads, Secrets or Services',
};

export const rbacDeleteCapabilitiesRule = defineRule({
  id: 'rbac-delete-capabilities',
  title: 'Roles should not let people delete workloads, Secrets or Services',
  area: 'rbac',
  severity: 'medium',
  rationale:
    'Delete rights on workloads, Services or Secrets let an attacker with a stolen credential cause an outage or destroy evidence, without any privilege escalation.',
  remediation: {
    text: 'Grant delete only to deployment pipelines and operators that need it, scoped to their namespace and, where possible, to resourceNames.',
    example:
      'rules:\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, list, watch, update, patch]',
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0007'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
