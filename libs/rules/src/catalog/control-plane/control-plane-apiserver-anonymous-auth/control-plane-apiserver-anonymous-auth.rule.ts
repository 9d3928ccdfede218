import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagNotEqual } from '../../shared/control-plane.js';

/** CIS 1.2.1: --anonymous-auth=false (the default is true). */
function problem(process: ControlPlaneProcess): string | undefined {
  return flagNotEqual(process, 'anonymous-auth', 'false', 'true');
}

export const controlPlaneApiserverAnonymousAuthRule = defineRule({
  id: 'control-plane-apiserver-anonymous-auth',
  title: 'The API server must reject anonymous requests',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'With anonymous authentication on, every request without credentials is served as system:anonymous. Any RBAC grant to system:unauthenticated or a misconfigured binding then opens the API to anyone who can reach it.',
  remediation: {
    text: 'Start kube-apiserver with --anonymous-auth=false (or, on 1.32+, an AuthenticationConfiguration whose anonymous block allows only the health endpoints).',
    example: 'kube-apiserver --anonymous-auth=false',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0113'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'anonymous authentication setting', problem),
});
