import type { RuleFinding } from '../../../engine/rule.js';
import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

const allowedTypes = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

export const containerSelinuxCustomRule = defineRule({
  id: 'container-selinux-custom',
  title: 'Containers must not set custom SELinux user, role or type',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Custom SELinux options can move a container into a more privileged domain (e.g. spc_t, unconfined_t). Pod Security Standards baseline allows only the container_* types and forbids setting user or role.',
  remediation: {
    text: 'Remove seLinuxOptions.user/role and use a container_t type (or none).',
    example: 'securityContext:\n  seLinuxOptions:\n    level: "s0:c123,c456"',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { trivy: ['KSV025'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const findings: RuleFinding[] = [];
  const sources = [
    {
      options: site.container.securityContext?.seLinuxOptions,
      pointer: `${site.pointer}/securityContext/seLinuxOptions`,
    },
    ...(site.index === 0 &&
    site.kind === (site.site.spec.initContainers?.length ? 'initContainers' : 'containers')
      ? [
          {
            options: site.site.spec.securityContext?.seLinuxOptions,
            pointer: `${site.site.pointer}/securityContext/seLinuxOptions`,
          },
        ]
      : []),
  ];
  for (const { options, pointer } of sources) {
    if (!options) continue;
    if (options.type !== undefined && !allowedTypes.has(options.type))
      findings.push(containerFinding(site, `${pointer}/type`, `is ${options.type}`, options.type));
    if (options.user)
      findings.push(
        containerFinding(site, `${pointer}/user`, `is ${options.user}; it must not be set`, options.user),
      );
    if (options.role)
      findings.push(
        containerFinding(site, `${pointer}/role`, `is ${options.role}; it must not be set`, options.role),
      );
  }
  return findings;
}
