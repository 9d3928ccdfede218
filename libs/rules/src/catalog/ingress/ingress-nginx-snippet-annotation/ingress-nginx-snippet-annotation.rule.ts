import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';

const snippetAnnotations = [
  'configuration-snippet',
  'server-snippet',
  'auth-snippet',
  'stream-snippet',
  'modsecurity-snippet',
].map((name) => `nginx.ingress.kubernetes.io/${name}`);

export const ingressNginxSnippetAnnotationRule = defineRule({
  id: 'ingress-nginx-snippet-annotation',
  title: 'Ingresses must not use ingress-nginx snippet annotations',
  area: 'ingress',
  severity: 'high',
  rationale:
    'Snippet annotations inject raw NGINX configuration into the shared controller. They have been the vector of repeated critical vulnerabilities (CVE-2021-25742, CVE-2023-5044, CVE-2025-1974 family): anyone who can create an Ingress can read the controller’s service-account token and every Secret it sees.',
  remediation: {
    text: 'Remove the snippet annotation and use dedicated annotations or a ConfigMap-level setting; keep allow-snippet-annotations=false on the controller.',
    example:
      '# controller ConfigMap (ingress-nginx):\ndata:\n  allow-snippet-annotations: "false"\n# per Ingress, use dedicated annotations instead, e.g.:\nnginx.ingress.kubernetes.io/proxy-body-size: 8m',
  },
  reads: ['ingresses'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<IngressObject>(snapshot, 'ingresses', checkIngress),
});

function checkIngress(ingress: IngressObject) {
  return Object.entries(ingress.metadata.annotations ?? {})
    .filter(([key]) => snippetAnnotations.includes(key))
    .map(([key, value]) =>
      objectFinding(
        ingress,
        `/metadata/annotations/${key.replace(/\//g, '~1')}`,
        `is set (${value.split('\n').length} lines of raw NGINX configuration)`,
        value.length > 200 ? `${value.slice(0, 200)}…` : value,
      ),
    );
}
