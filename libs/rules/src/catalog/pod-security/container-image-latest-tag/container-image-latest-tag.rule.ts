import { defineRule } from '../../../engine/rule.js';
import {
  containerImage,
  fieldPointer,
  workloadKinds,
  type ContainerSite,
} from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerImageLatestTagRule = defineRule({
  id: 'container-image-latest-tag',
  title: 'Container images must name a version tag, not latest or none',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'An image without a tag or tagged latest changes under you: two nodes may run different code, rollbacks are impossible and a compromised upstream push is pulled automatically. Pin a version (and preferably a digest).',
  remediation: {
    text: 'Reference the image by an explicit version tag or a digest.',
    example: 'image: nginx:1.27.2',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    polaris: ['tagNotSpecified'],
    trivy: ['KSV013'],
    'kube-score': ['container-image-tag'],
    'kube-linter': ['latest-tag'],
    checkov: ['CKV_K8S_14'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const image = site.container.image;
  if (!image) return undefined;
  const reference = containerImage(site);
  if (reference.digest) return undefined;
  if (reference.tag === undefined)
    return containerFinding(
      site,
      fieldPointer(site.pointer, 'image'),
      `is ${image}, without a tag (pulls latest)`,
      image,
    );
  return reference.tag === 'latest'
    ? containerFinding(site, fieldPointer(site.pointer, 'image'), `is ${image}, tagged latest`, image)
    : undefined;
}
