import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

/** Recreate stops every replica before starting the new ones: each rollout is an outage. */
function checkDeployment(deployment: K8sObject) {
  const strategy = (deployment.spec as { strategy?: { type?: string } } | undefined)?.strategy?.type;
  return strategy === 'Recreate'
    ? objectFinding(
        deployment,
        '/spec/strategy/type',
        'is Recreate: every rollout stops all replicas first',
        strategy,
      )
    : undefined;
}

export const deploymentRollingUpdateRule = defineRule({
  id: 'deployment-rolling-update',
  title: 'Deployments should roll out with the RollingUpdate strategy',
  area: 'pod-security',
  severity: 'low',
  rationale:
    'With strategy Recreate every replica is stopped before the new version starts, so each rollout (including an urgent security patch) is an outage; teams then delay patching.',
  remediation: {
    text: 'Use the RollingUpdate strategy (the default) with maxUnavailable below the replica count.',
    example:
      'spec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }',
  },
  reads: ['deployments'],
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0305'] },
  evaluate: ({ snapshot }) => evaluateObjects(snapshot, 'deployments', checkDeployment),
});
