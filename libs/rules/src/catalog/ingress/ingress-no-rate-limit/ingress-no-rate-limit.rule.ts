import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';
import { isInternalIngress } from '../../shared/ingress-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

const rateLimitAnnotations = [
  'nginx.ingress.kubernetes.io/limit-rps',
  'nginx.ingress.kubernetes.io/limit-rpm',
  'nginx.ingress.kubernetes.io/limit-connections',
  'nginx.ingress.kubernetes.io/global-rate-limit',
  'traefik.ingress.kubernetes.io/router.middlewares',
  'haproxy.org/rate-limit-requests',
  'konghq.com/plugins',
];

export const ingressNoRateLimitRule = defineRule({
  id: 'ingress-no-rate-limit',
  title: 'Internet-facing Ingresses should rate-limit clients',
  area: 'ingress',
  severity: 'low',
  rationale:
    'Without per-client rate limits a single client can brute-force logins, scrape data or exhaust the backend; limits at the edge are cheap and stop the bulk of abuse.',
  remediation: {
    text: 'Add the controller’s rate-limit annotation (or a middleware/plugin that limits requests).',
    example: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/limit-rps: "20"',
  },
  reads: ['ingresses'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<IngressObject>(snapshot, 'ingresses', checkIngress),
});

function checkIngress(ingress: IngressObject): RuleFinding | undefined {
  if (isInternalIngress(ingress)) return undefined;
  const annotations = ingress.metadata.annotations ?? {};
  return rateLimitAnnotations.some((key) => annotations[key])
    ? undefined
    : amendedFinding(
        objectFinding(
          ingress,
          '/metadata/annotations',
          'has no rate-limit annotation (e.g. nginx.ingress.kubernetes.io/limit-rps)',
        ),
        { exposure: 'internet' },
      );
}
