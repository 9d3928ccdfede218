import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type ContainerSite } from '../../../workload/pod-specs.js';
import { evaluateContainers } from '../../shared/evaluate-sites.js';
import { containerFinding } from '../../shared/finding.js';

export const podWritableHostPathRule = defineRule({
  id: 'pod-writable-host-path',
  title: 'hostPath volumes must be mounted read-only',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'A writable hostPath mount lets the container change files on the node: plant binaries or cron jobs, alter kubelet configuration, or follow symlinks out of the mount (CVE-2021-25741). Where a host path is unavoidable, it must be read-only.',
  remediation: {
    text: 'Set readOnly: true on the volumeMount (and on the hostPath volume’s users), or replace the hostPath.',
    example: 'volumeMounts:\n  - name: varlog\n    mountPath: /var/log\n    readOnly: true',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0045'], 'kube-linter': ['writable-host-mount'] },
  evaluate: ({ snapshot }) => evaluateContainers(snapshot, checkContainer),
});

function checkContainer(site: ContainerSite) {
  const hostPaths = new Map(
    (site.site.spec.volumes ?? [])
      .filter((volume) => volume.hostPath)
      .map((volume) => [volume.name, volume.hostPath?.path ?? '']),
  );
  if (hostPaths.size === 0) return undefined;
  return (site.container.volumeMounts ?? []).flatMap((mount, index) =>
    hostPaths.has(mount.name) && mount.readOnly !== true
      ? [
          containerFinding(
            site,
            `${site.pointer}/volumeMounts/${index}/readOnly`,
            `is ${mount.readOnly === false ? 'false' : 'not set'}: host path ${hostPaths.get(mount.name)} is writable at ${mount.mountPath}`,
            mount.readOnly ?? null,
          ),
        ]
      : [],
  );
}
