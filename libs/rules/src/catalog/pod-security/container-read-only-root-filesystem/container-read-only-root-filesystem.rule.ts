import { defineRule } from '../../../engine/rule.js';
import { fieldPointer, workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const containerReadOnlyRootFilesystemRule = defineRule({
  id: 'container-read-only-root-filesystem',
  title: 'Containers should run with a read-only root filesystem',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'A writable root filesystem lets an attacker drop tools, modify binaries and persist inside the container. A read-only root with emptyDir mounts for scratch space removes that foothold.',
  remediation: {
    text: 'Set readOnlyRootFilesystem: true and mount emptyDir volumes where the application writes.',
    example: 'securityContext:\n  readOnlyRootFilesystem: true',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0017'],
    polaris: ['notReadOnlyRootFilesystem'],
    trivy: ['KSV014'],
    'kube-score': ['container-security-context-readonlyrootfilesystem'],
    'kube-linter': ['no-read-only-root-fs'],
    checkov: ['CKV_K8S_22'],
  },
  // Ephemeral (debug) containers too: unlike resources and probes, their securityContext is allowed (EphemeralContainer API).
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const value = site.container.securityContext?.readOnlyRootFilesystem;
  return value === true
    ? undefined
    : containerFinding(
        site,
        fieldPointer(site.pointer, 'securityContext/readOnlyRootFilesystem'),
        value === false ? 'is false' : 'is not set (defaults to false)',
        value ?? null,
      );
}
