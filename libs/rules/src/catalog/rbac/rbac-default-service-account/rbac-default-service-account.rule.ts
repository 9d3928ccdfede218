import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

export const rbacDefaultServiceAccountRule = defineRule({
  id: 'rbac-default-service-account',
  title: 'Workloads should run under their own service account',
  area: 'rbac',
  severity: 'low',
  rationale:
    'Every pod that names no service account shares the namespace’s default one, so a grant made for one workload silently applies to all of them, and audit logs cannot tell them apart.',
  remediation: {
    text: 'Create a ServiceAccount per workload and set serviceAccountName.',
    example: 'spec:\n  serviceAccountName: web',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { 'kube-linter': ['default-service-account'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  const account = site.spec.serviceAccountName ?? site.spec.serviceAccount;
  if (account && account !== 'default') return undefined;
  return podFinding(
    site,
    `${site.pointer}/serviceAccountName`,
    account ? 'is default' : 'is not set (the default service account is used)',
    account ?? null,
  );
}
