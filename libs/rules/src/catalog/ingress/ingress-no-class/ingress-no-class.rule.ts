import { defineRule } from '../../../engine/rule.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { IngressObject } from '../../shared/ingress-shape.js';
import { ingressClassOf } from '../../shared/ingress-shape.js';

export const ingressNoClassRule = defineRule({
  id: 'ingress-no-class',
  title: 'Ingresses must name their ingress class',
  area: 'ingress',
  severity: 'low',
  rationale:
    'Without ingressClassName the default class — or every controller that watches unclassed Ingresses — serves the Ingress, possibly an internet-facing one when an internal one was meant.',
  remediation: {
    text: 'Set spec.ingressClassName to the intended IngressClass.',
    example: 'spec:\n  ingressClassName: nginx-internal',
  },
  reads: ['ingresses'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) => evaluateObjects<IngressObject>(snapshot, 'ingresses', checkIngress),
});

function checkIngress(ingress: IngressObject) {
  return ingressClassOf(ingress) ? undefined : objectFinding(ingress, '/spec/ingressClassName', 'is not set');
}
