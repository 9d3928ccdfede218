import { globMatch } from '../../engine/glob.js';
import type { RuleEvaluation } from '../../engine/rule.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';
import { ruleFinding } from '../../engine/rule-finding.js';

/**
 * Whether a node agent runs: passes when some DaemonSet matches one of `agents` (globs over the name, or over
 * `namespace/name` when the glob has a slash); otherwise one cluster-level finding listing the DaemonSets seen.
 */
export function evaluateNodeAgentPresence(
  snapshot: ClusterSnapshot,
  agents: readonly string[],
): RuleEvaluation {
  const daemonSets = snapshot.resources.daemonsets ?? [];
  const found = daemonSets.some((daemonSet) =>
    agents.some((pattern) =>
      globMatch(
        pattern,
        pattern.includes('/')
          ? `${daemonSet.metadata.namespace}/${daemonSet.metadata.name}`
          : daemonSet.metadata.name,
      ),
    ),
  );
  if (found) return { findings: [], checked: 1 };
  return {
    findings: [
      ruleFinding(
        { apiVersion: 'meshguard.io/v1', kind: 'Cluster', name: 'cluster' },
        `no DaemonSet matches the agent patterns (${agents.slice(0, 4).join(', ')}…) among ${daemonSets.length} DaemonSet(s)`,
        [
          {
            pointer: '/resources/daemonsets',
            value: daemonSets
              .map((daemonSet) => `${daemonSet.metadata.namespace}/${daemonSet.metadata.name}`)
              .slice(0, 20),
          },
        ],
      ),
    ],
    checked: 1,
  };
}
