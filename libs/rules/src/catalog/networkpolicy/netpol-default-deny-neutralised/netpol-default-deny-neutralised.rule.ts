import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { isEmptySelector, type PodClass } from '../../../netpol/index.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import { allowsEveryPeer, type NetworkPolicyObject } from '../../shared/network-policy-shape.js';
import { reachabilityOf } from '../../shared/reachability.js';
import { workloadKinds } from '../../../workload/pod-specs.js';

export const netpolDefaultDenyNeutralisedRule = defineRule({
  id: 'netpol-default-deny-neutralised',
  title: 'A default-deny must not be cancelled by allow-all policies',
  area: 'networkpolicy',
  severity: 'high',
  rationale:
    'NetworkPolicies are additive: a namespace with a default-deny policy and another policy that selects every pod and allows every peer on every port is, in effect, wide open — while both reviewers and scanners that only look for the default-deny report it as isolated.',
  remediation: {
    text: 'Delete the allow-all policy (or scope it to specific pods, peers and ports).',
    example:
      '# keep the default deny, and allow only what is needed:\nspec:\n  podSelector: { matchLabels: { app: web } }\n  ingress:\n    - from:\n        - podSelector: { matchLabels: { app: frontend } }',
  },
  reads: ['networkpolicies', ...workloadKinds],
  evaluate: ({ snapshot }) => {
    const policies = (snapshot.resources.networkpolicies ?? []) as NetworkPolicyObject[];
    const types = (policy: NetworkPolicyObject): string[] =>
      policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    const selectsAll = (policy: NetworkPolicyObject): boolean =>
      isEmptySelector(policy.spec?.podSelector ?? {});
    const evaluation = evaluateObjects<NetworkPolicyObject>(snapshot, 'networkpolicies', (allowAll) => {
      if (!selectsAll(allowAll)) return undefined;
      const findings: RuleFinding[] = [];
      for (const [direction, type] of [
        ['ingress', 'Ingress'],
        ['egress', 'Egress'],
      ] as const) {
        const ruleIndex = (allowAll.spec?.[direction] ?? []).findIndex(
          (rule) => allowsEveryPeer(rule, direction) && (rule.ports ?? []).length === 0,
        );
        if (ruleIndex < 0) continue;
        const deny = policies.find(
          (policy) =>
            policy !== allowAll &&
            policy.metadata.namespace === allowAll.metadata.namespace &&
            selectsAll(policy) &&
            types(policy).includes(type) &&
            (policy.spec?.[direction] ?? []).length === 0,
        );
        if (deny)
          findings.push(
            objectFinding(
              allowAll,
              `/spec/${direction}/${ruleIndex}`,
              `allows all ${direction} traffic to every pod, neutralising default-deny policy ${deny.metadata.name}`,
              allowAll.spec?.[direction]?.[ruleIndex],
            ),
          );
      }
      return findings;
    });
    // The general case, decided by the reachability engine: a default-deny is neutralised when every pod of its
    // namespace still admits every peer on every port, whatever combination of policies (any dialect) does it.
    const flagged = new Set(
      evaluation.findings.map(
        (finding) => `${finding.resource.namespace}/${finding.evidence[0]?.pointer.split('/')[2]}`,
      ),
    );
    const denies = policies.flatMap((policy) =>
      (['ingress', 'egress'] as const)
        .filter(
          (direction) =>
            selectsAll(policy) &&
            types(policy).includes(direction === 'ingress' ? 'Ingress' : 'Egress') &&
            (policy.spec?.[direction] ?? []).length === 0,
        )
        .map((direction) => ({ policy, direction })),
    );
    const pending = denies.filter(
      ({ policy, direction }) => !flagged.has(`${policy.metadata.namespace ?? 'default'}/${direction}`),
    );
    if (pending.length === 0) return evaluation;
    const { model, evaluator } = reachabilityOf(snapshot);
    const classesByNamespace = new Map<string, PodClass[]>();
    for (const entry of model.classes) {
      if (entry.workloads.length === 0 || entry.hostNetwork) continue;
      const list = classesByNamespace.get(entry.namespace.name);
      if (list) list.push(entry);
      else classesByNamespace.set(entry.namespace.name, [entry]);
    }
    for (const { policy, direction } of pending) {
      const namespace = policy.metadata.namespace ?? 'default';
      const classes = classesByNamespace.get(namespace) ?? [];
      if (classes.length === 0 || !classes.every((entry) => evaluator.admitsAll(entry.id, direction)))
        continue;
      const others = [
        ...new Set(
          classes
            .flatMap((entry) => evaluator.isolatingPolicies(entry.id, direction))
            .map((compiled) => `${compiled.ref.kind} ${compiled.ref.name}`),
        ),
      ].filter((name) => name !== `NetworkPolicy ${policy.metadata.name}`);
      evaluation.findings.push(
        objectFinding(
          policy,
          `/spec/podSelector`,
          `selects every pod to deny ${direction}, but every pod of namespace ${namespace} still admits all ${direction} traffic${others.length ? ` (via ${others.join(', ')})` : ''}`,
          policy.spec?.podSelector ?? {},
        ),
      );
    }
    return evaluation;
  },
});
