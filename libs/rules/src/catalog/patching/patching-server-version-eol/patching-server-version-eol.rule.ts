import { defineRule } from '../../../engine/rule.js';
import {
  kubernetesReleaseTable,
  parseKubernetesVersion,
  releaseOf,
} from '../../../patching/kubernetes-releases.js';
import { serverVersionFailure, serverVersionUnknown } from '../../shared/server-version.js';

export const patchingServerVersionEolRule = defineRule({
  id: 'patching-server-version-eol',
  title: 'The Kubernetes version must be within upstream support',
  area: 'patching',
  severity: 'high',
  rationale:
    'Minor releases past end of life get no security fixes: every Kubernetes CVE published after that date stays open on the cluster (managed providers’ extended support aside, which must be checked separately).',
  remediation: {
    text: 'Upgrade the control plane (then nodes) to a supported minor release, one minor at a time.',
    example: 'kubeadm upgrade plan && kubeadm upgrade apply v<next-minor>.<patch>',
  },
  reads: [],
  evidenceScope: 'cluster-config',
  evaluate: ({ snapshot }) => {
    const version = parseKubernetesVersion(snapshot.serverVersion?.gitVersion);
    if (!version) return serverVersionUnknown();
    const release = releaseOf(version);
    if (!release) {
      const newest = kubernetesReleaseTable.releases.at(-1)?.minor ?? '';
      return version.minor > Number(newest.split('.')[1])
        ? {
            findings: [],
            checked: 0,
            manual: `${version.major}.${version.minor} is newer than the release table (updated ${kubernetesReleaseTable.updated})`,
          }
        : serverVersionFailure(snapshot, 'is older than every supported release');
    }
    if (Date.parse(`${release.endOfLife}T23:59:59Z`) >= Date.parse(snapshot.collectedAt))
      return { findings: [], checked: 1 };
    return serverVersionFailure(
      snapshot,
      `is ${release.minor}, out of upstream support since ${release.endOfLife}`,
    );
  },
});
