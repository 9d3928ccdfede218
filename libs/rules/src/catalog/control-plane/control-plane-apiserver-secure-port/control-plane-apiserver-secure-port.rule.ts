import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane } from '../../shared/control-plane.js';

/** CIS 1.2.x: --secure-port is not 0. */
function problem(process: ControlPlaneProcess): string | undefined {
  return process.flags.get('secure-port') === '0' ? 'sets --secure-port=0 (TLS serving disabled)' : undefined;
}

export const controlPlaneApiserverSecurePortRule = defineRule({
  id: 'control-plane-apiserver-secure-port',
  title: 'The API server must serve on a secure port',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'A secure port of 0 turns off TLS serving, leaving only unauthenticated plain-HTTP access paths.',
  remediation: {
    text: 'Remove --secure-port=0 (the default is 6443).',
    example: 'kube-apiserver --secure-port=6443',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0128'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-apiserver', 'API server port', problem),
});
