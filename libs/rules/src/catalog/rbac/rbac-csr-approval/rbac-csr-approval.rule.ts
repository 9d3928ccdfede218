import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [
    { verb: 'update', resource: 'certificatesigningrequests/approval', group: 'certificates.k8s.io' },
    { verb: 'patch', resource: 'certificatesigningrequests/approval', group: 'certificates.k8s.io' },
  ],
  describe: 'approve certificate signing requests',
};

export const rbacCsrApprovalRule = defineRule({
  id: 'rbac-csr-approval',
  title: 'Roles must not grant approval of certificate signing requests',
  area: 'rbac',
  severity: 'high',
  rationale:
    'Approving CSRs lets a subject issue itself a client certificate for any user or group, system:masters included, which RBAC cannot revoke.',
  remediation: {
    text: 'Leave CSR approval to the controller manager and to the cluster administrators; remove certificatesigningrequests/approval from other roles.',
    example:
      'rules:\n  - apiGroups: [certificates.k8s.io]\n    resources: [certificatesigningrequests]\n    verbs: [get, list, create]',
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0280'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
