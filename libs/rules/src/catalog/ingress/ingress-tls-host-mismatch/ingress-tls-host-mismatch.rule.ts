import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
  }
  return false;
}

export const ingressTlsHostMismatchRule = defineRule({
  id: 'ingress-tls-host-mismatch',
  title: 'Every Ingress rule host must be covered by a TLS entry',
  area: 'ingress',
  severity: 'medium',
  rationale:
    'Hosts listed in rules but not in spec.tls[].hosts are served over plain HTTP (or with the controller’s default certificate), even though the Ingress looks TLS-enabled.',
  remediation: {
    text: 'Add the host to a tls entry whose certificate covers it.',
    example: 'tls:\n  - hosts: [shop.example.com, api.example.com]\n    secretName: shop-tls',
  },
  reads: ['ingresses'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<IngressObject>(snapshot, 'ingresses', checkIngress),
});

function checkIngress(ingress: IngressObject) {
  const tls = ingress.spec?.tls ?? [];
  if (tls.length === 0) return undefined;
  const tlsHosts = tls.flatMap((entry) => entry.hosts ?? []);
  return (ingress.spec?.rules ?? []).flatMap((rule, index) =>
    rule.host && !tlsHosts.some((pattern) => covers(pattern, rule.host ?? ''))
      ? [
          amendedFinding(
            objectFinding(
              ingress,
              `/spec/rules/${index}/host`,
              `is ${rule.host}, which no spec.tls[].hosts entry covers`,
              rule.host,
            ),
            { exposure: 'internet' },
          ),
        ]
      : [],
  );
}
