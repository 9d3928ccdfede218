import { defineRule } from '../../../engine/rule.js';
import { evaluateBindingGrants, type BindingGrantCheck } from '../../shared/evaluate-roles.js';

const check: BindingGrantCheck = {
  accesses: [
    { verb: 'update', resource: 'configmaps' },
    { verb: 'patch', resource: 'configmaps' },
  ],
  namespace: 'kube-system',
  describe: 'rewrite ConfigMaps (CoreDNS, kube-proxy, kubeadm configuration)',
};

export const rbacKubeSystemConfigmapWriteRule = defineRule({
  id: 'rbac-kube-system-configmap-write',
  title: 'Roles should not grant writing ConfigMaps in kube-system',
  area: 'rbac',
  severity: 'high',
  rationale:
    'kube-system ConfigMaps configure cluster DNS and kube-proxy: whoever can change the coredns ConfigMap redirects any service name to an address of their choice.',
  remediation: {
    text: 'Remove update and patch on configmaps in kube-system from all but cluster administrators; grant them in application namespaces only.',
    example: "rules:\n  - apiGroups: ['']\n    resources: [configmaps]\n    verbs: [get, list]",
  },
  reads: ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0037'] },
  evaluate: ({ snapshot }) => evaluateBindingGrants(snapshot, check),
});
