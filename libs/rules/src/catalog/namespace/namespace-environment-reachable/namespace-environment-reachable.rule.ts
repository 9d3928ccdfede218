import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { reachabilityOf } from '../../shared/reachability.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { namespaceRef } from '../../shared/workload-namespaces.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

export const namespaceEnvironmentReachableRule = defineRule({
  id: 'namespace-environment-reachable',
  title: 'Non-production namespaces must not reach production workloads',
  area: 'namespace',
  severity: 'high',
  rationale:
    'Development and test namespaces run unreviewed code, debug tooling and shared credentials. If NetworkPolicies let their pods connect to production workloads, a compromise of the weakest environment is a foothold in production. Computed with the NetworkPolicy reachability engine (all policy dialects and tiers), not by looking for policies by name.',
  remediation: {
    text: 'Give production namespaces a default-deny ingress policy and allow only production (or explicitly named) sources, e.g. by a namespaceSelector on the environment label.',
    example:
      'ingress:\n  - from:\n      - namespaceSelector:\n          matchLabels: { environment: production }',
  },
  reads: ['namespaces', 'networkpolicies', ...workloadKinds],
  evidenceScope: 'namespace-inventory',
  params: {
    labelKeys: {
      default: ['environment', 'env', 'app.kubernetes.io/environment'] as string[],
      description: 'Namespace labels naming the environment.',
    },
    productionValues: {
      default: ['prod', 'production', 'prd', 'live'] as string[],
      description: 'Values that mean production.',
    },
  },
  evaluate: ({ snapshot, params }) => {
    const environmentOf = (labels: Record<string, string> | undefined): string | undefined =>
      params.labelKeys.map((key) => labels?.[key]).find((value) => value !== undefined);
    const production = new Set<string>();
    const other = new Set<string>();
    for (const namespace of snapshot.resources.namespaces ?? []) {
      const environment = environmentOf(namespace.metadata.labels);
      if (environment === undefined) continue;
      (params.productionValues.includes(environment.toLowerCase()) ? production : other).add(
        namespace.metadata.name,
      );
    }
    if (production.size === 0 || other.size === 0) return { findings: [], checked: 0 };
    const { model, evaluator } = reachabilityOf(snapshot);
    const sources = model.classes.filter(
      (entry) => other.has(entry.namespace.name) && entry.workloads.length > 0,
    );
    const isSource = new Uint8Array(model.classes.length);
    for (const source of sources) isSource[source.id] = 1;
    const reached = new Map<string, { from: string; to: string; conns: string }>();
    for (const target of model.classes) {
      if (
        !production.has(target.namespace.name) ||
        target.workloads.length === 0 ||
        reached.has(target.namespace.name)
      )
        continue;
      // Isolated targets whose rules only allow name the few classes that can reach them: try just those.
      const candidates = evaluator.candidates(target.id, 'ingress');
      let from = sources;
      if (candidates) {
        from = [];
        candidates.forEach((id) => {
          if (isSource[id]) from.push(model.classes[id]!);
        });
      }
      for (const source of from) {
        const conns = evaluator.connection(
          { type: 'pods', classId: source.id },
          { type: 'pods', classId: target.id },
        );
        if (conns.isEmpty) continue;
        const name = (id: number | undefined) => (id === undefined ? '?' : (model.workloads[id]?.key ?? '?'));
        reached.set(target.namespace.name, {
          from: name(source.workloads[0]),
          to: name(target.workloads[0]),
          conns: conns.toString(),
        });
        break;
      }
    }
    const findings: RuleFinding[] = [...reached].map(([namespace, path]) =>
      ruleFinding(
        namespaceRef(namespace),
        `production namespace ${namespace} is reachable from non-production workloads, e.g. ${path.from} => ${path.to} : ${path.conns}`,
        [{ pointer: '/metadata/labels', value: { from: path.from, to: path.to } }],
      ),
    );
    return { findings, checked: production.size };
  },
});
