import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { snapshotKinds, type SnapshotKind } from '../../../snapshot/kinds.js';
import type { ClusterSnapshot, K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

/** Kinds an autoscaler may target, by kind name. */
const scalableKinds: Partial<Record<string, SnapshotKind>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  ReplicaSet: 'replicasets',
  ReplicationController: 'replicationcontrollers',
};

function checkAutoscaler(hpa: K8sObject, snapshot: ClusterSnapshot): RuleFinding | undefined {
  const target = (hpa.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)
    ?.scaleTargetRef;
  const plural = scalableKinds[target?.kind ?? ''];
  // Custom scalable resources are not in the snapshot: nothing to judge.
  if (plural === undefined || !target?.name) return undefined;
  const namespace = hpa.metadata.namespace ?? 'default';
  const exists = (snapshot.resources[plural] ?? []).some(
    (object) =>
      object.metadata.name === target.name && (object.metadata.namespace ?? 'default') === namespace,
  );
  if (exists) return undefined;
  const finding = objectFinding(
    hpa,
    '/spec/scaleTargetRef',
    `names ${target.kind ?? '?'} ${target.name}, which does not exist in namespace ${namespace}`,
    target,
  );
  return amendedFinding(finding, {
    unresolved: `${snapshotKinds[plural].kind} \`${target.name}\` is not in the inputs`,
  });
}

export const hpaDanglingTargetRule = defineRule({
  id: 'hpa-dangling-target',
  title: 'HorizontalPodAutoscalers must target an existing workload',
  area: 'service',
  severity: 'low',
  rationale:
    'An autoscaler whose target does not exist scales nothing: the capacity plan it documents is not in effect, usually after a rename, and load spikes find a fixed replica count.',
  remediation: {
    text: 'Point spec.scaleTargetRef at the workload\u2019s current kind and name, or delete the autoscaler.',
    example: 'spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web',
  },
  reads: ['horizontalpodautoscalers', 'deployments', 'statefulsets', 'replicasets', 'replicationcontrollers'],
  evidenceScope: 'related',
  equivalents: { kubescape: ['C-0300'] },
  evaluate: ({ snapshot }) =>
    evaluateObjects(snapshot, 'horizontalpodautoscalers', checkAutoscaler, snapshot),
});
