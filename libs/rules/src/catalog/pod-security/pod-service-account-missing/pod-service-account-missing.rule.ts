import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';
import { serviceAccountNameOf, serviceAccountOf } from '../../shared/workload-service-account.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

/** `default` exists in every namespace (the controller creates it), so only named accounts can be missing. */
function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot): RuleFinding | undefined {
  const name = serviceAccountNameOf(site);
  if (name === 'default' || serviceAccountOf(snapshot, site) !== undefined) return undefined;
  const field = (site.spec as { serviceAccountName?: string }).serviceAccountName
    ? 'serviceAccountName'
    : 'serviceAccount';
  const finding = podFinding(
    site,
    `${site.pointer}/${field}`,
    `names ServiceAccount ${name}, which does not exist in namespace ${site.namespace}`,
    name,
  );
  return amendedFinding(finding, {
    unresolved: `ServiceAccount \`${name}\` is not in the inputs (namespace ${site.namespace})`,
  });
}

export const podServiceAccountMissingRule = defineRule({
  id: 'pod-service-account-missing',
  title: 'Pods must run as a service account that exists',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'The ServiceAccount admission plugin rejects pods whose service account does not exist: the controller retries forever and the workload never starts, typically after a rename or a missing manifest.',
  remediation: {
    text: 'Create the ServiceAccount in the workload\u2019s namespace or correct serviceAccountName.',
    example: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: batch-runner\n  namespace: batch',
  },
  reads: [...workloadKinds, 'serviceaccounts'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0307'], 'kube-linter': ['non-existent-service-account'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
