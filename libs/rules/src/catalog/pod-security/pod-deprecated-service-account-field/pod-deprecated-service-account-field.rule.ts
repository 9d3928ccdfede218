import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

/** `serviceAccount` is the deprecated alias of `serviceAccountName`, ignored when both are set. */
function checkPodSpec(site: PodSpecSite) {
  const spec = site.spec as { serviceAccount?: string; serviceAccountName?: string };
  // The same name in both fields is what `kubectl get -o yaml` prints for every pod: no ambiguity.
  return spec.serviceAccount === undefined || spec.serviceAccount === spec.serviceAccountName
    ? undefined
    : podFinding(
        site,
        `${site.pointer}/serviceAccount`,
        'uses the deprecated serviceAccount field; use serviceAccountName',
        spec.serviceAccount,
      );
}

export const podDeprecatedServiceAccountFieldRule = defineRule({
  id: 'pod-deprecated-service-account-field',
  title: 'Pod specs should use serviceAccountName, not the deprecated serviceAccount',
  area: 'pod-security',
  severity: 'info',
  rationale:
    'spec.serviceAccount is a deprecated alias; when it and serviceAccountName disagree the alias is ignored, so the identity a reviewer reads is not the one the pod gets.',
  remediation: {
    text: 'Rename serviceAccount to serviceAccountName.',
    example: 'spec:\n  serviceAccountName: web',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0294'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});
