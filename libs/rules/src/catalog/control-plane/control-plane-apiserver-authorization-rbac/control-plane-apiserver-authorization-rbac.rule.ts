import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  authorizationModes,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.8: --authorization-mode includes RBAC. */
function problem(process: ControlPlaneProcess): string | undefined {
  const modes = authorizationModes(process);
  return modes === undefined || modes.includes('RBAC')
    ? undefined
    : `--authorization-mode=${modes.join(',')} does not include RBAC`;
}

export const controlPlaneApiserverAuthorizationRbacRule = defineRule({
  id: 'control-plane-apiserver-authorization-rbac',
  title: 'The API server must use RBAC authorization',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Without the RBAC authorizer, Roles and bindings have no effect: access is decided by whatever other mode is configured, usually far coarser.',
  remediation: {
    text: 'Add RBAC to --authorization-mode.',
    example: 'kube-apiserver --authorization-mode=Node,RBAC',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0120'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-apiserver', 'authorization mode', problem),
});
