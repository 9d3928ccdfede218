import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

const allowedSources = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export const podRestrictedVolumeTypesRule = defineRule({
  id: 'pod-restricted-volume-types',
  title: 'Pods must use only restricted volume types',
  area: 'pod-security',
  severity: 'medium',
  rationale:
    'Volume types other than configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret mount node or network storage directly (hostPath, nfs, iscsi…) outside the control of storage classes. Pod Security Standards restricted allows only these.',
  remediation: {
    text: 'Use a PersistentVolumeClaim (backed by a StorageClass) instead of the inline volume source.',
    example: 'volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { trivy: ['KSV028'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  return (site.spec.volumes ?? []).flatMap((volume, index) => {
    const source = Object.keys(volume).find((key) => key !== 'name');
    return source && !allowedSources.has(source)
      ? [
          podFinding(
            site,
            `${site.pointer}/volumes/${index}/${source}`,
            `is a ${source} volume (${volume.name})`,
            source,
          ),
        ]
      : [];
  });
}
