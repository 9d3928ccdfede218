import type { RuleEvaluation } from '../../engine/rule.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import { ruleFinding } from '../../engine/rule-finding.js';

/** The result of a server-version rule when the snapshot has no server version (manifests): decided by hand. */
export function serverVersionUnknown(): RuleEvaluation {
  return {
    findings: [],
    checked: 0,
    manual: 'the snapshot has no server version (manifests): check the cluster version by hand',
  };
}

/** A failed server-version check: one finding about the cluster, `serverVersion <gitVersion> <problem>`. */
export function serverVersionFailure(snapshot: ClusterSnapshot, problem: string): RuleEvaluation {
  const gitVersion = snapshot.serverVersion?.gitVersion;
  return {
    findings: [
      ruleFinding(
        { apiVersion: 'meshguard.io/v1', kind: 'Cluster', name: 'cluster' },
        `serverVersion ${gitVersion} ${problem}`,
        [{ pointer: '/serverVersion/gitVersion', value: gitVersion }],
      ),
    ],
    checked: 1,
  };
}
