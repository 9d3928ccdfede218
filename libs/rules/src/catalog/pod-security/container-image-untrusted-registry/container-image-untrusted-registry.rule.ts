import { globMatch } from '../../../engine/glob.js';
import { defineRule } from '../../../engine/rule.js';
import {
  allContainerSites,
  containerImage,
  fieldPointer,
  workloadKinds,
  type ContainerSite,
} from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerImageUntrustedRegistryRule = defineRule({
  id: 'container-image-untrusted-registry',
  title: 'Container images must come from trusted registries',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Images pulled from arbitrary registries bypass your scanning, signing and provenance controls; typosquatted public images are a known supply-chain attack. Configure the registries you trust; the rule is not applicable until you do.',
  remediation: {
    text: 'Mirror the image into a trusted registry and reference it there.',
    example: 'image: registry.example.com/mirror/nginx:1.27.2',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  params: {
    trustedRegistries: {
      default: [] as string[],
      description:
        'Registry hosts (globs allowed, e.g. "*.example.com" or "registry.example.com/team/*" with a repository prefix).',
    },
  },
  equivalents: { kubescape: ['C-0078'] },
  evaluate: ({ snapshot, params }) => {
    if (params.trustedRegistries.length === 0) return { findings: [], checked: 0 };
    const evaluation = evaluateContainers(snapshot, checkContainer, undefined, params.trustedRegistries);
    return { ...evaluation, checked: allContainerSites(snapshot).length };
  },
});

/** `trustedRegistries`: registry globs, or registry/repository globs when they contain a slash. */
function checkContainer(site: ContainerSite, trustedRegistries: string[]) {
  const image = site.container.image;
  if (!image) return undefined;
  const reference = containerImage(site);
  const full = `${reference.registry}/${reference.repository}`;
  const trusted = trustedRegistries.some((pattern) =>
    pattern.includes('/') ? globMatch(pattern, full) : globMatch(pattern, reference.registry),
  );
  return trusted
    ? undefined
    : containerFinding(
        site,
        fieldPointer(site.pointer, 'image'),
        `is ${image}, from registry ${reference.registry} which is not trusted`,
        image,
      );
}
