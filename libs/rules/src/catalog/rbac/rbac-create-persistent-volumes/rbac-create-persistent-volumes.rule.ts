import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [{ verb: 'create', resource: 'persistentvolumes' }],
  describe: 'create PersistentVolumes',
};

export const rbacCreatePersistentVolumesRule = defineRule({
  id: 'rbac-create-persistent-volumes',
  title: 'Roles should not grant creation of PersistentVolumes',
  area: 'rbac',
  severity: 'high',
  rationale:
    'A PersistentVolume can be a hostPath: whoever creates one and a claim bound to it mounts any directory of a node, bypassing Pod Security Admission.',
  remediation: {
    text: 'Let StorageClasses provision volumes dynamically; grant create on persistentvolumes only to storage administrators.',
    example:
      "rules:\n  - apiGroups: ['']\n    resources: [persistentvolumeclaims]\n    verbs: [create, get, list]",
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0278'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
