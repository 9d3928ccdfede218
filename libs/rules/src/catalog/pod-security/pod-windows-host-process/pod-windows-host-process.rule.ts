import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';
import { containerSites } from '../../../workload/pod-specs.js';
import type { RuleFinding } from '../../../engine/rule.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const podWindowsHostProcessRule = defineRule({
  id: 'pod-windows-host-process',
  title: 'Windows pods must not run as HostProcess',
  area: 'pod-security',
  severity: 'critical',
  rationale:
    'Windows HostProcess containers run directly on the host with the privileges of a node administrator. Pod Security Standards baseline forbids them.',
  remediation: {
    text: 'Remove securityContext.windowsOptions.hostProcess from the pod and its containers.',
    example: 'securityContext:\n  windowsOptions:\n    hostProcess: false',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { polaris: ['hostProcess'], trivy: ['KSV103'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  const findings: RuleFinding[] = [];
  if (site.spec.securityContext?.windowsOptions?.hostProcess === true)
    findings.push(
      podFinding(site, `${site.pointer}/securityContext/windowsOptions/hostProcess`, 'is true', true),
    );
  for (const container of containerSites(site)) {
    if (container.container.securityContext?.windowsOptions?.hostProcess === true) {
      findings.push(
        amendedFinding(
          podFinding(
            site,
            `${container.pointer}/securityContext/windowsOptions/hostProcess`,
            'is true',
            true,
          ),
          { container: container.container.name },
        ),
      );
    }
  }
  return findings;
}
