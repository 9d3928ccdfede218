import { defineRule } from '../../../engine/rule.js';
import {
  containerImage,
  fieldPointer,
  workloadKinds,
  type ContainerSite,
} from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerImagePullPolicyRule = defineRule({
  id: 'container-image-pull-policy',
  title: 'Containers should pull images with imagePullPolicy Always',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'With IfNotPresent or Never, a pod starts from whatever image is cached on the node: another tenant’s pod can run a private image without the registry checking its pull credentials, and a re-pushed tag is silently not picked up. Always makes the kubelet check with the registry on every start (cheap with digests).',
  remediation: {
    text: 'Set imagePullPolicy: Always (with digest-pinned images the pull is a metadata check).',
    example: 'imagePullPolicy: Always',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    polaris: ['pullPolicyNotAlways'],
    'kube-score': ['container-image-pull-policy'],
    checkov: ['CKV_K8S_15'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const policy = site.container.imagePullPolicy;
  if (policy === 'Always') return undefined;
  if (policy === undefined) {
    const reference = containerImage(site);
    if (!reference.digest && (reference.tag === undefined || reference.tag === 'latest')) return undefined;
    return containerFinding(
      site,
      fieldPointer(site.pointer, 'imagePullPolicy'),
      `is not set (defaults to IfNotPresent for ${site.container.image ?? 'the image'})`,
    );
  }
  return containerFinding(site, fieldPointer(site.pointer, 'imagePullPolicy'), `is ${policy}`, policy);
}
