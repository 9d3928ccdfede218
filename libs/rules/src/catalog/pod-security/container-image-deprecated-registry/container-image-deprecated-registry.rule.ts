import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

/** Registries the Kubernetes project froze: k8s.gcr.io redirects to registry.k8s.io and receives no new images. */
const deprecatedRegistries = ['k8s.gcr.io', 'gcr.io/google_containers', 'gcr.io/google-containers'];

function checkContainer(site: ContainerSite) {
  const image = site.container.image ?? '';
  const registry = deprecatedRegistries.find((prefix) => image === prefix || image.startsWith(`${prefix}/`));
  return registry === undefined
    ? undefined
    : containerFinding(
        site,
        `${site.pointer}/image`,
        `pulls from the frozen ${registry} registry; use registry.k8s.io`,
        image,
      );
}

export const containerImageDeprecatedRegistryRule = defineRule({
  id: 'container-image-deprecated-registry',
  title: 'Images must not come from the frozen k8s.gcr.io registry',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'k8s.gcr.io was frozen in April 2023: it receives no new images or security patches, so anything pulled from it stays on old, vulnerable versions.',
  remediation: {
    text: 'Pull the same image from registry.k8s.io and move to a supported version.',
    example: 'image: registry.k8s.io/ingress-nginx/controller:v1.11.3',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0253'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});
