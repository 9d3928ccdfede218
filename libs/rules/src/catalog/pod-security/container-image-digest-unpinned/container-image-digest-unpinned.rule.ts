import { defineRule } from '../../../engine/rule.js';
import {
  containerImage,
  fieldPointer,
  workloadKinds,
  type ContainerSite,
} from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerImageDigestUnpinnedRule = defineRule({
  id: 'container-image-digest-unpinned',
  title: 'Container images should be pinned by digest',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'Tags are mutable: whoever can push to the repository can change what a tag means. A digest (@sha256:…) pins the exact bytes that were reviewed and scanned.',
  remediation: {
    text: 'Append the image digest to the reference (tools like crane or skopeo print it).',
    example: 'image: nginx:1.27.2@sha256:<digest>',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0306'], checkov: ['CKV_K8S_43'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

/** Digests of the OCI image spec's registered algorithms: lower-case hex of the algorithm's length. */
const validDigest = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}|blake3:[a-f0-9]{64})$/;

function checkContainer(site: ContainerSite) {
  const image = site.container.image;
  if (!image) return undefined;
  const digest = containerImage(site).digest;
  if (digest === undefined)
    return containerFinding(
      site,
      fieldPointer(site.pointer, 'image'),
      `is ${image}, without a digest`,
      image,
    );
  // A malformed digest pins nothing: the runtime refuses to pull it.
  return validDigest.test(digest)
    ? undefined
    : containerFinding(
        site,
        fieldPointer(site.pointer, 'image'),
        `is ${image}, whose digest is not a valid OCI digest`,
        image,
      );
}
