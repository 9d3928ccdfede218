import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane } from '../../shared/control-plane.js';

/** CIS 1.2.2: --token-auth-file is not set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return process.flags.has('token-auth-file') ? 'sets --token-auth-file (static bearer tokens)' : undefined;
}

export const controlPlaneApiserverTokenAuthFileRule = defineRule({
  id: 'control-plane-apiserver-token-auth-file',
  title: 'The API server must not use a static token file',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Static tokens live in clear text on the control-plane disk, never expire and can only be revoked by restarting the API server.',
  remediation: {
    text: 'Remove --token-auth-file and authenticate users with client certificates, OIDC or webhook token authentication.',
    example: 'kube-apiserver --oidc-issuer-url=https://sso.example.com --oidc-client-id=kubernetes',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0114'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'static token authentication', problem),
});
