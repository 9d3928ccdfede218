import { defineRule } from '../../../engine/rule.js';
import {
  kubernetesReleaseTable,
  parseKubernetesVersion,
  releaseOf,
} from '../../../patching/kubernetes-releases.js';
import { serverVersionFailure, serverVersionUnknown } from '../../shared/server-version.js';

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
  evidenceScope: 'cluster-config',
  evaluate: ({ snapshot }) => {
    const version = parseKubernetesVersion(snapshot.serverVersion?.gitVersion);
    if (!version) return serverVersionUnknown();
    const release = releaseOf(version);
    if (!release)
      return {
        findings: [],
        checked: 0,
        manual: `${version.major}.${version.minor} is not in the release table (updated ${kubernetesReleaseTable.updated})`,
      };
    if (version.patch >= release.latestPatch) return { findings: [], checked: 1 };
    return serverVersionFailure(
      snapshot,
      `is behind ${release.minor}.${release.latestPatch} (release table of ${kubernetesReleaseTable.updated})`,
    );
  },
});
