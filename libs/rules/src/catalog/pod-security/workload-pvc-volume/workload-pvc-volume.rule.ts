import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';
import { mountedVolumeNames } from '../../shared/mounted-volumes.js';

/** The PersistentVolumeClaim volumes some container of the pod mounts, one finding each (a declared, unmounted volume is not read). */
function checkPodSpec(site: PodSpecSite) {
  const mounted = mountedVolumeNames(site);
  const volumes = (site.spec.volumes ?? []) as { name: string; persistentVolumeClaim?: unknown }[];
  const findings = [];
  for (const [index, volume] of volumes.entries())
    if (volume.persistentVolumeClaim !== undefined && mounted.has(volume.name))
      findings.push(
        podFinding(
          site,
          `${site.pointer}/volumes/${index}/persistentVolumeClaim`,
          'mounts a PersistentVolumeClaim into the pod',
          volume.name,
        ),
      );
  return findings;
}

export const workloadPvcVolumeRule = defineRule({
  id: 'workload-pvc-volume',
  title: 'Workloads with PersistentVolumeClaim volumes (access inventory)',
  area: 'pod-security',
  severity: 'info',
  rationale:
    'A pod that mounts a PersistentVolumeClaim can read (and usually write) the data persisted there, including what other pods wrote. This inventory shows which workloads reach stored data.',
  remediation: {
    text: 'Mount claims read-only where the workload only reads, and give each workload its own claim.',
    example: 'volumes:\n  - name: data\n    persistentVolumeClaim: { claimName: web-data, readOnly: true }',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0257'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});
