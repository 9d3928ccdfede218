import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { matchesLabelSelector } from '../../../netpol/index.js';
import { podSpecSitesByNamespace, workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const serviceSelectsNoPodsRule = defineRule({
  id: 'service-selects-no-pods',
  title: 'Services must select at least one workload',
  area: 'service',
  severity: 'low',
  rationale:
    'A Service whose selector matches no pod is dead configuration at best; at worst a later workload with matching labels (possibly in a compromised deployment) silently receives its traffic, including from Ingresses and LoadBalancers pointing at it.',
  remediation: {
    text: 'Fix the selector to match the intended pods’ labels, or delete the Service.',
    example: 'spec:\n  selector:\n    app: web',
  },
  reads: ['services', ...workloadKinds],
  evidenceScope: 'related',
  equivalents: {
    kubescape: ['C-0293'],
    'kube-score': ['service-targets-pod'],
    'kube-linter': ['dangling-service'],
  },
  evaluate: ({ snapshot }) => {
    return evaluateObjects(snapshot, 'services', checkService, podSpecSitesByNamespace(snapshot));
  },
});

/** `sites`: the pod specs of each namespace. */
function checkService(service: K8sObject & { spec?: ServiceSpec }, sites: Map<string, PodSpecSite[]>) {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName')
    return undefined;
  const namespace = service.metadata.namespace ?? 'default';
  const matched = (sites.get(namespace) ?? []).some((site) =>
    matchesLabelSelector({ matchLabels: selector }, site.podLabels),
  );
  if (matched) return undefined;
  const text = JSON.stringify(selector);
  return amendedFinding(
    objectFinding(service, '/spec/selector', `${text} matches no pod in namespace ${namespace}`, selector),
    { unresolved: `no workload in the inputs has the labels ${text} (namespace ${namespace})` },
  );
}
