import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

export const podHostPathVolumeRule = defineRule({
  id: 'pod-host-path-volume',
  title: 'Pods must not mount hostPath volumes',
  area: 'pod-security',
  severity: 'high',
  rationale:
    'A hostPath volume exposes the node filesystem to the container: credentials of the kubelet, other pods’ data, the container runtime socket. Write access is a direct escape path. Pod Security Standards baseline forbids hostPath volumes.',
  remediation: {
    text: 'Replace the hostPath volume with an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.',
    example: 'volumes:\n  - name: cache\n    emptyDir: {}',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0048'],
    polaris: ['hostPathSet'],
    trivy: ['KSV023'],
    'kube-linter': ['sensitive-host-mounts'],
  },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  return (site.spec.volumes ?? []).flatMap((volume, index) =>
    volume.hostPath
      ? [
          podFinding(
            site,
            `${site.pointer}/volumes/${index}/hostPath/path`,
            `mounts host path ${volume.hostPath.path} (volume ${volume.name})`,
            volume.hostPath.path,
          ),
        ]
      : [],
  );
}
