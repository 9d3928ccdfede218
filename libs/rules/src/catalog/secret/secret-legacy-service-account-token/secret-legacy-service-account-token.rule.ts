import { defineRule } from '../../../engine/rule.js';
import type { SnapshotSecret } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

export const secretLegacyServiceAccountTokenRule = defineRule({
  id: 'secret-legacy-service-account-token',
  title: 'Avoid long-lived service account token Secrets',
  area: 'secret',
  severity: 'medium',
  rationale:
    'Secrets of type kubernetes.io/service-account-token hold tokens that never expire and are not bound to a pod. Anyone who reads one once keeps the service account’s access until the Secret is deleted. Bound, projected tokens expire and are revoked with the pod.',
  remediation: {
    text: 'Delete the token Secret and use projected service account tokens (the default since 1.24) or the TokenRequest API for external clients.',
    example: 'kubectl create token <serviceaccount> --duration=1h',
  },
  reads: ['secrets'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<SnapshotSecret>(snapshot, 'secrets', checkSecret),
});

function checkSecret(secret: SnapshotSecret) {
  if (secret.type !== 'kubernetes.io/service-account-token') return undefined;
  const account = secret.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '?';
  return objectFinding(
    secret,
    '/type',
    `is kubernetes.io/service-account-token (a non-expiring token for service account ${account})`,
    secret.type,
  );
}
