import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { matchesLabelSelector } from '../../../netpol/index.js';
import type { ClusterSnapshot } from '../../../snapshot/snapshot.js';
import {
  podSpecSites,
  podSpecSitesByNamespace,
  workloadKinds,
  type PodSpecSite,
} from '../../../workload/pod-specs.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { NetworkPolicyObject, NetworkPolicyRuleShape } from '../../shared/network-policy-shape.js';

export const netpolNamedPortUndefinedRule = defineRule({
  id: 'netpol-named-port-undefined',
  title: 'Named ports in NetworkPolicies must exist on the destination pods',
  area: 'networkpolicy',
  severity: 'low',
  rationale:
    'A named port resolves against the destination pod’s container ports. If no destination container defines the name (with that protocol), the rule allows nothing — a silent outage, or a hole when someone later adds the name to an unrelated container.',
  remediation: {
    text: 'Use the name exactly as a containerPort of the destination pods defines it, or a port number.',
    example: 'ports:\n  - containerPort: 8080\n    name: http',
  },
  reads: ['networkpolicies', ...workloadKinds],
  evidenceScope: 'related',
  evaluate: ({ snapshot }) => {
    return evaluateObjects(snapshot, 'networkpolicies', policyFindings, new NamedPortCheck(snapshot));
  },
});

/**
 * The rule's per-snapshot state: the port names each pod spec defines (computed on first use) and the names any pod
 * defines. Policies without named ports, the usual case, are answered without selecting their pods.
 */
class NamedPortCheck {
  private readonly namesBySite: (Set<string> | undefined)[] = [];
  private everyName: Set<string> | undefined;

  constructor(private readonly snapshot: ClusterSnapshot) {}

  findings(policy: NetworkPolicyObject): RuleFinding[] | undefined {
    let findings: RuleFinding[] | undefined;
    const ingress = policy.spec?.ingress ?? [];
    if (ingress.some(hasStringPort)) {
      const selected = this.selectedSites(policy);
      if (selected.length > 0) findings = undefinedNames(policy, 'ingress', this.namesOf(selected), findings);
    }
    const egress = policy.spec?.egress ?? [];
    if (egress.some(hasStringPort)) findings = undefinedNames(policy, 'egress', this.allNames(), findings);
    return findings;
  }

  private selectedSites(policy: NetworkPolicyObject): PodSpecSite[] {
    const namespace = policy.metadata.namespace ?? 'default';
    const selector = policy.spec?.podSelector ?? {};
    return (podSpecSitesByNamespace(this.snapshot).get(namespace) ?? []).filter((site) =>
      matchesLabelSelector(selector, site.podLabels),
    );
  }

  private namesOf(sites: PodSpecSite[]): Set<string> {
    const known = new Set<string>();
    for (const site of sites) for (const name of this.siteNames(site)) known.add(name);
    return known;
  }

  private allNames(): Set<string> {
    return (this.everyName ??= this.namesOf(podSpecSites(this.snapshot)));
  }

  /** `PROTOCOL/name` of every port its containers and init containers declare. */
  private siteNames(site: PodSpecSite): Set<string> {
    let known = this.namesBySite[site.index];
    if (!known) {
      known = new Set();
      for (const containers of [site.spec.containers, site.spec.initContainers])
        for (const container of containers ?? [])
          for (const port of container.ports ?? [])
            known.add(`${(port.protocol ?? 'TCP').toUpperCase()}/${port.name ?? ''}`);
      this.namesBySite[site.index] = known;
    }
    return known;
  }
}

function hasStringPort(rule: NetworkPolicyRuleShape): boolean {
  return (rule.ports ?? []).some((port) => typeof port.port === 'string');
}

/** Appends a finding for each named port of `direction`'s rules that is not in `known`. */
function undefinedNames(
  policy: NetworkPolicyObject,
  direction: 'ingress' | 'egress',
  known: Set<string>,
  findings: RuleFinding[] | undefined,
): RuleFinding[] | undefined {
  const rules = policy.spec?.[direction] ?? [];
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const ports = rules[ruleIndex]!.ports ?? [];
    for (let portIndex = 0; portIndex < ports.length; portIndex++) {
      const port = ports[portIndex]!;
      if (typeof port.port !== 'string' || /^\d+$/.test(port.port)) continue;
      const key = `${(port.protocol ?? 'TCP').toUpperCase()}/${port.port}`;
      if (known.has(key)) continue;
      (findings ??= []).push(
        objectFinding(
          policy,
          `/spec/${direction}/${ruleIndex}/ports/${portIndex}/port`,
          `is the named port ${port.port} (${key.split('/')[0]}), which no ${direction === 'ingress' ? 'selected pod' : 'pod'} defines`,
          port.port,
        ),
      );
    }
  }
  return findings;
}

function policyFindings(policy: NetworkPolicyObject, check: NamedPortCheck) {
  return check.findings(policy);
}
