import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';

export const namespaceDefaultWorkloadsRule = defineRule({
  id: 'namespace-default-workloads',
  title: 'Workloads should not run in the default namespace',
  area: 'namespace',
  severity: 'low',
  rationale:
    'The default namespace has no owner, no quotas, no Pod Security label and no NetworkPolicies by convention; workloads there share all of its grants and are reachable by everything. Namespaces are the unit of isolation.',
  remediation: {
    text: 'Move the workload into a namespace of its own team or application.',
    example: 'metadata:\n  namespace: shop',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0212'],
    trivy: ['KSV110'],
    'kube-linter': ['use-namespace'],
    checkov: ['CKV_K8S_21'],
  },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite): RuleFinding | undefined {
  if (site.namespace !== 'default') return undefined;
  if (site.owner.namespaceUnset)
    return {
      resource: site.ref,
      message: `metadata.namespace is not set (${site.ref.kind} ${site.ref.name}): it lands in the namespace that \`kubectl apply -n\` or the kustomization names, and in default when neither does`,
      evidence: [{ pointer: '/metadata/namespace' }],
    };
  return {
    resource: site.ref,
    message: `metadata.namespace is default (${site.ref.kind} ${site.ref.name})`,
    evidence: [{ pointer: '/metadata/namespace', value: 'default' }],
  };
}
