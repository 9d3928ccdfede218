import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { matchesLabelSelector } from '../../../netpol/index.js';
import {
  containerSites,
  podSpecSites,
  podSpecSitesByNamespace,
  workloadKinds,
  type PodSpecSite,
} from '../../../workload/pod-specs.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { NetworkPolicyObject } from '../../shared/network-policy-shape.js';

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
  evaluate: ({ snapshot }) => {
    const sites = podSpecSites(snapshot);
    const namesCache = new Map<PodSpecSite, Set<string>>();
    const names = (site: PodSpecSite): Set<string> => {
      let known = namesCache.get(site);
      if (!known) {
        known = computeNames(site);
        namesCache.set(site, known);
      }
      return known;
    };
    const computeNames = (site: PodSpecSite): Set<string> =>
      new Set(
        containerSites(site, ['containers', 'initContainers']).flatMap((container) =>
          (container.container.ports ?? []).map(
            (port) => `${(port.protocol ?? 'TCP').toUpperCase()}/${port.name ?? ''}`,
          ),
        ),
      );
    let everyName: Set<string> | undefined;
    return evaluateObjects<NetworkPolicyObject>(snapshot, 'networkpolicies', (policy) => {
      const namespace = policy.metadata.namespace ?? 'default';
      const selected = (podSpecSitesByNamespace(snapshot).get(namespace) ?? []).filter((site) =>
        matchesLabelSelector(policy.spec?.podSelector ?? {}, site.podLabels),
      );
      const hasPolicyNamedPorts = (policy.spec?.ingress ?? []).some((rule) =>
        (rule.ports ?? []).some((port) => typeof port.port === 'string'),
      );
      const ingressNames = hasPolicyNamedPorts
        ? new Set(selected.flatMap((site) => [...names(site)]))
        : new Set<string>();
      const findings: RuleFinding[] = [];
      for (const direction of ['ingress', 'egress'] as const) {
        const known =
          direction === 'ingress'
            ? ingressNames
            : (everyName ??= new Set(sites.flatMap((site) => [...names(site)])));
        if (direction === 'ingress' && selected.length === 0) continue;
        (policy.spec?.[direction] ?? []).forEach((rule, ruleIndex) =>
          (rule.ports ?? []).forEach((port, portIndex) => {
            if (typeof port.port !== 'string' || /^\d+$/.test(port.port)) return;
            const key = `${(port.protocol ?? 'TCP').toUpperCase()}/${port.port}`;
            if (!known.has(key)) {
              findings.push(
                objectFinding(
                  policy,
                  `/spec/${direction}/${ruleIndex}/ports/${portIndex}/port`,
                  `is the named port ${port.port} (${key.split('/')[0]}), which no ${direction === 'ingress' ? 'selected pod' : 'pod'} defines`,
                  port.port,
                ),
              );
            }
          }),
        );
      }
      return findings;
    });
  },
});
