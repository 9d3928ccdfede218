import { effectiveSecurity, fieldPointer, type ContainerSite } from '../../../workload/pod-specs.js';
import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerRunAsNonRootRule = defineRule({
  id: 'container-run-as-non-root',
  title: 'Containers must run as a non-root user',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Root inside a container is root on the node’s kernel: a breakout, a writable hostPath or a misconfigured volume gives full control. Pod Security Standards restricted requires runAsNonRoot: true on the pod or every container (or a non-zero runAsUser).',
  remediation: {
    text: 'Set runAsNonRoot: true (and a non-zero runAsUser) in the pod securityContext; build the image with a USER.',
    example: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0013'],
    polaris: ['runAsRootAllowed'],
    trivy: ['KSV012'],
    'kube-linter': ['run-as-non-root'],
    checkov: ['CKV_K8S_23'],
  },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const nonRoot = effectiveSecurity(site, 'runAsNonRoot');
  if (nonRoot.value === true) return undefined;
  const user = effectiveSecurity(site, 'runAsUser');
  if (typeof user.value === 'number' && user.value > 0) return undefined;
  return nonRoot.value === false
    ? containerFinding(site, nonRoot.pointer, 'is false', false)
    : containerFinding(
        site,
        fieldPointer(site.pointer, 'securityContext/runAsNonRoot'),
        'is not set on the container or the pod, and runAsUser is not a non-zero UID',
      );
}
