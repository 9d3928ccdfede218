/** Transport protocols NetworkPolicy can name, in the order connections are printed. */
export const protocols = ['SCTP', 'TCP', 'UDP'] as const;
export type Protocol = (typeof protocols)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Sorted, disjoint, non-adjacent inclusive port intervals, flattened as [lo1, hi1, lo2, hi2, …]. */
export type PortIntervals = readonly number[];

const fullRange: PortIntervals = [MIN_PORT, MAX_PORT];
const none: PortIntervals = [];

function normalize(pairs: [number, number][]): PortIntervals {
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last >= 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function unionIntervals(a: PortIntervals, b: PortIntervals): PortIntervals {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i]!, a[i + 1]!]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i]!, b[i + 1]!]);
  return normalize(pairs);
}

function intersectIntervals(a: PortIntervals, b: PortIntervals): PortIntervals {
  if (a.length === 0 || b.length === 0) return none;
  if (a === fullRange || isFull(a)) return b;
  if (b === fullRange || isFull(b)) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

function subtractIntervals(a: PortIntervals, b: PortIntervals): PortIntervals {
  if (a.length === 0 || b.length === 0) return a;
  if (isFull(b)) return none;
  const out: number[] = [];
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    for (let j = 0; j < b.length && lo <= hi; j += 2) {
      const blo = b[j]!;
      const bhi = b[j + 1]!;
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push(lo, blo - 1);
      lo = bhi + 1;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

function isFull(a: PortIntervals): boolean {
  return a.length === 2 && a[0] === MIN_PORT && a[1] === MAX_PORT;
}

function sameIntervals(a: PortIntervals, b: PortIntervals): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An immutable set of (protocol, port) pairs: ports 1–65535 as interval sets per protocol.
 * `ConnSet.all` is every protocol on every port, `ConnSet.none` is nothing.
 */
export class ConnSet {
  static readonly all = new ConnSet(fullRange, fullRange, fullRange);
  static readonly none = new ConnSet(none, none, none);

  private constructor(
    readonly sctp: PortIntervals,
    readonly tcp: PortIntervals,
    readonly udp: PortIntervals,
  ) {}

  /** Ports `from`–`to` (inclusive) of one protocol; `to` defaults to `from`. */
  static ports(protocol: Protocol, from: number, to = from): ConnSet {
    if (from > to) return ConnSet.none;
    return ConnSet.of({ [protocol]: [Math.max(from, MIN_PORT), Math.min(to, MAX_PORT)] });
  }

  /** Every port of one protocol. */
  static protocol(protocol: Protocol): ConnSet {
    return ConnSet.of({ [protocol]: fullRange });
  }

  /** Builds from interval lists keyed by protocol (intervals need not be sorted). */
  static of(byProtocol: Partial<Record<Protocol, readonly number[]>>): ConnSet {
    const build = (p: Protocol): PortIntervals => {
      const raw = byProtocol[p];
      if (!raw || raw.length === 0) return none;
      const pairs: [number, number][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const lo = Math.max(raw[i]!, MIN_PORT);
        const hi = Math.min(raw[i + 1]!, MAX_PORT);
        if (lo <= hi) pairs.push([lo, hi]);
      }
      const out = normalize(pairs);
      return isFull(out) ? fullRange : out;
    };
    return ConnSet.make(build('SCTP'), build('TCP'), build('UDP'));
  }

  private static make(sctp: PortIntervals, tcp: PortIntervals, udp: PortIntervals): ConnSet {
    if (sctp.length === 0 && tcp.length === 0 && udp.length === 0) return ConnSet.none;
    if (isFull(sctp) && isFull(tcp) && isFull(udp)) return ConnSet.all;
    return new ConnSet(sctp, tcp, udp);
  }

  get isEmpty(): boolean {
    return this === ConnSet.none;
  }

  get isAll(): boolean {
    return this === ConnSet.all;
  }

  intervals(protocol: Protocol): PortIntervals {
    return protocol === 'TCP' ? this.tcp : protocol === 'UDP' ? this.udp : this.sctp;
  }

  union(other: ConnSet): ConnSet {
    if (this.isAll || other.isEmpty) return this;
    if (other.isAll || this.isEmpty) return other;
    return ConnSet.make(unionIntervals(this.sctp, other.sctp), unionIntervals(this.tcp, other.tcp), unionIntervals(this.udp, other.udp));
  }

  intersect(other: ConnSet): ConnSet {
    if (this.isAll || other.isEmpty) return other;
    if (other.isAll || this.isEmpty) return this;
    return ConnSet.make(intersectIntervals(this.sctp, other.sctp), intersectIntervals(this.tcp, other.tcp), intersectIntervals(this.udp, other.udp));
  }

  subtract(other: ConnSet): ConnSet {
    if (other.isEmpty || this.isEmpty) return this;
    if (other.isAll) return ConnSet.none;
    return ConnSet.make(subtractIntervals(this.sctp, other.sctp), subtractIntervals(this.tcp, other.tcp), subtractIntervals(this.udp, other.udp));
  }

  equals(other: ConnSet): boolean {
    return this === other || (sameIntervals(this.sctp, other.sctp) && sameIntervals(this.tcp, other.tcp) && sameIntervals(this.udp, other.udp));
  }

  contains(protocol: Protocol, port: number): boolean {
    const list = this.intervals(protocol);
    for (let i = 0; i < list.length; i += 2) if (port >= list[i]! && port <= list[i + 1]!) return true;
    return false;
  }

  /** `All Connections`, `No Connections` or e.g. `TCP 80,443,UDP 53` (the netpol-analyzer spelling). */
  toString(): string {
    if (this.isAll) return 'All Connections';
    if (this.isEmpty) return 'No Connections';
    const parts: string[] = [];
    for (const p of protocols) {
      const list = this.intervals(p);
      if (list.length === 0) continue;
      const ranges: string[] = [];
      for (let i = 0; i < list.length; i += 2) ranges.push(list[i] === list[i + 1] ? `${list[i]}` : `${list[i]}-${list[i + 1]}`);
      parts.push(`${p} ${ranges.join(',')}`);
    }
    return parts.join(',');
  }

  /** Plain-data form for JSON output: `{ all: true }` or intervals per protocol. */
  toJSON(): { all: true } | { protocols: Partial<Record<Protocol, [number, number][]>> } {
    if (this.isAll) return { all: true };
    const out: Partial<Record<Protocol, [number, number][]>> = {};
    for (const p of protocols) {
      const list = this.intervals(p);
      if (list.length === 0) continue;
      const pairs: [number, number][] = [];
      for (let i = 0; i < list.length; i += 2) pairs.push([list[i]!, list[i + 1]!]);
      out[p] = pairs;
    }
    return { protocols: out };
  }

  /** Parses the `toString` spelling back (also accepts `;` between protocols). */
  static parse(text: string): ConnSet {
    const trimmed = text.trim();
    if (trimmed === 'All Connections') return ConnSet.all;
    if (trimmed === 'No Connections' || trimmed === '') return ConnSet.none;
    const byProtocol: Partial<Record<Protocol, number[]>> = {};
    let current: Protocol | undefined;
    for (const token of trimmed.split(/[,;]/)) {
      let item = token.trim();
      const m = /^(TCP|UDP|SCTP)\s+(.*)$/i.exec(item);
      if (m) {
        current = m[1]!.toUpperCase() as Protocol;
        item = m[2]!.trim();
      }
      if (!current) throw new Error(`connection "${text}": "${token}" has no protocol before it (expected e.g. "TCP 80,443,UDP 53")`);
      const range = /^(\d+)(?:-(\d+))?$/.exec(item);
      if (!range) throw new Error(`connection "${text}": "${item}" is not a port or port range`);
      (byProtocol[current] ??= []).push(Number(range[1]), Number(range[2] ?? range[1]));
    }
    return ConnSet.of(byProtocol);
  }
}
