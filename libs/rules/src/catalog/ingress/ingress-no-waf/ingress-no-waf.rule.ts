import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';
import { isInternalIngress, isNginxIngress } from '../../shared/ingress-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

/** Annotations that turn on a web application firewall, per controller. */
const wafAnnotations = [
  'nginx.ingress.kubernetes.io/enable-modsecurity',
  'nginx.ingress.kubernetes.io/enable-owasp-core-rules',
  'alb.ingress.kubernetes.io/wafv2-acl-arn',
  'alb.ingress.kubernetes.io/waf-acl-id',
  'appgw.ingress.kubernetes.io/waf-policy-for-path',
  'cloud.google.com/armor-config',
  'haproxy.org/waf',
];

export const ingressNoWafRule = defineRule({
  id: 'ingress-no-waf',
  title: 'Internet-facing Ingresses should enable a web application firewall',
  area: 'ingress',
  severity: 'low',
  rationale:
    'A WAF (ModSecurity with the OWASP core rules, AWS WAF, Cloud Armor…) blocks common injection and scanning traffic before it reaches the application.',
  remediation: {
    text: 'Enable the controller’s WAF for the Ingress (or globally in the controller configuration and mark the Ingress accordingly).',
    example:
      'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/enable-modsecurity: "true"\n    nginx.ingress.kubernetes.io/enable-owasp-core-rules: "true"',
  },
  reads: ['ingresses'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<IngressObject>(snapshot, 'ingresses', checkIngress),
});

function checkIngress(ingress: IngressObject): RuleFinding | undefined {
  if (isInternalIngress(ingress)) return undefined;
  const annotations = ingress.metadata.annotations ?? {};
  if (wafAnnotations.some((key) => annotations[key] !== undefined && annotations[key] !== 'false'))
    return undefined;
  const hint = isNginxIngress(ingress)
    ? 'nginx.ingress.kubernetes.io/enable-modsecurity'
    : 'a WAF annotation';
  return amendedFinding(
    objectFinding(
      ingress,
      '/metadata/annotations',
      `has no web application firewall annotation (e.g. ${hint})`,
    ),
    { exposure: 'internet' },
  );
}
