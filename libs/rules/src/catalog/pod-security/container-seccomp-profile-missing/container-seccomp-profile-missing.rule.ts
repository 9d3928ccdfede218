import { effectiveSecurity, fieldPointer, type ContainerSite } from '../../../workload/pod-specs.js';
import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerSeccompProfileMissingRule = defineRule({
  id: 'container-seccomp-profile-missing',
  title: 'Containers must run with the RuntimeDefault or a Localhost seccomp profile',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Without an explicit seccomp profile, Kubernetes runs containers Unconfined unless the kubelet default is changed. Pod Security Standards restricted requires RuntimeDefault or Localhost on the pod or every container.',
  remediation: {
    text: 'Set seccompProfile.type: RuntimeDefault in the pod securityContext.',
    example: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    polaris: ['linuxHardening'],
    trivy: ['KSV030'],
    'kube-score': ['container-seccomp-profile'],
    checkov: ['CKV_K8S_31'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

/** The pre-1.19 annotations (removed in 1.27, still honoured on older clusters) that set a confining profile. */
function legacyAnnotationConfines(annotations: Record<string, string>, container: string): boolean {
  const value =
    annotations[`container.seccomp.security.alpha.kubernetes.io/${container}`] ??
    annotations['seccomp.security.alpha.kubernetes.io/pod'];
  return (
    value === 'runtime/default' || value === 'docker/default' || (value?.startsWith('localhost/') ?? false)
  );
}

function checkContainer(site: ContainerSite) {
  const { value, pointer } = effectiveSecurity(site, 'seccompProfile');
  if (value?.type === 'RuntimeDefault' || value?.type === 'Localhost') return undefined;
  if (value?.type === undefined && legacyAnnotationConfines(site.site.podAnnotations, site.container.name))
    return undefined;
  const own = site.container.securityContext?.seccompProfile?.type;
  const podType = site.site.spec.securityContext?.seccompProfile?.type;
  if (own === undefined && podType === undefined && site.site.spec.os?.name === 'windows') return undefined;
  return value?.type
    ? containerFinding(site, fieldPointer(pointer, 'type'), `is ${value.type}`, value.type)
    : containerFinding(
        site,
        fieldPointer(site.pointer, 'securityContext/seccompProfile/type'),
        'is not set on the container or the pod',
      );
}
