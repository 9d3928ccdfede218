import { describe, expect, it } from 'vitest';
import { connectivitySummary } from '../../src/netpol/connectivity-summary.js';
import { connectivity, peerKey } from '../../src/netpol/connectivity.js';
import { buildReachabilityModel } from '../../src/netpol/reachability-model.js';
import { anp, calico, cnp, netpol, ns, pod, snapshotOf } from './helpers/objects.js';

const cluster = [ns('a'), pod('a', 'web', { app: 'web' }), pod('a', 'db', { app: 'db' })];

describe('policy dialects: what is not modelled is said, not silently dropped', () => {
  it('records warnings for unsupported Cilium, Calico and ANP fields', () => {
    const model = buildReachabilityModel(
      snapshotOf([
        ...cluster,
        cnp('a', 'fqdn', { endpointSelector: {}, egress: [{ toFQDNs: [{ matchName: 'example.com' }] }, { toEntities: ['kube-apiserver'] }] }),
        calico('a', 'tiered', { tier: 'security', order: 1, selector: "app == 'db' &&", ingress: [{ action: 'Allow', protocol: 'ICMP' }] }),
        anp('nodes', 1, { subject: { namespaces: {} }, egress: [{ action: 'Allow', to: [{ nodes: {} }] }] }),
        anp('old-shape', 2, { subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: { sameLabels: ['tenant'] } }] }] }),
        netpol('a', 'bad', { podSelector: { matchExpressions: [{ key: 'x', operator: 'In' }] }, ingress: [{ from: [{}] }] }),
        netpol('a', 'ports', { podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 90 }, { port: 90, endPort: 80 }, { protocol: 'ICMP' }] }] }),
      ]),
    );
    const warnings = connectivitySummary(model).warnings.join('\n');
    expect(warnings).toContain('CiliumNetworkPolicy a/fqdn: spec.egress[0].toFQDNs is not modelled');
    expect(warnings).toContain('entity "kube-apiserver" is not modelled');
    expect(warnings).toContain('CalicoNetworkPolicy a/tiered: tier "security" is merged into one ordering');
    expect(warnings).toMatch(/CalicoNetworkPolicy a\/tiered: spec\.selector: Calico selector "app == 'db' &&"/);
    expect(warnings).toContain('AdminNetworkPolicy nodes: spec.egress[0].to[0].nodes: node peers are not modelled');
    expect(warnings).toContain('AdminNetworkPolicy old-shape: spec.ingress[0].from[0].namespaces: unsupported field(s) sameLabels; the selector matches nothing');
    expect(warnings).toContain('NetworkPolicy a/bad: spec.podSelector.matchExpressions[0]: operator In needs a non-empty values list');
    expect(warnings).toContain('NetworkPolicy a/bad: spec.ingress[0].from[0] has no podSelector, namespaceSelector or ipBlock');
    expect(warnings).toContain('NetworkPolicy a/ports: spec.ingress[0].ports[0].endPort needs a numeric port');
    expect(warnings).toContain('NetworkPolicy a/ports: spec.ingress[0].ports[1].endPort 80 is below port 90');
    expect(warnings).toContain('NetworkPolicy a/ports: spec.ingress[0].ports[2].protocol "ICMP" is not TCP, UDP or SCTP');
  });

  it('a Cilium-only cluster is protected, not reported as open', () => {
    const model = buildReachabilityModel(snapshotOf([...cluster, cnp('a', 'lockdown', { endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }], egress: [{ toEndpoints: [{}] }] })]));
    const summary = connectivitySummary(model);
    expect(summary.unprotected).toEqual({ ingress: 0, egress: 0 });
    expect(connectivity(model).map((c) => `${peerKey(c.src)} => ${peerKey(c.dst)} : ${c.conns.toString()}`)).toEqual(['a/web[Pod] => a/db[Pod] : All Connections']);
  });
});

describe('malformed policies', () => {
  it('are ignored with a reason, like the API server would reject them; never fatal', () => {
    const model = buildReachabilityModel(
      snapshotOf([
        ...cluster,
        netpol('a', 'ingress-not-list', { podSelector: {}, ingress: { from: [] } }),
        netpol('a', 'from-not-list', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: { podSelector: {} } }] }),
        anp('broken', 1, { subject: { namespaces: {} }, ingress: 'nope' }),
      ]),
    );
    const warnings = connectivitySummary(model).warnings.join('\n');
    expect(warnings).toContain('NetworkPolicy a/ingress-not-list: the policy could not be read (spec.ingress must be a list of rules); it is ignored (the API server would reject it)');
    expect(warnings).toContain('NetworkPolicy a/from-not-list: the policy could not be read (spec.egress[0].to must be a list of peers)');
    expect(warnings).toMatch(/AdminNetworkPolicy broken: the policy could not be read \(.*\); it is ignored/);
    expect(connectivity(model).filter((c) => c.src.type === 'workload' && c.dst.type === 'workload').map((c) => `${peerKey(c.src)} => ${peerKey(c.dst)} : ${c.conns.toString()}`)).toEqual([
      'a/db[Pod] => a/web[Pod] : All Connections',
      'a/web[Pod] => a/db[Pod] : All Connections',
    ]);
  });
});

describe('address families', () => {
  it('adds IPv6 external ranges only when the snapshot mentions IPv6', () => {
    const v4 = buildReachabilityModel(snapshotOf(cluster));
    expect(v4.families).toEqual([4]);
    const v6 = buildReachabilityModel(snapshotOf([...cluster, netpol('a', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '2001:db8::/64' } }] }] })]));
    expect(v6.families).toEqual([4, 6]);
    const lines = connectivity(v6).map((c) => `${peerKey(c.src)} => ${peerKey(c.dst)} : ${c.conns.toString()}`);
    expect(lines).toContain('2001:db8::-2001:db8::ffff:ffff:ffff:ffff[External] => a/db[Pod] : All Connections');
    expect(lines).toContain('a/db[Pod] => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections');
    expect(buildReachabilityModel(snapshotOf(cluster, { network: { podCidrs: ['fd00::/48'] } })).families).toEqual([4, 6]);
  });

  it('leaves the pod and service CIDRs out of the external space', () => {
    const model = buildReachabilityModel(snapshotOf(cluster, { network: { podCidrs: ['10.64.0.0/10'], serviceCidrs: ['10.96.0.0/12'] } }));
    const lines = connectivity(model).filter((c) => c.src.type === 'external').map((c) => peerKey(c.src));
    expect(lines).toEqual(['0.0.0.0-10.63.255.255[External]', '0.0.0.0-10.63.255.255[External]', '10.128.0.0-255.255.255.255[External]', '10.128.0.0-255.255.255.255[External]']);
  });
});
