import { ConnSet, type Protocol } from './conn-set.js';

/**
 * A `NetworkPolicyPort`: protocol defaults to TCP; `port` is a number, a named port, or absent (every port).
 * Protocol `ANY` with a name is an AdminNetworkPolicy `namedPort`, matched on whatever protocol the container declares.
 */
export interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

/** A container port a destination pod declares, looked up by named-port rules. */
export interface NamedPort {
  name: string;
  protocol: Protocol;
  port: number;
}

/** Normalizes a protocol field: absent means TCP; unknown protocols return undefined (they match nothing). */
export function protocolOf(value: unknown): Protocol | undefined {
  if (value === undefined || value === null || value === '') return 'TCP';
  const upper = String(value).toUpperCase();
  return upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? upper : undefined;
}

/** True when a port entry names a port (`http`) rather than a number; numeric strings count as numbers. */
export function isNamedPort(port: number | string | undefined): port is string {
  return typeof port === 'string' && !/^\d+$/.test(port);
}

/**
 * Connections one `ports` entry admits toward a destination with `namedPorts`:
 * number (+ `endPort` range), name resolved per protocol against the destination's container ports
 * (no such name: nothing), or no port (every port of the protocol).
 */
export function connsOfPort(entry: PolicyPort, namedPorts: readonly NamedPort[] | undefined): ConnSet {
  if (entry.protocol === 'ANY') {
    let out = ConnSet.none;
    for (const np of namedPorts ?? []) if (np.name === entry.port) out = out.union(ConnSet.ports(np.protocol, np.port));
    return out;
  }
  const protocol = protocolOf(entry.protocol);
  if (!protocol) return ConnSet.none;
  const port = entry.port;
  if (port === undefined || port === null) return ConnSet.protocol(protocol);
  if (isNamedPort(port)) {
    let out = ConnSet.none;
    for (const np of namedPorts ?? []) if (np.name === port && np.protocol === protocol) out = out.union(ConnSet.ports(protocol, np.port));
    return out;
  }
  const from = Number(port);
  const to = entry.endPort !== undefined && entry.endPort !== null ? Number(entry.endPort) : from;
  return ConnSet.ports(protocol, from, to);
}

/**
 * Connections a rule's `ports` list admits: absent or empty means every protocol on every port,
 * otherwise the union of its entries.
 */
export function connsOfPorts(ports: readonly PolicyPort[] | undefined, namedPorts: readonly NamedPort[] | undefined): ConnSet {
  if (!ports || ports.length === 0) return ConnSet.all;
  let out = ConnSet.none;
  for (const entry of ports) out = out.union(connsOfPort(entry, namedPorts));
  return out;
}

/** True when any entry of the list uses a named port (its meaning then depends on the destination pod). */
export function usesNamedPorts(ports: readonly PolicyPort[] | undefined): boolean {
  return (ports ?? []).some((p) => isNamedPort(p.port));
}

/** Container ports of a pod spec that carry a name, per protocol (what named-port rules resolve against). */
export function namedPortsOfPodSpec(spec: Record<string, unknown> | undefined): NamedPort[] {
  const out: NamedPort[] = [];
  for (const list of [spec?.['containers'], spec?.['initContainers']] as (unknown[] | undefined)[]) {
    for (const c of list ?? []) {
      for (const p of ((c as Record<string, unknown>)?.['ports'] as Record<string, unknown>[] | undefined) ?? []) {
        const protocol = protocolOf(p['protocol']);
        if (typeof p['name'] === 'string' && p['name'] !== '' && protocol && typeof p['containerPort'] === 'number') {
          out.push({ name: p['name'], protocol, port: p['containerPort'] });
        }
      }
    }
  }
  return sortedNamedPorts(out);
}

/** Named ports in (name, protocol, port) order; sorts `ports` in place only when it is out of order. */
export function sortedNamedPorts(ports: NamedPort[]): NamedPort[] {
  if (ports.length < 2) return ports;
  // Usually already in order: checking costs fewer (locale) comparisons than sorting.
  for (let i = 1; i < ports.length; i++) if (compareNamedPorts(ports[i - 1]!, ports[i]!) > 0) return ports.sort(compareNamedPorts);
  return ports;
}

function compareNamedPorts(a: NamedPort, b: NamedPort): number {
  return a.name.localeCompare(b.name) || a.protocol.localeCompare(b.protocol) || a.port - b.port;
}
