import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

export const daemonsetNotReadyRule = defineRule({
  id: 'daemonset-not-ready',
  title: 'DaemonSets must be ready on every node they target',
  area: 'daemonset',
  severity: 'medium',
  rationale:
    'A DaemonSet with fewer ready pods than scheduled leaves nodes without the agent it runs — often a CNI, a security sensor or a log shipper — so those nodes are silently unprotected or unobserved.',
  remediation: {
    text: 'Inspect the failing pods (kubectl -n <ns> get pods -l <selector> -o wide) and fix scheduling, image or probe problems.',
    example:
      'kubectl -n <namespace> rollout status daemonset/<name>\nkubectl -n <namespace> get pods -l <selector> -o wide',
  },
  reads: ['daemonsets'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects(snapshot, 'daemonsets', checkDaemonSet),
});

function checkDaemonSet(daemonSet: K8sObject) {
  const status = daemonSet.status as
    { desiredNumberScheduled?: number; numberReady?: number; numberUnavailable?: number } | undefined;
  if (status?.desiredNumberScheduled === undefined) return undefined;
  const ready = status.numberReady ?? 0;
  return ready < status.desiredNumberScheduled
    ? objectFinding(
        daemonSet,
        '/status/numberReady',
        `is ${ready} of ${status.desiredNumberScheduled} desired (status.desiredNumberScheduled)`,
        ready,
      )
    : undefined;
}
