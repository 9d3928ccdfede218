import { defineRule } from '../../../engine/rule.js';
import type { SnapshotSecret } from '../../../snapshot/snapshot.js';
import { pointer } from '../../../workload/resource-ref.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

export const secretOpaqueTlsMaterialRule = defineRule({
  id: 'secret-opaque-tls-material',
  title: 'TLS keys and certificates belong in kubernetes.io/tls Secrets',
  area: 'secret',
  severity: 'low',
  rationale:
    'Private keys stored in Opaque Secrets escape the tooling that inventories, validates and rotates certificates (cert-manager, expiry monitoring, admission policies keyed on type kubernetes.io/tls), so they expire or leak unnoticed.',
  remediation: {
    text: 'Store the key pair in a Secret of type kubernetes.io/tls with tls.crt and tls.key, ideally issued by cert-manager.',
    example: 'type: kubernetes.io/tls\ndata:\n  tls.crt: …\n  tls.key: …',
  },
  reads: ['secrets'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<SnapshotSecret>(snapshot, 'secrets', checkSecret),
});

function checkSecret(secret: SnapshotSecret) {
  if ((secret.type ?? 'Opaque') !== 'Opaque') return undefined;
  return Object.entries(secret.data ?? {})
    .filter(([, digest]) => digest.looksLike === 'pem-private-key')
    .map(([key]) =>
      objectFinding(
        secret,
        pointer('data', key),
        'holds a PEM private key in an Opaque Secret',
        'pem-private-key',
      ),
    );
}
