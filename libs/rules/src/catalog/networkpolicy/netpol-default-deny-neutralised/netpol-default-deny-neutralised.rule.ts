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
  evidenceScope: 'related',
  evaluate: ({ snapshot }) => {
    const policies = (snapshot.resources.networkpolicies ?? []) as NetworkPolicyObject[];
    const denies = defaultDenies(policies);
    const evaluation = evaluateObjects(snapshot, 'networkpolicies', allowAllFindings, denies.byNamespace);
    // The general case, decided by the reachability engine: a default-deny is neutralised when every pod of its
    // namespace still admits every peer on every port, whatever combination of policies (any dialect) does it.
    const flagged = new Set(
      evaluation.findings.map(
        (finding) => `${finding.resource.namespace}/${finding.evidence[0]?.pointer.split('/')[2]}`,
      ),
    );
    const pending = denies.all.filter(
      ({ policy, direction }) => !flagged.has(`${policy.metadata.namespace ?? 'default'}/${direction}`),
    );
    if (pending.length === 0) return evaluation;
    const { model, evaluator } = reachabilityOf(snapshot);
    const classesByNamespace = classesOfNamespaces(
      model.classes,
      new Set(pending.map(({ policy }) => policy.metadata.namespace ?? 'default')),
    );
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

type Direction = 'ingress' | 'egress';

const directions = [
  ['ingress', 'Ingress'],
  ['egress', 'Egress'],
] as const;

interface DefaultDenies {
  /** Every (policy, direction) default-deny, in policy order, ingress before egress. */
  all: { policy: NetworkPolicyObject; direction: Direction }[];
  /** The default-deny policies of each namespace (as written in the policy, possibly absent), per direction. */
  byNamespace: Map<string | undefined, Record<Direction, NetworkPolicyObject[]>>;
}

/** The policies that select every pod of their namespace and deny a direction, found in one pass. */
function defaultDenies(policies: NetworkPolicyObject[]): DefaultDenies {
  const denies: DefaultDenies = { all: [], byNamespace: new Map() };
  for (const policy of policies) {
    if (!selectsAll(policy)) continue;
    for (const [direction, type] of directions) {
      if (!typesOf(policy).includes(type) || (policy.spec?.[direction] ?? []).length !== 0) continue;
      denies.all.push({ policy, direction });
      let own = denies.byNamespace.get(policy.metadata.namespace);
      if (!own) denies.byNamespace.set(policy.metadata.namespace, (own = { ingress: [], egress: [] }));
      own[direction].push(policy);
    }
  }
  return denies;
}

/** Findings for a policy that selects every pod and allows everything in a direction its namespace default-denies. */
/** `byNamespace`: the default-deny policies of each namespace, by direction. */
function allowAllFindings(
  allowAll: NetworkPolicyObject,
  byNamespace: DefaultDenies['byNamespace'],
): RuleFinding[] | undefined {
  return neutralisingFindings(allowAll, byNamespace.get(allowAll.metadata.namespace));
}

function neutralisingFindings(
  allowAll: NetworkPolicyObject,
  namespaceDenies: Record<Direction, NetworkPolicyObject[]> | undefined,
): RuleFinding[] | undefined {
  if (!selectsAll(allowAll)) return undefined;
  const findings: RuleFinding[] = [];
  for (const [direction] of directions) {
    const ruleIndex = (allowAll.spec?.[direction] ?? []).findIndex(
      (rule) => allowsEveryPeer(rule, direction) && (rule.ports ?? []).length === 0,
    );
    if (ruleIndex < 0) continue;
    const deny = namespaceDenies?.[direction].find((policy) => policy !== allowAll);
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
}

function typesOf(policy: NetworkPolicyObject): string[] {
  return policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

function selectsAll(policy: NetworkPolicyObject): boolean {
  return isEmptySelector(policy.spec?.podSelector ?? {});
}

/** The classes of real pods (not host-network) of the given namespaces, by namespace. */
function classesOfNamespaces(classes: PodClass[], namespaces: Set<string>): Map<string, PodClass[]> {
  const byNamespace = new Map<string, PodClass[]>();
  for (const entry of classes) {
    if (entry.workloads.length === 0 || entry.hostNetwork || !namespaces.has(entry.namespace.name)) continue;
    const list = byNamespace.get(entry.namespace.name);
    if (list) list.push(entry);
    else byNamespace.set(entry.namespace.name, [entry]);
  }
  return byNamespace;
}
