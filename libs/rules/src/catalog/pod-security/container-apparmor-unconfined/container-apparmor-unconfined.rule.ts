import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerApparmorUnconfinedRule = defineRule({
  id: 'container-apparmor-unconfined',
  title: 'Containers must not run with AppArmor unconfined',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'AppArmor confines file, mount and network access of container processes. Setting a profile of Unconfined (field) or unconfined (annotation) removes that layer. Pod Security Standards baseline allows only RuntimeDefault or Localhost profiles.',
  remediation: {
    text: 'Remove the Unconfined AppArmor profile or set RuntimeDefault.',
    example: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { trivy: ['KSV002'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const field =
    site.container.securityContext?.appArmorProfile?.type ??
    site.site.spec.securityContext?.appArmorProfile?.type;
  if (field !== undefined && !['RuntimeDefault', 'Localhost'].includes(field)) {
    const own = site.container.securityContext?.appArmorProfile?.type !== undefined;
    return containerFinding(
      site,
      own
        ? `${site.pointer}/securityContext/appArmorProfile/type`
        : `${site.site.pointer}/securityContext/appArmorProfile/type`,
      `is ${field}`,
      field,
    );
  }
  const key = `container.apparmor.security.beta.kubernetes.io/${site.container.name}`;
  const annotation = site.site.podAnnotations[key];
  if (annotation !== undefined && annotation !== 'runtime/default' && !annotation.startsWith('localhost/')) {
    const base = site.site.pointer.replace(/\/spec$/, '');
    return containerFinding(
      site,
      `${base}/metadata/annotations/${key.replace(/\//g, '~1')}`,
      `is ${annotation}`,
      annotation,
    );
  }
  return undefined;
}
