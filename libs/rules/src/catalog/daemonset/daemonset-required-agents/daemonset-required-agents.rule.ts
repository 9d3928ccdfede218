import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { globMatch } from '../../../engine/glob.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import type { PodSpec } from '../../../workload/pod-spec.types.js';
import { refOf } from '../../../workload/resource-ref.js';
import { untoleratedTaints } from '../../shared/node-taints.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const daemonsetRequiredAgentsRule = defineRule({
  id: 'daemonset-required-agents',
  title: 'Required node agents must run and be ready on every schedulable node',
  area: 'daemonset',
  severity: 'high',
  rationale:
    'Node agents — the CNI (which enforces NetworkPolicy), runtime security, log shipping — protect only the nodes they run on. A missing agent, pods not ready, or tolerations that skip tainted nodes leave those nodes unenforced and unmonitored.',
  remediation: {
    text: 'Deploy the agent as a DaemonSet with tolerations for every node taint, and fix pods that are not ready.',
    example: 'spec:\n  template:\n    spec:\n      tolerations:\n        - operator: Exists',
  },
  reads: ['daemonsets', 'nodes'],
  evidenceScope: 'cluster-inventory',
  params: {
    requiredAgents: {
      default: [] as string[],
      description:
        'DaemonSets that must exist, as "namespace/name" globs (e.g. "kube-system/cilium", "*/falco*", "logging/fluent-bit"). Not applicable while empty.',
    },
  },
  evaluate: ({ snapshot, params }) => {
    if (params.requiredAgents.length === 0) return { findings: [], checked: 0 };
    const daemonSets = snapshot.resources.daemonsets ?? [];
    const nodes = (snapshot.resources.nodes ?? []).filter(
      (node) => (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable !== true,
    );
    const findings: RuleFinding[] = [];
    for (const pattern of params.requiredAgents) {
      const matches = daemonSets.filter((daemonSet) =>
        globMatch(pattern, `${daemonSet.metadata.namespace}/${daemonSet.metadata.name}`),
      );
      if (matches.length === 0) {
        findings.push(
          ruleFinding(
            { apiVersion: 'apps/v1', kind: 'DaemonSet', name: pattern },
            `required node agent ${pattern} is not deployed (no DaemonSet matches)`,
            [{ pointer: '', value: pattern }],
          ),
        );
        continue;
      }
      for (const daemonSet of matches) findings.push(...agentProblems(daemonSet, nodes));
    }
    return { findings, checked: params.requiredAgents.length };
  },
});

function agentProblems(daemonSet: K8sObject, nodes: K8sObject[]): RuleFinding[] {
  const status = (daemonSet.status ?? {}) as {
    desiredNumberScheduled?: number;
    numberReady?: number;
    numberMisscheduled?: number;
  };
  const findings: RuleFinding[] = [];
  if (
    status.desiredNumberScheduled !== undefined &&
    (status.numberReady ?? 0) < status.desiredNumberScheduled
  ) {
    findings.push(
      ruleFinding(
        refOf(daemonSet),
        `status.numberReady is ${status.numberReady ?? 0} but status.desiredNumberScheduled is ${status.desiredNumberScheduled}`,
        [
          { pointer: '/status/numberReady', value: status.numberReady ?? 0 },
          { pointer: '/status/desiredNumberScheduled', value: status.desiredNumberScheduled },
        ],
      ),
    );
  }
  const spec = (daemonSet.spec?.['template'] as { spec?: PodSpec } | undefined)?.spec;
  for (const node of nodes) {
    const missing = untoleratedTaints(node, spec?.tolerations ?? []);
    if (missing.length > 0) {
      findings.push(
        ruleFinding(
          refOf(daemonSet),
          `spec.template.spec.tolerations do not tolerate taint ${missing.map((taint) => `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`).join(', ')} of node ${node.metadata.name}`,
          [
            { pointer: '/spec/template/spec/tolerations', value: spec?.tolerations ?? [] },
            { pointer: `/nodes/${node.metadata.name}/spec/taints`, value: missing },
          ],
        ),
      );
    }
  }
  return findings;
}
