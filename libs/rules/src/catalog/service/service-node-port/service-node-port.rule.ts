import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

export const serviceNodePortRule = defineRule({
  id: 'service-node-port',
  title: 'Services should not be of type NodePort',
  area: 'service',
  severity: 'medium',
  rationale:
    'A NodePort opens the port on every node’s addresses, including nodes in public subnets, and bypasses load balancer source ranges. It is rarely what production traffic needs; use a LoadBalancer or an Ingress.',
  remediation: {
    text: 'Change the Service type to ClusterIP and expose it through an Ingress or an internal LoadBalancer.',
    example: 'spec:\n  type: ClusterIP',
  },
  reads: ['services'],
  evidenceScope: 'object',
  equivalents: { 'kube-score': ['service-type'], 'kube-linter': ['exposed-services'] },
  evaluate: ({ snapshot }) =>
    evaluateObjects<K8sObject & { spec?: ServiceSpec }>(snapshot, 'services', checkService),
});

function checkService(service: K8sObject & { spec?: ServiceSpec }): RuleFinding | undefined {
  return service.spec?.type === 'NodePort'
    ? amendedFinding(objectFinding(service, '/spec/type', 'is NodePort', 'NodePort'), {
        exposure: 'internet',
      })
    : undefined;
}
