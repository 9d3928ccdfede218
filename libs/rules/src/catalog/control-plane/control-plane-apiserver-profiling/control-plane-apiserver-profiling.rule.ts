import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 1.2.15: --profiling=false (the default is true). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'profiling', 'false', 'true');
}

export const controlPlaneApiserverProfilingRule = defineRule({
  id: 'control-plane-apiserver-profiling',
  title: 'The API server must not expose profiling',
  area: 'control-plane',
  severity: 'low',
  rationale:
    'The /debug/pprof endpoints reveal program internals and let a caller trigger expensive profiles; they are not needed in production.',
  remediation: {
    text: 'Start kube-apiserver with --profiling=false.',
    example: 'kube-apiserver --profiling=false',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0129'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-apiserver', 'profiling setting', problem),
});
