import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  authorizationModes,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.6: --authorization-mode is set and does not include AlwaysAllow (the default is AlwaysAllow). */
function problem(process: ControlPlaneProcess): string | undefined {
  const modes = authorizationModes(process);
  return modes?.includes('AlwaysAllow')
    ? process.flags.has('authorization-mode')
      ? `sets --authorization-mode=${process.flags.get('authorization-mode') ?? ''} (AlwaysAllow authorizes every request)`
      : 'does not set --authorization-mode (the default AlwaysAllow authorizes every request)'
    : undefined;
}

export const controlPlaneApiserverAuthorizationAlwaysAllowRule = defineRule({
  id: 'control-plane-apiserver-authorization-always-allow',
  title: 'The API server must not authorize every request',
  area: 'control-plane',
  severity: 'critical',
  rationale:
    'AlwaysAllow authorizes every authenticated request: RBAC objects exist but are ignored, and every user is a cluster administrator.',
  remediation: {
    text: 'Set --authorization-mode=Node,RBAC.',
    example: 'kube-apiserver --authorization-mode=Node,RBAC',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0118'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-apiserver', 'authorization mode', problem),
});
