import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.3.1: --terminated-pod-gc-threshold is set (the default, 12500, lets finished pods pile up). */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['terminated-pod-gc-threshold']);
}

export const controlPlaneControllerManagerTerminatedPodGcRule = defineRule({
  id: 'control-plane-controller-manager-terminated-pod-gc',
  title: 'The controller manager must garbage-collect terminated pods early',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'Terminated pods are kept until 12,500 exist; they hold logs, env values and volume references, and slow the API server and etcd.',
  remediation: {
    text: 'Set --terminated-pod-gc-threshold to a value suited to the cluster (e.g. 10 per node).',
    example: 'kube-controller-manager --terminated-pod-gc-threshold=100',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0144'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-controller-manager', 'terminated pod garbage collection', problem),
});
