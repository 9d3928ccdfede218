import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { pointer } from '../../../workload/resource-ref.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';

const levels = ['privileged', 'baseline', 'restricted'] as const;

export const namespacePsaLabelsRule = defineRule({
  id: 'namespace-psa-labels',
  title: 'Namespaces must enforce a Pod Security Standards level',
  area: 'namespace',
  severity: 'high',
  rationale:
    'Pod Security Admission is the built-in replacement for PodSecurityPolicy. Without a pod-security.kubernetes.io/enforce label (or with a level weaker than required) nothing stops a privileged pod from being created in the namespace.',
  remediation: {
    text: 'Label the namespace with the required enforce level (and warn/audit at restricted to see what breaks).',
    example:
      'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted',
  },
  reads: ['namespaces'],
  evidenceScope: 'object',
  params: {
    minimumLevel: {
      default: 'baseline' as string,
      description: 'Weakest acceptable enforce level: baseline or restricted.',
    },
    exemptNamespaces: {
      default: ['kube-system', 'kube-public', 'kube-node-lease'] as string[],
      description: 'Namespaces not checked (system components often need privileged).',
    },
  },
  equivalents: {},
  evaluate: ({ snapshot, params }) => {
    const minimum = levels.indexOf(params.minimumLevel as (typeof levels)[number]);
    if (minimum < 0)
      throw new Error(`param minimumLevel must be baseline or restricted, got "${params.minimumLevel}"`);
    const exempt = new Set(params.exemptNamespaces);
    const evaluation = evaluateObjects(snapshot, 'namespaces', checkNamespace, {
      exempt,
      minimum,
      minimumLevel: params.minimumLevel,
    });
    return {
      ...evaluation,
      checked: (snapshot.resources.namespaces ?? []).filter(
        (namespace) => !exempt.has(namespace.metadata.name),
      ).length,
    };
  },
});

interface LevelContext {
  /** Namespaces the rule skips. */
  exempt: Set<string>;
  /** Index in `levels` of the weakest level accepted. */
  minimum: number;
  minimumLevel: string;
}

function checkNamespace(namespace: K8sObject, { exempt, minimum, minimumLevel }: LevelContext) {
  if (exempt.has(namespace.metadata.name)) return undefined;
  const key = 'pod-security.kubernetes.io/enforce';
  const value = namespace.metadata.labels?.[key];
  const path = pointer('metadata', 'labels', key);
  if (value === undefined)
    return objectFinding(namespace, path, `is not set (required: ${minimumLevel} or stricter)`);
  const level = levels.indexOf(value as (typeof levels)[number]);
  return level < minimum
    ? objectFinding(namespace, path, `is ${value}, weaker than ${minimumLevel}`, value)
    : undefined;
}
