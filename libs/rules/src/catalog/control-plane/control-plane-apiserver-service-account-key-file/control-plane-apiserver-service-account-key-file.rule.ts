import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.22: --service-account-key-file is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['service-account-key-file']);
}

export const controlPlaneApiserverServiceAccountKeyFileRule = defineRule({
  id: 'control-plane-apiserver-service-account-key-file',
  title: 'The API server must name the service account verification keys',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Without an explicit key file the API server verifies service account tokens with its TLS key, so rotating one rotates the other and tokens cannot be revoked by key rotation.',
  remediation: {
    text: 'Set --service-account-key-file to the public key(s) of --service-account-signing-key-file.',
    example: 'kube-apiserver --service-account-key-file=/etc/kubernetes/pki/sa.pub',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0136'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'service account keys', problem),
});
