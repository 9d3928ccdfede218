import type { K8sObject } from '../../src/snapshot/snapshot.js';
import { anp, banp, calico, cnp, netpol, ns, pod } from './helpers/objects.js';

/** One semantic case: objects added to the base cluster, and expected connections (`src => dst : conn`). */
export interface SemanticCase {
  name: string;
  objects: K8sObject[];
  /** Replaces the base cluster instead of extending it. */
  replaceBase?: boolean;
  hostNetworkPods?: 'node' | 'pod';
  /** `a/web => b/db : TCP 5432`; ends are `namespace/name` (pods) or IP addresses; conn as printed by ConnSet. */
  expect: string[];
}

/** Namespaces a (team=a, env=prod) and b (team=b, env=dev); pods a/web, a/api, b/web, b/db. */
export const base: K8sObject[] = [
  ns('a', { team: 'a', env: 'prod' }),
  ns('b', { team: 'b', env: 'dev' }),
  pod('a', 'web', { app: 'web', tier: 'front' }, [{ name: 'http', containerPort: 8080 }]),
  pod('a', 'api', { app: 'api', tier: 'back' }, [{ name: 'http', containerPort: 9090 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }]),
  pod('b', 'web', { app: 'web' }, [{ name: 'http', containerPort: 80 }]),
  pod('b', 'db', { app: 'db', tier: 'back' }, [{ name: 'pg', containerPort: 5432 }]),
];

const denyAllIngress = (n: string): K8sObject => netpol(n, 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] });
const denyAllEgress = (n: string): K8sObject => netpol(n, 'deny-out', { podSelector: {}, policyTypes: ['Egress'] });
const allowIn = (n: string, name: string, podSelector: object, rule: object): K8sObject => netpol(n, name, { podSelector, ingress: [rule] });

export const semanticCases: SemanticCase[] = [
  // --- isolation and policyTypes
  { name: 'no policies: everything open', objects: [], expect: ['a/web => b/db : All Connections', 'b/db => a/web : All Connections', '8.8.8.8 => a/web : All Connections', 'a/web => 8.8.8.8 : All Connections'] },
  { name: 'default-deny ingress isolates every pod of its namespace', objects: [denyAllIngress('b')], expect: ['a/web => b/db : No Connections', 'a/web => b/web : No Connections', 'b/web => b/db : No Connections', '8.8.8.8 => b/db : No Connections'] },
  { name: 'ingress isolation leaves egress open', objects: [denyAllIngress('b')], expect: ['b/db => a/web : All Connections', 'b/db => 8.8.8.8 : All Connections'] },
  { name: 'ingress isolation leaves other namespaces open', objects: [denyAllIngress('b')], expect: ['a/web => a/api : All Connections', 'b/db => a/api : All Connections'] },
  { name: 'policyTypes Egress without rules denies all egress', objects: [denyAllEgress('a')], expect: ['a/web => b/db : No Connections', 'a/web => 8.8.8.8 : No Connections', 'b/db => a/web : All Connections'] },
  { name: 'policyTypes default: an egress section makes the policy isolate egress', objects: [netpol('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, egress: [] })], expect: ['a/web => b/db : No Connections', 'b/db => a/web : No Connections', 'a/api => b/db : All Connections'] },
  { name: 'policyTypes default without egress: ingress only', objects: [netpol('a', 'p', { podSelector: { matchLabels: { app: 'web' } } })], expect: ['a/web => b/db : All Connections', 'b/db => a/web : No Connections'] },
  { name: 'explicit policyTypes Ingress ignores the egress section', objects: [netpol('a', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}], egress: [] })], expect: ['a/web => b/db : All Connections', 'b/db => a/web : All Connections'] },
  { name: 'policyTypes [Ingress, Egress] with no rules isolates both ways', objects: [netpol('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress', 'Egress'] })], expect: ['a/web => a/api : No Connections', 'a/api => a/web : No Connections', 'a/api => b/db : All Connections'] },
  { name: 'a policy selecting other pods leaves unselected pods open', objects: [allowIn('b', 'db-only', { matchLabels: { app: 'db' } }, {})], expect: ['a/web => b/web : All Connections'] },

  // --- empty vs absent from/to
  { name: 'ingress rule {} (no from, no ports) allows everything', objects: [netpol('b', 'p', { podSelector: {}, ingress: [{}] })], expect: ['a/web => b/db : All Connections', '8.8.8.8 => b/db : All Connections'] },
  { name: 'ingress: [] allows nothing', objects: [netpol('b', 'p', { podSelector: {}, ingress: [] })], expect: ['a/web => b/db : No Connections'] },
  { name: 'from: [] (empty list) means every source', objects: [netpol('b', 'p', { podSelector: {}, ingress: [{ from: [], ports: [{ port: 5432 }] }] })], expect: ['a/web => b/db : TCP 5432', '8.8.8.8 => b/db : TCP 5432'] },
  { name: 'egress rule without to allows every destination on its ports', objects: [netpol('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })], expect: ['a/web => b/db : UDP 53', 'a/web => 8.8.8.8 : UDP 53'] },

  // --- peers
  { name: 'podSelector peer is limited to the policy namespace', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ podSelector: { matchLabels: { app: 'web' } } }] })], expect: ['b/web => b/db : All Connections', 'a/web => b/db : No Connections'] },
  { name: 'namespaceSelector peer admits every pod of matching namespaces', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] })], expect: ['a/web => b/db : All Connections', 'a/api => b/db : All Connections', 'b/web => b/db : No Connections'] },
  { name: 'podSelector and namespaceSelector in one peer are ANDed', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'api' } } }] })], expect: ['a/api => b/db : All Connections', 'a/web => b/db : No Connections', 'b/web => b/db : No Connections'] },
  { name: 'separate peers are ORed', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }, { podSelector: { matchLabels: { app: 'web' } } }] })], expect: ['a/api => b/db : All Connections', 'b/web => b/db : All Connections'] },
  { name: 'namespaceSelector {} with podSelector matches that label in every namespace', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] })], expect: ['a/web => b/db : All Connections', 'b/web => b/db : All Connections', 'a/api => b/db : No Connections'] },
  { name: 'podSelector {} peer means every pod of the policy namespace', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ podSelector: {} }] })], expect: ['b/web => b/db : All Connections', 'a/web => b/db : No Connections', '8.8.8.8 => b/db : No Connections'] },
  { name: 'namespaceSelector {} alone means every pod in the cluster, no external', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {} }] })], expect: ['a/web => b/db : All Connections', '8.8.8.8 => b/db : No Connections'] },
  { name: 'kubernetes.io/metadata.name is set on every namespace', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }] })], expect: ['a/web => b/db : All Connections', 'b/web => b/db : No Connections'] },
  { name: 'namespace labels are read from the Namespace object', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: { matchLabels: { env: 'dev' } } }] })], expect: ['b/web => b/db : All Connections', 'a/web => b/db : No Connections'] },

  // --- matchExpressions
  { name: 'matchExpressions In', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'x'] }] } }] })], expect: ['a/api => b/db : All Connections', 'a/web => b/db : No Connections'] },
  { name: 'matchExpressions NotIn also matches pods without the label', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] } }] })], expect: ['a/api => b/db : All Connections', 'b/web => b/db : All Connections', 'a/web => b/db : No Connections'] },
  { name: 'matchExpressions Exists', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }] })], expect: ['a/web => b/db : All Connections', 'a/api => b/db : All Connections', 'b/web => b/db : No Connections'] },
  { name: 'matchExpressions DoesNotExist', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }] })], expect: ['b/web => b/db : All Connections', 'a/web => b/db : No Connections'] },
  { name: 'matchLabels and matchExpressions are ANDed', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { tier: 'back' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] } }] })], expect: ['a/api => b/db : All Connections', 'a/web => b/db : No Connections'] },
  { name: 'matchExpressions on the policy podSelector', objects: [netpol('a', 'p', { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, policyTypes: ['Ingress'] })], expect: ['b/db => a/web : No Connections', 'b/db => a/api : All Connections'] },
  { name: 'matchExpressions on namespaceSelector', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } }] })], expect: ['a/web => b/db : All Connections', 'b/web => b/db : No Connections'] },

  // --- ports
  { name: 'numeric port defaults to TCP', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ port: 5432 }] })], expect: ['a/web => b/db : TCP 5432'] },
  { name: 'UDP port', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ port: 53, protocol: 'UDP' }] })], expect: ['a/web => b/db : UDP 53'] },
  { name: 'SCTP port', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ port: 9000, protocol: 'SCTP' }] })], expect: ['a/web => b/db : SCTP 9000'] },
  { name: 'protocol without port means every port of it', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ protocol: 'UDP' }] })], expect: ['a/web => b/db : UDP 1-65535'] },
  { name: 'endPort makes a range', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ port: 8000, endPort: 8080 }] })], expect: ['a/web => b/db : TCP 8000-8080'] },
  { name: 'several ports and protocols', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ port: 443 }, { port: 80 }, { port: 53, protocol: 'UDP' }] })], expect: ['a/web => b/db : TCP 80,443,UDP 53'] },
  { name: 'named port resolves against the destination container port', objects: [allowIn('b', 'p', {}, { ports: [{ port: 'http' }] })], expect: ['a/web => b/web : TCP 80', 'a/web => b/db : No Connections'] },
  { name: 'named port resolves per destination', objects: [netpol('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] })], expect: ['b/db => a/web : TCP 8080', 'b/db => a/api : TCP 9090'] },
  { name: 'named port needs the same protocol', objects: [netpol('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'dns', protocol: 'TCP' }, { port: 'dns', protocol: 'UDP' }] }] })], expect: ['b/db => a/api : UDP 53', 'b/db => a/web : No Connections'] },
  { name: 'egress named port resolves against the destination pod', objects: [netpol('b', 'p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'pg' }] }] })], expect: ['b/web => b/db : TCP 5432', 'b/web => a/web : No Connections', 'b/web => 8.8.8.8 : No Connections'] },
  { name: 'egress ∩ ingress: both sides must allow the port', objects: [netpol('a', 'out', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }, { port: 6379 }] }] }), allowIn('b', 'in', { matchLabels: { app: 'db' } }, { ports: [{ port: 5432 }, { port: 5433 }] })], expect: ['a/api => b/db : TCP 5432', 'a/api => b/web : TCP 5432,6379'] },
  { name: 'rules of one policy are ORed', objects: [netpol('b', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 80 }] }, { from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }], ports: [{ port: 5432 }] }] })], expect: ['b/web => b/db : TCP 80', 'a/web => b/db : TCP 5432'] },
  { name: 'policies selecting the same pod are unioned', objects: [allowIn('b', 'p1', { matchLabels: { app: 'db' } }, { ports: [{ port: 5432 }] }), allowIn('b', 'p2', { matchLabels: { app: 'db' } }, { from: [{ podSelector: {} }] })], expect: ['a/web => b/db : TCP 5432', 'b/web => b/db : All Connections'] },
  { name: 'default deny plus an allow rule', objects: [denyAllIngress('b'), allowIn('b', 'allow-db', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] })], expect: ['a/api => b/db : TCP 5432', 'a/web => b/db : No Connections', 'a/api => b/web : No Connections'] },
  { name: 'a policy in another namespace does not isolate', objects: [netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })], expect: ['a/web => b/db : All Connections'] },

  // --- ipBlock
  { name: 'ipBlock admits external addresses', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] })], expect: ['10.1.2.3 => b/db : All Connections', '8.8.8.8 => b/db : No Connections'] },
  { name: 'ipBlock except carves out addresses', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] })], expect: ['10.2.0.1 => b/db : All Connections', '10.1.2.3 => b/db : No Connections'] },
  { name: 'ipBlock does not match pods', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })], expect: ['a/web => b/db : No Connections', '1.1.1.1 => b/db : All Connections'] },
  { name: 'IPv6 ipBlock', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ port: 5432 }] })], expect: ['2001:db8::1 => b/db : TCP 5432', '2001:db9::1 => b/db : No Connections', '8.8.8.8 => b/db : No Connections'] },
  { name: 'egress ipBlock with ports', objects: [netpol('a', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '8.8.8.0/24' } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }] })], expect: ['a/web => 8.8.8.8 : TCP 53,UDP 53', 'a/web => 1.1.1.1 : No Connections', 'a/web => b/db : No Connections'] },
  { name: 'ipBlock in the same rule as pod peers', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ ipBlock: { cidr: '192.168.0.0/16' } }, { podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] })], expect: ['192.168.1.1 => b/db : TCP 5432', 'b/web => b/db : TCP 5432', 'a/web => b/db : No Connections'] },

  // --- host network
  { name: 'host-network pods are neither isolated nor matched by selectors (node mode)', objects: [pod('a', 'agent', { app: 'agent' }, [], { hostNetwork: true }), denyAllIngress('a'), allowIn('b', 'p', { matchLabels: { app: 'db' } }, { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'agent' } } }] })], expect: ['b/db => a/agent : All Connections', 'a/agent => b/db : No Connections'] },
  { name: 'host-network pods reach pods whose rules admit everyone', objects: [pod('a', 'agent', { app: 'agent' }, [], { hostNetwork: true }), allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ port: 5432 }] })], expect: ['a/agent => b/db : TCP 5432'] },
  { name: 'host-network pods treated as pods when asked (pod mode)', hostNetworkPods: 'pod', objects: [pod('a', 'agent', { app: 'agent' }, [], { hostNetwork: true }), denyAllIngress('a')], expect: ['b/db => a/agent : No Connections'] },

  // --- AdminNetworkPolicy / BaselineAdminNetworkPolicy
  { name: 'ANP Deny overrides a NetworkPolicy allow', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, {}), anp('deny-a', 10, { subject: { namespaces: { matchLabels: { team: 'b' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { team: 'a' } } }] }] })], expect: ['a/web => b/db : No Connections', 'b/web => b/db : All Connections'] },
  { name: 'ANP Allow overrides a NetworkPolicy deny', objects: [denyAllIngress('b'), anp('allow-mon', 10, { subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ pods: { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'api' } } } }], ports: [{ portNumber: { protocol: 'TCP', port: 9100 } }] }] })], expect: ['a/api => b/db : TCP 9100', 'a/web => b/db : No Connections'] },
  { name: 'ANP Pass defers to NetworkPolicy', objects: [denyAllIngress('b'), anp('pass', 10, { subject: { namespaces: {} }, ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }] }), anp('allow', 20, { subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }] }] })], expect: ['a/web => b/db : No Connections', 'b/db => a/web : All Connections'] },
  { name: 'ANP lower priority number wins', objects: [anp('allow', 5, { subject: { namespaces: { matchLabels: { team: 'b' } } }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { port: 5432, protocol: 'TCP' } }] }] }), anp('deny', 6, { subject: { namespaces: { matchLabels: { team: 'b' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] })], expect: ['a/web => b/db : TCP 5432'] },
  { name: 'ANP rules are evaluated in order within a policy', objects: [anp('p', 5, { subject: { namespaces: { matchLabels: { team: 'b' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }], ports: [{ portNumber: { port: 22, protocol: 'TCP' } }] }, { action: 'Allow', from: [{ namespaces: {} }] }] }), denyAllIngress('b')], expect: ['a/web => b/db : SCTP 1-65535,TCP 1-21,23-65535,UDP 1-65535'] },
  { name: 'BANP applies when no NetworkPolicy isolates', objects: [banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] }] })], expect: ['b/web => a/web : No Connections', 'a/api => a/web : All Connections'] },
  { name: 'NetworkPolicy overrides BANP', objects: [banp({ subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }), allowIn('b', 'p', { matchLabels: { app: 'db' } }, { ports: [{ port: 5432 }] })], expect: ['a/web => b/db : TCP 5432', 'a/web => b/web : No Connections'] },
  { name: 'ANP Pass with no NetworkPolicy falls to BANP', objects: [anp('pass', 1, { subject: { namespaces: {} }, egress: [{ action: 'Pass', to: [{ namespaces: {} }] }] }), banp({ subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ namespaces: { matchLabels: { team: 'b' } } }] }] })], expect: ['a/web => b/db : No Connections', 'a/web => a/api : All Connections'] },
  { name: 'ANP egress networks peer', objects: [anp('dns', 1, { subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['8.8.8.8/32'] }], ports: [{ portNumber: { port: 53, protocol: 'UDP' } }] }] })], expect: ['a/web => 8.8.8.8 : SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535', 'a/web => 1.1.1.1 : All Connections'] },
  { name: 'ANP namedPort matches the container port name on its protocol', objects: [anp('p', 1, { subject: { namespaces: { matchLabels: { team: 'a' } } }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }], ports: [{ namedPort: 'dns' }] }, { action: 'Deny', from: [{ namespaces: {} }] }] })], expect: ['b/db => a/api : UDP 53', 'b/db => a/web : No Connections'] },
  { name: 'ANP older v1alpha1 shape namespaces.namespaceSelector is read', objects: [anp('old', 1, { subject: { namespaces: { matchLabels: { team: 'b' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: { namespaceSelector: { matchLabels: { team: 'a' } } } }, { pods: { namespaces: { namespaceSelector: { matchLabels: { team: 'b' } } }, podSelector: { matchLabels: { app: 'web' } } } }] }] })], expect: ['a/api => b/db : No Connections', 'b/web => b/db : No Connections', 'b/db => b/web : All Connections'] },
  { name: 'ANP pods subject narrows to pods', objects: [anp('p', 1, { subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] })], expect: ['a/web => b/db : No Connections', 'a/web => b/web : All Connections'] },

  // --- Cilium
  { name: 'Cilium policy isolates its endpoints and allows fromEndpoints in its namespace', objects: [cnp('b', 'db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }] })], expect: ['b/web => b/db : All Connections', 'a/web => b/db : No Connections'] },
  { name: 'Cilium selects other namespaces by io.kubernetes.pod.namespace', objects: [cnp('b', 'db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'a', app: 'api' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }] })], expect: ['a/api => b/db : TCP 5432', 'a/web => b/db : No Connections', 'b/web => b/db : No Connections'] },
  { name: 'Cilium ingressDeny wins over a NetworkPolicy allow', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, {}), cnp('b', 'deny', { endpointSelector: { matchLabels: { app: 'db' } }, ingressDeny: [{ fromEndpoints: [{ matchLabels: { 'io.kubernetes.pod.namespace': 'a' } }] }] })], expect: ['a/web => b/db : No Connections', 'b/web => b/db : All Connections'] },
  { name: 'Cilium fromEntities world admits external, not pods', objects: [cnp('b', 'db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEntities: ['world'] }] })], expect: ['8.8.8.8 => b/db : All Connections', 'a/web => b/db : No Connections'] },
  { name: 'Cilium toPorts with protocol ANY', objects: [cnp('a', 'web', { endpointSelector: {}, egress: [{ toEntities: ['cluster'], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }] }] })], expect: ['a/web => b/db : SCTP 53,TCP 53,UDP 53', 'a/web => 8.8.8.8 : No Connections'] },
  { name: 'CiliumClusterwideNetworkPolicy selects across namespaces', objects: [cnp(undefined, 'all-db', { endpointSelector: { matchLabels: { tier: 'back' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }] })], expect: ['b/web => b/db : All Connections', 'a/web => a/api : All Connections', 'b/web => a/api : All Connections', 'a/web => b/web : All Connections', '8.8.8.8 => a/api : No Connections'] },
  { name: 'Cilium enableDefaultDeny false keeps other traffic open', objects: [cnp('b', 'db', { endpointSelector: { matchLabels: { app: 'db' } }, enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }] })], expect: ['a/web => b/db : All Connections'] },
  { name: 'Cilium ingress [{}] denies everything', objects: [cnp('b', 'db', { endpointSelector: {}, ingress: [{}] })], expect: ['a/web => b/db : No Connections'] },

  // --- Calico
  { name: 'Calico policy with selector expression allows and isolates', objects: [calico('b', 'db', { selector: "app == 'db'", ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: "app in {'web', 'x'}" }, destination: { ports: [5432] } }] })], expect: ['b/web => b/db : TCP 5432', 'a/web => b/db : No Connections'] },
  { name: 'Calico Deny ordered before a NetworkPolicy allow wins', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, {}), calico('b', 'deny', { order: 100, selector: 'all()', ingress: [{ action: 'Deny', source: { namespaceSelector: "team == 'a'" } }] })], expect: ['a/web => b/db : No Connections', 'b/web => b/db : All Connections'] },
  { name: 'Calico Deny ordered after NetworkPolicy (order 1000) loses', objects: [allowIn('b', 'p', { matchLabels: { app: 'db' } }, {}), calico('b', 'deny', { order: 2000, selector: 'all()', ingress: [{ action: 'Deny', source: { namespaceSelector: "team == 'a'" } }] })], expect: ['a/web => b/db : All Connections', 'a/web => b/web : No Connections'] },
  { name: 'Calico GlobalNetworkPolicy with namespaceSelector and nets', objects: [calico(undefined, 'ext', { order: 10, namespaceSelector: "env == 'dev'", selector: 'all()', types: ['Ingress'], ingress: [{ action: 'Allow', source: { nets: ['10.0.0.0/8'] } }] })], expect: ['10.0.0.1 => b/db : All Connections', '8.8.8.8 => b/db : No Connections', '8.8.8.8 => a/web : All Connections'] },
  { name: 'Calico Pass skips to the next tier default', objects: [calico('b', 'pass', { order: 10, selector: 'all()', ingress: [{ action: 'Pass', source: { selector: "app == 'web'" } }, { action: 'Deny' }] })], expect: ['b/web => b/db : All Connections', 'a/api => b/db : No Connections'] },
  { name: 'Calico notPorts and notNets', objects: [calico('b', 'p', { order: 10, selector: "app == 'db'", ingress: [{ action: 'Allow', protocol: 'TCP', source: { nets: ['0.0.0.0/0'], notNets: ['10.0.0.0/8'] }, destination: { notPorts: [22] } }] })], expect: ['8.8.8.8 => b/db : TCP 1-21,23-65535', '10.1.1.1 => b/db : No Connections'] },

  // --- workloads
  {
    name: 'Deployment pods are reported as their Deployment (via ReplicaSet)',
    replaceBase: true,
    objects: [
      ns('w'),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'front', namespace: 'w' }, spec: { template: { metadata: { labels: { app: 'front' } }, spec: { containers: [] } } } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'front-abc', namespace: 'w', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'front', controller: true }] }, spec: {} },
      { ...pod('w', 'front-abc-1', { app: 'front' }), metadata: { name: 'front-abc-1', namespace: 'w', labels: { app: 'front' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'front-abc', controller: true }] } },
      pod('w', 'solo', { app: 'solo' }),
      netpol('w', 'p', { podSelector: { matchLabels: { app: 'solo' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'front' } } }] }] }),
    ],
    expect: ['w/front[Deployment] => w/solo : All Connections', '8.8.8.8 => w/solo : No Connections'],
  },
  {
    name: 'pods of one owner with different labels: the workload gets the union',
    replaceBase: true,
    objects: [
      ns('w'),
      { ...pod('w', 'x-1', { app: 'x', canary: 'yes' }), metadata: { name: 'x-1', namespace: 'w', labels: { app: 'x', canary: 'yes' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'x', controller: true }] } },
      { ...pod('w', 'x-2', { app: 'x' }), metadata: { name: 'x-2', namespace: 'w', labels: { app: 'x' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'x', controller: true }] } },
      pod('w', 'target', { app: 't' }),
      netpol('w', 'p', { podSelector: { matchLabels: { app: 't' } }, ingress: [{ from: [{ podSelector: { matchLabels: { canary: 'yes' } } }], ports: [{ port: 80 }] }] }),
    ],
    expect: ['w/x[StatefulSet] => w/target : TCP 80'],
  },
];
