import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { parseKubernetesVersion } from '../../../patching/kubernetes-releases.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

export const patchingKubeletVersionSkewRule = defineRule({
  id: 'patching-kubelet-version-skew',
  title: 'Node kubelets must stay within the supported version skew',
  area: 'patching',
  severity: 'medium',
  rationale:
    'Kubelets may be at most three minor releases older than the API server and never newer. Nodes outside the skew policy miss security fixes of the kubelet and may misbehave with the control plane; they are usually forgotten node pools.',
  remediation: {
    text: 'Upgrade (or replace) the node pool to the control plane’s minor release.',
    example:
      'kubectl get nodes -o custom-columns=NAME:.metadata.name,KUBELET:.status.nodeInfo.kubeletVersion',
  },
  reads: ['nodes'],
  evidenceScope: 'cluster-config',
  params: {
    maxMinorSkew: { default: 3, description: 'How many minor releases a kubelet may lag the API server.' },
  },
  evaluate: ({ snapshot, params }) => {
    const server = parseKubernetesVersion(snapshot.serverVersion?.gitVersion);
    if (!server)
      return {
        findings: [],
        checked: 0,
        manual: 'the snapshot has no server version: compare node versions by hand',
      };
    return evaluateObjects(snapshot, 'nodes', checkNode, {
      serverMinor: server.minor,
      serverVersion: snapshot.serverVersion?.gitVersion,
      maxMinorSkew: params.maxMinorSkew,
    });
  },
});

interface SkewContext {
  serverMinor: number;
  serverVersion: string | undefined;
  maxMinorSkew: number;
}

function checkNode(node: K8sObject, { serverMinor, serverVersion, maxMinorSkew }: SkewContext) {
  const kubelet = (node.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo
    ?.kubeletVersion;
  const version = parseKubernetesVersion(kubelet);
  if (!version) return undefined;
  const lag = serverMinor - version.minor;
  if (lag < 0)
    return objectFinding(
      node,
      '/status/nodeInfo/kubeletVersion',
      `is ${kubelet}, newer than the API server ${serverVersion}`,
      kubelet,
    );
  return lag > maxMinorSkew
    ? objectFinding(
        node,
        '/status/nodeInfo/kubeletVersion',
        `is ${kubelet}, ${lag} minor releases behind the API server ${serverVersion}`,
        kubelet,
      )
    : undefined;
}
