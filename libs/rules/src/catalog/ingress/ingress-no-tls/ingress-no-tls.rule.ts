import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const ingressNoTlsRule = defineRule({
  id: 'ingress-no-tls',
  title: 'Ingresses must terminate TLS',
  area: 'ingress',
  severity: 'high',
  rationale:
    'An Ingress without a tls section serves plain HTTP: credentials, session cookies and data cross the internet readable and modifiable by anyone on the path.',
  remediation: {
    text: 'Add a tls section naming the hosts and a certificate Secret (cert-manager can issue it).',
    example: 'spec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls',
  },
  reads: ['ingresses'],
  evidenceScope: 'object',
  equivalents: { kubescape: ['C-0263'], polaris: ['tlsSettingsMissing'] },
  evaluate: ({ snapshot }) => evaluateObjects<IngressObject>(snapshot, 'ingresses', checkIngress),
});

function checkIngress(ingress: IngressObject): RuleFinding | undefined {
  return (ingress.spec?.tls ?? []).length === 0
    ? amendedFinding(objectFinding(ingress, '/spec/tls', 'is not set; the Ingress serves plain HTTP'), {
        exposure: 'internet',
      })
    : undefined;
}
