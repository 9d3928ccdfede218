import type { RuleFinding } from '../../../engine/rule.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';
import { containerSites, type PodSpecSite } from '../../../workload/pod-specs.js';
import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { containerFinding } from '../../shared/finding.js';

export const podSeccompUnconfinedRule = defineRule({
  id: 'pod-seccomp-unconfined',
  title: 'Pods and containers must not disable seccomp',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'A seccomp profile of Unconfined gives the container every system call of the kernel, including those behind most container escapes. Pod Security Standards baseline forbids Unconfined.',
  remediation: {
    text: 'Set seccompProfile.type to RuntimeDefault (or a Localhost profile).',
    example: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { trivy: ['KSV104'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  const findings: RuleFinding[] = [];
  if (site.spec.securityContext?.seccompProfile?.type === 'Unconfined') {
    findings.push(
      podFinding(site, `${site.pointer}/securityContext/seccompProfile/type`, 'is Unconfined', 'Unconfined'),
    );
  }
  for (const container of containerSites(site)) {
    if (container.container.securityContext?.seccompProfile?.type === 'Unconfined')
      findings.push(
        containerFinding(
          container,
          `${container.pointer}/securityContext/seccompProfile/type`,
          'is Unconfined',
          'Unconfined',
        ),
      );
  }
  return findings;
}
