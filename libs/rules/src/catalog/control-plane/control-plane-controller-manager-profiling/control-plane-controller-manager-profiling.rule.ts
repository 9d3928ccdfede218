import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 1.3.2: --profiling=false (the default is true). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'profiling', 'false', 'true');
}

export const controlPlaneControllerManagerProfilingRule = defineRule({
  id: 'control-plane-controller-manager-profiling',
  title: 'The controller manager must not expose profiling',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'The /debug/pprof endpoints reveal program internals and can be used to load the controller manager; they are not needed in production.',
  remediation: {
    text: 'Start kube-controller-manager with --profiling=false.',
    example: 'kube-controller-manager --profiling=false',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0145'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-controller-manager', 'profiling setting', problem),
});
