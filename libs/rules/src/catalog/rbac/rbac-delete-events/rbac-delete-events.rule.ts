import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [
    { verb: 'delete', resource: 'events' },
    { verb: 'deletecollection', resource: 'events' },
    { verb: 'delete', resource: 'events', group: 'events.k8s.io' },
    { verb: 'deletecollection', resource: 'events', group: 'events.k8s.io' },
  ],
  describe: 'delete events',
};

export const rbacDeleteEventsRule = defineRule({
  id: 'rbac-delete-events',
  title: 'Roles should not grant deletion of events',
  area: 'rbac',
  severity: 'low',
  rationale:
    'Events record what happened to pods and nodes; an attacker who can delete them hides failed attempts and container starts from anyone watching the cluster.',
  remediation: {
    text: 'Grant read access to events only; let the API server expire them.',
    example:
      "rules:\n  - apiGroups: ['', events.k8s.io]\n    resources: [events]\n    verbs: [get, list, watch]",
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0031'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
