import { defineRule, type RuleFinding } from '../../../engine/rule.js';
import { parseCidr, type IpRange } from '../../../netpol/index.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { NetworkPolicyObject } from '../../shared/network-policy-shape.js';

export const netpolIpblockClusterCidrRule = defineRule({
  id: 'netpol-ipblock-cluster-cidr',
  title: 'ipBlock peers must not target the pod or service CIDR',
  area: 'networkpolicy',
  severity: 'medium',
  rationale:
    'ipBlock is meant for traffic leaving or entering the cluster. Pod IPs are ephemeral and Service IPs are rewritten before policy applies, so an ipBlock overlapping the pod or service CIDR is either ineffective (the author thought it restricted in-cluster traffic) or over-broad (it allows every pod that happens to get an address in the range, depending on the CNI).',
  remediation: {
    text: 'Use podSelector/namespaceSelector for in-cluster peers; keep ipBlock for external ranges and add the cluster CIDRs to except when using broad blocks.',
    example: 'to:\n  - ipBlock:\n      cidr: 0.0.0.0/0\n      except: [10.244.0.0/16, 10.96.0.0/12]',
  },
  reads: ['networkpolicies'],
  evidenceScope: 'cluster-config',
  params: {
    podCidrs: { default: [] as string[], description: 'Pod CIDRs, when the snapshot does not know them.' },
    serviceCidrs: {
      default: [] as string[],
      description: 'Service CIDRs, when the snapshot does not know them.',
    },
  },
  evaluate: ({ snapshot, params }) => {
    const ranges: ClusterRange[] = [
      ...(snapshot.network?.podCidrs ?? params.podCidrs).map((cidr) => ({
        cidr,
        what: 'pod CIDR',
        range: parseCidr(cidr),
      })),
      ...(snapshot.network?.serviceCidrs ?? params.serviceCidrs).map((cidr) => ({
        cidr,
        what: 'service CIDR',
        range: parseCidr(cidr),
      })),
    ];
    if (ranges.length === 0) return { findings: [], checked: 0 };
    return evaluateObjects(snapshot, 'networkpolicies', checkPolicy, ranges);
  },
});

/** A pod or service CIDR of the cluster, parsed. */
interface ClusterRange {
  cidr: string;
  what: string;
  range: IpRange;
}

function overlaps(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.lo <= b.hi && b.lo <= a.hi;
}

function covers(outer: IpRange, inner: IpRange): boolean {
  return outer.family === inner.family && outer.lo <= inner.lo && inner.hi <= outer.hi;
}

function checkPolicy(policy: NetworkPolicyObject, ranges: ClusterRange[]) {
  const findings: RuleFinding[] = [];
  for (const [direction, field] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    (policy.spec?.[direction] ?? []).forEach((rule, ruleIndex) => {
      ((field === 'from' ? rule.from : rule.to) ?? []).forEach((peer, peerIndex) => {
        if (!peer.ipBlock) return;
        const block = parseCidr(peer.ipBlock.cidr);
        const excepted = (peer.ipBlock.except ?? []).map(parseCidr);
        const hits = ranges.filter(
          (cluster) =>
            overlaps(block, cluster.range) && !excepted.some((except) => covers(except, cluster.range)),
        );
        // One finding per peer, naming every range it overlaps: a finding per range repeated the fingerprint.
        if (hits.length === 0) return;
        findings.push(
          objectFinding(
            policy,
            `/spec/${direction}/${ruleIndex}/${field}/${peerIndex}/ipBlock/cidr`,
            `is ${peer.ipBlock.cidr}, overlapping ${describeRanges(hits)}`,
            peer.ipBlock.cidr,
          ),
        );
      });
    });
  }
  return findings;
}

/** `the pod CIDR 10.244.0.0/16`, or `the pod CIDRs a, b and the service CIDR c`. */
function describeRanges(hits: ClusterRange[]): string {
  const byWhat = new Map<string, string[]>();
  for (const hit of hits) byWhat.set(hit.what, [...(byWhat.get(hit.what) ?? []), hit.cidr]);
  return [...byWhat]
    .map(([what, cidrs]) =>
      cidrs.length === 1 ? `the ${what} ${cidrs[0]}` : `the ${what}s ${cidrs.join(', ')}`,
    )
    .join(' and ');
}
