import { defineRule } from '../../../engine/rule.js';
import { evaluateRoleRules } from '../../shared/evaluate-roles.js';

export const rbacWildcardRulesRule = defineRule({
  id: 'rbac-wildcard-rules',
  title: 'Roles should not use wildcards in verbs or resources',
  area: 'rbac',
  severity: 'high',
  rationale:
    'A wildcard grants today’s permissions and every verb or resource added later (including CRDs that carry credentials). Least privilege requires listing what is needed.',
  remediation: {
    text: 'Replace * with the explicit verbs and resources the subject needs.',
    example:
      'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch"]',
  },
  reads: ['roles', 'clusterroles'],
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0187'],
    trivy: ['KSV044', 'KSV045', 'KSV046'],
    'kube-linter': ['wildcard-in-rules'],
    checkov: ['CKV_K8S_49'],
  },
  evaluate: ({ snapshot }) =>
    evaluateRoleRules(snapshot, (rule) => {
      const parts = [
        (rule.verbs ?? []).includes('*') ? 'verbs' : undefined,
        (rule.resources ?? []).includes('*') ? 'resources' : undefined,
      ].filter(Boolean);
      return parts.length > 0 ? `uses * in ${parts.join(' and ')}` : undefined;
    }),
});
