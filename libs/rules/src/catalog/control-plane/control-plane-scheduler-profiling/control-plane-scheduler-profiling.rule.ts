import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 1.4.1: --profiling=false (the default is true). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'profiling', 'false', 'true');
}

export const controlPlaneSchedulerProfilingRule = defineRule({
  id: 'control-plane-scheduler-profiling',
  title: 'The scheduler must not expose profiling',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'The /debug/pprof endpoints reveal program internals and let a caller load the scheduler; they are not needed in production.',
  remediation: {
    text: 'Start kube-scheduler with --profiling=false.',
    example: 'kube-scheduler --profiling=false',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0151'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-scheduler', 'profiling setting', problem),
});
