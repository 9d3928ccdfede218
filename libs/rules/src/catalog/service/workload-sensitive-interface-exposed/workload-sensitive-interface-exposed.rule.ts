import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { routeReads } from '../../../netpol/index.js';
import { workloadExposure } from '../../shared/workload-exposure.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

/** Administrative web interfaces that run code or read cluster data for whoever reaches them, by image repository. */
const sensitiveInterfaces: { name: string; image: RegExp }[] = [
  {
    name: 'Kubernetes Dashboard',
    image: /(^|\/)(kubernetesui\/dashboard|kubernetes-dashboard(-amd64)?)([:@]|$)/,
  },
  { name: 'Jenkins', image: /(^|\/)jenkins(\/jenkins)?([:@]|$)/ },
  { name: 'Jupyter', image: /(^|\/)(jupyter\/[a-z-]+|jupyterhub\/[a-z-]+)([:@]|$)/ },
  { name: 'Kubeflow', image: /(^|\/)kubeflow(notebookswg)?\/[a-z-]+([:@]|$)/ },
  { name: 'Argo Workflows server', image: /(^|\/)argoproj\/argocli([:@]|$)/ },
  { name: 'Argo CD server', image: /(^|\/)argoproj\/argocd([:@]|$)/ },
  { name: 'Apache NiFi', image: /(^|\/)apache\/nifi([:@]|$)/ },
  { name: 'Weave Scope', image: /(^|\/)weaveworks\/scope([:@]|$)/ },
  { name: 'Prometheus', image: /(^|\/)prom\/prometheus([:@]|$)/ },
  { name: 'Kibana', image: /(^|\/)kibana\/kibana([:@]|$)/ },
];

function checkPodSpec(site: PodSpecSite, snapshot: ClusterSnapshot): RuleFinding | undefined {
  for (const [index, container] of (site.spec.containers ?? []).entries()) {
    const known = sensitiveInterfaces.find((entry) => entry.image.test(container.image ?? ''));
    if (!known) continue;
    // The reachability verdict every rule shares: a LoadBalancer/NodePort Service, an external IP, a route backend
    // (Ingress, Gateway API route, Istio VirtualService) or a host port.
    if (workloadExposure(snapshot)(site) !== 'internet') return undefined;
    return ruleFinding(
      site.ref,
      `runs ${known.name} (${container.image ?? ''}) and is reachable from outside the cluster`,
      [{ pointer: `${site.pointer}/containers/${index}/image`, value: container.image }],
      container.name,
      'internet',
    );
  }
  return undefined;
}

export const workloadSensitiveInterfaceExposedRule = defineRule({
  id: 'workload-sensitive-interface-exposed',
  title:
    'Administrative interfaces (dashboards, Jenkins, Jupyter\u2026) must not be exposed outside the cluster',
  area: 'service',
  severity: 'high',
  rationale:
    'Dashboards, CI servers and notebooks execute code or read cluster data for whoever reaches them; exposed through a LoadBalancer, NodePort, Ingress, Gateway API route or Istio VirtualService they are among the first things attackers scan for.',
  remediation: {
    text: 'Expose the interface only through an authenticating proxy or VPN, or keep the Service ClusterIP and use kubectl port-forward.',
    example: 'spec:\n  type: ClusterIP',
  },
  reads: [...workloadKinds, 'services', ...routeReads, 'networkpolicies'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0021'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec, snapshot),
});
