import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

/** `sudo` as a word of the command or args (also inside `sh -c` strings). */
const sudoWord = /(^|[\s;&|(])sudo(\s|$)/;

function checkContainer(site: ContainerSite) {
  const words = [...(site.container.command ?? []), ...(site.container.args ?? [])];
  const index = words.findIndex((word) => sudoWord.test(word));
  if (index < 0) return undefined;
  const commandLength = site.container.command?.length ?? 0;
  const pointer =
    index < commandLength
      ? `${site.pointer}/command/${index}`
      : `${site.pointer}/args/${index - commandLength}`;
  return containerFinding(site, pointer, 'runs sudo: the image expects to gain root at run time');
}

export const containerSudoEntrypointRule = defineRule({
  id: 'container-sudo-entrypoint',
  title: 'Containers must not run sudo in their entrypoint',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'sudo in the entrypoint means the image ships a setuid binary and a sudoers policy so the process can become root: anyone who reaches the container can do the same.',
  remediation: {
    text: 'Do the privileged step at build time or in an init container with only the capability it needs; remove sudo from the image.',
    example: 'command: [/app/server]\nsecurityContext:\n  allowPrivilegeEscalation: false',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0062'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});
