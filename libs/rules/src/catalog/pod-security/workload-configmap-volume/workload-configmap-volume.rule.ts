import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';
import { mountedVolumeNames } from '../../shared/mounted-volumes.js';

/** The ConfigMap volumes some container of the pod mounts, one finding each (a declared, unmounted volume is not read). */
function checkPodSpec(site: PodSpecSite) {
  const mounted = mountedVolumeNames(site);
  const volumes = (site.spec.volumes ?? []) as { name: string; configMap?: unknown }[];
  const findings = [];
  for (const [index, volume] of volumes.entries())
    if (volume.configMap !== undefined && mounted.has(volume.name))
      findings.push(
        podFinding(
          site,
          `${site.pointer}/volumes/${index}/configMap`,
          'mounts a ConfigMap into the pod',
          volume.name,
        ),
      );
  return findings;
}

export const workloadConfigmapVolumeRule = defineRule({
  id: 'workload-configmap-volume',
  title: 'Workloads with ConfigMap volumes (access inventory)',
  area: 'pod-security',
  severity: 'info',
  rationale:
    'A pod that mounts a ConfigMap reads its configuration, which often holds endpoints, feature flags and, despite advice, credentials. This inventory shows which workloads depend on which configuration.',
  remediation: {
    text: 'Mount only the keys the workload uses (items); keep credentials in Secrets.',
    example:
      'volumes:\n  - name: config\n    configMap:\n      name: web-config\n      items: [{ key: app.yaml, path: app.yaml }]',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0258'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});
