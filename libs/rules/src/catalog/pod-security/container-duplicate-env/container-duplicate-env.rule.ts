import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

/** Every env entry whose name an earlier entry of the same container already set. */
function checkContainer(site: ContainerSite) {
  const seen = new Set<string>();
  const findings = [];
  for (const [index, variable] of (site.container.env ?? []).entries()) {
    if (seen.has(variable.name))
      findings.push(
        containerFinding(
          site,
          `${site.pointer}/env/${index}/name`,
          `repeats ${variable.name}; only the last value takes effect`,
          variable.name,
        ),
      );
    seen.add(variable.name);
  }
  return findings;
}

export const containerDuplicateEnvRule = defineRule({
  id: 'container-duplicate-env',
  title: 'Containers must not set the same environment variable twice',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'When a name appears twice in env, Kubernetes keeps the last value silently; a reviewer reading the first entry sees a different configuration than the one running.',
  remediation: {
    text: 'Remove the duplicate entry; keep one definition per name.',
    example: 'env:\n  - name: LOG_LEVEL\n    value: info',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0295'], 'kube-linter': ['duplicate-env-var'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});
