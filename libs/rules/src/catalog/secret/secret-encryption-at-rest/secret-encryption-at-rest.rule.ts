import { defineRule } from '../../../engine/rule.js';
import { evaluateApiServers } from '../../shared/control-plane.js';

export const secretEncryptionAtRestRule = defineRule({
  id: 'secret-encryption-at-rest',
  title: 'Secrets must be encrypted at rest in etcd',
  area: 'secret',
  severity: 'high',
  rationale:
    'Without an EncryptionConfiguration, Secrets are stored in etcd as base64: anyone with an etcd backup or disk snapshot reads every credential in the cluster. Managed clusters usually encrypt the disk, but envelope encryption with a KMS is what protects against a stolen backup.',
  remediation: {
    text: 'Start kube-apiserver with --encryption-provider-config naming a KMS v2 (or aescbc/secretbox) provider for secrets; on managed clusters enable the provider’s secrets encryption feature.',
    example: 'kube-apiserver --encryption-provider-config=/etc/kubernetes/enc/config.yaml',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0066', 'C-0141'] },
  evaluate: ({ snapshot }) =>
    evaluateApiServers(snapshot, 'secrets encryption setting', (server) =>
      server.flags.has('encryption-provider-config') ? undefined : 'has no --encryption-provider-config',
    ),
});
