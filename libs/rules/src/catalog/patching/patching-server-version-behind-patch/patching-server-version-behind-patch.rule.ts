import { defineRule } from '../../../engine/rule.js';
import {
  kubernetesReleaseTable,
  parseKubernetesVersion,
  releaseOf,
} from '../../../patching/kubernetes-releases.js';

export const patchingServerVersionBehindPatchRule = defineRule({
  id: 'patching-server-version-behind-patch',
  title: 'The Kubernetes version should run the latest patch of its minor release',
  area: 'patching',
  severity: 'medium',
  rationale:
    'Patch releases carry the security fixes of a minor release; running an older patch leaves fixed CVEs open.',
  remediation: {
    text: 'Upgrade to the latest patch release of the current minor (a low-risk upgrade).',
    example:
      '# managed clusters, e.g.:\naz aks upgrade --kubernetes-version <minor>.<latest patch> …\ngcloud container clusters upgrade <cluster> --master --cluster-version <version>',
  },
  reads: [],
  evaluate: ({ snapshot }) => {
    const version = parseKubernetesVersion(snapshot.serverVersion?.gitVersion);
    if (!version)
      return {
        findings: [],
        checked: 0,
        manual: 'the snapshot has no server version (manifests): check the cluster version by hand',
      };
    const release = releaseOf(version);
    if (!release)
      return {
        findings: [],
        checked: 0,
        manual: `${version.major}.${version.minor} is not in the release table (updated ${kubernetesReleaseTable.updated})`,
      };
    if (version.patch >= release.latestPatch) return { findings: [], checked: 1 };
    return {
      findings: [
        {
          resource: { apiVersion: 'meshguard.io/v1', kind: 'Cluster', name: 'cluster' },
          message: `serverVersion ${snapshot.serverVersion?.gitVersion} is behind ${release.minor}.${release.latestPatch} (release table of ${kubernetesReleaseTable.updated})`,
          evidence: [{ pointer: '/serverVersion/gitVersion', value: snapshot.serverVersion?.gitVersion }],
        },
      ],
      checked: 1,
    };
  },
});
