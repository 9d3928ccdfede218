import { describe, expect, it } from 'vitest';
import { parseCalicoSelector } from '../../src/netpol/calico-selector.js';
import { ConnSet } from '../../src/netpol/conn-set.js';
import { IpSet, formatRange, parseCidr, splitAddressSpace } from '../../src/netpol/ip-range.js';
import { isEmptySelector, labelSelectorProblems, matchesLabelSelector, selectorKey } from '../../src/netpol/label-selector.js';
import { effectivePolicyTypes } from '../../src/netpol/policy-types.js';
import { connsOfPort, connsOfPorts, namedPortsOfPodSpec } from '../../src/netpol/ports.js';

describe('ConnSet', () => {
  it('prints like netpol-analyzer and parses back', () => {
    const c = ConnSet.ports('UDP', 53).union(ConnSet.ports('TCP', 443)).union(ConnSet.ports('TCP', 80)).union(ConnSet.ports('SCTP', 10, 12));
    expect(c.toString()).toBe('SCTP 10-12,TCP 80,443,UDP 53');
    expect(ConnSet.parse(c.toString()).equals(c)).toBe(true);
    expect(ConnSet.parse('TCP 80,443;UDP 53').toString()).toBe('TCP 80,443,UDP 53');
    expect(ConnSet.all.toString()).toBe('All Connections');
    expect(ConnSet.none.toString()).toBe('No Connections');
  });
  it('merges adjacent ranges and becomes ALL when complete', () => {
    const tcp = ConnSet.ports('TCP', 1, 100).union(ConnSet.ports('TCP', 101, 65535));
    expect(tcp.toString()).toBe('TCP 1-65535');
    expect(tcp.union(ConnSet.protocol('UDP')).union(ConnSet.protocol('SCTP')).isAll).toBe(true);
  });
  it('intersects and subtracts', () => {
    const a = ConnSet.ports('TCP', 1, 1000);
    expect(a.intersect(ConnSet.ports('TCP', 500, 2000)).toString()).toBe('TCP 500-1000');
    expect(a.subtract(ConnSet.ports('TCP', 22)).toString()).toBe('TCP 1-21,23-1000');
    expect(ConnSet.all.subtract(ConnSet.ports('UDP', 53)).toString()).toBe('SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535');
    expect(a.subtract(a).isEmpty).toBe(true);
    expect(a.contains('TCP', 1000)).toBe(true);
    expect(a.contains('UDP', 10)).toBe(false);
  });
  it('rejects malformed text with the offending part', () => {
    expect(() => ConnSet.parse('80')).toThrow(/no protocol/);
    expect(() => ConnSet.parse('TCP eighty')).toThrow(/"eighty"/);
  });
});

describe('IP ranges', () => {
  it('parses IPv4 and IPv6 CIDRs, normalizing host bits', () => {
    expect(formatRange(parseCidr('10.1.2.3/8'))).toBe('10.0.0.0-10.255.255.255');
    expect(formatRange(parseCidr('2001:db8::/32'))).toBe('2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(() => parseCidr('10.0.0.0/33')).toThrow(/not a valid CIDR/);
  });
  it('subtracts except blocks', () => {
    const s = IpSet.fromIpBlock('10.0.0.0/8', ['10.1.0.0/16', '10.255.0.0/16']);
    expect(s.toString()).toBe('10.0.0.0-10.0.255.255,10.2.0.0-10.254.255.255');
    expect(s.covers(parseCidr('10.1.2.0/24'))).toBe(false);
    expect(s.covers(parseCidr('10.3.0.0/16'))).toBe(true);
  });
  it('splits the address space at every boundary into disjoint blocks', () => {
    const blocks = splitAddressSpace([IpSet.fromIpBlock('10.0.0.0/8', ['10.1.0.0/16']), IpSet.fromIpBlock('0.0.0.0/0')], [4]);
    expect(blocks.map(formatRange)).toEqual(['0.0.0.0-9.255.255.255', '10.0.0.0-10.0.255.255', '10.1.0.0-10.1.255.255', '10.2.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']);
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  it('implements matchLabels and every operator', () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'db' } }, labels)).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'x'] }] }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'missing', operator: 'In', values: ['x'] }] }, labels)).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });
  it('tells empty from absent and reports invalid selectors', () => {
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector(undefined)).toBe(false);
    expect(labelSelectorProblems({ matchExpressions: [{ key: 'a', operator: 'In' }] }, 'spec.podSelector')).toEqual(['spec.podSelector.matchExpressions[0]: operator In needs a non-empty values list']);
    expect(labelSelectorProblems({ matchExpressions: [{ key: 'a', operator: 'Equals' }] }, 'x')[0]).toMatch(/must be one of In, NotIn, Exists, DoesNotExist/);
    expect(selectorKey({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'Exists' }] })).toBe('a=1,b=2,c');
  });
});

describe('ports and policy types', () => {
  const named = namedPortsOfPodSpec({ containers: [{ ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }] });
  it('resolves named ports per protocol', () => {
    expect(connsOfPort({ port: 'http' }, named).toString()).toBe('TCP 8080');
    expect(connsOfPort({ port: 'dns' }, named).toString()).toBe('No Connections');
    expect(connsOfPort({ port: 'dns', protocol: 'UDP' }, named).toString()).toBe('UDP 53');
    expect(connsOfPort({ port: 'dns', protocol: 'ANY' }, named).toString()).toBe('UDP 53');
  });
  it('handles ranges, protocols without port and empty lists', () => {
    expect(connsOfPort({ port: 8000, endPort: 8100 }, undefined).toString()).toBe('TCP 8000-8100');
    expect(connsOfPort({ protocol: 'SCTP' }, undefined).toString()).toBe('SCTP 1-65535');
    expect(connsOfPort({ protocol: 'ICMP', port: 1 }, undefined).isEmpty).toBe(true);
    expect(connsOfPorts([], undefined).isAll).toBe(true);
    expect(connsOfPorts(undefined, undefined).isAll).toBe(true);
  });
  it('defaults policyTypes like the API server', () => {
    expect([...effectivePolicyTypes({})]).toEqual(['ingress']);
    expect([...effectivePolicyTypes({ egress: [] })]).toEqual(['ingress', 'egress']);
    expect([...effectivePolicyTypes({ policyTypes: ['Egress'] })]).toEqual(['egress']);
  });
});

describe('Calico selectors', () => {
  it('evaluates the selector language', () => {
    const l = { app: 'db', role: 'primary', env: 'prod-eu' };
    const yes = ["app == 'db'", "app == 'db' && role != 'replica'", "has(role)", "!has(x)", "app in {'db', 'cache'}", "app not in {'web'}", "env starts with 'prod'", "env ends with 'eu'", "env contains 'd-e'", "(app == 'x' || role == 'primary') && all()", 'all()', ''];
    expect(parseCalicoSelector('global()')(l)).toBe(false);
    const no = ["app == 'web'", "has(x)", "app in {'web'}", "!(app == 'db')", "missing == 'a'"];
    for (const s of yes) expect(parseCalicoSelector(s)(l), s).toBe(true);
    for (const s of no) expect(parseCalicoSelector(s)(l), s).toBe(false);
    expect(parseCalicoSelector("missing != 'a'")(l)).toBe(true);
  });
  it('reports syntax errors with a position', () => {
    expect(() => parseCalicoSelector("app == db")).toThrow(/expected a quoted value at position/);
    expect(() => parseCalicoSelector("app == 'db' &&")).toThrow(/Calico selector/);
  });
});
