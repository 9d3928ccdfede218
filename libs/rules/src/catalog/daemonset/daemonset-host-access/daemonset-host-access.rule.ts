import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { globMatch } from '../../../engine/glob.js';
import type { PodSpec } from '../../../workload/pod-spec.types.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const daemonsetHostAccessRule = defineRule({
  id: 'daemonset-host-access',
  title: 'DaemonSets with host access must be on the allowlist',
  area: 'daemonset',
  severity: 'high',
  rationale:
    'A DaemonSet runs on every node: one with hostNetwork, hostPID, hostPath or privileged containers is a foothold on the whole fleet at once. Only known infrastructure agents should have it, and the list should be explicit.',
  remediation: {
    text: 'Remove the host access, or add the DaemonSet to the allowlist param after review.',
    example:
      'params:\n  daemonset-host-access:\n    allowlist: ["kube-system/*", "monitoring/node-exporter"]',
  },
  reads: ['daemonsets'],
  evidenceScope: 'object',
  params: {
    allowlist: {
      default: ['kube-system/*'] as string[],
      description: 'DaemonSets allowed host access, as "namespace/name" globs.',
    },
  },
  evaluate: ({ snapshot, params }) =>
    evaluateObjects(snapshot, 'daemonsets', checkDaemonSet, params.allowlist),
});

function checkDaemonSet(daemonSet: K8sObject, allowlist: string[]) {
  if (
    allowlist.some((pattern) =>
      globMatch(pattern, `${daemonSet.metadata.namespace}/${daemonSet.metadata.name}`),
    )
  )
    return undefined;
  const spec = (daemonSet.spec?.['template'] as { spec?: PodSpec } | undefined)?.spec;
  if (!spec) return undefined;
  const base = '/spec/template/spec';
  const findings: RuleFinding[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (spec[field])
      findings.push(
        objectFinding(daemonSet, `${base}/${field}`, 'is true on a DaemonSet outside the allowlist', true),
      );
  (spec.volumes ?? []).forEach((volume, index) => {
    if (volume.hostPath)
      findings.push(
        objectFinding(
          daemonSet,
          `${base}/volumes/${index}/hostPath/path`,
          `mounts host path ${volume.hostPath.path} on a DaemonSet outside the allowlist`,
          volume.hostPath.path,
        ),
      );
  });
  (spec.containers ?? []).forEach((container, index) => {
    if (container.securityContext?.privileged)
      findings.push(
        amendedFinding(
          objectFinding(
            daemonSet,
            `${base}/containers/${index}/securityContext/privileged`,
            'is true on a DaemonSet outside the allowlist',
            true,
          ),
          { container: container.name },
        ),
      );
  });
  return findings;
}
