import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

/** Long-running containers only: Jobs and CronJobs run to completion, where a liveness probe has no meaning. */
function checkContainer(site: ContainerSite) {
  if (site.site.ownerKind === 'jobs' || site.site.ownerKind === 'cronjobs') return undefined;
  return site.container.livenessProbe === undefined
    ? containerFinding(site, site.pointer, 'has no livenessProbe')
    : undefined;
}

export const containerLivenessProbeRule = defineRule({
  id: 'container-liveness-probe',
  title: 'Long-running containers should have a liveness probe',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'Without a liveness probe a deadlocked container keeps its endpoints and is never restarted; the service degrades silently.',
  remediation: {
    text: 'Add a livenessProbe (HTTP, TCP, gRPC or exec) that reflects whether the container can serve.',
    example: 'livenessProbe:\n  httpGet: { path: /healthz, port: 8080 }\n  periodSeconds: 10',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0056'], 'kube-linter': ['no-liveness-probe'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer, ['containers']),
});
