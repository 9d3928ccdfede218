import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerProcMountRule = defineRule({
  id: 'container-proc-mount',
  title: 'Containers must use the default /proc mount',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'procMount: Unmasked exposes kernel interfaces under /proc that the runtime normally masks, helping a process read host information or escape. Pod Security Standards baseline requires Default.',
  remediation: {
    text: 'Remove securityContext.procMount or set it to Default.',
    example: 'securityContext:\n  procMount: Default',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { polaris: ['procMount'], trivy: ['KSV027'], 'kube-linter': ['unsafe-proc-mount'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const procMount = site.container.securityContext?.procMount;
  return procMount !== undefined && procMount !== 'Default'
    ? containerFinding(site, `${site.pointer}/securityContext/procMount`, `is ${procMount}`, procMount)
    : undefined;
}
