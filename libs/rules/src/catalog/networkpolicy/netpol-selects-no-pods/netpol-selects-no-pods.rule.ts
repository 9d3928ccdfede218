import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { isEmptySelector, matchesLabelSelector, type LabelSelector } from '../../../netpol/index.js';
import { podSpecSitesByNamespace, workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const netpolSelectsNoPodsRule = defineRule({
  id: 'netpol-selects-no-pods',
  title: 'NetworkPolicies must select at least one workload',
  area: 'networkpolicy',
  severity: 'low',
  rationale:
    'A policy whose podSelector matches nothing protects nothing — usually a typo in a label, which means the workload it was written for is not isolated. It also misleads reviewers reading the policy set.',
  remediation: {
    text: 'Fix the podSelector to match the intended pods’ labels, or delete the policy.',
    example: 'spec:\n  podSelector:\n    matchLabels: { app: web }   # the labels the pods really carry',
  },
  reads: ['networkpolicies', ...workloadKinds],
  evidenceScope: 'related',
  equivalents: {
    kubescape: ['C-0299'],
    'kube-score': ['networkpolicy-targets-pod'],
    'kube-linter': ['dangling-networkpolicy'],
  },
  evaluate: ({ snapshot }) => {
    const sites = podSpecSitesByNamespace(snapshot);
    return evaluateObjects(snapshot, 'networkpolicies', checkPolicy, sites);
  },
});

function checkPolicy(policy: K8sObject, sites: Map<string, PodSpecSite[]>) {
  const selector = (policy.spec?.['podSelector'] ?? {}) as LabelSelector;
  if (isEmptySelector(selector)) return undefined;
  const namespace = policy.metadata.namespace ?? 'default';
  if ((sites.get(namespace) ?? []).some((site) => matchesLabelSelector(selector, site.podLabels)))
    return undefined;
  const text = JSON.stringify(selector);
  return amendedFinding(
    objectFinding(policy, '/spec/podSelector', `${text} matches no pod in namespace ${namespace}`, selector),
    { unresolved: `no workload in the inputs matches podSelector ${text} (namespace ${namespace})` },
  );
}
