import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

/** Long-running containers only: Jobs and CronJobs run to completion, where a readiness probe has no meaning. */
function checkContainer(site: ContainerSite) {
  if (site.site.ownerKind === 'jobs' || site.site.ownerKind === 'cronjobs') return undefined;
  return site.container.readinessProbe === undefined
    ? containerFinding(site, site.pointer, 'has no readinessProbe')
    : undefined;
}

export const containerReadinessProbeRule = defineRule({
  id: 'container-readiness-probe',
  title: 'Long-running containers should have a readiness probe',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'Without a readiness probe a pod receives traffic as soon as its process starts, before it can serve, and keeps receiving it when it cannot.',
  remediation: {
    text: 'Add a readinessProbe (HTTP, TCP, gRPC or exec) that reflects whether the container can serve.',
    example: 'readinessProbe:\n  httpGet: { path: /healthz, port: 8080 }\n  periodSeconds: 10',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0018'], 'kube-linter': ['no-readiness-probe'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer, ['containers']),
});
