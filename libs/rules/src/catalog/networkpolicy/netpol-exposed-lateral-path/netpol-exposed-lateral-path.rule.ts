import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { lateralPaths, parseWorkloadKey, routeReads } from '../../../netpol/index.js';
import { snapshotKinds } from '../../../snapshot/kinds.js';
import { workloadKinds } from '../../../workload/pod-specs.js';
import { reachabilityOf } from '../../shared/reachability.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

const apiVersionOfKind = new Map(
  Object.values(snapshotKinds).map((info) => [
    info.kind as string,
    info.group ? `${info.group}/${info.version}` : info.version,
  ]),
);

export const netpolExposedLateralPathRule = defineRule({
  id: 'netpol-exposed-lateral-path',
  title: 'Internet-exposed workloads must not reach sensitive workloads',
  area: 'networkpolicy',
  severity: 'high',
  rationale:
    'An internet-facing workload is the most likely to be compromised. If NetworkPolicies let it reach — directly or through other pods — data stores, workloads that mount Secrets, kube-system or the API server, one exploited bug becomes a breach. Paths are computed hop by hop with the reachability engine.',
  remediation: {
    text: 'Restrict the exposed workload’s egress (and the targets’ ingress) to the flows it needs; put data stores behind policies that admit only their clients.',
    example:
      'egress:\n  - to:\n      - podSelector:\n          matchLabels: { app: api }\n    ports:\n      - { port: 8080, protocol: TCP }',
  },
  reads: ['networkpolicies', 'services', ...routeReads, ...workloadKinds],
  evidenceScope: 'namespace-inventory',
  params: { maxHops: { default: 3, description: 'Longest path considered, in hops.' } },
  evaluate: ({ snapshot, params }) => {
    const { model, evaluator } = reachabilityOf(snapshot);
    const paths = lateralPaths(model, { maxHops: params.maxHops, maxPathsPerSource: 1 }, evaluator);
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const path of paths) {
      if (seen.has(path.source)) continue;
      seen.add(path.source);
      const ref = parseWorkloadKey(path.source);
      if (!ref) continue;
      const kind = ref.kind ?? 'Pod';
      const route = [
        path.source,
        ...path.hops.map((hop) => `${hop.workload} (${hop.conns.toString()})`),
      ].join(' => ');
      findings.push(
        ruleFinding(
          {
            apiVersion: apiVersionOfKind.get(kind) ?? 'v1',
            kind,
            namespace: ref.namespace,
            name: ref.name,
          },
          `internet-exposed ${path.source} reaches ${path.target} (${path.reasons.join(', ')}) in ${path.hops.length} hop(s): ${route}`,
          [
            {
              pointer: '/metadata/name',
              value: { target: path.target, hops: path.hops.map((hop) => hop.workload) },
            },
          ],
          undefined,
          'internet',
        ),
      );
    }
    return { findings, checked: model.workloads.length };
  },
});
