import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

/** An inclusive range of addresses of one family, as integers. */
export interface IpRange {
  family: IpFamily;
  lo: bigint;
  hi: bigint;
}

const maxOf = (family: IpFamily): bigint => (family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n);

/** The whole address space of one family. */
export function wholeSpace(family: IpFamily): IpRange {
  return { family, lo: 0n, hi: maxOf(family) };
}

function bytesToBigint(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; throws with the offending text. */
export function parseCidr(text: string): IpRange {
  const trimmed = text.trim();
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let bits: number;
  try {
    // ipaddr.parseCIDR tries IPv6 first and fails by throwing; text without a colon can only be IPv4, so that try is skipped.
    if (trimmed.includes('/')) [addr, bits] = trimmed.includes(':') ? ipaddr.parseCIDR(trimmed) : ipaddr.IPv4.parseCIDR(trimmed);
    else {
      addr = ipaddr.parse(trimmed);
      bits = addr.kind() === 'ipv4' ? 32 : 128;
    }
  } catch {
    throw new Error(`"${text}" is not a valid CIDR (expected e.g. 10.0.0.0/8 or 2001:db8::/32)`);
  }
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is treated as the IPv6 address it is.
  const family: IpFamily = addr.kind() === 'ipv4' ? 4 : 6;
  const width = family === 4 ? 32n : 128n;
  const value = bytesToBigint(addr.toByteArray());
  const hostBits = width - BigInt(bits);
  const mask = (1n << hostBits) - 1n;
  const lo = value & ~mask & maxOf(family);
  return { family, lo, hi: lo | mask };
}

/** Parses an address (no prefix) to an integer, or undefined when it is not an IP. */
export function parseIp(text: string): { family: IpFamily; value: bigint } | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  const addr = ipaddr.parse(text);
  return { family: addr.kind() === 'ipv4' ? 4 : 6, value: bytesToBigint(addr.toByteArray()) };
}

/** Dotted / colon text of an address integer. */
export function formatIp(family: IpFamily, value: bigint): string {
  const count = family === 4 ? 4 : 16;
  const bytes: number[] = new Array<number>(count);
  let v = value;
  for (let i = count - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return family === 4 ? bytes.join('.') : ipaddr.fromByteArray(bytes).toString();
}

/** `lo-hi` as netpol-analyzer prints external ranges, e.g. `0.0.0.0-9.255.255.255`. */
export function formatRange(range: IpRange): string {
  return `${formatIp(range.family, range.lo)}-${formatIp(range.family, range.hi)}`;
}

/** A set of addresses: sorted, disjoint, non-adjacent ranges (IPv4 ranges before IPv6). */
export class IpSet {
  static readonly empty = new IpSet([]);

  private constructor(readonly ranges: readonly IpRange[]) {}

  static of(ranges: readonly IpRange[]): IpSet {
    const sorted = [...ranges].sort((a, b) => a.family - b.family || (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
    const out: IpRange[] = [];
    for (const r of sorted) {
      const last = out[out.length - 1];
      if (last && last.family === r.family && r.lo <= last.hi + 1n) {
        if (r.hi > last.hi) out[out.length - 1] = { ...last, hi: r.hi };
      } else out.push({ ...r });
    }
    return out.length === 0 ? IpSet.empty : new IpSet(out);
  }

  /** An `ipBlock`: the `cidr` minus every `except` entry. */
  static fromIpBlock(cidr: string, except: readonly string[] = []): IpSet {
    return IpSet.of([parseCidr(cidr)]).subtract(IpSet.of(except.map(parseCidr)));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  union(other: IpSet): IpSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return IpSet.of([...this.ranges, ...other.ranges]);
  }

  subtract(other: IpSet): IpSet {
    if (other.isEmpty || this.isEmpty) return this;
    const out: IpRange[] = [];
    for (const r of this.ranges) {
      let lo = r.lo;
      for (const o of other.ranges) {
        if (o.family !== r.family || o.hi < lo || o.lo > r.hi) continue;
        if (o.lo > lo) out.push({ family: r.family, lo, hi: o.lo - 1n });
        lo = o.hi + 1n;
        if (lo > r.hi) break;
      }
      if (lo <= r.hi) out.push({ family: r.family, lo, hi: r.hi });
    }
    return IpSet.of(out);
  }

  intersect(other: IpSet): IpSet {
    const out: IpRange[] = [];
    for (const a of this.ranges) {
      for (const b of other.ranges) {
        if (a.family !== b.family) continue;
        const lo = a.lo > b.lo ? a.lo : b.lo;
        const hi = a.hi < b.hi ? a.hi : b.hi;
        if (lo <= hi) out.push({ family: a.family, lo, hi });
      }
    }
    return IpSet.of(out);
  }

  contains(family: IpFamily, value: bigint): boolean {
    for (const r of this.ranges) if (r.family === family && value >= r.lo && value <= r.hi) return true;
    return false;
  }

  /** True when the whole range lies inside this set. */
  covers(range: IpRange): boolean {
    for (const r of this.ranges) if (r.family === range.family && range.lo >= r.lo && range.hi <= r.hi) return true;
    return false;
  }

  toString(): string {
    return this.ranges.map(formatRange).join(',');
  }
}

/**
 * Cuts the address space of the given families into disjoint blocks at every boundary of `sets`, so that each
 * block lies either wholly inside or wholly outside every set. Blocks come back sorted.
 */
export function splitAddressSpace(sets: readonly IpSet[], families: readonly IpFamily[]): IpRange[] {
  const blocks: IpRange[] = [];
  for (const family of families) {
    const cuts = new Set<bigint>([0n]);
    const max = maxOf(family);
    for (const set of sets) {
      for (const r of set.ranges) {
        if (r.family !== family) continue;
        cuts.add(r.lo);
        if (r.hi < max) cuts.add(r.hi + 1n);
      }
    }
    const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    starts.forEach((lo, i) => blocks.push({ family, lo, hi: i + 1 < starts.length ? starts[i + 1]! - 1n : max }));
  }
  return blocks;
}
