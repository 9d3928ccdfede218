import { defineRule } from '../../../engine/rule.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { namespaceRef, workloadNamespaces } from '../../shared/workload-namespaces.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const namespaceEnvironmentMixingRule = defineRule({
  id: 'namespace-environment-mixing',
  title: 'Production and non-production workloads must not share a namespace',
  area: 'namespace',
  severity: 'medium',
  rationale:
    'Namespaces are the boundary of RBAC, quotas, Pod Security and most NetworkPolicies. A dev or test workload sharing a namespace with production shares its secrets, service accounts and network reach, and usually gets far less scrutiny.',
  remediation: {
    text: 'Move non-production workloads into namespaces of their own (and label namespaces with their environment).',
    example:
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-staging\n  labels: { environment: staging }',
  },
  reads: ['namespaces', ...workloadKinds],
  evidenceScope: 'related',
  params: {
    labelKeys: {
      default: ['environment', 'env', 'app.kubernetes.io/environment'] as string[],
      description: 'Labels naming the environment, on namespaces or pods.',
    },
    productionValues: {
      default: ['prod', 'production', 'prd', 'live'] as string[],
      description: 'Values that mean production.',
    },
    exemptNamespaces: {
      default: ['kube-system', 'kube-public', 'kube-node-lease'] as string[],
      description: 'Namespaces not checked.',
    },
  },
  evaluate: ({ snapshot, params }) => {
    const namespaceLabels = new Map(
      (snapshot.resources.namespaces ?? []).map((namespace) => [
        namespace.metadata.name,
        namespace.metadata.labels ?? {},
      ]),
    );
    const isProduction = (value: string): boolean => params.productionValues.includes(value.toLowerCase());
    const namespaces = workloadNamespaces(snapshot, params.exemptNamespaces);
    const findings = [];
    for (const [namespace, sites] of namespaces) {
      const namespaceEnvironment = environmentOf(params.labelKeys, namespaceLabels.get(namespace) ?? {});
      const environments = new Map<string, string>();
      if (namespaceEnvironment) environments.set(namespaceEnvironment, `namespace label`);
      for (const site of sites) {
        const environment = environmentOf(params.labelKeys, site.podLabels);
        if (environment && !environments.has(environment))
          environments.set(environment, `${site.ref.kind} ${site.ref.name}`);
      }
      const values = [...environments.keys()];
      if (values.some(isProduction) && values.some((value) => !isProduction(value))) {
        findings.push(
          ruleFinding(
            namespaceRef(namespace),
            `namespace ${namespace} mixes environments ${values.map((value) => `${value} (${environments.get(value)})`).join(', ')}`,
            [
              { pointer: '/metadata/name', value: namespace },
              { pointer: '/metadata/labels', value: Object.fromEntries(environments) },
            ],
          ),
        );
      }
    }
    return { findings, checked: namespaces.size };
  },
});

/** The value of the first of `keys` that `labels` has. */
function environmentOf(keys: readonly string[], labels: Record<string, string>): string | undefined {
  for (const key of keys) {
    const value = labels[key];
    if (value !== undefined) return value;
  }
  return undefined;
}
