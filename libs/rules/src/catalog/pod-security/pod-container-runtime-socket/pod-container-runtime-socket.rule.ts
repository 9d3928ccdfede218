import { defineRule } from '../../../engine/rule.js';
import { workloadKinds, type PodSpecSite } from '../../../workload/pod-specs.js';
import { evaluatePodSpecs } from '../../shared/evaluate-sites.js';
import { podFinding } from '../../shared/finding.js';

// The sockets and every directory above them: mounting /var or /var/run/docker exposes the socket as well.
const runtimeSockets =
  /^\/(?:var\/)?run\/(?:docker(?:\.sock)?|containerd(?:\/containerd\.sock)?|crio(?:\/crio\.sock)?|cri-dockerd\.sock)$|^\/var\/run$|^\/run$|^\/var$|^\/$/;

export const podContainerRuntimeSocketRule = defineRule({
  id: 'pod-container-runtime-socket',
  title: 'Pods must not mount the container runtime socket',
  area: 'pod-security',
  severity: 'critical',
  rationale:
    'Whoever talks to the Docker, containerd or CRI-O socket can start privileged containers on the node and read every other container: it is node root.',
  remediation: {
    text: 'Remove the hostPath volume pointing at the runtime socket; build images with a rootless builder (e.g. BuildKit rootless, kaniko).',
    example:
      'containers:\n  - name: build\n    image: moby/buildkit:rootless\n    securityContext:\n      seccompProfile: { type: Unconfined }   # rootless buildkit, no host socket',
  },
  reads: workloadKinds,
  evidenceScope: 'object',
  equivalents: {
    kubescape: ['C-0074'],
    trivy: ['KSV006'],
    'kube-linter': ['docker-sock'],
    checkov: ['CKV_K8S_27'],
  },
  evaluate: ({ snapshot }) => evaluatePodSpecs(snapshot, checkPodSpec),
});

function checkPodSpec(site: PodSpecSite) {
  return (site.spec.volumes ?? []).flatMap((volume, index) => {
    const path = volume.hostPath?.path?.replace(/\/+$/, '');
    return path && runtimeSockets.test(path)
      ? [
          podFinding(
            site,
            `${site.pointer}/volumes/${index}/hostPath/path`,
            `mounts the container runtime socket ${path}`,
            path,
          ),
        ]
      : [];
  });
}
