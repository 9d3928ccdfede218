import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';
import { mountedVolumeNames } from '../../shared/mounted-volumes.js';

/** The Secret volumes some container of the pod mounts, one finding each (a declared, unmounted volume is not read). */
function checkPodSpec(site: PodSpecSite) {
  const mounted = mountedVolumeNames(site);
  const volumes = (site.spec.volumes ?? []) as { name: string; secret?: unknown }[];
  const findings = [];
  for (const [index, volume] of volumes.entries())
    if (volume.secret !== undefined && mounted.has(volume.name))
      findings.push(
        podFinding(
          site,
          `${site.pointer}/volumes/${index}/secret`,
          'mounts a Secret into the pod',
          volume.name,
        ),
      );
  return findings;
}

export const workloadSecretVolumeRule = defineRule({
  id: 'workload-secret-volume',
  title: 'Workloads with Secret volumes (access inventory)',
  area: 'pod-security',
  severity: 'info',
  rationale:
    'A pod that mounts a Secret holds the credential on its filesystem: anyone who gets a shell or a path traversal in it reads the value. This inventory shows where each credential is exposed.',
  remediation: {
    text: 'Mount only the keys the workload uses (items), read-only, and only in the containers that need them.',
    example:
      'volumes:\n  - name: tls\n    secret:\n      secretName: web-tls\n      items: [{ key: tls.crt, path: tls.crt }]',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0255'] },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});
