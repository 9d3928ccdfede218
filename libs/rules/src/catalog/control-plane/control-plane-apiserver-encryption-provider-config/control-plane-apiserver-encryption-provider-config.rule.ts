import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, lacksFlags } from '../../shared/control-plane.js';

/** CIS 1.2.27: --encryption-provider-config is set. */
function problem(process: ControlPlaneProcess): string | undefined {
  return lacksFlags(process, ['encryption-provider-config']);
}

export const controlPlaneApiserverEncryptionProviderConfigRule = defineRule({
  id: 'control-plane-apiserver-encryption-provider-config',
  title: 'The API server must name an encryption provider configuration',
  area: 'control-plane',
  severity: 'high',
  rationale:
    'Without an EncryptionConfiguration, Secrets are written to etcd in plain base64: a stolen etcd backup discloses every credential.',
  remediation: {
    text: 'Set --encryption-provider-config to a configuration with a KMS v2 (or aescbc/secretbox) provider for secrets.',
    example: 'kube-apiserver --encryption-provider-config=/etc/kubernetes/enc/encryption.yaml',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0141'] },
  evaluate: ({ snapshot }) =>
    evaluateControlPlane(snapshot, 'kube-apiserver', 'secrets encryption setting', problem),
});
