import { ConnSet } from './conn-set.js';
import { peerKey, type Connection } from './connectivity.js';
import { formatRange, type IpRange } from './ip-range.js';

/** One difference between two connectivity results, keyed by `src` and `dst` peer keys. */
export interface ConnectionChange {
  change: 'added' | 'removed' | 'changed';
  src: string;
  dst: string;
  before: ConnSet;
  after: ConnSet;
}

interface ExternalSide {
  workload: string;
  direction: 'in' | 'out';
  items: { range: IpRange; conns: ConnSet }[];
}

/**
 * Connections added, removed or changed between two connectivity results (e.g. two snapshots, or before/after a
 * policy change). External ranges are compared address by address, so different splits of the space do not show as changes.
 */
export function diffConnectivity(before: Connection[], after: Connection[]): ConnectionChange[] {
  const changes: ConnectionChange[] = [];
  const pairsA = new Map<string, { src: string; dst: string; conns: ConnSet }>();
  const pairsB = new Map<string, { src: string; dst: string; conns: ConnSet }>();
  const extA = new Map<string, ExternalSide>();
  const extB = new Map<string, ExternalSide>();
  const split = (list: Connection[], pairs: typeof pairsA, ext: typeof extA): void => {
    for (const c of list) {
      if (c.src.type !== 'external' && c.dst.type !== 'external') pairs.set(`${peerKey(c.src)}\u0000${peerKey(c.dst)}`, { src: peerKey(c.src), dst: peerKey(c.dst), conns: c.conns });
      else {
        const inbound = c.src.type === 'external';
        const workload = peerKey(inbound ? c.dst : c.src);
        const range = inbound ? (c.src as { range: IpRange }).range : (c.dst as { range: IpRange }).range;
        const key = `${workload}\u0000${inbound ? 'in' : 'out'}`;
        const side = ext.get(key) ?? { workload, direction: inbound ? 'in' : 'out', items: [] };
        side.items.push({ range, conns: c.conns });
        ext.set(key, side);
      }
    }
  };
  split(before, pairsA, extA);
  split(after, pairsB, extB);
  for (const [key, a] of pairsA) {
    const b = pairsB.get(key);
    const afterConns = b?.conns ?? ConnSet.none;
    if (!a.conns.equals(afterConns)) changes.push({ change: afterConns.isEmpty ? 'removed' : 'changed', src: a.src, dst: a.dst, before: a.conns, after: afterConns });
  }
  for (const [key, b] of pairsB) if (!pairsA.has(key) && !b.conns.isEmpty) changes.push({ change: 'added', src: b.src, dst: b.dst, before: ConnSet.none, after: b.conns });

  for (const key of new Set([...extA.keys(), ...extB.keys()])) {
    const a = extA.get(key);
    const b = extB.get(key);
    const side = (a ?? b)!;
    const cuts = new Set<string>();
    const points: { family: 4 | 6; at: bigint }[] = [];
    for (const item of [...(a?.items ?? []), ...(b?.items ?? [])]) {
      for (const at of [item.range.lo, item.range.hi + 1n]) {
        const k = `${item.range.family}:${at}`;
        if (!cuts.has(k)) {
          cuts.add(k);
          points.push({ family: item.range.family, at });
        }
      }
    }
    points.sort((x, y) => x.family - y.family || (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    const lookup = (items: ExternalSide['items'] | undefined, family: 4 | 6, at: bigint): ConnSet =>
      items?.find((i) => i.range.family === family && at >= i.range.lo && at <= i.range.hi)?.conns ?? ConnSet.none;
    let pending: { range: IpRange; before: ConnSet; after: ConnSet } | undefined;
    const flush = (): void => {
      if (!pending || pending.before.equals(pending.after)) return;
      const ext = `${formatRange(pending.range)}[External]`;
      const change = pending.before.isEmpty ? 'added' : pending.after.isEmpty ? 'removed' : 'changed';
      changes.push({ change, src: side.direction === 'in' ? ext : side.workload, dst: side.direction === 'in' ? side.workload : ext, before: pending.before, after: pending.after });
    };
    for (let i = 0; i + 1 < points.length; i++) {
      const p = points[i]!;
      const q = points[i + 1]!;
      if (q.family !== p.family) continue;
      const range: IpRange = { family: p.family, lo: p.at, hi: q.at - 1n };
      const beforeC = lookup(a?.items, p.family, p.at);
      const afterC = lookup(b?.items, p.family, p.at);
      if (pending && pending.range.family === range.family && pending.range.hi + 1n === range.lo && pending.before.equals(beforeC) && pending.after.equals(afterC)) {
        pending.range = { ...pending.range, hi: range.hi };
      } else {
        flush();
        pending = { range, before: beforeC, after: afterC };
      }
    }
    flush();
  }
  return changes.sort((x, y) => (x.src < y.src ? -1 : x.src > y.src ? 1 : x.dst < y.dst ? -1 : x.dst > y.dst ? 1 : 0));
}

/** `+ src => dst : conns` / `- …` / `~ src => dst : before -> after`, one line per change. */
export function formatDiff(changes: ConnectionChange[]): string {
  return changes
    .map((c) =>
      c.change === 'added'
        ? `+ ${c.src} => ${c.dst} : ${c.after.toString()}`
        : c.change === 'removed'
          ? `- ${c.src} => ${c.dst} : ${c.before.toString()}`
          : `~ ${c.src} => ${c.dst} : ${c.before.toString()} -> ${c.after.toString()}`,
    )
    .join('\n');
}
