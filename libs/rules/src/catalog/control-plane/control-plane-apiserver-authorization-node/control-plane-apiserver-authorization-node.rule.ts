import { defineRule } from '../../../engine/rule.js';
import {
  type ControlPlaneProcess,
  authorizationModes,
  evaluateControlPlane,
} from '../../shared/control-plane.js';

/** CIS 1.2.7: --authorization-mode includes Node. */
function problem(process: ControlPlaneProcess): string | undefined {
  const modes = authorizationModes(process);
  return modes === undefined || modes.includes('Node')
    ? undefined
    : `--authorization-mode=${modes.join(',')} does not include Node`;
}

export const controlPlaneApiserverAuthorizationNodeRule = defineRule({
  id: 'control-plane-apiserver-authorization-node',
  title: 'The API server must use the Node authorizer',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'The Node authorizer limits each kubelet to the Secrets, ConfigMaps and pods of its own node; without it a compromised node reads every Secret a broader grant allows.',
  remediation: {
    text: 'Add Node to --authorization-mode (with NodeRestriction in the admission plugins).',
    example: 'kube-apiserver --authorization-mode=Node,RBAC',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0119'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-apiserver', 'authorization mode', problem),
});
