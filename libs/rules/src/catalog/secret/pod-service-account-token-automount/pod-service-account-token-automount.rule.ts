import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const podServiceAccountTokenAutomountRule = defineRule({
  id: 'pod-service-account-token-automount',
  title: 'Pods should not automount service account tokens they do not use',
  area: 'secret',
  severity: 'medium',
  rationale:
    'Kubernetes mounts an API token into every pod unless told not to. Most applications never call the API, yet a compromised container can use the token for reconnaissance or, with any RBAC grant, for lateral movement.',
  remediation: {
    text: 'Set automountServiceAccountToken: false on the pod (or its ServiceAccount) and project a token only into pods that call the API.',
    example: 'spec:\n  automountServiceAccountToken: false',
  },
  reads: [...workloadKinds, 'serviceaccounts'],
  evidenceScope: 'related',
  equivalents: {
    kubescape: ['C-0034'],
    polaris: ['automountServiceAccountToken'],
    trivy: ['KSV036'],
    checkov: ['CKV_K8S_38'],
  },
  evaluate: ({ snapshot }) => {
    const accounts = new Map(
      (snapshot.resources.serviceaccounts ?? []).map((account) => [
        `${account.metadata.namespace}/${account.metadata.name}`,
        account['automountServiceAccountToken'],
      ]),
    );
    return evaluatePodSpecs(snapshot, checkPodSpec, accounts);
  },
});

/** `accounts`: each `namespace/name` ServiceAccount's own automountServiceAccountToken. */
function checkPodSpec(site: PodSpecSite, accounts: Map<string, unknown>) {
  if (site.spec.automountServiceAccountToken === false) return undefined;
  const accountName = site.spec.serviceAccountName ?? site.spec.serviceAccount ?? 'default';
  if (
    site.spec.automountServiceAccountToken === undefined &&
    accounts.get(`${site.namespace}/${accountName}`) === false
  )
    return undefined;
  const finding = podFinding(
    site,
    `${site.pointer}/automountServiceAccountToken`,
    site.spec.automountServiceAccountToken === true
      ? 'is true'
      : `is not set and ServiceAccount ${accountName} does not disable automounting`,
    site.spec.automountServiceAccountToken ?? null,
  );
  // Unset, the pod follows its ServiceAccount: when that is not in the inputs, manifests cannot tell.
  return site.spec.automountServiceAccountToken === undefined &&
    !accounts.has(`${site.namespace}/${accountName}`)
    ? amendedFinding(finding, {
        unresolved: `automountServiceAccountToken is not set, so the ServiceAccount decides, and ServiceAccount \`${accountName}\` is not in the inputs (namespace ${site.namespace})`,
      })
    : finding;
}
