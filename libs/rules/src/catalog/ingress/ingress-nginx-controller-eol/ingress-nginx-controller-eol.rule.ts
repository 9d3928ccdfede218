import { defineRule } from '../../../engine/rule.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

/** Images of the community ingress-nginx controller (not F5's NGINX Ingress Controller, nginx/nginx-ingress). */
const ingressNginxImage =
  /(^|\/)(ingress-nginx\/controller|kubernetes-ingress-controller\/nginx-ingress-controller)([:@]|$)/;

/** Kubernetes SIG Network retires ingress-nginx: best-effort maintenance ends in March 2026, then no security fixes. */
const endOfLife = '2026-03-31T23:59:59Z';

function checkContainer(site: ContainerSite, snapshot: ClusterSnapshot) {
  const image = site.container.image ?? '';
  if (!ingressNginxImage.test(image)) return undefined;
  const ended = snapshot.collectedAt > endOfLife;
  return containerFinding(
    site,
    `${site.pointer}/image`,
    `runs the ingress-nginx controller (${image}), which ${ended ? 'reached' : 'reaches'} end of life in March 2026: no security fixes after that`,
    image,
  );
}

export const ingressNginxControllerEolRule = defineRule({
  id: 'ingress-nginx-controller-eol',
  title: 'The retired ingress-nginx controller must be replaced',
  area: 'ingress',
  severity: 'high',
  rationale:
    'The community ingress-nginx controller is retired (best-effort maintenance until March 2026). It faces the internet by design and has had critical vulnerabilities (IngressNightmare, CVE-2025-1974); after its end of life they are no longer fixed.',
  remediation: {
    text: 'Migrate to a maintained controller (a Gateway API implementation, or another Ingress controller) before support ends.',
    example: 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nspec:\n  gatewayClassName: envoy',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0292'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer, undefined, snapshot),
});
